"""How the frontier moves with the use of land revenue and quota receipts (model.md §7).

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
from paretoland.model.params import REVENUE_USE_PRESETS

__all__ = ["compare_revenue_use"]


def compare_revenue_use(
    config: RunConfig | str | Path | dict | None,
    out_root: str | Path,
    presets: Sequence[str] = tuple(REVENUE_USE_PRESETS),
    *,
    progress: bool = False,
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

    Returns
    -------
    DataFrame
        One row per preset: ``theta_receipts``, ``theta_revenue``, ``points``,
        ``hypervolume`` (final, normalised as in the config) and ``best_<objective>``
        for every objective (own sense).
    """
    config = config if isinstance(config, RunConfig) else load_config(config)
    rows = []
    for preset in presets:
        params = config.params.with_revenue_use(preset)
        run = config.replace(
            params={
                "receipts_to_infrastructure": params.receipts_to_infrastructure,
                "revenue_to_infrastructure": params.revenue_to_infrastructure,
            },
            run={"name": f"{config.run.name}-{preset}"},
        )
        result = run_frontier(run, Path(out_root) / preset, progress=progress)
        senses = run.objective_senses
        objectives = result.objectives
        row = {
            "preset": preset,
            "theta_receipts": params.receipts_to_infrastructure,
            "theta_revenue": params.revenue_to_infrastructure,
            "points": len(result.pareto_set),
            "hypervolume": float(result.hypervolume["hypervolume"].iloc[-1]),
        }
        for name in objectives.columns:
            column = objectives[name]
            row[f"best_{name}"] = float(column.max() if senses[name] == "max" else column.min())
        rows.append(row)
    return pd.DataFrame(rows).set_index("preset")
