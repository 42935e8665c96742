"""Exact derivatives of the equilibrium.

Kernels against twins, finite differences of the solver itself, the transposition
identity, closed forms and conservation.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from paretoland import Calibration, ConfigError, ConvergenceError, DataError
from paretoland.model.equilibrium import IterationConfig, Shock, solve_equilibrium
from paretoland.model.equilibrium.kernels import sensitivity as sensitivity_kernels
from paretoland.model.equilibrium.reference import sensitivity as sensitivity_reference
from paretoland.model.equilibrium.sensitivity import (
    HAT_NAMES,
    EquilibriumSensitivity,
    SensitivityConfig,
)
from paretoland.model.equilibrium.solver import _baseline

TIGHT = IterationConfig(tol=1e-14, patience=0)
EXACT = SensitivityConfig(tol=1e-14)
STEP = 1e-5  # relative step of the central differences


def _solved(
    calibration: Calibration, shock_arrays: tuple[np.ndarray, ...], costs: bool
) -> tuple[Shock, object]:
    land_y, land_h, transfers, cost = shock_arrays
    shock = Shock(land_y, land_h, transfers, cost if costs else None)
    return shock, solve_equilibrium(calibration, shock, TIGHT)


def _directions(calibration: Calibration, seed: int, costs: bool) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = calibration.n_cities
    tangents = {
        "land_productive_hat": rng.normal(size=n),
        "land_residential_hat": rng.normal(size=n),
        "transfers": rng.normal(size=n) * 0.1 * calibration.revenue,
    }
    if costs:
        tangents["mobility_cost_hat"] = rng.normal(size=(n, n))
    return tangents


def _shifted(shock: Shock, tangents: dict[str, np.ndarray], t: float) -> Shock:
    moved = {name: getattr(shock, name) + t * value for name, value in tangents.items()}
    return Shock(
        moved["land_productive_hat"],
        moved["land_residential_hat"],
        moved["transfers"],
        moved.get("mobility_cost_hat", shock.mobility_cost_hat),
    )


def _central_difference(calibration, shock, equilibrium, tangents) -> dict[str, np.ndarray]:
    plus = solve_equilibrium(
        calibration, _shifted(shock, tangents, STEP), TIGHT, warm_start=equilibrium
    )
    minus = solve_equilibrium(
        calibration, _shifted(shock, tangents, -STEP), TIGHT, warm_start=equilibrium
    )
    assert plus.converged and minus.converged
    return {name: (getattr(plus, name) - getattr(minus, name)) / (2 * STEP) for name in HAT_NAMES}


def _worst(exact: dict[str, np.ndarray], approx: dict[str, np.ndarray]) -> float:
    return max(
        float(np.abs(exact[name] - approx[name]).max() / np.abs(exact[name]).max())
        for name in HAT_NAMES
    )


# ------------------------------------------------------------------ kernels and twins
@pytest.mark.parametrize("k", [1, 3])
def test_kernels_match_twins(economies: SimpleNamespace, k: int) -> None:
    rng = np.random.default_rng(k)
    n = 23
    migration = np.ascontiguousarray(rng.random((n, n)) / n)
    q_in, q_mid, q_out = (rng.uniform(0.5, 1.5, n) for _ in range(3))
    z = np.ascontiguousarray(rng.normal(size=(n, k)))
    kappa_e = rng.uniform(-0.9, -0.5, n)
    results = {}
    for name, module in (("numba", sensitivity_kernels), ("numpy", sensitivity_reference)):
        scratch, out, diagonal = np.empty((n, k)), np.empty((n, k)), np.empty(n)
        module._coupling(migration, q_in, q_mid, q_out, z, scratch, out)
        module._coupling_diagonal(migration, q_in, q_mid, q_out, diagonal)
        applied = [np.empty((n, k)) for _ in range(2)]
        for transpose, target in zip((False, True), applied, strict=True):
            module._apply_reduced(
                transpose,
                migration,
                q_in,
                q_mid,
                q_out,
                kappa_e,
                z,
                scratch,
                np.empty((n, k)),
                target,
            )
        solved, steps = np.empty((n, k)), np.empty(k, np.int64)
        module._solve_reduced(
            True, z, migration, q_in, q_mid, q_out, kappa_e, np.ones(n), 1e-13, n, solved, steps
        )
        results[name] = (out, diagonal, *applied, solved, steps)
    for got, want in zip(results["numba"], results["numpy"], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13)
    coupling = q_out[:, None] * migration.T @ (q_mid[:, None] * migration) * q_in[None, :]
    np.testing.assert_allclose(results["numba"][0], coupling @ z, rtol=1e-12)
    np.testing.assert_allclose(results["numba"][1], np.diagonal(coupling), rtol=1e-12)
    matrix = np.eye(n) - (np.eye(n) - coupling) * kappa_e[None, :]
    np.testing.assert_allclose(results["numba"][2], matrix @ z, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(results["numba"][3], matrix.T @ z, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(matrix.T @ results["numba"][4], z, rtol=1e-10, atol=1e-12)


def test_gmres_stops_at_max_iter_with_its_best_iterate() -> None:
    rng = np.random.default_rng(0)
    n = 30
    migration = np.ascontiguousarray(rng.random((n, n)))
    ones = np.ones(n)
    rhs = np.ascontiguousarray(rng.normal(size=(n, 2)))
    rhs[:, 1] = 0.0
    out, steps = np.empty((n, 2)), np.empty(2, np.int64)
    sensitivity_kernels._solve_reduced(
        False, rhs, migration, ones, ones / n, ones / n, -3.0 * ones, ones, 1e-15, 2, out, steps
    )
    assert steps[0] == -2 and steps[1] == 0  # not converged; a zero column at once
    assert np.all(out[:, 1] == 0.0)


# ------------------------------------------------------- against the solver itself
@pytest.mark.parametrize("n", [pytest.param(n, id=f"n={n}") for n in (2, 9, 40)])
@pytest.mark.parametrize("costs", [False, True], ids=["no-costs", "costs"])
def test_jvp_matches_central_differences_of_the_solver(
    economies: SimpleNamespace, n: int, costs: bool
) -> None:
    calibration = economies.random(n, seed=n)
    shock, equilibrium = _solved(calibration, economies.shock_arrays(calibration, n, 0.2), costs)
    tangents = _directions(calibration, n + 1, costs)
    for method in ("iterative", "dense"):
        config = SensitivityConfig(method=method, tol=1e-14)
        exact = EquilibriumSensitivity(calibration, shock, equilibrium, config).jvp(tangents)
        assert _worst(exact, _central_difference(calibration, shock, equilibrium, tangents)) < 1e-6


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("method", ["iterative", "dense"])
def test_transposition_identity(economies: SimpleNamespace, backend: str, method: str) -> None:
    """⟨u, J v⟩ = ⟨Jᵀ u, v⟩ for every hat and every shock input, mobility costs included."""
    calibration = economies.random(17, seed=3)
    shock, equilibrium = _solved(calibration, economies.shock_arrays(calibration, 4, 0.2), True)
    config = SensitivityConfig(method=method, backend=backend, tol=1e-14)
    sensitivity = EquilibriumSensitivity(calibration, shock, equilibrium, config)
    rng = np.random.default_rng(5)
    tangents = _directions(calibration, 6, costs=True)
    cotangents = {name: rng.normal(size=(2, 17)) for name in HAT_NAMES}
    pushed = sensitivity.jvp(tangents)
    pulled = sensitivity.vjp(cotangents, mobility=True)
    for row in range(2):
        left = sum(float(cotangents[name][row] @ pushed[name]) for name in HAT_NAMES)
        right = sum(float(np.sum(pulled[name][row] * tangents[name])) for name in tangents)
        assert left == pytest.approx(right, rel=1e-11)


def test_dense_and_iterative_paths_agree(economies: SimpleNamespace) -> None:
    calibration = economies.random(31, seed=8)
    shock, equilibrium = _solved(calibration, economies.shock_arrays(calibration, 2, 0.2), False)
    cotangents = {"welfare_hat": np.eye(31), "output_hat": np.ones((31, 31))}
    results = [
        EquilibriumSensitivity(
            calibration, shock, equilibrium, SensitivityConfig(method=method, tol=1e-14)
        ).vjp(cotangents)
        for method in ("iterative", "dense", "auto")
    ]
    for other in results[1:]:
        for name, values in results[0].items():
            np.testing.assert_allclose(other[name], values, rtol=1e-10, atol=1e-14)


def test_real_data_jvp_matches_the_solver(real_calibration: Calibration) -> None:
    n = real_calibration.n_cities
    rng = np.random.default_rng(1)
    shock = Shock(
        np.exp(rng.uniform(-0.1, 0.1, n)),
        np.exp(rng.uniform(-0.1, 0.1, n)),
        rng.uniform(-0.02, 0.02, n) * real_calibration.revenue,
    )
    equilibrium = solve_equilibrium(real_calibration, shock, TIGHT)
    tangents = _directions(real_calibration, 2, costs=False)
    exact = EquilibriumSensitivity(real_calibration, shock, equilibrium, EXACT).jvp(tangents)
    assert _worst(exact, _central_difference(real_calibration, shock, equilibrium, tangents)) < 1e-6


# ------------------------------------------------ no trade, closed forms, conservation
def test_no_trade_point(economies: SimpleNamespace) -> None:
    """At no trade: derivatives match the solver, zero gives zero, labour is conserved.

    A zero tangent gives exactly zero, and total labour is conserved to first order.
    """
    calibration = economies.random(12, seed=2)
    shock = Shock.no_trade(12)
    equilibrium = solve_equilibrium(calibration, shock, TIGHT)
    sensitivity = EquilibriumSensitivity(calibration, shock, equilibrium, EXACT)
    zero = sensitivity.jvp({"land_productive_hat": np.zeros(12)})
    assert all(np.all(values == 0.0) for values in zero.values())
    tangents = _directions(calibration, 3, costs=False)
    exact = sensitivity.jvp(tangents)
    assert _worst(exact, _central_difference(calibration, shock, equilibrium, tangents)) < 1e-6
    _, totals = _baseline(calibration, "numba")
    assert abs(totals[1] @ exact["labour_hat"]) < 1e-10 * totals[1].sum()


def test_one_city_closed_form(economies: SimpleNamespace) -> None:
    """One city: no migration (L̂ = 1), and a closed form for Ŷ.

    d log Ŷ = ((1 − α) d log R̂^Y + ρ/Ĝ dF/G) / (1 − r) with r = ρ s Ŷ / Ĝ.
    """
    calibration = economies.random(1, seed=4)
    shock = Shock([1.1], [0.9], [0.05 * calibration.revenue[0]])
    equilibrium = solve_equilibrium(calibration, shock, TIGHT)
    sensitivity = EquilibriumSensitivity(calibration, shock, equilibrium, EXACT)
    p = calibration.params
    output, revenue = equilibrium.output_hat[0], equilibrium.revenue_hat[0]
    share = calibration.revenue_share_productive[0] + calibration.revenue_share_residential[0]
    r = p.rho * share * output / revenue
    change = sensitivity.jvp(
        {"land_productive_hat": [1.1], "transfers": [calibration.revenue[0]]}
    )  # d log R̂^Y = 1, dF/G = 1
    expected = ((1 - p.alpha) + p.rho / revenue) / (1 - r) * output
    assert change["labour_hat"][0] == pytest.approx(0.0, abs=1e-14)
    assert change["output_hat"][0] == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------- errors
def test_errors_name_the_problem(economies: SimpleNamespace) -> None:
    calibration = economies.random(5, seed=1)
    shock = Shock.no_trade(5)
    equilibrium = solve_equilibrium(calibration, shock)
    sensitivity = EquilibriumSensitivity(calibration, shock, equilibrium)
    with pytest.raises(ConfigError, match="unknown tangent"):
        sensitivity.jvp({"land_hat": np.ones(5)})
    with pytest.raises(DataError, match="shape"):
        sensitivity.vjp({"output_hat": np.ones(4)})
    with pytest.raises(DataError, match="different numbers of rows"):
        sensitivity.vjp({"output_hat": np.ones((2, 5)), "labour_hat": np.ones((3, 5))})
    with pytest.raises(ConfigError, match="method"):
        SensitivityConfig(method="lu")
    stopped = solve_equilibrium(
        calibration, Shock(np.full(5, 1.3), np.ones(5)), IterationConfig(max_iter=1)
    )
    with pytest.raises(ConvergenceError):
        EquilibriumSensitivity(calibration, Shock(np.full(5, 1.3), np.ones(5)), stopped)
