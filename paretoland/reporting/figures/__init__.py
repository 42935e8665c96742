"""Publication figures of frontier runs and allocations (matplotlib, Agg backend).

Every figure function returns a :class:`matplotlib.figure.Figure` made without pyplot
(rendered by Agg, never shown, no display needed, no global backend switch) that
carries ``fig.paretoland_data``, a DataFrame of exactly what is plotted; write both
with :func:`save_figure`. Each also takes ``ax=``: the caller's matplotlib Axes (or
the array of Axes of a several-panel figure) to draw into, e.g. in a notebook
(:mod:`.axes`). ``lang="zh"`` draws Chinese text when a CJK font is found
(:mod:`.fonts`), and falls back to English with a warning otherwise.

- :func:`frontier_2d`, :func:`frontier_views`, :func:`scatter_matrix`,
  :func:`parallel_coordinates`: the Pareto set of a
  :class:`~paretoland.frontier.results.FrontierResult`, with the status quo, the
  paper's uniform rules, the single-objective optima and a chosen compromise marked;
- :func:`province_flows`: land and money moved by one allocation, by province;
- :func:`city_map`: a choropleth of one value per prefecture, on the base map of
  :mod:`.basemap` (:func:`load_boundaries`, :func:`load_context_layers`: Taiwan, the
  South China Sea islands, the ten-dash line, borders; degrees and Albers km);
- :func:`ranked_bars`: the cities that gain and lose the most.
"""

from __future__ import annotations

from paretoland.reporting.figures.bars import ranked_bars
from paretoland.reporting.figures.basemap import MapLayer, load_context_layers
from paretoland.reporting.figures.flows import province_flows, province_totals
from paretoland.reporting.figures.fonts import CJKFontWarning, find_cjk_font
from paretoland.reporting.figures.frontier import (
    STANDARD_VIEWS,
    frontier_2d,
    frontier_views,
    nondominated_2d,
    parallel_coordinates,
    scatter_matrix,
)
from paretoland.reporting.figures.labels import LABELS
from paretoland.reporting.figures.maps import (
    Boundaries,
    city_map,
    land_change_pct,
    load_boundaries,
)
from paretoland.reporting.figures.markers import special_points
from paretoland.reporting.figures.save import figure_data, save_figure
from paretoland.reporting.figures.scales import colour_limits

__all__ = [
    "LABELS",
    "STANDARD_VIEWS",
    "Boundaries",
    "CJKFontWarning",
    "MapLayer",
    "city_map",
    "colour_limits",
    "figure_data",
    "find_cjk_font",
    "frontier_2d",
    "frontier_views",
    "land_change_pct",
    "load_boundaries",
    "load_context_layers",
    "nondominated_2d",
    "parallel_coordinates",
    "province_flows",
    "province_totals",
    "ranked_bars",
    "save_figure",
    "scatter_matrix",
    "special_points",
]
