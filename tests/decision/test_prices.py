"""Tests of paretoland.decision.prices: marginal rates along a two-objective front."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import tradeoff_prices
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
