"""Knee (high trade-off) points of a front, after Rachmawati and Srinivasan (2009).

The trade-off of moving from point i to point j (minimisation form, normalised by the
front's ideal and nadir) is what is lost over what is gained::

    T(i, j) = Σ_k max(0, f_jk − f_ik) / Σ_k max(0, f_ik − f_jk)

and the trade-off of point i is the *smallest* such ratio over its neighbours j:
``μ(i) = min_j T(i, j)``, the least loss per unit of gain one can get by leaving i.
A knee is a point that is expensive to leave in every direction, i.e. a large μ.

Why the minimum (and not the maximum): on the front (0, 10), (1, 1), (10, 0) every
point inside either segment has one steep direction (T = 9) and one cheap one
(T = 1/9), so the maximum is 9 everywhere and singles nothing out; only the knee
(1, 1) has T = 9 in *both* directions. The minimum is Rachmawati and Srinivasan's
definition and what pymoo's ``HighTradeoffPoints`` computes (``np.nanmin``).

Why not pymoo's ``HighTradeoffPoints`` itself: in pymoo 0.6.2 its ``_do`` builds
``NeighborFinder(F, epsilon=0.125, ...)`` with the literal 0.125, so the ``epsilon``
given to the constructor is stored and never used; it also works on raw, unnormalised
``F`` and returns None when no point stands out. This module fixes all three.

Reference: L. Rachmawati and D. Srinivasan (2009), "Multiobjective evolutionary
algorithm with controllable focus on the knees of the Pareto front", IEEE Trans.
Evol. Comput. 13(4), 810-824.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from paretoland.decision.front import Objectives, build_front, normalise
from paretoland.exceptions import ConfigError

__all__ = ["compute_tradeoffs", "knee_points", "select_knees"]


def _check_epsilon(epsilon: float) -> float:
    try:
        epsilon = float(epsilon)
    except (TypeError, ValueError):
        raise ConfigError(f"epsilon must be a positive number; got {epsilon!r}.") from None
    if not (np.isfinite(epsilon) and epsilon > 0):
        raise ConfigError(
            f"epsilon must be a positive finite number (a radius in "
            f"normalised units, e.g. 0.125); got {epsilon!r}."
        )
    return epsilon


def _point_tradeoff(f: np.ndarray, i: int, epsilon: float) -> float:
    """μ(i) on normalised minimisation objectives ``f`` of shape (k, m); see module doc.

    Neighbours are the other points within Euclidean distance ``epsilon`` that differ
    from point i; if there are none, every other distinct point is used. A neighbour
    that i dominates (no gain) has ``T = inf``; with no distinct point at all the
    trade-off is NaN.
    """
    diff = f - f[i]
    loss = np.maximum(diff, 0.0).sum(axis=1)
    gain = np.maximum(-diff, 0.0).sum(axis=1)
    distinct = (loss > 0) | (gain > 0)
    near = distinct & (np.sqrt((diff**2).sum(axis=1)) <= epsilon)
    candidates = near if near.any() else distinct
    if not candidates.any():
        return float("nan")
    loss, gain = loss[candidates], gain[candidates]
    ratios = np.full(loss.shape, np.inf)
    np.divide(loss, gain, out=ratios, where=gain > 0)
    return float(ratios.min())


def compute_tradeoffs(
    objectives: Objectives,
    senses: Sequence[str] | None,
    epsilon: float = 0.125,
    *,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Trade-off μ of every point, ``ndarray(float, shape=(k,))`` (see module doc).

    Parameters
    ----------
    objectives, senses, names
        The front in its own sense (% changes), as in
        :func:`~paretoland.decision.front.build_front`.
    epsilon : float, default 0.125
        Neighbourhood radius, Euclidean, in normalised units (each objective scaled to
        [0, 1] by the front's ideal and nadir). A point with no other point within
        ``epsilon`` is compared with all points.

    Returns
    -------
    ndarray(float, shape=(k,))
        μ ≥ 0, unit-free (normalised loss per normalised gain); ``inf`` for a point that
        dominates all its neighbours (only on a front with dominated points), NaN when
        there is no other distinct point.
    """
    epsilon = _check_epsilon(epsilon)
    f = normalise(build_front(objectives, senses, names))
    return np.array([_point_tradeoff(f, i, epsilon) for i in range(f.shape[0])])


def knee_points(
    objectives: Objectives,
    senses: Sequence[str] | None,
    epsilon: float = 0.125,
    n: int | None = None,
    *,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Return the indices of the knee points, highest trade-off first, ``ndarray(int)``.

    Parameters
    ----------
    objectives, senses, epsilon, names
        As in :func:`compute_tradeoffs`.
    n : int, optional
        Return the ``n`` points with the largest trade-off (fewer if the front is
        smaller). By default, return the outliers of the upper tail, as pymoo does:
        the points with ``μ ≥ mean + 2 std`` of the finite μ values (population std),
        plus any point with ``μ = inf``. Unlike pymoo, which then returns None when no
        point deviates by more than one std, this falls back to the single point of
        largest μ, so there is always a pick (a front of one point returns ``[0]``).

    Returns
    -------
    ndarray(int)
        Row indices into ``objectives``, sorted by trade-off descending (ties keep row
        order).
    """
    _check_n(n)
    return select_knees(compute_tradeoffs(objectives, senses, epsilon, names=names), n)


def _check_n(n: int | None) -> None:
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise ConfigError(f"n must be a positive integer or None; got {n!r}.")


def select_knees(mu: np.ndarray, n: int | None = None) -> np.ndarray:
    """Return the knee indices of trade-offs ``mu`` (k,) by the rule of :func:`knee_points`.

    Parameters
    ----------
    mu : ndarray(float, shape=(k,))
        Trade-offs, as :func:`compute_tradeoffs` returns them.
    n : int, optional
        See :func:`knee_points`.
    """
    _check_n(n)
    order = np.argsort(-np.nan_to_num(mu, nan=-np.inf), kind="stable")
    if n is not None:
        return order[: int(n)]
    finite = np.isfinite(mu)
    selected = np.isposinf(mu)
    if finite.sum() > 1:
        mean, std = mu[finite].mean(), mu[finite].std()
        if std > 0:
            selected |= finite & (mu >= mean + 2.0 * std)
    if not selected.any():
        return order[:1]
    return order[selected[order]]
