"""Plain-numpy twins of :mod:`paretoland.model.equilibrium.kernels` (the test oracle).

Same names, signatures, argument layouts (:mod:`~paretoland.model.equilibrium.layout`) and
algorithms as the numba kernels, written with whole-array numpy operations. They
back ``IterationConfig(backend="numpy")`` and the kernel tests. Floating-point
warnings are silenced inside the map, whose return code reports non-finite values
and Ĝ ≤ 0 exactly as the kernel does.
"""

from __future__ import annotations

import numpy as np

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
    MAP_OK,
    N_BLOCKS,
    PARAM_ALPHA,
    PARAM_ETA,
    PARAM_KAPPA,
    PARAM_RHO,
    PARAM_SIGMA,
    PHASE_IDLE,
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
    WORK_TFP,
    WORK_WAGE,
)

__all__: list[str] = []


def _exp_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = exp(x) (``scratch`` unused)."""
    np.exp(x, out=out)


def _log_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = log(x) (``scratch`` unused; NaN for x < 0, −inf for 0, silently)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log(x, out=out)


def _migration_pass(
    migration: np.ndarray,
    weights: np.ndarray,
    row_scale: np.ndarray,
    labour_origin: np.ndarray,
    access: np.ndarray,
    labour: np.ndarray,
) -> None:
    """Access by origin and labour by destination (see the kernel), as whole-array sums.

    numpy's sums run in an order fixed by the shapes only, so a repeated call with
    equal inputs gives equal bits.
    """
    access[:] = (migration * weights[None, :]).sum(axis=1) / row_scale
    labour[:] = (migration * (labour_origin / access)[:, None]).sum(axis=0)


def _migration_totals(migration: np.ndarray, labour_origin: np.ndarray, out: np.ndarray) -> None:
    """Row totals Σ_d m_od (row 0) and baseline residents Σ_o m_od L^o_o (row 1)."""
    n = migration.shape[0]
    ones, scratch = np.ones(n), np.empty(n)
    _migration_pass(migration, ones, ones, labour_origin, out[0], scratch)
    _migration_pass(migration, ones, out[0].copy(), labour_origin, scratch, out[1])


def _log_hats(
    log_labour: np.ndarray,
    log_tfp: np.ndarray,
    log_land_productive: np.ndarray,
    log_land_residential: np.ndarray,
    alpha: float,
    sigma: float,
    eta: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return log Ŷ, ŵ, Ĥ, P̂h and V̂ given log L̂, log Â and log land hats."""
    log_output = log_tfp + alpha * log_labour + (1.0 - alpha) * log_land_productive
    log_wage = log_output - log_labour
    log_housing = sigma * log_labour + (1.0 - sigma) * log_land_residential
    log_house_price = log_wage + log_labour - log_housing
    return log_output, log_wage, log_housing, log_house_price, log_wage - eta * log_house_price


def _equilibrium_map(
    x: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int]:
    """One evaluation of the fixed-point map of docs/model.md §3, in logs (see the kernel)."""
    _map_before_migration(x, exog, params, work)
    with np.errstate(all="ignore"):
        _migration_pass(
            migration,
            work[WORK_ATTRACTION],
            exog[EXOG_ROW_TOTAL],
            exog[EXOG_LABOUR_ORIGIN],
            work[WORK_ACCESS],
            work[WORK_LABOUR],
        )
    return _map_after_migration(x, exog, params, out, work)


def _map_before_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray
) -> None:
    """Work's OUTPUT, ATTRACTION and REVENUE rows at x (see the kernel)."""
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        log_output, _, _, _, log_real_income = _log_hats(
            x[:n],
            x[n:],
            exog[EXOG_LOG_LAND_PRODUCTIVE],
            exog[EXOG_LOG_LAND_RESIDENTIAL],
            params[PARAM_ALPHA],
            params[PARAM_SIGMA],
            params[PARAM_ETA],
        )
        output = work[WORK_OUTPUT] = np.exp(log_output)
        work[WORK_ATTRACTION] = np.exp(params[PARAM_KAPPA] * log_real_income)
        work[WORK_REVENUE] = (
            1.0
            + exog[EXOG_SHARE_PRODUCTIVE] * (output - 1.0)
            + exog[EXOG_SHARE_RESIDENTIAL] * (output - 1.0)
            + exog[EXOG_TRANSFER]
        )


def _map_after_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, out: np.ndarray, work: np.ndarray
) -> tuple[int, int]:
    """Compute L̂' and T(x) once work's ACCESS and LABOUR rows hold the migration pass.

    See the kernel.
    """
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        work[WORK_LABOUR] = work[WORK_ATTRACTION] * work[WORK_LABOUR] / exog[EXOG_LABOUR_BASE]
        out[:n] = np.log(work[WORK_LABOUR])
        out[n:] = _rho_log(work[WORK_REVENUE], params[PARAM_RHO])
    revenue = work[WORK_REVENUE]
    infeasible = np.flatnonzero(np.isfinite(revenue) & ~(revenue > 0.0))
    if infeasible.size:
        return STATUS_INFEASIBLE, int(infeasible[0])
    local = np.flatnonzero(~(np.isfinite(revenue) & np.isfinite(work[WORK_ATTRACTION])))
    bad = local if local.size else np.flatnonzero(~np.isfinite(out)) % n
    if bad.size:
        return STATUS_NON_FINITE, int(bad[0])
    return MAP_OK, -1


