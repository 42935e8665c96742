"""Numba kernels of the counterfactual equilibrium (docs/model.md §3). Private.

Every kernel takes only ndarrays and scalars and writes into preallocated output
arrays: no objects, RNG, I/O or validation, which :func:`~paretoland.model.equilibrium.
solve_equilibrium` does before calling them. The argument layouts (``x``, ``exog``,
``migration``, ``params``, ``blocks``, ``work``) are described in
:mod:`paretoland.model.equilibrium.layout`. Each kernel except the helper ``_dot`` has a
plain-numpy twin with the same name and signature in
:mod:`paretoland.model.equilibrium.reference`.

Sections: the map (model equations) from :func:`_migration_pass` to
:func:`_report_hats`; the iterations (preconditioner, damped, Anderson) after it.
They share one file on purpose: numba's on-disk cache checks only the timestamp of
the file defining a cached function, so a kernel compiled into another file's cache
would go stale silently when edited.

No ``fastmath``: every sum runs in a fixed order (loops, or BLAS products of one fixed
shape per economy), so the map sends the no-trade point
x = 0 to exactly 0 (see :func:`_equilibrium_map`).

Every kernel uses numba's ``error_model="numpy"``: a division by zero gives inf or NaN
as in IEEE arithmetic (and in the numpy twin) instead of raising, which the statuses
report; without it each division carries a Python-style check that keeps LLVM from
vectorising the city loops (the batched solver is 1.6× faster with it).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numba import njit, prange

from paretoland.model.equilibrium.layout import (
    ANDERSON_REGULARISATION,
    BLOCK_AA,
    BLOCK_AL,
    BLOCK_LA,
    BLOCK_LL,
    EXOG_LABOUR_BASE,
    EXOG_LABOUR_ORIGIN,
    EXOG_LOG_LAND_PRODUCTIVE,
    EXOG_LOG_LAND_RESIDENTIAL,
    EXOG_OWN_SHARE,
    EXOG_ROW_TOTAL,
    EXOG_SHARE_PRODUCTIVE,
    EXOG_SHARE_RESIDENTIAL,
    EXOG_TRANSFER,
    GEMM_BLOCK,
    MAP_OK,
    N_BLOCKS,
    N_WORK,
    PARALLEL_PASS_MIN,
    PARAM_ALPHA,
    PARAM_ETA,
    PARAM_KAPPA,
    PARAM_RHO,
    PARAM_SIGMA,
    PASS_CHUNKS,
    PHASE_ACCELERATED,
    PHASE_DAMPED,
    PHASE_IDLE,
    PHASE_REFRESH,
    PHASE_START,
    PRECONDITION_MIN_DET,
    STALL_FACTOR,
    STATUS_CONVERGED,
    STATUS_INFEASIBLE,
    STATUS_MAX_ITER,
    STATUS_NON_FINITE,
    STATUS_STALLED,
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

KERNEL: dict[str, Any] = {"cache": True, "error_model": "numpy"}  # numba options of every kernel


@njit(**KERNEL)
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


@njit(parallel=True, **KERNEL)
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


@njit(**KERNEL)
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
    """Run origins start..stop−1 of the migration pass.

    Their access, and their labour added to ``labour`` (k,) in index order (four
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


@njit(**KERNEL)
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


@njit(**KERNEL)
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


# exp and log as loops LLVM vectorises (numba calls the scalar libm functions, which it
# cannot vectorise): range reduction by bit manipulation through int64 views and the
# polynomials of fdlibm's e_exp.c and e_log.c (within 1 ulp of libm; exp(0) = 1 and
# log(1) = 0 exactly). fdlibm: Copyright (C) 1993-2004 by Sun Microsystems, Inc. All
# rights reserved. Permission to use, copy, modify, and distribute this software is
# freely granted, provided that this notice is preserved.
_LOG2_E = 1.4426950408889634
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_ROUNDER = 6755399441055744.0  # 1.5 · 2^52: x + _ROUNDER − _ROUNDER rounds x to an integer
_ROUNDER_BITS = 0x4338000000000000  # its bit pattern, whose low bits then hold that integer
_EXP_P1, _EXP_P2 = 1.66666666666666019037e-01, -2.77777777770155933842e-03
_EXP_P3, _EXP_P4 = 6.61375632143793436117e-05, -1.65339022054652515390e-06
_EXP_P5 = 4.13813679705723846039e-08
_EXP_MIN, _EXP_MAX = -708.0, 709.0  # outside, libm (over/underflow, subnormals)
_LOG_LG1, _LOG_LG2 = 6.666666666666735130e-01, 3.999999999940941908e-01
_LOG_LG3, _LOG_LG4 = 2.857142874366239149e-01, 2.222219843214978396e-01
_LOG_LG5, _LOG_LG6 = 1.818357216161805012e-01, 1.531383769920937332e-01
_LOG_LG7 = 1.479819860511658591e-01
_ONE_BITS = 0x3FF0000000000000  # bits of 1.0
_HALF_SQRT2_BITS = 0x3FE6A09E667F3BCD  # bits of √2/2: mantissas are reduced to [√2/2, √2)
_MANTISSA = 0x000FFFFFFFFFFFFF
_TWO_52, _TWO_52_BITS = 4503599627370496.0, 0x4330000000000000  # 2^52 + j has bits _TWO_52_BITS + j
_LOG_MIN = 2.2250738585072014e-308  # smallest normal; below, and for inf/NaN, libm


@njit(**KERNEL)
def _exp_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = exp(x) elementwise, as a vectorised loop.

    x, out, scratch : (m,) float64, C-contiguous, not overlapping (LLVM runs overlapping
    arrays through its scalar loop); scratch is overwritten. Within 1 ulp
    of ``np.exp``; exp(0) = 1 exactly. If any x is outside [−708, 709] or NaN, the
    whole array goes through libm's exp instead.
    """
    regular = True
    for i in range(x.shape[0]):
        regular &= (x[i] > _EXP_MIN) & (x[i] < _EXP_MAX)
    if not regular:
        for i in range(x.shape[0]):
            out[i] = np.exp(x[i])
        return
    for i in range(x.shape[0]):  # x = k ln 2 + r, |r| ≤ ln 2 / 2; exp(r) by fdlibm
        value = x[i]
        rounded = value * _LOG2_E + _ROUNDER
        k = rounded - _ROUNDER
        hi = value - k * _LN2_HI
        lo = k * _LN2_LO
        r = hi - lo
        rr = r * r
        c = r - rr * (_EXP_P1 + rr * (_EXP_P2 + rr * (_EXP_P3 + rr * (_EXP_P4 + rr * _EXP_P5))))
        out[i] = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
        scratch[i] = rounded
    bits, k_bits = out.view(np.int64), scratch.view(np.int64)
    for i in range(x.shape[0]):  # times 2^k: k added to the exponent field
        bits[i] += (k_bits[i] - _ROUNDER_BITS) << 52


@njit(**KERNEL)
def _log_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = log(x) elementwise, as a vectorised loop.

    x, out, scratch : (m,) float64, C-contiguous, not overlapping (LLVM runs overlapping
    arrays through its scalar loop); scratch is overwritten. Within 1 ulp
    of ``np.log``; log(1) = 0 exactly. If any x is not a positive finite normal number
    (0, negative, subnormal, inf, NaN), the whole array goes through libm's log instead.
    """
    regular = True
    for i in range(x.shape[0]):
        regular &= (x[i] >= _LOG_MIN) & (x[i] < np.inf)
    if not regular:
        for i in range(x.shape[0]):
            out[i] = np.log(x[i])
        return
    x_bits, bits, k_bits = x.view(np.int64), out.view(np.int64), scratch.view(np.int64)
    for i in range(x.shape[0]):  # x = 2^k m, m in [√2/2, √2): out = m, scratch = 2^52 + k + 1023
        shifted = x_bits[i] + (_ONE_BITS - _HALF_SQRT2_BITS)
        k_bits[i] = _TWO_52_BITS + (shifted >> 52)
        bits[i] = (shifted & _MANTISSA) + _HALF_SQRT2_BITS
    for i in range(x.shape[0]):  # log(1 + f) by fdlibm, plus k ln 2
        f = out[i] - 1.0
        k = (scratch[i] - _TWO_52) - 1023.0
        half_square = 0.5 * f * f
        s = f / (2.0 + f)
        z = s * s
        w = z * z
        even = w * (_LOG_LG2 + w * (_LOG_LG4 + w * _LOG_LG6))
        odd = z * (_LOG_LG1 + w * (_LOG_LG3 + w * (_LOG_LG5 + w * _LOG_LG7)))
        out[i] = k * _LN2_HI - (
            (half_square - (s * (half_square + (odd + even)) + k * _LN2_LO)) - f
        )


@njit(**KERNEL)
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


@njit(**KERNEL)
def _map_before_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray
) -> None:
    """Compute the map's city-by-city first half.

    Work's OUTPUT (Ŷ), ATTRACTION (V̂^κ) and REVENUE (Ĝ) rows at x (shapes as in
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


@njit(**KERNEL)
def _map_after_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, out: np.ndarray, work: np.ndarray
) -> tuple[int, int]:
    """Compute the map's second half, once work's ACCESS and LABOUR rows hold the pass.

    L̂' goes into work's LABOUR row and T(x) into out; returns (status, city) as
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


