"""The run-file sections of the search: how the frontier is searched for and measured.

``[run]`` gives the run's name, seed and parallel backend (:class:`RunSection`),
``[data]`` the dataset and its sample (:class:`DataSection`), ``[algorithm]`` the
search algorithm (:class:`AlgorithmSection`), ``[hypervolume]`` the hypervolume's
reference point and scales (:class:`HypervolumeSection`) and ``[baseline]`` the
paper's methods evaluated for comparison with the frontier (:class:`BaselineSection`;
docs/model.md §6). Each is a frozen options class (:mod:`paretoland.options`) whose
fields declare their type, choices and range once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paretoland.options import Options, option

__all__ = [
    "ALGORITHMS",
    "ALGORITHM_NAMES",
    "BACKENDS",
    "AlgorithmSection",
    "BaselineSection",
    "DataSection",
    "HypervolumeSection",
    "RunSection",
]

BACKENDS: tuple[str, ...] = ("loky", "sequential", "dask")
"""Where evaluations run: joblib's loky processes, one process, or a dask cluster."""
ALGORITHMS: tuple[str, ...] = ("nsga2", "nsga3", "ga", "random", "gradient", "hybrid")
"""The search algorithms an ``[algorithm] name`` chooses from."""
ALGORITHM_NAMES: dict[str, str] = {
    "nsga2": "NSGA-II",
    "nsga3": "NSGA-III",
    "ga": "GA",
    "random": "random search",
    "gradient": "gradient sweep",
    "hybrid": "hybrid (NSGA-II or NSGA-III and gradients)",
}
"""How texts name each algorithm."""
_MAX_SEED = 2**32 - 1  # numpy's legacy seeding (pymoo) takes seeds below 2**32
_RUN_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class RunSection(Options):
    """``[run]``: the run's name, seed and parallel backend.

    Parameters
    ----------
    name : str
        Output folder ``runs/<name>``: letters, digits, ``-``, ``_`` and ``.``.
    seed : int
        Seed of the search, in [0, 2³² − 1].
    n_jobs : int
        Worker processes (≥ 1), or -1 for all cores.
    backend : {"loky", "sequential", "dask"}
        Where evaluations run.
    scheduler : str
        Dask scheduler address (e.g. ``"tcp://10.0.0.1:8786"``); ``""`` starts a
        LocalCluster. Only allowed with ``backend = "dask"``.
    checkpoint : bool
        Save the search state after every generation, so a run can resume.
    """

    name: str = "default"
    seed: int = option(1, at_least=0, at_most=_MAX_SEED, meaning="numpy seeds lie below 2**32")
    n_jobs: int = 2
    backend: str = option("loky", choices=BACKENDS)
    scheduler: str = ""
    checkpoint: bool = True
    _LABEL = "[run]"

    def _check(self) -> None:
        if not _RUN_NAME.fullmatch(self.name) or set(self.name) == {"."}:
            self._bad(
                "name",
                "must be a folder name of letters, digits, '-', '_' and '.' "
                '(the output goes to runs/<name>), e.g. name = "nsga2-pop100".',
            )
        if self.n_jobs < 1 and self.n_jobs != -1:
            self._bad(
                "n_jobs",
                "must be a number of worker processes (>= 1) or -1 for all cores, e.g. n_jobs = 2.",
            )
        if self.scheduler and self.backend != "dask":
            self._bad(
                "scheduler",
                'a scheduler is only used with backend = "dask"; set '
                'backend = "dask" or scheduler = "".',
            )


@dataclass(frozen=True)
class DataSection(Options):
    """``[data]``: the dataset folder and the sample.

    Parameters
    ----------
    path : str
        The dataset folder; ``""`` is the embedded dataset. A relative path in a file
        is resolved against the file's folder by
        :func:`~paretoland.frontier.config.loading.load_config`.
    keep_tibet : bool
        Keep Tibet's cities; by default they are left out, as in the paper (docs/model.md
        §2; :func:`paretoland.load_cities`).
    """

    path: str = ""
    keep_tibet: bool = False
    _LABEL = "[data]"


