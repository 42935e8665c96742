"""Picking one point from a front: pseudo-weights, ASF, compromise programming, TOPSIS.

Each function takes the objectives in their own sense plus the senses (see
:mod:`paretoland.decision.front`) and returns the chosen row index together with the
per-point values it was chosen by. Weights (where taken) are an array in column order
or a mapping objective name -> weight; they need not sum to 1 (they are normalised).
A reference point is given in the objectives' own sense and units (% changes).

pymoo's own versions are not used: ``PseudoWeights`` is reproduced exactly (and
cross-checked in the tests), ``CompromiseProgramming._do`` in pymoo 0.6.2 normalises
and then returns None, and pymoo's ``ASF`` divides by the weights (weights as a
direction) where here, as in the stakeholder use, a larger weight means a more
important objective and multiplies the deviation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from paretoland.decision.front import (
    Objectives,
    WeightsLike,
    _safe_ratio,
    build_front,
    normalise,
    resolve_reference,
    resolve_weights,
)
from paretoland.exceptions import ConfigError

__all__ = [
    "achievement_scalarising",
    "compromise_programming",
    "pick_by_pseudo_weights",
    "pseudo_weights",
    "topsis",
]


def pseudo_weights(
    objectives: Objectives, senses: Sequence[str] | None, *, names: Sequence[str] | None = None
) -> np.ndarray:
    """Deb's pseudo-weights of every point, ``ndarray(float, shape=(k, m))``.

    In minimisation form, ``w_ik = ((f_max,k − f_ik)/(f_max,k − f_min,k)) / Σ_l (...)``:
    the relative distance of point i from the worst value of each objective, rows
    summing to 1 (Deb 2001, *Multi-Objective Optimization using Evolutionary
    Algorithms*, §8.3). Identical to pymoo's ``PseudoWeights`` for non-constant
    columns. A constant column contributes 0; a row of zeros (the point is the worst
    on every non-constant objective, or every column is constant) gets equal weights.

    Parameters
    ----------
    objectives, senses, names
        Objectives in their own sense (% changes), a sense per objective and optional
        names, as in :func:`~paretoland.decision.front.build_front`.
    """
    front = build_front(objectives, senses, names)
    closeness = 1.0 - normalise(front)  # (f_max − f) / (f_max − f_min); constant -> 1
    span = front.nadir - front.ideal
    closeness[:, span <= 0] = 0.0
    total = closeness.sum(axis=1, keepdims=True)
    return _safe_ratio(closeness, total, 1.0 / front.n_objectives)


def pick_by_pseudo_weights(
    objectives: Objectives,
    senses: Sequence[str] | None,
    weights: WeightsLike,
    *,
    names: Sequence[str] | None = None,
) -> int:
    """Return the point whose pseudo-weight vector is closest to ``weights`` (L1, as pymoo).

    Parameters
    ----------
    objectives, senses, names
        As in :func:`pseudo_weights`.
    weights : sequence (length m) or mapping name -> weight
        Target weights; normalised to sum to 1.

    Returns
    -------
    int
        Row index; the first of tied points.
    """
    front = build_front(objectives, senses, names)
    target = resolve_weights(weights, front)
    pw = pseudo_weights(front.values, front.senses)
    return int(np.argmin(np.abs(pw - target).sum(axis=1)))


def achievement_scalarising(
    objectives: Objectives,
    senses: Sequence[str] | None,
    reference: WeightsLike = None,
    weights: WeightsLike = None,
    rho: float = 1e-6,
    *,
    names: Sequence[str] | None = None,
) -> tuple[int, np.ndarray]:
    """Minimise the augmented achievement scalarising function over the front.

    On normalised minimisation objectives ``f`` (ideal 0, nadir 1) and a reference
    ``z`` in the same units::

        s_i = max_k w_k (f_ik − z_k) + rho Σ_k w_k (f_ik − z_k)

    (Wierzbicki 1980; the augmentation ``rho`` breaks ties towards Pareto-optimal
    points).

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m)) or DataFrame
        Objectives in their own sense (% changes).
    senses : sequence of {"max", "min"} or None
        Sense per objective.
    reference : sequence (length m) or mapping, optional
        Aspiration point in the objectives' own sense and units; default the front's
        ideal point.
    weights : sequence or mapping, optional
        Importance weights (normalised to sum to 1); default equal.
    rho : float, default 1e-6
        Augmentation coefficient, ≥ 0.
    names : sequence of str, optional
        Objective names for an ndarray.

    Returns
    -------
    index : int
        Row with the smallest ``s`` (first of ties).
    values : ndarray(float, shape=(k,))
        ``s_i`` in normalised units.
    """
    rho = _check_nonnegative(rho, "rho")
    front = build_front(objectives, senses, names)
    w = resolve_weights(weights, front)
    dev = w * (normalise(front) - resolve_reference(reference, front))
    values = dev.max(axis=1) + rho * dev.sum(axis=1)
    return int(np.argmin(values)), values


def compromise_programming(
    objectives: Objectives,
    senses: Sequence[str] | None,
    reference: WeightsLike = None,
    weights: WeightsLike = None,
    p: float = 2,
    *,
    names: Sequence[str] | None = None,
) -> tuple[int, np.ndarray]:
    """Return the point nearest the reference in the weighted L_p metric (Zeleny 1973).

    On normalised minimisation objectives ``f`` and reference ``z``::

        d_i = (Σ_k (w_k |f_ik − z_k|)^p)^(1/p),   d_i = max_k w_k |f_ik − z_k| for p = inf

    so p = 1 is the weighted sum of deviations, p = 2 the weighted Euclidean distance
    and p = inf the weighted Tchebycheff distance.

    Parameters
    ----------
    objectives, senses, reference, weights, names
        As in :func:`achievement_scalarising`: the reference defaults to the front's
        ideal point, the weights (default equal) are normalised to sum to 1.
    p : float in [1, inf], default 2
        Order of the metric.

    Returns
    -------
    index : int
        Row with the smallest distance (first of ties).
    distances : ndarray(float, shape=(k,))
        ``d_i`` in normalised units.
    """
    p = _check_order(p)
    front = build_front(objectives, senses, names)
    w = resolve_weights(weights, front)
    dev = w * np.abs(normalise(front) - resolve_reference(reference, front))
    distances = dev.max(axis=1) if np.isinf(p) else (dev**p).sum(axis=1) ** (1.0 / p)
    return int(np.argmin(distances)), distances


def topsis(
    objectives: Objectives,
    senses: Sequence[str] | None,
    weights: WeightsLike = None,
    *,
    names: Sequence[str] | None = None,
) -> tuple[int, np.ndarray]:
    """TOPSIS (Hwang and Yoon 1981): relative closeness to the ideal solution.

    Steps, on the objectives in their own sense: vector normalisation
    ``r_ij = x_ij / sqrt(Σ_i x_ij²)`` (a column of zeros stays 0); weighting
    ``v_ij = w_j r_ij``; positive ideal ``v+_j`` = max over points for ``"max"``
    objectives and min for ``"min"``, negative ideal the reverse; Euclidean distances
    ``d+_i`` and ``d−_i`` to them; closeness ``C_i = d−_i / (d+_i + d−_i)`` in [0, 1].
    Negative values (falling GDP, closing gaps) are fine: the normalisation only
    rescales each column by a positive number.

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m)) or DataFrame
        Objectives in their own sense.
    senses : sequence of {"max", "min"} or None
        Benefit (``"max"``) or cost (``"min"``) per objective.
    weights : sequence or mapping, optional
        Criterion weights (normalised to sum to 1); default equal.
    names : sequence of str, optional
        Objective names for an ndarray.

    Returns
    -------
    index : int
        Row with the largest closeness (first of ties).
    closeness : ndarray(float, shape=(k,))
        ``C_i``; 0.5 for every point when all points coincide.
    """
    front = build_front(objectives, senses, names)
    w = resolve_weights(weights, front)
    x = front.values
    norm = np.sqrt((x**2).sum(axis=0))
    v = w * _safe_ratio(x, norm, 0.0)
    benefit = front.signs < 0
    best = np.where(benefit, v.max(axis=0), v.min(axis=0))
    worst = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_best = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=1))
    closeness = _safe_ratio(d_worst, d_best + d_worst, 0.5)
    return int(np.argmax(closeness)), closeness


def _check_nonnegative(value: float, what: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number ≥ 0; got {value!r}.") from None
    if not (np.isfinite(value) and value >= 0):
        raise ConfigError(f"{what} must be a finite number ≥ 0; got {value!r}.")
    return value


def _check_order(p: float) -> float:
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise ConfigError(f"p must be a number in [1, inf]; got {p!r}.") from None
    if not p >= 1:  # also rejects NaN
        raise ConfigError(
            f"p must be in [1, inf] (1 = sum, 2 = Euclidean, inf = Tchebycheff); got {p!r}."
        )
    return p
