"""Run configuration of a frontier search: a strictly checked TOML file (docs/model.md §6).

A run is described by a TOML file with the sections ``[run]``, ``[data]``, ``[params]``,
``[rule]``, ``[objectives]``, ``[constraints]``, ``[algorithm]``, ``[solver]``,
``[hypervolume]`` and ``[baseline]``; ``problems/default.toml`` lists every key with its
default and meaning. Each section is a frozen dataclass (``[params]`` is a
:class:`~paretoland.model.params.ModelParams`, ``[solver]`` an
:class:`~paretoland.model.equilibrium.IterationConfig`); :class:`RunConfig` holds them all
and :func:`load_config` builds one from a file or a dict.

Strictness is the point: an unknown section or key, a value of the wrong type (a
boolean is never a number, a float never an integer) or a value outside its allowed
set or range raises :class:`~paretoland.exceptions.ConfigError` naming the file, the
section and key, the bad value and the fix, with the closest valid name for a
misspelling (``[algorithm] n_gens: unknown key; did you mean 'n_gen'?``). Integers
are accepted where numbers are expected and stored as floats.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import numbers
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import tomli_w

from paretoland.data.dataset import CityData, load_cities
from paretoland.data.provinces import PROVINCES, province_by_name
from paretoland.exceptions import ConfigError
from paretoland.frontier.indicators import BUILTIN_SENSES
from paretoland.model.equilibrium.inputs import BACKENDS as SOLVER_BACKENDS
from paretoland.model.equilibrium.inputs import METHODS as SOLVER_METHODS
from paretoland.model.equilibrium.inputs import IterationConfig
from paretoland.model.outcomes import DISPERSION_MEASURES
from paretoland.model.params import WEDGE_BASES, WEDGE_LABOUR, ModelParams
from paretoland.model.quotas import (
    BUYER_PRICE_TIERS,
    DEFAULT_BUYER_PRICE,
    PILOT_SELLER_PROVINCES,
    RECEIVING_PROVINCES,
    SELLER_PRICE,
)

__all__ = [
    "ALGORITHMS",
    "ALGORITHM_NAMES",
    "BACKENDS",
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
    "default_config",
    "load_config",
]

BACKENDS: tuple[str, ...] = ("loky", "sequential", "dask")
"""Where evaluations run: joblib's loky processes, one process, or a dask cluster."""
RULE_FAMILIES: tuple[str, ...] = ("parametric", "per_city")
ALGORITHMS: tuple[str, ...] = ("nsga2", "nsga3", "ga", "random")
ALGORITHM_NAMES: dict[str, str] = {
    "nsga2": "NSGA-II",
    "nsga3": "NSGA-III",
    "ga": "GA",
    "random": "random search",
}
"""How texts name each algorithm."""
RULE_LAND_USES: tuple[str, ...] = ("productive", "residential", "both")
RULE_SCOPES: tuple[str, ...] = ("inter", "intra")
RULE_PARTICIPATION: tuple[str, ...] = ("all", "pilot", "custom")
SENSES: tuple[str, ...] = ("max", "min")
_MAX_SEED = 2**32 - 1  # numpy's legacy seeding (pymoo) takes seeds below 2**32
_RUN_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_FUNCTION = re.compile(f"{_DOTTED}:{_DOTTED}")
_PINYIN = tuple(p.name_pinyin for p in PROVINCES)
_PROVINCE_HELP = 'Use pinyin (e.g. "Sichuan", "Inner Mongolia") or Chinese names ("四川省", "四川")'


# --------------------------------------------------------------------- messages


