"""The numba kernels against their plain-numpy twins, and their exactness at no trade."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

import numpy as np
import pytest

from paretoland import Calibration
from paretoland.model.equilibrium import IterationConfig, Shock, kernels, reference
from paretoland.model.equilibrium.layout import (
    COUNTER_EVALUATIONS,
    COUNTER_MARKED,
    EXOG_LABOUR_ORIGIN,
    EXOG_OWN_SHARE,
    EXOG_ROW_TOTAL,
    EXOG_TRANSFER,
    HISTORY_DR,
    HISTORY_DX,
    ITERATE_IMAGE,
    ITERATE_PROPOSAL,
    ITERATE_RESIDUAL,
    ITERATE_X,
    MAP_OK,
    N_ITERATES,
    N_WORK,
    NORM_RESIDUAL,
    OPTION_GROWTH,
    OPTION_MAX_ITER,
    OPTION_PATIENCE,
    STATUS_CONVERGED,
    STATUS_INFEASIBLE,
    STATUS_MAX_ITER,
    STATUS_NON_FINITE,
    STATUS_STALLED,
    WORK_ACCESS,
    WORK_LABOUR,
    WORK_REVENUE,
)
from paretoland.model.equilibrium.solver import _economy_arrays, _options

RTOL = 1e-12
MAP_ROWS = (0, 5, 6, 7, 8)  # OUTPUT, REVENUE, ATTRACTION, ACCESS, LABOUR
SIZES = [pytest.param(n, id=f"n={n}") for n in (1, 3, 7, 12)]


def _problem(
    economies: SimpleNamespace, n: int, seed: int, *, costs: bool = True
) -> tuple[Calibration, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Pack a random economy and shock for the kernels (numba totals)."""
    calibration = economies.random(n, seed)
    land_y, land_h, transfers, cost = economies.shock_arrays(calibration, seed + 100, 0.2)
    shock = Shock(land_y, land_h, transfers, cost if costs else None)
    return calibration, _economy_arrays(calibration, shock, "numba")


@pytest.mark.parametrize("n", SIZES)
def test_map_matches_twin(economies: SimpleNamespace, n: int) -> None:
    rng = np.random.default_rng(n)
    _, (exog, migration, params) = _problem(economies, n, seed=n)
    for _ in range(3):
        x = rng.normal(0.0, 0.1, 2 * n)
        out = {name: np.empty(2 * n) for name in ("numba", "numpy")}
        work = {name: np.full((N_WORK, n), np.nan) for name in ("numba", "numpy")}
        got = kernels._equilibrium_map(x, exog, migration, params, out["numba"], work["numba"])
        want = reference._equilibrium_map(x, exog, migration, params, out["numpy"], work["numpy"])
        assert got == want == (MAP_OK, -1)
        np.testing.assert_allclose(out["numba"], out["numpy"], rtol=RTOL, atol=1e-14)
        for row in MAP_ROWS:
            np.testing.assert_allclose(work["numba"][row], work["numpy"][row], rtol=RTOL)


@pytest.mark.parametrize("n", SIZES)
def test_report_hats_and_totals_match_twin(economies: SimpleNamespace, n: int) -> None:
    calibration, (exog, migration, params) = _problem(economies, n, seed=10 + n)
    base = np.ascontiguousarray(calibration.migration)
    totals = {name: np.empty((2, n)) for name in ("numba", "numpy")}
    kernels._migration_totals(base, calibration.labour_origin, totals["numba"])
    reference._migration_totals(base, calibration.labour_origin, totals["numpy"])
    np.testing.assert_allclose(totals["numba"], totals["numpy"], rtol=RTOL)
    np.testing.assert_allclose(totals["numba"][1], calibration.labour, rtol=RTOL)
    x = np.random.default_rng(n).normal(0.0, 0.1, 2 * n)
    work = {name: np.empty((N_WORK, n)) for name in ("numba", "numpy")}
    for module, name in ((kernels, "numba"), (reference, "numpy")):
        module._equilibrium_map(x, exog, migration, params, np.empty(2 * n), work[name])
        module._report_hats(x, exog, params, work[name])
    np.testing.assert_allclose(work["numba"], work["numpy"], rtol=RTOL)


