"""Importing paretoland never touches a user's matplotlib backend or pyplot's state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
import matplotlib
matplotlib.use("svg")
import paretoland
for module in pkgutil.walk_packages(paretoland.__path__, "paretoland."):
    importlib.import_module(module.name)
print(matplotlib.get_backend(), "matplotlib.pyplot" in sys.modules)
"""


def test_importing_every_module_keeps_the_backend_and_leaves_pyplot_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.split() == ["svg", "False"]


def test_figures_render_without_pyplot(tmp_path: Path) -> None:
    import pandas as pd

    from paretoland.reporting.figures.wedges import plot_wedge_shares

    table = pd.DataFrame(
        {
            "n_cities": [3, 2],
            "productive_positive_pct": [66.7, 50.0],
            "residential_positive_pct": [33.3, 100.0],
            "paper_productive_pct": [60.0, float("nan")],
            "paper_residential_pct": [40.0, float("nan")],
        },
        index=["National", "East"],
    )
    figure = plot_wedge_shares(table)
    figure.savefig(tmp_path / "wedges.png")
    assert (tmp_path / "wedges.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.canvas.manager is None  # not registered with pyplot
