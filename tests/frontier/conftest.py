"""A small synthetic economy and a small, fast frontier config for the frontier tests."""

from __future__ import annotations

import pytest

from paretoland import ModelParams, calibrate
from paretoland.frontier.config import load_config
from paretoland.synthetic import synthetic_cities


@pytest.fixture(scope="session")
def small_data_dir(tmp_path_factory):
    """A 14-city synthetic dataset written as a dataset folder."""
    folder = tmp_path_factory.mktemp("small") / "data"
    synthetic_cities(14, seed=7).to_dir(folder)
    return folder


@pytest.fixture(scope="session")
def small_calibration(small_data_dir):
    from paretoland import load_cities

    return calibrate(load_cities(small_data_dir), ModelParams.paper_baseline())


@pytest.fixture
def small_config(small_data_dir):
    """NSGA-II, population 8, 3 generations, sequential, with small baselines."""
    return load_config({
        "run": {"name": "small", "seed": 3, "n_jobs": 1, "backend": "loky"},
        "data": {"path": str(small_data_dir)},
        "algorithm": {"name": "nsga2", "pop_size": 8, "n_gen": 3},
        "baseline": {"random_samples": 16, "uniform_rules": True},
    })