def test_migration_rows_sum_in_index_order() -> None:
    """The blocked rows of the large-n pass equal a plain double loop bit for bit.

    n is not a multiple of 4; the BLAS pass of smaller economies agrees to rounding and
    gives the same sums on every call.
    """
    rng = np.random.default_rng(0)
    n = 7
    matrix, weights = rng.random((n, n)), rng.random(n)
    scale, origin = rng.uniform(0.5, 1.5, n), rng.random(n)
    access, labour = np.empty(n), np.zeros(n)
    kernels._migration_rows(matrix, weights, scale, origin, access, labour, 0, n)
    want_access, want_labour = np.empty(n), np.zeros(n)
    for o in range(n):
        total = 0.0
        for d in range(n):
            total += matrix[o, d] * weights[d]
        want_access[o] = total / scale[o]
        for d in range(n):
            want_labour[d] += matrix[o, d] * (origin[o] / want_access[o])
    assert np.array_equal(access, want_access)
    assert np.array_equal(labour, want_labour)
    blas = [(np.empty(n), np.empty(n)) for _ in range(2)]
    for pair in blas:
        kernels._migration_pass(matrix, weights, scale, origin, *pair)
    np.testing.assert_allclose(blas[0][0], want_access, rtol=1e-14)
    np.testing.assert_allclose(blas[0][1], want_labour, rtol=1e-14)
    assert np.array_equal(blas[0][0], blas[1][0]) and np.array_equal(blas[0][1], blas[1][1])


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_map_sends_no_trade_to_exactly_zero(economies: SimpleNamespace, module: ModuleType) -> None:
    n = 9
    calibration = economies.random(n, 3)
    exog, migration, params = _economy_arrays(calibration, Shock.no_trade(n), _name(module))
    out, work = np.full(2 * n, np.nan), np.empty((N_WORK, n))
    assert module._equilibrium_map(np.zeros(2 * n), exog, migration, params, out, work) == (0, -1)
    assert np.array_equal(out, np.zeros(2 * n))
    assert np.all(work[list(MAP_ROWS)] == 1.0)


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_map_reports_infeasible_and_non_finite(
    economies: SimpleNamespace, module: ModuleType
) -> None:
    n = 5
    _, (exog, migration, params) = _problem(economies, n, seed=4)
    out, work = np.empty(2 * n), np.empty((N_WORK, n))
    bad = exog.copy()
    bad[EXOG_TRANSFER, 3] = -3.0
    assert module._equilibrium_map(np.zeros(2 * n), bad, migration, params, out, work) == (
        STATUS_INFEASIBLE,
        3,
    )
    assert work[WORK_REVENUE, 3] < 0.0 and np.isnan(out[n + 3])
    huge = np.zeros(2 * n)
    huge[n + 2] = 800.0  # Â = e^800 overflows
    status, city = module._equilibrium_map(huge, exog, migration, params, out, work)
    assert (status, city) == (STATUS_NON_FINITE, 2)


@pytest.mark.parametrize("precondition", [True, False], ids=["preconditioned", "plain"])
@pytest.mark.parametrize("method", ["damped", "anderson"])
@pytest.mark.parametrize("n", SIZES)
def test_full_solve_matches_twin(
    economies: SimpleNamespace, n: int, method: str, precondition: bool
) -> None:
    _, (exog, migration, params) = _problem(economies, n, seed=20 + n)
    iteration = IterationConfig(method=method, tol=1e-13, max_iter=500, precondition=precondition)
    results, points = {}, {}
    for module, name in ((kernels, "numba"), (reference, "numpy")):
        points[name], work = np.empty(2 * n), np.empty((N_WORK, n))
        results[name] = module._solve(
            np.zeros(2 * n), exog, migration, params, _options(iteration), points[name], work
        )
    assert results["numba"][0] == results["numpy"][0] == STATUS_CONVERGED
    assert abs(results["numba"][1] - results["numpy"][1]) <= 1
    np.testing.assert_allclose(points["numba"], points["numpy"], rtol=RTOL, atol=1e-13)


def test_solvers_stop_on_infeasible_start(economies: SimpleNamespace) -> None:
    n = 4
    _, (exog, migration, params) = _problem(economies, n, seed=5)
    exog = exog.copy()
    exog[EXOG_TRANSFER, 1] = -5.0
    options = _options(IterationConfig(max_iter=100))
    for module in (kernels, reference):
        x, work = np.empty(2 * n), np.empty((N_WORK, n))
        status, iterations, residual, city = module._solve(
            np.zeros(2 * n), exog, migration, params, options, x, work
        )
        assert (status, iterations, city) == (STATUS_INFEASIBLE, 1, 1)
        assert residual == np.inf
        assert np.array_equal(x, np.zeros(2 * n))


