"""A frontier run's configuration: every section of its run file, checked together.

:class:`RunConfig` holds the sections of :data:`~paretoland.frontier.config.layout.SECTIONS`
and checks what involves more than one of them (the GA's objective, the hybrid's rule
family and seed, the hypervolume's objectives). It gives the values a run reads
(objective senses, hypervolume reference and scales, the dataset), writes itself back
as TOML, and :meth:`RunConfig.replace` returns a checked copy with some sections
changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from paretoland.data.dataset import CityData, load_cities
from paretoland.exceptions import ConfigError
from paretoland.frontier.config.layout import SECTION_TYPES, SECTIONS, build_sections
from paretoland.frontier.config.problem_sections import (
    ConstraintsSection,
    CustomObjective,
    ObjectivesSection,
    RuleSection,
)
from paretoland.frontier.config.search_sections import (
    AlgorithmSection,
    BaselineSection,
    DataSection,
    HypervolumeSection,
    RunSection,
)
from paretoland.frontier.indicators import BUILTIN_SENSES
from paretoland.model.equilibrium.inputs import IterationConfig
from paretoland.model.params import ModelParams
from paretoland.options import OptionError, hint, render, render_key, table_of

__all__ = ["RunConfig"]


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
        self._check_types()
        self._check_ga()
        self._check_hybrid()
        self._check_hypervolume()

    def _check_types(self) -> None:
        for name, cls in SECTION_TYPES.items():
            if not isinstance(getattr(self, name), cls):
                raise ConfigError(
                    f"RunConfig.{name} must be a {cls.__name__} (got "
                    f"{getattr(self, name)!r}); build one from a dict with "
                    "load_config()."
                )

    def _check_ga(self) -> None:
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

    def _check_hypervolume(self) -> None:
        names = self.objectives.names
        for key in ("reference", "scale"):
            for name in getattr(self.hypervolume, key):
                if name not in names:
                    raise OptionError(
                        "[hypervolume]",
                        f"{key}.{render_key(name)}",
                        f"not an objective of this run{hint(name, names)}"
                        f"The objectives are {', '.join(map(render, names))}.",
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
        """Return the configuration as TOML text.

        :func:`~paretoland.frontier.config.loading.load_config` loads it back.
        """
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
        >>> from paretoland.frontier.config import default_config
        >>> cfg = default_config().replace(algorithm={"n_gen": 5}, run={"n_jobs": 1})
        >>> cfg.algorithm.n_gen, cfg.run.n_jobs
        (5, 1)
        """
        table = self.to_dict()
        for name, change in sections.items():
            if name not in SECTION_TYPES:
                raise ConfigError(
                    f"replace() got an unknown section {name!r}"
                    f"{hint(name, SECTIONS, _quoted)}"
                    f"Sections: {', '.join(SECTIONS)}."
                )
            if isinstance(change, SECTION_TYPES[name]):
                table[name] = table_of(change)
            elif isinstance(change, Mapping):
                table[name] = {**table[name], **change}
            else:
                raise ConfigError(
                    f"replace({name}=...) takes a dict of keys or a "
                    f"{SECTION_TYPES[name].__name__} (got {change!r})."
                )
        base_dir = None if self.source is None else Path(self.source).parent
        return RunConfig(**build_sections(table, base_dir), source=self.source)


def _quoted(name: str) -> str:
    return f"'{name}'"
