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


# ------------------------------------------------ constraints other than the box
FREE3 = np.zeros(3, dtype=bool)


def _reference_certificate(directions: np.ndarray, normals: np.ndarray, lower, upper) -> float:
    """Return min over t of dist(t u_0 + (1 − t) u_1, N) by NNLS (independent, m = 2).

    N is generated by the unit normals and the box normals (−e_i at a lower bound,
    +e_i at an upper one); the distance is convex in t: a grid, then a bounded search.
    """
    from scipy.optimize import minimize_scalar, nnls

    unit = directions / np.linalg.norm(directions, axis=1, keepdims=True)
    p = unit.shape[1]
    cone = np.hstack(
        [(normals / np.linalg.norm(normals, axis=1, keepdims=True)).T]
        + [-np.eye(p)[:, lower], np.eye(p)[:, upper]]
    )

    def distance(t: float) -> float:
        return float(nnls(cone, t * unit[0] + (1 - t) * unit[1])[1])

    grid = np.linspace(0.0, 1.0, 1001)
    values = [distance(t) for t in grid]
    best = grid[int(np.argmin(values))]
    bounds = (max(0.0, best - 1e-3), min(1.0, best + 1e-3))
    found = minimize_scalar(distance, bounds=bounds, method="bounded", options={"xatol": 1e-13})
    return min(min(values), float(found.fun), 1.0)


def test_a_constraint_normal_in_the_objectives_cone_gives_zero() -> None:
    """∇c = g_0 + 2 g_1: raising both objectives raises c; at c = 0 the point is stationary."""
    directions = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    normal = np.array([[1.0, 2.0, 0.0]])
    certificate, weights = min_norm_combination(directions, FREE3, FREE3, normal)
    assert certificate == pytest.approx(0.0, abs=1e-14)
    np.testing.assert_allclose(weights, [1 / 3, 2 / 3], atol=1e-12)
    inactive = min_norm_combination(directions, FREE3, FREE3, np.zeros((0, 3)))
    assert inactive[0] == min_norm_combination(directions, FREE3, FREE3)[0] == np.sqrt(0.5)


def test_two_objectives_and_one_constraint_in_three_dimensions() -> None:
    """u_0 = e_0, u_1 = e_1, n = (1, 0, 1)/√2: the distance by hand.

    y(t) = (t, 1 − t, 0); its distance to the ray of n is ‖y‖ sin θ when y · n > 0:
    ‖y‖² − (y · n)² = t² + (1 − t)² − t²/2, least at t = 2/3, where it is 1/3.
    """
    directions = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    certificate, weights = min_norm_combination(
        directions, FREE3, FREE3, np.array([[1.0, 0.0, 1.0]])
    )
    assert certificate == pytest.approx(np.sqrt(1 / 3), abs=1e-14)
    np.testing.assert_allclose(weights, [2 / 3, 1 / 3], atol=1e-12)


def test_without_constraints_the_box_algorithm_is_kept_bit_for_bit() -> None:
    rng = np.random.default_rng(2)
    for _ in range(20):
        directions = rng.normal(size=(3, 6))
        lower, upper = rng.random(6) < 0.3, rng.random(6) < 0.3
        upper &= ~lower
        box = min_norm_combination(directions, lower, upper)
        for empty in (None, np.zeros((0, 6))):
            same = min_norm_combination(directions, lower, upper, empty)
            assert same[0] == box[0]
            assert (same[1] == box[1]).all()


def test_constrained_certificate_matches_an_independent_solve_and_is_a_kkt_point() -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        p, k = 7, int(rng.integers(1, 5))
        directions, normals = rng.normal(size=(2, p)), rng.normal(size=(k, p))
        lower, upper = rng.random(p) < 0.3, rng.random(p) < 0.3
        upper &= ~lower
        certificate, weights = min_norm_combination(directions, lower, upper, normals)
        reference = _reference_certificate(directions, normals, lower, upper)
        assert certificate == pytest.approx(reference, abs=1e-9)
        assert certificate <= min_norm_combination(directions, lower, upper)[0] + 1e-15
        assert weights.sum() == pytest.approx(1.0) and (weights >= 0).all()


def test_many_nearly_parallel_constraints() -> None:
    """313 origins' welfare gradients, all close to one another: the exact value still."""
    rng = np.random.default_rng(4)
    p = 40
    directions = rng.normal(size=(2, p))
    base = directions[0] / np.linalg.norm(directions[0])
    normals = base + 1e-3 * rng.normal(size=(313, p))
    free = np.zeros(p, dtype=bool)
    certificate, _ = min_norm_combination(directions, free, free, normals)
    reference = _reference_certificate(directions, normals, free, free)
    assert certificate == pytest.approx(reference, abs=1e-9)
    assert certificate < min_norm_combination(directions, free, free)[0]


def test_a_sweep_point_held_by_origins_is_stationary(small_calibration) -> None:
    """A gradient-sweep subproblem ends on origins' welfare floors (origins ≤ 0.1 % loss).

    The box-only certificate stays high there; with the active origins' normals it
    falls to the SQP's tolerance, and the binding origins are the pareto column's.
    """
    from paretoland.frontier.active_constraints import ACTIVE
    from paretoland.frontier.sqp import SQPOptions, solve_scalarised
    from paretoland.frontier.subproblems import ScalarisedOracle

    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    objectives = (Objective.builtin("gdp"), Objective.builtin("output_gap"))
    model = FrontierModel(family, objectives, pareto_improvement=True, max_origin_loss=0.1)
    start = family.lower + 0.05 * (family.upper - family.lower)
    box = (family.lower, family.upper)
    result = solve_scalarised(
        ScalarisedOracle(model), start, box, np.zeros(2), np.ones(2), options=SQPOptions()
    )
    assert result.status == "kkt"
    frame = compute_stationarity(model, result.x[None])
    gradients = model.evaluate_gradients(result.x[None])
    assert gradients.origin_welfare is not None
    active = gradients.origin_welfare[0] + 0.1 < ACTIVE
    assert active.sum() >= 1 and frame["binding"].iloc[0] == 1
    assert result.certificate > 0.1  # the box alone: far from stationary
    assert frame["stationarity"].iloc[0] < 1e-5
    np.testing.assert_allclose(frame.filter(like="weight_").sum(axis=1), 1.0)
