"""Calibration (docs/model.md §2): wedges by hand, units, identities and options."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import CityData, ModelParams, WedgeSignWarning, calibrate
from paretoland.data.validation import PlausibilityWarning
from paretoland.model.calibration import compute_price_level, compute_uniform_price, compute_wedges


@pytest.fixture
def three_cities() -> CityData:
    """Return three cities with no migration (m = I) and hukou ∝ employment.

    So the model's labour is exactly the urban-unit employment typed in here,
    L = (10, 20, 5) 万人, of which real estate L^H = (1, 2, 0.5) and goods L^Y = L − L^H;
    the default wedges use observed employment, (10, 20, 5) and (1, 2, 0.5).
    """
    cities = pd.DataFrame(
        {
            "city_code": ["110000", "130100", "510100"],
            "name_zh": ["北京市", "石家庄市", "成都市"],
            "name_pinyin": ["Beijing", "Shijiazhuang", "Chengdu"],
            "province_code": ["110000", "130000", "510000"],
            "province_zh": ["北京市", "河北省", "四川省"],
            "province_pinyin": ["Beijing", "Hebei", "Sichuan"],
            "region": ["East", "East", "West"],
            "gdp_100m_yuan": [30.0, 20.0, 6.0],
            "employment_10k": [10.0, 20.0, 5.0],
            "realestate_employment_10k": [1.0, 2.0, 0.5],
            "wage_yuan": [100e3, 50e3, 80e3],
            "hukou_pop_10k": [11.0, 22.0, 5.5],
            "resident_pop_10k": [11.0, 22.0, 5.5],
            "land_productive_km2": [2.0, 8.0, 1.0],
            "land_residential_km2": [1.0, 1.0, 1.0],
            "land_price_productive_yuan_m2": [300.0, 100.0, 200.0],
            "land_price_residential_yuan_m2": [3000.0, 1000.0, 2000.0],
            "house_price_yuan_m2": [40000.0, 10000.0, 15000.0],
        }
    )
    return CityData.from_frames(cities, np.eye(3))


def test_wedges_by_hand_on_three_cities(three_cities: CityData) -> None:
    cal = calibrate(three_cities)
    # w L^Y = (1000, 1000, 400) 千万 yuan, R^Y = (2, 8, 1) km²:
    # w L^Y / R^Y = (500, 125, 400), national Σ w L^Y / Σ R^Y = 2400 / 11.
    expected_y = np.array([500.0, 125.0, 400.0]) * 11.0 / 2400.0 - 1.0
    np.testing.assert_allclose(cal.wedge_productive, expected_y, rtol=1e-13)
    # w L^H = (100, 100, 40), R^H = (1, 1, 1): ratio to 240 / 3 = 80.
    expected_h = np.array([100.0, 100.0, 40.0]) / 80.0 - 1.0
    np.testing.assert_allclose(cal.wedge_residential, expected_h, rtol=1e-13)
    # signs: Beijing and Chengdu short of productive land, Shijiazhuang in surplus
    assert list(np.sign(cal.wedge_productive)) == [1.0, -1.0, 1.0]


def test_uniform_price_by_hand(three_cities: CityData) -> None:
    cal = calibrate(three_cities)
    # ((1-α)/α) Σ w L^Y / Σ R^Y, in yuan per m² per year: persons = 1e4 × 万, m² = 1e6 × km²,
    # wages (100, 50, 80) thousand yuan
    expected = 0.33 / 0.67 * (2400.0 * 1e3 * 1e4) / (11.0 * 1e6)
    assert math.isclose(cal.uniform_price_productive, expected, rel_tol=1e-13)
    expected_h = 0.35 / 0.65 * (240.0 * 1e3 * 1e4) / (3.0 * 1e6)
    assert math.isclose(cal.uniform_price_residential, expected_h, rel_tol=1e-13)


def test_observed_basis_by_hand() -> None:
    wage, labour, land = np.array([100.0, 50.0]), np.array([10.0, 20.0]), np.array([2.0, 8.0])
    tau = compute_wedges(wage, labour, land, 0.67, price=100.0)
    np.testing.assert_allclose(tau, 0.33 / 0.67 * np.array([5.0, 1.25]) - 1.0, rtol=1e-14)


def test_uniform_wedges_are_unit_free(three_cities: CityData) -> None:
    base = calibrate(three_cities)
    cities = three_cities.cities.copy()
    cities["wage_yuan"] *= 7.0  # another currency unit
    cities["land_productive_km2"] *= 3.0  # another area unit
    cities["land_residential_km2"] *= 3.0
    with pytest.warns(PlausibilityWarning, match="wage_yuan, 110000 北京市"):  # 700,000 yuan
        scaled = calibrate(CityData.from_frames(cities, three_cities.migration))
    np.testing.assert_allclose(scaled.wedge_productive, base.wedge_productive, rtol=1e-13)
    np.testing.assert_allclose(scaled.wedge_residential, base.wedge_residential, rtol=1e-13)


def test_land_weighted_mean_wedge_is_zero(four_city_frames) -> None:
    cal = calibrate(CityData.from_frames(*four_city_frames))
    # Σ R_d (1 + τ_d) = Σ R: the uniform price clears the national land market
    for land, wedge in (
        (cal.land_productive, cal.wedge_productive),
        (cal.land_residential, cal.wedge_residential),
    ):
        assert math.isclose(float(land @ (1.0 + wedge)), float(land.sum()), rel_tol=1e-12)


def test_labour_adds_up(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    cal = calibrate(data)
    total = data.employment.sum()  # urban-unit employment already includes real estate
    assert math.isclose(cal.labour_origin.sum(), total, rel_tol=1e-13)
    assert math.isclose(cal.labour.sum(), total, rel_tol=1e-13)  # migrants add up
    np.testing.assert_allclose(cal.labour_goods + cal.labour_housing, cal.labour, rtol=1e-14)
    np.testing.assert_allclose(
        cal.labour_housing / cal.labour,
        data.realestate_employment / data.employment,
        rtol=1e-13,
    )
    np.testing.assert_allclose(cal.labour, data.migration.T @ cal.labour_origin, rtol=1e-14)
    assert math.isclose(cal.welfare_weights.sum(), 1.0, rel_tol=1e-14)


def test_revenue_prices_welfare_and_tfp(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    p = ModelParams()
    cal = calibrate(data, p)
    np.testing.assert_allclose(cal.revenue_share_productive + cal.revenue_share_residential, 1.0)
    np.testing.assert_allclose(
        cal.land_price_productive, (1 + cal.wedge_productive) * cal.price_level_productive
    )
    np.testing.assert_allclose(
        cal.revenue,
        cal.land_price_productive * data.land_productive
        + cal.land_price_residential * data.land_residential,
    )
    v = data.wage / data.house_price**p.eta
    np.testing.assert_allclose(cal.real_income, v, rtol=1e-14)
    w = math.gamma(1 - 1 / p.kappa) * v * np.diag(data.migration) ** (-1 / p.kappa)
    np.testing.assert_allclose(cal.welfare_origin, w, rtol=1e-14)
    assert math.isclose(cal.welfare, float(cal.welfare_weights @ w), rel_tol=1e-14)
    # Y = A (L^Y)^α (R^Y)^(1−α) and A = G^ρ Ā^(1−ρ) hold at the baseline
    np.testing.assert_allclose(
        cal.tfp * cal.labour_goods**p.alpha * data.land_productive ** (1 - p.alpha), data.gdp
    )
    np.testing.assert_allclose(cal.revenue**p.rho * cal.tfp_fundamental ** (1 - p.rho), cal.tfp)


def test_units_reach_the_model_in_yuan_persons_and_square_metres(three_cities: CityData) -> None:
    cal = calibrate(three_cities)
    np.testing.assert_allclose(cal.output, [30e8, 20e8, 6e8])
    np.testing.assert_allclose(cal.land_productive, [2e6, 8e6, 1e6])
    np.testing.assert_allclose(cal.labour, [10e4, 20e4, 5e4], rtol=1e-13)
    np.testing.assert_allclose(cal.labour_housing, [1e4, 2e4, 0.5e4], rtol=1e-13)
    np.testing.assert_allclose(cal.labour_goods, [9e4, 18e4, 4.5e4], rtol=1e-13)


def test_price_level_is_land_weighted_and_winsorised() -> None:
    prices = np.array([1.0, 2.0, 3.0, 1000.0])
    land = np.array([1.0, 1.0, 2.0, 1.0])
    assert compute_price_level(prices, land, 0.0) == pytest.approx((1 + 2 + 6 + 1000) / 5)
    clipped = np.clip(prices, *np.quantile(prices, [0.25, 0.75]))
    assert compute_price_level(prices, land, 0.25) == pytest.approx(clipped @ land / 5)
    assert compute_uniform_price(np.ones(2), np.ones(2), np.ones(2), 0.5) == pytest.approx(1.0)


def test_tenure_correction_raises_productive_price_level_only(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    base = calibrate(data)
    corrected = calibrate(data, ModelParams(tenure_rate=0.05))
    factor = ModelParams(tenure_rate=0.05).tenure_factor
    assert corrected.price_level_productive == pytest.approx(base.price_level_productive * factor)
    assert corrected.price_level_residential == base.price_level_residential
    np.testing.assert_array_equal(corrected.wedge_productive, base.wedge_productive)
    assert np.all(corrected.revenue_share_productive > base.revenue_share_productive)


def test_observed_basis_warns_when_one_sided(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    with pytest.warns(WedgeSignWarning, match="wedge_basis='uniform'"):
        cal = calibrate(data, ModelParams(wedge_basis="observed"))
    # annual wage bills are tiny next to asset values: every wedge is negative
    assert np.all(cal.wedge_productive < 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WedgeSignWarning)
        calibrate(data)  # the uniform basis never warns


def test_to_frame_has_one_row_per_city(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    frame = calibrate(data).to_frame()
    assert list(frame["city_code"]) == list(data.codes)
    assert {"wedge_productive", "revenue_share_residential", "welfare_origin"} <= set(frame)


def test_wedges_use_observed_employment_by_default(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    assert ModelParams().wedge_labour == "employment"
    cal = calibrate(data)
    ratio = data.wage * data.employment / data.land_productive
    expected = ratio / (float(data.wage @ data.employment) / data.land_productive.sum()) - 1.0
    np.testing.assert_allclose(cal.wedge_productive, expected, rtol=1e-13)
    ratio_h = data.wage * data.realestate_employment / data.land_residential
    expected_h = (
        ratio_h / (float(data.wage @ data.realestate_employment) / data.land_residential.sum())
        - 1.0
    )
    np.testing.assert_allclose(cal.wedge_residential, expected_h, rtol=1e-13)
    # residents are the option; the model's labour itself is the same either way
    residents = calibrate(data, ModelParams(wedge_labour="residents"))
    np.testing.assert_array_equal(cal.labour_goods, residents.labour_goods)
    ratio_r = data.wage * residents.labour_goods / data.land_productive
    expected_r = ratio_r / (float(data.wage @ residents.labour_goods) / data.land_productive.sum())
    np.testing.assert_allclose(residents.wedge_productive, expected_r - 1.0, rtol=1e-13)


def test_prices_are_not_winsorised_again_by_default(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    assert ModelParams().price_winsor == 0.0
    cal = calibrate(data)
    weights = data.land_productive / data.land_productive.sum()
    assert cal.price_level_productive == pytest.approx(float(weights @ data.land_price_productive))
    winsorised = calibrate(data, ModelParams(price_winsor=0.25))
    assert winsorised.price_level_productive < cal.price_level_productive  # Beijing clipped


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[2] / "data" / "cities.csv").exists(),
    reason="data/cities.csv not built yet",
)
def test_price_levels_match_the_data_readme() -> None:
    """The price levels are data/README.md's: prices are winsorised once, at build.

    It documents the land-weighted means 456 and 5,174 yuan/m² (all 319 cities), and
    457 and 5,185 on the default sample without Tibet.
    """
    from paretoland import load_cities

    full = calibrate(load_cities(keep_tibet=True))
    assert round(full.price_level_productive) == 456
    assert round(full.price_level_residential) == 5174
    paper = calibrate(load_cities())
    assert round(paper.price_level_productive) == 457
    assert round(paper.price_level_residential) == 5185
