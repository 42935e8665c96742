"""The batched solver against one-by-one solves, its twin, and its invariances."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from paretoland import Calibration, ConfigError, DataError
from paretoland.model.equilibrium import (
    IterationConfig,
    Shock,
    ShockBatch,
    kernels,
    reference,
    solve_equilibria,
    solve_equilibrium,
    solver,
)
from paretoland.model.equilibrium.batch import _batch_totals
from paretoland.model.equilibrium.layout import BATCH_WIDTH

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


def _shocks(
    calibration: Calibration,
    k: int,
    seed: int,
    scale: float = 0.1,
    infeasible: tuple[int, ...] = (),
) -> ShockBatch:
    """Return k random land and transfer shocks.

    Rows in ``infeasible`` pay more than their land revenue in city 1.
    """
    rng = np.random.default_rng(seed)
    n = calibration.n_cities
    land_y = np.exp(rng.uniform(-scale, scale, (k, n)))
    land_h = np.exp(rng.uniform(-scale, scale, (k, n)))
    transfers = rng.uniform(-0.3 * scale, 0.3 * scale, (k, n)) * calibration.revenue
    for row in infeasible:
        transfers[row, 1] = -3.0 * calibration.revenue[1]
    return ShockBatch(land_y, land_h, transfers)


@pytest.fixture
def economy(economies: SimpleNamespace) -> Calibration:
    return economies.random(37, 11)


@pytest.mark.parametrize("method", ["anderson", "damped"])
def test_each_candidate_is_solved_as_alone(economy: Calibration, method: str) -> None:
    shocks = _shocks(economy, 45, seed=1, infeasible=(3, 30))
    iteration = IterationConfig(method=method, tol=1e-11)
    batch = solve_equilibria(economy, shocks, iteration, lanes=2)
    assert len(batch) == 45
    for i in range(45):
        alone = solve_equilibrium(economy, shocks.shock(i), iteration)
        assert batch.statuses[i] == alone.status
        assert batch.iterations[i] == alone.iterations
        if alone.converged:
            for name in HATS:
                np.testing.assert_allclose(
                    getattr(batch, name)[i], getattr(alone, name), rtol=1e-12, atol=0
                )
    assert batch.statuses[3] == batch.statuses[30] == "infeasible"
    assert "Ĝ" in batch.message(3) and "city 1" in batch.message(3)
    assert batch.converged.sum() == 43


@pytest.mark.parametrize("max_iter", [3, 11])
def test_a_rejected_last_evaluation_ends_as_alone(
    economy: Calibration, monkeypatch: pytest.MonkeyPatch, max_iter: int
) -> None:
    """Growth 0 rejects every Anderson point: the odd evaluations.

    At an odd cap the last one is rejected, and the solve ends at x, where the map is
    evaluated once more (uncounted) so that the hats describe the final point.
    """
    monkeypatch.setattr(solver, "_ANDERSON_GROWTH", 0.0)
    shocks = _shocks(economy, 20, seed=12)
    iteration = IterationConfig(max_iter=max_iter, patience=0)
    batch = solve_equilibria(economy, shocks, iteration, lanes=2)
    assert set(batch.statuses) == {"max_iter"} and np.all(batch.iterations == max_iter)
    n, alpha = economy.n_cities, economy.params.alpha
    for i in range(len(shocks)):
        alone = solve_equilibrium(economy, shocks.shock(i), iteration)
        assert (alone.status, alone.iterations) == ("max_iter", max_iter)
        np.testing.assert_allclose(batch.warm_start[i], alone.warm_start, rtol=1e-12, atol=1e-15)
        x = alone.warm_start
        log_land = np.log(shocks.land_productive_hat[i])
        output = np.exp(x[n:] + alpha * x[:n] + (1.0 - alpha) * log_land)
        np.testing.assert_allclose(alone.output_hat, output, rtol=1e-13)
        np.testing.assert_allclose(batch.output_hat[i], output, rtol=1e-12)


def test_numba_batch_matches_numpy_twin(economy: Calibration) -> None:
    shocks = _shocks(economy, 12, seed=2)
    fast = solve_equilibria(economy, shocks)
    slow = solve_equilibria(economy, shocks, IterationConfig(backend="numpy"))
    assert fast.statuses == slow.statuses
    for name in HATS:
        np.testing.assert_allclose(getattr(fast, name), getattr(slow, name), rtol=1e-12)


def test_a_result_does_not_depend_on_its_batch(economy: Calibration) -> None:
    shocks = _shocks(economy, 2 * BATCH_WIDTH + 9, seed=3, infeasible=(5,))
    whole = solve_equilibria(economy, shocks, lanes=2)
    one_lane = solve_equilibria(economy, shocks, lanes=1)
    order = np.random.default_rng(0).permutation(len(shocks))[:23]
    part = solve_equilibria(
        economy,
        ShockBatch(
            shocks.land_productive_hat[order],
            shocks.land_residential_hat[order],
            shocks.transfers[order],
        ),
        lanes=3,
    )
    for name in HATS:
        assert np.array_equal(getattr(whole, name), getattr(one_lane, name), equal_nan=True)
        assert np.array_equal(getattr(whole, name)[order], getattr(part, name), equal_nan=True)
    assert np.array_equal(whole.iterations[order], part.iterations)


def test_no_trade_rows_give_exactly_one_beside_other_shocks(economy: Calibration) -> None:
    shocks = _shocks(economy, 10, seed=4)
    n = economy.n_cities
    land_y, land_h = shocks.land_productive_hat.copy(), shocks.land_residential_hat.copy()
    transfers = shocks.transfers.copy()
    for row in (0, 7):
        land_y[row], land_h[row], transfers[row] = 1.0, 1.0, 0.0
    batch = solve_equilibria(economy, ShockBatch(land_y, land_h, transfers))
    for row in (0, 7):
        for name in HATS:
            assert np.all(getattr(batch, name)[row] == 1.0), name
        assert batch.iterations[row] == 1
        assert np.all(batch.warm_start[row] == 0.0)
    assert not np.all(batch.output_hat[1] == 1.0)
    assert batch.labour_hat.shape == (10, n)


def test_labour_adds_up_in_every_row(economy: Calibration) -> None:
    batch = solve_equilibria(economy, _shocks(economy, 8, seed=5))
    totals = (batch.labour_hat * economy.labour).sum(axis=1)
    np.testing.assert_allclose(totals, economy.labour.sum(), rtol=1e-12)


def test_warm_start_from_a_solution_stops_at_once(economy: Calibration) -> None:
    shocks = _shocks(economy, 6, seed=6)
    first = solve_equilibria(economy, shocks)
    again = solve_equilibria(economy, shocks, warm_start=first)
    assert np.all(again.iterations == 1)
    np.testing.assert_allclose(again.output_hat, first.output_hat, rtol=1e-10)
    common = solve_equilibria(economy, shocks, warm_start=first.warm_start[0])
    assert common.iterations[0] == 1 and np.all(common.converged)


def test_caps_and_failures_are_statuses(economy: Calibration) -> None:
    shocks = _shocks(economy, 5, seed=7, infeasible=(2,))
    capped = solve_equilibria(economy, shocks, IterationConfig(max_iter=2))
    assert set(capped.statuses) == {"max_iter", "infeasible"}
    assert capped.statuses[2] == "infeasible"
    assert "raise max_iter" in capped.message(0)
    assert np.all(np.isfinite(capped.output_hat[0]))


def test_batch_totals_kernel_matches_twin(economy: Calibration) -> None:
    totals = _batch_totals(economy)
    migration = np.array(economy.migration)
    want = np.empty((2, economy.n_cities))
    reference._batch_migration_totals(
        migration, migration.T.copy(), np.array(economy.labour_origin), BATCH_WIDTH, want
    )
    np.testing.assert_allclose(totals, want, rtol=1e-12)
    single = np.empty((2, economy.n_cities))
    kernels._migration_totals(migration, np.array(economy.labour_origin), single)
    np.testing.assert_allclose(totals, single, rtol=1e-12)


def test_bad_batches_are_named(economy: Calibration) -> None:
    n = economy.n_cities
    land = np.ones((3, n))
    land[2, 5] = np.nan
    with pytest.raises(DataError, match=r"land_productive_hat\[2, 5\].*row 2, city index 5"):
        ShockBatch(land, np.ones((3, n)))
    with pytest.raises(DataError, match="shape"):
        ShockBatch(np.ones((3, n)), np.ones((2, n)))
    with pytest.raises(DataError, match="calibration has"):
        solve_equilibria(economy, ShockBatch(np.ones((2, n + 1)), np.ones((2, n + 1))))
    good = ShockBatch(np.ones((2, n)), np.ones((2, n)))
    with pytest.raises(DataError, match="warm_start must have shape"):
        solve_equilibria(economy, good, warm_start=np.zeros((3, 2 * n)))
    with pytest.raises(ConfigError, match="lanes"):
        solve_equilibria(economy, good, lanes=0)
    costs = np.ones((n, n))
    with pytest.raises(DataError, match="mobility_cost_hat than shock 0"):
        ShockBatch.stack(
            [Shock(np.ones(n), np.ones(n)), Shock(np.ones(n), np.ones(n), mobility_cost_hat=costs)]
        )


def test_stack_and_mobility_costs(economy: Calibration) -> None:
    n = economy.n_cities
    rng = np.random.default_rng(8)
    costs = np.exp(rng.uniform(-0.05, 0.05, (n, n)))
    np.fill_diagonal(costs, 1.0)
    singles = [
        Shock(np.exp(rng.uniform(-0.1, 0.1, n)), np.ones(n), mobility_cost_hat=costs)
        for _ in range(4)
    ]
    batch = solve_equilibria(economy, ShockBatch.stack(singles))
    for i, shock in enumerate(singles):
        alone = solve_equilibrium(economy, shock)
        np.testing.assert_allclose(batch.welfare_hat[i], alone.welfare_hat, rtol=1e-12)
        np.testing.assert_allclose(batch[i].migration_new, alone.migration_new, rtol=1e-12)


@pytest.mark.slow
def test_large_economies_use_the_chunked_parallel_pass(economies: SimpleNamespace) -> None:
    import numba

    from paretoland.model.equilibrium.layout import PARALLEL_PASS_MIN

    economy = economies.random(PARALLEL_PASS_MIN + 37, 5)
    n = economy.n_cities
    none = solve_equilibrium(economy, Shock.no_trade(n))
    assert np.all(none.labour_hat == 1.0) and np.all(none.welfare_hat == 1.0)
    land_y, land_h, transfers, _ = economies.shock_arrays(economy, 6, 0.1)
    shock = Shock(land_y, land_h, transfers)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = solve_equilibrium(economy, shock)
    finally:
        numba.set_num_threads(threads)
    every = solve_equilibrium(economy, shock)
    assert every.converged and np.array_equal(one.labour_hat, every.labour_hat)
    twin = solve_equilibrium(economy, shock, IterationConfig(backend="numpy"))
    np.testing.assert_allclose(every.welfare_hat, twin.welfare_hat, rtol=1e-11)
    np.testing.assert_allclose(
        (every.labour_hat * economy.labour).sum(), economy.labour.sum(), rtol=1e-12
    )


def test_concurrent_batches_match_serial_ones(economy: Calibration) -> None:
    from concurrent.futures import ThreadPoolExecutor

    batches = [_shocks(economy, 20, seed=s) for s in (20, 21, 22)]
    serial = [solve_equilibria(economy, shocks).output_hat for shocks in batches]
    with ThreadPoolExecutor(3) as pool:
        together = list(
            pool.map(lambda shocks: solve_equilibria(economy, shocks).output_hat, batches)
        )
    for one, other in zip(serial, together, strict=True):
        assert np.array_equal(one, other)
