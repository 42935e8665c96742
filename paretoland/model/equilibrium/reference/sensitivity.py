"""Plain-numpy twins of :mod:`paretoland.model.equilibrium.kernels.sensitivity` (test oracle).

Same names, signatures and algorithms as the numba kernels, with whole-array numpy
operations; they back ``SensitivityConfig(backend="numpy")`` and the kernel tests.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _coupling(
    migration: np.ndarray,
    first: np.ndarray,
    middle: np.ndarray,
    last: np.ndarray,
    z: np.ndarray,
    scratch: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out = diag(last) Mᵀ diag(middle) M diag(first) z (see the kernel)."""
    scratch[:] = middle[:, None] * (migration @ (first[:, None] * z))
    out[:] = last[:, None] * (migration.T @ scratch)


def _coupling_diagonal(
    migration: np.ndarray,
    first: np.ndarray,
    middle: np.ndarray,
    last: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out_d = last_d first_d Σ_o M_od² middle_o (see the kernel)."""
    out[:] = last * first * ((migration * migration).T @ middle)


def _apply_reduced(
    transpose: bool,
    migration: np.ndarray,
    q_in: np.ndarray,
    q_mid: np.ndarray,
    q_out: np.ndarray,
    kappa_e: np.ndarray,
    z: np.ndarray,
    scratch: np.ndarray,
    work: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out = A z, or Aᵀ z if ``transpose`` (see the kernel)."""
    if transpose:
        _coupling(migration, q_out, q_mid, q_in, z, scratch, work)
        out[:] = z - kappa_e[:, None] * (z - work)
        return
    out[:] = kappa_e[:, None] * z
    _coupling(migration, q_in, q_mid, q_out, out, scratch, work)
    out[:] = z - out + work


def _givens(a: float, b: float) -> tuple[float, float]:
    """Cosine and sine of the rotation taking (a, b) to (r, 0)."""
    if b == 0.0:
        return 1.0, 0.0
    radius = float(np.hypot(a, b))
    return a / radius, b / radius


def _arnoldi_step(
    basis: np.ndarray,
    hessenberg: np.ndarray,
    cosines: np.ndarray,
    sines: np.ndarray,
    residuals: np.ndarray,
    w: np.ndarray,
    i: int,
) -> float:
    """Step i of one column's GMRES (see the kernel)."""
    hessenberg[: i + 1, i] = 0.0
    for _ in range(2):
        h = basis[: i + 1] @ w
        w -= h @ basis[: i + 1]
        hessenberg[: i + 1, i] += h
    norm = float(np.sqrt(w @ w))
    hessenberg[i + 1, i] = norm
    if norm > 0.0:
        basis[i + 1] = w / norm
    for row in range(i):
        upper, lower = hessenberg[row, i], hessenberg[row + 1, i]
        hessenberg[row, i] = cosines[row] * upper + sines[row] * lower
        hessenberg[row + 1, i] = -sines[row] * upper + cosines[row] * lower
    cosines[i], sines[i] = _givens(hessenberg[i, i], hessenberg[i + 1, i])
    hessenberg[i, i] = cosines[i] * hessenberg[i, i] + sines[i] * hessenberg[i + 1, i]
    hessenberg[i + 1, i] = 0.0
    residuals[i + 1] = -sines[i] * residuals[i]
    residuals[i] = cosines[i] * residuals[i]
    return abs(float(residuals[i + 1]))


def _gmres_solution(
    basis: np.ndarray,
    hessenberg: np.ndarray,
    residuals: np.ndarray,
    steps: int,
    diagonal: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out = D⁻¹ V y, H y = g (see the kernel)."""
    y = np.zeros(steps)
    for row in range(steps - 1, -1, -1):
        y[row] = (residuals[row] - hessenberg[row, row + 1 : steps] @ y[row + 1 :]) / hessenberg[
            row, row
        ]
    out[:] = (y @ basis[:steps]) / diagonal


def _solve_reduced(
    transpose: bool,
    rhs: np.ndarray,
    migration: np.ndarray,
    q_in: np.ndarray,
    q_mid: np.ndarray,
    q_out: np.ndarray,
    kappa_e: np.ndarray,
    diagonal: np.ndarray,
    tol: float,
    max_iter: int,
    out: np.ndarray,
    steps: np.ndarray,
) -> None:
    """Solve A z = rhs (or Aᵀ z = rhs) for every column by GMRES in lockstep (see the kernel)."""
    n, k = rhs.shape
    m = max_iter
    basis, hessenberg = np.empty((k, m + 1, n)), np.empty((k, m + 1, m))  # filled by step
    cosines, sines, residuals = np.zeros((k, m)), np.zeros((k, m)), np.zeros((k, m + 1))
    norms = np.sqrt((rhs * rhs).sum(axis=0))
    active = norms > 0.0
    steps[:] = 0
    residuals[:, 0] = norms
    basis[active, 0] = (rhs[:, active] / norms[active]).T
    out[:] = 0.0
    scratch, work, image = np.empty((n, k)), np.empty((n, k)), np.empty((n, k))
    for i in range(m):
        if not active.any():
            return
        block = np.zeros((n, k))
        block[:, active] = basis[active, i].T / diagonal[:, None]
        _apply_reduced(
            transpose, migration, q_in, q_mid, q_out, kappa_e, block, scratch, work, image
        )
        for j in np.flatnonzero(active):
            w = image[:, j].copy()
            residual = _arnoldi_step(
                basis[j], hessenberg[j], cosines[j], sines[j], residuals[j], w, i
            )
            steps[j] = i + 1
            if residual <= tol * norms[j] or i + 1 == m:  # (a breakdown gives 0)
                _gmres_solution(basis[j], hessenberg[j], residuals[j], i + 1, diagonal, w)
                out[:, j] = w
                active[j] = False
                if residual > tol * norms[j]:
                    steps[j] = -(i + 1)
