"""The search algorithms: NSGA-II, NSGA-III, GA, random search, gradient sweep, hybrid.

The gradient-based sweep and the hybrid live in :mod:`.gradient_search` and
:mod:`.hybrid`.

All are driven one generation at a time through ``algorithm.next()``, so a run can
checkpoint and resume between generations; each keeps its random state inside the
object (pymoo's ``random_state``; :class:`RandomSearch`'s generator), so a pickled
algorithm continues exactly where it stopped.
"""

from __future__ import annotations

import numpy as np
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.algorithms.moo.nsga3 import NSGA3
from pymoo.algorithms.soo.nonconvex.ga import GA
from pymoo.core.algorithm import Algorithm

from paretoland.frontier.config import RunConfig
from paretoland.frontier.directions import (
    nsga3_directions,
    nsga3_partitions,  # noqa: F401  (also importable from here)
)
from paretoland.frontier.gradient_search import GradientSweep, gradient_iterations
from paretoland.frontier.hybrid import HybridSearch, hybrid_schedule
from paretoland.frontier.parallel import split_batches
from paretoland.frontier.problem import QuotaProblem

__all__ = ["RandomSearch", "make_algorithm", "n_iterations", "random_batches"]


def random_batches(config: RunConfig) -> list[slice]:
    """Return the samples of a random search, split into generations of ``pop_size``."""
    algo = config.algorithm
    n_samples = algo.n_samples or algo.pop_size * algo.n_gen
    return split_batches(n_samples, -(-n_samples // algo.pop_size))


class RandomSearch:
    """The paper's method: decision vectors drawn uniformly within the levers' bounds.

    Parameters
    ----------
    problem : QuotaProblem
    batches : list of slice
        Sample index ranges, one per generation.
    seed : int
    """

    def __init__(self, problem: QuotaProblem, batches: list[slice], seed: int) -> None:
        self.problem = problem
        self.batches = batches
        self.random_state = np.random.default_rng(seed)
        self.n_iter = 0

    def next(self) -> None:
        """Draw and evaluate the next batch."""
        part = self.batches[self.n_iter]
        size = part.stop - part.start
        X = self.random_state.uniform(
            self.problem.xl, self.problem.xu, size=(size, self.problem.n_var)
        )
        self.problem.evaluate(X, return_as_dictionary=True)
        self.n_iter += 1


def n_iterations(config: RunConfig) -> int:
    """Return the iterations (generations) of a run: a checkpoint follows each."""
    algo = config.algorithm
    if algo.name == "random":
        return len(random_batches(config))
    if algo.name == "gradient":
        return gradient_iterations(config)
    if algo.name == "hybrid":
        return len(hybrid_schedule(config))
    return algo.n_gen


def make_algorithm(config: RunConfig, problem: QuotaProblem) -> Algorithm:
    """Return the config's algorithm, set up on ``problem`` with the run's seed."""
    algo = config.algorithm
    seed = config.run.seed
    if algo.name == "random":
        return RandomSearch(problem, random_batches(config), seed)
    if algo.name == "gradient":
        return GradientSweep(problem, config)
    if algo.name == "hybrid":
        return HybridSearch(problem, config)
    if algo.name == "nsga3":
        ref_dirs, population = nsga3_directions(problem.n_obj, algo.pop_size, algo.n_partitions)
        algorithm = NSGA3(ref_dirs=ref_dirs, pop_size=population)
    elif algo.name == "ga":
        algorithm = GA(pop_size=algo.pop_size, eliminate_duplicates=True)
    else:
        algorithm = NSGA2(pop_size=algo.pop_size, eliminate_duplicates=True)
    algorithm.setup(problem, termination=("n_gen", algo.n_gen), seed=seed, verbose=False)
    return algorithm
