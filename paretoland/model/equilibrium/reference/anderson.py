"""Twins of :mod:`paretoland.model.equilibrium.kernels.anderson`: Anderson's step in numpy."""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.layout import (
    ANDERSON_REGULARISATION,
    HISTORY_DR,
    HISTORY_DX,
    ITERATE_IMAGE,
    ITERATE_PROPOSAL,
    ITERATE_RESIDUAL,
    ITERATE_X,
)
from paretoland.model.equilibrium.reference.steps import _mix

__all__: list[str] = []


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
    iterates: np.ndarray,
    history: np.ndarray,
    gram: np.ndarray,
    stored: int,
    damping: float,
    blocks: np.ndarray,
) -> bool:
    """Propose x + β B r − (ΔX + β B ΔR) γ from the history (see the kernel)."""
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    dx, dr = history[HISTORY_DX, :stored], history[HISTORY_DR, :stored]
    gamma = dr @ residual
    if not _cholesky_solve(gram[:stored, :stored].copy(), gamma, stored):
        return False
    proposal = iterates[ITERATE_PROPOSAL]
    proposal[:] = x - gamma @ dx
    _mix(proposal, residual - gamma @ dr, damping, blocks, proposal)
    return bool(np.all(np.isfinite(proposal)))


def _anderson_push(
    iterates: np.ndarray, history: np.ndarray, gram: np.ndarray, head: int, stored: int
) -> tuple[int, int]:
    """Move x to the evaluated proposal, storing the differences (see the kernel)."""
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    proposal = iterates[ITERATE_PROPOSAL]
    residual_new = iterates[ITERATE_IMAGE] - proposal
    dx, dr = history[HISTORY_DX], history[HISTORY_DR]
    dx[head], dr[head] = proposal - x, residual_new - residual
    x[:], residual[:] = proposal, residual_new
    stored = min(stored + 1, dx.shape[0])
    gram[head, :stored] = gram[:stored, head] = dr[:stored] @ dr[head]
    return (head + 1) % dx.shape[0], stored
