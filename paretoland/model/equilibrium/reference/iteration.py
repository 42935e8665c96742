"""Twins of :mod:`paretoland.model.equilibrium.kernels.iteration`: one iteration step."""

from __future__ import annotations

import numpy as np

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
from paretoland.model.equilibrium.reference.anderson import _anderson_proposal, _anderson_push
from paretoland.model.equilibrium.reference.equations import _equilibrium_map
from paretoland.model.equilibrium.reference.steps import _max_abs_diff, _mix, _preconditioner

__all__: list[str] = []

State = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""A candidate's iteration state: (iterates, history, gram, blocks, counters, norms)."""


def _solve(
    x0: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    x_out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int, float, int]:
    """Solve one equilibrium: the map at the proposal, then the step (see the kernel)."""
    state = _slot(_iteration_state(1, x0.shape[0], int(options[OPTION_MEMORY])), 0)
    iterates = state[0]
    _start(x0, state)
    stopped = False
    while not stopped:
        image = iterates[ITERATE_IMAGE]
        found = _equilibrium_map(iterates[ITERATE_PROPOSAL], exog, migration, params, image, work)
        stopped = _advance(*found, exog, params, options, work, state)
    x_out[:] = iterates[ITERATE_PROPOSAL]
    return _result(state)


def _iteration_state(width: int, size: int, memory: int) -> State:
    """Allocate the states of ``width`` candidates (see the kernel)."""
    return (
        np.empty((width, N_ITERATES, size)),
        np.zeros((width, 2, memory, size)),
        np.zeros((width, memory, memory)),
        np.empty((width, N_BLOCKS, size // 2)),
        np.empty((width, N_COUNTERS), np.int64),
        np.empty((width, N_NORMS)),
    )


def _slot(states: State, s: int) -> State:
    """Return slot s's state, as views."""
    iterates, history, gram, blocks, counters, norms = states
    return iterates[s], history[s], gram[s], blocks[s], counters[s], norms[s]


def _start(x0: np.ndarray, state: State) -> None:
    """Set a candidate's state to start at x0."""
    iterates, counters, norms = state[0], state[4], state[5]
    iterates[[ITERATE_X, ITERATE_PROPOSAL]] = x0
    counters[:] = 0
    counters[[COUNTER_STATUS, COUNTER_CITY]] = -1
    counters[COUNTER_PHASE] = PHASE_START
    norms[[NORM_RESIDUAL, NORM_MARK]] = np.inf


def _advance(
    map_status: int,
    map_city: int,
    exog: np.ndarray,
    params: np.ndarray,
    options: np.ndarray,
    work: np.ndarray,
    state: State,
) -> bool:
    """Take in the map's evaluation at the proposal; propose or stop (see the kernel)."""
    iterates, history, gram, blocks, counters, norms = state
    phase = int(counters[COUNTER_PHASE])
    if phase == PHASE_REFRESH:
        return True
    counters[COUNTER_EVALUATIONS] += 1
    gap = _max_abs_diff(iterates[ITERATE_IMAGE], iterates[ITERATE_PROPOSAL])
    feasible = map_status == MAP_OK
    if phase == PHASE_ACCELERATED and not (
        feasible and gap <= options[OPTION_GROWTH] * norms[NORM_RESIDUAL]
    ):
        _reject(options, state)
        return False
    if not feasible:
        counters[[COUNTER_STATUS, COUNTER_CITY]] = map_status, map_city
        norms[NORM_RESIDUAL] = np.inf
        return True
    if phase != PHASE_START and options[OPTION_ACCELERATE]:
        head, stored = counters[[COUNTER_HEAD, COUNTER_STORED]]
        counters[[COUNTER_HEAD, COUNTER_STORED]] = _anderson_push(
            iterates, history, gram, int(head), int(stored)
        )
    else:
        _move(iterates)
    _preconditioner(exog, params, work, bool(options[OPTION_PRECONDITION]), blocks)
    norms[NORM_RESIDUAL] = gap
    if gap < STALL_FACTOR * norms[NORM_MARK]:
        norms[NORM_MARK], counters[COUNTER_MARKED] = gap, counters[COUNTER_EVALUATIONS]
    counters[COUNTER_STATUS] = _stop_status(options, state)
    if counters[COUNTER_STATUS] < 0:
        _propose(options, state)
    return bool(counters[COUNTER_STATUS] >= 0)


def _move(iterates: np.ndarray) -> None:
    """Set x to the evaluated proposal and r to T(x) − x there."""
    proposal = iterates[ITERATE_PROPOSAL]
    iterates[ITERATE_RESIDUAL] = iterates[ITERATE_IMAGE] - proposal
    iterates[ITERATE_X] = proposal


def _reject(options: np.ndarray, state: State) -> None:
    """After a rejected Anderson point: a damped step, or the map once more at x."""
    iterates, counters = state[0], state[4]
    if counters[COUNTER_EVALUATIONS] < options[OPTION_MAX_ITER]:
        _damped_step(options, state)
        return
    counters[[COUNTER_STATUS, COUNTER_PHASE]] = STATUS_MAX_ITER, PHASE_REFRESH
    iterates[ITERATE_PROPOSAL] = iterates[ITERATE_X]


def _propose(options: np.ndarray, state: State) -> None:
    """Propose Anderson's step if possible, else a damped step (see the kernel)."""
    iterates, history, gram, blocks, counters, _ = state
    stored = int(counters[COUNTER_STORED])
    damping = float(options[OPTION_DAMPING])
    anderson = bool(options[OPTION_ACCELERATE]) and stored > 0
    if anderson and _anderson_proposal(iterates, history, gram, stored, damping, blocks):
        counters[COUNTER_PHASE] = PHASE_ACCELERATED
    else:
        _damped_step(options, state)


def _damped_step(options: np.ndarray, state: State) -> None:
    """Propose x + β B r and clear the Anderson history."""
    iterates, blocks, counters = state[0], state[3], state[4]
    counters[[COUNTER_STORED, COUNTER_HEAD]] = 0
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    _mix(x, residual, float(options[OPTION_DAMPING]), blocks, iterates[ITERATE_PROPOSAL])
    counters[COUNTER_PHASE] = PHASE_DAMPED


def _stop_status(options: np.ndarray, state: State) -> int:
    """STATUS_CONVERGED, STATUS_MAX_ITER or STATUS_STALLED if the solve stops, else −1."""
    counters, norms = state[4], state[5]
    evaluations = counters[COUNTER_EVALUATIONS]
    idle = evaluations - counters[COUNTER_MARKED]
    if norms[NORM_RESIDUAL] < options[OPTION_TOL]:
        return STATUS_CONVERGED
    if evaluations >= options[OPTION_MAX_ITER]:
        return STATUS_MAX_ITER
    if 0 < options[OPTION_PATIENCE] <= idle:
        return STATUS_STALLED
    return -1


def _result(state: State) -> tuple[int, int, float, int]:
    """Return a stopped solve's status, evaluations, residual and city."""
    counters, norms = state[4], state[5]
    status, evaluations, city = counters[[COUNTER_STATUS, COUNTER_EVALUATIONS, COUNTER_CITY]]
    return int(status), int(evaluations), float(norms[NORM_RESIDUAL]), int(city)
