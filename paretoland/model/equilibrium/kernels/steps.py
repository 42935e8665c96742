"""The damped step's kernels: the step matrix B, the step, the residual norm. Private.

A damped step is x + β B (T(x) − x), B block-diagonal with one 2×2 block per city: the
block-Jacobi Newton step of :func:`_preconditioner`, or the identity. Twins:
:mod:`paretoland.model.equilibrium.reference.steps`.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.kernels.compiler import kernel
from paretoland.model.equilibrium.layout import (
    BLOCK_AA,
    BLOCK_AL,
    BLOCK_LA,
    BLOCK_LL,
    EXOG_OWN_SHARE,
    EXOG_SHARE_PRODUCTIVE,
    EXOG_SHARE_RESIDENTIAL,
    PARAM_ALPHA,
    PARAM_ETA,
    PARAM_KAPPA,
    PARAM_RHO,
    PARAM_SIGMA,
    PRECONDITION_MIN_DET,
    WORK_OUTPUT,
    WORK_REVENUE,
)

__all__: list[str] = []


@kernel
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


@kernel
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


@kernel
def _max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max_i |a_i − b_i| (NaN-propagating: NaN if any difference is NaN)."""
    top = 0.0
    for i in range(a.shape[0]):
        gap = abs(a[i] - b[i])
        if not gap <= top:
            top = gap
    return top
