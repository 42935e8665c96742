"""A chosen point of the shared small frontier run (tests/conftest.py), for the figure tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def chosen(small_run) -> int:
    """Return a point of the small run's Pareto set (not the first)."""
    points = small_run.pareto_set["point"].to_numpy()
    return int(points[len(points) // 2])