@njit(**KERNEL)
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


@njit(**KERNEL)
def _max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max_i |a_i − b_i| (NaN-propagating: NaN if any difference is NaN)."""
    top = 0.0
    for i in range(a.shape[0]):
        gap = abs(a[i] - b[i])
        if not gap <= top:
            top = gap
    return top


@njit(**KERNEL)
def _stop_status(
    residual: float, tol: float, evaluations: int, max_iter: int, idle: int, patience: int
) -> int:
    """STATUS_CONVERGED, STATUS_MAX_ITER or STATUS_STALLED if the iteration stops, else −1.

    ``idle`` counts the evaluations since the residual last made progress.
    """
    if residual < tol:
        return STATUS_CONVERGED
    if evaluations >= max_iter:
        return STATUS_MAX_ITER
    if patience > 0 and idle >= patience:
        return STATUS_STALLED
    return -1


@njit(**KERNEL)
def _preconditioner(
    exog: np.ndarray, params: np.ndarray, work: np.ndarray, precondition: bool, blocks: np.ndarray
) -> None:
    """Per-city step matrices: (I − J_d)⁻¹, or the identity.

    J_d is the own-city 2×2 block of the Jacobian of the map in (log L̂_d, log Â_d):
    ∂log L̂'/∂log V̂ = κ (1 − ω_d) with ω_d the baseline own share (``EXOG_OWN_SHARE``),
    ∂log V̂/∂log L̂ = (α − 1) − η (α − σ), ∂log V̂/∂log Â = 1 − η, and
    ∂(ρ log Ĝ)/∂log Ŷ = ρ (s^Y + s^H) Ŷ/Ĝ at the current point (work's OUTPUT and
    REVENUE rows). A damped step with these blocks is a block-Jacobi Newton step. Cities
    with det(I − J_d) < PRECONDITION_MIN_DET, and every city when ``precondition`` is
    False, get the identity. blocks : (N_BLOCKS, n), overwritten.
    """
    alpha, sigma, eta = params[PARAM_ALPHA], params[PARAM_SIGMA], params[PARAM_ETA]
    kappa, rho = params[PARAM_KAPPA], params[PARAM_RHO]
    for d in range(exog.shape[1]):
        blocks[BLOCK_LL, d], blocks[BLOCK_LA, d] = 1.0, 0.0
        blocks[BLOCK_AL, d], blocks[BLOCK_AA, d] = 0.0, 1.0
        if not precondition:
            continue
        migration = kappa * (1.0 - exog[EXOG_OWN_SHARE, d])
        revenue = (
            rho
            * (exog[EXOG_SHARE_PRODUCTIVE, d] + exog[EXOG_SHARE_RESIDENTIAL, d])
            * (work[WORK_OUTPUT, d] / work[WORK_REVENUE, d])
        )
        a_ll = 1.0 - migration * ((alpha - 1.0) - eta * (alpha - sigma))
        a_la, a_al = -migration * (1.0 - eta), -revenue * alpha
        a_aa = 1.0 - revenue
        det = a_ll * a_aa - a_la * a_al
        if det >= PRECONDITION_MIN_DET:  # False for NaN as well
            blocks[BLOCK_LL, d], blocks[BLOCK_LA, d] = a_aa / det, -a_la / det
            blocks[BLOCK_AL, d], blocks[BLOCK_AA, d] = -a_al / det, a_ll / det


@njit(**KERNEL)
def _mix(
    x: np.ndarray, vector: np.ndarray, damping: float, blocks: np.ndarray, out: np.ndarray
) -> None:
    """Set out = x + damping · B vector, B the block-diagonal step matrix (out may be x)."""
    n = blocks.shape[1]
    for d in range(n):
        v_labour, v_tfp = vector[d], vector[n + d]
        out[d] = x[d] + damping * (blocks[BLOCK_LL, d] * v_labour + blocks[BLOCK_LA, d] * v_tfp)
        out[n + d] = x[n + d] + damping * (
            blocks[BLOCK_AL, d] * v_labour + blocks[BLOCK_AA, d] * v_tfp
        )


@njit(**KERNEL)
def _solve_damped(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    damping: float,
    precondition: bool,
    tol: float,
    max_iter: int,
    patience: int,
    x_out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int, float, int]:
    """Damped fixed-point iteration x ← x + damping · B (T(x) − x), in logs.

    Parameters
    ----------
    x0 : (2n,) starting point (log L̂, log Â).
    exog, migration, params : see :mod:`~paretoland.model.equilibrium.layout`.
    damping : float in (0, 1]; precondition : bool, B from :func:`_preconditioner`
        (else B = I); tol : float > 0; max_iter : int ≥ 1 (map evaluations);
    patience : int ≥ 0, stop as stalled after this many evaluations without the
        residual falling below STALL_FACTOR times its last mark (0: never).
    x_out : (2n,) overwritten with the last point evaluated.
    work : (N_WORK, n) the map's rows overwritten with the values at x_out.

    Returns
    -------
    status, iterations, residual, city : int, int, float, int
        ``STATUS_*`` code; map evaluations; max |T(x_out) − x_out| (inf after a map
        failure); city of a map failure or −1.
    """
    x = x0.copy()
    image, residual = np.empty_like(x), np.empty_like(x)
    blocks = np.empty((N_BLOCKS, exog.shape[1]))
    mark, marked = np.inf, 0
    for k in range(max_iter):
        status, city = _equilibrium_map(x, exog, migration, params, image, work)
        if status != MAP_OK:
            x_out[:] = x
            return status, k + 1, np.inf, city
        largest = _max_abs_diff(image, x)
        if largest < STALL_FACTOR * mark:
            mark, marked = largest, k
        status = _stop_status(largest, tol, k + 1, max_iter, k - marked, patience)
        if status >= 0:
            x_out[:] = x
            return status, k + 1, largest, -1
        for i in range(x.shape[0]):
            residual[i] = image[i] - x[i]
        _preconditioner(exog, params, work, precondition, blocks)
        _mix(x, residual, damping, blocks, x)
    x_out[:] = x
    return STATUS_MAX_ITER, max_iter, np.inf, -1


@njit(**KERNEL)
def _cholesky_solve(gram: np.ndarray, rhs: np.ndarray, size: int) -> bool:
    """Solve (gram + ε I) y = rhs for the leading size × size block, in place.

    ε is ``ANDERSON_REGULARISATION`` times the largest diagonal entry. gram is
    overwritten by its Cholesky factor, rhs by y. Returns False if the regularised
    matrix is not numerically positive definite.
    """
    top = 0.0
    for i in range(size):
        top = max(top, gram[i, i])
    if not (0.0 < top < np.inf):
        return False
    for i in range(size):
        gram[i, i] += ANDERSON_REGULARISATION * top
    for j in range(size):
        pivot = gram[j, j]
        for k in range(j):
            pivot -= gram[j, k] * gram[j, k]
        if not pivot > 0.0:
            return False
        gram[j, j] = np.sqrt(pivot)
        for i in range(j + 1, size):
            value = gram[i, j]
            for k in range(j):
                value -= gram[i, k] * gram[j, k]
            gram[i, j] = value / gram[j, j]
    for i in range(size):
        value = rhs[i]
        for k in range(i):
            value -= gram[i, k] * rhs[k]
        rhs[i] = value / gram[i, i]
    for i in range(size - 1, -1, -1):
        value = rhs[i]
        for k in range(i + 1, size):
            value -= gram[k, i] * rhs[k]
        rhs[i] = value / gram[i, i]
    return True


@njit(**KERNEL)
def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Σ_i a_i b_i in eight interleaved partial sums (fixed order)."""
    size = a.shape[0]
    blocked = size - size % 8
    s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
    for i in range(0, blocked, 8):
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        s4 += a[i + 4] * b[i + 4]
        s5 += a[i + 5] * b[i + 5]
        s6 += a[i + 6] * b[i + 6]
        s7 += a[i + 7] * b[i + 7]
    for i in range(blocked, size):
        s0 += a[i] * b[i]
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))


