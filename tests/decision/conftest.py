"""Shared fixtures of the paretoland.decision tests."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _raise_on_float_errors() -> Iterator[None]:
    """Fail on any silent division by zero, overflow or invalid operation."""
    with np.errstate(all="raise"):
        yield


@pytest.fixture
def knee_front() -> np.ndarray:
    """Piecewise-linear 2-D minimisation front (0, 10) - (1, 1) - (10, 0), knee at (1, 1).

    21 points per segment; the slopes are −9 and −1/9, so at the knee every move costs
    9 units per unit gained and everywhere else some move costs only 1/9.
    """
    t = np.linspace(0.0, 1.0, 21)
    steep = np.column_stack([t, 10.0 - 9.0 * t])
    flat = np.column_stack([1.0 + 9.0 * t[1:], 1.0 - t[1:]])
    return np.vstack([steep, flat])


@pytest.fixture
def four_objective_front() -> pd.DataFrame:
    """Return a small random four-objective front in the outcomes' own senses (% changes)."""
    rng = np.random.default_rng(3)
    u = rng.dirichlet(np.ones(4), size=30)  # points on a simplex: mutually non-dominated
    return pd.DataFrame(
        {
            "gdp": 2.0 * u[:, 0],
            "welfare": 1.0 * u[:, 1],
            "output_gap": -5.0 * u[:, 2],
            "welfare_gap": -3.0 * u[:, 3],
        }
    )
