"""The package keeps its layers: each module imports only from its own layer and below.

Every module of ``paretoland`` is parsed with :mod:`ast`; its imports, at module level
and inside functions alike, are checked against :data:`LAYERS`. Imports under
``if TYPE_CHECKING:`` are exempt: they never run. Among the modules no import cycle is
allowed either, a cycle hidden behind an import inside a function included.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import paretoland

PACKAGE = Path(paretoland.__file__).resolve().parent
DEVELOPMENT_MD = PACKAGE.parent / "docs" / "development.md"
ROOT = "paretoland"

# Lowest first; a module may import from its own layer and the ones above it here.
# An entry names a module or a package (then every module in it). The root package
# comes last: it re-exports the public names, and nothing in the package imports it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("paretoland._version", "paretoland.exceptions", "paretoland.suggest", "paretoland.options"),
    ("paretoland.io",),
    ("paretoland.data",),
    ("paretoland.model",),
    ("paretoland.replication",),
    ("paretoland.frontier",),
    ("paretoland.decision",),
    ("paretoland.reporting",),
    ("paretoland.cli",),
    (ROOT,),
)


@dataclass(frozen=True)
class Import:
    """One import statement's target inside the package."""

    module: str  # the importing module
    line: int
    target: str  # the imported module (the longest module of the package it names)
    in_function: bool


def _module_name(path: Path, package: Path) -> str:
    parts = (package.name, *path.relative_to(package).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: Path) -> dict[str, Path]:
    return {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")[: len(module.split(".")) - node.level + is_package]
    return ".".join([*base, *([node.module] if node.module else [])])


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """Return the longest module of the package that ``name`` names, or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def _targets(node: ast.Import | ast.ImportFrom, module: str, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        source = _absolute(node, module, modules[module].name == "__init__.py")
        names = [f"{source}.{alias.name}" for alias in node.names]
    targets = [_resolve(name, modules) for name in names]
    return sorted({t for t in targets if t is not None})


def _imports(module: str, modules: dict[str, Path]) -> Iterator[Import]:
    """Yield the imports of ``module`` that run, at module level or in a function."""
    tree = ast.parse(modules[module].read_text(encoding="utf-8"), filename=str(modules[module]))

    def walk(node: ast.AST, in_function: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from walk(child, in_function)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _targets(node, module, modules):
                yield Import(module, node.lineno, target, in_function)
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            yield from walk(child, inner)

    yield from walk(tree, False)


def _layer(module: str) -> int:
    for level, entries in enumerate(LAYERS):
        for entry in entries:
            if module == entry or (entry != ROOT and module.startswith(entry + ".")):
                return level
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")


def upward_imports(package: Path = PACKAGE) -> list[str]:
    """Return one line per import of a higher layer: module, line and imported module."""
    modules = _modules(package)
    found = []
    for module in modules:
        for imp in _imports(module, modules):
            if _layer(imp.target) > _layer(module):
                where = "inside a function" if imp.in_function else "at module level"
                found.append(
                    f"{modules[module].relative_to(package.parent)}:{imp.line} ({module}, "
                    f"layer {_layer(module)}) imports {imp.target} (layer {_layer(imp.target)}) "
                    f"{where}"
                )
    return found


def import_cycles(package: Path = PACKAGE) -> list[str]:
    """Return one line per import cycle among the modules, with the lines that close it."""
    modules = _modules(package)
    edges: dict[str, dict[str, int]] = {m: {} for m in modules}
    for module in modules:
        for imp in _imports(module, modules):
            if imp.target != module:
                edges[module].setdefault(imp.target, imp.line)
    return [
        " -> ".join(f"{m} (line {edges[m][n]})" for m, n in zip(cycle, cycle[1:], strict=False))
        + f" -> {cycle[-1]}"
        for cycle in _cycles(edges)
    ]


def _cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Return one cycle (first module repeated at the end) per strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = {stack.pop()}
            while node not in group:
                group.add(stack.pop())
            groups.append(group)

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return [_one_cycle(sorted(g)[0], g, edges) for g in groups if len(g) > 1]


def _one_cycle(start: str, group: set[str], edges: dict[str, dict[str, int]]) -> list[str]:
    """Return the shortest path from ``start`` back to itself inside ``group``."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(edges[node]):
                if nxt == start:
                    return [*paths[node], start]
                if nxt in group and nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def test_no_module_imports_from_a_higher_layer() -> None:
    found = upward_imports()
    assert not found, "imports from a higher layer (see LAYERS in tests/test_layers.py):\n" + (
        "\n".join(found)
    )


def test_no_import_cycles() -> None:
    found = import_cycles()
    assert not found, "import cycles (function-level imports included):\n" + "\n".join(found)


def test_every_module_has_a_layer() -> None:
    for module in _modules(PACKAGE):
        _layer(module)


@pytest.mark.skipif(not DEVELOPMENT_MD.is_file(), reason="no docs/ folder (installed copy)")
def test_the_development_guide_lists_the_layers_in_order() -> None:
    text = DEVELOPMENT_MD.read_text(encoding="utf-8")
    tree = re.split(r"\n(?! )", text.split("```text\nparetoland/\n", 1)[1], maxsplit=1)[0]
    listed = [
        f"{ROOT}.{name.removesuffix('/').removesuffix('.py')}"
        for name in re.findall(r"^  (\S+)", tree, flags=re.MULTILINE)
    ]
    expected = [entry for entries in LAYERS for entry in entries if entry not in {ROOT}]
    assert [e for e in expected if not e.endswith("._version")] == listed