@njit(**KERNEL)
def _anderson_proposal(
    x: np.ndarray,
    residual: np.ndarray,
    dx: np.ndarray,
    dr: np.ndarray,
    gram: np.ndarray,
    count: int,
    damping: float,
    blocks: np.ndarray,
    x_new: np.ndarray,
) -> bool:
    """Type-II Anderson step from the last ``count`` differences.

    Solves γ = argmin ‖r − ΔR γ‖₂ (regularised normal equations) and sets
    x_new = x + β B r − (ΔX + β B ΔR) γ, computed as (x − ΔX γ) + β B (r − ΔR γ), with
    r = T(x) − x, β = damping and B the block-diagonal step matrix of
    :func:`_preconditioner`.

    x, residual : (s,); dx, dr : (memory, s) differences of iterates and residuals
    (rows 0..count−1 used, any order); gram : (memory, memory) with
    gram[i, j] = dr[i]·dr[j] on the used rows (not modified); blocks : (N_BLOCKS, s/2);
    x_new : (s,) overwritten.
    Returns False if the least-squares system fails or x_new is not finite.
    """
    system = gram[:count, :count].copy()
    gamma = np.empty(count)
    for i in range(count):
        gamma[i] = _dot(dr[i], residual)
    if not _cholesky_solve(system, gamma, count):
        return False
    vector = residual.copy()  # r − ΔR γ, and x_new = x − ΔX γ, then x_new += β B vector
    x_new[:] = x
    for i in range(count):
        weight = gamma[i]
        for k in range(x.shape[0]):
            vector[k] -= weight * dr[i, k]
            x_new[k] -= weight * dx[i, k]
    _mix(x_new, vector, damping, blocks, x_new)
    for k in range(x.shape[0]):
        if not np.isfinite(x_new[k]):
            return False
    return True


