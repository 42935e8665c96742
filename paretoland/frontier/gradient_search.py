"""A gradient-based frontier search: a sweep of Pascoletti–Serafini subproblems.

``[algorithm] name = "gradient"`` maps the frontier of any rule family with the exact
derivatives (:mod:`paretoland.frontier.gradient_evaluation`), in two steps:

1. **anchors**: from a starting rule x₀, each objective alone, which gives the ideal
   point f* and a nadir estimate f^N (the anchors' worst);
2. **the sweep**: each reference direction w of a Das–Dennis lattice on the simplex
   (``n_partitions``) gives the subproblem

       min t   s.t.   (f_j(x) − z_j) / d_j ≤ t,   d_j = (w_j + δ)(f^N_j − f*_j),

   with z = f* − 5 % of (f^N − f*) (minimisation form), plus the model's constraints
   (:mod:`paretoland.frontier.subproblems`), solved by SQP
   (:mod:`paretoland.frontier.sqp`) to a Pareto-stationarity certificate of
   ``tolerance``. Its solution is where the ray from z along d meets the (local)
   frontier, so the lattice spreads the solutions over the whole frontier;
   δ = :data:`DIRECTION_FLOOR` keeps every objective in play at the lattice's edges.

The directions are taken ``pop_size`` per iteration, in lattice order, as chains of
``chain`` neighbours: a chain starts from the solution of the nearest direction
already solved (x₀ at first) and each next subproblem from the previous solution and
BFGS matrix (warm starts). Chains run in parallel through the run's
:class:`~paretoland.frontier.parallel.BatchEvaluator` (loky or dask); a chain never
depends on where it runs, so 1 or 2 workers give the same frontier. A checkpoint
follows every iteration. Every subproblem's solution enters the run's archive (and the
starting candidates, as an evolutionary run's candidates do); the SQP's iterates and
line-search trials are steps of one optimisation, not candidates: they count as
evaluations and their failures are logged, but they stay out of the archive.

x₀ is the best of the family's midpoint, a rule next to its lower bounds (every lever
10⁻³ of its range above its lower bound: next to no trade for the per-city family,
where the Pareto constraints are slack) and :data:`START_SAMPLES` − 3 rules drawn with
the run's seed: the least violation of the model's constraints first, then the
smallest sum of scaled objectives (minimisation form).
"""

from __future__ import annotations

from math import ceil

import numpy as np

from paretoland.frontier.config import RunConfig
from paretoland.frontier.directions import sweep_directions  # also importable from here
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.subproblems import Chain, Subproblem, solve_chains, sqp_options

__all__ = [
    "DIRECTION_FLOOR",
    "START_SAMPLES",
    "GradientSweep",
    "gradient_iterations",
]

DIRECTION_FLOOR = 0.02
"""δ added to every weight of a reference direction."""
START_SAMPLES = 32
"""Candidates for the starting rule (the midpoint and random draws)."""


def gradient_iterations(config: RunConfig) -> int:
    """Return the iterations of a gradient run: the anchors, then ``pop_size`` directions each."""
    algo = config.algorithm
    count = len(sweep_directions(len(config.objective_names), algo.n_partitions))
    return 1 + ceil(count / algo.pop_size)


