"""How the frontier moves with the use of land revenue and quota receipts (docs/model.md §7).

:func:`compare_revenue_use` runs one config under several revenue-use presets
(:data:`paretoland.model.params.REVENUE_USE_PRESETS`: the paper, earmarked receipts, seed
003's spending split) and tabulates each frontier: its size, hypervolume and the best
value of every objective.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from paretoland.frontier.config import RunConfig, load_config
from paretoland.frontier.run import run_frontier
from paretoland.io.folders import output_folder
from paretoland.model.params import REVENUE_USE_PRESETS

__all__ = ["compare_revenue_use"]


def compare_revenue_use(
    config: RunConfig | str | Path | dict | None,
    out_root: str | Path,
    presets: Sequence[str] = tuple(REVENUE_USE_PRESETS),
    *,
    progress: bool = False,
    overwrite: bool = False,
) -> pd.DataFrame:
    """Run ``config`` under each revenue-use preset and compare the frontiers.

    Parameters
    ----------
    config : RunConfig, path, dict or None
        The run (None: the default problem).
    out_root : path
        Each preset's run goes to ``out_root/<preset>``.
    presets : sequence of str
        Keys of :data:`REVENUE_USE_PRESETS`.
    progress : bool
        Progress bars.
    overwrite : bool
        Replace a finished presets folder ``out_root`` (files the user added are kept).

    Returns
    -------
    DataFrame
        One row per preset: ``theta_receipts``, ``theta_revenue``, ``points``,
        ``hypervolume`` (final, normalised as in the config) and ``best_<objective>``
        for every objective (own sense).
    """
    config = config if isinstance(config, RunConfig) else load_config(config)
    with output_folder(out_root, "presets", overwrite=overwrite) as staging:
        rows = [_preset_row(config, preset, staging, progress) for preset in presets]
        table = pd.DataFrame(rows).set_index("preset")
        table.to_csv(staging / "presets.csv", float_format="%.6g")
    return table


def _preset_row(
    config: RunConfig, preset: str, folder: Path, progress: bool
) -> dict[str, float | str]:
    """Run ``config`` under one preset into ``folder/<preset>`` and summarise its frontier."""
    params = config.params.with_revenue_use(preset)
    run = config.replace(
        params={
            "receipts_to_infrastructure": params.receipts_to_infrastructure,
            "revenue_to_infrastructure": params.revenue_to_infrastructure,
        },
        run={"name": f"{config.run.name}-{preset}"},
    )
    result = run_frontier(run, folder / preset, progress=progress)
    senses = run.objective_senses
    objectives = result.objectives
    row: dict[str, float | str] = {
        "preset": preset,
        "theta_receipts": params.receipts_to_infrastructure,
        "theta_revenue": params.revenue_to_infrastructure,
        "points": len(result.pareto_set),
        "hypervolume": float(result.hypervolume["hypervolume"].iloc[-1]),
    }
    for name in objectives.columns:
        column = objectives[name]
        row[f"best_{name}"] = float(column.max() if senses[name] == "max" else column.min())
    return row
