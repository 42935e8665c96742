"""Writing a comparison of frontier runs: tables and figures, all or nothing."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from paretoland.frontier.comparison import Comparison, attainment
from paretoland.io.folders import output_folder
from paretoland.reporting.figures.frontier import STANDARD_VIEWS
from paretoland.reporting.figures.quality import anytime_curves, attainment_surfaces
from paretoland.reporting.figures.save import save_figure

__all__ = ["write_comparison"]


def write_comparison(
    comparison: Comparison, out_dir: str | Path, *, overwrite: bool = False
) -> list[Path]:
    """Write a comparison's tables and figures to ``out_dir`` and return the files.

    ``comparison.csv`` (final indicators per run), ``summary.csv`` (median and IQR per
    group of five or more seeds), ``anytime.csv``, ``reference_front.csv``,
    ``attainment_<x>_<y>.csv`` and the figures ``anytime_evaluations``,
    ``anytime_seconds`` and ``attainment_<x>_<y>`` (PNG, SVG, PDF), for every 2-D
    projection of the objectives (six for four objectives; the standard views first).

    Parameters
    ----------
    comparison : Comparison
    out_dir : str or Path
        A new folder, or a comparison written before (replaced with ``overwrite``).
    overwrite : bool
        Replace a comparison folder (files the user added there are kept).
    """
    names = list(comparison.reference.objectives.columns)
    views = _projections(names)
    with output_folder(out_dir, "comparison", overwrite=overwrite) as staging:
        comparison.table.to_csv(staging / "comparison.csv", index=False, float_format="%.10g")
        comparison.summary.to_csv(staging / "summary.csv", float_format="%.10g")
        comparison.anytime.to_csv(staging / "anytime.csv", index=False, float_format="%.10g")
        comparison.reference.objectives.to_csv(staging / "reference_front.csv", index=False)
        for x in ("n_evaluations", "seconds"):
            name = "anytime_evaluations" if x == "n_evaluations" else "anytime_seconds"
            save_figure(anytime_curves(comparison, x=x), staging / name, data=False)
        for x, y in views:
            attainment(comparison, x, y).to_csv(staging / f"attainment_{x}_{y}.csv", index=False)
            save_figure(
                attainment_surfaces(comparison, x, y), staging / f"attainment_{x}_{y}", data=False
            )
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    return [Path(out_dir) / p for p in written]


def _projections(names: list[str]) -> list[tuple[str, str]]:
    """Every 2-D projection of the objectives, the standard views first."""
    standard = [view for view in STANDARD_VIEWS if set(view) <= set(names)]
    return standard + [pair for pair in combinations(names, 2) if pair not in standard]
