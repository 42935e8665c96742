"""Partial derivatives of the outcomes: dispersion measures, kinks, values."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ConfigError
from paretoland.model.outcome_gradients import dispersion_gradient, farmland_loss_gradient
from paretoland.model.outcomes import DISPERSION_MEASURES, compute_dispersion
from paretoland.model.quotas import QuotaTrade


@pytest.mark.parametrize("measure", list(DISPERSION_MEASURES))
def test_dispersion_gradient_matches_differences(measure: str) -> None:
    rng = np.random.default_rng(1)
    x, w = rng.lognormal(size=25), rng.uniform(0.1, 2.0, 25)
    value, d_x, d_w = dispersion_gradient(x, w, measure)
    assert value == pytest.approx(compute_dispersion(x, w, measure), rel=1e-13)
    h = 1e-6
    for j in range(25):
        e = np.zeros(25)
        e[j] = h
        along_x = (
            compute_dispersion(x + e, w, measure) - compute_dispersion(x - e, w, measure)
        ) / (2 * h)
        along_w = (
            compute_dispersion(x, w + e, measure) - compute_dispersion(x, w - e, measure)
        ) / (2 * h)
        assert d_x[j] == pytest.approx(along_x, rel=1e-6, abs=1e-9)
        assert d_w[j] == pytest.approx(along_w, rel=1e-6, abs=1e-9)


def test_gini_at_a_tie_is_the_mean_of_its_one_sided_derivatives() -> None:
    x, w = np.array([1.0, 2.0, 2.0, 5.0]), np.array([1.0, 1.0, 2.0, 1.0])
    _, d_x, _ = dispersion_gradient(x, w, "gini")
    h = 1e-7
    for j in (1, 2):
        e = np.zeros(4)
        e[j] = h
        right = (compute_dispersion(x + e, w, "gini") - compute_dispersion(x, w, "gini")) / h
        left = (compute_dispersion(x, w, "gini") - compute_dispersion(x - e, w, "gini")) / h
        assert right != pytest.approx(left, rel=1e-3)  # a genuine kink
        assert d_x[j] == pytest.approx((right + left) / 2, rel=1e-6)


def test_cv_at_zero_dispersion_gives_the_zero_subgradient() -> None:
    value, d_x, d_w = dispersion_gradient(np.full(3, 2.0), np.ones(3), "cv")
    assert value == 0.0 and not d_x.any() and not d_w.any()
    with pytest.raises(ConfigError, match="dispersion measure"):
        dispersion_gradient(np.ones(3), np.ones(3), "atkinson")


def test_farmland_tie_is_reported(small_calibration) -> None:
    n = small_calibration.n_cities
    zero = np.zeros(n)
    trade = QuotaTrade(np.ones(n), np.ones(n), zero, None, zero, zero, zero, zero, zero, zero)
    gradient = farmland_loss_gradient(small_calibration, trade)
    assert gradient.values[0] == 0.0
    assert gradient.kinks  # every province ties at zero loss
