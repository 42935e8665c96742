"""Twins of :mod:`paretoland.model.equilibrium.kernels.steps`: the damped step in numpy."""

from __future__ import annotations

import numpy as np

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


def _max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max_i |a_i − b_i| (NaN if any difference is NaN)."""
    return float(np.max(np.abs(a - b)))
