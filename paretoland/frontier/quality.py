"""How good is a frontier? Hypervolume, IGD+ and the additive ε against a reference front.

The three standard indicators of multi-objective optimisation, computed by moocore on
the objectives in minimisation form (each objective in its own units, percentage
points for the outcomes):

- **hypervolume**: normalised as in the run's config (each objective shifted by its
  ``[hypervolume] reference`` and divided by its ``scale``; see
  :meth:`~paretoland.frontier.archive.ParetoArchive.hypervolume`); larger is better;
- **IGD+** (Ishibuchi et al., 2015): the mean distance from each reference point to
  the front, counting only the directions in which the front is worse; 0 when the
  front weakly dominates the reference; smaller is better;
- **additive ε** (Zitzler et al., 2003): the smallest ε such that every reference point
  is weakly dominated by a front point moved by ε in every objective; ≤ 0 when the
  front weakly dominates the whole reference; smaller is better.

The reference front is the best known: the non-dominated union of the runs a user
names (:func:`reference_front`). :func:`anytime` measures a run after every
generation, rebuilding its archive from ``archive_history.parquet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import moocore
import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.results import FrontierResult

__all__ = [
    "INDICATORS",
    "Front",
    "anytime",
    "archive_at",
    "indicators",
    "reference_front",
    "seed_cost",
    "write_quality",
]

INDICATORS = ("hypervolume", "igd_plus", "epsilon")
"""The indicators, in column order; only the hypervolume is maximised."""


@dataclass(frozen=True)
class Front:
    """Objective vectors in their own sense, with what they need to be compared.

    Attributes
    ----------
    objectives : DataFrame, shape (k, m)
        One row per point, one column per objective (own sense and units).
    senses : dict of str to str
        ``"max"`` or ``"min"`` per objective.
    hv_reference, hv_scale : dict of str to float
        The hypervolume's reference point and scales (own-sense units).
    """

    objectives: pd.DataFrame
    senses: dict[str, str]
    hv_reference: dict[str, float]
    hv_scale: dict[str, float]

    @classmethod
    def of(cls, result: FrontierResult, objectives: pd.DataFrame | None = None) -> Front:
        """Return the front of ``result`` (or ``objectives`` with ``result``'s settings)."""
        config = result.config
        names = list(result.objective_names)
        return cls(
            objectives=(result.objectives if objectives is None else objectives)[names],
            senses={n: config.objective_senses[n] for n in names},
            hv_reference=config.hv_reference,
            hv_scale=config.hv_scale,
        )

    @property
    def signs(self) -> np.ndarray:
        """+1 for minimised and −1 for maximised objectives, shape (m,)."""
        return np.array([1.0 if self.senses[n] == "min" else -1.0 for n in self.objectives])

    def minimised(self) -> np.ndarray:
        """Return the objectives in minimisation form, shape (k, m)."""
        return self.objectives.to_numpy(np.float64) * self.signs


def _comparable(fronts: Sequence[Front]) -> None:
    first = fronts[0]
    for front in fronts[1:]:
        if list(front.objectives.columns) != list(first.objectives.columns) or (
            front.senses != first.senses
        ):
            raise ConfigError(
                "runs can only be compared on the same objectives with the same senses: "
                f"{list(first.objectives.columns)} vs {list(front.objectives.columns)}."
            )


def reference_front(results: Sequence[FrontierResult]) -> Front:
    """Return the non-dominated union of the runs' Pareto sets (the best-known front).

    Raises
    ------
    ConfigError
        If the runs differ in objectives or senses, or none has a point.
    """
    if not results:
        raise ConfigError("name at least one run for the reference front.")
    fronts = [Front.of(result) for result in results]
    _comparable(fronts)
    union = pd.concat([f.objectives for f in fronts], ignore_index=True)
    if union.empty:
        raise ConfigError("the reference runs have no Pareto point between them.")
    minimised = union.to_numpy(np.float64) * fronts[0].signs
    keep = moocore.is_nondominated(minimised)
    _, first = np.unique(minimised[keep].round(12), axis=0, return_index=True)
    rows = np.flatnonzero(keep)[np.sort(first)]
    return Front(union.iloc[rows].reset_index(drop=True), *_settings(fronts[0]))


def _settings(front: Front) -> tuple[dict[str, str], dict[str, float], dict[str, float]]:
    return front.senses, front.hv_reference, front.hv_scale


def indicators(front: Front, reference: Front | None) -> dict[str, float]:
    """Return the hypervolume, IGD+ and additive ε of ``front`` against ``reference``.

    Parameters
    ----------
    front : Front
        The front measured.
    reference : Front or None
        The best-known front; without one only the hypervolume is computed (the
        others are NaN).

    Returns
    -------
    dict of str to float
        ``hypervolume`` (normalised), ``igd_plus`` and ``epsilon`` (pp); NaN for an
        empty front.
    """
    values = {name: float("nan") for name in INDICATORS}
    names = list(front.objectives.columns)
    archive = ParetoArchive(front.signs, np.arange(len(names)), 0)
    archive.objectives = front.objectives.to_numpy(np.float64)
    archive.levers = np.empty((len(archive.objectives), 0))
    reference_point = np.array([front.hv_reference[n] for n in names])
    scale = np.array([front.hv_scale[n] for n in names])
    values["hypervolume"] = archive.hypervolume(reference_point, scale)
    if reference is None or len(front.objectives) == 0:
        return values
    _comparable([front, reference])
    points, best = front.minimised(), reference.minimised()
    values["igd_plus"] = float(moocore.igd_plus(points, ref=best))
    values["epsilon"] = float(moocore.epsilon_additive(points, ref=best))
    return values


def archive_at(history: pd.DataFrame, front: Front, generations: Sequence[int]) -> list[np.ndarray]:
    """Rebuild a run's archive (objectives, own sense) after each of ``generations``.

    Parameters
    ----------
    history : DataFrame
        ``archive_history.parquet``: ``generation`` and the objectives of every row
        that entered the archive.
    front : Front
        Senses of the objectives (its points are not used).
    generations : sequence of int
        Increasing generation numbers.

    Returns
    -------
    list of ndarray, shape (k_g, m)
    """
    names = list(front.objectives.columns)
    archive = ParetoArchive(front.signs, np.arange(len(names)), 0)
    grouped = dict(tuple(history.groupby("generation", sort=True)))
    out, done = [], 0
    for generation in generations:
        for g in range(done + 1, generation + 1):
            part = grouped.get(g)
            if part is not None:
                values = part[names].to_numpy(np.float64)
                archive.update(np.empty((len(values), 0)), values, np.ones(len(values), bool))
        done = generation
        out.append(archive.objectives.copy())
    return out


def seed_cost(result: FrontierResult) -> tuple[int, float]:
    """Return the evaluations and seconds of the run that seeded ``result`` (0, 0 if none).

    A hybrid seeded by a finished parametric run (``seed_run``) starts from that run's
    frontier; its anytime curves and totals count the seed run's cost first, so that
    it is compared with other searches on what it really took.
    """
    seed = result.metadata.get("seed_run") or {}
    return int(seed.get("n_evaluations", 0)), float(seed.get("seconds", 0.0))


def anytime(result: FrontierResult, reference: Front | None, *, points: int = 50) -> pd.DataFrame:
    """Measure a run's archive as it grew: indicators against evaluations and seconds.

    Evaluations and seconds include those of a seed run (:func:`seed_cost`).

    Parameters
    ----------
    result : FrontierResult
        A finished run with ``archive_history.parquet``.
    reference : Front or None
        The best-known front.
    points : int
        Generations measured, spread evenly (the last always included).

    Returns
    -------
    DataFrame
        ``generation``, ``n_evaluations``, ``seconds`` and the :data:`INDICATORS`.

    Raises
    ------
    ConfigError
        If the run has no archive history (a run written before it existed).
    """
    path = None if result.path is None else Path(result.path) / "archive_history.parquet"
    if path is None or not path.exists():
        raise ConfigError(
            f"{result.path} has no archive_history.parquet (a run made before paretoland "
            "kept it); run it again to measure it as it grew."
        )
    history = pd.read_parquet(path)
    log = result.hypervolume
    total = int(log["generation"].max()) if len(log) else 0
    generations = sorted({int(g) for g in np.linspace(1, total, min(points, total))} | {total})
    seconds = result.metadata.get("generation_seconds") or [float("nan")] * total
    front = Front.of(result)
    seed_evaluations, seed_seconds = seed_cost(result)
    rows = []
    for generation, objectives in zip(
        generations, archive_at(history, front, generations), strict=True
    ):
        frame = pd.DataFrame(objectives, columns=front.objectives.columns)
        row = {
            "generation": generation,
            "n_evaluations": seed_evaluations
            + int(log.loc[log["generation"] == generation, "n_evaluations"].iloc[0]),
            "seconds": seed_seconds
            + (float(seconds[generation - 1]) if generation <= len(seconds) else np.nan),
        }
        rows.append({**row, **indicators(Front.of(result, frame), reference)})
    return pd.DataFrame(rows)


def write_quality(
    result: FrontierResult, reference: Sequence[FrontierResult], folder: Path
) -> dict:
    """Measure a finished run and write ``quality.json`` and ``quality.csv`` into ``folder``.

    Parameters
    ----------
    result : FrontierResult
        The run (loaded from ``folder``).
    reference : sequence of FrontierResult
        Runs whose union with this one is the best-known front; without any, only the
        hypervolume is measured.
    folder : Path
        The run's (partial) folder.

    Returns
    -------
    dict
        What ``quality.json`` holds: the final indicators, the reference runs and the
        size of the reference front.
    """
    import json

    best = reference_front([*reference, result]) if reference else None
    measured = indicators(Front.of(result), best)
    record = {  # an indicator without a reference front is null (strict JSON)
        "indicators": {k: (v if np.isfinite(v) else None) for k, v in measured.items()},
        "reference_runs": [str(r.path) for r in reference],
        "reference_points": 0 if best is None else len(best.objectives),
        "note": "hypervolume normalised as in [hypervolume]; IGD+ and additive epsilon in "
        "percentage points against the non-dominated union of this run and the reference runs",
    }
    text = json.dumps(record, indent=2, allow_nan=False)
    (folder / "quality.json").write_text(text + "\n", encoding="utf-8")
    anytime(result, best).to_csv(folder / "quality.csv", index=False, float_format="%.10g")
    return record