@njit(**KERNEL)
def _anderson_push(
    x: np.ndarray,
    residual: np.ndarray,
    x_new: np.ndarray,
    residual_new: np.ndarray,
    dx: np.ndarray,
    dr: np.ndarray,
    gram: np.ndarray,
    head: int,
    count: int,
) -> tuple[int, int]:
    """Store x_new − x and r_new − r in row ``head``, update gram, move x, r forward.

    Returns the next (head, count). Arrays as in :func:`_anderson_proposal`.
    """
    for k in range(x.shape[0]):
        dx[head, k] = x_new[k] - x[k]
        dr[head, k] = residual_new[k] - residual[k]
        x[k], residual[k] = x_new[k], residual_new[k]
    count = min(count + 1, dx.shape[0])
    for j in range(count):
        gram[head, j] = gram[j, head] = _dot(dr[head], dr[j])
    return (head + 1) % dx.shape[0], count


@njit(**KERNEL)
def _solve_anderson(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    damping: float,
    precondition: bool,
    memory: int,
    growth: float,
    tol: float,
    max_iter: int,
    patience: int,
    x_out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int, float, int]:
    """Anderson-accelerated (type II) fixed-point iteration in logs, safeguarded.

    Parameters
    ----------
    x0 : (2n,) starting point (log L̂, log Â).
    exog, migration, params : see :mod:`~paretoland.model.equilibrium.layout`.
    damping : float in (0, 1], mixing β of the Anderson step and of the fallback step
        x + β B (T(x) − x); precondition : bool, B from :func:`_preconditioner` (else
        B = I); memory : int ≥ 1; growth : float ≥ 0; tol : float > 0;
    max_iter : int ≥ 1 (map evaluations, the rejected ones included); patience,
    x_out, work : as in :func:`_solve_damped`.

    An accelerated point is rejected, the memory cleared and a damped step taken
    instead when the map fails there (non-finite or Ĝ ≤ 0) or its residual exceeds
    ``growth`` times the current one. A failure after a damped step ends the solve.

    Returns
    -------
    status, iterations, residual, city : as in :func:`_solve_damped`.
    """
    size = x0.shape[0]
    x, x_new, image = x0.copy(), np.empty(size), np.empty(size)
    r, r_new = np.empty(size), np.empty(size)
    dx, dr, gram = np.zeros((memory, size)), np.zeros((memory, size)), np.zeros((memory, memory))
    status, city = _equilibrium_map(x, exog, migration, params, image, work)
    if status != MAP_OK:
        x_out[:] = x
        return status, 1, np.inf, city
    r[:] = image - x
    blocks = np.empty((N_BLOCKS, exog.shape[1]))
    _preconditioner(exog, params, work, precondition, blocks)
    residual, evaluations, count, head = _max_abs_diff(image, x), 1, 0, 0
    mark, marked = residual, 1
    while _stop_status(residual, tol, evaluations, max_iter, evaluations - marked, patience) < 0:
        accelerated = count > 0 and _anderson_proposal(
            x, r, dx, dr, gram, count, damping, blocks, x_new
        )
        if accelerated:
            status, city = _equilibrium_map(x_new, exog, migration, params, image, work)
            evaluations += 1
            accelerated = status == MAP_OK and _max_abs_diff(image, x_new) <= growth * residual
            if not accelerated and evaluations >= max_iter:
                break
        if not accelerated:  # first step, failed least squares or rejected point
            count, head = 0, 0
            _mix(x, r, damping, blocks, x_new)
            status, city = _equilibrium_map(x_new, exog, migration, params, image, work)
            evaluations += 1
        if status != MAP_OK:
            x_out[:] = x_new
            return status, evaluations, np.inf, city
        for k in range(size):
            r_new[k] = image[k] - x_new[k]
        head, count = _anderson_push(x, r, x_new, r_new, dx, dr, gram, head, count)
        _preconditioner(exog, params, work, precondition, blocks)
        residual = _max_abs_diff(image, x)
        if residual < STALL_FACTOR * mark:
            mark, marked = residual, evaluations
    if residual >= tol:  # the map may have been evaluated elsewhere: refresh work at x
        _equilibrium_map(x, exog, migration, params, image, work)
    x_out[:] = x
    status = _stop_status(residual, tol, evaluations, max_iter, evaluations - marked, patience)
    return (status if status >= 0 else STATUS_MAX_ITER), evaluations, residual, -1


