"""Tests of paretoland.decision.methods on fronts and textbook examples with known answers."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from paretoland.decision import (
    achievement_scalarising,
    build_front,
    compromise_programming,
    pick_by_pseudo_weights,
    pseudo_weights,
    topsis,
)
from paretoland.decision.front import resolve_weights
from paretoland.exceptions import ConfigError

MIN2 = ["min", "min"]


def _pymoo_pseudo_weights():  # noqa: ANN202 - pymoo class
    with warnings.catch_warnings():  # pymoo imports scipy.spatial.ckdtree (deprecated)
        warnings.simplefilter("ignore", DeprecationWarning)
        from pymoo.mcdm.pseudo_weights import PseudoWeights
    return PseudoWeights


def _line(n: int = 21) -> np.ndarray:
    """Minimisation front f1 + f2 = 1, f1 = 0, 1/(n−1), ..., 1."""
    t = np.linspace(0.0, 1.0, n)
    return np.column_stack([t, 1.0 - t])


def _quarter_circle(n: int = 41) -> np.ndarray:
    """Convex minimisation front (1 − cos θ, 1 − sin θ), θ in [0, π/2]; ideal 0, nadir 1."""
    theta = np.linspace(0.0, np.pi / 2, n)
    return np.column_stack([1.0 - np.cos(theta), 1.0 - np.sin(theta)])


# ------------------------------------------------------------------ pseudo-weights


def test_pseudo_weights_match_pymoo() -> None:
    rng = np.random.default_rng(7)
    own = pd.DataFrame(
        rng.normal(size=(40, 4)), columns=["gdp", "welfare", "output_gap", "welfare_gap"]
    )
    senses = ["max", "max", "min", "min"]
    target = np.array([0.4, 0.3, 0.2, 0.1])
    minimised = own.to_numpy() * np.array([-1.0, -1.0, 1.0, 1.0])
    index, expected = _pymoo_pseudo_weights()(target).do(minimised, return_pseudo_weights=True)
    np.testing.assert_allclose(pseudo_weights(own, senses), expected, rtol=1e-12)
    assert pick_by_pseudo_weights(own, senses, target) == index
    by_name = dict(zip(own.columns, target, strict=True))
    assert pick_by_pseudo_weights(own, None, by_name) == index


def test_pseudo_weights_extremes_and_constant_column() -> None:
    f = np.array([[0.0, 1.0, 5.0], [1.0, 0.0, 5.0], [0.5, 0.5, 5.0]])
    pw = pseudo_weights(f, ["min", "min", "min"])
    np.testing.assert_allclose(pw, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    assert pick_by_pseudo_weights(f, ["min"] * 3, [1.0, 0.0, 0.0]) == 0


# ------------------------------------------------------------------ ASF


def test_asf_equal_weights_picks_the_balanced_point() -> None:
    f = _line()
    index, values = achievement_scalarising(f, MIN2)
    np.testing.assert_allclose(f[index], [0.5, 0.5])
    # max(f1, 1 − f1)/2 + rho/2: the ASF is known in closed form on this line.
    np.testing.assert_allclose(values, 0.5 * np.maximum(f[:, 0], f[:, 1]) + 0.5e-6)


def test_asf_weights_move_the_pick() -> None:
    # min max(0.75 f1, 0.25 (1 − f1)) on f1 + f2 = 1 is at f1 = 0.25.
    f = _line()
    index, _ = achievement_scalarising(f, MIN2, weights=[3.0, 1.0])
    np.testing.assert_allclose(f[index], [0.25, 0.75])


def test_asf_reference_in_own_sense() -> None:
    # The line as two maximised objectives, x in [−1, 0]; a reference at (−0.2, −0.6)
    # is f = (0.2, 0.6) in minimisation form, below the line f2 = 1 − f1. With equal
    # weights min max(f1 − 0.2, (1 − f1) − 0.6) is at f1 = 0.3: the reference projected
    # along the diagonal, with ASF 0.5 · 0.1.
    own = -_line()
    index, values = achievement_scalarising(own, ["max", "max"], reference=[-0.2, -0.6], rho=0.0)
    np.testing.assert_allclose(own[index], [-0.3, -0.7])
    assert values[index] == pytest.approx(0.5 * 0.1)


# ------------------------------------------------------------------ compromise programming


@pytest.mark.parametrize("p", [1, 2, np.inf], ids=["p1", "p2", "pinf"])
def test_compromise_on_convex_front_picks_the_middle(p: float) -> None:
    f = _quarter_circle()
    index, distances = compromise_programming(f, MIN2, p=p)
    assert index == 20  # θ = π/4, by symmetry the unique nearest point for every p
    assert distances[index] == pytest.approx(
        {
            1: 0.5 * 2 * (1 - np.sqrt(0.5)),
            2: 0.5 * np.sqrt(2) * (1 - np.sqrt(0.5)),
            np.inf: 0.5 * (1 - np.sqrt(0.5)),
        }[p]
    )


def test_compromise_weights_favour_the_heavier_objective() -> None:
    f = _quarter_circle()
    index, _ = compromise_programming(f, MIN2, weights=[0.8, 0.2])
    assert f[index, 0] < f[20, 0]


def test_tchebycheff_compromise_equals_asf_without_augmentation() -> None:
    f = _quarter_circle()
    i_cp, d = compromise_programming(f, MIN2, weights=[2.0, 1.0], p=np.inf)
    i_asf, s = achievement_scalarising(f, MIN2, weights=[2.0, 1.0], rho=0.0)
    assert i_cp == i_asf
    np.testing.assert_allclose(d, s)


@pytest.mark.parametrize("p", [0.5, -1, np.nan, "two"], ids=str)
def test_compromise_bad_p(p: object) -> None:
    with pytest.raises(ConfigError, match="p must"):
        compromise_programming(_line(), MIN2, p=p)  # type: ignore[arg-type]


# ------------------------------------------------------------------ TOPSIS


def test_topsis_tzeng_huang_example() -> None:
    """TOPSIS reproduces the closeness of Tzeng and Huang's example.

    Tzeng, G.-H. and Huang, J.-J. (2011), *Multiple Attribute Decision Making: Methods
    and Applications*, CRC Press: four alternatives, three benefit criteria, weights
    (0.3, 0.4, 0.3); published closeness 0.5037, 0.6581, 0.7482, 0.3340 (as used in
    scikit-criteria's test suite, tests/agg/test_similarity.py).
    """
    x = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    index, closeness = topsis(x, ["max"] * 3, [0.3, 0.4, 0.3])
    np.testing.assert_allclose(closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    assert index == 2


def test_topsis_hwang_yoon_aircraft_example() -> None:
    """TOPSIS reproduces the closeness of Hwang and Yoon's aircraft example.

    Hwang, C.-L. and Yoon, K. (1981), *Multiple Attribute Decision Making: Methods and
    Applications*, Springer, the fighter-aircraft example (p. 133): criteria maximum
    speed, ferry range, maximum payload, acquisition cost (a cost criterion),
    reliability, manoeuvrability; weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Published
    closeness 0.643, 0.268, 0.613, 0.312. The book rounds its intermediate distances
    to 4 decimals, which moves the third value: unrounded it is 0.61354, hence the
    tolerance of 1e-3 (one unit of the last printed decimal).
    """
    x = np.array(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ]
    )
    senses = ["max", "max", "max", "min", "max", "max"]
    index, closeness = topsis(x, senses, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
    np.testing.assert_allclose(closeness, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    assert index == 0


def test_topsis_sense_flip_is_invariant() -> None:
    # Negating a column and calling it a cost criterion leaves TOPSIS unchanged.
    x = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    _, base = topsis(x, ["max"] * 3, [0.3, 0.4, 0.3])
    _, flipped = topsis(x * [1, -1, 1], ["max", "min", "max"], [0.3, 0.4, 0.3])
    np.testing.assert_allclose(flipped, base, rtol=1e-12)


# ------------------------------------------------------------------ weights and references


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        pytest.param([1.0, 2.0, 3.0], "3 entries", id="length"),
        pytest.param([1.0, -1.0], "non-negative", id="negative"),
        pytest.param([0.0, 0.0], "all zero", id="zero"),
        pytest.param([np.nan, 1.0], "finite", id="nan"),
        pytest.param(["heavy", 1.0], "must be numbers", id="text"),
        pytest.param({"a": 1.0, "b": 1.0}, "need objective names", id="dict-no-names"),
    ],
)
def test_bad_weights(weights: object, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        topsis(_line(), MIN2, weights)  # type: ignore[arg-type]


def test_weights_by_name_may_leave_objectives_out(four_objective_front: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match=r"'wealth' is not an objective.*did you mean 'welfare'"):
        topsis(four_objective_front, None, {"gdp": 1.0, "wealth": 1.0})
    with pytest.raises(ConfigError, match=r"did you mean 'gdp'"):
        topsis(four_objective_front, None, {"GDP": 1.0})
    front = build_front(four_objective_front, None)
    assert resolve_weights({"gdp": 3.0, "welfare": 1.0}, front).tolist() == [0.75, 0.25, 0, 0]
    index, closeness = topsis(four_objective_front, None, {"gdp": 1.0})  # GDP alone
    assert index == int(four_objective_front["gdp"].to_numpy().argmax()) and closeness[index] == 1
    with pytest.raises(ConfigError, match="must name every objective; missing: welfare"):
        achievement_scalarising(four_objective_front, None, reference={"gdp": 0.0})


def test_bad_reference() -> None:
    with pytest.raises(ConfigError, match="reference has 3 entries"):
        achievement_scalarising(_line(), MIN2, reference=[0.0, 0.0, 0.0])
    with pytest.raises(ConfigError, match="rho"):
        achievement_scalarising(_line(), MIN2, rho=-1.0)
