"""Tests of paretoland.decision.prices: marginal rates along a two-objective front."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import exact_local_prices, tangent_prices, tradeoff_prices
from paretoland.exceptions import ConfigError


def _linear_front() -> pd.DataFrame:
    """GDP falls 0.5 pp for every pp the output gap closes; plus noise rows.

    Rows 0-8 lie on gdp = 2 − 0.5 c, output_gap = −c, c = 0, 0.5, ..., 4 (shuffled);
    row 9 is dominated in (gdp, output_gap) and row 10 duplicates row 2.
    """
    c = np.arange(0.0, 4.01, 0.5)
    order = np.random.default_rng(0).permutation(len(c))
    frame = pd.DataFrame({"gdp": 2.0 - 0.5 * c[order], "output_gap": -c[order]})
    extra = pd.DataFrame({"gdp": [1.0, frame.gdp[2]], "output_gap": [-1.0, frame.output_gap[2]]})
    frame = pd.concat([frame, extra], ignore_index=True)
    frame["welfare"] = np.linspace(0.0, 1.0, len(frame))  # ignored
    return frame


def test_constant_price_on_linear_front() -> None:
    frame = _linear_front()
    prices = tradeoff_prices(frame, None)
    assert list(prices.columns) == [
        "from_point",
        "to_point",
        "gdp_from",
        "gdp_to",
        "output_gap_from",
        "output_gap_to",
        "price",
    ]
    assert len(prices) == 8  # 9 frontier points; the dominated row and duplicate dropped
    np.testing.assert_allclose(prices["price"], 0.5)
    assert prices["gdp_from"].iloc[0] == pytest.approx(2.0)  # from the best GDP ...
    assert prices["output_gap_to"].iloc[-1] == pytest.approx(-4.0)  # ... to the best gap
    assert not {9, 10} & (set(prices["from_point"]) | set(prices["to_point"]))
    np.testing.assert_allclose(frame.gdp[prices.from_point].to_numpy(), prices.gdp_from)


def test_names_for_arrays_and_column_indices() -> None:
    frame = _linear_front()
    by_name = tradeoff_prices(
        frame.to_numpy(), ["max", "min", "max"], names=["GDP", "gap", "W"], x="GDP", y="gap"
    )
    assert "GDP_from" in by_name.columns and "gap_to" in by_name.columns
    by_index = tradeoff_prices(frame.to_numpy(), ["max", "min", "max"], x=0, y=1)
    np.testing.assert_allclose(by_index["price"], by_name["price"])
    assert "objective 0_from" in by_index.columns


def test_kinked_front_prices_rise() -> None:
    # Closing the first 2 pp of gap costs 0.25 pp GDP each, the next 2 pp cost 1 each.
    frame = pd.DataFrame({"gdp": [3.0, 2.5, 0.5], "output_gap": [0.0, -2.0, -4.0]})
    np.testing.assert_allclose(tradeoff_prices(frame, None)["price"], [0.25, 1.0])


def test_no_conflict_gives_empty_table() -> None:
    frame = pd.DataFrame({"gdp": [3.0, 1.0], "output_gap": [-2.0, 0.0]})
    assert tradeoff_prices(frame, None).empty


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"x": "wealth"}, "not an objective", id="unknown"),
        pytest.param({"x": "gdp", "y": "gdp"}, "same objective", id="same"),
        pytest.param({"x": 7}, "out of range", id="index"),
    ],
)
def test_bad_columns(kwargs: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        tradeoff_prices(_linear_front(), None, **kwargs)


def test_names_needed_for_arrays() -> None:
    with pytest.raises(ConfigError, match="no names"):
        tradeoff_prices(np.zeros((3, 2)), ["max", "min"])


def test_exact_prices_are_the_ratio_of_the_weights() -> None:
    from paretoland.decision import exact_tradeoff_prices

    frame = _linear_front().iloc[:9].reset_index(drop=True)
    frame["stationarity"] = 0.0
    frame["weight_gdp"], frame["weight_output_gap"], frame["weight_welfare"] = 2.0, 1.0, 0.0
    prices = exact_tradeoff_prices(
        frame, ["max", "min", "max"], names=["gdp", "output_gap", "welfare"]
    )
    assert list(prices.columns) == ["point", "gdp", "output_gap", "stationarity", "price"]
    np.testing.assert_allclose(prices["price"], 0.5)  # the linear front's slope
    assert prices["gdp"].iloc[0] == pytest.approx(2.0)
    with pytest.raises(ConfigError, match="without gradients"):
        exact_tradeoff_prices(
            _linear_front(), ["max", "min", "max"], names=["gdp", "output_gap", "welfare"]
        )


# --------------------------------------------------------------- prices at one point


def _sphere(n: int, m: int, seed: int = 0) -> np.ndarray:
    """Points of the positive unit sphere: a smooth front (all minimised)."""
    points = np.abs(np.random.default_rng(seed).normal(size=(n, m)))
    return points / np.linalg.norm(points, axis=1)[:, None]


def test_tangent_prices_on_a_plane_are_exact() -> None:
    # f1 + 2 f2 + 4 f3 = 1 (minimised): one unit of f2 gained costs 2 units of f1.
    rng = np.random.default_rng(1)
    f2, f3 = rng.uniform(0, 0.2, 200), rng.uniform(0, 0.1, 200)
    front = np.column_stack([1 - 2 * f2 - 4 * f3, f2, f3])
    found = tangent_prices(front, ["min"] * 3, 7, names=["a", "b", "c"])
    assert found.method == "neighbours" and found.flatness < 1e-8
    assert found.weights.to_numpy() == pytest.approx(np.array([1, 2, 4]) / 7, rel=1e-8)
    assert found.price("b", "a") == pytest.approx(2.0, rel=1e-8)
    assert found.price("c", "b") == pytest.approx(2.0, rel=1e-8)
    assert found.price("a", "c") == pytest.approx(0.25, rel=1e-8)
    assert np.isnan(found.price("a", "a"))
    assert found.low.loc["b", "a"] == pytest.approx(2.0) and found.high.loc[
        "b", "a"
    ] == pytest.approx(2.0)


def test_tangent_prices_on_a_sphere_match_the_normal() -> None:
    # On |f| = 1 the normal at p is p itself: the price of j in units of i is p_j / p_i.
    front = _sphere(4000, 3)
    point = int(np.argmin(np.abs(front - [0.5, 0.6, np.sqrt(1 - 0.61)]).sum(axis=1)))
    found = tangent_prices(front, ["min"] * 3, point, n_neighbours=24)
    p = front[point]
    assert found.weights.to_numpy() == pytest.approx(p / p.sum(), abs=0.02)
    assert found.price("objective 1", "objective 0") == pytest.approx(p[1] / p[0], rel=0.05)


def test_tangent_prices_in_own_sense_and_units() -> None:
    # Maximised GDP and welfare, a minimised gap, on GDP = 10 + 3 gap − 2 welfare: one
    # point of gap closed costs 3 points of GDP, one of welfare 2. Scaling GDP by 100
    # scales its prices.
    rng = np.random.default_rng(3)
    gap, welfare = rng.uniform(-2, 0, 200), rng.uniform(0, 1, 200)
    frame = pd.DataFrame({"gdp": 10 + 3 * gap - 2 * welfare, "output_gap": gap, "welfare": welfare})
    found = tangent_prices(frame, None, 20)
    assert found.price("output_gap", "gdp") == pytest.approx(3.0, rel=1e-8)
    assert found.price("welfare", "gdp") == pytest.approx(2.0, rel=1e-8)
    assert found.price("output_gap", "welfare") == pytest.approx(1.5, rel=1e-8)
    scaled = tangent_prices(frame.assign(gdp=100 * frame["gdp"]), None, 20)
    assert scaled.price("output_gap", "gdp") == pytest.approx(300.0, rel=1e-8)


def test_objectives_that_improve_together_do_not_trade_off() -> None:
    # c = 1 − a + b/2 (all maximised): more b comes with more c, so b trades off
    # against nothing; a against c one for one.
    rng = np.random.default_rng(2)
    a, b = rng.uniform(0, 1, 300), rng.uniform(0, 1, 300)
    front = np.column_stack([a, b, 1 - a + 0.5 * b])
    found = tangent_prices(front, ["max"] * 3, 5, names=["a", "b", "c"])
    assert found.weights["b"] < 0 < min(found.weights["a"], found.weights["c"])
    assert found.price("a", "c") == pytest.approx(1.0, rel=1e-8)
    for pair in (("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")):
        assert np.isnan(found.price(*pair))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"point": 9}, "not a row"),
        ({"point": 0, "n_neighbours": 1}, "n_neighbours"),
    ],
)
def test_tangent_prices_errors(kwargs: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        tangent_prices(_sphere(9, 3), ["min"] * 3, **kwargs)
    with pytest.raises(ConfigError, match="at least 4 points"):
        tangent_prices(_sphere(3, 3), ["min"] * 3, 0)


def test_exact_local_prices_are_ratios_of_the_point_weights() -> None:
    names = ["gdp", "welfare", "output_gap"]
    frame = pd.DataFrame(
        {
            "gdp": [1.0, 2.0],
            "welfare": [1.0, 0.5],
            "output_gap": [0.0, 1.0],
            "stationarity": [0.01, np.nan],
            "weight_gdp": [0.5, np.nan],
            "weight_welfare": [0.25, np.nan],
            "weight_output_gap": [0.0, np.nan],
        }
    )
    found = exact_local_prices(frame, 0, names=names)
    assert found.method == "exact" and found.stationarity == 0.01
    assert found.weights.to_numpy() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert found.price("gdp", "welfare") == pytest.approx(2.0)
    assert found.price("welfare", "gdp") == pytest.approx(0.5)
    assert np.isnan(found.price("gdp", "output_gap"))  # a zero weight: no trade-off
    assert found.low.equals(found.prices) and found.high.equals(found.prices)
    with pytest.raises(ConfigError, match="no trade-off weights"):
        exact_local_prices(frame, 1, names=names)
    with pytest.raises(ConfigError, match="without gradients"):
        exact_local_prices(frame.drop(columns="weight_welfare"), 0, names=names)
    with pytest.raises(ConfigError, match="not a row"):
        exact_local_prices(frame, 2, names=names)