# ----------------------------------------------------------------------------- batches
# A lane solves its candidates BATCH_WIDTH at a time in lockstep: every slot holds one
# candidate's iteration state; each round evaluates the map at every slot's next point
# (the migration pass as two fixed-width matrix products shared by all slots) and then
# advances each slot exactly as :func:`_solve_anderson` (or :func:`_solve_damped`)
# would; a finished slot takes the lane's next candidate.


@njit(**KERNEL)
def _batch_migration_totals(
    migration: np.ndarray,
    migration_t: np.ndarray,
    labour_origin: np.ndarray,
    width: int,
    out: np.ndarray,
) -> None:
    """Row totals and baseline residents as the batched pass computes them at V̂ = 1.

    migration, migration_t : (n, n) m and its transpose (C-contiguous); labour_origin :
    (n,); width : the solver's slots per lane (a multiple of GEMM_BLOCK); out : (2, n),
    overwritten (as :func:`_migration_totals`). The batched map then sends zeros to
    zeros bit for bit.
    """
    n = migration.shape[0]
    ones = np.ones((1, n, GEMM_BLOCK))
    access, scaled, labour = np.empty_like(ones), np.empty_like(ones), np.empty_like(ones)
    phases = np.full(GEMM_BLOCK, PHASE_START)
    # scaled by 1.0 (exact), access is m·1, the row totals; then the pass as the map runs
    # it at V̂ = 1 gives the baseline residents
    _batch_pass(
        migration, migration_t, np.ones(n), labour_origin, phases, ones, access, scaled, labour
    )
    out[0, :] = access[0, :, 0]
    _batch_pass(migration, migration_t, out[0], labour_origin, phases, ones, access, scaled, labour)
    out[1, :] = labour[0, :, 0]


