"""Tests of paretoland.data.counties: additivity, migration consistency, validity, scaling."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import QuotaRule, apply_rule, calibrate, load_cities
from paretoland.data.counties import ADDITIVE_COLUMNS, economy_of_size, split_into_counties
from paretoland.data.dataset import CityData
from paretoland.exceptions import ConfigError
from paretoland.model.counterfactual import trade_shock
from paretoland.model.equilibrium import solve_equilibrium


@pytest.fixture(scope="module")
def prefectures() -> CityData:
    return load_cities()


@pytest.fixture(scope="module")
def units(prefectures: CityData) -> np.ndarray:
    return np.random.default_rng(1).integers(1, 6, prefectures.n_cities)


@pytest.fixture(scope="module")
def counties(prefectures: CityData, units: np.ndarray) -> CityData:
    return split_into_counties(prefectures, units, seed=3)


def _parent(units: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(units.size), units)


def test_unit_count_and_codes(counties: CityData, prefectures: CityData, units: np.ndarray) -> None:
    assert counties.n_cities == units.sum()
    codes = counties.codes
    assert len(set(codes)) == codes.size
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    parent = _parent(units)
    assert (counties.province_codes == prefectures.province_codes[parent]).all()
    assert all(c[:2] == p[:2] for c, p in zip(codes, counties.province_codes, strict=True))
    i = int(np.flatnonzero(units == 3)[0])
    first = int(np.flatnonzero(parent == i)[0])
    assert counties.names[first + 2] == f"{prefectures.names[i]} 3"


@pytest.mark.parametrize("column", ADDITIVE_COLUMNS)
def test_sums_by_prefecture_exact(
    column: str, counties: CityData, prefectures: CityData, units: np.ndarray
) -> None:
    values = counties.cities[column].to_numpy()
    sums = np.bincount(_parent(units), weights=values, minlength=prefectures.n_cities)
    np.testing.assert_allclose(sums, prefectures.cities[column].to_numpy(), rtol=1e-9, atol=0)
    assert (values > 0).all()


@pytest.mark.parametrize(
    "column",
    [
        "wage_yuan",
        "land_price_productive_yuan_m2",
        "land_price_residential_yuan_m2",
        "house_price_yuan_m2",
    ],
)
def test_prices_inherited(
    column: str, counties: CityData, prefectures: CityData, units: np.ndarray
) -> None:
    expected = prefectures.cities[column].to_numpy()[_parent(units)]
    np.testing.assert_array_equal(counties.cities[column].to_numpy(), expected)


def test_migration_rows_and_aggregation(
    counties: CityData, prefectures: CityData, units: np.ndarray
) -> None:
    m = counties.migration
    np.testing.assert_allclose(m.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert (m >= 0).all()
    parent = _parent(units)
    member = np.zeros((parent.size, prefectures.n_cities))
    member[np.arange(parent.size), parent] = 1.0
    flows = member.T @ (counties.hukou[:, None] * m) @ member
    expected = prefectures.hukou[:, None] * prefectures.migration
    np.testing.assert_allclose(flows, expected, rtol=1e-9, atol=1e-9 * expected.max())


def test_residents_from_matrix(
    counties: CityData, prefectures: CityData, units: np.ndarray
) -> None:
    """Each unit's implied/stated residents equals its prefecture's ratio."""
    implied = counties.migration.T @ counties.hukou
    ratio_pref = (prefectures.migration.T @ prefectures.hukou) / prefectures.residents
    np.testing.assert_allclose(implied / counties.residents, ratio_pref[_parent(units)], rtol=1e-9)


def test_core_unit_has_largest_base_share(prefectures: CityData) -> None:
    data = split_into_counties(prefectures, 4, seed=0, noise=0.0)
    hukou = data.cities["hukou_pop_10k"].to_numpy().reshape(-1, 4)
    assert (hukou.argmax(axis=1) == 0).all()


def test_one_unit_is_identity(prefectures: CityData) -> None:
    assert split_into_counties(prefectures, 1) == prefectures


def test_determinism(prefectures: CityData) -> None:
    a = split_into_counties(prefectures, 3, seed=7)
    assert a == split_into_counties(prefectures, 3, seed=7)
    assert a != split_into_counties(prefectures, 3, seed=8)


def test_code_fallback_beyond_99_units(prefectures: CityData) -> None:
    units = np.ones(prefectures.n_cities, dtype=int)
    units[:2] = 120
    data = split_into_counties(prefectures, units)
    assert len(set(data.codes)) == data.n_cities


def test_bad_units(prefectures: CityData) -> None:
    with pytest.raises(ConfigError):
        split_into_counties(prefectures, 0)
    with pytest.raises(ConfigError):
        split_into_counties(prefectures, np.ones(3, dtype=int))


def test_validates_and_calibrates(counties: CityData) -> None:
    rebuilt = CityData.from_frames(counties.cities, counties.migration, counties.flags)
    assert rebuilt == counties
    calibration = calibrate(counties)
    assert calibration.n_cities == counties.n_cities
    assert np.isfinite(calibration.tfp).all()


@pytest.mark.parametrize("n", [100, 319, 1000])
def test_economy_of_size(n: int) -> None:
    data = economy_of_size(n)
    assert data.n_cities == n
    np.testing.assert_allclose(data.migration.sum(axis=1), 1.0, atol=1e-12)


def test_economy_of_size_seeded() -> None:
    assert economy_of_size(500, seed=2) == economy_of_size(500, seed=2)
    assert economy_of_size(500, seed=2) != economy_of_size(500, seed=3)


@pytest.mark.slow  # 1,000 units: compiles the chunked parallel kernel (about 18 s cold, 2 s warm)
def test_quota_rule_solves_on_1000_units() -> None:
    calibration = calibrate(economy_of_size(1000))
    trade = apply_rule(calibration, QuotaRule())
    eq = solve_equilibrium(calibration, trade_shock(trade, calibration.params))
    assert eq.converged, eq.message
    np.testing.assert_allclose(eq.labour.sum(), calibration.labour.sum(), rtol=1e-9)
