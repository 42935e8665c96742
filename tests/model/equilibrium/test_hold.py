"""Holding a block of the map at its no-trade value (solve_equilibrium's ``hold``)."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ConfigError
from paretoland.model.equilibrium import IterationConfig, Shock, solve_equilibrium
from paretoland.model.equilibrium.inputs import HELD_BLOCKS


@pytest.fixture
def economy(economies):
    calibration = economies.random(25, seed=4)
    land_y, land_h, transfers, cost = economies.shock_arrays(calibration, seed=9, scale=0.1)
    return calibration, Shock(land_y, land_h, transfers, cost)


@pytest.mark.parametrize("hold", [(), ("labour",), ("tfp",), ("labour", "tfp")])
@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_no_trade_stays_exactly_one(toy, hold, backend) -> None:
    eq = solve_equilibrium(
        toy, Shock.no_trade(toy.n_cities), IterationConfig(backend=backend), hold=hold
    )
    assert eq.converged and eq.iterations == 1
    for name in ("labour_hat", "tfp_hat", "output_hat", "welfare_hat", "real_income_hat"):
        assert (getattr(eq, name) == 1.0).all(), name


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_held_labour_is_exactly_one_and_welfare_is_the_stayers(economy, backend) -> None:
    calibration, shock = economy
    eq = solve_equilibrium(calibration, shock, IterationConfig(backend=backend), hold=["labour"])
    assert eq.converged
    assert (eq.labour_hat == 1.0).all()
    np.testing.assert_allclose(eq.migration_new, calibration.migration, rtol=1e-15)
    m = calibration.migration
    stayers = (m / shock.mobility_cost_hat) @ eq.real_income_hat / m.sum(axis=1)
    np.testing.assert_allclose(eq.welfare_hat, stayers, rtol=1e-14)
    np.testing.assert_allclose(eq.welfare_origin, calibration.welfare_origin * stayers)
    # Â still responds: Ĝ^ρ with Ĝ = 1 + s^Y (Ŷ − 1) + s^H (Ŷ − 1) + F/G
    revenue = 1 + (eq.output_hat - 1) + shock.transfers / calibration.revenue
    np.testing.assert_allclose(eq.tfp_hat, revenue**calibration.params.rho, rtol=1e-9)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_held_tfp_is_exactly_one(economy, backend) -> None:
    calibration, shock = economy
    eq = solve_equilibrium(calibration, shock, IterationConfig(backend=backend), hold="tfp")
    assert eq.converged and (eq.tfp_hat == 1.0).all()
    free = solve_equilibrium(calibration, shock)
    assert not np.allclose(eq.labour_hat, free.labour_hat)


def test_both_held_is_the_partial_equilibrium(economy) -> None:
    calibration, shock = economy
    p = calibration.params
    eq = solve_equilibrium(calibration, shock, hold=HELD_BLOCKS)
    np.testing.assert_allclose(eq.output_hat, shock.land_productive_hat ** (1 - p.alpha))
    np.testing.assert_allclose(eq.wage_hat, eq.output_hat)


def test_backends_agree_with_held_blocks(economy) -> None:
    calibration, shock = economy
    for hold in (["labour"], ["tfp"]):
        fast = solve_equilibrium(calibration, shock, hold=hold)
        slow = solve_equilibrium(calibration, shock, IterationConfig(backend="numpy"), hold=hold)
        np.testing.assert_allclose(fast.welfare_hat, slow.welfare_hat, rtol=1e-10)
        np.testing.assert_allclose(fast.output_hat, slow.output_hat, rtol=1e-10)


def test_unknown_block_is_refused(toy) -> None:
    with pytest.raises(ConfigError, match="unknown block"):
        solve_equilibrium(toy, Shock.no_trade(toy.n_cities), hold=["prices"])
    with pytest.raises(ConfigError, match="collection"):
        solve_equilibrium(toy, Shock.no_trade(toy.n_cities), hold=3)
