"""Scalarised subproblems of a frontier model, solved in chains on a worker.

A gradient search (:mod:`paretoland.frontier.gradient_search`) and the hybrid's
polishing (:mod:`paretoland.frontier.hybrid`) both solve Pascoletti–Serafini
subproblems ``min t s.t. (f_j(x) − z_j)/d_j ≤ t`` (objectives in minimisation form,
:mod:`paretoland.frontier.sqp`) with the model's constraints:

- **Pareto improvement**: every origin's welfare 100 (Ŵ_o − 1) ≥ −``max_origin_loss``,
  one smooth row per origin (their multipliers come from the quadratic subproblem's
  small dual);
- **minimum receipts**, **participation** and **farmland**: the model's constraint
  columns with their (sub)gradients;
- **a margin from infeasible equilibria**: ``softmin_d Ĝ_d ≥`` :data:`REVENUE_MARGIN`
  (:func:`revenue_softmin`), so steps stay away from a buyer's land revenue reaching 0;
  a trial point whose equilibrium fails anyway is a rejected step (the search steps
  back).

The levers' bounds (sellers at 0 or φ_max, buyers at weight 0) are the solver's box:
active bounds, never a clip in the family. A :class:`Chain` of subproblems runs on one
worker, each warm-started from the previous one's solution and BFGS matrix;
:func:`solve_chain` returns the solutions and every point it evaluated (for the run's
archive), so its result does not depend on the worker it ran on.

**What enters the archive.** Each subproblem's solution is a candidate, like an
evolutionary algorithm's offspring. The solver's intermediate iterates and
line-search trials are steps of one optimisation, not candidates: they count as
evaluations, and their failures are logged, but they do not enter the archive
(``ChainOutcome.candidates``), so the Pareto set holds solved rules, each with the
certificate its subproblem reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from paretoland.frontier.config import AlgorithmSection
from paretoland.frontier.evaluation import Evaluation, FrontierModel
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.sqp import Oracle, OraclePoint, SQPOptions, SQPResult, solve_scalarised
from paretoland.model.counterfactual import Counterfactual

__all__ = [
    "REVENUE_MARGIN",
    "Chain",
    "ChainOutcome",
    "ScalarisedOracle",
    "Solution",
    "Subproblem",
    "revenue_softmin",
    "solve_chain",
    "solve_chains",
    "sqp_options",
]

REVENUE_MARGIN = 0.02
"""Smallest soft minimum of the cities' land-revenue hats Ĝ_d kept by a gradient step."""
_SOFTMIN_SHARPNESS = 200.0  # softmin within log(n)/200 ≈ 0.03 of the minimum at n = 313


def revenue_softmin(cf: Counterfactual) -> float:
    """Return −log Σ_d exp(−β Ĝ_d) / β, a smooth minimum of the land-revenue hats.

    β = 200; the value lies within log(n)/β of min_d Ĝ_d, below it. Has a ``gradient``
    attribute (:func:`paretoland.model.gradients.gradient_arrays`).
    """
    revenue = cf.equilibrium.revenue_hat
    low = float(revenue.min())
    spread = np.exp(-_SOFTMIN_SHARPNESS * (revenue - low)).sum()
    return low - float(np.log(spread)) / _SOFTMIN_SHARPNESS


def _softmin_gradient(cf: Counterfactual) -> dict[str, np.ndarray]:
    revenue = cf.equilibrium.revenue_hat
    weights = np.exp(-_SOFTMIN_SHARPNESS * (revenue - revenue.min()))
    return {"revenue_hat": weights / weights.sum()}


revenue_softmin.gradient = _softmin_gradient  # type: ignore[attr-defined]


class ScalarisedOracle:
    """The model as :func:`~paretoland.frontier.sqp.solve_scalarised` sees it.

    Each call evaluates one decision vector with its exact Jacobians (one lane) and
    logs it. Objectives are in minimisation form (``sense · f``).

    Parameters
    ----------
    model : FrontierModel
    """

    def __init__(self, model: FrontierModel) -> None:
        self.model = model
        self.columns = [
            j for j, name in enumerate(model.constraint_names) if name not in ("feasible", "pareto")
        ]
        self.evaluated: list[np.ndarray] = []
        self.evaluations: list[Evaluation] = []
        self.warm_start: np.ndarray | None = None

    def __call__(self, x: np.ndarray) -> OraclePoint:
        """Evaluate ``x`` (shape (p,)): objectives, constraints, Jacobians (see the module).

        The equilibrium solver starts from the last converged point's solution (the
        result agrees with a cold start to the solver's tolerance).
        """
        model = self.model
        result = model.evaluate_gradients(
            x[None], lanes=1, extra=(revenue_softmin,), warm_start=self.warm_start
        )
        self.evaluated.append(np.array(x, copy=True))
        self.evaluations.append(result.evaluation)
        jacobian = result.objective_jacobian[0]
        if result.evaluation.statuses[0] != "converged" or not np.isfinite(jacobian).all():
            return OraclePoint(False)
        if result.warm_start is not None:
            self.warm_start = result.warm_start[0].copy()
        senses = model.senses
        margin, margin_jacobian = result.extra["revenue_softmin"]
        values = [REVENUE_MARGIN - margin[0]]
        rows = [-margin_jacobian[0]]
        for j in self.columns:
            values.append(result.evaluation.constraints[0, j : j + 1])
            rows.append(result.constraint_jacobian[0, j : j + 1])
        if result.origin_welfare is not None and result.origin_welfare_jacobian is not None:
            values.append(-result.origin_welfare[0] - model.max_origin_loss)
            rows.append(-result.origin_welfare_jacobian[0])
        constraints = np.concatenate(values)
        constraint_rows = np.vstack(rows)
        if not (np.isfinite(constraints).all() and np.isfinite(constraint_rows).all()):
            return OraclePoint(False)
        return OraclePoint(
            True,
            senses * result.evaluation.objectives[0],
            senses[:, None] * jacobian,
            constraints,
            constraint_rows,
        )

    def log(self) -> tuple[np.ndarray, Evaluation]:
        """Return every point evaluated so far (k, p) and its scores."""
        p = self.model.family.n_levers
        if not self.evaluated:
            empty = np.empty((0, len(self.model.objectives)))
            return np.empty((0, p)), Evaluation(
                empty, np.empty((0, len(self.model.constraint_names))), (), ()
            )
        return np.vstack(self.evaluated), Evaluation.concatenate(self.evaluations)


