"""The batched solver's kernels: many candidates of one economy in lockstep. Private.

:func:`_solve_batch` runs parallel lanes; a lane (:func:`_solve_lane`) solves its
candidates BATCH_WIDTH at a time: every slot holds one candidate's iteration state;
each round evaluates the map at every busy slot's proposal (:func:`_batch_map`: the
migration pass as fixed-width matrix products shared by all slots) and then advances
each slot with the single solver's step
(:func:`~paretoland.model.equilibrium.kernels.iteration._advance`); a finished slot
takes the lane's next candidate. Twins: :mod:`paretoland.model.equilibrium.reference.batch`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from paretoland.model.equilibrium.kernels.compiler import kernel
from paretoland.model.equilibrium.kernels.equations import (
    _map_after_migration,
    _map_before_migration,
    _report_hats,
)
from paretoland.model.equilibrium.kernels.iteration import (
    State,
    _advance,
    _iteration_state,
    _result,
    _slot,
    _start,
)
from paretoland.model.equilibrium.layout import (
    COUNTER_PHASE,
    EXOG_LABOUR_ORIGIN,
    EXOG_ROW_TOTAL,
    GEMM_ACCESS,
    GEMM_BLOCK,
    GEMM_LABOUR,
    GEMM_SCALED,
    GEMM_WEIGHTS,
    ITERATE_IMAGE,
    ITERATE_PROPOSAL,
    N_GEMM,
    N_WORK,
    OPTION_MEMORY,
    PHASE_IDLE,
    PHASE_START,
    WORK_ACCESS,
    WORK_ATTRACTION,
    WORK_LABOUR,
)

__all__: list[str] = []


def _solve_batch(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    width: int,
    lanes: int,
    x_out: np.ndarray,
    work_out: np.ndarray,
    results: np.ndarray,
) -> None:
    """Solve k candidates' equilibria, in parallel lanes of ``width`` slots each.

    Candidate i is solved exactly as
    :func:`~paretoland.model.equilibrium.kernels.iteration._solve` would solve it alone
    (the same steps, statuses and evaluations), except that the migration pass runs as
    fixed-shape matrix products (BLAS, one thread per lane: limit BLAS threads to 1
    around the call), whose rounding differs from the single solver's; its totals must
    come from :func:`_batch_migration_totals`. Results do not depend on k, on ``lanes``
    or on a candidate's neighbours. The lanes are Python threads running the compiled
    :func:`_solve_lane`, which releases the GIL (a numba ``prange`` would do the same
    but triples the first compilation).

    Parameters
    ----------
    x0 : (k, 2n) starting points (warm starts).
    exog : (k, N_EXOG, n) each candidate's exogenous rows.
    migration, migration_t : (n, n) the (cost-adjusted) shares and their transpose,
        shared by all candidates, C-contiguous.
    params, options : as for the single solver (``options``' memory ≥ 1 also when not
        accelerating).
    width : int, slots per lane, a multiple of GEMM_BLOCK; lanes : int ≥ 1, parallel lanes.
    x_out : (k, 2n) final points; work_out : (k, N_WORK, n) every row filled as by
        the map and :func:`_report_hats` at x_out.
    results : (k, 4) status, evaluations, residual, failing city (−1) per candidate.
    """
    arguments = (x0, exog, migration, migration_t, params, options, width, x_out, work_out, results)
    if lanes == 1:
        _solve_lane(0, 1, *arguments)
        return
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        lane_runs = [pool.submit(_solve_lane, lane, lanes, *arguments) for lane in range(lanes)]  # type: ignore[arg-type]
        for done in lane_runs:
            done.result()


@kernel(nogil=True)
def _solve_lane(
    lane: int,
    lanes: int,
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    width: int,
    x_out: np.ndarray,
    work_out: np.ndarray,
    results: np.ndarray,
) -> None:
    """Solve candidates lane, lane + lanes, … (see :func:`_solve_batch`)."""
    k, size = x0.shape
    n = size // 2
    states = _iteration_state(width, size, int(options[OPTION_MEMORY]))
    iterates, counters = states[0], states[4]
    works = np.empty((width, N_WORK, n))
    gemm = np.empty((N_GEMM, width // GEMM_BLOCK, n, GEMM_BLOCK))
    candidates, maps = np.empty(width, np.int64), np.empty((width, 2), np.int64)
    following = lane
    for s in range(width):
        following = _take(s, following, lanes, x0, candidates, states)
    while (candidates >= 0).any():
        _batch_map(
            iterates,
            candidates,
            counters[:, COUNTER_PHASE],
            exog,
            migration,
            migration_t,
            params,
            works,
            gemm,
            maps,
        )
        for s in range(width):
            c = candidates[s]
            if c < 0 or not _advance(
                maps[s, 0], maps[s, 1], exog[c], params, options, works[s], _slot(states, s)
            ):
                continue
            x_out[c] = iterates[s, ITERATE_PROPOSAL]
            work_out[c] = works[s]
            _report_hats(x_out[c], exog[c], params, work_out[c])
            status, evaluations, residual, city = _result(_slot(states, s))
            results[c, 0], results[c, 1] = status, evaluations
            results[c, 2], results[c, 3] = residual, city
            following = _take(s, following, lanes, x0, candidates, states)


@kernel
def _take(
    slot: int, candidate: int, lanes: int, x0: np.ndarray, candidates: np.ndarray, states: State
) -> int:
    """Start ``slot`` on ``candidate``, or make it idle if none is left (candidate ≥ k).

    Returns the lane's next candidate. candidates : (width,) the slots' candidates (−1:
    idle); states : the slots' states (see
    :func:`~paretoland.model.equilibrium.kernels.iteration._iteration_state`).
    """
    if candidate >= x0.shape[0]:
        candidates[slot], states[4][slot, COUNTER_PHASE] = -1, PHASE_IDLE
        return candidate
    candidates[slot] = candidate
    _start(x0[candidate], _slot(states, slot))
    return candidate + lanes


@kernel
def _batch_map(
    iterates: np.ndarray,
    candidates: np.ndarray,
    phases: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    migration_t: np.ndarray,
    params: np.ndarray,
    works: np.ndarray,
    gemm: np.ndarray,
    maps: np.ndarray,
) -> None:
    """Evaluate the map at every busy slot's proposal: :func:`_equilibrium_map` for a batch.

    iterates : (width, N_ITERATES, 2n), each busy slot's PROPOSAL row mapped into its
    IMAGE row; candidates, phases : (width,) the slots' candidates and phases (PHASE_IDLE:
    no candidate); exog : (k, N_EXOG, n), whose ROW_TOTAL and LABOUR_ORIGIN rows are the
    same for every candidate; works : (width, N_WORK, n); gemm : (N_GEMM, width /
    GEMM_BLOCK, n, GEMM_BLOCK) the operands of :func:`_batch_pass`; maps : (width, 2)
    overwritten with each busy slot's (status, city). Idle slots are given V̂ = 1 and
    left alone.
    """
    width = iterates.shape[0]
    n = exog.shape[2]
    weights = gemm[GEMM_WEIGHTS]
    for s in range(width):
        block, column = s // GEMM_BLOCK, s % GEMM_BLOCK
        if phases[s] == PHASE_IDLE:
            for d in range(n):
                weights[block, d, column] = 1.0
            continue
        _map_before_migration(iterates[s, ITERATE_PROPOSAL], exog[candidates[s]], params, works[s])
        for d in range(n):
            weights[block, d, column] = works[s, WORK_ATTRACTION, d]
    _batch_pass(
        migration,
        migration_t,
        exog[0, EXOG_ROW_TOTAL],
        exog[0, EXOG_LABOUR_ORIGIN],
        phases,
        weights,
        gemm[GEMM_ACCESS],
        gemm[GEMM_SCALED],
        gemm[GEMM_LABOUR],
    )
    for s in range(width):
        if phases[s] == PHASE_IDLE:
            continue
        block, column = s // GEMM_BLOCK, s % GEMM_BLOCK
        for d in range(n):
            works[s, WORK_ACCESS, d] = gemm[GEMM_ACCESS, block, d, column]
            works[s, WORK_LABOUR, d] = gemm[GEMM_LABOUR, block, d, column]
        maps[s, 0], maps[s, 1] = _map_after_migration(
            iterates[s, ITERATE_PROPOSAL],
            exog[candidates[s]],
            params,
            iterates[s, ITERATE_IMAGE],
            works[s],
        )


@kernel
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


@kernel
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
