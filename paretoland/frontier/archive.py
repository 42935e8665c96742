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
        """The dominance-defining objectives in minimisation form, shape (k, len(columns))."""
        return minimisation_form(self.objectives, self.senses)[:, self.columns]

    def update(self, levers: np.ndarray, objectives: np.ndarray, feasible: np.ndarray) -> None:
        """Add the feasible rows of a batch and keep the non-dominated set (duplicates of
        an objective vector keep their first occurrence).
        """
        levers = np.concatenate([self.levers, levers[feasible]])
        objectives = np.concatenate([self.objectives, objectives[feasible]])
        if len(levers) == 0:
            return
        minimised = minimisation_form(objectives, self.senses)[:, self.columns]
        front = NonDominatedSorting().do(minimised, only_non_dominated_front=True)
        front = np.sort(front)
        _, first = np.unique(minimised[front].round(12), axis=0, return_index=True)
        keep = front[np.sort(first)]
        self.levers, self.objectives = levers[keep], objectives[keep]

    def hypervolume(self, reference: np.ndarray, scale: np.ndarray) -> float:
        """Hypervolume of the archive, normalised: in minimisation form, each objective
        shifted by its reference point and divided by its scale (both in own-sense units,
        for all objectives), measured against the origin. Points that do not strictly
        beat the reference in every optimised objective add nothing.
        """
        if len(self) == 0:
            return 0.0
        shifted = (self.objectives - reference) * self.senses / scale
        points = shifted[:, self.columns]
        points = points[np.all(points < 0, axis=1)]
        if len(points) == 0:
            return 0.0
        return float(HV(ref_point=np.zeros(len(self.columns)))(points))