@dataclass(frozen=True)
class AlgorithmSection(Options):
    """``[algorithm]``: the search algorithm.

    Parameters
    ----------
    name : {"nsga2", "nsga3", "ga", "random", "gradient", "hybrid"}
        Multi-objective NSGA-II / NSGA-III, single-objective GA, random search, a
        sweep of scalarised subproblems solved with exact gradients, or NSGA-II seeded
        with the parametric frontier and polished with gradients (per-city family).
    pop_size : int
        Population (random search: samples per generation; gradient: subproblems per
        iteration), ≥ 4.
    n_gen : int
        Generations, ≥ 1 (hybrid: per-city NSGA-II generations; gradient: unused).
    n_partitions : int
        NSGA-III and gradient: Das–Dennis partitions of the reference directions;
        0 = automatic.
    objective : str
        GA: the objective optimised; one of ``[objectives] names``.
    n_samples : int
        Random search: total samples; 0 = ``pop_size * n_gen``.
    chain : int
        Gradient and hybrid: subproblems solved one after the other on a worker, each
        warm-started from the previous one's solution and BFGS matrix, ≥ 1.
    max_iter : int
        Gradient and hybrid: largest number of SQP steps per subproblem, ≥ 1.
    tolerance : float
        Gradient and hybrid: a subproblem stops at this Pareto-stationarity
        certificate (or KKT residual), in (0, 1).
    seed_generations : int
        Hybrid: generations of the parametric NSGA-II whose frontier seeds the search
        (population ``pop_size``); ignored with ``seed_run``.
    seed_run : str
        Hybrid: a finished parametric run of the same market whose Pareto set seeds
        the search instead (a folder; relative to the config file); ``""``: none.
    polish_every : int
        Hybrid: a polishing round after every this many per-city generations; 0 = only
        at the end.
    polish_points : int
        Hybrid: non-dominated points polished per round, ≥ 1.
    final_rounds : int
        Hybrid: polishing rounds at the end, ≥ 1 (each polishes the non-dominated
        points not yet polished).
    evolution : {"nsga2", "nsga3"}
        Hybrid: the evolutionary algorithm of the seed and per-city stages (NSGA-III
        with Das–Dennis reference directions, ``n_partitions`` or automatic).
    """

    name: str = option("nsga2", choices=ALGORITHMS)
    pop_size: int = option(100, at_least=4, meaning="individuals per generation")
    n_gen: int = option(200, at_least=1, meaning="generations")
    n_partitions: int = option(0, at_least=0, meaning="0 chooses the partitions automatically")
    objective: str = "gdp"
    n_samples: int = option(0, at_least=0, meaning="0 means pop_size * n_gen")
    chain: int = option(4, at_least=1, meaning="subproblems per warm-started chain")
    max_iter: int = option(150, at_least=1, meaning="SQP steps per subproblem")
    tolerance: float = option(
        1e-4, above=0.0, below=1.0, meaning="a Pareto-stationarity certificate, in (0, 1)"
    )
    seed_generations: int = option(
        200, at_least=0, meaning="generations of the parametric seed run"
    )
    seed_run: str = ""
    polish_every: int = option(0, at_least=0, meaning="0 polishes only at the end")
    polish_points: int = option(32, at_least=1, meaning="points polished per round")
    final_rounds: int = option(4, at_least=1, meaning="polishing rounds at the end")
    evolution: str = option("nsga2", choices=("nsga2", "nsga3"))
    _LABEL = "[algorithm]"

    @property
    def total_samples(self) -> int:
        """Samples a random search draws: ``n_samples``, or ``pop_size * n_gen`` if 0."""
        return self.n_samples or self.pop_size * self.n_gen


@dataclass(frozen=True)
class HypervolumeSection(Options):
    """``[hypervolume]``: reference point and scales, per objective name.

    Parameters
    ----------
    reference : dict of str to float
        Reference value per objective, in its own sense and units (percentage
        points); objectives not listed use 0 (no change).
    scale : dict of str to float
        Positive normalising scale per objective (pp); objectives not listed use 1.
    """

    reference: dict[str, float] = field(default_factory=dict)
    scale: dict[str, float] = option(
        factory=dict, above=0.0, each=True, meaning="percentage points, e.g. 1.0"
    )
    _LABEL = "[hypervolume]"


@dataclass(frozen=True)
class BaselineSection(Options):
    """``[baseline]``: the paper's methods, evaluated for comparison with the frontier.

    Parameters
    ----------
    random_samples : int
        Random parametric rules sampled (the paper's Table 4 method); 0 skips.
    uniform_rules : bool
        Also evaluate the paper's Table 2–3 uniform rules.
    """

    random_samples: int = option(2000, at_least=0, meaning="0 skips the random-search baseline")
    uniform_rules: bool = True
    _LABEL = "[baseline]"
