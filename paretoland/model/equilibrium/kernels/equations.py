"""The model's equations as kernels: the fixed-point map T of docs/model.md §3. Private.

:func:`_equilibrium_map` evaluates T at x = (log L̂, log Â) in three steps, city by
city (:func:`_map_before_migration`), over the migration matrix
(:func:`_migration_pass`) and city by city again (:func:`_map_after_migration`); the
batched solver runs the middle step for many candidates at once
(:mod:`~paretoland.model.equilibrium.kernels.batch`). :func:`_report_hats` fills the
hats the map does not need, and :func:`_migration_totals` the baseline sums the map is
normalised by.

No ``fastmath``: every sum runs in a fixed order (loops, or BLAS products of one fixed
shape per economy), so the map sends the no-trade point x = 0 to exactly 0 (see
:func:`_equilibrium_map`). Twins: :mod:`paretoland.model.equilibrium.reference.equations`.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from paretoland.model.equilibrium.kernels.compiler import kernel
from paretoland.model.equilibrium.kernels.exp_log import _exp_into, _log_into
from paretoland.model.equilibrium.layout import (
    EXOG_LABOUR_BASE,
    EXOG_LABOUR_ORIGIN,
    EXOG_LOG_LAND_PRODUCTIVE,
    EXOG_LOG_LAND_RESIDENTIAL,
    EXOG_ROW_TOTAL,
    EXOG_SHARE_PRODUCTIVE,
    EXOG_SHARE_RESIDENTIAL,
    EXOG_TRANSFER,
    MAP_OK,
    PARALLEL_PASS_MIN,
    PARAM_ALPHA,
    PARAM_ETA,
    PARAM_KAPPA,
    PARAM_RHO,
    PARAM_SIGMA,
    PASS_CHUNKS,
    STATUS_INFEASIBLE,
    STATUS_NON_FINITE,
    WORK_ACCESS,
    WORK_ATTRACTION,
    WORK_HOUSE_PRICE,
    WORK_HOUSING,
    WORK_LABOUR,
    WORK_OUTPUT,
    WORK_REAL_INCOME,
    WORK_REVENUE,
    WORK_SCRATCH,
    WORK_SCRATCH_BITS,
    WORK_TFP,
    WORK_WAGE,
)

__all__: list[str] = []


@kernel
def _migration_pass(
    migration: np.ndarray,
    weights: np.ndarray,
    row_scale: np.ndarray,
    labour_origin: np.ndarray,
    access: np.ndarray,
    labour: np.ndarray,
) -> None:
    """One pass over the migration matrix: access by origin, then labour by destination.

    Sets ``access[o] = Σ_d migration[o, d] weights[d] / row_scale[o]`` and
    ``labour[d] = Σ_o migration[o, d] labour_origin[o] / access[o]``. Below
    PARALLEL_PASS_MIN origins the two sums are BLAS matrix-vector products (one
    fixed call shape per economy, so the same inputs give the same sums); from
    PARALLEL_PASS_MIN on, where reading the matrix twice would cost more than the
    arithmetic, one fused pass runs over PASS_CHUNKS fixed chunks of origins in
    parallel, and the chunks' labour sums are added in chunk order, so the result
    does not depend on the number of threads.

    migration : (n, k); weights : (k,); row_scale, labour_origin, access : (n,);
    labour : (k,). access and labour are overwritten.
    """
    n = migration.shape[0]
    if n < PARALLEL_PASS_MIN:
        access[:] = np.dot(migration, weights)
        for o in range(n):
            access[o] = access[o] / row_scale[o]
        labour[:] = np.dot(labour_origin / access, migration)
    else:
        _migration_pass_chunked(migration, weights, row_scale, labour_origin, access, labour)


@kernel(parallel=True)
def _migration_pass_chunked(
    migration: np.ndarray,
    weights: np.ndarray,
    row_scale: np.ndarray,
    labour_origin: np.ndarray,
    access: np.ndarray,
    labour: np.ndarray,
) -> None:
    """:func:`_migration_pass` for large n: PASS_CHUNKS chunks of origins in parallel."""
    n, k = migration.shape
    partial = np.zeros((PASS_CHUNKS, k))
    for chunk in prange(PASS_CHUNKS):
        start, stop = chunk * n // PASS_CHUNKS, (chunk + 1) * n // PASS_CHUNKS
        _migration_rows(
            migration, weights, row_scale, labour_origin, access, partial[chunk], start, stop
        )
    for j in range(k):
        total = partial[0, j]
        for chunk in range(1, PASS_CHUNKS):
            total += partial[chunk, j]
        labour[j] = total


@kernel
def _migration_rows(
    migration: np.ndarray,
    weights: np.ndarray,
    row_scale: np.ndarray,
    labour_origin: np.ndarray,
    access: np.ndarray,
    labour: np.ndarray,
    start: int,
    stop: int,
) -> None:
    """Run origins start..stop−1 of the pass.

    Sets their access, and adds their labour to ``labour`` (k,) in index order (four
    origins at a time while their rows are in cache, without changing any sum's order).
    """
    k = migration.shape[1]
    blocked = stop - (stop - start) % 4
    for o in range(start, blocked, 4):
        s0 = s1 = s2 = s3 = 0.0
        for j in range(k):
            weight = weights[j]
            s0 += migration[o, j] * weight
            s1 += migration[o + 1, j] * weight
            s2 += migration[o + 2, j] * weight
            s3 += migration[o + 3, j] * weight
        access[o], access[o + 1] = s0 / row_scale[o], s1 / row_scale[o + 1]
        access[o + 2], access[o + 3] = s2 / row_scale[o + 2], s3 / row_scale[o + 3]
        c0, c1 = labour_origin[o] / access[o], labour_origin[o + 1] / access[o + 1]
        c2, c3 = labour_origin[o + 2] / access[o + 2], labour_origin[o + 3] / access[o + 3]
        for j in range(k):
            value = labour[j] + migration[o, j] * c0
            value = value + migration[o + 1, j] * c1
            value = value + migration[o + 2, j] * c2
            labour[j] = value + migration[o + 3, j] * c3
    for o in range(blocked, stop):
        total = 0.0
        for j in range(k):
            total += migration[o, j] * weights[j]
        access[o] = total / row_scale[o]
        share = labour_origin[o] / access[o]
        for j in range(k):
            labour[j] += migration[o, j] * share


@kernel
def _migration_totals(migration: np.ndarray, labour_origin: np.ndarray, out: np.ndarray) -> None:
    """Row totals Σ_d m_od and baseline residents Σ_o m_od L^o_o.

    migration : (n, n) the baseline shares m (not cost-adjusted); labour_origin : (n,)
    persons; out : (2, n), overwritten with the row totals (row 0) and residents in
    persons (row 1). Both come from :func:`_migration_pass` as the map runs it at no
    trade (V̂ = 1), so the map reproduces them bit for bit there.
    """
    n = migration.shape[0]
    ones, scratch = np.ones(n), np.empty(n)
    _migration_pass(migration, ones, ones, labour_origin, out[0], scratch)
    _migration_pass(migration, ones, out[0].copy(), labour_origin, scratch, out[1])


@kernel
def _log_hats(
    log_labour: float,
    log_tfp: float,
    log_land_productive: float,
    log_land_residential: float,
    alpha: float,
    sigma: float,
    eta: float,
) -> tuple[float, float, float, float, float]:
    """Return log Ŷ, ŵ, Ĥ, P̂h and V̂ of one city given log L̂, log Â and log land hats."""
    log_output = log_tfp + alpha * log_labour + (1.0 - alpha) * log_land_productive
    log_wage = log_output - log_labour
    log_housing = sigma * log_labour + (1.0 - sigma) * log_land_residential
    log_house_price = log_wage + log_labour - log_housing
    return log_output, log_wage, log_housing, log_house_price, log_wage - eta * log_house_price


@kernel
def _equilibrium_map(
    x: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int]:
    """One evaluation of the fixed-point map T of docs/model.md §3, in logs.

    Ĝ is computed as 1 + s^Y (Ŷ − 1) + s^H (ŵL̂ − 1) + F/G with ŵL̂ = Ŷ, equal to the
    spec's s^Y Ŷ + s^H ŵL̂ + F/G because s^Y + s^H = 1, and exactly 1 at no trade.
    The map is :func:`_map_before_migration`, :func:`_migration_pass` and
    :func:`_map_after_migration` in turn (the batched solver runs the middle step for
    many candidates at once).

    Parameters
    ----------
    x : (2n,) log L̂ and log Â.
    exog, migration, params : see :mod:`~paretoland.model.equilibrium.layout`.
    out : (2n,) overwritten with T(x) = (log L̂', ρ log Ĝ), L̂' the labour implied by
        the new migration shares. NaN where Ĝ ≤ 0.
    work : (N_WORK, n) its OUTPUT, REVENUE, ATTRACTION, ACCESS and LABOUR rows are
        overwritten with the values at x, its WORK_SCRATCH and WORK_SCRATCH_BITS rows with scratch.

    Returns
    -------
    status, city : int, int
        ``(MAP_OK, -1)``; ``(STATUS_INFEASIBLE, d)`` for the first city with Ĝ_d ≤ 0;
        ``(STATUS_NON_FINITE, d)`` for the first city whose own Ĝ or V̂^κ is not
        finite, else the first with a non-finite value in out.
        ``out`` and ``work`` are filled in every case.
    """
    _map_before_migration(x, exog, params, work)
    _migration_pass(
        migration,
        work[WORK_ATTRACTION],
        exog[EXOG_ROW_TOTAL],
        exog[EXOG_LABOUR_ORIGIN],
        work[WORK_ACCESS],
        work[WORK_LABOUR],
    )
    return _map_after_migration(x, exog, params, out, work)


@kernel
def _map_before_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray
) -> None:
    """Evaluate the map's city-by-city first half.

    Fills work's OUTPUT (Ŷ), ATTRACTION (V̂^κ) and REVENUE (Ĝ) rows at x (shapes as in
    :func:`_equilibrium_map`; the WORK_SCRATCH and WORK_SCRATCH_BITS rows are
    overwritten).
    """
    n = exog.shape[1]
    alpha, sigma, eta = params[PARAM_ALPHA], params[PARAM_SIGMA], params[PARAM_ETA]
    kappa = params[PARAM_KAPPA]
    output, attraction = work[WORK_OUTPUT], work[WORK_ATTRACTION]
    logs, bits = work[WORK_SCRATCH], work[WORK_SCRATCH_BITS]
    for d in range(n):  # their logs first, then exp over whole rows (not in place)
        log_output, _, _, _, log_real_income = _log_hats(
            x[d],
            x[n + d],
            exog[EXOG_LOG_LAND_PRODUCTIVE, d],
            exog[EXOG_LOG_LAND_RESIDENTIAL, d],
            alpha,
            sigma,
            eta,
        )
        logs[d], attraction[d] = log_output, kappa * log_real_income
    _exp_into(logs, output, bits)
    logs[:] = attraction
    _exp_into(logs, attraction, bits)
    for d in range(n):
        work[WORK_REVENUE, d] = (
            1.0
            + exog[EXOG_SHARE_PRODUCTIVE, d] * (output[d] - 1.0)
            + exog[EXOG_SHARE_RESIDENTIAL, d] * (output[d] - 1.0)
            + exog[EXOG_TRANSFER, d]
        )


@kernel
def _map_after_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, out: np.ndarray, work: np.ndarray
) -> tuple[int, int]:
    """Evaluate the map's second half, once work's ACCESS and LABOUR rows hold the pass.

    Writes L̂' into work's LABOUR row and T(x) into out; returns (status, city) as
    :func:`_equilibrium_map` (the WORK_SCRATCH and WORK_SCRATCH_BITS rows are
    overwritten).
    """
    n = exog.shape[1]
    rho = params[PARAM_RHO]
    labour, revenue, attraction = work[WORK_LABOUR], work[WORK_REVENUE], work[WORK_ATTRACTION]
    logs, bits = work[WORK_SCRATCH], work[WORK_SCRATCH_BITS]
    for d in range(n):
        labour[d] = attraction[d] * labour[d] / exog[EXOG_LABOUR_BASE, d]
        logs[d] = revenue[d] if revenue[d] > 0.0 else np.nan
    log_revenue = out[n:]
    _log_into(labour, out[:n], bits)
    _log_into(logs, log_revenue, bits)
    regular = True  # every Ĝ > 0 and finite, every V̂^κ and T(x) finite: no scan needed
    for d in range(n):
        log_revenue[d] *= rho
        regular &= (
            (revenue[d] > 0.0)
            & (revenue[d] < np.inf)
            & (abs(attraction[d]) < np.inf)
            & (abs(out[d]) < np.inf)
            & (abs(log_revenue[d]) < np.inf)
        )
    if regular:
        return MAP_OK, -1
    for d in range(n):
        if np.isfinite(work[WORK_REVENUE, d]) and work[WORK_REVENUE, d] <= 0.0:
            return STATUS_INFEASIBLE, d
    for d in range(n):  # a city's own overflow first, then what it spread to others
        if not (np.isfinite(work[WORK_REVENUE, d]) and np.isfinite(work[WORK_ATTRACTION, d])):
            return STATUS_NON_FINITE, d
    for i in range(2 * n):
        if not np.isfinite(out[i]):
            return STATUS_NON_FINITE, i % n
    return MAP_OK, -1


@kernel
def _report_hats(x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray) -> None:
    """Fill the WAGE, HOUSING, HOUSE_PRICE, REAL_INCOME and TFP rows of work at x.

    x : (2n,); exog, params : see the layout; work : (N_WORK, n) whose REVENUE row the
    map has filled at the same x. TFP is Ĝ^ρ, NaN where Ĝ ≤ 0.
    """
    n = exog.shape[1]
    alpha, sigma, eta = params[PARAM_ALPHA], params[PARAM_SIGMA], params[PARAM_ETA]
    rows = (WORK_WAGE, WORK_HOUSING, WORK_HOUSE_PRICE, WORK_REAL_INCOME, WORK_TFP)
    logs, scratch = np.empty((len(rows), n)), np.empty(n)
    revenue = work[WORK_REVENUE]
    for d in range(n):  # their logs, then exp over whole rows
        _, logs[0, d], logs[1, d], logs[2, d], logs[3, d] = _log_hats(
            x[d],
            x[n + d],
            exog[EXOG_LOG_LAND_PRODUCTIVE, d],
            exog[EXOG_LOG_LAND_RESIDENTIAL, d],
            alpha,
            sigma,
            eta,
        )
        scratch[d] = revenue[d] if revenue[d] > 0.0 else np.nan  # Ĝ, NaN where Ĝ ≤ 0
    _log_into(scratch, logs[4], work[WORK_TFP])  # ρ log Ĝ (the TFP row is scratch until filled)
    for d in range(n):
        logs[4, d] *= params[PARAM_RHO]
    for i in range(len(rows)):  # scratch now holds exp's bits
        _exp_into(logs[i], work[rows[i]], scratch)