class GradientSweep:
    """The sweep as an algorithm the run drives one iteration at a time (``next()``).

    Parameters
    ----------
    problem : QuotaProblem
        The run's problem (its evaluator and log).
    config : RunConfig
    """

    def __init__(self, problem: QuotaProblem, config: RunConfig) -> None:
        algo = config.algorithm
        self.problem = problem
        self.weights = sweep_directions(len(problem.model.objectives), algo.n_partitions)
        names = problem.model.objective_names
        self.scale = np.array([config.hv_scale[n] for n in names])
        self.options = sqp_options(algo)
        self.pop_size, self.chain = algo.pop_size, algo.chain
        self.random_state = np.random.default_rng(config.run.seed)
        self.start: np.ndarray | None = None
        self.reference: np.ndarray | None = None
        self.anchors: list[np.ndarray] = []
        self.span = self.scale
        self.solved: dict[int, np.ndarray] = {}
        self.n_iter = 0

    def next(self) -> None:
        """Solve the anchors (first call), then the next ``pop_size`` directions."""
        if self.start is None:
            self._choose_start()
            self._anchors()
            self.n_iter += 1
            return
        first = (self.n_iter - 1) * self.pop_size
        batch = range(first, min(first + self.pop_size, len(self.weights)))
        chains = [list(batch[i : i + self.chain]) for i in range(0, len(batch), self.chain)]
        outcomes = self._solve([self._chain(members) for members in chains])
        for members, outcome in zip(chains, outcomes, strict=True):
            for index, solution in zip(members, outcome.solutions, strict=True):
                if solution.status != "failed":
                    self.solved[index] = solution.x
        self.n_iter += 1

    def direction(self, index: int) -> np.ndarray:
        """Return d of direction ``index`` (shape (m,), positive)."""
        return (self.weights[index] + DIRECTION_FLOOR) * self.span

    def _solve(self, tasks: list[Chain]) -> list:
        return solve_chains(self.problem, tasks)

    def _anchors(self) -> None:
        """Minimise each objective alone from x₀; set z and the directions' scale."""
        assert self.start is not None and self.reference is not None
        m = len(self.reference)
        tasks = []
        for j in range(m):
            alone = Subproblem(self.reference[j : j + 1], self.scale[j : j + 1], self.start, (j,))
            tasks.append(Chain((alone,), self.options))
        found = [self.reference]
        self.anchors = []
        for outcome in self._solve(tasks):
            solution = outcome.solutions[0]
            self.anchors.append(solution.x)
            rows = np.array([e == "converged" for e in outcome.evaluation.statuses])
            at = np.flatnonzero(rows & (outcome.evaluated == solution.x).all(axis=1))
            if at.size:
                found.append(outcome.evaluation.objectives[at[0]] * self.problem.model.senses)
        points = np.array(found)
        ideal, nadir = points.min(axis=0), points.max(axis=0)
        self.span = np.maximum(nadir - ideal, 1e-3 * self.scale)
        self.reference = ideal - 0.05 * self.span

    def _chain(self, members: list[int]) -> Chain:
        assert self.reference is not None
        subproblems = [
            Subproblem(self.reference, self.direction(i), self._warm_start(i) if k == 0 else None)
            for k, i in enumerate(members)
        ]
        return Chain(tuple(subproblems), self.options)

    def _warm_start(self, index: int) -> np.ndarray:
        """Return the solution of the nearest direction solved so far, or an anchor.

        The anchor of the objective with the smallest weight (the one given up least).
        """
        if not self.solved:
            return self.anchors[int(np.argmin(self.weights[index]))]
        done = np.array(sorted(self.solved))
        distance = np.linalg.norm(self.weights[done] - self.weights[index], axis=1)
        return self.solved[int(done[int(np.argmin(distance))])]

    def _choose_start(self) -> None:
        """Pick x₀ and z (see the module)."""
        problem = self.problem
        family = problem.model.family
        span = family.upper - family.lower
        draws = self.random_state.uniform(
            family.lower, family.upper, size=(START_SAMPLES - 3, family.n_levers)
        )
        candidates = np.vstack([family.lower + 0.5 * span, family.lower + 1e-3 * span, draws])
        scores = problem.evaluator(candidates)  # type: ignore[misc]
        problem.log.append((candidates, scores, None))
        minimised = scores.objectives * problem.model.senses
        total = (minimised / self.scale).sum(axis=1)
        violation = np.maximum(scores.constraints, 0.0).sum(axis=1)  # failed: 1e9
        best = int(np.lexsort((total, violation))[0])
        self.start, self.reference = candidates[best], minimised[best]
