"""``paretoland explore``: an interactive, self-contained HTML page of a frontier run.

:func:`write_explorer` writes one HTML file (plotly.js inlined, no server, works
offline) with

- the Pareto set in any 2-D or 3-D projection of the objectives, with the status quo,
  the paper's uniform rules, the single-objective optima and the chosen point marked;
- parallel coordinates with a brush on every objective, and the table of the points
  inside every brush (objectives and a summary of each allocation);
- the detail of a clicked point: its objectives with sense and unit, its map (GDP,
  welfare by city of origin or construction land, change by city) and its top sellers
  and buyers.

Every point is solved again to get its per-city values (checked against the objectives
the run recorded); they are stored for every point up to ``detail_points`` (default
5,000), else for a well-spread subset that keeps the marked points.
"""

from __future__ import annotations

from paretoland.reporting.explore.page import (
    DEFAULT_DETAIL_POINTS,
    explorer_payload,
    write_explorer,
)

__all__ = ["DEFAULT_DETAIL_POINTS", "explorer_payload", "write_explorer"]
