"""Robust colour limits (paretoland.reporting.figures.scales)."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.scales import colour_limits, nice_ceiling


def test_nice_ceiling_rounds_up_to_a_readable_number() -> None:
    cases = {
        0.93: 1.0,
        1.0: 1.0,
        1.2: 1.5,
        2.2: 3.0,
        7.1: 8.0,
        8.5: 10.0,
        143.0: 150.0,
        0.031: 0.04,
    }
    for value, expected in cases.items():
        assert nice_ceiling(value) == pytest.approx(expected)
    with pytest.raises(ConfigError):
        nice_ceiling(0.0)


def test_diverging_limits_ignore_outliers_and_say_so() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(0.0, 1.0, 500)
    base = colour_limits(values)
    assert base.vmin == -base.vmax and 2.0 <= base.vmax <= 4.0
    spiked = colour_limits(np.r_[values, 143.0, np.nan])
    assert (spiked.vmin, spiked.vmax) == (base.vmin, base.vmax)
    assert spiked.extend in ("max", "both") and colour_limits(np.r_[values, -623.0]).extend in (
        "min",
        "both",
    )
    one_sided = colour_limits(np.array([1.0, 2.0, 3.0, 4.0]), percentiles=(0, 100))
    assert (one_sided.vmin, one_sided.vmax, one_sided.extend) == (-4.0, 4.0, "neither")


def test_centre_limit_and_sequential_scales() -> None:
    limits = colour_limits(np.array([9.0, 10.0, 13.0]), center=10.0, percentiles=(0, 100))
    assert (limits.vmin, limits.vmax) == (7.0, 13.0)
    assert limits.ticks == [7.0, 8.5, 10.0, 11.5, 13.0]
    fixed = colour_limits(np.array([-5.0, 5.0]), limit=2.0)
    assert (fixed.vmin, fixed.vmax, fixed.extend) == (-2.0, 2.0, "both")
    sequential = colour_limits(np.arange(101.0), center=None)
    assert (sequential.vmin, sequential.vmax, sequential.extend) == (2.0, 98.0, "both")
    assert colour_limits(np.array([np.nan]), center=None).extend == "neither"
    with pytest.raises(ConfigError, match="percentiles"):
        colour_limits(np.ones(3), percentiles=(98, 2))
    with pytest.raises(ConfigError, match="limit"):
        colour_limits(np.ones(3), limit=-1.0)