@pytest.mark.parametrize("size", [1, 3, 5])
def test_cholesky_and_anderson_step_match_twin(size: int) -> None:
    rng = np.random.default_rng(size)
    s = 12
    history = rng.normal(size=(2, 6, s))
    x, r = rng.normal(size=s), rng.normal(size=s)
    dx, dr = history[HISTORY_DX], history[HISTORY_DR]
    gram = dr @ dr.T
    blocks = rng.uniform(0.5, 1.5, (4, s // 2))
    steps = {}
    for module, name in ((kernels, "numba"), (reference, "numpy")):
        iterates = np.full((N_ITERATES, s), np.nan)
        iterates[ITERATE_X], iterates[ITERATE_RESIDUAL] = x, r
        assert module._anderson_proposal(iterates, history, gram, size, 0.5, blocks)
        steps[name] = iterates[ITERATE_PROPOSAL]
        assert np.array_equal(iterates[ITERATE_X], x)
        assert np.array_equal(iterates[ITERATE_RESIDUAL], r)
    np.testing.assert_allclose(steps["numba"], steps["numpy"], rtol=1e-10)
    # B as a dense matrix: city d's block acts on entries d and s/2 + d
    dense = np.zeros((s, s))
    for d in range(s // 2):
        dense[np.ix_([d, s // 2 + d], [d, s // 2 + d])] = blocks[:, d].reshape(2, 2)
    small = gram[:size, :size]
    gamma = np.linalg.solve(small + 1e-12 * small.diagonal().max() * np.eye(size), dr[:size] @ r)
    want = x + 0.5 * dense @ r - (dx[:size] + 0.5 * dr[:size] @ dense.T).T @ gamma
    np.testing.assert_allclose(steps["numba"], want, rtol=1e-10)


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_anderson_push_stores_the_step_and_moves_x(module: ModuleType) -> None:
    """The history is a ring of ``memory`` rows, gram their residual differences' products.

    x and r move to the proposal and T(proposal) − proposal.
    """
    rng = np.random.default_rng(4)
    s, memory = 8, 3
    iterates = rng.normal(size=(N_ITERATES, s))
    history, gram = np.zeros((2, memory, s)), np.zeros((memory, memory))
    head, stored, rows = 0, 0, []
    for step in range(5):
        x, r = iterates[ITERATE_X].copy(), iterates[ITERATE_RESIDUAL].copy()
        proposal, image = iterates[ITERATE_PROPOSAL].copy(), iterates[ITERATE_IMAGE].copy()
        head, stored = module._anderson_push(iterates, history, gram, head, stored)
        assert (head, stored) == ((step + 1) % memory, min(step + 1, memory))
        assert np.array_equal(iterates[ITERATE_X], proposal)
        assert np.array_equal(iterates[ITERATE_RESIDUAL], image - proposal)
        rows.append((proposal - x, image - proposal - r))
        iterates[ITERATE_PROPOSAL], iterates[ITERATE_IMAGE] = rng.normal(size=(2, s))
    for step in (2, 3, 4):  # the last three steps, in rows 2, 0, 1
        np.testing.assert_array_equal(history[HISTORY_DX, step % memory], rows[step][0])
        np.testing.assert_array_equal(history[HISTORY_DR, step % memory], rows[step][1])
    np.testing.assert_allclose(gram, history[HISTORY_DR] @ history[HISTORY_DR].T, rtol=1e-14)


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_preconditioner_inverts_the_own_city_block(
    economies: SimpleNamespace, module: ModuleType
) -> None:
    n = 5
    _, (exog, migration, params) = _problem(economies, n, seed=9)
    work, blocks = np.empty((N_WORK, n)), np.empty((4, n))
    module._equilibrium_map(np.zeros(2 * n), exog, migration, params, np.empty(2 * n), work)
    module._preconditioner(exog, params, work, False, blocks)
    assert np.array_equal(blocks, np.repeat([[1.0], [0.0], [0.0], [1.0]], n, axis=1))
    module._preconditioner(exog, params, work, True, blocks)
    alpha, sigma, eta, kappa, rho = params
    for d in range(n):
        mobility = kappa * (1.0 - exog[EXOG_OWN_SHARE, d])
        revenue = rho * work[0, d] / work[WORK_REVENUE, d] * (exog[3, d] + exog[4, d])
        jacobian = np.array(
            [
                [mobility * ((alpha - 1) - eta * (alpha - sigma)), mobility * (1 - eta)],
                [revenue * alpha, revenue],
            ]
        )
        np.testing.assert_allclose(
            blocks[:, d].reshape(2, 2) @ (np.eye(2) - jacobian), np.eye(2), atol=1e-12
        )


def test_cholesky_rejects_a_zero_system() -> None:
    for module in (kernels, reference):
        assert not module._cholesky_solve(np.zeros((2, 2)), np.ones(2), 2)


def test_access_and_labour_rows_are_consistent(economies: SimpleNamespace) -> None:
    """Σ_d L̂_d L_d = Σ_o L^o_o Σ_d m_od: the map's labour adds up exactly."""
    n = 8
    calibration, (exog, migration, params) = _problem(economies, n, seed=6)
    x = np.random.default_rng(1).normal(0.0, 0.2, 2 * n)
    for module in (kernels, reference):
        work = np.empty((N_WORK, n))
        module._equilibrium_map(x, exog, migration, params, np.empty(2 * n), work)
        total = work[WORK_LABOUR] @ calibration.labour
        want = exog[EXOG_LABOUR_ORIGIN] @ exog[EXOG_ROW_TOTAL]
        assert total == pytest.approx(want, rel=1e-13)
        assert np.all(work[WORK_ACCESS] > 0.0)


def _name(module: ModuleType) -> str:
    return "numba" if module is kernels else "numpy"


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_rejected_anderson_steps_fall_back_to_damped_steps(
    economies: SimpleNamespace, module: ModuleType
) -> None:
    """Growth = 0 rejects every accelerated point: the iterates are the damped ones."""
    n = 6
    _, (exog, migration, params) = _problem(economies, n, seed=8)
    x0 = np.zeros(2 * n)
    damped_x, anderson_x = np.empty(2 * n), np.empty(2 * n)
    work = np.empty((N_WORK, n))
    damped = _options(IterationConfig(method="damped", damping=0.8, max_iter=500, patience=0))
    anderson = _options(IterationConfig(damping=0.8, max_iter=1000, patience=0))
    anderson[OPTION_GROWTH] = 0.0
    status, k, _, _ = module._solve(x0, exog, migration, params, damped, damped_x, work)
    result = module._solve(x0, exog, migration, params, anderson, anderson_x, work)
    assert status == result[0] == STATUS_CONVERGED
    assert result[1] == 2 * k - 2  # one rejected proposal before every damped step but the first
    assert np.array_equal(anderson_x, damped_x)
    anderson[OPTION_MAX_ITER], damped[OPTION_MAX_ITER] = 3, 2
    short = module._solve(x0, exog, migration, params, anderson, anderson_x, work)
    two_steps = module._solve(x0, exog, migration, params, damped, damped_x, work)
    assert short[:2] == (STATUS_MAX_ITER, 3) and short[2] == two_steps[2]
    assert np.array_equal(anderson_x, damped_x)
    # the rejected point used the last evaluation: work was refreshed at the final point
    refreshed = np.empty((N_WORK, n))
    module._equilibrium_map(anderson_x, exog, migration, params, np.empty(2 * n), refreshed)
    np.testing.assert_array_equal(work[list(MAP_ROWS)], refreshed[list(MAP_ROWS)])


@pytest.mark.parametrize("module", [kernels, reference], ids=["numba", "numpy"])
def test_stop_status_reads_the_packed_state(module: ModuleType) -> None:
    options = _options(IterationConfig(tol=1e-8, max_iter=10, patience=4))
    state = module._slot(module._iteration_state(1, 2, 1), 0)
    counters, norms = state[4], state[5]
    counters[COUNTER_EVALUATIONS], counters[COUNTER_MARKED] = 10, 10
    norms[NORM_RESIDUAL] = 1e-9
    assert module._stop_status(options, state) == STATUS_CONVERGED
    norms[NORM_RESIDUAL] = 1e-8  # not below tol: the cap
    assert module._stop_status(options, state) == STATUS_MAX_ITER
    counters[COUNTER_EVALUATIONS], counters[COUNTER_MARKED] = 9, 5
    assert module._stop_status(options, state) == STATUS_STALLED
    counters[COUNTER_MARKED] = 6
    assert module._stop_status(options, state) == -1
    options[OPTION_PATIENCE] = 0  # never stalls
    counters[COUNTER_MARKED] = 0
    assert module._stop_status(options, state) == -1
