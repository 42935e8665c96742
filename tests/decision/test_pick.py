"""Tests of paretoland.decision.pick: the dispatcher agrees with the methods it calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import (
    METHODS,
    Pick,
    achievement_scalarising,
    compromise_programming,
    knee_points,
    pick,
    pick_by_pseudo_weights,
    topsis,
)
from paretoland.exceptions import ConfigError, DataError

WEIGHTS = {"gdp": 0.4, "welfare": 0.3, "output_gap": 0.2, "welfare_gap": 0.1}


def test_methods_constant() -> None:
    assert METHODS == ("knee", "pseudo_weights", "asf", "compromise", "topsis")


def test_knee_pick(knee_front: np.ndarray) -> None:
    chosen = pick(knee_front, ["min", "min"], "knee")
    assert isinstance(chosen, Pick)
    np.testing.assert_array_equal(knee_front[chosen.index], [1.0, 1.0])
    assert chosen.score == pytest.approx(9.0)
    assert chosen.details["better"] == "higher"
    np.testing.assert_array_equal(chosen.details["knees"], knee_points(knee_front, ["min", "min"]))


@pytest.mark.parametrize("method", ["pseudo_weights", "asf", "compromise", "topsis"])
def test_weighted_picks_agree_with_functions(
    four_objective_front: pd.DataFrame, method: str
) -> None:
    frame = four_objective_front
    chosen = pick(frame, None, method, weights=WEIGHTS)
    array = np.array(list(WEIGHTS.values()))
    senses = ["max", "max", "min", "min"]
    expected = {
        "pseudo_weights": lambda: pick_by_pseudo_weights(frame, senses, array),
        "asf": lambda: achievement_scalarising(frame, senses, weights=array)[0],
        "compromise": lambda: compromise_programming(frame, senses, weights=array)[0],
        "topsis": lambda: topsis(frame, senses, array)[0],
    }[method]()
    assert chosen.index == expected
    assert chosen.method == method
    assert chosen.values.shape == (len(frame),)
    np.testing.assert_allclose(chosen.details["weights"], array)
    best = np.argmax if chosen.details["better"] == "higher" else np.argmin
    assert best(chosen.values) == chosen.index


def test_options_are_passed(four_objective_front: pd.DataFrame) -> None:
    a = pick(four_objective_front, None, "compromise", p=1)
    b = compromise_programming(four_objective_front, None, p=1)
    assert a.index == b[0] and a.details["p"] == 1
    np.testing.assert_allclose(a.values, b[1])


def test_names_for_arrays(four_objective_front: pd.DataFrame) -> None:
    chosen = pick(
        four_objective_front.to_numpy(),
        ["max", "max", "min", "min"],
        "topsis",
        names=list(four_objective_front.columns),
        weights=WEIGHTS,
    )
    assert chosen.index == pick(four_objective_front, None, "topsis", weights=WEIGHTS).index


def test_dispatcher_errors(four_objective_front: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="unknown decision method 'vikor'"):
        pick(four_objective_front, None, "vikor")
    with pytest.raises(ConfigError, match=r"takes options \['weights'\]; got unknown \['p'\]"):
        pick(four_objective_front, None, "topsis", p=2)
    with pytest.raises(DataError, match="empty"):
        pick(four_objective_front.iloc[:0], None, "asf")


def test_a_lone_candidate_is_explained_without_a_score() -> None:
    alone = Pick(index=0, method="knee", values=np.array([np.nan]))
    assert "nan" not in alone.explain()
    assert "only candidate" in alone.explain()
    scored = Pick(index=0, method="knee", values=np.array([2.5]))
    assert "2.5 (higher is better)" in scored.explain()