def _rho_log(revenue: np.ndarray, rho: float) -> np.ndarray:
    """ρ log Ĝ where Ĝ > 0, NaN elsewhere (no warnings)."""
    positive = revenue > 0.0
    return np.where(positive, rho * np.log(np.where(positive, revenue, 1.0)), np.nan)


def _report_hats(x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray) -> None:
    """Fill the WAGE, HOUSING, HOUSE_PRICE, REAL_INCOME and TFP rows of work at x."""
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        _, log_wage, log_housing, log_house_price, log_real_income = _log_hats(
            x[:n],
            x[n:],
            exog[EXOG_LOG_LAND_PRODUCTIVE],
            exog[EXOG_LOG_LAND_RESIDENTIAL],
            params[PARAM_ALPHA],
            params[PARAM_SIGMA],
            params[PARAM_ETA],
        )
        work[WORK_WAGE], work[WORK_HOUSING] = np.exp(log_wage), np.exp(log_housing)
        work[WORK_HOUSE_PRICE] = np.exp(log_house_price)
        work[WORK_REAL_INCOME] = np.exp(log_real_income)
        work[WORK_TFP] = np.exp(_rho_log(work[WORK_REVENUE], params[PARAM_RHO]))


def _max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max_i |a_i − b_i| (NaN if any difference is NaN)."""
    return float(np.max(np.abs(a - b)))


def _stop_status(
    residual: float, tol: float, evaluations: int, max_iter: int, idle: int, patience: int
) -> int:
    """STATUS_CONVERGED, STATUS_MAX_ITER or STATUS_STALLED if the iteration stops, else −1."""
    if residual < tol:
        return STATUS_CONVERGED
    if evaluations >= max_iter:
        return STATUS_MAX_ITER
    if patience > 0 and idle >= patience:
        return STATUS_STALLED
    return -1


def _preconditioner(
    exog: np.ndarray, params: np.ndarray, work: np.ndarray, precondition: bool, blocks: np.ndarray
) -> None:
    """Per-city step matrices (I − J_d)⁻¹, or the identity (see the kernel)."""
    blocks[:] = np.array([1.0, 0.0, 0.0, 1.0])[:, None]
    if not precondition:
        return
    alpha, sigma, eta = params[PARAM_ALPHA], params[PARAM_SIGMA], params[PARAM_ETA]
    kappa, rho = params[PARAM_KAPPA], params[PARAM_RHO]
    migration = kappa * (1.0 - exog[EXOG_OWN_SHARE])
    with np.errstate(all="ignore"):
        revenue = (
            rho
            * (exog[EXOG_SHARE_PRODUCTIVE] + exog[EXOG_SHARE_RESIDENTIAL])
            * (work[WORK_OUTPUT] / work[WORK_REVENUE])
        )
        a_ll = 1.0 - migration * ((alpha - 1.0) - eta * (alpha - sigma))
        a_la, a_al = -migration * (1.0 - eta), -revenue * alpha
        a_aa = 1.0 - revenue
        det = a_ll * a_aa - a_la * a_al
        good = det >= PRECONDITION_MIN_DET
        inverse = np.array([a_aa, -a_la, -a_al, a_ll]) / np.where(good, det, 1.0)
    blocks[:, good] = inverse[:, good]


def _mix(
    x: np.ndarray, vector: np.ndarray, damping: float, blocks: np.ndarray, out: np.ndarray
) -> None:
    """Set out = x + damping · B vector, B the block-diagonal step matrix (out may be x)."""
    n = blocks.shape[1]
    labour, tfp = vector[:n].copy(), vector[n:].copy()
    out[:n] = x[:n] + damping * (blocks[BLOCK_LL] * labour + blocks[BLOCK_LA] * tfp)
    out[n:] = x[n:] + damping * (blocks[BLOCK_AL] * labour + blocks[BLOCK_AA] * tfp)


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
    """Damped fixed-point iteration x ← x + damping · B (T(x) − x) (see the kernel)."""
    x = x0.copy()
    image = np.empty_like(x)
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
        _preconditioner(exog, params, work, precondition, blocks)
        _mix(x, image - x, damping, blocks, x)
    x_out[:] = x
    return STATUS_MAX_ITER, max_iter, np.inf, -1


def _cholesky_solve(gram: np.ndarray, rhs: np.ndarray, size: int) -> bool:
    """Solve (gram + ε I) y = rhs on the leading size × size block; rhs ← y (see the kernel)."""
    block = gram[:size, :size]
    top = float(np.max(np.diag(block))) if size else 0.0
    if not 0.0 < top < np.inf:
        return False
    try:
        factor = np.linalg.cholesky(block + ANDERSON_REGULARISATION * top * np.eye(size))
    except np.linalg.LinAlgError:
        return False
    rhs[:size] = np.linalg.solve(factor.T, np.linalg.solve(factor, rhs[:size]))
    return True


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
    """Type-II Anderson step x + β B r − (ΔX + β B ΔR) γ (see the kernel)."""
    gamma = dr[:count] @ residual
    if not _cholesky_solve(gram[:count, :count].copy(), gamma, count):
        return False
    x_new[:] = x - gamma @ dx[:count]
    _mix(x_new, residual - gamma @ dr[:count], damping, blocks, x_new)
    return bool(np.all(np.isfinite(x_new)))


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
    """Store the new differences in row ``head``, update gram, move x, r forward."""
    dx[head], dr[head] = x_new - x, residual_new - residual
    x[:], residual[:] = x_new, residual_new
    count = min(count + 1, dx.shape[0])
    gram[head, :count] = gram[:count, head] = dr[:count] @ dr[head]
    return (head + 1) % dx.shape[0], count


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
    """Anderson-accelerated fixed-point iteration, safeguarded (see the kernel)."""
    size = x0.shape[0]
    x, x_new, image = x0.copy(), np.empty(size), np.empty(size)
    dx, dr, gram = np.zeros((memory, size)), np.zeros((memory, size)), np.zeros((memory, memory))
    blocks = np.empty((N_BLOCKS, exog.shape[1]))
    args = (exog, migration, params)
    status, city = _equilibrium_map(x, *args, image, work)
    if status != MAP_OK:
        x_out[:] = x
        return status, 1, np.inf, city
    r = image - x
    _preconditioner(exog, params, work, precondition, blocks)
    residual, evaluations, count, head = _max_abs_diff(image, x), 1, 0, 0
    mark, marked = residual, 1
    while _stop_status(residual, tol, evaluations, max_iter, evaluations - marked, patience) < 0:
        accelerated = count > 0 and _anderson_proposal(
            x, r, dx, dr, gram, count, damping, blocks, x_new
        )
        if accelerated:
            status, city = _equilibrium_map(x_new, *args, image, work)
            evaluations += 1
            accelerated = status == MAP_OK and _max_abs_diff(image, x_new) <= growth * residual
            if not accelerated and evaluations >= max_iter:
                break
        if not accelerated:  # first step, failed least squares or rejected point
            count, head = 0, 0
            _mix(x, r, damping, blocks, x_new)
            status, city = _equilibrium_map(x_new, *args, image, work)
            evaluations += 1
        if status != MAP_OK:
            x_out[:] = x_new
            return status, evaluations, np.inf, city
        head, count = _anderson_push(x, r, x_new, image - x_new, dx, dr, gram, head, count)
        _preconditioner(exog, params, work, precondition, blocks)
        residual = _max_abs_diff(image, x)
        if residual < STALL_FACTOR * mark:
            mark, marked = residual, evaluations
    if residual >= tol:  # the map may have been evaluated elsewhere: refresh work at x
        _equilibrium_map(x, *args, image, work)
    x_out[:] = x
    status = _stop_status(residual, tol, evaluations, max_iter, evaluations - marked, patience)
    return (status if status >= 0 else STATUS_MAX_ITER), evaluations, residual, -1


def _batch_migration_totals(
    migration: np.ndarray,
    migration_t: np.ndarray,
    labour_origin: np.ndarray,
    width: int,
    out: np.ndarray,
) -> None:
    """Row totals and baseline residents for the batched pass (see the kernel)."""
    out[0] = migration @ np.ones(migration.shape[1])
    out[1] = migration_t @ labour_origin


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
    """Return the map at every busy slot's point, one slot at a time (see the kernel)."""
    for s in np.flatnonzero(phases != PHASE_IDLE):
        map_status[s], map_city[s] = _equilibrium_map(
            points[s], exog[candidates[s]], migration, params, images[s], works[s]
        )


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
    """Solve candidates lane, lane + lanes, … one by one with the single solvers."""
    for c in range(lane, x0.shape[0], lanes):
        if accelerate:
            result = _solve_anderson(
                x0[c],
                exog[c],
                migration,
                params,
                damping,
                precondition,
                memory,
                growth,
                tol,
                max_iter,
                patience,
                x_out[c],
                work_out[c],
            )
        else:
            result = _solve_damped(
                x0[c],
                exog[c],
                migration,
                params,
                damping,
                precondition,
                tol,
                max_iter,
                patience,
                x_out[c],
                work_out[c],
            )
        _report_hats(x_out[c], exog[c], params, work_out[c])
        results[c] = result


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
    """Solve k candidates' equilibria (see the kernel): each with the single solver."""
    for lane in range(lanes):
        _solve_lane(
            lane,
            lanes,
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
