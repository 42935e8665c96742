"""Shared fixtures of the paretoland test suite."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland import ModelParams, calibrate, load_cities
from paretoland.data.synthetic import synthetic_cities
from paretoland.frontier import load_config, run_frontier

_TOY_MIGRATION = np.array(
    [
        [0.90, 0.04, 0.03, 0.03],
        [0.20, 0.70, 0.05, 0.05],
        [0.10, 0.10, 0.75, 0.05],
        [0.05, 0.02, 0.03, 0.90],
    ]
)
_TOY_HUKOU_10K = np.array([1400.0, 1100.0, 780.0, 1500.0])


@pytest.fixture
def four_city_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a valid toy dataset: 4 cities in 3 provinces and 2 regions, as frames.

    Returns ``(cities, migration)``: ``cities`` has the schema columns (codes as
    strings, quantities as floats in CSV units); ``migration`` is in the CSV layout
    (column ``origin``, then one column per destination code). Residents are
    consistent by construction: ``resident_pop_10k = m.T @ hukou_pop_10k``.
    Fresh frames for every test, so tests may modify them.
    """
    codes = ["110000", "130100", "130200", "510100"]
    cities = pd.DataFrame(
        {
            "city_code": codes,
            "name_zh": ["北京市", "石家庄市", "唐山市", "成都市"],
            "name_pinyin": ["Beijing", "Shijiazhuang", "Tangshan", "Chengdu"],
            "province_code": ["110000", "130000", "130000", "510000"],
            "province_zh": ["北京市", "河北省", "河北省", "四川省"],
            "province_pinyin": ["Beijing", "Hebei", "Hebei", "Sichuan"],
            "region": ["East", "East", "East", "West"],
            "gdp_100m_yuan": [28014.9, 6460.9, 7106.1, 13889.4],
            "employment_10k": [812.0, 85.3, 72.1, 271.3],
            "realestate_employment_10k": [52.6, 2.9, 1.8, 12.4],
            "wage_yuan": [131700.0, 62100.0, 64500.0, 83400.0],
            "hukou_pop_10k": _TOY_HUKOU_10K,
            "resident_pop_10k": _TOY_MIGRATION.T @ _TOY_HUKOU_10K,
            "land_productive_km2": [520.0, 110.0, 95.0, 260.0],
            "land_residential_km2": [390.0, 70.0, 60.0, 210.0],
            "land_price_productive_yuan_m2": [2900.0, 420.0, 380.0, 610.0],
            "land_price_residential_yuan_m2": [31000.0, 5200.0, 3900.0, 9800.0],
            "house_price_yuan_m2": [61000.0, 11000.0, 8400.0, 12800.0],
        }
    )
    migration = pd.DataFrame(_TOY_MIGRATION.copy(), columns=codes)
    migration.insert(0, "origin", codes)
    return cities, migration


@pytest.fixture(scope="session")
def small_data_dir(tmp_path_factory):
    """Return a 14-city synthetic dataset (real codes of the first provinces) as a folder."""
    folder = tmp_path_factory.mktemp("small") / "data"
    synthetic_cities(14, seed=7).to_dir(folder)
    return folder


@pytest.fixture(scope="session")
def real_calibration():
    """Return the embedded 2017 dataset, calibrated with the paper's parameters (shared)."""
    return calibrate(load_cities(), ModelParams.paper_baseline())


@pytest.fixture(scope="session")
def small_calibration(small_data_dir):
    """Return the small synthetic economy, calibrated with the paper's parameters."""
    return calibrate(load_cities(small_data_dir), ModelParams.paper_baseline())


@pytest.fixture
def small_config(small_data_dir):
    """NSGA-II, population 8, 3 generations, sequential, with small baselines."""
    return load_config(
        {
            "run": {"name": "small", "seed": 3, "n_jobs": 1, "backend": "loky"},
            "data": {"path": str(small_data_dir)},
            "algorithm": {"name": "nsga2", "pop_size": 8, "n_gen": 3},
            "baseline": {"random_samples": 16, "uniform_rules": True},
        }
    )


@pytest.fixture(scope="session")
def small_run(small_data_dir, tmp_path_factory):
    """Return a finished small frontier run (see ``small_config``), shared by the session."""
    config = load_config(
        {
            "run": {"name": "small", "seed": 3, "n_jobs": 1},
            "data": {"path": str(small_data_dir)},
            "algorithm": {"pop_size": 8, "n_gen": 3},
            "baseline": {"random_samples": 16},
        }
    )
    return run_frontier(config, tmp_path_factory.mktemp("runs") / "small", progress=False)
