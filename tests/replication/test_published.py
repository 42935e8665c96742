"""The published numbers in paretoland.replication.published are transcribed from the paper's text.

The check parses the tables out of the seed paper itself (a different route from the
hand-typed constants), so a typo in either place fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.replication.published import (
    PAPER_TABLE1,
    PAPER_TABLE2,
    PAPER_TABLE3,
    PAPER_TABLE4,
    PAPER_TRANSFER_20,
    paper_cell,
)

SHARED = Path(os.environ.get("PARETOLAND_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SEEDS = SHARED / "seeds"
_ROW_LABELS = (
    "总产出(GDP)变化",
    "地区之间的产出差距变化",
    "社会福利变化",
    "地区之间的福利差距变化",
)


def _seed_text() -> str:
    paths = sorted(SEEDS.glob("000_*.txt"))
    if not paths:
        pytest.skip(f"the seed paper is not beside the repository ({SEEDS})")
    return paths[0].read_text(encoding="utf-8")


def _table_rows(text: str, title: str, n_rows: int) -> list[list[float]]:
    """Return the first ``n_rows`` outcome rows (label, then numbers) after a table title."""
    lines = text[text.index(title) :].splitlines()[1:]
    rows = [
        [float(x) for x in re.findall(r"-?\d+\.\d+", line)]
        for line in lines
        if line.startswith(_ROW_LABELS)
    ]
    return rows[:n_rows]


@pytest.mark.needs_shared
@pytest.mark.parametrize(
    ("title", "table"), [("表 2 逐步开放", PAPER_TABLE2), ("**表3**", PAPER_TABLE3)]
)
def test_grid_tables_match_the_seed(title: str, table: dict) -> None:
    rows = _table_rows(_seed_text(), title, 8)
    assert len(rows) == 8
    columns = [(u, p) for u in ("productive", "residential", "both") for p in ("pilot", "all")]
    for panel, allocation in enumerate(("equal_area", "equal_proportion")):
        for i, outcome in enumerate(OUTCOME_NAMES):
            printed = rows[4 * panel + i]
            typed = [table[(allocation, *c)][outcome] for c in columns]
            assert typed == printed


@pytest.mark.needs_shared
def test_table1_and_table4_match_the_seed() -> None:
    text = _seed_text()
    rows = _table_rows(text, "表1 基于", 4)
    assert [
        [PAPER_TABLE1[c][o] for c in ("productive", "residential", "split")] for o in OUTCOME_NAMES
    ] == rows
    block = text[text.index("**表4**") :]
    for objective, label in zip(
        OUTCOME_NAMES,
        ("最大化总产出", "最小化产出差距", "最大化社会福利", "最小化福利差距"),
        strict=True,
    ):
        line = next(ln for ln in block.splitlines() if ln.startswith(label))
        assert [PAPER_TABLE4[objective][o] for o in OUTCOME_NAMES] == [
            float(x) for x in re.findall(r"-?\d+\.\d+", line)
        ]


def test_transfer_20_is_table3_plus_the_stated_differences() -> None:
    cell = PAPER_TRANSFER_20[("equal_area", "both", "all")]
    base = PAPER_TABLE3[("equal_area", "both", "all")]
    assert cell["gdp"] == pytest.approx(base["gdp"] + 0.502)
    assert cell["welfare"] == pytest.approx(base["welfare"] + 0.455)
    assert cell["output_gap"] == pytest.approx(base["output_gap"] + 0.038)
    assert "welfare_gap" not in cell


def test_paper_cell_lookup() -> None:
    assert paper_cell("table2", "equal_area", "productive", "pilot")["gdp"] == 0.116
    assert paper_cell("table1", None, "split", None)["gdp"] == 0.024
    assert paper_cell("alpha=0.83", "equal_area", "both", "all") == {}
    assert paper_cell("table3", "equal_area", "split", "all") == {}