def _toml(value: Any) -> str:
    """Render a value as TOML would write it, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_toml, value)) + "]"
    if isinstance(value, Mapping):
        items = [f"{_toml_key(k)} = {_toml(v)}" for k, v in value.items()]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    return repr(value)


def _toml_key(key: Any) -> str:
    key = str(key)
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _hint(word: Any, options: Iterable[Any], render: Callable[[Any], str] = _toml) -> str:
    """Return ``'; did you mean X? '`` for the option closest to ``word``, else ``'. '``.

    The next sentence follows directly, so it starts with a capital.
    """
    options, word = [str(o) for o in options], str(word)
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    match = match or sorted(filter(lambda o: _prefixes(o, word), options), key=len)[-1:]
    return f"; did you mean {render(match[0])}? " if match else ". "


def _prefixes(option: str, word: str) -> bool:
    """Whether one starts the other ("tolerance" and "tol", "maximise" and "max")."""
    a, b = option.lower(), word.lower()
    return min(len(a), len(b)) > 1 and (a.startswith(b) or b.startswith(a))


def _quoted(name: str) -> str:
    return f"'{name}'"


def _fail(where: str, value: Any, problem: str) -> NoReturn:
    raise ConfigError(f"{where} = {_toml(value)}: {problem}")


# ----------------------------------------------------------------- type checks

_EXPECTED = {
    bool: "true or false (a TOML boolean, no quotes)",
    int: "a whole number (an integer, no decimal point)",
    float: "a finite number",
    str: "a string in quotes",
}


def _coerce(where: str, value: Any, hint: Any, example: str = "") -> Any:
    """Check ``value`` against the type ``hint``; return it cast (int to float, list to tuple)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return None if value is None else _coerce(where, value, inner, example)
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            _fail(where, value, "expected a list in square brackets" + _example(example))
        return tuple(_coerce(f"{where}[{i}]", v, args[0]) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, Mapping):
            _fail(where, value, "expected a table, e.g. { name = value }" + _example(example))
        for key in value:
            if not isinstance(key, str):
                _fail(where, value, f"the key {key!r} is not a string")
        return {k: _coerce(f"{where}.{_toml_key(k)}", v, args[1]) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return value if isinstance(value, hint) else _build(hint, where, value)
    if hint is float and _is_real(value) and math.isfinite(value):
        return float(value)
    if hint is int and _is_real(value) and isinstance(value, numbers.Integral):
        return int(value)
    if hint in (bool, str) and isinstance(value, hint):
        return value
    _fail(where, value, f"expected {_EXPECTED[hint]}" + _example(example))


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _example(example: str) -> str:
    return f", e.g. {example}" if example else ""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _check_keys(cls: type, label: str, table: Any) -> None:
    """Require a table with only ``cls``'s fields as keys, and every required field."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{label}: expected a table of keys and values, got {_toml(table)}.")
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    for key in table:
        if key not in names:
            raise ConfigError(
                f"{label} {key}: unknown key{_hint(key, names, _quoted)}"
                f"Valid keys: {', '.join(names)}."
            )
    for f in fields:
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.name not in table:
            raise ConfigError(
                f"{label}: missing key '{f.name}'; every entry needs {', '.join(names)}."
            )


def _build(cls: type, label: str, table: Any) -> Any:
    """Build section ``cls`` from a table, rejecting unknown and missing keys."""
    _check_keys(cls, label, table)
    return cls(**table)


# -------------------------------------------------------------------- sections


class _Section:
    """Base of the sections: type checks every field, then runs ``_check``."""

    _LABEL: ClassVar[str] = ""

    def __post_init__(self) -> None:
        section: type = type(self)  # as plain `type`: mypy takes type[_Section] as unhashable
        hints = _hints(section)
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            example = (
                f"{f.name} = {_toml(f.default)}"
                if isinstance(f.default, (bool, int, float, str))
                else ""
            )
            value = _coerce(
                f"{self._label()} {f.name}", getattr(self, f.name), hints[f.name], example
            )
            object.__setattr__(self, f.name, value)
        self._check()

    def _label(self) -> str:
        return self._LABEL

    def _check(self) -> None:
        """Check the values (types are already checked)."""

    def _bad(self, key: str, problem: str) -> NoReturn:
        _fail(f"{self._label()} {key}", getattr(self, key), problem)

    def _option(self, key: str, options: Iterable[str]) -> None:
        options = tuple(options)
        value = getattr(self, key)
        if value not in options:
            self._bad(
                key,
                f"not a valid option{_hint(value, options)}Choose one of "
                f"{', '.join(map(_toml, options))}.",
            )

    def _at_least(self, key: str, low: float, meaning: str) -> None:
        if getattr(self, key) < low:
            self._bad(key, f"must be at least {low:g} ({meaning}).")


@dataclass(frozen=True)
class RunSection(_Section):
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
    seed: int = 1
    n_jobs: int = 2
    backend: str = "loky"
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
        if not 0 <= self.seed <= _MAX_SEED:
            self._bad("seed", "must lie in [0, 2**32 - 1], e.g. seed = 1.")
        if self.n_jobs < 1 and self.n_jobs != -1:
            self._bad(
                "n_jobs",
                "must be a number of worker processes (>= 1) or -1 for all cores, e.g. n_jobs = 2.",
            )
        self._option("backend", BACKENDS)
        if self.scheduler and self.backend != "dask":
            self._bad(
                "scheduler",
                'a scheduler is only used with backend = "dask"; set '
                'backend = "dask" or scheduler = "".',
            )


@dataclass(frozen=True)
class DataSection(_Section):
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
class RuleSection(_Section):
    """``[rule]``: the family of quota rules searched over (docs/model.md §5–6).

    Parameters
    ----------
    family : {"parametric", "per_city"}
        The paper's 12-weight rule, or one decision variable per city.
    land_use : {"productive", "residential", "both"}
        Which land is traded.
    scope : {"inter", "intra"}
        One national pool, or one pool per province.
    participation : {"all", "pilot", "custom"}
        All provinces, the paper's pilot sets, or the two lists below.
    seller_provinces, buyer_provinces : tuple of str
        With ``participation = "custom"``: province names (pinyin or Chinese).
    max_share : float
        φ_max, the largest share of its land a seller may give up, in (0, 1).
    weight_bound : float
        Parametric weights lie in [−weight_bound, weight_bound]; > 0.
    seller_price, default_buyer_price : float
        Yuan per m² sellers receive, and buyers outside ``buyer_prices`` pay.
    buyer_prices : dict of str to float
        Yuan per m² buyers pay, by province.
    """

    family: str = "parametric"
    land_use: str = "both"
    scope: str = "inter"
    participation: str = "all"
    seller_provinces: tuple[str, ...] = PILOT_SELLER_PROVINCES
    buyer_provinces: tuple[str, ...] = RECEIVING_PROVINCES
    max_share: float = 0.3
    weight_bound: float = 3.0
    seller_price: float = SELLER_PRICE
    default_buyer_price: float = DEFAULT_BUYER_PRICE
    buyer_prices: dict[str, float] = field(default_factory=lambda: dict(BUYER_PRICE_TIERS))
    _LABEL = "[rule]"

    def _check(self) -> None:
        for key, options in (
            ("family", RULE_FAMILIES),
            ("land_use", RULE_LAND_USES),
            ("scope", RULE_SCOPES),
            ("participation", RULE_PARTICIPATION),
        ):
            self._option(key, options)
        for key in ("seller_provinces", "buyer_provinces"):
            self._check_provinces(key, getattr(self, key))
            if self.participation == "custom" and not getattr(self, key):
                self._bad(key, 'must name at least one province when participation = "custom".')
        self._check_provinces("buyer_prices", self.buyer_prices)
        if not 0.0 < self.max_share < 1.0:
            self._bad(
                "max_share",
                "must lie strictly between 0 and 1 (the largest share of its "
                "land a seller may give up), e.g. max_share = 0.3.",
            )
        if self.weight_bound <= 0.0:
            self._bad("weight_bound", "must be positive, e.g. weight_bound = 3.0.")
        self._at_least("seller_price", 0.0, "yuan per m²")
        self._at_least("default_buyer_price", 0.0, "yuan per m²")
        for name, price in self.buyer_prices.items():
            if price < 0.0:
                _fail(
                    f"[rule] buyer_prices.{_toml_key(name)}",
                    price,
                    "must be at least 0 (yuan per m²).",
                )

    def _check_provinces(self, key: str, names: Iterable[str]) -> None:
        codes: dict[str, str] = {}
        for name in names:
            province = province_by_name(name)
            if province is None:
                raise ConfigError(
                    f"[rule] {key}: unknown province {_toml(name)}"
                    f"{_hint(name, _PINYIN)}{_PROVINCE_HELP}."
                )
            if province.code in codes:
                raise ConfigError(
                    f"[rule] {key}: {_toml(name)} is the same province as "
                    f"{_toml(codes[province.code])}; name each province once."
                )
            codes[province.code] = name


@dataclass(frozen=True)
class CustomObjective(_Section):
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
    sense: str

    def _label(self) -> str:
        name = self.name
        ok = isinstance(name, str) and name.isidentifier() and name not in BUILTIN_SENSES
        return f"[objectives] custom {_toml(name)}" if ok else "[objectives] custom"

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
        self._option("sense", SENSES)


@dataclass(frozen=True)
class ObjectivesSection(_Section):
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
    measure: str = "cv"
    custom: tuple[CustomObjective, ...] = ()
    _LABEL = "[objectives]"

    def _check(self) -> None:
        if not self.names:
            self._bad("names", 'name at least one objective, e.g. names = ["gdp", "welfare"].')
        self._option("measure", DISPERSION_MEASURES)
        custom = [c.name for c in self.custom]
        for names, key in ((self.names, "names"), (custom, "custom")):
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                self._bad(key, f"{_toml(twice[0])} appears twice; give each objective once.")
        known = (*BUILTIN_SENSES, *custom)
        for i, name in enumerate(self.names):
            if name not in known:
                _fail(
                    f"[objectives] names[{i}]",
                    name,
                    f"not a built-in outcome or a custom objective{_hint(name, known)}"
                    f"The built-ins are {', '.join(map(_toml, BUILTIN_SENSES))}, and a custom "
                    "objective is defined in an [[objectives.custom]] table.",
                )


@dataclass(frozen=True)
class ConstraintsSection(_Section):
    """``[constraints]``: optional constraints; feasibility is always enforced.

    Parameters
    ----------
    pareto_improvement : bool
        No origin's welfare may fall.
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
    min_seller_receipts: float = 0.0
    participation: bool = False
    farmer_outside_option: float = 0.0
    farmland_cap: bool = False
    max_farmland_loss_km2: float = 0.0
    _LABEL = "[constraints]"

    def _check(self) -> None:
        self._at_least("min_seller_receipts", 0.0, "亿元; 0 disables the constraint")
        self._at_least("farmer_outside_option", 0.0, "yuan per mu")
        self._at_least("max_farmland_loss_km2", 0.0, "km² of net farmland loss per province")


@dataclass(frozen=True)
class AlgorithmSection(_Section):
    """``[algorithm]``: the search algorithm.

    Parameters
    ----------
    name : {"nsga2", "nsga3", "ga", "random"}
        Multi-objective NSGA-II / NSGA-III, single-objective GA, or random search.
    pop_size : int
        Population (random search: samples per generation), ≥ 4.
    n_gen : int
        Generations, ≥ 1.
    n_partitions : int
        NSGA-III: Das–Dennis partitions of the reference directions; 0 = automatic.
    objective : str
        GA: the objective optimised; one of ``[objectives] names``.
    n_samples : int
        Random search: total samples; 0 = ``pop_size * n_gen``.
    """

    name: str = "nsga2"
    pop_size: int = 100
    n_gen: int = 200
    n_partitions: int = 0
    objective: str = "gdp"
    n_samples: int = 0
    _LABEL = "[algorithm]"

    def _check(self) -> None:
        self._option("name", ALGORITHMS)
        self._at_least("pop_size", 4, "individuals per generation")
        self._at_least("n_gen", 1, "generations")
        self._at_least("n_partitions", 0, "0 chooses the partitions automatically")
        self._at_least("n_samples", 0, "0 means pop_size * n_gen")

    @property
    def total_samples(self) -> int:
        """Samples a random search draws: ``n_samples``, or ``pop_size * n_gen`` if 0."""
        return self.n_samples or self.pop_size * self.n_gen


@dataclass(frozen=True)
class HypervolumeSection(_Section):
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
    scale: dict[str, float] = field(default_factory=dict)
    _LABEL = "[hypervolume]"

    def _check(self) -> None:
        for name, value in self.scale.items():
            if value <= 0.0:
                _fail(
                    f"[hypervolume] scale.{_toml_key(name)}",
                    value,
                    "must be positive (percentage points), e.g. 1.0.",
                )


@dataclass(frozen=True)
class BaselineSection(_Section):
    """``[baseline]``: the paper's methods, evaluated for comparison with the frontier.

    Parameters
    ----------
    random_samples : int
        Random parametric rules sampled (the paper's Table 4 method); 0 skips.
    uniform_rules : bool
        Also evaluate the paper's Table 2–3 uniform rules.
    """

    random_samples: int = 2000
    uniform_rules: bool = True
    _LABEL = "[baseline]"

    def _check(self) -> None:
        self._at_least("random_samples", 0, "0 skips the random-search baseline")


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
            _fail(
                "[algorithm] objective",
                self.algorithm.objective,
                f"not one of [objectives] names{_hint(self.algorithm.objective, names)}"
                f"The GA optimises one of the run's objectives: set objective to one of "
                f"{', '.join(map(_toml, names))}, or add it to names.",
            )
        for key in ("reference", "scale"):
            for name in getattr(self.hypervolume, key):
                if name not in names:
                    raise ConfigError(
                        f"[hypervolume] {key}.{_toml_key(name)}: not an objective of this run"
                        f"{_hint(name, names)}The objectives are {', '.join(map(_toml, names))}."
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
        return {name: _section_dict(getattr(self, name)) for name in SECTIONS}

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
                    f"{_hint(name, SECTIONS, _quoted)}"
                    f"Sections: {', '.join(SECTIONS)}."
                )
            if isinstance(change, _SECTION_TYPES[name]):
                table[name] = _section_dict(change)
            elif isinstance(change, Mapping):
                table[name] = {**table[name], **change}
            else:
                raise ConfigError(
                    f"replace({name}=...) takes a dict of keys or a "
                    f"{_SECTION_TYPES[name].__name__} (got {change!r})."
                )
        base_dir = None if self.source is None else Path(self.source).parent
        return _from_dict(table, base_dir=base_dir, source=self.source)


def _section_dict(section: Any) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(section, f.name))
        for f in dataclasses.fields(section)
        if getattr(section, f.name) is not None
    }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return _section_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


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
                f"[{key}]: unknown section{_hint(key, SECTIONS, _bracketed)}"
                f"Valid sections: {', '.join(SECTIONS)}."
            )
        homes = [
            s
            for s, cls in _SECTION_TYPES.items()
            if key in {f.name for f in dataclasses.fields(cls)}
        ]
        where = f"; did you mean to put it under [{homes[0]}]?" if homes else "."
        raise ConfigError(
            f"{key} = {_toml(value)}: unknown top-level key; every key belongs in a section{where}"
        )
    sections = {name: _BUILDERS[name](table.get(name, {})) for name in SECTIONS}
    if base_dir is not None and sections["data"].path:
        path = Path(sections["data"].path).expanduser()
        sections["data"] = dataclasses.replace(
            sections["data"], path=str((base_dir / path).resolve())
        )
    return RunConfig(**sections, source=source)


def _bracketed(name: str) -> str:
    return f"[{name}]"


def _build_external(
    cls: type,
    label: str,
    table: Any,
    choices: Mapping[str, tuple[str, ...]],
    make: Callable[..., Any],
) -> Any:
    """Build a class checked elsewhere (ModelParams, IterationConfig) with our messages."""
    _check_keys(cls, label, table)
    hints = _hints(cls)
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    values = {}
    for key, value in table.items():
        example = f"{key} = {_toml(defaults[key])}" if defaults[key] is not None else ""
        values[key] = _coerce(f"{label} {key}", value, hints[key], example)
        if key in choices and values[key] not in choices[key]:
            _fail(
                f"{label} {key}",
                value,
                f"not a valid option{_hint(value, choices[key])}"
                f"Choose one of {', '.join(map(_toml, choices[key]))}.",
            )
    try:
        return make(**values)
    except ConfigError as exc:
        raise ConfigError(f"{label} {exc}") from None


_BUILDERS: dict[str, Callable[[Any], Any]] = {
    name: partial(_build, cls, f"[{name}]") for name, cls in _SECTION_TYPES.items()
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