@dataclass(frozen=True)
class Subproblem:
    """One Pascoletti–Serafini subproblem.

    Attributes
    ----------
    reference : ndarray, shape (m,)
        z, objectives in minimisation form.
    direction : ndarray, shape (m,)
        d > 0.
    start : ndarray, shape (p,) or None
        The starting point; None: the previous subproblem's solution in the chain.
    objectives : tuple of int
        The objectives in play (reference and direction give one value each);
        empty: all of them.
    """

    reference: np.ndarray
    direction: np.ndarray
    start: np.ndarray | None = None
    objectives: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chain:
    """Subproblems solved one after the other, each warm-started from the previous one.

    Attributes
    ----------
    subproblems : tuple of Subproblem
        The first one needs a start.
    options : SQPOptions
    """

    subproblems: tuple[Subproblem, ...]
    options: SQPOptions = field(default_factory=SQPOptions)


@dataclass(frozen=True)
class Solution:
    """A solved subproblem: the point, its level t, status, certificate and cost."""

    x: np.ndarray
    level: float
    status: str
    certificate: float
    iterations: int
    evaluations: int


@dataclass(frozen=True)
class ChainOutcome:
    """The solutions of a chain and every point it evaluated (levers (k, p) and scores).

    ``candidates`` (k,) marks the evaluations that are solutions (see the module).
    """

    solutions: tuple[Solution, ...]
    evaluated: np.ndarray
    evaluation: Evaluation
    candidates: np.ndarray


def _restricted(oracle: ScalarisedOracle, objectives: tuple[int, ...]) -> Oracle:
    """Return the oracle with only some objectives (all if none are named)."""
    if not objectives:
        return oracle
    rows = list(objectives)

    def restricted(x: np.ndarray) -> OraclePoint:
        point = oracle(x)
        if not point.ok:
            return point
        return OraclePoint(
            True,
            point.objectives[rows],
            point.objective_jacobian[rows],
            point.constraints,
            point.constraint_jacobian,
        )

    return restricted


def solve_chain(model: FrontierModel, chain: Chain) -> ChainOutcome:
    """Solve a chain of subproblems (on a worker, or here; one BLAS thread).

    Parameters
    ----------
    model : FrontierModel
    chain : Chain

    Returns
    -------
    ChainOutcome
    """
    oracle = ScalarisedOracle(model)
    family = model.family
    box = (family.lower, family.upper)
    solutions: list[Solution] = []
    first = chain.subproblems[0].start
    if first is None:
        raise ValueError("the first subproblem of a chain needs a start.")
    x, hessian = first, None
    with threadpool_limits(1):
        for subproblem in chain.subproblems:
            start = subproblem.start if subproblem.start is not None else x
            result = _solve(oracle, start, box, subproblem, chain.options, hessian)
            solutions.append(
                Solution(
                    result.x,
                    result.level,
                    result.status,
                    result.certificate,
                    result.iterations,
                    result.evaluations,
                )
            )
            if result.status != "failed":
                x, hessian = result.x, result.hessian
    evaluated, evaluation = oracle.log()
    candidates = np.zeros(len(evaluated), dtype=bool)
    for solution in solutions:
        same = np.flatnonzero((evaluated == solution.x).all(axis=1))
        if same.size:
            candidates[same[-1]] = True
    return ChainOutcome(tuple(solutions), evaluated, evaluation, candidates)


def _solve(
    oracle: ScalarisedOracle,
    start: np.ndarray,
    box: tuple[np.ndarray, np.ndarray],
    subproblem: Subproblem,
    options: SQPOptions,
    hessian: np.ndarray | None,
) -> SQPResult:
    """Solve one subproblem; if a warm BFGS matrix stalls it, go on from a fresh one."""
    restricted = _restricted(oracle, subproblem.objectives)
    args = (restricted, start, box, subproblem.reference, subproblem.direction)
    result = solve_scalarised(*args, options=options, hessian=hessian)
    if hessian is not None and result.status == "small_step":
        args = (restricted, result.x, box, subproblem.reference, subproblem.direction)
        again = solve_scalarised(*args, options=options)
        if again.status != "failed":
            return again
    return result


def sqp_options(algorithm: AlgorithmSection) -> SQPOptions:
    """Return the SQP's stopping rules from ``[algorithm]``.

    ``max_iter`` steps (and three times as many evaluations), the ``tolerance``
    certificate.
    """
    return SQPOptions(
        max_iter=algorithm.max_iter,
        tol=algorithm.tolerance,
        max_evaluations=3 * algorithm.max_iter,
    )


def solve_chains(problem: QuotaProblem, chains: list[Chain]) -> list[ChainOutcome]:
    """Solve ``chains`` on the run's workers and log every evaluation into ``problem``.

    The log feeds the run's evaluation count, failures and archive (each chain's
    candidates only).
    """
    outcomes = problem.evaluator.map(solve_chain, chains)  # type: ignore[union-attr]
    for outcome in outcomes:
        problem.log.append((outcome.evaluated, outcome.evaluation, outcome.candidates))
    return outcomes
