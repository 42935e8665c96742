"""Outcomes (docs/model.md §4).

Dispersion measures by hand, aggregate outcomes, city and province tables.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from paretoland import Calibration, CityData, ConfigError, DataError, calibrate
from paretoland.model.outcomes import (
    DISPERSION_MEASURES,
    OBJECTIVE_SENSES,
    OUTCOME_NAMES,
    Outcomes,
    city_table,
    compute_dispersion,
    compute_outcomes,
    province_table,
    weighted_cv,
    weighted_gini,
    weighted_theil,
    weighted_var_log,
)

MEASURES = list(DISPERSION_MEASURES)


@pytest.fixture
def cal(four_city_frames: tuple[pd.DataFrame, pd.DataFrame]) -> Calibration:
    return calibrate(CityData.from_frames(*four_city_frames))


def _ones(cal: Calibration) -> np.ndarray:
    return np.ones(cal.n_cities)


def _outcomes(cal: Calibration, measure: str = "cv", **hats: np.ndarray) -> Outcomes:
    args = {"output_hat": _ones(cal), "labour_hat": _ones(cal), "welfare_hat": _ones(cal)}
    args.update(hats)
    return compute_outcomes(cal, measure=measure, **args)


def _city_table(cal: Calibration, **overrides: np.ndarray) -> pd.DataFrame:
    args = {
        name: _ones(cal)
        for name in (
            "output_hat",
            "labour_hat",
            "wage_hat",
            "welfare_hat",
            "land_productive_hat",
            "land_residential_hat",
        )
    }
    args["transfers"] = np.zeros(cal.n_cities)
    args.update(overrides)
    return city_table(cal, **args)


# ------------------------------------------------------------------ dispersion by hand
def test_two_equal_weight_values_by_hand() -> None:
    x, w = np.array([1.0, 3.0]), np.array([1.0, 1.0])
    # mean 2, population std 1
    assert weighted_cv(x, w) == pytest.approx(0.5, rel=1e-15)
    # (|1-3| + |3-1|) / 4 / (2 * 2) = 0.25
    assert weighted_gini(x, w) == pytest.approx(0.25, rel=1e-15)
    # ratios 0.5 and 1.5
    theil = 0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5))
    assert weighted_theil(x, w) == pytest.approx(theil, rel=1e-14)
    # logs 0 and ln 3: variance (ln 3 / 2)^2
    assert weighted_var_log(x, w) == pytest.approx((math.log(3.0) / 2) ** 2, rel=1e-14)


def test_var_log_of_one_and_e_squared() -> None:
    assert weighted_var_log(np.array([1.0, math.e**2]), np.ones(2)) == pytest.approx(1.0)


@pytest.mark.parametrize("measure", MEASURES)
def test_equal_values_have_zero_dispersion(measure: str) -> None:
    x = np.full(5, 3.7)
    value = compute_dispersion(x, np.array([1.0, 2.0, 0.5, 3.0, 1.0]), measure)
    assert value == pytest.approx(0.0, abs=1e-14)


def test_unweighted_against_numpy_formulas() -> None:
    rng = np.random.default_rng(7)
    x = rng.lognormal(size=50)
    w = np.ones_like(x)
    n, mean = x.size, x.mean()
    assert weighted_cv(x, w) == pytest.approx(np.std(x) / np.mean(x), rel=1e-12)
    assert weighted_theil(x, w) == pytest.approx(np.mean(x / mean * np.log(x / mean)), rel=1e-12)
    assert weighted_var_log(x, w) == pytest.approx(np.var(np.log(x)), rel=1e-12)
    ranks = np.arange(1, n + 1)
    gini = np.sum((2 * ranks - n - 1) * np.sort(x)) / (n**2 * mean)
    assert weighted_gini(x, w) == pytest.approx(gini, rel=1e-12)


def test_weighted_gini_against_pairwise_double_sum() -> None:
    rng = np.random.default_rng(11)
    x = np.round(rng.lognormal(size=30), 1)  # rounding creates ties
    w = rng.uniform(0.0, 2.0, size=30)
    p = w / w.sum()
    pairwise = np.sum(np.outer(p, p) * np.abs(x[:, None] - x[None, :])) / (2 * p @ x)
    assert weighted_gini(x, w) == pytest.approx(pairwise, rel=1e-12)


@pytest.mark.parametrize("measure", MEASURES)
def test_integer_weights_equal_repeated_observations(measure: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=12)
    counts = rng.integers(0, 6, size=12)
    counts[0] = 0  # a zero weight drops the value
    expanded = np.repeat(x, counts)
    weighted = compute_dispersion(x, counts.astype(float), measure)
    assert weighted == pytest.approx(
        compute_dispersion(expanded, np.ones(expanded.size), measure), rel=1e-12
    )


@pytest.mark.parametrize("measure", MEASURES)
def test_scale_invariance_and_weight_normalisation(measure: str) -> None:
    rng = np.random.default_rng(5)
    x, w = rng.lognormal(size=20), rng.uniform(0.1, 1.0, size=20)
    base = compute_dispersion(x, w, measure)
    assert base > 0
    assert compute_dispersion(42.5 * x, w, measure) == pytest.approx(base, rel=1e-12)
    assert compute_dispersion(x, 1e6 * w, measure) == pytest.approx(base, rel=1e-12)


def test_measures_rank_a_spread_above_a_mean_preserving_contraction() -> None:
    w = np.ones(3)
    for measure in MEASURES:
        wide = compute_dispersion(np.array([1.0, 2.0, 3.0]), w, measure)
        narrow = compute_dispersion(np.array([1.5, 2.0, 2.5]), w, measure)
        assert wide > narrow > 0, measure


@pytest.mark.parametrize(
    "x, w, match",
    [
        pytest.param([1.0, -2.0], [1.0, 1.0], "positive finite values", id="negative-value"),
        pytest.param([1.0, 0.0], [1.0, 1.0], "positive finite values", id="zero-value"),
        pytest.param([1.0, np.nan], [1.0, 1.0], "positive finite values", id="nan-value"),
        pytest.param([1.0, 2.0], [1.0, -1.0], "non-negative", id="negative-weight"),
        pytest.param([1.0, 2.0], [0.0, 0.0], "sum to zero", id="zero-weights"),
        pytest.param([1.0, 2.0], [1.0], "one shape", id="shape-mismatch"),
        pytest.param([], [], "non-empty", id="empty"),
    ],
)
@pytest.mark.parametrize("measure", MEASURES)
def test_dispersion_rejects_bad_input(x: list, w: list, match: str, measure: str) -> None:
    with pytest.raises(DataError, match=match):
        DISPERSION_MEASURES[measure](np.array(x), np.array(w))


def test_unknown_measure_is_a_config_error(cal: Calibration) -> None:
    with pytest.raises(ConfigError, match="'std'.*'cv'"):
        compute_dispersion(np.ones(2), np.ones(2), "std")
    with pytest.raises(ConfigError, match="unknown dispersion measure"):
        _outcomes(cal, measure="Gini")
    with pytest.raises(ConfigError, match="unknown dispersion measure"):
        Outcomes(0.0, 0.0, 0.0, 0.0, measure="theil_l")


# ------------------------------------------------------------------ aggregate outcomes
@pytest.mark.parametrize("measure", MEASURES)
def test_no_change_gives_exactly_zero(cal: Calibration, measure: str) -> None:
    outcomes = _outcomes(cal, measure)
    for name in OUTCOME_NAMES:
        assert getattr(outcomes, name) == 0.0, name
    assert outcomes.measure == measure


@pytest.mark.parametrize("measure", MEASURES)
def test_uniform_output_hat_raises_gdp_ten_percent(cal: Calibration, measure: str) -> None:
    outcomes = _outcomes(cal, measure, output_hat=np.full(cal.n_cities, 1.1))
    assert outcomes.gdp == pytest.approx(10.0, rel=1e-12)
    assert outcomes.output_gap == pytest.approx(0.0, abs=1e-10)
    assert outcomes.welfare == 0.0 and outcomes.welfare_gap == 0.0


@pytest.mark.parametrize("measure", MEASURES)
def test_uniform_welfare_hat(cal: Calibration, measure: str) -> None:
    outcomes = _outcomes(cal, measure, welfare_hat=np.full(cal.n_cities, 1.02))
    assert outcomes.welfare == pytest.approx(2.0, rel=1e-12)
    assert outcomes.welfare_gap == pytest.approx(0.0, abs=1e-10)
    assert outcomes.gdp == 0.0 and outcomes.output_gap == 0.0


def test_gdp_and_welfare_by_hand(cal: Calibration) -> None:
    output_hat = np.array([1.0, 1.2, 1.0, 0.9])
    welfare_hat = np.array([1.0, 1.0, 1.05, 1.0])
    outcomes = _outcomes(cal, output_hat=output_hat, welfare_hat=welfare_hat)
    y, lam, wo = cal.output, cal.welfare_weights, cal.welfare_origin
    assert outcomes.gdp == pytest.approx(100 * (0.2 * y[1] - 0.1 * y[3]) / y.sum(), rel=1e-12)
    assert outcomes.welfare == pytest.approx(100 * 0.05 * lam[2] * wo[2] / (lam @ wo), rel=1e-10)


def test_output_gap_by_hand(cal: Calibration) -> None:
    labour_hat = np.array([1.1, 0.9, 0.95, 1.0])
    output_hat = np.array([1.05, 0.97, 1.0, 1.02])
    outcomes = _outcomes(cal, output_hat=output_hat, labour_hat=labour_hat)

    def cv(y: np.ndarray, weights: np.ndarray) -> float:
        p = weights / weights.sum()
        return math.sqrt(p @ (y - p @ y) ** 2) / (p @ y)

    before = cv(cal.output / cal.labour, cal.labour)
    lab = cal.labour * labour_hat
    after = cv(cal.output * output_hat / lab, lab)
    assert outcomes.output_gap == pytest.approx(100 * (after / before - 1), rel=1e-10)


def test_sign_conventions(cal: Calibration) -> None:
    assert OBJECTIVE_SENSES == {
        "gdp": "max",
        "welfare": "max",
        "output_gap": "min",
        "welfare_gap": "min",
    }
    assert set(OBJECTIVE_SENSES) == set(OUTCOME_NAMES)
    per_worker = cal.output / cal.labour
    for measure in MEASURES:
        lift_poorest = np.where(np.arange(4) == np.argmin(per_worker), 1.1, 1.0)
        lift_richest = np.where(np.arange(4) == np.argmax(per_worker), 1.1, 1.0)
        poor = _outcomes(cal, measure, output_hat=lift_poorest)
        rich = _outcomes(cal, measure, output_hat=lift_richest)
        assert poor.gdp > 0 and rich.gdp > 0
        assert poor.output_gap < 0 < rich.output_gap, measure
        w_poor = np.where(np.arange(4) == np.argmin(cal.welfare_origin), 1.1, 1.0)
        w_rich = np.where(np.arange(4) == np.argmax(cal.welfare_origin), 0.9, 1.0)
        assert _outcomes(cal, measure, welfare_hat=w_poor).welfare > 0
        assert _outcomes(cal, measure, welfare_hat=w_poor).welfare_gap < 0, measure
        assert _outcomes(cal, measure, welfare_hat=w_rich).welfare < 0
        assert _outcomes(cal, measure, welfare_hat=w_rich).welfare_gap < 0, measure


@pytest.mark.parametrize(
    "bad, match",
    [
        pytest.param(np.array([1.0, -0.5, 1.0, 1.0]), "city 130100", id="negative"),
        pytest.param(np.array([1.0, 1.0, np.nan, 1.0]), "city 130200", id="nan"),
        pytest.param(np.ones(3), r"expected \(4,\)", id="shape"),
    ],
)
def test_bad_hats_raise(cal: Calibration, bad: np.ndarray, match: str) -> None:
    with pytest.raises(DataError, match=match):
        _outcomes(cal, labour_hat=bad)
    with pytest.raises(DataError, match=match):
        _city_table(cal, wage_hat=bad)


def test_zero_baseline_dispersion_raises(cal: Calibration) -> None:
    flat = dataclasses.replace(cal, welfare_origin=np.full(4, 2.0))
    with pytest.raises(DataError, match="zero dispersion"):
        _outcomes(flat)


def test_outcomes_object(cal: Calibration) -> None:
    outcomes = _outcomes(cal, "gini", output_hat=np.full(4, 1.1))
    assert list(outcomes.as_dict()) == list(OUTCOME_NAMES)
    assert all(type(v) is float for v in outcomes.as_dict().values())
    text = str(outcomes)
    assert "gini" in text and "+10.000000" in text and "Welfare gap" in text
    assert len({len(line) for line in text.splitlines()[1:]}) == 1  # fixed width
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcomes.gdp = 0.0  # type: ignore[misc]


# ------------------------------------------------------------------ city and province tables
def test_city_table_columns_and_values(cal: Calibration) -> None:
    land_y = np.array([1.1, 0.85, 0.85, 1.2])
    transfers = np.array([-3e9, 1e9, 1e9, -0.5e9])
    table = _city_table(
        cal,
        output_hat=np.full(4, 1.02),
        labour_hat=np.full(4, 0.99),
        land_productive_hat=land_y,
        transfers=transfers,
    )
    assert list(table["city_code"]) == list(cal.data.codes)
    np.testing.assert_allclose(table["land_productive_before_km2"], [520, 110, 95, 260])
    np.testing.assert_allclose(
        table["land_productive_after_km2"], np.array([520, 110, 95, 260]) * land_y
    )
    np.testing.assert_allclose(
        table["land_productive_change_km2"],
        table["land_productive_after_km2"] - table["land_productive_before_km2"],
        rtol=1e-12,
    )
    assert (table["land_residential_change_km2"] == 0.0).all()
    np.testing.assert_allclose(table["gdp_before_yuan"], cal.output)
    np.testing.assert_allclose(table["gdp_change_pct"], 2.0, rtol=1e-12)
    np.testing.assert_allclose(table["population_change_pct"], -1.0, rtol=1e-12)
    assert (table["wage_change_pct"] == 0.0).all() and (table["welfare_change_pct"] == 0.0).all()
    np.testing.assert_array_equal(table["transfers_yuan"], transfers)


def test_city_table_rejects_negative_land_hat(cal: Calibration) -> None:
    with pytest.raises(DataError, match="land_residential_hat.*non-negative"):
        _city_table(cal, land_residential_hat=np.array([1.0, -0.1, 1.0, 1.0]))
    with pytest.raises(DataError, match="transfers.*finite"):
        _city_table(cal, transfers=np.array([0.0, np.inf, 0.0, 0.0]))


def _shocked_table(cal: Calibration) -> pd.DataFrame:
    return _city_table(
        cal,
        output_hat=np.array([1.03, 0.98, 0.99, 1.01]),
        labour_hat=np.array([1.02, 0.97, 0.99, 1.0]),
        wage_hat=np.array([1.01, 1.0, 0.99, 1.02]),
        welfare_hat=np.array([1.01, 0.995, 1.002, 1.004]),
        land_productive_hat=np.array([1.1, 0.85, 0.85, 1.0]),
        land_residential_hat=np.array([1.0, 1.0, 0.9, 1.05]),
        transfers=np.array([-4e9, 2.5e9, 1.5e9, -1e9]),
    )


def test_province_sums_equal_city_sums(cal: Calibration) -> None:
    cities = _shocked_table(cal)
    provinces = province_table(cities)
    assert list(provinces["province_code"]) == ["110000", "130000", "510000"]
    assert list(provinces["n_cities"]) == [1, 2, 1]
    summed = [c for c in provinces.columns if c.endswith(("_km2", "_yuan", "_persons"))]
    assert "land_productive_change_km2" in summed and "transfers_yuan" in summed
    for column in summed:
        assert provinces[column].sum() == pytest.approx(cities[column].sum(), rel=1e-12), column
    hebei = provinces.set_index("province_code").loc["130000"]
    both = cities[cities["province_code"] == "130000"]
    assert hebei["land_productive_change_km2"] == pytest.approx(
        both["land_productive_change_km2"].sum(), rel=1e-12
    )
    assert hebei["transfers_yuan"] == 4e9


def test_province_changes_by_hand(cal: Calibration) -> None:
    cities = _shocked_table(cal)
    hebei = province_table(cities).set_index("province_code").loc["130000"]
    both = cities[cities["province_code"] == "130000"]
    gdp = both["gdp_after_yuan"].sum() / both["gdp_before_yuan"].sum() - 1
    assert hebei["gdp_change_pct"] == pytest.approx(100 * gdp, rel=1e-12)
    lab = both["population_before_persons"]
    assert hebei["wage_change_pct"] == pytest.approx(
        (both["wage_change_pct"] * lab).sum() / lab.sum(), rel=1e-12
    )
    single = province_table(cities[cities["province_code"] == "510000"]).iloc[0]
    assert single["welfare_change_pct"] == pytest.approx(0.4, rel=1e-10)
    assert single["population_change_pct"] == pytest.approx(0.0, abs=1e-12)


def test_one_province_reproduces_national_outcomes(cal: Calibration) -> None:
    cities = _shocked_table(cal).assign(province_code="000000")
    nation = province_table(cities).iloc[0]
    outcomes = _outcomes(
        cal,
        output_hat=np.array([1.03, 0.98, 0.99, 1.01]),
        labour_hat=np.array([1.02, 0.97, 0.99, 1.0]),
        welfare_hat=np.array([1.01, 0.995, 1.002, 1.004]),
    )
    assert nation["gdp_change_pct"] == pytest.approx(outcomes.gdp, rel=1e-10)
    assert nation["welfare_change_pct"] == pytest.approx(outcomes.welfare, rel=1e-10)


def test_province_table_needs_a_city_table(cal: Calibration) -> None:
    with pytest.raises(DataError, match="missing column.*transfers_yuan"):
        province_table(_shocked_table(cal).drop(columns="transfers_yuan"))
