"""Twins of :mod:`paretoland.model.equilibrium.kernels.batch`: candidates one by one."""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.layout import ITERATE_IMAGE, ITERATE_PROPOSAL, PHASE_IDLE
from paretoland.model.equilibrium.reference.equations import (
    _equilibrium_map,
    _report_hats,
)
from paretoland.model.equilibrium.reference.iteration import _solve

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
    """Solve k candidates' equilibria (see the kernel): each with the single solver."""
    arguments = (x0, exog, migration, migration_t, params, options, width, x_out, work_out, results)
    for lane in range(lanes):
        _solve_lane(lane, lanes, *arguments)


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
    """Solve candidates lane, lane + lanes, … one by one with the single solver."""
    for c in range(lane, x0.shape[0], lanes):
        results[c] = _solve(x0[c], exog[c], migration, params, options, x_out[c], work_out[c])
        _report_hats(x_out[c], exog[c], params, work_out[c])


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
    """Evaluate the map at every busy slot's proposal, one slot at a time."""
    for s in np.flatnonzero(phases != PHASE_IDLE):
        maps[s] = _equilibrium_map(
            iterates[s, ITERATE_PROPOSAL],
            exog[candidates[s]],
            migration,
            params,
            iterates[s, ITERATE_IMAGE],
            works[s],
        )
