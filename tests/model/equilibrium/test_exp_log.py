"""The kernels' vectorised exp and log against libm (numpy) and their numpy twins."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.model.equilibrium import kernels, reference


def _ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """|got − want| in units in the last place of want (finite entries)."""
    return np.abs(got - want) / np.spacing(np.abs(want))


def _run(function, x: np.ndarray) -> np.ndarray:  # noqa: ANN001
    out = np.empty_like(x)
    function(x, out, np.empty_like(x))
    return out


def test_exp_is_within_one_ulp_of_libm() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate(
        [
            rng.uniform(-707.9, 708.9, 200_000),
            rng.normal(0.0, 1e-3, 50_000),
            rng.normal(0.0, 1.0, 50_000),
            [-707.99, 708.99, 1e-300, -1e-300],
        ]
    )
    got, want = _run(kernels._exp_into, x), np.exp(x)
    assert _ulps(got, want).max() <= 1.0
    np.testing.assert_array_equal(_run(reference._exp_into, x), want)


def test_log_is_within_one_ulp_of_libm() -> None:
    rng = np.random.default_rng(1)
    x = np.concatenate(
        [
            np.exp(rng.uniform(-707, 709, 200_000)),
            1.0 + rng.normal(0, 1e-6, 50_000),
            rng.uniform(0.5, 2.0, 50_000),
            [2.2250738585072014e-308, 1.7e308, np.sqrt(2.0), np.sqrt(0.5), 2.0, 0.5],
        ]
    )
    got, want = _run(kernels._log_into, x), np.log(x)
    nonzero = want != 0.0
    assert _ulps(got[nonzero], want[nonzero]).max() <= 1.0
    assert np.all(got[~nonzero] == 0.0)
    np.testing.assert_array_equal(_run(reference._log_into, x), want)


def test_exp_of_zero_and_log_of_one_are_exact() -> None:
    """What keeps the map's no-trade point exactly at zero."""
    assert np.all(_run(kernels._exp_into, np.zeros(37)) == 1.0)
    assert np.all(_run(kernels._log_into, np.ones(37)) == 0.0)
    powers = np.ldexp(1.0, np.arange(-60, 61))
    assert (
        _ulps(_run(kernels._log_into, powers[powers != 1.0]), np.log(powers[powers != 1.0])).max()
        <= 1.0
    )


@pytest.mark.parametrize("special", [np.inf, -np.inf, np.nan, 800.0, -800.0, -745.5])
def test_exp_falls_back_to_libm_outside_its_range(special: float) -> None:
    x = np.array([0.5, special, -0.25])
    with np.errstate(over="ignore", under="ignore"):
        np.testing.assert_array_equal(_run(kernels._exp_into, x), np.exp(x))


@pytest.mark.parametrize("special", [0.0, -1.0, np.inf, np.nan, 5e-324, 1e-310])
def test_log_falls_back_to_libm_outside_normal_numbers(special: float) -> None:
    x = np.array([0.5, special, 3.0])
    got = _run(kernels._log_into, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(got, np.log(x))
    np.testing.assert_array_equal(_run(reference._log_into, x), got)


@pytest.mark.parametrize("size", [0, 1, 3, 4, 5, 8, 17, 319])
def test_every_length_and_the_loop_tails(size: int) -> None:
    x = np.random.default_rng(size).normal(0.0, 2.0, size)
    assert _ulps(_run(kernels._exp_into, x), np.exp(x)).max(initial=0.0) <= 1.0
    y = np.exp(x)
    want = np.log(y)
    nonzero = want != 0.0
    assert _ulps(_run(kernels._log_into, y)[nonzero], want[nonzero]).max(initial=0.0) <= 1.0