@njit(**KERNEL)
def _batch_pass(
    migration: np.ndarray,
    migration_t: np.ndarray,
    row_total: np.ndarray,
    labour_origin: np.ndarray,
    phases: np.ndarray,
    weights: np.ndarray,
    access: np.ndarray,
    scaled: np.ndarray,
    labour: np.ndarray,
) -> None:
    """:func:`_migration_pass` for every slot, GEMM_BLOCK slots per matrix product.

    weights, access, scaled, labour : (width / GEMM_BLOCK, n, GEMM_BLOCK), slot s in
    block s // GEMM_BLOCK, column s % GEMM_BLOCK. Sets access = m weights / row_total
    and labour = mᵀ (labour_origin / access) for every block with a busy slot
    (``phases``); blocks of idle slots are skipped. Every product has the same shape,
    so a slot's sums do not depend on the other slots.
    """
    n = migration.shape[0]
    for block in range(weights.shape[0]):
        busy = False
        for column in range(GEMM_BLOCK):
            busy |= phases[block * GEMM_BLOCK + column] != PHASE_IDLE
        if not busy:
            continue
        np.dot(migration, weights[block], access[block])
        for o in range(n):
            for column in range(GEMM_BLOCK):
                access[block, o, column] = access[block, o, column] / row_total[o]
                scaled[block, o, column] = labour_origin[o] / access[block, o, column]
        np.dot(migration_t, scaled[block], labour[block])


@njit(**KERNEL)
def _batch_map(
    points: np.ndarray,
    candidates: np.ndarray,
    phases: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    images: np.ndarray,
    works: np.ndarray,
    weights: np.ndarray,
    access: np.ndarray,
    scaled: np.ndarray,
    labour: np.ndarray,
    map_status: np.ndarray,
    map_city: np.ndarray,
) -> None:
    """Return the map at every busy slot's point: :func:`_equilibrium_map` for a batch.

    points, images : (width, 2n); candidates, phases, map_status, map_city : (width,);
    exog : (k, N_EXOG, n), whose ROW_TOTAL and LABOUR_ORIGIN rows are the same for
    every candidate; works : (width, N_WORK, n); weights, access, scaled, labour :
    scratch for :func:`_batch_pass`. Idle slots are given V̂ = 1 and left alone.
    """
    width = points.shape[0]
    n = exog.shape[2]
    for s in range(width):
        block, column = s // GEMM_BLOCK, s % GEMM_BLOCK
        if phases[s] == PHASE_IDLE:
            for d in range(n):
                weights[block, d, column] = 1.0
            continue
        _map_before_migration(points[s], exog[candidates[s]], params, works[s])
        for d in range(n):
            weights[block, d, column] = works[s, WORK_ATTRACTION, d]
    _batch_pass(
        migration,
        migration_t,
        exog[0, EXOG_ROW_TOTAL],
        exog[0, EXOG_LABOUR_ORIGIN],
        phases,
        weights,
        access,
        scaled,
        labour,
    )
    for s in range(width):
        if phases[s] == PHASE_IDLE:
            continue
        block, column = s // GEMM_BLOCK, s % GEMM_BLOCK
        for d in range(n):
            works[s, WORK_ACCESS, d] = access[block, d, column]
            works[s, WORK_LABOUR, d] = labour[block, d, column]
        map_status[s], map_city[s] = _map_after_migration(
            points[s], exog[candidates[s]], params, images[s], works[s]
        )


