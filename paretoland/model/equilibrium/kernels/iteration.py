"""One iteration step, shared by every solver: :func:`_advance`. Private.

A candidate's solve alternates two steps: the map is evaluated at its proposal
(``iterates[ITERATE_PROPOSAL]``, into ``iterates[ITERATE_IMAGE]``), then
:func:`_advance` judges that evaluation by the candidate's phase, moves the iterate and
proposes the next point, until it reports a stop. The single solver :func:`_solve` runs
the two steps for one candidate; the batched lane
(:func:`~paretoland.model.equilibrium.kernels.batch._solve_lane`) evaluates the map for
many candidates at once and then advances each, so a candidate takes the same steps,
and stops with the same status after the same evaluations, in either.

The iteration (docs/model.md §3) is the damped fixed-point iteration x ← x + β B (T(x) − x)
in logs, or its type-II Anderson acceleration, safeguarded: an Anderson point is
rejected, the history cleared and a damped step taken instead when the map fails there
(non-finite, or Ĝ ≤ 0) or its residual exceeds ``growth`` times x's. A map failure at
the start or at a damped point ends the solve. It stops as converged when
max |T(x) − x| < tol, at max_iter evaluations, or as stalled after ``patience``
evaluations without the residual falling below STALL_FACTOR times its last mark. The
state and options layouts are in :mod:`~paretoland.model.equilibrium.layout`. Twins:
:mod:`paretoland.model.equilibrium.reference.iteration`.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.kernels.anderson import _anderson_proposal, _anderson_push
from paretoland.model.equilibrium.kernels.compiler import kernel
from paretoland.model.equilibrium.kernels.equations import _equilibrium_map
from paretoland.model.equilibrium.kernels.steps import _max_abs_diff, _mix, _preconditioner
from paretoland.model.equilibrium.layout import (
    COUNTER_CITY,
    COUNTER_EVALUATIONS,
    COUNTER_HEAD,
    COUNTER_MARKED,
    COUNTER_PHASE,
    COUNTER_STATUS,
    COUNTER_STORED,
    ITERATE_IMAGE,
    ITERATE_PROPOSAL,
    ITERATE_RESIDUAL,
    ITERATE_X,
    MAP_OK,
    N_BLOCKS,
    N_COUNTERS,
    N_ITERATES,
    N_NORMS,
    NORM_MARK,
    NORM_RESIDUAL,
    OPTION_ACCELERATE,
    OPTION_DAMPING,
    OPTION_GROWTH,
    OPTION_MAX_ITER,
    OPTION_MEMORY,
    OPTION_PATIENCE,
    OPTION_PRECONDITION,
    OPTION_TOL,
    PHASE_ACCELERATED,
    PHASE_DAMPED,
    PHASE_REFRESH,
    PHASE_START,
    STALL_FACTOR,
    STATUS_CONVERGED,
    STATUS_MAX_ITER,
    STATUS_STALLED,
)

__all__: list[str] = []

State = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""A candidate's iteration state: (iterates, history, gram, blocks, counters, norms)."""


@kernel
def _solve(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    x_out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int, float, int]:
    """Solve one equilibrium: the map at the proposal, then :func:`_advance`, until a stop.

    Parameters
    ----------
    x0 : (2n,) starting point (log L̂, log Â).
    exog, migration, params : see :mod:`~paretoland.model.equilibrium.layout`.
    options : (N_OPTIONS,) the iteration (``OPTION_*``): Anderson or damped, β,
        preconditioning, memory, growth, tol, max_iter, patience.
    x_out : (2n,) overwritten with the final point: the last iterate, or the point
        where the map failed.
    work : (N_WORK, n) the map's rows overwritten with the values at x_out.

    Returns
    -------
    status, iterations, residual, city : int, int, float, int
        ``STATUS_*`` code; map evaluations; max |T(x_out) − x_out| (inf after a map
        failure); city of a map failure or −1.
    """
    state = _slot(_iteration_state(1, x0.shape[0], int(options[OPTION_MEMORY])), 0)
    iterates = state[0]
    _start(x0, state)
    stopped = False
    while not stopped:
        map_status, map_city = _equilibrium_map(
            iterates[ITERATE_PROPOSAL], exog, migration, params, iterates[ITERATE_IMAGE], work
        )
        stopped = _advance(map_status, map_city, exog, params, options, work, state)
    x_out[:] = iterates[ITERATE_PROPOSAL]
    return _result(state)


