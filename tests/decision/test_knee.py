"""Tests of paretoland.decision.knee: trade-offs and knee points on known fronts."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from paretoland.decision import compute_tradeoffs, knee_points
from paretoland.exceptions import ConfigError

MIN2 = ["min", "min"]


def test_knee_of_piecewise_linear_front(knee_front: np.ndarray) -> None:
    knees = knee_points(knee_front, MIN2)
    np.testing.assert_array_equal(knee_front[knees], [[1.0, 1.0]])
    mu = compute_tradeoffs(knee_front, MIN2)
    # At the knee both moves cost 9 per unit gained; elsewhere one move costs 1/9.
    assert mu[knees[0]] == pytest.approx(9.0)
    np.testing.assert_allclose(np.delete(mu, knees[0]), 1.0 / 9.0)


def test_knee_found_in_own_senses(knee_front: np.ndarray) -> None:
    # The same front as two maximised objectives, one in percent and one in per mille.
    own = np.column_stack([-knee_front[:, 0], -10.0 * knee_front[:, 1]])
    knees = knee_points(own, ["max", "max"])
    np.testing.assert_array_equal(knee_front[knees], [[1.0, 1.0]])


def test_top_n_sorted_by_tradeoff(knee_front: np.ndarray) -> None:
    mu = compute_tradeoffs(knee_front, MIN2)
    top = knee_points(knee_front, MIN2, n=3)
    assert len(top) == 3
    assert np.all(np.diff(mu[top]) <= 0)
    np.testing.assert_array_equal(knee_front[top[0]], [1.0, 1.0])


def _two_knee_front() -> tuple[np.ndarray, int, int]:
    """Return a front where the knee depends on the neighbourhood radius.

    Minimisation, f1 on a grid of step 0.04 in [0, 1] (normalised units already):
    slope −1.5 up to the broad knee W = (0.24, 0.64), slope −1/1.5 up to (0.6, 0.4),
    then slope −1 to (1, 0); on that last, straight stretch the point at f1 = 0.8 is
    pushed 0.03 towards the ideal, a small dent V = (0.8, 0.17).

    Locally (epsilon = 0.09: V's grid neighbours (0.76, 0.24) at distance 0.081 and
    (0.84, 0.16) at 0.041, not (0.88, 0.12) at 0.094) V is expensive to leave:
    T = (0.04 + 0.03)/0.04 = 1.75 towards smaller f1 and 0.04/0.01 = 4 towards larger
    f1, so μ(V) = 1.75 > μ(W) = 1.5 (T = 1.5 both ways). Seen from the whole front
    (epsilon = 2) V is cheap to leave for W's region (T = (0.64 − 0.17)/(0.8 − 0.24)
    ≈ 0.84) while W stays the best compromise, μ(W) = 0.76/0.64 ≈ 1.19 (towards (1, 0)).
    """
    f1 = np.round(np.arange(0.0, 1.0 + 1e-9, 0.04), 10)
    f2 = np.where(
        f1 <= 0.24, 1.0 - 1.5 * f1, np.where(f1 <= 0.6, 0.64 - (f1 - 0.24) / 1.5, 0.4 - (f1 - 0.6))
    )
    front = np.column_stack([f1, f2])
    dent = int(np.argmin(np.abs(f1 - 0.8)))
    front[dent, 1] -= 0.03
    broad = int(np.argmin(np.abs(f1 - 0.24)))
    return front, dent, broad


def test_epsilon_changes_the_knee() -> None:
    front, dent, broad = _two_knee_front()
    local = compute_tradeoffs(front, MIN2, epsilon=0.09)
    assert local[dent] == pytest.approx(1.75)
    assert local[broad] == pytest.approx(1.5)
    assert knee_points(front, MIN2, epsilon=0.09, n=1)[0] == dent
    wide = compute_tradeoffs(front, MIN2, epsilon=2.0)
    assert wide[broad] == pytest.approx(0.76 / 0.64)
    assert wide[dent] == pytest.approx(0.47 / 0.56)
    assert knee_points(front, MIN2, epsilon=2.0, n=1)[0] == broad


def test_pymoo_high_tradeoff_ignores_epsilon() -> None:
    """Pymoo 0.6.2 hard-codes epsilon=0.125 in HighTradeoffPoints._do (why knee.py exists).

    If this starts failing, pymoo honours its epsilon now: revisit the comment in knee.py.
    """
    with warnings.catch_warnings():  # pymoo imports scipy.spatial.ckdtree (deprecated)
        warnings.simplefilter("ignore", DeprecationWarning)
        from pymoo.mcdm.high_tradeoff import HighTradeoffPoints
    front, _, _ = _two_knee_front()
    with np.errstate(all="ignore"):  # pymoo divides 0/0 for the point itself
        tiny = HighTradeoffPoints(epsilon=1e-6).do(front)
        huge = HighTradeoffPoints(epsilon=10.0).do(front)
    np.testing.assert_array_equal(tiny, huge)


def test_isolated_point_compared_with_all_points() -> None:
    # Point 2 is far from the others: with a tiny epsilon it has no neighbour and is
    # compared with every point; points 0 and 1 are each other's only neighbours.
    f = np.array([[0.0, 1.0], [0.01, 0.98], [1.0, 0.0]])
    mu = compute_tradeoffs(f, MIN2, epsilon=0.05)
    # 2 -> 0: loses 1.0 on f2, gains 1.0 on f1; 2 -> 1: loses 0.98, gains 0.99.
    assert mu[2] == pytest.approx(0.98 / 0.99)
    assert mu[0] == pytest.approx(0.01 / 0.02)  # 0 -> 1: loses 0.01, gains 0.02


def test_single_point_and_outlier_fallback() -> None:
    np.testing.assert_array_equal(knee_points([[1.0, 2.0]], MIN2), [0])
    # A straight front: all trade-offs equal 1, no outlier; the first point is returned.
    t = np.linspace(0.0, 1.0, 11)
    line = np.column_stack([t, 1.0 - t])
    np.testing.assert_allclose(compute_tradeoffs(line, MIN2), 1.0)
    np.testing.assert_array_equal(knee_points(line, MIN2), [0])


@pytest.mark.parametrize("epsilon", [0.0, -1.0, np.nan, "wide"], ids=str)
def test_bad_epsilon(epsilon: object) -> None:
    with pytest.raises(ConfigError, match="epsilon"):
        compute_tradeoffs([[0.0, 1.0], [1.0, 0.0]], MIN2, epsilon=epsilon)  # type: ignore


@pytest.mark.parametrize("n", [0, 1.5, True], ids=str)
def test_bad_n(n: object) -> None:
    with pytest.raises(ConfigError, match="n must be"):
        knee_points([[0.0, 1.0], [1.0, 0.0]], MIN2, n=n)  # type: ignore[arg-type]
