"""The quadratic subproblems of the SQP solver (:mod:`paretoland.frontier.sqp`).

A step of the SQP solves, in the levers' step d and the level s,

    min_{d, s} s + ½ dᵀ B d   s.t.   g_j + ∇g_j·d ≤ s (objective rows),
                                    c_i + ∇c_i·d ≤ 0 (constraint rows),   l ≤ x + d ≤ u,

with B the BFGS matrix: the box by a primal–dual active set on the levers (Hintermüller,
Ito and Kunisch 2002; :func:`qp_step`), the m + k rows through their small dual
(:func:`small_qp`), so that a step costs one Cholesky factorisation of the free levers'
block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

__all__ = ["QPStep", "qp_step", "small_qp"]


# ------------------------------------------------------------------ small QP
def small_qp(q: np.ndarray, h: np.ndarray, m: int, *, max_iter: int = 200) -> np.ndarray:
    """Return argmin ½ νᵀQν − hᵀν over ν[:m] on the simplex and ν[m:] ≥ 0.

    A primal active-set method (exact for a positive semidefinite Q): the free set's
    KKT system is solved (least squares when singular); a blocking component leaves
    it, and the component with the most negative reduced gradient joins it.

    Parameters
    ----------
    q : ndarray, shape (r, r)
        Positive semidefinite.
    h : ndarray, shape (r,)
    m : int
        The first m components lie on the simplex (m ≥ 1).

    Returns
    -------
    ndarray, shape (r,)
    """
    r = len(h)
    simplex = np.arange(r) < m
    nu = np.zeros(r)
    nu[int(np.argmax(h[:m] - 0.5 * np.diag(q)[:m]))] = 1.0
    free = nu > 0
    scale = max(float(np.abs(q).max()), float(np.abs(h).max()), 1e-300)
    for _ in range(max_iter):
        target = _kkt_solution(q, h, free, simplex)
        if (target[free] >= 0).all():
            nu = target
            gradient = q @ nu - h
            level = gradient[free & simplex].mean() if (free & simplex).any() else 0.0
            reduced = gradient - np.where(simplex, level, 0.0)
            reduced[free] = 0.0
            j = int(np.argmin(reduced))
            if reduced[j] >= -1e-12 * scale:
                return nu
            free[j] = True
            continue
        step = target - nu
        blocking = free & (step < 0)
        ratios = np.where(blocking, nu / np.where(blocking, -step, 1.0), np.inf)
        j = int(np.argmin(ratios))
        nu = np.maximum(nu + ratios[j] * step, 0.0)
        nu[j] = 0.0
        free[j] = False
    return nu


def _kkt_solution(
    q: np.ndarray, h: np.ndarray, free: np.ndarray, simplex: np.ndarray
) -> np.ndarray:
    """Minimise on the free set with the simplex's equality, the others held at 0."""
    index = np.flatnonzero(free)
    size = len(index)
    on_simplex = simplex[index].astype(np.float64)
    system = np.zeros((size + 1, size + 1))
    system[:size, :size] = q[np.ix_(index, index)]
    system[:size, size] = -on_simplex
    system[size, :size] = on_simplex
    rhs = np.concatenate([h[index], [1.0]])
    if not on_simplex.any():  # no simplex component free: drop the equality
        system, rhs = system[:size, :size], rhs[:size]
    solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
    out = np.zeros(len(h))
    out[index] = solution[:size]
    return out


_PDAS_STEPS = 12  # primal–dual active-set passes before the cautious ones
_CAUTIOUS_STEPS = 60


@dataclass
class QPStep:
    """A step of the SQP: the levers' step, the level, the multipliers, the active bounds."""

    d: np.ndarray
    level: float  # the QP's s: predicted max_j of the linearised rows
    multipliers: np.ndarray  # ν = (λ, μ)
    lower: np.ndarray
    upper: np.ndarray


def qp_step(
    hessian: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray,
    m: int,
    box: tuple[np.ndarray, np.ndarray],
    start: tuple[np.ndarray, np.ndarray],
) -> QPStep:
    """Solve min s + ½dᵀBd s.t. values + rows·d ≤ s (first m), ≤ 0 (others), box on d.

    A primal–dual active set on the box (warm-started from ``start``'s bound sets),
    each pass solving the free levers' problem through the rows' small dual.
    """
    low, high = box
    lower, upper = start[0].copy(), start[1].copy()
    diagonal = np.maximum(np.diag(hessian), 1e-12)
    for attempt in range(_PDAS_STEPS + _CAUTIOUS_STEPS):
        d, nu = _reduced_step(hessian, rows, values, m, low, high, lower, upper)
        y = hessian @ d + rows.T @ nu
        new_lower = y + diagonal * (low - d) > 0
        new_upper = (y + diagonal * (high - d) < 0) & ~new_lower
        if (new_lower == lower).all() and (new_upper == upper).all():
            break
        if attempt >= _PDAS_STEPS:  # cycling: add every violated bound, release one
            new_lower, new_upper = _cautious(d, y, low, high, lower, upper)
        lower, upper = new_lower, new_upper
    d = np.clip(d, low, high)
    linear = values + rows @ d
    level = float(linear[:m].max())
    return QPStep(d, level, nu, lower, upper)


def _cautious(
    d: np.ndarray,
    y: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return bound sets that add every violated bound, or release a quarter of the wrong.

    Bound levers whose multiplier has the wrong sign want to leave their bound; the
    quarter with the largest such multipliers (at least one) is released.
    """
    lower = lower | ((d < low) & ~upper)
    upper = upper | ((d > high) & ~lower)
    if (d < low).any() or (d > high).any():
        return lower, upper
    wrong = np.where(lower, -y, 0.0) + np.where(upper, y, 0.0)  # > 0: wants to leave
    leaving = np.flatnonzero(wrong > 0)
    if leaving.size:
        count = max(1, leaving.size // 4)
        chosen = leaving[np.argsort(-wrong[leaving], kind="stable")[:count]]
        lower[chosen] = upper[chosen] = False
    return lower, upper


def _reduced_step(
    hessian: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray,
    m: int,
    low: np.ndarray,
    high: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the step and row multipliers with the bound sets fixed."""
    fixed = lower | upper
    free = ~fixed
    d = np.where(lower, low, np.where(upper, high, 0.0))
    shift = values + rows[:, fixed] @ d[fixed]
    if not free.any():
        return d, small_qp(np.zeros((len(values),) * 2), shift, m)
    block = hessian[np.ix_(free, free)]
    try:
        factor = scipy.linalg.cho_factor(block, check_finite=False)
        solve = lambda b: scipy.linalg.cho_solve(factor, b, check_finite=False)  # noqa: E731
    except np.linalg.LinAlgError:
        solve = lambda b: np.linalg.lstsq(block, b, rcond=None)[0]  # noqa: E731
    base = solve(hessian[np.ix_(free, fixed)] @ d[fixed])
    reach = solve(rows[:, free].T)  # (free, m + k)
    q = rows[:, free] @ reach
    nu = small_qp(0.5 * (q + q.T), shift - rows[:, free] @ base, m)
    d[free] = -(base + reach @ nu)
    return d, nu
