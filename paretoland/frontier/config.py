"""Run configuration of a frontier search: a strictly checked TOML file (docs/model.md §6).

A run is described by a TOML file with the sections ``[run]``, ``[data]``, ``[params]``,
``[rule]``, ``[objectives]``, ``[constraints]``, ``[algorithm]``, ``[solver]``,
``[hypervolume]`` and ``[baseline]``; ``problems/default.toml`` lists every key with its
default and meaning (:func:`config_keys` lists them). Each section is a frozen options
class (:mod:`paretoland.options`) whose fields declare their type, choices and range
once; ``[params]`` is a :class:`~paretoland.model.params.ModelParams` and ``[solver]``
an :class:`~paretoland.model.equilibrium.IterationConfig`, which check their own values.
The ``[rule]`` table builds the :class:`~paretoland.model.quotas.QuotaRule` of the
market, whose options are declared and checked in :mod:`paretoland.model.quotas`.
:class:`RunConfig` holds the sections and :func:`load_config` builds one from a file or
a dict.

Strictness is the point: an unknown section or key, a value of the wrong type (a
boolean is never a number, a float never an integer) or a value outside its allowed
set or range raises :class:`~paretoland.exceptions.ConfigError` naming the file, the
section and key, the bad value and the fix, with the closest valid name for a
misspelling (``[algorithm] n_gens: unknown key; did you mean 'n_gen'?``). Integers
are accepted where numbers are expected and stored as floats.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import tomli_w

from paretoland.data.dataset import CityData, load_cities
from paretoland.exceptions import ConfigError
from paretoland.frontier.indicators import BUILTIN_SENSES
from paretoland.frontier.levers import FAMILY_LAND_USE, MAX_SHARE, WEIGHT_BOUND
from paretoland.model.equilibrium.inputs import BACKENDS as SOLVER_BACKENDS
from paretoland.model.equilibrium.inputs import METHODS as SOLVER_METHODS
from paretoland.model.equilibrium.inputs import IterationConfig
from paretoland.model.outcomes import DISPERSION_MEASURES
from paretoland.model.params import WEDGE_BASES, WEDGE_LABOUR, ModelParams
from paretoland.model.quotas import QuotaRule
from paretoland.options import (
    OptionError,
    Options,
    check_keys,
    checked_values,
    hint,
    option,
    render,
    render_key,
    table_of,
)

__all__ = [
    "ALGORITHMS",
    "ALGORITHM_NAMES",
    "BACKENDS",
    "MARKET_KEYS",
    "RULE_FAMILIES",
    "SECTIONS",
    "AlgorithmSection",
    "BaselineSection",
    "ConstraintsSection",
    "CustomObjective",
    "DataSection",
    "HypervolumeSection",
    "ObjectivesSection",
    "RuleSection",
    "RunConfig",
    "RunSection",
    "config_keys",
    "default_config",
    "load_config",
]

BACKENDS: tuple[str, ...] = ("loky", "sequential", "dask")
"""Where evaluations run: joblib's loky processes, one process, or a dask cluster."""
RULE_FAMILIES: tuple[str, ...] = ("parametric", "per_city")
ALGORITHMS: tuple[str, ...] = ("nsga2", "nsga3", "ga", "random", "gradient", "hybrid")
ALGORITHM_NAMES: dict[str, str] = {
    "nsga2": "NSGA-II",
    "nsga3": "NSGA-III",
    "ga": "GA",
    "random": "random search",
    "gradient": "gradient sweep",
    "hybrid": "hybrid (NSGA-II and gradients)",
}
"""How texts name each algorithm."""
SENSES: tuple[str, ...] = ("max", "min")
MARKET_KEYS: tuple[str, ...] = (
    "land_use",
    "scope",
    "participation",
    "seller_provinces",
    "buyer_provinces",
    "seller_price",
    "default_buyer_price",
    "buyer_prices",
)
"""The :class:`~paretoland.model.quotas.QuotaRule` options a ``[rule]`` table sets: the
market a rule family trades in."""
_MAX_SEED = 2**32 - 1  # numpy's legacy seeding (pymoo) takes seeds below 2**32
_RUN_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_FUNCTION = re.compile(f"{_DOTTED}:{_DOTTED}")


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
        is resolved against the file's folder by :func:`load_config`.
    keep_tibet : bool
        Keep Tibet's cities; by default they are left out, as in the paper (docs/model.md
        §2; :func:`paretoland.load_cities`).
    """

    path: str = ""
    keep_tibet: bool = False
    _LABEL = "[data]"


@dataclass(frozen=True)
class RuleSection(Options):
    """``[rule]``: the family of rules searched over, and its market (docs/model.md §5–6).

    The ``[rule]`` table is flat: ``family``, ``max_share`` and ``weight_bound`` are
    the family's; the other keys (:data:`MARKET_KEYS`) are options of the
    :class:`~paretoland.model.quotas.QuotaRule` that is the market, declared and
    checked there. They read as the section's own: ``rule.land_use`` is
    ``rule.market.land_use``.

    Parameters
    ----------
    family : {"parametric", "per_city"}
        The paper's 12-weight rule, or one decision variable per city.
    market : QuotaRule
        Land use ("productive", "residential" or "both"), scope, participation,
        provinces and prices.
    max_share : float
        φ_max, the largest share of its land a seller may give up, in (0, 1).
    weight_bound : float
        Parametric weights lie in [−weight_bound, weight_bound]; > 0.
    """

    family: str = option("parametric", choices=RULE_FAMILIES)
    market: QuotaRule = field(default_factory=QuotaRule)
    max_share: float = option(0.3, spec=MAX_SHARE)
    weight_bound: float = option(3.0, spec=WEIGHT_BOUND)
    _LABEL = "[rule]"

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return the keys of a ``[rule]`` table, in file order."""
        return ("family", *MARKET_KEYS[:5], "max_share", "weight_bound", *MARKET_KEYS[5:])

    @classmethod
    def from_table(cls, table: Any, label: str | None = None) -> RuleSection:
        """Build one from a flat ``[rule]`` table; the market keys build its QuotaRule."""
        label = cls._LABEL if label is None else label
        check_keys(label, table, cls.keys())
        market = {k: v for k, v in table.items() if k in MARKET_KEYS}
        if "land_use" in market:  # before the QuotaRule, which also allows "split"
            FAMILY_LAND_USE.checked(market["land_use"], str, label, "land_use")
        try:
            rule = QuotaRule(**market)
        except OptionError as exc:
            raise exc.relabel(label) from None
        return cls(market=rule, **{k: v for k, v in table.items() if k not in MARKET_KEYS})

    def to_table(self) -> dict[str, Any]:
        """Return the flat ``[rule]`` table."""
        own, market = super().to_table(), table_of(self.market)
        return {key: own[key] if key in own else market[key] for key in self.keys()}

    def __getattr__(self, name: str) -> Any:
        if name in MARKET_KEYS:
            return getattr(self.market, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _check(self) -> None:
        FAMILY_LAND_USE.check(self._label(), "land_use", self.market.land_use)


@dataclass(frozen=True)
class CustomObjective(Options):
    """``[[objectives.custom]]``: a user-defined objective.

    Parameters
    ----------
    name : str
        Identifier-like name, not one of the built-in outcomes.
    function : str
        ``"module:function"``; imported by the evaluator, not here.
    sense : {"max", "min"}
        Whether the objective is maximised or minimised.
    """

    name: str
    function: str
    sense: str = option(choices=SENSES)

    def _label(self) -> str:
        name = self.name
        ok = isinstance(name, str) and name.isidentifier() and name not in BUILTIN_SENSES
        return f"[objectives] custom {render(name)}" if ok else "[objectives] custom"

    def _check(self) -> None:
        if not self.name.isidentifier():
            self._bad(
                "name",
                "must be identifier-like (letters, digits and '_', not starting "
                'with a digit), e.g. name = "beijing_gdp".',
            )
        if self.name in BUILTIN_SENSES:
            self._bad(
                "name",
                "clashes with the built-in objective of that name; list the "
                "built-in in [objectives] names, or choose another name.",
            )
        if not _FUNCTION.fullmatch(self.function):
            self._bad(
                "function",
                'must have the form "module:function", e.g. '
                'function = "mypackage.objectives:beijing_gdp".',
            )


@dataclass(frozen=True)
class ObjectivesSection(Options):
    """``[objectives]``: the objectives, their dispersion measure and custom ones.

    Parameters
    ----------
    names : tuple of str
        Objectives, in column order: built-in outcomes or custom names.
    measure : str
        Dispersion measure of the gap outcomes (a key of ``DISPERSION_MEASURES``).
    custom : tuple of CustomObjective
        User-defined objectives; one is used only if ``names`` lists it.
    """

    names: tuple[str, ...] = ("gdp", "welfare", "output_gap", "welfare_gap")
    measure: str = option("cv", choices=tuple(DISPERSION_MEASURES))
    custom: tuple[CustomObjective, ...] = ()
    _LABEL = "[objectives]"

    def _check(self) -> None:
        if not self.names:
            self._bad("names", 'name at least one objective, e.g. names = ["gdp", "welfare"].')
        custom = [c.name for c in self.custom]
        for names, key in ((self.names, "names"), (custom, "custom")):
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                self._bad(key, f"{render(twice[0])} appears twice; give each objective once.")
        known = (*BUILTIN_SENSES, *custom)
        for i, name in enumerate(self.names):
            if name not in known:
                self._bad(
                    f"names[{i}]",
                    f"not a built-in outcome or a custom objective{hint(name, known)}"
                    f"The built-ins are {', '.join(map(render, BUILTIN_SENSES))}, and a custom "
                    "objective is defined in an [[objectives.custom]] table.",
                    name,
                )


@dataclass(frozen=True)
class ConstraintsSection(Options):
    """``[constraints]``: optional constraints; feasibility is always enforced.

    Parameters
    ----------
    pareto_improvement : bool
        No origin's welfare may fall (by more than ``max_origin_loss``).
    max_origin_loss : float
        With ``pareto_improvement``: the largest welfare loss an origin may bear, in
        % (0: a strict Pareto improvement; > 0: a weaker guarantee), ≥ 0.
    min_seller_receipts : float
        亿元 (10⁸ yuan) every selling city must receive at least; 0 disables.
    participation : bool
        Every seller's farmers must take part: their 85 % of the net proceeds per mu
        beats ``farmer_outside_option`` (land tickets, seed 002).
    farmer_outside_option : float
        Yuan per mu a farmer gets without selling, ≥ 0.
    farmland_cap : bool
        Cap any province's net farmland loss at ``max_farmland_loss_km2`` (seed 001).
    max_farmland_loss_km2 : float
        The cap, km², ≥ 0.
    """

    pareto_improvement: bool = False
    max_origin_loss: float = option(0.0, at_least=0.0, meaning="% of an origin's welfare")
    min_seller_receipts: float = option(
        0.0, at_least=0.0, meaning="亿元; 0 disables the constraint"
    )
    participation: bool = False
    farmer_outside_option: float = option(0.0, at_least=0.0, meaning="yuan per mu")
    farmland_cap: bool = False
    max_farmland_loss_km2: float = option(
        0.0, at_least=0.0, meaning="km² of net farmland loss per province"
    )
    _LABEL = "[constraints]"


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


# ------------------------------------------------------------------- RunConfig

_SECTION_TYPES: dict[str, type] = {
    "run": RunSection,
    "data": DataSection,
    "params": ModelParams,
    "rule": RuleSection,
    "objectives": ObjectivesSection,
    "constraints": ConstraintsSection,
    "algorithm": AlgorithmSection,
    "solver": IterationConfig,
    "hypervolume": HypervolumeSection,
    "baseline": BaselineSection,
}
SECTIONS: tuple[str, ...] = tuple(_SECTION_TYPES)
"""The sections of a run file, in file order."""


def config_keys() -> dict[str, tuple[str, ...]]:
    """Return the keys of every section of a run file, in file order.

    ``problems/default.toml`` documents each of them.
    """
    return {name: _keys(cls) for name, cls in _SECTION_TYPES.items()}


@dataclass(frozen=True)
class RunConfig:
    """A frontier run: every section of the TOML file, checked.

    Attributes
    ----------
    run, data, rule, objectives, constraints, algorithm, hypervolume, baseline
        The sections (see their classes).
    params : ModelParams
        ``[params]``: the paper's baseline with the file's changes.
    solver : IterationConfig
        ``[solver]``: the equilibrium solver's options.
    source : Path or None
        The file the configuration was loaded from; not compared by ``==``.
    """

    run: RunSection = field(default_factory=RunSection)
    data: DataSection = field(default_factory=DataSection)
    params: ModelParams = field(default_factory=ModelParams.paper_baseline)
    rule: RuleSection = field(default_factory=RuleSection)
    objectives: ObjectivesSection = field(default_factory=ObjectivesSection)
    constraints: ConstraintsSection = field(default_factory=ConstraintsSection)
    algorithm: AlgorithmSection = field(default_factory=AlgorithmSection)
    solver: IterationConfig = field(default_factory=IterationConfig)
    hypervolume: HypervolumeSection = field(default_factory=HypervolumeSection)
    baseline: BaselineSection = field(default_factory=BaselineSection)
    source: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name, cls in _SECTION_TYPES.items():
            if not isinstance(getattr(self, name), cls):
                raise ConfigError(
                    f"RunConfig.{name} must be a {cls.__name__} (got "
                    f"{getattr(self, name)!r}); build one from a dict with "
                    "load_config()."
                )
        names = self.objectives.names
        if self.algorithm.name == "ga" and self.algorithm.objective not in names:
            raise OptionError(
                "[algorithm]",
                "objective",
                f"not one of [objectives] names{hint(self.algorithm.objective, names)}"
                f"The GA optimises one of the run's objectives: set objective to one of "
                f"{', '.join(map(render, names))}, or add it to names.",
                self.algorithm.objective,
            )
        self._check_hybrid()
        for key in ("reference", "scale"):
            for name in getattr(self.hypervolume, key):
                if name not in names:
                    raise OptionError(
                        "[hypervolume]",
                        f"{key}.{render_key(name)}",
                        f"not an objective of this run{hint(name, names)}"
                        f"The objectives are {', '.join(map(render, names))}.",
                    )

    def _check_hybrid(self) -> None:
        algorithm = self.algorithm
        if algorithm.name == "hybrid" and self.rule.family != "per_city":
            raise OptionError(
                "[algorithm]",
                "name",
                "the hybrid seeds a per-city search with the parametric frontier: set [rule] "
                'family = "per_city", or use name = "gradient" or "nsga2" for the parametric '
                "rule.",
                "hybrid",
            )
        if algorithm.name == "hybrid" and not (algorithm.seed_run or algorithm.seed_generations):
            raise OptionError(
                "[algorithm]",
                "seed_generations",
                "the hybrid needs a parametric frontier: give seed_generations >= 1 or a "
                "seed_run folder.",
                0,
            )

    @property
    def objective_names(self) -> tuple[str, ...]:
        """The objectives, in column order."""
        return self.objectives.names

    @property
    def custom_objectives(self) -> dict[str, CustomObjective]:
        """The custom objectives in use, by name."""
        return {c.name: c for c in self.objectives.custom if c.name in self.objectives.names}

    @property
    def objective_senses(self) -> dict[str, str]:
        """``"max"`` or ``"min"`` for every objective."""
        custom = self.custom_objectives
        return {
            n: custom[n].sense if n in custom else BUILTIN_SENSES[n] for n in self.objective_names
        }

    @property
    def hv_reference(self) -> dict[str, float]:
        """Hypervolume reference value per objective (default 0.0: no change)."""
        return {n: self.hypervolume.reference.get(n, 0.0) for n in self.objective_names}

    @property
    def hv_scale(self) -> dict[str, float]:
        """Hypervolume normalising scale per objective (default 1.0)."""
        return {n: self.hypervolume.scale.get(n, 1.0) for n in self.objective_names}

    @property
    def data_path(self) -> Path | None:
        """The dataset folder, or None for the embedded dataset."""
        if not self.data.path:
            return None
        path = Path(self.data.path).expanduser()
        if self.source is not None and not path.is_absolute():
            path = Path(self.source).parent / path
        return path

    def load_data(self) -> CityData:
        """Load the run's dataset in its sample (``[data] path`` and ``keep_tibet``)."""
        return load_cities(self.data_path, keep_tibet=self.data.keep_tibet)

    def to_dict(self) -> dict[str, Any]:
        """Return the configuration as plain, TOML-serialisable data (no ``source``)."""
        return {name: table_of(getattr(self, name)) for name in SECTIONS}

    def to_toml(self) -> str:
        """Return the configuration as TOML text, loadable by :func:`load_config`."""
        return tomli_w.dumps(self.to_dict())

    def replace(self, **sections: Mapping[str, Any] | Any) -> RunConfig:
        """Return a checked copy with some sections changed.

        Parameters
        ----------
        **sections
            Per section name, a dict of keys merged into the section (a table value
            such as ``buyer_prices`` is replaced whole; ``None`` resets an optional
            key such as ``damping``) or a whole section object.

        Examples
        --------
        >>> cfg = default_config().replace(algorithm={"n_gen": 5}, run={"n_jobs": 1})
        >>> cfg.algorithm.n_gen, cfg.run.n_jobs
        (5, 1)
        """
        table = self.to_dict()
        for name, change in sections.items():
            if name not in _SECTION_TYPES:
                raise ConfigError(
                    f"replace() got an unknown section {name!r}"
                    f"{hint(name, SECTIONS, _quoted)}"
                    f"Sections: {', '.join(SECTIONS)}."
                )
            if isinstance(change, _SECTION_TYPES[name]):
                table[name] = table_of(change)
            elif isinstance(change, Mapping):
                table[name] = {**table[name], **change}
            else:
                raise ConfigError(
                    f"replace({name}=...) takes a dict of keys or a "
                    f"{_SECTION_TYPES[name].__name__} (got {change!r})."
                )
        base_dir = None if self.source is None else Path(self.source).parent
        return _from_dict(table, base_dir=base_dir, source=self.source)


# ---------------------------------------------------------------------- loading


def default_config() -> RunConfig:
    """Return the default run (the same as ``problems/default.toml``)."""
    return RunConfig()


def load_config(source: str | Path | Mapping[str, Any] | None = None) -> RunConfig:
    """Load and check a run configuration.

    Parameters
    ----------
    source : str, Path, dict or None
        A TOML file, a dict of sections with the same structure, or None for the
        defaults (:func:`default_config`).

    Returns
    -------
    RunConfig

    Raises
    ------
    ConfigError
        If the file is missing or not valid TOML, or any section, key or value is
        invalid; the message names the file, section, key and value.
    """
    if source is None:
        return default_config()
    if isinstance(source, Mapping):
        return _from_dict(source, base_dir=None, source=None)
    if isinstance(source, (str, Path)):
        return _load_file(Path(source))
    raise ConfigError(
        f"load_config() takes a path to a TOML file, a dict or None (got {type(source).__name__})."
    )


def _load_file(path: Path) -> RunConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such configuration file; check the path, or copy "
            "problems/default.toml and edit it."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc}).") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}.") from None
    source = path.resolve()
    try:
        return _from_dict(table, base_dir=source.parent, source=source)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _from_dict(table: Any, *, base_dir: Path | None, source: Path | None) -> RunConfig:
    if not isinstance(table, Mapping):
        raise ConfigError(
            f"a configuration is a table of sections ({', '.join(SECTIONS)}); "
            f"got {type(table).__name__}."
        )
    for key, value in table.items():
        if key in _SECTION_TYPES:
            continue
        if isinstance(value, Mapping):
            raise ConfigError(
                f"[{key}]: unknown section{hint(key, SECTIONS, _bracketed)}"
                f"Valid sections: {', '.join(SECTIONS)}."
            )
        homes = [s for s, cls in _SECTION_TYPES.items() if key in _keys(cls)]
        where = f"; did you mean to put it under [{homes[0]}]?" if homes else "."
        raise ConfigError(
            f"{key} = {render(value)}: unknown top-level key; every key belongs in a section{where}"
        )
    sections = {name: _BUILDERS[name](table.get(name, {})) for name in SECTIONS}
    if base_dir is not None and sections["data"].path:
        path = Path(sections["data"].path).expanduser()
        sections["data"] = dataclasses.replace(
            sections["data"], path=str((base_dir / path).resolve())
        )
    if base_dir is not None and sections["algorithm"].seed_run:
        path = Path(sections["algorithm"].seed_run).expanduser()
        sections["algorithm"] = dataclasses.replace(
            sections["algorithm"], seed_run=str((base_dir / path).resolve())
        )
    return RunConfig(**sections, source=source)


