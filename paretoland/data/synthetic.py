"""Synthetic economies: valid, seeded datasets of any size, for tests and benchmarks.

They have plausible magnitudes (GDP, wages, land and prices of the order of the
real 2017 data) but no geography: cities are spread over the 31 provinces in turn.
Residents are consistent with the migration matrix by construction
(``resident_pop_10k = mᵀ hukou_pop_10k``), so the result passes
:meth:`paretoland.data.dataset.CityData.from_frames`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.dataset import CityData
from paretoland.data.provinces import PROVINCES

__all__ = ["synthetic_frames", "synthetic_cities"]


def synthetic_frames(
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
    cities = pd.DataFrame(
        {
            "city_code": [
                p.code[:2] + f"{i // len(PROVINCES) + 1:02d}00" for i, p in enumerate(provinces)
            ],
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
        }
    )
    return cities, migration


def synthetic_cities(n: int, seed: int = 2017) -> CityData:
    """Return a validated synthetic dataset of ``n`` cities drawn with ``seed``."""
    cities, migration = synthetic_frames(n, np.random.default_rng(seed))
    return CityData.from_frames(cities, migration, source=f"synthetic(n={n}, seed={seed})")
