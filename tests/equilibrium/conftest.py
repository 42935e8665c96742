"""Economies for the equilibrium tests: the four-city toy and seeded random ones."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from paretoland import Calibration, CityData, ModelParams, calibrate
from paretoland.provinces import PROVINCES


def random_frames(
    n: int, rng: np.random.Generator, *, migration: np.ndarray | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Build a valid random dataset of ``n`` cities (residents = mᵀ hukou), as frames.

    ``migration`` fixes the share matrix; by default stayers keep 75–97 % and the
    rest spreads over destinations with random (skewed) weights.
    """
    if migration is None and n == 1:
        migration = np.ones((1, 1))
    elif migration is None:
        weights = rng.random((n, n)) ** 3
        np.fill_diagonal(weights, 0.0)
        stay = rng.uniform(0.75, 0.97, n)
        migration = weights / weights.sum(axis=1, keepdims=True) * (1.0 - stay)[:, None]
        migration[np.diag_indices(n)] = stay
    provinces = [PROVINCES[i % len(PROVINCES)] for i in range(n)]
    hukou = rng.lognormal(6.0, 0.6, n)
    employment = hukou * rng.uniform(0.2, 0.6, n)
    cities = pd.DataFrame({
        "city_code": [p.code[:2] + f"{i // len(PROVINCES) + 1:02d}00"
                      for i, p in enumerate(provinces)],
        "name_zh": [f"城市{i}" for i in range(n)],
        "name_pinyin": [f"City{i}" for i in range(n)],
        "province_code": [p.code for p in provinces],
        "province_zh": [p.name_zh for p in provinces],
        "province_pinyin": [p.name_pinyin for p in provinces],
        "region": [p.region for p in provinces],
        "gdp_100m_yuan": employment * rng.lognormal(1.5, 0.4, n),
        "employment_10k": employment,
        "realestate_employment_10k": employment * rng.uniform(0.03, 0.09, n),
        "wage_yuan": rng.lognormal(11.2, 0.25, n),
        "hukou_pop_10k": hukou,
        "resident_pop_10k": migration.T @ hukou,
        "land_productive_km2": employment * rng.lognormal(-0.5, 0.5, n),
        "land_residential_km2": employment * rng.lognormal(-0.8, 0.5, n),
        "land_price_productive_yuan_m2": rng.lognormal(6.3, 0.5, n),
        "land_price_residential_yuan_m2": rng.lognormal(8.7, 0.6, n),
        "house_price_yuan_m2": rng.lognormal(9.2, 0.5, n),
    })
    return cities, migration


def random_calibration(n: int, seed: int, params: ModelParams | None = None) -> Calibration:
    """Calibrate a seeded random economy of ``n`` cities."""
    cities, migration = random_frames(n, np.random.default_rng(seed))
    return calibrate(CityData.from_frames(cities, migration), params)


def random_shock_arrays(
    calibration: Calibration, seed: int, scale: float = 0.15
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random land hats, transfers (yuan) and mobility-cost hats of a given size."""
    rng = np.random.default_rng(seed)
    n = calibration.n_cities
    land_y = np.exp(rng.uniform(-scale, scale, n))
    land_h = np.exp(rng.uniform(-scale, scale, n))
    transfers = rng.uniform(-0.5 * scale, 0.5 * scale, n) * calibration.revenue
    cost = np.exp(rng.uniform(-scale, scale, (n, n)) / 3.0)
    np.fill_diagonal(cost, 1.0)
    return land_y, land_h, transfers, cost


def calibrate_frames(
    cities: pd.DataFrame, migration: np.ndarray, params: ModelParams | None = None
) -> Calibration:
    """Validate and calibrate in-memory frames."""
    return calibrate(CityData.from_frames(cities, migration), params)


@pytest.fixture(autouse=True)
def _raise_on_float_errors() -> Iterator[None]:
    """Any floating-point warning in numpy code is an error (pyblp's convention)."""
    with np.errstate(all="raise"):
        yield


@pytest.fixture
def toy(four_city_frames: tuple[pd.DataFrame, pd.DataFrame]) -> Calibration:
    """Return the calibrated four-city toy economy of the shared conftest."""
    return calibrate(CityData.from_frames(*four_city_frames))


@pytest.fixture
def economies() -> SimpleNamespace:
    """Return the economy builders.

    ``frames(n, rng, migration=None)``, ``calibrate(cities, m, params=None)``,
    ``random(n, seed, params=None)`` and ``shock_arrays(calibration, seed, scale)``.
    """
    return SimpleNamespace(
        frames=random_frames,
        calibrate=calibrate_frames,
        random=random_calibration,
        shock_arrays=random_shock_arrays,
    )
