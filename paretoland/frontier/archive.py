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

    def __post_init__(self) -> None:
        self.levers = np.empty((0, self.n_levers))
        self.objectives = np.empty((0, len(self.senses)))

    def __len__(self) -> int:
        return len(self.levers)

    def minimised(self) -> np.ndarray:
        """Return the dominance-defining objectives in minimisation form, (k, len(columns))."""
        return minimisation_form(self.objectives, self.senses)[:, self.columns]

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
            covered = _weakly_dominated(current, minimised, exact_rounding=True)
            rows, minimised = rows[~covered], minimised[~covered]
            beaten = _weakly_dominated(minimised, current, exact_rounding=False)
            self.levers, self.objectives = self.levers[~beaten], self.objectives[~beaten]
        self.levers = np.concatenate([self.levers, levers[rows]])
        self.objectives = np.concatenate([self.objectives, objectives[rows]])
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


def _weakly_dominated(by: np.ndarray, points: np.ndarray, *, exact_rounding: bool) -> np.ndarray:
    """Which ``points`` some row of ``by`` dominates (minimisation form).

    With ``exact_rounding`` a point equal to a row of ``by`` after rounding to 12
    decimals counts as covered too (duplicates keep the older row).

    Parameters
    ----------
    by : ndarray, shape (a, c)
    points : ndarray, shape (b, c)

    Returns
    -------
    ndarray of bool, shape (b,)
    """
    out = np.zeros(len(points), dtype=bool)
    rounded_by = by.round(12) if exact_rounding else None
    for start in range(0, len(points), 64):
        chunk = points[start : start + 64]
        less_equal = np.all(by[None, :, :] <= chunk[:, None, :], axis=2)
        strictly = np.any(by[None, :, :] < chunk[:, None, :], axis=2)
        hit = np.any(less_equal & strictly, axis=1)
        if exact_rounding:
            equal = np.all(rounded_by[None, :, :] == chunk.round(12)[:, None, :], axis=2)
            hit |= np.any(equal, axis=1)
        out[start : start + 64] = hit
    return out