@kernel
def _iteration_state(width: int, size: int, memory: int) -> State:
    """Allocate the states of ``width`` candidates with 2n = ``size`` unknowns.

    Returns (iterates, history, gram, blocks, counters, norms), each with a leading
    axis of ``width`` slots: iterates (width, N_ITERATES, size), history (width, 2,
    memory, size), gram (width, memory, memory), blocks (width, N_BLOCKS, size / 2),
    counters (width, N_COUNTERS) int64 and norms (width, N_NORMS); see the layout. The
    history and gram are zeroed, the rest is set by :func:`_start`.
    """
    return (
        np.empty((width, N_ITERATES, size)),
        np.zeros((width, 2, memory, size)),
        np.zeros((width, memory, memory)),
        np.empty((width, N_BLOCKS, size // 2)),
        np.empty((width, N_COUNTERS), np.int64),
        np.empty((width, N_NORMS)),
    )


@kernel
def _slot(states: State, s: int) -> State:
    """Return slot s's state (iterates, history, gram, blocks, counters, norms), as views."""
    iterates, history, gram, blocks, counters, norms = states
    return iterates[s], history[s], gram[s], blocks[s], counters[s], norms[s]


@kernel
def _start(x0: np.ndarray, state: State) -> None:
    """Set a candidate's state to start at x0 (2n,): the map is evaluated there first."""
    iterates, _, _, _, counters, norms = state
    iterates[ITERATE_X] = x0
    iterates[ITERATE_PROPOSAL] = x0
    counters[COUNTER_PHASE] = PHASE_START
    counters[COUNTER_EVALUATIONS] = counters[COUNTER_STORED] = counters[COUNTER_HEAD] = 0
    counters[COUNTER_MARKED] = 0
    counters[COUNTER_STATUS] = counters[COUNTER_CITY] = -1
    norms[NORM_RESIDUAL] = norms[NORM_MARK] = np.inf


@kernel
def _advance(
    map_status: int,
    map_city: int,
    exog: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    work: np.ndarray,
    state: State,
) -> bool:
    """Take in the map's evaluation at the proposal; propose the next point or stop.

    An Anderson point that fails or whose residual exceeds ``growth`` times x's is
    rejected (:func:`_reject`). Otherwise a failure stops the solve; an accepted point
    becomes x (its step stored in the history when accelerating), the step matrix and
    the progress mark are updated, and the solve stops (:func:`_stop_status`) or
    proposes the next point (:func:`_propose`).

    Parameters
    ----------
    map_status, map_city : int
        What the map returned at the proposal, whose image is in
        ``iterates[ITERATE_IMAGE]`` and whose rows are in ``work``.
    exog, params : see :mod:`~paretoland.model.equilibrium.layout`.
    options : (N_OPTIONS,) the iteration.
    work : (N_WORK, n) the map's rows at the proposal.
    state : the candidate's (iterates, history, gram, blocks, counters, norms), see the
        layout; blocks (N_BLOCKS, n) is the step matrix at x.

    Returns
    -------
    bool
        True once the solve has stopped: then the state holds its status, evaluations,
        residual and city (:func:`_result`), ``iterates[ITERATE_PROPOSAL]`` its final
        point, and ``work`` the map's rows there. False: the proposal holds the next
        point to evaluate.
    """
    iterates, history, gram, blocks, counters, norms = state
    phase = counters[COUNTER_PHASE]
    if phase == PHASE_REFRESH:  # the map again at x, the status set by _reject
        return True
    counters[COUNTER_EVALUATIONS] += 1
    largest = _max_abs_diff(iterates[ITERATE_IMAGE], iterates[ITERATE_PROPOSAL])
    if phase == PHASE_ACCELERATED and not (
        map_status == MAP_OK and largest <= options[OPTION_GROWTH] * norms[NORM_RESIDUAL]
    ):
        _reject(options, state)
        return False
    if map_status != MAP_OK:  # at the start or at a damped step: the solve fails here
        counters[COUNTER_STATUS], counters[COUNTER_CITY] = map_status, map_city
        norms[NORM_RESIDUAL] = np.inf
        return True
    if phase == PHASE_START or options[OPTION_ACCELERATE] == 0:
        _move(iterates)
    else:
        counters[COUNTER_HEAD], counters[COUNTER_STORED] = _anderson_push(
            iterates, history, gram, counters[COUNTER_HEAD], counters[COUNTER_STORED]
        )
    _preconditioner(exog, params, work, options[OPTION_PRECONDITION] != 0, blocks)
    norms[NORM_RESIDUAL] = largest
    if largest < STALL_FACTOR * norms[NORM_MARK]:
        norms[NORM_MARK], counters[COUNTER_MARKED] = largest, counters[COUNTER_EVALUATIONS]
    counters[COUNTER_STATUS] = _stop_status(options, state)
    if counters[COUNTER_STATUS] >= 0:
        return True
    _propose(options, state)
    return False


@kernel
def _move(iterates: np.ndarray) -> None:
    """Set x to the evaluated proposal and r to T(x) − x there (the IMAGE row minus it)."""
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    proposal, image = iterates[ITERATE_PROPOSAL], iterates[ITERATE_IMAGE]
    for k in range(x.shape[0]):
        x[k] = proposal[k]
        residual[k] = image[k] - proposal[k]


@kernel
def _reject(options: np.ndarray, state: State) -> None:
    """After a rejected Anderson point: a damped step from x instead.

    If that point used the last evaluation, the solve stops at x with STATUS_MAX_ITER
    (the residual at x was not below tol, or it would have stopped there), after the map
    is evaluated at x once more (PHASE_REFRESH, not counted) so that ``work`` describes
    the final point.
    """
    iterates, counters = state[0], state[4]
    if counters[COUNTER_EVALUATIONS] >= options[OPTION_MAX_ITER]:
        counters[COUNTER_STATUS], counters[COUNTER_PHASE] = STATUS_MAX_ITER, PHASE_REFRESH
        iterates[ITERATE_PROPOSAL] = iterates[ITERATE_X]
    else:
        _damped_step(options, state)


@kernel
def _propose(options: np.ndarray, state: State) -> None:
    """Propose the next point: Anderson's or a damped step.

    Anderson's step (:func:`_anderson_proposal`) when accelerating with a history and
    the step succeeds; else a damped step from x.
    """
    iterates, history, gram, blocks, counters, _ = state
    stored = counters[COUNTER_STORED]
    if (
        options[OPTION_ACCELERATE] != 0
        and stored > 0
        and _anderson_proposal(iterates, history, gram, stored, options[OPTION_DAMPING], blocks)
    ):
        counters[COUNTER_PHASE] = PHASE_ACCELERATED
    else:
        _damped_step(options, state)


@kernel
def _damped_step(options: np.ndarray, state: State) -> None:
    """Propose x + β B r and clear the Anderson history."""
    iterates, _, _, blocks, counters, _ = state
    counters[COUNTER_STORED] = counters[COUNTER_HEAD] = 0
    _mix(
        iterates[ITERATE_X],
        iterates[ITERATE_RESIDUAL],
        options[OPTION_DAMPING],
        blocks,
        iterates[ITERATE_PROPOSAL],
    )
    counters[COUNTER_PHASE] = PHASE_DAMPED


@kernel
def _stop_status(options: np.ndarray, state: State) -> int:
    """Return STATUS_CONVERGED, STATUS_MAX_ITER or STATUS_STALLED if the solve stops, else −1.

    Judged on the residual at x, the evaluations so far and the evaluations since the
    residual last made progress (the state's norms and counters), against tol,
    max_iter and patience (``options``; patience 0 never stalls).
    """
    counters, norms = state[4], state[5]
    evaluations, patience = counters[COUNTER_EVALUATIONS], options[OPTION_PATIENCE]
    if norms[NORM_RESIDUAL] < options[OPTION_TOL]:
        return STATUS_CONVERGED
    if evaluations >= options[OPTION_MAX_ITER]:
        return STATUS_MAX_ITER
    if patience > 0 and evaluations - counters[COUNTER_MARKED] >= patience:
        return STATUS_STALLED
    return -1


@kernel
def _result(state: State) -> tuple[int, int, float, int]:
    """Return a stopped solve's status, evaluations, residual and city (−1 if none)."""
    counters, norms = state[4], state[5]
    return (
        counters[COUNTER_STATUS],
        counters[COUNTER_EVALUATIONS],
        norms[NORM_RESIDUAL],
        counters[COUNTER_CITY],
    )