def _bracketed(name: str) -> str:
    return f"[{name}]"


def _quoted(name: str) -> str:
    return f"'{name}'"


def _keys(cls: type[Any]) -> tuple[str, ...]:
    if issubclass(cls, Options):
        return cls.keys()
    return tuple(f.name for f in dataclasses.fields(cls))


def _build_external(
    cls: type,
    label: str,
    table: Any,
    choices: Mapping[str, tuple[str, ...]],
    make: Callable[..., Any],
) -> Any:
    """Build a class checked elsewhere (ModelParams, IterationConfig) with our messages."""
    values = checked_values(cls, table, label, choices)
    try:
        return make(**values)
    except ConfigError as exc:
        raise ConfigError(f"{label} {exc}") from None


_BUILDERS: dict[str, Callable[[Any], Any]] = {
    name: partial(cls.from_table, label=f"[{name}]")
    for name, cls in _SECTION_TYPES.items()
    if issubclass(cls, Options)
}
_BUILDERS["params"] = lambda table: _build_external(
    ModelParams,
    "[params]",
    table,
    {"wedge_basis": WEDGE_BASES, "wedge_labour": WEDGE_LABOUR},
    ModelParams.paper_baseline().replace,
)
_BUILDERS["solver"] = lambda table: _build_external(
    IterationConfig,
    "[solver]",
    table,
    {"method": SOLVER_METHODS, "backend": SOLVER_BACKENDS},
    IterationConfig,
)
