"""How far a frontier point is from local Pareto optimality, and its exact trade-off prices.

At a decision vector x with objective gradients g_j (each turned into its improvement
direction: +∇f_j for a maximised objective, −∇f_j for a minimised one), the
**Pareto-stationarity certificate** is

    c(x) = min_{λ ∈ simplex} ‖P_T(Σ_j λ_j g_j / ‖g_j‖)‖  ∈ [0, 1],

with P_T the projection on the feasible directions at x: the box's tangent cone (a lever
at its lower bound may only rise, at its upper bound only fall). c = 0 means no
feasible direction improves every objective at once to first order: the point is
locally Pareto-stationary. c = 1 means the objectives' improvement directions agree
(one direction improves all of them at the best rate of each). The problem is a small
convex piecewise quadratic program in λ (m weights); it is solved exactly: on each
piece (which bound-active coordinates are projected) by enumerating the supports of λ,
with exact line searches between pieces.

Only the box bounds define the feasible directions. A point held by another active
constraint (the Pareto-improvement or farmland constraints) can show c > 0 although no
*feasible* improving direction exists; ``binding`` counts those constraints so that
such points can be told apart.

At a stationary point, the weights give the **exact local trade-off prices**: with
μ_j = λ_j / ‖g_j‖, Σ_j μ_j df_j = 0 along the frontier to first order (in each
objective's own sense), so one unit of objective j gained costs μ_j / μ_i units of
objective i, the others held fixed.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from paretoland.frontier.active_constraints import ACTIVE, active_normals, gradient_options
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.qp import small_qp

__all__ = ["compute_stationarity", "min_norm_combination"]

_BOUND_TOLERANCE = 1e-12  # share of a lever's range within which it sits at its bound
_CHUNK = 512  # points whose gradients are computed in one batched call


def min_norm_combination(
    directions: np.ndarray,
    at_lower: np.ndarray,
    at_upper: np.ndarray,
    normals: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """Return the certificate and its weights for improvement directions at a point.

    Parameters
    ----------
    directions : ndarray, shape (m, p)
        Each objective's improvement direction g_j (any length).
    at_lower, at_upper : ndarray of bool, shape (p,)
        Levers at their lower and upper bounds.
    normals : ndarray, shape (K, p), optional
        Outward normals ∇c_k of the active constraints c_k ≤ 0 other than the box (any
        length; see :mod:`paretoland.frontier.active_constraints`). None or empty: the
        box alone.

    Returns
    -------
    certificate : float
        min over the simplex of dist(Σ λ_j g_j / ‖g_j‖, N), in [0, 1], N the normal cone
        of the box and the normals (‖P_T(·)‖ with the box alone).
    weights : ndarray, shape (m,)
        The minimising λ (on the unit directions). A zero direction gives 0 with all
        weight on it.
    """
    norms = np.sqrt((directions * directions).sum(axis=1))
    m = directions.shape[0]
    if not (norms > 0.0).all():
        weights = np.zeros(m)
        weights[int(np.argmin(norms))] = 1.0
        return 0.0, weights
    unit = directions / norms[:, None]
    weights = _box_weights(unit, at_lower, at_upper)
    if normals is None or not len(normals):
        value = _projected_norm(weights @ unit, at_lower, at_upper)
        return float(min(value, 1.0)), weights
    lengths = np.sqrt((normals * normals).sum(axis=1))
    rows = np.vstack([unit, -normals[lengths > 0] / lengths[lengths > 0, None]])
    start = np.concatenate([weights, np.zeros(len(rows) - m)])
    combination = _constrained_weights(rows, m, start, at_lower, at_upper)
    value = _projected_norm(combination @ rows, at_lower, at_upper)
    return float(min(value, 1.0)), combination[:m]


def _box_weights(unit: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray) -> np.ndarray:
    """Return the λ of the box-only certificate (unit directions, shape (m, p))."""
    m = unit.shape[0]
    weights = np.full(m, 1.0 / m)
    for _ in range(100):
        combined = weights @ unit
        piece = _piece(combined, at_lower, at_upper)
        rows = unit[:, piece]
        proposal = _simplex_quadratic(rows @ rows.T)
        if (_piece(proposal @ unit, at_lower, at_upper) == piece).all():
            weights = proposal
            break
        t = _line_search(combined, (proposal - weights) @ unit, at_lower, at_upper)
        if t == 0.0:  # no descent along the proposal: weights are optimal
            break
        weights = weights + t * (proposal - weights)
    return weights


def _constrained_weights(
    rows: np.ndarray, m: int, start: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray
) -> np.ndarray:
    """Return (λ, μ) minimising ‖P_T(Σ λ_j u_j − Σ μ_k n_k)‖ from a start, exactly.

    rows (m + K, p): the unit directions u_j, then the negated unit normals −n_k; λ on
    the simplex, μ ≥ 0. The same pieces as the box alone: on the piece of the current
    combination (the coordinates P_T keeps), the quadratic in (λ, μ) is solved by an
    active set (:func:`~paretoland.frontier.simplex_qp.small_qp`); if its solution lies on
    another piece, an exact line search moves towards it. Each step decreases the
    convex, continuously differentiable objective; a solution on its own piece satisfies
    the KKT conditions of the whole problem, so it is the minimum.
    """
    weights = start
    for _ in range(100):
        combined = weights @ rows
        piece = _piece(combined, at_lower, at_upper)
        kept = rows[:, piece]
        proposal = small_qp(kept @ kept.T, np.zeros(len(rows)), m, max_iter=4 * len(rows) + 50)
        if (_piece(proposal @ rows, at_lower, at_upper) == piece).all():
            better = _projected_norm(proposal @ rows, at_lower, at_upper)
            return proposal if better <= _projected_norm(combined, at_lower, at_upper) else weights
        t = _line_search(combined, (proposal - weights) @ rows, at_lower, at_upper)
        if t == 0.0:  # no descent along the proposal: weights are optimal
            break
        weights = weights + t * (proposal - weights)
    return weights


def _piece(y: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray) -> np.ndarray:
    """Coordinates the projection keeps: free ones, and bound ones pointing inwards."""
    return ~(at_lower | at_upper) | (at_lower & (y > 0.0)) | (at_upper & (y < 0.0))


def _projected_norm(y: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray) -> float:
    return float(np.linalg.norm(np.where(_piece(y, at_lower, at_upper), y, 0.0)))


def _simplex_quadratic(q: np.ndarray) -> np.ndarray:
    """Return argmin λᵀ Q λ over the simplex (Q positive semidefinite), exactly.

    Every support S is tried (largest first): the KKT system Q_SS λ_S = ν 1,
    1ᵀ λ_S = 1 with λ_S ≥ 0 and (Q λ)_j ≥ ν off S identifies an optimum.
    """
    m = q.shape[0]
    best, best_value = None, np.inf
    scale = max(float(np.abs(q).max()), 1e-300)
    for size in range(m, 0, -1):  # near stationarity the full support is the usual one
        for support in combinations(range(m), size):
            s = list(support)
            system = np.zeros((size + 1, size + 1))
            system[:size, :size], system[:size, size], system[size, :size] = (
                q[np.ix_(s, s)],
                -1.0,
                1.0,
            )
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            try:
                solution = np.linalg.solve(system, rhs)
            except np.linalg.LinAlgError:  # a singular face: its least-squares solution
                solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
            weights = np.zeros(m)
            weights[s] = solution[:size]
            if (weights < -1e-12).any() or abs(weights.sum() - 1.0) > 1e-9:
                continue
            weights = np.maximum(weights, 0.0) / np.maximum(weights, 0.0).sum()
            gradient = q @ weights
            level = weights @ gradient
            if (gradient >= level - 1e-12 * scale).all():  # KKT: an optimum of a convex QP
                return weights
            if level < best_value:
                best, best_value = weights, level
    return best if best is not None else np.full(m, 1.0 / m)


def _line_search(
    start: np.ndarray, step: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray
) -> float:
    """Return the t in [0, 1] minimising ‖P_T(start + t step)‖² exactly.

    The function is a convex piecewise quadratic in t with breakpoints where a bound
    coordinate changes sign; each interval's quadratic is minimised in closed form.
    """
    bound = at_lower | at_upper
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = -start[bound] / step[bound]
    points = np.unique(np.concatenate([[0.0, 1.0], crossing[(crossing > 0) & (crossing < 1)]]))
    best_t, best_value = 0.0, np.inf
    for low, high in zip(points[:-1], points[1:], strict=True):
        piece = _piece(start + 0.5 * (low + high) * step, at_lower, at_upper)
        a, b = start[piece], step[piece]
        curvature = b @ b
        t = np.clip(-(a @ b) / curvature, low, high) if curvature > 0 else low
        value = float(np.sum((a + t * b) ** 2))
        if value < best_value:
            best_t, best_value = float(t), value
    return best_t


def compute_stationarity(
    model: FrontierModel, X: np.ndarray, *, lanes: int | None = None
) -> pd.DataFrame:
    """Return the Pareto-stationarity certificate and trade-off weights of every point.

    Parameters
    ----------
    model : FrontierModel
        The problem (objectives with gradients: built-in, or user ones with a
        ``gradient`` attribute).
    X : ndarray, shape (k, n_levers)
        The points, e.g. a run's Pareto set levers.
    lanes : int, optional
        Parallel lanes of the batched solve.

    Returns
    -------
    DataFrame
        One row per point: ``stationarity`` (the certificate, NaN if the equilibrium
        failed), ``binding`` (the model's constraints other than the box that bind
        there) and ``weight_<objective>`` (μ_j = λ_j / ‖g_j‖, scaled to sum to 1: the
        exact local trade-off prices are their ratios).
    """
    X = model.family.check_batch(np.atleast_2d(X))
    names = [o.name for o in model.objectives]
    columns = ["stationarity", "binding", *(f"weight_{n}" for n in names)]
    parts = [  # in chunks: memory bounded whatever the size of the Pareto set
        _certificates(model, X[start : start + _CHUNK], lanes) for start in range(0, len(X), _CHUNK)
    ]
    return pd.DataFrame([row for part in parts for row in part], columns=columns)


def _certificates(model: FrontierModel, X: np.ndarray, lanes: int | None) -> list[list[float]]:
    """Return the rows of :func:`compute_stationarity` for a chunk of points."""
    result = model.evaluate_gradients(X, lanes=lanes, **gradient_options(model))
    normals = active_normals(model, result, X)
    family = model.family
    span = family.upper - family.lower
    senses = np.where(np.array([o.sense for o in model.objectives]) == "max", 1.0, -1.0)
    names = [o.name for o in model.objectives]
    rows: list[list[float]] = []
    for i, x in enumerate(X):
        jacobian = result.objective_jacobian[i]
        binding = int((result.evaluation.constraints[i, 1:] > -ACTIVE).sum())
        if np.isnan(jacobian).any():
            rows.append([np.nan, binding, *([np.nan] * len(names))])
            continue
        directions = senses[:, None] * jacobian
        certificate, weights = min_norm_combination(
            directions,
            x <= family.lower + _BOUND_TOLERANCE * span,
            x >= family.upper - _BOUND_TOLERANCE * span,
            normals[i],
        )
        norms = np.sqrt((directions * directions).sum(axis=1))
        multipliers = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
        total = multipliers.sum()
        rows.append([certificate, binding, *(multipliers / total if total > 0 else multipliers)])
    return rows