@njit(nogil=True, **KERNEL)
def _solve_lane(
    lane: int,
    lanes: int,
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    damping: float,
    precondition: bool,
    accelerate: bool,
    memory: int,
    growth: float,
    tol: float,
    max_iter: int,
    patience: int,
    width: int,
    x_out: np.ndarray,
    work_out: np.ndarray,
    results: np.ndarray,
) -> None:
    """Solve candidates lane, lane + lanes, … (see :func:`_solve_batch`)."""
    k, size = x0.shape
    n = size // 2
    x, x_new, image = np.empty((width, size)), np.empty((width, size)), np.empty((width, size))
    r, r_new, point = np.empty((width, size)), np.empty(size), np.empty((width, size))
    dx, dr = np.zeros((width, memory, size)), np.zeros((width, memory, size))
    gram, blocks = np.zeros((width, memory, memory)), np.empty((width, N_BLOCKS, n))
    works = np.empty((width, N_WORK, n))
    blocks_shape = (width // GEMM_BLOCK, n, GEMM_BLOCK)
    weights, access = np.empty(blocks_shape), np.empty(blocks_shape)
    scaled, labour = np.empty(blocks_shape), np.empty(blocks_shape)
    candidates, phases = np.full(width, -1), np.full(width, PHASE_IDLE)
    evaluations, count, head = (
        np.zeros(width, np.int64),
        np.zeros(width, np.int64),
        np.zeros(width, np.int64),
    )
    marked, final = np.zeros(width, np.int64), np.zeros(width, np.int64)
    residual, mark = np.zeros(width), np.zeros(width)
    map_status, map_city = np.zeros(width, np.int64), np.zeros(width, np.int64)
    following = lane
    busy = 0
    for s in range(width):
        if following < k:
            candidates[s], phases[s] = following, PHASE_START
            x[s] = x0[following]
            following += lanes
            busy += 1
    while busy > 0:
        for s in range(width):
            if phases[s] == PHASE_START or phases[s] == PHASE_REFRESH:
                point[s] = x[s]
            elif phases[s] != PHASE_IDLE:
                point[s] = x_new[s]
        _batch_map(
            point,
            candidates,
            phases,
            exog,
            migration,
            migration_t,
            params,
            image,
            works,
            weights,
            access,
            scaled,
            labour,
            map_status,
            map_city,
        )
        for s in range(width):
            phase = phases[s]
            if phase == PHASE_IDLE:
                continue
            c = candidates[s]
            e = exog[c]
            status, city, stop, finished_at = -1, -1, False, x[s]
            if phase == PHASE_REFRESH:
                status, stop = final[s], True
            elif phase == PHASE_START:
                evaluations[s] = 1
                if map_status[s] != MAP_OK:
                    status, city, residual[s], stop = map_status[s], map_city[s], np.inf, True
                else:
                    for i in range(size):
                        r[s, i] = image[s, i] - x[s, i]
                    _preconditioner(e, params, works[s], precondition, blocks[s])
                    residual[s] = _max_abs_diff(image[s], x[s])
                    count[s], head[s], mark[s], marked[s] = 0, 0, residual[s], 1
            else:
                evaluations[s] += 1
                # r_new = T(x_new) − x_new and its max |·|, which is also the residual at
                # x_new once accepted (the single solvers' two _max_abs_diff calls)
                largest = 0.0
                for i in range(size):
                    r_new[i] = image[s, i] - x_new[s, i]
                    gap = abs(r_new[i])
                    if not gap <= largest:
                        largest = gap
                accepted = phase == PHASE_DAMPED and map_status[s] == MAP_OK
                if phase == PHASE_ACCELERATED:
                    accepted = map_status[s] == MAP_OK and largest <= growth * residual[s]
                    if not accepted and evaluations[s] >= max_iter:
                        final[s] = _stop_status(
                            residual[s],
                            tol,
                            evaluations[s],
                            max_iter,
                            evaluations[s] - marked[s],
                            patience,
                        )
                        if final[s] < 0:
                            final[s] = STATUS_MAX_ITER
                        phases[s] = PHASE_REFRESH
                        continue
                    if not accepted:  # rejected: a damped step instead
                        count[s], head[s] = 0, 0
                        _mix(x[s], r[s], damping, blocks[s], x_new[s])
                        phases[s] = PHASE_DAMPED
                        continue
                if not accepted:  # the damped point failed
                    status, city, residual[s], stop = map_status[s], map_city[s], np.inf, True
                    finished_at = x_new[s]
                else:
                    if accelerate:
                        head[s], count[s] = _anderson_push(
                            x[s], r[s], x_new[s], r_new, dx[s], dr[s], gram[s], head[s], count[s]
                        )
                    else:
                        x[s], r[s] = x_new[s], r_new
                    _preconditioner(e, params, works[s], precondition, blocks[s])
                    residual[s] = largest
                    if residual[s] < STALL_FACTOR * mark[s]:
                        mark[s], marked[s] = residual[s], evaluations[s]
            if not stop:
                status = _stop_status(
                    residual[s], tol, evaluations[s], max_iter, evaluations[s] - marked[s], patience
                )
                stop = status >= 0
            if not stop:
                if (
                    accelerate
                    and count[s] > 0
                    and _anderson_proposal(
                        x[s], r[s], dx[s], dr[s], gram[s], count[s], damping, blocks[s], x_new[s]
                    )
                ):
                    phases[s] = PHASE_ACCELERATED
                else:
                    count[s], head[s] = 0, 0
                    _mix(x[s], r[s], damping, blocks[s], x_new[s])
                    phases[s] = PHASE_DAMPED
                continue
            x_out[c] = finished_at
            work_out[c] = works[s]
            _report_hats(x_out[c], e, params, work_out[c])
            results[c, 0], results[c, 1] = status, evaluations[s]
            results[c, 2], results[c, 3] = residual[s], city
            if following < k:
                candidates[s], phases[s] = following, PHASE_START
                x[s] = x0[following]
                following += lanes
            else:
                candidates[s], phases[s] = -1, PHASE_IDLE
                busy -= 1


def _solve_batch(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    damping: float,
    precondition: bool,
    accelerate: bool,
    memory: int,
    growth: float,
    tol: float,
    max_iter: int,
    patience: int,
    width: int,
    lanes: int,
    x_out: np.ndarray,
    work_out: np.ndarray,
    results: np.ndarray,
) -> None:
    """Solve k candidates' equilibria, in parallel lanes of ``width`` slots each.

    Candidate i is solved exactly as :func:`_solve_anderson` (``accelerate``) or
    :func:`_solve_damped` would solve it alone, except that the migration pass runs as
    fixed-shape matrix products (BLAS, one thread per lane: limit BLAS threads to 1
    around the call), whose rounding differs from :func:`_migration_pass`; its totals
    must come from :func:`_batch_migration_totals`. Results do not depend on k, on
    ``lanes`` or on a candidate's neighbours. The lanes are Python threads running the
    compiled :func:`_solve_lane`, which releases the GIL (a numba ``prange`` would do
    the same but triples the first compilation).

    Parameters
    ----------
    x0 : (k, 2n) starting points (warm starts).
    exog : (k, N_EXOG, n) each candidate's exogenous rows.
    migration, migration_t : (n, n) the (cost-adjusted) shares and their transpose,
        shared by all candidates, C-contiguous.
    params, damping, precondition, memory, growth, tol, max_iter, patience : as in
        :func:`_solve_anderson` (``memory`` ≥ 1 also when not accelerating).
    accelerate : bool, Anderson (True) or damped (False) iteration.
    width : int, slots per lane, a multiple of GEMM_BLOCK; lanes : int ≥ 1, parallel lanes.
    x_out : (k, 2n) final iterates; work_out : (k, N_WORK, n) every row filled as by
        the map and :func:`_report_hats` at x_out.
    results : (k, 4) status, evaluations, residual, failing city (−1) per candidate.
    """
    arguments = (
        x0,
        exog,
        migration,
        migration_t,
        params,
        damping,
        precondition,
        accelerate,
        memory,
        growth,
        tol,
        max_iter,
        patience,
        width,
        x_out,
        work_out,
        results,
    )
    if lanes == 1:
        _solve_lane(0, 1, *arguments)
        return
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        list(pool.map(lambda lane: _solve_lane(lane, lanes, *arguments), range(lanes)))
