"""The SQP solver of scalarised subproblems: its QPs, and closed-form frontiers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from paretoland.frontier.qp import qp_step, small_qp
from paretoland.frontier.sqp import OraclePoint, SQPOptions, solve_scalarised
from paretoland.frontier.stationarity import min_norm_combination


def _reference_small_qp(q: np.ndarray, h: np.ndarray, m: int) -> float:
    r = len(h)
    result = minimize(
        lambda v: 0.5 * v @ q @ v - h @ v,
        np.r_[np.full(m, 1.0 / m), np.zeros(r - m)],
        jac=lambda v: q @ v - h,
        bounds=[(0.0, None)] * r,
        constraints=[{"type": "eq", "fun": lambda v: v[:m].sum() - 1.0}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    return float(result.fun)


@pytest.mark.parametrize("m,k", [(1, 0), (2, 0), (4, 0), (2, 3), (4, 6)], ids=str)
def test_small_qp_matches_a_general_solver(m: int, k: int) -> None:
    rng = np.random.default_rng(m * 10 + k)
    for _ in range(5):
        g = rng.normal(size=(m + k, 3 if k == 0 else m + k + 1))  # rank 3 on the simplex alone
        q, h = g @ g.T, rng.normal(size=m + k)
        nu = small_qp(q, h, m)
        assert (nu >= 0).all() and nu[:m].sum() == pytest.approx(1.0)
        value = 0.5 * nu @ q @ nu - h @ nu
        assert value <= _reference_small_qp(q, h, m) + 1e-8 * (1 + abs(value))


def test_qp_step_is_the_box_constrained_minimum() -> None:
    rng = np.random.default_rng(4)
    p, m = 9, 3
    a = rng.normal(size=(p, p))
    hessian = a @ a.T + 0.5 * np.eye(p)
    rows, values = rng.normal(size=(m + 1, p)), np.r_[rng.normal(size=m), -0.3]
    low, high = -rng.uniform(0.05, 0.5, p), rng.uniform(0.05, 0.5, p)
    step = qp_step(hessian, rows, values, m, (low, high), (np.zeros(p, bool), np.zeros(p, bool)))

    def qp(v: np.ndarray) -> float:
        return v[-1] + 0.5 * v[:p] @ hessian @ v[:p]

    constraints = [
        {"type": "ineq", "fun": lambda v, i=i: v[-1] - values[i] - rows[i] @ v[:p]}
        for i in range(m)
    ] + [{"type": "ineq", "fun": lambda v: -(values[m] + rows[m] @ v[:p])}]
    best = minimize(
        qp,
        np.r_[np.zeros(p), values[:m].max()],
        bounds=[*zip(low, high, strict=True), (None, None)],
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert (step.d >= low - 1e-12).all() and (step.d <= high + 1e-12).all()
    assert values[m] + rows[m] @ step.d <= 1e-9
    assert qp(np.r_[step.d, step.level]) == pytest.approx(best.fun, abs=1e-7)


def _two_quadratics(x: np.ndarray) -> OraclePoint:
    """f1 = ‖x − a‖², f2 = ‖x − b‖²: the Pareto set is the segment [a, b]."""
    a, b = np.array([0.2, 0.8, 0.5]), np.array([0.9, 0.1, 0.5])
    return OraclePoint(
        True,
        np.array([((x - a) ** 2).sum(), ((x - b) ** 2).sum()]),
        np.vstack([2 * (x - a), 2 * (x - b)]),
        np.zeros(0),
        np.zeros((0, 3)),
    )


@pytest.mark.parametrize("direction", [(1.0, 1.0), (1.0, 0.2), (0.3, 1.0)], ids=str)
def test_solutions_lie_on_the_known_pareto_set(direction: tuple[float, float]) -> None:
    box = (np.zeros(3), np.ones(3))
    start = np.array([0.1, 0.1, 0.9])
    reference = _two_quadratics(start).objectives
    result = solve_scalarised(
        _two_quadratics, start, box, reference, np.array(direction), options=SQPOptions(tol=1e-9)
    )
    a, b = np.array([0.2, 0.8, 0.5]), np.array([0.9, 0.1, 0.5])
    along = np.clip((result.x - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
    np.testing.assert_allclose(result.x, a + along * (b - a), atol=1e-6)
    assert result.status in ("stationary", "kkt") and result.certificate <= 1e-6
    assert (result.point.objectives <= reference).all() and result.level < 0
    # the two objectives improve in proportion to the direction (both active)
    gains = (result.point.objectives - reference) / np.array(direction)
    assert gains[0] == pytest.approx(gains[1], rel=1e-5)


def test_bounds_are_active_constraints_and_failures_step_back() -> None:
    """The box holds the solution on a face; a failed trial point is a rejected step."""
    target = np.array([1.5, -0.5, 0.3])  # outside the box in two levers

    def oracle(x: np.ndarray) -> OraclePoint:
        if x[2] > 0.6:  # an "infeasible equilibrium" region
            return OraclePoint(False)
        return OraclePoint(
            True,
            np.array([((x - target) ** 2).sum()]),
            2 * (x - target)[None, :],
            np.zeros(0),
            np.zeros((0, 3)),
        )

    start = np.array([0.5, 0.5, 0.55])
    result = solve_scalarised(oracle, start, (np.zeros(3), np.ones(3)), np.zeros(1), np.ones(1))
    assert result.x[0] == 1.0 and result.x[1] == 0.0  # exactly on the bounds
    assert result.x[2] == pytest.approx(0.3, abs=1e-7)
    certificate, _ = min_norm_combination(
        -2 * (result.x - target)[None, :], result.x <= 0, result.x >= 1
    )
    assert certificate <= 1e-6
