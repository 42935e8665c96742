"""The hybrid city-level search: NSGA-II seeded with the parametric frontier, polished.

``[algorithm] name = "hybrid"`` (per-city family) runs, one checkpointed iteration at
a time (:func:`hybrid_schedule`):

1. **seed**: the paper's parametric rule searched by NSGA-II for ``seed_generations``
   generations, every candidate mapped exactly to per-city levers
   (:func:`~paretoland.frontier.seeding.parametric_to_per_city`) and evaluated as such,
   so the run's archive holds the parametric frontier as per-city rules; or, with
   ``seed_run``, the Pareto set of a finished parametric run, mapped and evaluated
   once. Every parametric frontier point is then in the archive or dominated by a
   point of it.
2. **evolve**: NSGA-II on the per-city levers for ``n_gen`` generations, its first
   population ``pop_size`` well-spread points of that archive.
3. **polish**: every ``polish_every`` generations and ``final_rounds`` times at the end,
   up to ``polish_points`` non-dominated archive points not yet polished, spread over
   the front, are each improved by SQP on their own Pascoletti–Serafini subproblem
   (reference: the point's objectives, direction: the hypervolume scales), to a
   Pareto-stationarity certificate of ``tolerance`` (:mod:`.subproblems`). A
   solution weakly dominates its starting point. Periodic rounds hand their solutions
   to NSGA-II's population (its survival picks the next population).

The archive keeps every evaluated point, as for the other algorithms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.algorithms.moo.nsga3 import NSGA3
from pymoo.core.population import Population
from pymoo.core.problem import Problem

from paretoland.exceptions import ConfigError, OutputError
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.config import RunConfig
from paretoland.frontier.directions import nsga3_directions
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.seeding import parametric_to_per_city
from paretoland.frontier.subproblems import Chain, Subproblem, solve_chains, sqp_options

__all__ = [
    "HybridSearch",
    "MappedParametricProblem",
    "hybrid_schedule",
    "seed_run_record",
    "spread_points",
]


def hybrid_schedule(config: RunConfig) -> list[str]:
    """Return the hybrid's iterations in order: ``"seed"``, ``"evolve"``, ``"polish"``."""
    algo = config.algorithm
    stages = ["seed"] * (1 if algo.seed_run else algo.seed_generations)
    for generation in range(1, algo.n_gen + 1):
        stages.append("evolve")
        if algo.polish_every and generation % algo.polish_every == 0 and generation < algo.n_gen:
            stages.append("polish")
    return stages + ["polish"] * algo.final_rounds


def spread_points(points: np.ndarray, count: int) -> np.ndarray:
    """Return the rows of ``count`` points spread over ``points`` (k, m), in pick order.

    The best point of each column first, then farthest-point sampling on the columns
    scaled to [0, 1] (deterministic; ties to the lowest row).
    """
    k = len(points)
    if k <= count:
        return np.arange(k)
    span = np.ptp(points, axis=0)
    scaled = (points - points.min(axis=0)) / np.where(span > 0, span, 1.0)
    picked = list(dict.fromkeys(int(i) for i in np.argmin(scaled, axis=0)))[:count]
    distance = np.min(
        np.linalg.norm(scaled[:, None, :] - scaled[picked][None, :, :], axis=2), axis=1
    )
    while len(picked) < count:
        nxt = int(np.argmax(distance))
        picked.append(nxt)
        distance = np.minimum(distance, np.linalg.norm(scaled - scaled[nxt], axis=1))
    return np.array(picked)


