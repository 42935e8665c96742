"""The kernels' on-disk cache follows every source they are compiled from."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import paretoland
from paretoland.model.equilibrium.kernels import compiler

KERNELS = "paretoland.model.equilibrium.kernels"

# Calls _stop_status (iteration.py, which freezes STATUS_MAX_ITER of layout.py) and
# _damped_step (iteration.py, which calls _mix of steps.py), then prints what they
# returned and whether they came from numba's cache.
PROBE = """
import json
import numpy as np
import paretoland
from paretoland.model.equilibrium import kernels, layout as L

options, state = np.zeros(L.N_OPTIONS), kernels._slot(kernels._iteration_state(1, 2, 1), 0)
iterates, blocks, counters = state[0], state[3], state[4]
counters[:] = 0
options[L.OPTION_MAX_ITER] = counters[L.COUNTER_EVALUATIONS] = 3
options[L.OPTION_DAMPING], state[5][:] = 0.5, 1.0
status = kernels._stop_status(options, state)
iterates[L.ITERATE_X], iterates[L.ITERATE_RESIDUAL] = 0.0, 1.0
blocks[:] = np.array([[1.0], [0.0], [0.0], [1.0]])
kernels._damped_step(options, state)
hits = [sum(f.stats.cache_hits.values()) for f in (kernels._stop_status, kernels._damped_step)]
print(json.dumps({"file": paretoland.__file__, "status": int(status),
                  "step": float(iterates[L.ITERATE_PROPOSAL, 0]), "hits": hits}))
"""


def test_kernels_import_only_what_the_digest_covers() -> None:
    """Each kernel module imports from paretoland only modules whose source is hashed."""
    hashed = {
        f"{package}.{name.removesuffix('.py')}" for package, name in compiler.kernel_sources()
    }
    hashed |= {KERNELS}
    for _, name in compiler.kernel_sources()[:-1]:
        tree = ast.parse(resources.files(KERNELS).joinpath(name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.startswith("paretoland"):
                    assert module in hashed, f"{name} imports {module}, not in the digest"


def test_digest_covers_every_kernel_module_and_the_layout() -> None:
    names = [name for _, name in compiler.kernel_sources()]
    package = Path(resources.files(KERNELS))  # type: ignore[arg-type]
    assert names[:-1] == sorted(p.name for p in package.glob("*.py"))
    assert compiler.kernel_sources()[-1] == ("paretoland.model.equilibrium", "layout.py")
    assert compiler.sources_digest() == compiler.sources_digest()
    assert len(compiler.sources_digest()) == 64


def _run(root: Path, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**env, "PYTHONPATH": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("where", ["in-tree", "user-wide"])
def test_cache_follows_an_edited_constant_and_an_edited_callee(tmp_path: Path, where: str) -> None:
    """Issue 13: with cache=True alone, numba kept STATUS_MAX_ITER = 1 after an edit.

    ``user-wide`` stands for a read-only installation: the package's ``__pycache__``
    cannot be made, so numba caches in its user-wide directory.
    """
    root = tmp_path / "copy"
    source = Path(paretoland.__file__).parent
    shutil.copytree(source, root / "paretoland", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    kernels = root / "paretoland" / "model" / "equilibrium" / "kernels"
    if where == "user-wide":
        (kernels / "__pycache__").write_text("not a folder")
    first, again = _run(root, env), _run(root, env)
    assert first["file"] == str(root / "paretoland" / "__init__.py")
    assert (first["status"], first["step"], first["hits"]) == (1, 0.5, [0, 0])
    assert (again["status"], again["step"]) == (1, 0.5)
    assert again["hits"] == [1, 1]  # an unchanged tree loads from the cache
    cached = tmp_path / "user-cache" / "numba" if where == "user-wide" else kernels / "__pycache__"
    assert list(cached.rglob("iteration._stop_status-*.nbi"))
    layout = kernels.parent / "layout.py"
    layout.write_text(layout.read_text().replace("STATUS_MAX_ITER = 1", "STATUS_MAX_ITER = 9"))
    steps = kernels / "steps.py"
    steps.write_text(
        steps.read_text().replace("out[d] = x[d] + damping", "out[d] = 1.0 + x[d] + damping")
    )
    edited, again = _run(root, env), _run(root, env)
    assert (edited["status"], edited["step"], edited["hits"]) == (9, 1.5, [0, 0])
    assert (again["status"], again["step"], again["hits"]) == (9, 1.5, [1, 1])
