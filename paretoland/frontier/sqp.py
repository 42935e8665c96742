"""A sequential quadratic programming solver for Pascoletti–Serafini subproblems.

The scalarised subproblem of a multi-objective search (Pascoletti and Serafini 1984;
the achievement scalarising function of Wierzbicki 1980) is, in minimisation form,

    min_{x, t} t   s.t.   (f_j(x) − z_j) / d_j ≤ t   (j = 1..m),   c_i(x) ≤ 0,   l ≤ x ≤ u,

with a reference point z, a positive direction d and smooth constraints c. At a
solution with t ≤ 0 the point weakly dominates z; at a KKT point the objectives'
multipliers λ (on the simplex) make Σ λ_j ∇f_j / d_j + Σ μ_i ∇c_i a normal of the box:
with no active c the point is Pareto-stationary (certificate 0,
:mod:`paretoland.frontier.stationarity`).

:func:`solve_scalarised` is a line-search SQP in the style of Han and Powell, with the
things a problem of a few hundred levers and a handful of rows needs:

- a dense BFGS approximation of the Lagrangian's Hessian (Powell's damping), which can
  be handed on from the neighbouring subproblem (a warm start);
- each quadratic subproblem is solved exactly: the box by a primal–dual active set
  (Hintermüller, Ito and Kunisch 2002) on the levers, the m + k rows through their
  small dual (:func:`small_qp`), so a step costs one Cholesky factorisation of the free
  levers' block, not the dense O(p³) of a general QP code (scipy's SLSQP takes about
  0.3 s a step at 627 levers);
- a non-monotone Armijo search on the ℓ1 merit ``max_j g_j + π Σ max(c_i, 0)``; a
  trial point whose equilibrium fails (Ĝ ≤ 0, no convergence) is a rejected step:
  the search steps back, and never stops the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from paretoland.frontier.qp import QPStep, qp_step
from paretoland.frontier.stationarity import min_norm_combination

__all__ = [
    "MAX_WORKING_CONSTRAINTS",
    "WORKING_WINDOW",
    "Oracle",
    "OraclePoint",
    "SQPOptions",
    "SQPResult",
    "solve_scalarised",
]


@dataclass(frozen=True)
class OraclePoint:
    """Objectives and constraints of one point, with their Jacobians (minimisation form).

    Attributes
    ----------
    ok : bool
        False when the equilibrium (or an objective) failed: the other fields are unused.
    objectives : ndarray, shape (m,)
        f(x), each minimised.
    objective_jacobian : ndarray, shape (m, p)
    constraints : ndarray, shape (k,)
        c(x) ≤ 0 satisfied.
    constraint_jacobian : ndarray, shape (k, p)
    """

    ok: bool
    objectives: np.ndarray = field(default_factory=lambda: np.zeros(0))
    objective_jacobian: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    constraints: np.ndarray = field(default_factory=lambda: np.zeros(0))
    constraint_jacobian: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


Oracle = Callable[[np.ndarray], OraclePoint]


@dataclass(frozen=True)
class SQPOptions:
    """Stopping rules of :func:`solve_scalarised`.

    Attributes
    ----------
    max_iter : int
        Largest number of SQP steps.
    tol : float
        Stop when the Pareto-stationarity certificate of the objectives (with every
        constraint satisfied) or the scaled KKT residual falls to this.
    feasibility : float
        Largest constraint value counted as satisfied.
    max_evaluations : int
        Largest number of oracle calls (line-search trials included).
    """

    max_iter: int = 200
    tol: float = 1e-6
    feasibility: float = 1e-7
    max_evaluations: int = 400


@dataclass(frozen=True)
class SQPResult:
    """The end of one subproblem.

    Attributes
    ----------
    x : ndarray, shape (p,)
        The last accepted point (exactly on a bound where a lever is bound-active).
    level : float
        t = max_j (f_j(x) − z_j) / d_j at x.
    point : OraclePoint
        The oracle's answer at x.
    certificate : float
        Pareto-stationarity certificate of the objectives at x (box only).
    kkt : float
        Scaled KKT residual with the constraints' multipliers.
    iterations, evaluations : int
    status : str
        ``"stationary"``, ``"kkt"``, ``"small_step"``, ``"max_iter"``, ``"restored"``
        (the search ended outside the constraints from a feasible start: the result is
        the feasible point farthest along the segment between them, by bisection) or
        ``"failed"`` (the starting point's equilibrium failed).
    hessian : ndarray, shape (p, p) or None
        The final BFGS matrix, to warm-start a neighbouring subproblem.
    """

    x: np.ndarray
    level: float
    point: OraclePoint
    certificate: float
    kkt: float
    iterations: int
    evaluations: int
    status: str
    hessian: np.ndarray | None


# -------------------------------------------------------------- the QP step
WORKING_WINDOW = 1.0
"""Constraints within this of binding (in their own units) enter a step's QP."""
MAX_WORKING_CONSTRAINTS = 60
"""At most this many constraint rows enter a step's QP (the closest to binding)."""
_INITIAL_PENALTY = 10.0  # ℓ1 merit: weight of a constraint violation against t


# ------------------------------------------------------------------ the solver
@dataclass
class _Iterate:
    """The current point and what the search knows there."""

    x: np.ndarray
    point: OraclePoint
    rows: np.ndarray  # (m + k, p): scaled objective rows, then constraint rows
    values: np.ndarray  # (m + k,)
    merit: float


def solve_scalarised(
    oracle: Oracle,
    x0: np.ndarray,
    box: tuple[np.ndarray, np.ndarray],
    reference: np.ndarray,
    direction: np.ndarray,
    *,
    options: SQPOptions | None = None,
    hessian: np.ndarray | None = None,
) -> SQPResult:
    """Solve one Pascoletti–Serafini subproblem by SQP (see the module).

    Parameters
    ----------
    oracle : callable
        ``oracle(x) -> OraclePoint``: objectives (minimised) and constraints with their
        Jacobians; called once per trial point.
    x0 : ndarray, shape (p,)
        The starting point (a warm start: the neighbouring subproblem's solution).
    box : (ndarray, ndarray)
        Lower and upper bounds of the levers, shape (p,) each.
    reference, direction : ndarray, shape (m,)
        z and d > 0 of ``(f_j − z_j) / d_j ≤ t``.
    options : SQPOptions, optional
    hessian : ndarray, shape (p, p), optional
        A BFGS matrix to start from (the neighbouring subproblem's).

    Returns
    -------
    SQPResult
    """
    options = options or SQPOptions()
    low, high = box
    x = _snap(np.clip(np.asarray(x0, dtype=np.float64), low, high), low, high)
    point = oracle(x)
    if not point.ok:
        return SQPResult(x, np.inf, point, np.nan, np.nan, 0, 1, "failed", hessian)
    search = _Search(oracle, box, reference, direction, options)
    current = first = search.iterate(x, point)
    matrix = hessian.copy() if hessian is not None else _initial_matrix(current, box)
    history = [current.merit]
    status, iteration = "max_iter", 0
    certificate = kkt = np.inf
    for iteration in range(options.max_iter):  # noqa: B007 (reported below)
        if kkt <= 10 * options.tol or iteration % 10 == 0:  # the certificate costs a QP
            certificate = search.certificate(current)
            if certificate <= options.tol and search.feasible(current):
                status = "stationary"
                break
        working = search.working_rows(current)
        step = qp_step(
            matrix,
            current.rows[working],
            current.values[working],
            search.m,
            (low - current.x, high - current.x),
            (current.x <= low, current.x >= high),
        )
        step.multipliers = _expand(step.multipliers, working, len(current.values))
        kkt = search.kkt(current, step.multipliers)
        if kkt <= options.tol and search.feasible(current):
            status = "kkt"
            break
        accepted = search.line_search(current, step, max(history[-5:]))
        if accepted is None:
            status = "small_step"
            break
        matrix = _bfgs(matrix, current, accepted, step.multipliers)
        current = accepted
        history.append(current.merit)
    if not search.feasible(current) and search.feasible(first):
        current, status = search.restore(first, current), "restored"
    return SQPResult(
        current.x,
        float(current.values[: search.m].max()),
        current.point,
        search.certificate(current) if status != "stationary" else certificate,
        kkt,
        iteration,
        search.evaluations,
        status,
        matrix,
    )


def _initial_matrix(current: _Iterate, box: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Return γI with the first unconstrained step a tenth of the box's diagonal long."""
    span = float(np.linalg.norm(box[1] - box[0]))
    steepest = float(np.sqrt((current.rows**2).sum(axis=1)).max())
    gamma = steepest / (0.1 * span) if span > 0 and steepest > 0 else 1.0
    return np.eye(len(current.x)) * gamma


def _expand(values: np.ndarray, rows: np.ndarray, size: int) -> np.ndarray:
    """Return ``values`` placed at ``rows`` of a zero vector of length ``size``."""
    out = np.zeros(size)
    out[rows] = values
    return out


def _snap(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Put levers within 1e-13 of their range from a bound exactly on it."""
    span = np.maximum(high - low, 1e-300)
    x = np.where(x - low <= 1e-13 * span, low, x)
    return np.where(high - x <= 1e-13 * span, high, x)


class _Search:
    """Evaluation, merit, line search and stopping measures of one subproblem."""

    def __init__(
        self,
        oracle: Oracle,
        box: tuple[np.ndarray, np.ndarray],
        reference: np.ndarray,
        direction: np.ndarray,
        options: SQPOptions,
    ) -> None:
        self.oracle, self.box, self.options = oracle, box, options
        self.reference = np.asarray(reference, dtype=np.float64)
        self.direction = np.asarray(direction, dtype=np.float64)
        self.m = len(self.reference)
        self.penalty = _INITIAL_PENALTY
        self.evaluations = 1

    def iterate(self, x: np.ndarray, point: OraclePoint) -> _Iterate:
        """Return the iterate at an evaluated point."""
        scaled = (point.objectives - self.reference) / self.direction
        rows = point.objective_jacobian / self.direction[:, None]
        if len(point.constraints):
            rows = np.vstack([rows, point.constraint_jacobian])
            scaled = np.concatenate([scaled, point.constraints])
        return _Iterate(x, point, rows, scaled, self.merit(scaled))

    def merit(self, values: np.ndarray) -> float:
        """ℓ1 merit: max of the scaled objectives plus the penalised violations."""
        violation = np.maximum(values[self.m :], 0.0).sum()
        return float(values[: self.m].max() + self.penalty * violation)

    def restore(self, start: _Iterate, end: _Iterate, steps: int = 10) -> _Iterate:
        """Return the feasible point farthest from a feasible start towards an infeasible end.

        Bisection on the segment (inside the box, which is convex): the constraints
        are continuous, so the best point found is feasible and close to the end.
        """
        best, low, high = start, 0.0, 1.0
        for _ in range(steps):
            middle = 0.5 * (low + high)
            x = _snap(start.x + middle * (end.x - start.x), *self.box)
            point = self.oracle(x)
            self.evaluations += 1
            trial = self.iterate(x, point) if point.ok else None
            if trial is not None and self.feasible(trial):
                best, low = trial, middle
            else:
                high = middle
        return best

    def working_rows(self, current: _Iterate) -> np.ndarray:
        """Return the rows a step's QP takes: every objective, the nearly active constraints.

        A constraint enters when its value is above −:data:`WORKING_WINDOW`, at most
        :data:`MAX_WORKING_CONSTRAINTS` of them (the largest values); the others are
        taken as inactive for this step (an ε-active set: a step that violates one is
        caught by the merit function, and the row enters at the next step).
        """
        constraints = current.values[self.m :]
        near = np.flatnonzero(constraints > -WORKING_WINDOW)
        near = near[np.argsort(-constraints[near], kind="stable")][:MAX_WORKING_CONSTRAINTS]
        return np.concatenate([np.arange(self.m), self.m + np.sort(near)])

    def feasible(self, current: _Iterate) -> bool:
        """Whether every constraint holds (to ``options.feasibility``)."""
        return bool((current.values[self.m :] <= self.options.feasibility).all())

    def certificate(self, current: _Iterate) -> float:
        """Return the objectives' Pareto-stationarity certificate (box only) at the iterate."""
        low, high = self.box
        value, _ = min_norm_combination(
            -current.rows[: self.m], current.x <= low, current.x >= high
        )
        return value

    def kkt(self, current: _Iterate, multipliers: np.ndarray) -> float:
        """‖P_T(−Σ ν_i ∇row_i)‖ / Σ_j λ_j ‖∇row_j‖: 0 at a KKT point."""
        low, high = self.box
        y = -(multipliers @ current.rows)
        keep = ~((current.x <= low) | (current.x >= high))
        keep |= ((current.x <= low) & (y > 0)) | ((current.x >= high) & (y < 0))
        norms = np.sqrt((current.rows[: self.m] ** 2).sum(axis=1))
        scale = float(multipliers[: self.m] @ norms)
        return float(np.linalg.norm(np.where(keep, y, 0.0)) / max(scale, 1e-300))

    def line_search(self, current: _Iterate, step: QPStep, reference: float) -> _Iterate | None:
        """Return the accepted trial point along the step, or None if none is found."""
        low, high = self.box
        constraints = step.multipliers[self.m :]
        if len(constraints):
            self.penalty = max(self.penalty, 2.0 * float(constraints.sum()))
            current.merit = self.merit(current.values)
            reference = max(reference, current.merit)
        decrease = step.level - current.values[: self.m].max()
        decrease -= self.penalty * np.maximum(current.values[self.m :], 0.0).sum()
        if decrease > -1e-14 * (1.0 + abs(current.merit)):
            return None
        alpha = 1.0
        while alpha * np.abs(step.d).max() > 1e-12:
            if self.evaluations >= self.options.max_evaluations:
                return None
            x = _snap(np.clip(current.x + alpha * step.d, low, high), low, high)
            point = self.oracle(x)
            self.evaluations += 1
            if point.ok:
                trial = self.iterate(x, point)
                if trial.merit <= reference + 1e-4 * alpha * decrease:
                    return trial
                alpha *= 0.5
            else:  # a failed equilibrium: step back further
                alpha *= 0.25
        return None


def _bfgs(matrix: np.ndarray, old: _Iterate, new: _Iterate, multipliers: np.ndarray) -> np.ndarray:
    """Return the damped BFGS update (Powell) of the Lagrangian's Hessian."""
    s = new.x - old.x
    y = multipliers @ new.rows - multipliers @ old.rows
    bs = matrix @ s
    sbs = float(s @ bs)
    if sbs <= 1e-300:
        return matrix
    sy = float(s @ y)
    if sy < 0.2 * sbs:  # Powell's damping keeps the matrix positive definite
        theta = 0.8 * sbs / (sbs - sy)
        y = theta * y + (1.0 - theta) * bs
        sy = float(s @ y)
    return matrix + np.outer(y, y) / sy - np.outer(bs, bs) / sbs
