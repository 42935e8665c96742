"""Economies for the equilibrium tests: the four-city toy and seeded random ones."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from paretoland import Calibration, CityData, ModelParams, calibrate
from paretoland.data.synthetic import synthetic_frames


def random_calibration(n: int, seed: int, params: ModelParams | None = None) -> Calibration:
    """Calibrate a seeded random economy of ``n`` cities."""
    cities, migration = synthetic_frames(n, np.random.default_rng(seed))
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
        frames=synthetic_frames,
        calibrate=calibrate_frames,
        random=random_calibration,
        shock_arrays=random_shock_arrays,
    )
