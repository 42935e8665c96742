"""Packaging: one version, type information shipped, the declared licence present."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import paretoland

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_written_once_in_the_package() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    source = PYPROJECT["tool"]["hatch"]["version"]["path"]
    assert source == "paretoland/_version.py"  # the base layer: any layer may import it
    assert re.search(r'^__version__ = "', (REPO / source).read_text(encoding="utf-8"), re.M)
    written = [
        p
        for p in (REPO / "paretoland").rglob("*.py")
        if "__version__ =" in p.read_text(encoding="utf-8")
    ]
    assert written == [REPO / source]
    major, minor, patch = paretoland.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


def test_the_package_is_marked_typed() -> None:
    assert (Path(paretoland.__file__).parent / "py.typed").is_file()
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["paretoland"]


def test_the_declared_licence_is_the_licence_file() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "paretoland developers" in text
