"""Tests of paretoland.decision.front: validation, minimisation form, dominance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import build_front, non_dominated, normalise, pareto_improvements
from paretoland.exceptions import ConfigError, DataError

SENSES4 = ["max", "max", "min", "min"]


# ------------------------------------------------------------------ the front


def test_minimisation_form_negates_max_columns() -> None:
    front = build_front([[1.0, 2.0], [3.0, -4.0]], ["max", "min"])
    np.testing.assert_array_equal(front.minimised, [[-1.0, 2.0], [-3.0, -4.0]])
    np.testing.assert_array_equal(front.ideal, [-3.0, -4.0])
    np.testing.assert_array_equal(front.nadir, [-1.0, 2.0])


def test_dataframe_senses_default_from_outcomes(four_objective_front: pd.DataFrame) -> None:
    front = build_front(four_objective_front, None)
    assert front.senses == ("max", "max", "min", "min")
    assert front.names == ("gdp", "welfare", "output_gap", "welfare_gap")


def test_normalise_to_unit_interval_and_constant_column_to_zero() -> None:
    front = build_front([[0.0, 5.0, 1.0], [2.0, 5.0, 3.0], [1.0, 5.0, 2.0]], ["min", "min", "max"])
    f = normalise(front)
    np.testing.assert_allclose(f[:, 0], [0.0, 1.0, 0.5])
    np.testing.assert_array_equal(f[:, 1], 0.0)  # constant
    np.testing.assert_allclose(f[:, 2], [1.0, 0.0, 0.5])  # max: the largest is best


@pytest.mark.parametrize(
    ("objectives", "senses", "error", "match"),
    [
        pytest.param([[1.0, np.nan]], ["max", "min"], DataError, "point 0, column 1", id="nan"),
        pytest.param([[1.0, np.inf]], ["max", "min"], DataError, "finite", id="inf"),
        pytest.param(np.empty((0, 2)), ["max", "min"], DataError, "empty", id="empty"),
        pytest.param([1.0, 2.0], ["max", "min"], DataError, "2-D", id="1-d"),
        pytest.param([[1.0, 2.0]], ["max"], ConfigError, "1 entries", id="short-senses"),
        pytest.param([[1.0, 2.0]], ["max", "down"], ConfigError, "'down'", id="bad-sense"),
        pytest.param([[1.0, 2.0]], "max", ConfigError, "string", id="string-senses"),
        pytest.param([[1.0, 2.0]], None, ConfigError, "senses is required", id="no-senses"),
    ],
)
def test_validation(objectives: object, senses: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        build_front(objectives, senses)  # type: ignore[arg-type]


def test_nan_message_names_dataframe_column(four_objective_front: pd.DataFrame) -> None:
    frame = four_objective_front.copy()
    frame.loc[4, "welfare_gap"] = np.nan
    with pytest.raises(DataError, match="point 4, 'welfare_gap'"):
        build_front(frame, None)


def test_unknown_default_sense() -> None:
    with pytest.raises(ConfigError, match="no default sense"):
        build_front(pd.DataFrame({"gdp": [1.0], "farmland": [2.0]}), None)


# ------------------------------------------------------------------ dominance


def test_pareto_improvements_strict_and_weak() -> None:
    objectives = np.array(
        [
            [1.0, 1.0, -1.0, -1.0],  # better on all four
            [1.0, 0.0, -1.0, -1.0],  # equal on welfare: weak improvement only
            [1.0, 1.0, 0.5, -1.0],  # output gap widens: no improvement
            [0.0, 0.0, 0.0, 0.0],  # the status quo itself
        ]
    )
    strict = pareto_improvements(objectives, SENSES4)
    weak = pareto_improvements(objectives, SENSES4, strict=False)
    np.testing.assert_array_equal(strict, [True, False, False, False])
    np.testing.assert_array_equal(weak, [True, True, False, False])


def test_pareto_improvements_custom_status_quo() -> None:
    frame = pd.DataFrame({"gdp": [1.0, 3.0], "output_gap": [-1.0, -1.0]})
    mask = pareto_improvements(frame, None, {"gdp": 2.0, "output_gap": 0.0})
    np.testing.assert_array_equal(mask, [False, True])
    with pytest.raises(ConfigError, match="3 entries"):
        pareto_improvements(frame, None, [0.0, 0.0, 0.0])


def test_non_dominated_drops_dominated_and_duplicates() -> None:
    f = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.5, 0.5]])
    np.testing.assert_array_equal(non_dominated(f), [True, True, False, False, True])
