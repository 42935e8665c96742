"""Tests of paretoland.decision.stakeholders: the TOML file and the weights it implies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import (
    Stakeholder,
    ahp_weights,
    combine_group_weights,
    entropy_weights,
    load_stakeholders,
    relative_entropy_combination,
    stakeholder_ahp,
    stakeholder_weights,
)
from paretoland.exceptions import ConfigError, DataError

EXAMPLE = Path(__file__).with_name("stakeholders_example.toml")
CRITERIA = ["gdp", "welfare", "output_gap", "welfare_gap"]

GOOD = """
[[stakeholder]]
name = "planner"
criteria = ["gdp", "output_gap"]
matrix = [[1, 3], ["1/3", 1]]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stakeholders.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_loads() -> None:
    stakeholders = load_stakeholders(EXAMPLE)
    assert [s.name for s in stakeholders] == [
        "central_government",
        "receiving_cities",
        "sending_cities",
        "land_experts",
    ]
    assert stakeholders[0].weight == 2.0 and stakeholders[1].weight == 1.0
    assert stakeholders[0].matrix[2, 0] == pytest.approx(0.5)
    # land_experts lists the criteria in another order; aligned() restores the first's.
    experts = stakeholders[3]
    aligned = experts.aligned(stakeholders[0].criteria)
    assert aligned[0, 1] == pytest.approx(0.5)  # gdp vs welfare
    for result in stakeholder_ahp(stakeholders).values():
        assert result.cr < 0.1


def test_weights_without_frontier_are_aggregated_ahp() -> None:
    stakeholders = load_stakeholders(EXAMPLE)
    weights = stakeholder_weights(stakeholders)
    assert set(weights) == {"ahp", "combined"}
    assert list(weights["ahp"]) == CRITERIA
    per_group = [ahp_weights(s.aligned(CRITERIA)).weights for s in stakeholders]
    expected = combine_group_weights(per_group, [2.0, 1.0, 1.0, 1.0])
    np.testing.assert_allclose(list(weights["ahp"].values()), expected)
    assert weights["combined"] == weights["ahp"]
    assert sum(weights["ahp"].values()) == pytest.approx(1.0)


def test_weights_with_frontier(four_objective_front: pd.DataFrame) -> None:
    stakeholders = load_stakeholders(EXAMPLE)
    frame = four_objective_front[["welfare_gap", "gdp", "output_gap", "welfare"]]
    weights = stakeholder_weights(stakeholders, frame)
    assert set(weights) == {"ahp", "entropy", "combined"}
    entropy = entropy_weights(four_objective_front[CRITERIA], ["max", "max", "min", "min"])
    np.testing.assert_allclose(list(weights["entropy"].values()), entropy)
    combined = relative_entropy_combination([list(weights["ahp"].values()), entropy])
    np.testing.assert_allclose(list(weights["combined"].values()), combined.weights)
    # The same with an array in criteria order and explicit senses.
    again = stakeholder_weights(
        stakeholders,
        four_objective_front[CRITERIA].to_numpy(),
        {"gdp": "max", "welfare": "max", "output_gap": "min", "welfare_gap": "min"},
    )
    assert again == weights


def test_frontier_must_have_the_criteria(four_objective_front: pd.DataFrame) -> None:
    stakeholders = load_stakeholders(EXAMPLE)
    with pytest.raises(ConfigError, match=r"lacks column\(s\) \['welfare'\]"):
        stakeholder_weights(stakeholders, four_objective_front.drop(columns="welfare"))
    with pytest.raises(DataError, match=r"shape \(k, 4\)"):
        stakeholder_weights(stakeholders, np.zeros((5, 3)))


@pytest.mark.parametrize(
    ("text", "error", "match"),
    [
        pytest.param(
            GOOD.replace("criteria =", "critera ="),
            ConfigError,
            r"stakeholder 'planner' critera: unknown key; did you mean 'criteria'\?",
            id="misspelt-key",
        ),
        pytest.param(
            GOOD + "\n[extra]\nx = 1\n",
            ConfigError,
            "unknown top-level key 'extra'",
            id="top-level",
        ),
        pytest.param(
            GOOD.replace('name = "planner"\n', ""),
            ConfigError,
            r"stakeholder #1: missing key 'name'",
            id="missing-name",
        ),
        pytest.param(
            GOOD.replace('"1/3"', '"1/2"'),
            DataError,
            "stakeholder 'planner': pairwise matrix is not reciprocal",
            id="reciprocal",
        ),
        pytest.param(
            GOOD.replace('"1/3"', '"a third"'),
            ConfigError,
            r"'planner' matrix\[1\]\[0\] = \"a third\": not a judgement",
            id="string",
        ),
        pytest.param(
            GOOD.replace('[[1, 3], ["1/3", 1]]', '[[1, 3, 1], ["1/3", 1, 1]]'),
            DataError,
            "square",
            id="not-square",
        ),
        pytest.param(
            GOOD + "weight = -1\n", ConfigError, "weight = -1.0: must be positive", id="weight"
        ),
        pytest.param(
            GOOD + GOOD, ConfigError, r"name\(s\) \['planner'\] are used more", id="duplicate"
        ),
        pytest.param(
            GOOD + GOOD.replace("planner", "mayor").replace("output_gap", "welfare"),
            ConfigError,
            r"'mayor' compares different criteria .* extra \['welfare'\]",
            id="criteria-mismatch",
        ),
        pytest.param(
            GOOD.replace('["gdp", "output_gap"]', '["gdp", "gdp"]'),
            ConfigError,
            "appear more than once",
            id="duplicate-criterion",
        ),
        pytest.param("x = [", ConfigError, "not valid TOML", id="toml"),
        pytest.param("", ConfigError, "no \\[\\[stakeholder\\]\\] tables", id="empty"),
    ],
)
def test_strict_loading(tmp_path: Path, text: str, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        load_stakeholders(_write(tmp_path, text))


def test_types_are_checked_as_in_a_run_file(tmp_path: Path) -> None:
    wrong = {
        'weight = "2"': r"stakeholder 'planner' weight = \"2\": expected a finite number",
        'criteria = "gdp"': r"stakeholder 'planner' criteria = \"gdp\": expected a list",
    }
    for line, message in wrong.items():
        key = line.split(" =")[0]
        text = "\n".join(r for r in GOOD.splitlines() if not r.startswith(key)) + f"\n{line}\n"
        with pytest.raises(ConfigError, match=message):
            load_stakeholders(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_stakeholders(tmp_path / "nowhere.toml")


def test_inconsistent_stakeholder_is_named() -> None:
    # 5 > 3 > 1 in one breath and "output_gap ≫ gdp" in the other: CR far above 0.1.
    matrix = [[1, 5, 1 / 7], [1 / 5, 1, 5], [7, 1 / 5, 1]]
    sloppy = Stakeholder("sloppy", ("gdp", "welfare", "output_gap"), matrix)
    with pytest.raises(DataError, match=r"stakeholder 'sloppy'.*CR = .* ≥ 0.1.*cell"):
        stakeholder_weights([sloppy])