class MappedParametricProblem(Problem):
    """The parametric rule as a pymoo problem evaluated through per-city levers.

    Its candidates are mapped to per-city levers and scored by the per-city problem's
    evaluator, so they enter the run's archive as per-city rules.

    Parameters
    ----------
    parent : QuotaProblem
        The run's per-city problem (its model, evaluator and log).
    weight_bound : float
        The parametric weights' bound (``[rule] weight_bound``).
    """

    def __init__(self, parent: QuotaProblem, weight_bound: float) -> None:
        self.parent, self.weight_bound = parent, weight_bound
        self._family: ParametricFamily | None = None
        family = self.family
        super().__init__(
            n_var=family.n_levers,
            n_obj=parent.n_obj,
            n_ieq_constr=parent.n_ieq_constr,
            xl=family.lower,
            xu=family.upper,
        )

    @property
    def family(self) -> ParametricFamily:
        """The parametric family on the per-city family's economy and market."""
        if self._family is None:
            per_city = self.parent.model.family
            self._family = ParametricFamily(
                per_city.calibration, per_city.market, per_city.max_share, self.weight_bound
            )
        return self._family

    def _evaluate(self, X: np.ndarray, out: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        per_city = self.parent.model.family
        assert isinstance(per_city, PerCityFamily)
        levers = parametric_to_per_city(self.family, per_city, X)
        self.parent._evaluate(levers, out)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_family"] = None  # rebuilt from the model
        return state


def seed_run_record(config: RunConfig) -> dict[str, Any] | None:
    """Check the hybrid's ``seed_run`` against ``config`` and return what it cost.

    The seed run must be a finished parametric run of the same market, share cap and
    weight bound (its levers then map exactly into this run's per-city levers; another
    market would be clipped into this one's box silently).

    Returns
    -------
    dict or None
        ``path``, ``n_evaluations`` and ``seconds`` (its generation loop) of the seed
        run, recorded in the metadata so that anytime curves count them first; None
        without ``seed_run``.

    Raises
    ------
    ConfigError
        If the folder is not a finished run, not parametric, or of another market.
    """
    algo = config.algorithm
    if algo.name != "hybrid" or not algo.seed_run:
        return None
    from paretoland.frontier.results import FrontierResult

    try:
        seed = FrontierResult.load(algo.seed_run)
    except (OutputError, OSError, ValueError) as error:
        raise ConfigError(
            f"[algorithm] seed_run: {error} Give the folder of a finished parametric run "
            "(paretoland frontier with family = 'parametric'), or drop seed_run."
        ) from None
    ours, theirs = config.rule, seed.config.rule
    differ = [
        name
        for name in ("market", "max_share", "weight_bound")
        if getattr(ours, name) != getattr(theirs, name)
    ]
    if theirs.family != "parametric" or differ:
        what = (
            "not a parametric run"
            if theirs.family != "parametric"
            else (f"another {' and '.join(differ)} under [rule]")
        )
        raise ConfigError(
            f"[algorithm] seed_run: {algo.seed_run} is {what}; seed the hybrid with a "
            "parametric run of the same [rule] table (family aside), or drop seed_run."
        )
    seconds = seed.metadata.get("generation_seconds") or [float("nan")]
    return {
        "path": str(algo.seed_run),
        "n_evaluations": int(seed.metadata.get("n_evaluations", 0)),
        "seconds": float(seconds[-1]),
    }


class HybridSearch:
    """The hybrid as an algorithm the run drives one iteration at a time (``next()``).

    Parameters
    ----------
    problem : QuotaProblem
        The run's per-city problem.
    config : RunConfig
    """

    def __init__(self, problem: QuotaProblem, config: RunConfig) -> None:
        algo = config.algorithm
        self.problem = problem
        self.schedule = hybrid_schedule(config)
        self.seed_run, self.weight_bound = algo.seed_run, config.rule.weight_bound
        self.pop_size, self.n_gen, self.seed = algo.pop_size, algo.n_gen, config.run.seed
        self.seed_generations = algo.seed_generations
        self.chain, self.polish_points = algo.chain, algo.polish_points
        self.options = sqp_options(algo)
        names = problem.model.objective_names
        self.scale = np.array([config.hv_scale[n] for n in names])
        self.ref_dirs: np.ndarray | None = None  # NSGA-III's, with evolution = "nsga3"
        self.population = algo.pop_size  # individuals per generation
        if algo.evolution == "nsga3":
            self.ref_dirs, self.population = nsga3_directions(
                problem.n_obj, algo.pop_size, algo.n_partitions
            )
        self.seeding: NSGA2 | NSGA3 | None = None
        self.evolution: NSGA2 | NSGA3 | None = None
        self.polished: set[bytes] = set()
        self.archive: ParetoArchive | None = None
        self.n_iter = 0

    def attach(self, archive: ParetoArchive) -> None:
        """Give the search the run's archive (read before each iteration, never pickled)."""
        self.archive = archive

    def next(self) -> None:
        """Run the next iteration of the schedule."""
        stage = self.schedule[self.n_iter]
        if stage == "seed":
            self._seed()
        elif stage == "evolve":
            self._evolve()
        else:
            self._polish()
        self.n_iter += 1

    # ------------------------------------------------------------- stages
    def _seed(self) -> None:
        if self.seed_run:
            self._seed_from_run()
            return
        if self.seeding is None:
            self.seeding = self._algorithm()
            self.seeding.setup(
                MappedParametricProblem(self.problem, self.weight_bound),
                termination=("n_gen", self.seed_generations),
                seed=self.seed,
                verbose=False,
            )
        self.seeding.next()

    def _seed_from_run(self) -> None:
        """Evaluate the seed run's Pareto set as per-city rules (checked by seed_run_record)."""
        mapped = MappedParametricProblem(self.problem, self.weight_bound)
        frame = pd.read_parquet(Path(self.seed_run) / "pareto_set.parquet")
        levers = frame[list(mapped.family.names)].to_numpy(np.float64)
        mapped.evaluate(levers, return_as_dictionary=True)

    def _evolve(self) -> None:
        if self.evolution is None:
            self.evolution = self._algorithm(sampling=self._initial())
            self.evolution.setup(
                self.problem, termination=("n_gen", self.n_gen), seed=self.seed, verbose=False
            )
        self.evolution.next()

    def _algorithm(self, sampling: np.ndarray | None = None) -> NSGA2 | NSGA3:
        """Return the seed or per-city stage's NSGA-II, or NSGA-III (``evolution``)."""
        extra = {} if sampling is None else {"sampling": sampling}
        if self.ref_dirs is not None:
            return NSGA3(
                ref_dirs=self.ref_dirs, pop_size=self.population, eliminate_duplicates=True, **extra
            )
        return NSGA2(pop_size=self.population, eliminate_duplicates=True, **extra)

    def _initial(self) -> np.ndarray:
        """Return the per-city stage's first population: spread archive points, fill-ins.

        When the archive holds fewer points than a population (a constraint few rules
        meet), the seed stage's last population (mapped) and uniform draws fill it.
        """
        size = self.population
        archive = self._archive()
        parts = [archive.levers[spread_points(archive.minimised(), size)]]
        if self.seeding is not None and self.seeding.pop is not None:
            mapped = MappedParametricProblem(self.problem, self.weight_bound)
            per_city = self.problem.model.family
            assert isinstance(per_city, PerCityFamily)
            parts.append(parametric_to_per_city(mapped.family, per_city, self.seeding.pop.get("X")))
        missing = size - sum(len(part) for part in parts)
        if missing > 0:
            family = self.problem.model.family
            draws = np.random.default_rng(self.seed).uniform(
                family.lower, family.upper, size=(missing, family.n_levers)
            )
            parts.append(draws)
        return np.vstack(parts)[:size]

    def _candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the points a polishing round chooses from: levers and objectives.

        The archive's points not yet polished; if the archive is empty (no rule met
        the constraints yet), NSGA-II's population, least violation first, so that
        SQP can restore feasibility. Objectives in minimisation form (all columns).
        """
        archive = self._archive()
        senses = self.problem.model.senses
        fresh = np.array([x.tobytes() not in self.polished for x in archive.levers], dtype=bool)
        if len(archive) or self.evolution is None or self.evolution.pop is None:
            return archive.levers[fresh], archive.objectives[fresh] * senses
        population = self.evolution.pop
        order = np.argsort(population.get("CV")[:, 0], kind="stable")[: self.polish_points]
        levers = population.get("X")[order]
        keep = np.array([x.tobytes() not in self.polished for x in levers], dtype=bool)
        return levers[keep], population.get("F")[order][keep]

    def _polish(self) -> None:
        levers, full = self._candidates()
        if len(levers) == 0:
            return
        picked = spread_points(full, self.polish_points)
        picked = picked[np.lexsort(full[picked].T[::-1])]  # neighbours in one chain
        self.polished.update(levers[i].tobytes() for i in picked)
        tasks = [
            Chain(
                tuple(
                    Subproblem(full[i], self._direction(), levers[i])
                    for i in picked[start : start + self.chain]
                ),
                self.options,
            )
            for start in range(0, len(picked), self.chain)
        ]
        solutions = []
        for outcome in solve_chains(self.problem, tasks):
            for solution in outcome.solutions:
                self.polished.add(solution.x.tobytes())
                if solution.status != "failed":
                    solutions.append(solution.x)
        if solutions and self.evolution is not None and self.evolution.has_next():
            self._inject(np.array(solutions))

    def _direction(self) -> np.ndarray:
        return np.asarray(self.scale, dtype=np.float64)

    def _inject(self, levers: np.ndarray) -> None:
        """Hand polished points to NSGA-II: its survival picks the next population."""
        evolution = self.evolution
        assert evolution is not None
        offspring = Population.new("X", levers)
        evolution.evaluator.eval(self.problem, offspring)
        merged = Population.merge(evolution.pop, offspring)
        evolution.pop = evolution.survival.do(
            self.problem, merged, n_survive=self.population, algorithm=evolution,
            random_state=evolution.random_state,
        )  # fmt: skip

    def _archive(self) -> ParetoArchive:
        if self.archive is None:
            raise RuntimeError("attach the run's archive (search.attach(archive)) first.")
        return self.archive

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["archive"] = None  # the run's: rebuilt from its log on resume
        return state
