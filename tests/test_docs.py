"""The documentation covers the package and the sections the code cites.

Every public module is in the API reference, and every "docs/model.md §N" the code
cites is a section of docs/model.md.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import paretoland

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CITATION = re.compile(r"model\.md`{0,2}\s*(§\d+(?:\s*[–,-]\s*§?\d+)*)")

pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="no docs/ folder (installed copy)")


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(paretoland.__path__, "paretoland."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        if getattr(importlib.import_module(info.name), "__all__", None):
            names.append(info.name)
    return names


def _sources() -> list[Path]:
    paths = []
    for folder in ("paretoland", "tests", "problems", "benchmarks"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in {".py", ".toml", ".md"} and path != Path(__file__).resolve():
                paths.append(path)
    return paths


def test_every_public_module_is_in_the_api_reference() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    documented = set(re.findall(r"^\.\. automodule:: (\S+)", text, flags=re.MULTILINE))
    missing = [name for name in _public_modules() if name not in documented]
    assert not missing, f"add these modules to docs/reference/<layer>.md: {missing}"
    assert all(importlib.util.find_spec(name) is not None for name in documented)


def test_model_md_keeps_the_section_numbers_the_code_cites() -> None:
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    sections = {int(n) for n in re.findall(r"^## (\d+)\. ", text, flags=re.MULTILINE)}
    assert sections == set(range(1, 8))
    cited: dict[int, set[str]] = {}
    for path in _sources():
        for match in CITATION.finditer(path.read_text(encoding="utf-8")):
            for number in re.findall(r"\d+", match.group(1)):
                cited.setdefault(int(number), set()).add(path.name)
    assert len(cited) >= 6, "the code cites most sections of docs/model.md"
    unknown = {n: sorted(files) for n, files in cited.items() if n not in sections}
    assert not unknown, f"these files cite sections docs/model.md does not have: {unknown}"


def test_the_code_cites_the_model_md_of_this_repository() -> None:
    stale = [
        str(path.relative_to(REPO))
        for path in _sources()
        if re.search(r"(?<!docs/)model\.md|shared/docs", path.read_text(encoding="utf-8"))
    ]
    assert not stale, f"cite docs/model.md (in this repository) in: {stale}"
