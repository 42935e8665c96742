"""solve_equilibrium (docs/model.md §3): exact baseline, adding up, closed forms, failures."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from paretoland import Calibration, ConfigError, ConvergenceError, DataError, ModelParams
from paretoland.model.equilibrium import Equilibrium, IterationConfig, Shock, solve_equilibrium
from paretoland.model.equilibrium.inputs import residential_trade_shock

HATS = (
    "labour_hat",
    "tfp_hat",
    "output_hat",
    "wage_hat",
    "housing_hat",
    "house_price_hat",
    "real_income_hat",
    "revenue_hat",
    "welfare_hat",
)
METHODS = [pytest.param(m, id=m) for m in ("anderson", "damped")]
BACKENDS = [pytest.param(b, id=b) for b in ("numba", "numpy")]


def _random_shock(economies: SimpleNamespace, calibration: Calibration, seed: int) -> Shock:
    return Shock(*economies.shock_arrays(calibration, seed, 0.2))


# ---------------------------------------------------------------- the baseline is exact
@pytest.mark.parametrize("precondition", [True, False], ids=["preconditioned", "plain"])
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("method", METHODS)
def test_no_trade_gives_exactly_one(
    toy: Calibration, economies: SimpleNamespace, method: str, backend: str, precondition: bool
) -> None:
    iteration = IterationConfig(method=method, backend=backend, precondition=precondition)
    for calibration in (toy, economies.random(9, 1)):
        n = calibration.n_cities
        unit_costs = Shock(np.ones(n), np.ones(n), np.zeros(n), np.ones((n, n)))
        for shock in (Shock.no_trade(n), unit_costs):
            eq = solve_equilibrium(calibration, shock, iteration)
            assert eq.status == "converged" and eq.converged
            assert (eq.iterations, eq.max_residual) == (1, 0.0)
            for name in HATS:
                assert np.all(getattr(eq, name) == 1.0), name
            assert np.array_equal(eq.migration_new, calibration.migration)
            assert np.array_equal(eq.labour, calibration.labour)
            assert np.array_equal(eq.welfare_origin, calibration.welfare_origin)


# ---------------------------------------------------------------- equilibrium properties
@pytest.mark.parametrize("backend", BACKENDS)
def test_migrants_add_up(economies: SimpleNamespace, backend: str) -> None:
    calibration = economies.random(12, 2)
    eq = solve_equilibrium(
        calibration, _random_shock(economies, calibration, 7), IterationConfig(backend=backend)
    ).raise_for_status()
    total = calibration.labour_origin.sum()
    assert eq.labour.sum() == pytest.approx(total, rel=1e-12)
    assert eq.labour_hat @ calibration.labour == pytest.approx(calibration.labour.sum(), rel=1e-12)
    np.testing.assert_allclose(eq.migration_new.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(
        calibration.labour_origin @ eq.migration_new / calibration.labour, eq.labour_hat, rtol=1e-12
    )
    assert np.all(eq.migration_new >= 0.0)
    assert np.all(eq.wage_hat > 0.0) and np.all(eq.house_price_hat > 0.0)


def test_levels_are_calibration_times_hats(toy: Calibration) -> None:
    eq = solve_equilibrium(toy, residential_trade_shock(toy)).raise_for_status()
    np.testing.assert_array_equal(eq.labour, toy.labour * eq.labour_hat)
    np.testing.assert_array_equal(eq.output, toy.output * eq.output_hat)
    np.testing.assert_array_equal(eq.wage, toy.wage * eq.wage_hat)
    np.testing.assert_array_equal(eq.welfare_origin, toy.welfare_origin * eq.welfare_hat)
    frame = eq.to_frame()
    assert list(frame["city_code"]) == ["110000", "130100", "130200", "510100"]
    assert np.array_equal(frame["labour_hat"].to_numpy(), eq.labour_hat)
    assert "converged" in repr(eq)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("n", [pytest.param(n, id=f"n={n}") for n in (2, 5, 11)])
def test_numba_solve_equals_numpy_solve(economies: SimpleNamespace, n: int, method: str) -> None:
    calibration = economies.random(n, 30 + n)
    shock = _random_shock(economies, calibration, n)
    solved = {
        backend: solve_equilibrium(
            calibration, shock, IterationConfig(method=method, backend=backend, tol=1e-13)
        ).raise_for_status()
        for backend in ("numba", "numpy")
    }
    for name in HATS:
        np.testing.assert_allclose(
            getattr(solved["numba"], name), getattr(solved["numpy"], name), rtol=1e-12, err_msg=name
        )
    np.testing.assert_allclose(
        solved["numba"].migration_new, solved["numpy"].migration_new, rtol=1e-12
    )


@pytest.mark.parametrize("rho", [0.0, 0.103])
@pytest.mark.parametrize("kappa", [1.5, 3.0])
def test_two_cities_closed_form(economies: SimpleNamespace, rho: float, kappa: float) -> None:
    """Identical migration rows π and F = 0 make L̂ solvable by hand.

    With Ĝ = Ŷ, log Ŷ = (αℓ + (1−α) y)/(1−ρ) and log V̂_d = a ℓ_d + b_d, linear in
    ℓ = log L̂; identical rows give L̂_d = V̂_d^κ / Σ_g π_g V̂_g^κ, so
    ℓ_1 − ℓ_2 = κ (b_1 − b_2) / (1 − κ a) and π·L̂ = 1.
    """
    params = ModelParams(kappa=kappa, rho=rho)
    pi = np.array([0.7, 0.3])
    cities, migration = economies.frames(2, np.random.default_rng(5), migration=np.vstack([pi, pi]))
    calibration = economies.calibrate(cities, migration, params)
    land_y, land_h = np.array([1.2, 0.9]), np.array([0.8, 1.1])
    eq = solve_equilibrium(calibration, Shock(land_y, land_h)).raise_for_status()

    alpha, sigma, eta = params.alpha, params.sigma, params.eta
    c, e = alpha / (1 - rho) - 1, (1 - alpha) / (1 - rho)
    a = (1 - eta) * c - eta * (1 - sigma)
    b = (1 - eta) * e * np.log(land_y) + eta * (1 - sigma) * np.log(land_h)
    gap = kappa * (b[0] - b[1]) / (1 - kappa * a)
    labour_2 = 1.0 / (pi[0] * np.exp(gap) + pi[1])
    labour = np.array([np.exp(gap) * labour_2, labour_2])
    output = np.exp((alpha * np.log(labour) + (1 - alpha) * np.log(land_y)) / (1 - rho))
    real_income = np.exp(a * np.log(labour) + b)
    np.testing.assert_allclose(eq.labour_hat, labour, rtol=1e-9)
    np.testing.assert_allclose(eq.output_hat, output, rtol=1e-9)
    np.testing.assert_allclose(eq.tfp_hat, output**rho, rtol=1e-9)
    np.testing.assert_allclose(eq.real_income_hat, real_income, rtol=1e-9)
    np.testing.assert_allclose(eq.welfare_hat, (pi @ real_income**kappa) ** (1 / kappa), rtol=1e-9)


@pytest.mark.parametrize("backend", BACKENDS)
def test_solution_satisfies_the_equations(toy: Calibration, backend: str) -> None:
    """Plug the solution into docs/model.md §3, written out independently here."""
    n = toy.n_cities
    rng = np.random.default_rng(11)
    cost = np.exp(rng.uniform(-0.1, 0.1, (n, n)))
    np.fill_diagonal(cost, 1.0)
    transfers = np.array([-0.05, 0.08, 0.03, -0.02]) * toy.revenue
    land_y, land_h = np.array([1.1, 0.9, 0.95, 1.05]), np.array([0.9, 1.2, 1.0, 0.85])
    shock = Shock(land_y, land_h, transfers, cost)
    eq = solve_equilibrium(toy, shock, IterationConfig(backend=backend)).raise_for_status()

    p = toy.params
    labour, tfp = eq.labour_hat, eq.tfp_hat
    output = tfp * labour**p.alpha * shock.land_productive_hat ** (1 - p.alpha)
    wage = output / labour
    housing = labour**p.sigma * shock.land_residential_hat ** (1 - p.sigma)
    house_price = wage * labour / housing
    real_income = wage / house_price**p.eta
    weights = toy.migration * (real_income[None, :] / cost) ** p.kappa
    migration_new = weights / weights.sum(axis=1, keepdims=True)
    revenue = (
        toy.revenue_share_productive * output
        + toy.revenue_share_residential * wage * labour
        + transfers / toy.revenue
    )
    computed = {
        "labour_hat": migration_new.T @ toy.labour_origin / toy.labour,
        "tfp_hat": revenue**p.rho,
        "output_hat": output,
        "wage_hat": wage,
        "housing_hat": housing,
        "house_price_hat": house_price,
        "real_income_hat": real_income,
        "revenue_hat": revenue,
        "welfare_hat": weights.sum(axis=1) ** (1 / p.kappa),
    }
    for name, values in computed.items():
        np.testing.assert_allclose(getattr(eq, name), values, rtol=1e-9, err_msg=name)
    np.testing.assert_allclose(eq.migration_new, migration_new, rtol=1e-9)
    assert eq.max_residual < 1e-10


def test_symmetric_cities_give_symmetric_results(
    economies: SimpleNamespace, four_city_frames: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """Cities 0 ≡ 1 and 2 ≡ 3; the data, migration and shock are invariant to that swap."""
    cities, _ = four_city_frames
    swap = [1, 0, 3, 2]
    quantities = list(cities.columns[7:])
    cities.loc[1, quantities] = cities.loc[0, quantities].to_numpy()
    cities.loc[3, quantities] = cities.loc[2, quantities].to_numpy()
    base = np.random.default_rng(3).dirichlet(np.ones(4), size=4) * 0.3 + 0.7 * np.eye(4)
    migration = (base + base[np.ix_(swap, swap)]) / 2.0
    cities["resident_pop_10k"] = migration.T @ cities["hukou_pop_10k"].to_numpy()
    calibration = economies.calibrate(cities, migration)
    shock = Shock(
        np.array([1.2, 1.2, 0.9, 0.9]),
        np.array([0.8, 0.8, 1.1, 1.1]),
        np.array([1.0, 1.0, -1.0, -1.0]) * 0.01 * calibration.revenue,
    )
    for method in ("anderson", "damped"):
        eq = solve_equilibrium(calibration, shock, IterationConfig(method=method))
        assert eq.converged
        for name in HATS:
            values = getattr(eq, name)
            np.testing.assert_allclose(values, values[swap], rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(
            eq.migration_new, eq.migration_new[np.ix_(swap, swap)], rtol=1e-12
        )
        assert abs(eq.labour_hat[0] - 1.0) > 1e-3


def test_cheaper_entry_attracts_migrants(toy: Calibration) -> None:
    cost = np.ones((4, 4))
    cost[1:, 0] = 0.9  # moving into city 0 gets 10 % cheaper
    eq = solve_equilibrium(toy, Shock(np.ones(4), np.ones(4), None, cost)).raise_for_status()
    assert eq.labour_hat[0] > 1.0 and np.all(eq.labour_hat[1:] < 1.0)
    assert np.all(eq.welfare_hat[1:] > 1.0)


# ---------------------------------------------------------------- accuracy and speed-ups
def test_tolerance_sensitivity(economies: SimpleNamespace) -> None:
    calibration = economies.random(40, 12)
    shock = residential_trade_shock(calibration)
    loose = solve_equilibrium(calibration, shock, IterationConfig(tol=1e-10)).raise_for_status()
    tight = solve_equilibrium(calibration, shock, IterationConfig(tol=1e-13)).raise_for_status()
    assert tight.max_residual < 1e-13
    for name in HATS:
        np.testing.assert_allclose(getattr(loose, name), getattr(tight, name), rtol=0, atol=1e-8)


@pytest.mark.parametrize(
    "params",
    [ModelParams(), ModelParams(kappa=4.0, alpha=0.83, eta=0.31)],
    ids=["baseline", "kappa=4"],
)
def test_anderson_and_damped_agree(economies: SimpleNamespace, params: ModelParams) -> None:
    calibration = economies.random(30, 13, params)
    shock = _random_shock(economies, calibration, 5)
    anderson = solve_equilibrium(calibration, shock, IterationConfig()).raise_for_status()
    others = [
        solve_equilibrium(calibration, shock, IterationConfig(method=method, precondition=pre))
        for method, pre in (("damped", True), ("damped", False), ("anderson", False))
    ]
    for other in others:
        assert other.raise_for_status().iterations > anderson.iterations
        for name in HATS:
            np.testing.assert_allclose(
                getattr(anderson, name), getattr(other, name), rtol=0, atol=1e-9, err_msg=name
            )


@pytest.mark.parametrize("method", METHODS)
def test_warm_start_from_solution(economies: SimpleNamespace, method: str) -> None:
    calibration = economies.random(20, 14)
    shock = residential_trade_shock(calibration)
    iteration = IterationConfig(method=method)
    cold = solve_equilibrium(calibration, shock, iteration).raise_for_status()
    for start in (cold, cold.warm_start):
        warm = solve_equilibrium(calibration, shock, iteration, warm_start=start)
        assert warm.converged and warm.iterations <= 2
        np.testing.assert_allclose(warm.labour_hat, cold.labour_hat, rtol=1e-10)
    nearby = residential_trade_shock(calibration, share=0.16)
    assert (
        solve_equilibrium(calibration, nearby, iteration, warm_start=cold).iterations
        < solve_equilibrium(calibration, nearby, iteration).iterations
    )


# ---------------------------------------------------------------- failures
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("method", METHODS)
def test_buyer_paying_more_than_its_revenue_is_infeasible(
    toy: Calibration, method: str, backend: str
) -> None:
    transfers = np.zeros(4)
    transfers[1] = -2.0 * toy.revenue[1]
    eq = solve_equilibrium(
        toy,
        Shock(np.ones(4), np.ones(4), transfers),
        IterationConfig(method=method, backend=backend),
    )
    assert eq.status == "infeasible" and not eq.converged
    assert "city 1 (130100 Shijiazhuang)" in eq.message
    assert eq.max_residual == np.inf
    assert eq.revenue_hat[1] <= 0.0 and np.isnan(eq.tfp_hat[1])
    assert np.all(np.isfinite(np.delete(eq.tfp_hat, 1)))
    with pytest.raises(ConvergenceError, match="130100 Shijiazhuang"):
        eq.raise_for_status()


@pytest.mark.parametrize("method", METHODS)
def test_max_iter_is_reported(toy: Calibration, method: str) -> None:
    eq = solve_equilibrium(
        toy, residential_trade_shock(toy), IterationConfig(method=method, max_iter=2)
    )
    assert eq.status == "max_iter" and not eq.converged
    assert eq.iterations == 2 and eq.max_residual >= 1e-10
    assert "city" in eq.message and "max_iter" in eq.message
    for name in HATS:
        assert np.all(np.isfinite(getattr(eq, name))), name
    with pytest.raises(ConvergenceError):
        eq.raise_for_status()


@pytest.mark.parametrize("precondition", [True, False], ids=["preconditioned", "plain"])
def test_no_equilibrium_near_the_fold_stalls(
    economies: SimpleNamespace, precondition: bool
) -> None:
    """Two buyers paying 60.5 % of their land revenue: past the fold of Ĝ = Ŷ(Ĝ) + F/G.

    60 % still has an equilibrium; here Anderson hovers at a residual ~1e-3 instead.
    """
    calibration = economies.random(60, 5)
    transfers = np.zeros(60)
    transfers[[3, 10]] = -0.605 * calibration.revenue[[3, 10]]
    shock = Shock(np.ones(60), np.ones(60), transfers)
    iteration = IterationConfig(precondition=precondition, patience=50)
    eq = solve_equilibrium(calibration, shock, iteration)
    assert eq.status == "stalled" and not eq.converged
    assert 50 <= eq.iterations < 200 and eq.max_residual > 1e-6
    assert "probably does not exist" in eq.message and "City3" in eq.message
    assert np.all(np.isfinite(eq.labour_hat)) and np.all(eq.revenue_hat > 0.0)
    with pytest.raises(ConvergenceError, match="stalled"):
        eq.raise_for_status()
    transfers[[3, 10]] = -0.6 * calibration.revenue[[3, 10]]
    assert solve_equilibrium(calibration, Shock(np.ones(60), np.ones(60), transfers)).converged


def test_overflow_is_reported_as_non_finite(toy: Calibration) -> None:
    start = np.zeros(8)
    start[4 + 2] = 800.0  # Â of city 2 = e^800
    eq = solve_equilibrium(
        toy, Shock.no_trade(4), IterationConfig(method="damped"), warm_start=start
    )
    assert eq.status == "non_finite" and not eq.converged
    assert "city 2 (130200 Tangshan)" in eq.message


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("method", "newton"),
        ("backend", "jax"),
        ("tol", 0.0),
        ("tol", float("nan")),
        ("max_iter", 0),
        ("max_iter", 2.5),
        ("damping", 0.0),
        ("damping", 1.5),
        ("memory", 0),
        ("memory", True),
        ("precondition", 1),
        ("patience", -1),
    ],
)
def test_iteration_config_names_the_bad_field(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        IterationConfig(**{field: value})  # type: ignore[arg-type]


def test_damping_defaults_to_the_method_of_the_step() -> None:
    assert IterationConfig().step == 1.0
    assert IterationConfig(precondition=False).step == 0.5
    assert IterationConfig(precondition=False, damping=0.7).step == 0.7


def test_shock_validation_names_the_city() -> None:
    with pytest.raises(DataError, match=r"land_productive_hat\[2\].*city index 2"):
        Shock(np.array([1.0, 1.0, -0.5]), np.ones(3))
    with pytest.raises(DataError, match=r"transfers\[1\]"):
        Shock(np.ones(3), np.ones(3), np.array([0.0, np.nan, 0.0]))
    with pytest.raises(DataError, match="origin 0, destination 1"):
        Shock(np.ones(2), np.ones(2), None, np.array([[1.0, 0.0], [1.0, 1.0]]))
    with pytest.raises(DataError, match="shape"):
        Shock(np.ones(2), np.ones(2), None, np.ones((2, 3)))
    with pytest.raises(DataError, match="3 cities"):
        Shock(np.ones(2), np.ones(3))
    shock = Shock.no_trade(3)
    assert not shock.land_productive_hat.flags.writeable


def test_solve_rejects_mismatched_inputs(toy: Calibration) -> None:
    with pytest.raises(DataError, match="calibration has 4"):
        solve_equilibrium(toy, Shock.no_trade(3))
    with pytest.raises(DataError, match=r"shape \(8,\)"):
        solve_equilibrium(toy, Shock.no_trade(4), warm_start=np.zeros(4))
    with pytest.raises(ConfigError, match="IterationConfig"):
        solve_equilibrium(toy, Shock.no_trade(4), {"tol": 1e-8})  # type: ignore[arg-type]


def test_equilibrium_is_frozen(toy: Calibration) -> None:
    eq = solve_equilibrium(toy, Shock.no_trade(4))
    assert isinstance(eq, Equilibrium)
    with pytest.raises(AttributeError):
        eq.status = "converged"  # type: ignore[misc]


def test_equilibrium_survives_pickle(toy: Calibration) -> None:
    """Solutions cross process boundaries (joblib workers of the optimiser)."""
    import pickle

    eq = solve_equilibrium(toy, residential_trade_shock(toy)).raise_for_status()
    copy = pickle.loads(pickle.dumps(eq))
    assert repr(copy) == repr(eq) and copy.message == eq.message
    for name in HATS:
        assert np.array_equal(getattr(copy, name), getattr(eq, name))
    assert np.array_equal(copy.migration_new, eq.migration_new)
