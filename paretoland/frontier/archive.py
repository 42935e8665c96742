"""The archive of non-dominated feasible candidates, and its normalised hypervolume."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pymoo.indicators.hv import HV
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

__all__ = ["ParetoArchive", "dominated_by", "epsilon_distance", "minimisation_form"]


def minimisation_form(objectives: np.ndarray, senses: np.ndarray) -> np.ndarray:
    """Return ``senses · objectives`` (``senses``: +1 minimised, −1 maximised)."""
    return np.asarray(objectives, dtype=np.float64) * senses


def dominated_by(front: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Boolean mask of rows of ``front`` that Pareto-dominate ``point`` (minimisation form)."""
    front = np.atleast_2d(front)
    return np.all(front <= point, axis=1) & np.any(front < point, axis=1)


def epsilon_distance(front: np.ndarray, point: np.ndarray) -> float:
    """Additive ε of ``point`` against ``front`` (minimisation form): ``min_p max_k (p_k − x_k)``.

    Negative: some front point is better than ``point`` by at least ``−ε`` in every
    objective (the point lies that far inside the frontier). Positive: no front point
    comes within ``ε`` of it in every objective. NaN for an empty front.
    """
    front = np.atleast_2d(front)
    if front.size == 0:
        return float("nan")
    return float(np.min(np.max(front - point, axis=1)))


@dataclass
class ParetoArchive:
    """Non-dominated feasible candidates seen so far.

    Attributes
    ----------
    levers : ndarray, shape (k, n_levers)
    objectives : ndarray, shape (k, m)
        Own sense and units.
    senses : ndarray, shape (m,)
        +1 minimised, −1 maximised.
    columns : ndarray of int
        The objectives that define dominance (the optimised ones).
    """

    senses: np.ndarray
    columns: np.ndarray
    n_levers: int
    levers: np.ndarray = field(init=False)
    objectives: np.ndarray = field(init=False)
    _minimised: np.ndarray | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.levers = np.empty((0, self.n_levers))
        self.objectives = np.empty((0, len(self.senses)))

    def __len__(self) -> int:
        return len(self.levers)

    def minimised(self) -> np.ndarray:
        """Return the dominance-defining objectives in minimisation form, (k, len(columns))."""
        if self._minimised is None or len(self._minimised) != len(self.levers):
            self._minimised = minimisation_form(self.objectives, self.senses)[:, self.columns]
        return self._minimised

    def update(
        self, levers: np.ndarray, objectives: np.ndarray, feasible: np.ndarray
    ) -> np.ndarray:
        """Add the feasible rows of a batch and keep the non-dominated set.

        Incremental: the batch's own non-dominated rows are compared with the archive
        (O(archive × batch)), never the whole archive with itself. A row equal to an
        archive member (objectives rounded to 12 decimals) keeps the archive's, and
        within a batch the first occurrence wins; the archive keeps its order and
        appends the new rows in batch order.

        Parameters
        ----------
        levers : ndarray, shape (k, n_levers)
        objectives : ndarray, shape (k, m)
            Own sense.
        feasible : ndarray of bool, shape (k,)

        Returns
        -------
        ndarray of int
            The rows of the batch that entered the archive, in order. Updating another
            archive in the same state with only those rows gives the same archive
            (what a checkpoint replays).
        """
        rows = np.flatnonzero(feasible)
        if rows.size == 0:
            return rows
        minimised = minimisation_form(objectives[rows], self.senses)[:, self.columns]
        local = np.sort(NonDominatedSorting().do(minimised, only_non_dominated_front=True))
        _, first = np.unique(minimised[local].round(12), axis=0, return_index=True)
        local = local[np.sort(first)]
        rows, minimised = rows[local], minimised[local]
        current = self.minimised()
        if len(current):
            covered = _covered(current, minimised)
            rows, minimised = rows[~covered], minimised[~covered]
            beaten = _beaten(current, minimised)
            self.levers, self.objectives = self.levers[~beaten], self.objectives[~beaten]
            current = current[~beaten]
        self.levers = np.concatenate([self.levers, levers[rows]])
        self.objectives = np.concatenate([self.objectives, objectives[rows]])
        self._minimised = np.concatenate([current, minimised])
        return rows

    def hypervolume(self, reference: np.ndarray, scale: np.ndarray) -> float:
        """Return the normalised hypervolume of the archive.

        In minimisation form, each objective is shifted by its reference point and
        divided by its scale (both in own-sense units, for all objectives), and measured
        against the origin. Points that do not strictly beat the reference in every
        optimised objective add nothing.
        """
        if len(self) == 0:
            return 0.0
        shifted = (self.objectives - reference) * self.senses / scale
        points = shifted[:, self.columns]
        points = points[np.all(points < 0, axis=1)]
        if len(points) == 0:
            return 0.0
        return float(HV(ref_point=np.zeros(len(self.columns)))(points))


def _covered(archive: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which ``points`` an archive row dominates or equals (rounded to 12 decimals).

    Parameters
    ----------
    archive : ndarray, shape (a, c)
        Minimisation form.
    points : ndarray, shape (b, c)

    Returns
    -------
    ndarray of bool, shape (b,)
    """
    columns = np.asfortranarray(archive)
    rounded = np.asfortranarray(archive.round(12))
    out = np.zeros(len(points), dtype=bool)
    for i, (point, point_rounded) in enumerate(zip(points, points.round(12), strict=True)):
        no_worse = np.ones(len(archive), dtype=bool)
        better = np.zeros(len(archive), dtype=bool)
        equal = np.ones(len(archive), dtype=bool)
        for k, value in enumerate(point):
            no_worse &= columns[:, k] <= value
            better |= columns[:, k] < value
            equal &= rounded[:, k] == point_rounded[k]
        out[i] = bool(np.any(no_worse & better) or np.any(equal))
    return out


def _beaten(archive: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which archive rows one of ``points`` dominates (minimisation form).

    Parameters
    ----------
    archive : ndarray, shape (a, c)
    points : ndarray, shape (b, c)

    Returns
    -------
    ndarray of bool, shape (a,)
    """
    columns = np.asfortranarray(archive)
    out = np.zeros(len(archive), dtype=bool)
    for point in points:
        no_better = np.ones(len(archive), dtype=bool)
        worse = np.zeros(len(archive), dtype=bool)
        for k, value in enumerate(point):
            no_better &= columns[:, k] >= value
            worse |= columns[:, k] > value
        out |= no_better & worse
    return out
