"""Anderson acceleration's kernels: the least-squares step and its history. Private.

Type-II Anderson acceleration (Walker and Ni 2011) of the damped, block-preconditioned
fixed-point iteration: the history keeps the last ``memory`` differences of iterates
ΔX and of residuals ΔR (``history``, a ring buffer) and their Gram matrix; a step
solves the regularised normal equations by Cholesky and mixes with the step matrix B.
Twins: :mod:`paretoland.model.equilibrium.reference.anderson`.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.kernels.compiler import kernel
from paretoland.model.equilibrium.kernels.steps import _mix
from paretoland.model.equilibrium.layout import (
    ANDERSON_REGULARISATION,
    HISTORY_DR,
    HISTORY_DX,
    ITERATE_IMAGE,
    ITERATE_PROPOSAL,
    ITERATE_RESIDUAL,
    ITERATE_X,
)

__all__: list[str] = []


@kernel
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


@kernel
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


@kernel
def _anderson_proposal(
    iterates: np.ndarray,
    history: np.ndarray,
    gram: np.ndarray,
    stored: int,
    damping: float,
    blocks: np.ndarray,
) -> bool:
    """Propose the type-II Anderson step from the last ``stored`` differences.

    Solves γ = argmin ‖r − ΔR γ‖₂ (regularised normal equations) and sets the proposal
    x + β B r − (ΔX + β B ΔR) γ, computed as (x − ΔX γ) + β B (r − ΔR γ), with
    r = T(x) − x, β = damping and B the block-diagonal step matrix of
    :func:`~paretoland.model.equilibrium.kernels.steps._preconditioner`.

    iterates : (N_ITERATES, s), reads X and RESIDUAL, overwrites PROPOSAL; history :
    (2, memory, s) the differences ΔX and ΔR (rows 0..stored−1 used, any order); gram :
    (memory, memory) with gram[i, j] = ΔR_i·ΔR_j on the used rows (not modified);
    blocks : (N_BLOCKS, s/2). Returns False if the least-squares system fails or the
    proposal is not finite.
    """
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    x_new = iterates[ITERATE_PROPOSAL]
    dx, dr = history[HISTORY_DX], history[HISTORY_DR]
    system = gram[:stored, :stored].copy()
    gamma = np.empty(stored)
    for i in range(stored):
        gamma[i] = _dot(dr[i], residual)
    if not _cholesky_solve(system, gamma, stored):
        return False
    vector = residual.copy()  # r − ΔR γ, and x_new = x − ΔX γ, then x_new += β B vector
    x_new[:] = x
    for i in range(stored):
        weight = gamma[i]
        for k in range(x.shape[0]):
            vector[k] -= weight * dr[i, k]
            x_new[k] -= weight * dx[i, k]
    _mix(x_new, vector, damping, blocks, x_new)
    for k in range(x.shape[0]):
        if not np.isfinite(x_new[k]):
            return False
    return True


@kernel
def _anderson_push(
    iterates: np.ndarray, history: np.ndarray, gram: np.ndarray, head: int, stored: int
) -> tuple[int, int]:
    """Move x to the evaluated proposal, storing the differences in the history.

    With x_new the proposal and r_new = T(x_new) − x_new (the IMAGE row minus it),
    stores x_new − x and r_new − r in row ``head`` of the history, updates gram, and
    sets x, r = x_new, r_new. Arrays as in :func:`_anderson_proposal`. Returns the next
    (head, stored).
    """
    x, residual = iterates[ITERATE_X], iterates[ITERATE_RESIDUAL]
    x_new, image = iterates[ITERATE_PROPOSAL], iterates[ITERATE_IMAGE]
    dx, dr = history[HISTORY_DX], history[HISTORY_DR]
    for k in range(x.shape[0]):
        residual_new = image[k] - x_new[k]
        dx[head, k] = x_new[k] - x[k]
        dr[head, k] = residual_new - residual[k]
        x[k], residual[k] = x_new[k], residual_new
    stored = min(stored + 1, dx.shape[0])
    for j in range(stored):
        gram[head, j] = gram[j, head] = _dot(dr[head], dr[j])
    return (head + 1) % dx.shape[0], stored
