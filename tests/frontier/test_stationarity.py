"""The Pareto-stationarity certificate: closed forms, bounds, a brute-force check, a run."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.frontier.evaluation import FrontierModel, Objective
from paretoland.frontier.levers import PerCityFamily
from paretoland.frontier.stationarity import compute_stationarity, min_norm_combination
from paretoland.model.quotas import QuotaRule

FREE = np.zeros(2, dtype=bool)


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        pytest.param([[1.0, 0.0], [-2.0, 0.0]], 0.0, id="opposed"),
        pytest.param([[1.0, 1.0], [3.0, 3.0]], 1.0, id="aligned"),
        pytest.param([[1.0, 0.0], [0.0, 5.0]], np.sqrt(0.5), id="orthogonal"),
        pytest.param([[0.0, 0.0], [1.0, 0.0]], 0.0, id="one-already-stationary"),
    ],
)
def test_closed_forms_without_bounds(directions: list, expected: float) -> None:
    certificate, weights = min_norm_combination(np.array(directions), FREE, FREE)
    assert certificate == pytest.approx(expected, abs=1e-14)
    assert weights.sum() == pytest.approx(1.0) and (weights >= 0).all()


def test_active_bounds_remove_infeasible_directions() -> None:
    directions = np.array([[-1.0, 1.0], [-1.0, -1.0]])
    free, _ = min_norm_combination(directions, FREE, FREE)
    assert free == pytest.approx(np.sqrt(0.5))
    lower = np.array([True, False])  # lever 0 may only rise: both want it lower
    bounded, weights = min_norm_combination(directions, lower, FREE)
    assert bounded == pytest.approx(0.0, abs=1e-14)
    np.testing.assert_allclose(weights, [0.5, 0.5])
    upper = np.array([True, False])  # at its upper bound instead: lowering it is feasible
    assert min_norm_combination(directions, FREE, upper)[0] == pytest.approx(np.sqrt(0.5))


def test_matches_brute_force_on_random_problems() -> None:
    rng = np.random.default_rng(0)
    grid = np.array(
        [
            (a, b, 1 - a - b)
            for a in np.linspace(0, 1, 201)
            for b in np.linspace(0, 1, 201)
            if a + b <= 1
        ]
    )
    for _ in range(20):
        directions = rng.normal(size=(3, 7))
        lower, upper = rng.random(7) < 0.3, rng.random(7) < 0.3
        upper &= ~lower
        certificate, weights = min_norm_combination(directions, lower, upper)
        unit = directions / np.linalg.norm(directions, axis=1, keepdims=True)
        combined = grid @ unit
        kept = ~(lower | upper) | (lower & (combined > 0)) | (upper & (combined < 0))
        brute = np.sqrt((np.where(kept, combined, 0.0) ** 2).sum(axis=1)).min()
        assert certificate <= brute + 1e-12
        assert certificate >= brute - 1e-4  # the grid's resolution
        y = weights @ unit
        keep = ~(lower | upper) | (lower & (y > 0)) | (upper & (y < 0))
        assert np.linalg.norm(np.where(keep, y, 0.0)) == pytest.approx(certificate, abs=1e-14)


def test_certificate_of_frontier_points(small_calibration) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    rng = np.random.default_rng(1)
    X = family.upper * rng.uniform(0.3, 0.7, (2, family.n_levers))
    single = FrontierModel(family, (Objective.builtin("gdp"),))
    frame = compute_stationarity(single, X)
    np.testing.assert_allclose(frame["stationarity"], 1.0)  # one objective, interior point
    four = FrontierModel(
        family, tuple(Objective.builtin(n) for n in ("gdp", "output_gap", "welfare", "welfare_gap"))
    )
    frame = compute_stationarity(four, X)
    assert ((frame["stationarity"] >= 0) & (frame["stationarity"] <= 1)).all()
    weights = frame.filter(like="weight_")
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)


def test_a_runs_pareto_set_holds_the_certificate(small_run) -> None:
    pareto = small_run.pareto_set
    names = list(small_run.objective_names)
    columns = list(pareto.columns)
    start = columns.index(names[-1]) + 1
    assert columns[start : start + 2] == ["stationarity", "binding"]
    assert pareto["stationarity"].between(0.0, 1.0).all()
    weights = pareto[[f"weight_{name}" for name in names]]
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)


def test_weights_give_the_exact_price_on_a_known_front() -> None:
    """Two parabolas: the weights price one objective in the other exactly.

    Max f1 = −(x − 1)² and f2 = −(x + 1)²: at x in (−1, 1), one unit of f2 costs
    (1 − x) / (1 + x) units of f1 along the front.
    """
    for x in (-0.5, 0.0, 0.3):
        gradients = np.array([[-2 * (x - 1), 0.0], [-2 * (x + 1), 0.0]])  # second lever idle
        certificate, weights = min_norm_combination(gradients, FREE, FREE)
        assert certificate == pytest.approx(0.0, abs=1e-14)
        multipliers = weights / np.linalg.norm(gradients, axis=1)
        assert multipliers[1] / multipliers[0] == pytest.approx((1 - x) / (1 + x), rel=1e-12)
