"""Loading a run configuration: from a TOML file, a dict of sections, or the defaults.

:func:`load_config` reads and checks a run file (or a dict with the same structure)
and returns a :class:`~paretoland.frontier.config.run_config.RunConfig`; every error,
from a missing file to a bad value, is a :class:`~paretoland.exceptions.ConfigError`
that names the file, section, key and value. :func:`default_config` is the default
run, the same as ``problems/default.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paretoland.exceptions import ConfigError
from paretoland.frontier.config.layout import build_sections
from paretoland.frontier.config.run_config import RunConfig

__all__ = ["default_config", "load_config"]


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
    """Read, parse and check a run file; every message starts with its path."""
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
    """Build a checked configuration from a table of sections (see ``build_sections``)."""
    return RunConfig(**build_sections(table, base_dir), source=source)
