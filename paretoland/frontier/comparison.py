"""Comparing frontier runs: final indicators, anytime curves, seeds' median and spread.

:func:`compare_runs` measures each run against one best-known reference front (the
non-dominated union of the compared runs and any named reference runs) with the
indicators of :mod:`~paretoland.frontier.quality`. Runs that differ only in their seed
(and workers) form a group; a group of five or more seeds is summarised by the median
and interquartile range of each indicator, and by the empirical attainment surfaces of
its 2-D projections (:func:`attainment`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import moocore
import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError
from paretoland.frontier.quality import (
    INDICATORS,
    Front,
    anytime,
    indicators,
    reference_front,
    seed_cost,
)
from paretoland.frontier.results import FrontierResult, load_run

__all__ = ["MIN_SEEDS", "Comparison", "attainment", "compare_runs"]

MIN_SEEDS = 5
"""Seeds a group needs for medians, interquartile ranges and attainment surfaces."""
_SEED_FREE = {"name", "seed", "n_jobs", "backend", "scheduler", "checkpoint"}


def _group_key(result: FrontierResult) -> str:
    config = result.config.to_dict()
    config["run"] = {k: v for k, v in config["run"].items() if k not in _SEED_FREE}
    return repr(config)


def _label(result: FrontierResult) -> str:
    config = result.config
    return f"{config.algorithm.name} · {config.rule.family}"


@dataclass(frozen=True)
class Comparison:
    """Runs measured against one reference front.

    Attributes
    ----------
    table : DataFrame
        One row per run: ``run``, ``group``, ``seed``, ``points``, ``n_evaluations``,
        ``seconds`` and the final :data:`~.quality.INDICATORS`.
    summary : DataFrame
        Per group of at least :data:`MIN_SEEDS` seeds: runs, and the median, first and
        third quartile of each indicator (empty without such a group).
    anytime : DataFrame
        Per run and measured generation: ``run``, ``group``, ``generation``,
        ``n_evaluations``, ``seconds`` and the indicators.
    reference : Front
        The best-known front they were measured against.
    runs : list of FrontierResult
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    anytime: pd.DataFrame
    reference: Front
    runs: list[FrontierResult]

    def to_console(self) -> str:
        """Return the tables as text."""
        lines = [
            f"Reference front: {len(self.reference.objectives)} points, the non-dominated "
            "union of the runs below and any --reference runs.",
            "Hypervolume: larger is better; IGD+ and additive ε (pp): smaller is better, "
            "ε ≤ 0 means the run weakly dominates the whole reference.",
            "",
            self.table.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
        ]
        if len(self.summary):
            lines += ["", f"Groups of {MIN_SEEDS} or more seeds (median [Q1, Q3]):"]
            lines.append(self.summary.to_string(float_format=lambda v: f"{v:.4g}"))
        return "\n".join(lines)


def compare_runs(
    runs: Sequence[FrontierResult | str | Path],
    reference: Sequence[FrontierResult | str | Path] = (),
    *,
    points: int = 50,
) -> Comparison:
    """Measure ``runs`` against the best-known front of ``runs`` and ``reference``.

    Parameters
    ----------
    runs : sequence of FrontierResult or run folders
        The runs compared (same objectives and senses).
    reference : sequence of FrontierResult or run folders
        Further runs whose points join the reference front only.
    points : int
        Generations measured per run for the anytime curves.

    Returns
    -------
    Comparison
    """
    results = [r if isinstance(r, FrontierResult) else load_run(r) for r in runs]
    extra = [r if isinstance(r, FrontierResult) else load_run(r) for r in reference]
    if not results:
        raise ConfigError("name at least one run to compare.")
    best = reference_front(results + extra)
    keys = {key: i for i, key in enumerate(dict.fromkeys(_group_key(r) for r in results))}
    rows, curves = [], []
    for result in results:
        group = f"{keys[_group_key(result)] + 1}: {_label(result)}"
        name = str(result.path) if result.path is not None else result.config.run.name
        seconds = result.metadata.get("generation_seconds") or [np.nan]
        seed_evaluations, seed_seconds = seed_cost(result)  # a seed run's cost counts too
        rows.append(
            {
                "run": name,
                "group": group,
                "seed": result.config.run.seed,
                "points": len(result.pareto_set),
                "n_evaluations": seed_evaluations + result.metadata.get("n_evaluations", np.nan),
                "seconds": seed_seconds + seconds[-1],
                **indicators(Front.of(result), best),
            }
        )
        curve = anytime(result, best, points=points)
        curves.append(curve.assign(run=name, group=group))
    table = pd.DataFrame(rows)
    frame = pd.concat(curves, ignore_index=True)
    columns = ["run", "group", *[c for c in frame.columns if c not in ("run", "group")]]
    return Comparison(table, _summary(table), frame[columns], best, results)


def _summary(table: pd.DataFrame) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    for group, runs in table.groupby("group", sort=False):
        if len(runs) < MIN_SEEDS:
            continue
        record: dict[str, Any] = {"group": group, "runs": len(runs)}
        for name in INDICATORS:
            q1, median, q3 = np.nanquantile(runs[name], [0.25, 0.5, 0.75])
            record.update({f"{name}_median": median, f"{name}_q1": q1, f"{name}_q3": q3})
        records.append(record)
    return pd.DataFrame.from_records(records).set_index("group") if records else pd.DataFrame()


def attainment(
    comparison: Comparison, x: str, y: str, *, percentiles: Sequence[float] = (0, 50, 100)
) -> pd.DataFrame:
    """Return the empirical attainment surfaces of each group's runs in the (x, y) plane.

    Each run's Pareto set is projected onto the two objectives; the k %-attainment
    surface bounds the region attained by at least k % of the group's runs (0: the
    best any run reached; 50: the median; 100: what every run reached). Computed by
    moocore in minimisation form and returned in the objectives' own senses.

    Returns
    -------
    DataFrame
        ``group``, ``percentile``, ``x``, ``y``: the surfaces' points, sorted by x.
    """
    signs = Front.of(comparison.runs[0]).signs
    names = list(comparison.reference.objectives.columns)
    sign = np.array([signs[names.index(x)], signs[names.index(y)]])
    records = []
    for group, rows in comparison.table.groupby("group", sort=False):
        sets, points = [], []
        for i, run in enumerate(rows.index):
            values = comparison.runs[run].objectives[[x, y]].to_numpy(np.float64) * sign
            values = values[moocore.is_nondominated(values)] if len(values) else values
            points.append(values)
            sets.append(np.full(len(values), i + 1))
        if not any(len(p) for p in points):
            continue
        surfaces = moocore.eaf(np.vstack(points), np.concatenate(sets), percentiles=percentiles)
        for px, py, level in surfaces:
            records.append(
                {"group": group, "percentile": level, "x": px * sign[0], "y": py * sign[1]}
            )
    frame = pd.DataFrame.from_records(records, columns=["group", "percentile", "x", "y"])
    return frame.sort_values(["group", "percentile", "x"], ignore_index=True)
