"""The layout of a run file: its sections in order, their keys, and building each one.

:data:`SECTION_TYPES` maps each section of a run file, in file order, to the class
that holds it: the options classes of :mod:`~paretoland.frontier.config.search_sections`
and :mod:`~paretoland.frontier.config.problem_sections`, and for ``[params]`` and
``[solver]`` the :class:`~paretoland.model.params.ModelParams` and
:class:`~paretoland.model.equilibrium.IterationConfig` checked in the model.
:func:`config_keys` lists every key; :func:`build_sections` checks a table of
sections and builds each one, with the section and key in every message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from paretoland.exceptions import ConfigError
from paretoland.frontier.config import problem_sections as problem
from paretoland.frontier.config import search_sections as search
from paretoland.model.equilibrium.inputs import BACKENDS as SOLVER_BACKENDS
from paretoland.model.equilibrium.inputs import METHODS as SOLVER_METHODS
from paretoland.model.equilibrium.inputs import IterationConfig
from paretoland.model.params import WEDGE_BASES, WEDGE_LABOUR, ModelParams
from paretoland.options import Options, checked_values, hint, render

__all__ = ["SECTIONS", "SECTION_TYPES", "build_sections", "config_keys", "section_keys"]

SECTION_TYPES: dict[str, type] = {
    "run": search.RunSection,
    "data": search.DataSection,
    "params": ModelParams,
    "rule": problem.RuleSection,
    "objectives": problem.ObjectivesSection,
    "constraints": problem.ConstraintsSection,
    "algorithm": search.AlgorithmSection,
    "solver": IterationConfig,
    "hypervolume": search.HypervolumeSection,
    "baseline": search.BaselineSection,
}
"""The class of each section of a run file, in file order."""
SECTIONS: tuple[str, ...] = tuple(SECTION_TYPES)
"""The sections of a run file, in file order."""


def config_keys() -> dict[str, tuple[str, ...]]:
    """Return the keys of every section of a run file, in file order.

    ``problems/default.toml`` documents each of them.
    """
    return {name: section_keys(cls) for name, cls in SECTION_TYPES.items()}


def section_keys(cls: type[Any]) -> tuple[str, ...]:
    """Return the keys of a section class (a value of :data:`SECTION_TYPES`), in file order."""
    if issubclass(cls, Options):
        return cls.keys()
    return tuple(f.name for f in dataclasses.fields(cls))


def build_sections(table: Any, base_dir: Path | None) -> dict[str, Any]:
    """Check a table of sections and build every section, defaults for those missing.

    Parameters
    ----------
    table : Mapping
        Section name to its table of keys, as read from a run file.
    base_dir : Path or None
        The folder relative paths (``[data] path``, ``[algorithm] seed_run``) are
        resolved against, made absolute; None leaves them as given.

    Returns
    -------
    dict of str to section
        Every section of :data:`SECTIONS`, in file order.

    Raises
    ------
    ConfigError
        If ``table`` is not a table, a section or top-level key is unknown, or a
        section is invalid; the message names the section, key and value.
    """
    _check_top_level(table)
    sections = {name: _BUILDERS[name](table.get(name, {})) for name in SECTIONS}
    if base_dir is not None:
        _resolve_paths(sections, base_dir)
    return sections


def _check_top_level(table: Any) -> None:
    """Raise unless ``table`` is a table of known sections, naming a misplaced key's home."""
    if not isinstance(table, Mapping):
        raise ConfigError(
            f"a configuration is a table of sections ({', '.join(SECTIONS)}); "
            f"got {type(table).__name__}."
        )
    for key, value in table.items():
        if key in SECTION_TYPES:
            continue
        if isinstance(value, Mapping):
            raise ConfigError(
                f"[{key}]: unknown section{hint(key, SECTIONS, _bracketed)}"
                f"Valid sections: {', '.join(SECTIONS)}."
            )
        homes = [s for s, cls in SECTION_TYPES.items() if key in section_keys(cls)]
        where = f"; did you mean to put it under [{homes[0]}]?" if homes else "."
        raise ConfigError(
            f"{key} = {render(value)}: unknown top-level key; every key belongs in a section{where}"
        )


def _resolve_paths(sections: dict[str, Any], base_dir: Path) -> None:
    """Make the non-empty folder keys absolute, relative ones against ``base_dir``."""
    for name, key in (("data", "path"), ("algorithm", "seed_run")):
        value = getattr(sections[name], key)
        if value:
            path = base_dir / Path(value).expanduser()
            sections[name] = dataclasses.replace(sections[name], **{key: str(path.resolve())})


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
    values = checked_values(cls, table, label, choices)
    try:
        return make(**values)
    except ConfigError as exc:
        raise ConfigError(f"{label} {exc}") from None


_BUILDERS: dict[str, Callable[[Any], Any]] = {
    name: partial(cls.from_table, label=f"[{name}]")
    for name, cls in SECTION_TYPES.items()
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
