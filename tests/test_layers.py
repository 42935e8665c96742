"""The package keeps its layers: each module imports only from its own layer and below.

Every module of ``paretoland`` is parsed with :mod:`ast`; its imports, at module level
and inside functions alike (``importlib.import_module("paretoland...")`` included), are
checked against :data:`LAYERS`. Imports under ``if TYPE_CHECKING:`` are exempt: they
never run. No import cycle is allowed among the modules either, one hidden behind an
import inside a function included. docs/development.md lists the same layers in order.
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
"""The layers, lowest first: a module may import from its own layer and those before it.

An entry names a module or a package (then every module in it). The root package comes
last: it re-exports the public names, and no module of the package imports it.
"""


@dataclass(frozen=True)
class Import:
    """One import that runs: where it is and which module of the package it loads."""

    path: str  # the importing file, relative to the repository
    module: str  # the importing module
    line: int
    target: str  # the longest module of the package the import names
    in_function: bool

    def __str__(self) -> str:
        where = "inside a function" if self.in_function else "at module level"
        return f"{self.path}:{self.line}: {self.module} imports {self.target} {where}"


def _modules(package: Path) -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = (package.name, *path.relative_to(package).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _named(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """Return the dotted names an import statement (or import_module call) loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        source = node.module or ""
        if node.level:  # relative: from the importing module's package
            parts = module.split(".")
            base = parts[: len(parts) - node.level + is_package]
            source = ".".join([*base, *([source] if source else [])])
        return [f"{source}.{alias.name}" for alias in node.names]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return [node.args[0].value]
    return []


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """Return the longest module of the package that ``name`` names, or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def _imports(module: str, modules: dict[str, Path]) -> Iterator[Import]:
    """Yield the imports of ``module`` that run, at module level or in a function."""
    path = modules[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    shown = path.relative_to(modules[ROOT].parents[1]).as_posix()
    is_package = path.name == "__init__.py"

    def walk(node: ast.AST, in_function: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from walk(child, in_function)
            return
        targets = {_resolve(name, modules) for name in _named(node, module, is_package)}
        for target in sorted(t for t in targets if t is not None and t != module):
            yield Import(shown, module, getattr(node, "lineno", 0), target, in_function)
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            yield from walk(child, inner)

    yield from walk(tree, False)


def _layer(module: str) -> int:
    for level, entries in enumerate(LAYERS):
        for entry in entries:
            if module == entry or (entry != ROOT and module.startswith(entry + ".")):
                return level
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")


def _all_imports(package: Path = PACKAGE) -> list[Import]:
    modules = _modules(package)
    return [imp for module in modules for imp in _imports(module, modules)]


def upward_imports(imports: list[Import]) -> list[str]:
    """Return one line per import from a higher layer: file, line, module, imported module."""
    return [
        f"{imp} (layer {_layer(imp.module)} imports layer {_layer(imp.target)})"
        for imp in imports
        if _layer(imp.target) > _layer(imp.module)
    ]


def import_cycles(imports: list[Import]) -> list[str]:
    """Return, per group of modules that import each other, its shortest loop, line by line."""
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports:
        edges.setdefault(imp.module, {}).setdefault(imp.target, imp)
    report = []
    for group in _strongly_connected(edges):
        loops = [_shortest_loop(start, group, edges) for start in sorted(group)]
        loop = min(loops, key=len)
        report.append(
            f"{len(group)} modules import each other ({', '.join(sorted(group))}); "
            "the shortest loop:\n  " + "\n  ".join(str(imp) for imp in loop)
        )
    return report


def _shortest_loop(
    start: str, group: set[str], edges: dict[str, dict[str, Import]]
) -> list[Import]:
    """Return the imports of the shortest loop from ``start`` back to it (breadth first)."""
    paths: dict[str, list[Import]] = {start: []}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target, imp in sorted(edges.get(node, {}).items()):
                if target == start:
                    return [*paths[node], imp]
                if target in group and target not in paths:
                    paths[target] = [*paths[node], imp]
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in no loop")  # pragma: no cover


def _strongly_connected(edges: dict[str, dict[str, Import]]) -> list[set[str]]:
    """Return the groups of more than one module that reach each other (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
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
            visit(node)
    return [group for group in groups if len(group) > 1]


def test_every_module_has_a_layer() -> None:
    for module in _modules(PACKAGE):
        _layer(module)


def test_no_module_imports_from_a_higher_layer() -> None:
    found = upward_imports(_all_imports())
    assert not found, "imports from a higher layer (LAYERS in tests/test_layers.py):\n" + (
        "\n".join(found)
    )


def test_no_import_cycles() -> None:
    found = import_cycles(_all_imports())
    assert not found, "import cycles (imports inside functions count):\n" + "\n".join(found)


def test_the_checks_see_imports_inside_functions_and_skip_type_checking(tmp_path) -> None:
    package = tmp_path / "paretoland"
    (package / "io").mkdir(parents=True)
    (package / "model").mkdir()
    for name in ("__init__.py", "io/__init__.py", "model/__init__.py", "exceptions.py"):
        (package / name).write_text("")
    (package / "io" / "atomic.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from paretoland.model import calibration\n"  # exempt
        "def f():\n"
        "    from paretoland.model.calibration import calibrate\n"  # line 5: upward
    )
    (package / "model" / "calibration.py").write_text(
        "from paretoland import exceptions\nfrom . import quotas\n"
    )
    (package / "model" / "quotas.py").write_text(
        "def g():\n"
        "    import importlib\n"
        "    importlib.import_module('paretoland.model.calibration')\n"
    )
    imports = _all_imports(package)
    upward = upward_imports(imports)
    assert len(upward) == 1 and upward[0].startswith(
        "paretoland/io/atomic.py:5: paretoland.io.atomic imports paretoland.model.calibration "
        "inside a function"
    )
    (cycle,) = import_cycles(imports)
    assert "2 modules import each other (paretoland.model.calibration, paretoland.model.qu" in cycle
    assert "paretoland/model/quotas.py:3:" in cycle and "calibration.py:2:" in cycle


@pytest.mark.skipif(not DEVELOPMENT_MD.is_file(), reason="no docs/ folder (installed copy)")
def test_the_development_guide_lists_the_layers_in_order() -> None:
    text = DEVELOPMENT_MD.read_text(encoding="utf-8")
    tree = re.split(r"\n(?! )", text.split("```text\nparetoland/\n", 1)[1], maxsplit=1)[0]
    listed = [
        f"{ROOT}.{name.removesuffix('/').removesuffix('.py')}"
        for name in re.findall(r"^  (\S+)", tree, flags=re.MULTILINE)
    ]
    assert listed == [entry for entries in LAYERS[:-1] for entry in entries]
