"""Numba kernels of the equilibrium's derivatives (the implicit function theorem). Private.

The linearised fixed point, with each city's log Â eliminated (it depends only on its own
city), is an n × n system in d log L̂ (see :mod:`~paretoland.model.equilibrium.sensitivity`):

    A z = c,    A = I − (I − P) diag(κe),    P = diag(q_out) Mᵀ diag(q_mid) M diag(q_in),

where M is the solver's (cost-adjusted) migration matrix, so that P, the response of
city d's new residents to the attraction of every city through the migration shares, is
applied in O(n²) by two matrix products, never formed. Both A and Aᵀ are applied to k
columns at once (``z`` of shape (n, k), C-contiguous) as BLAS matrix products, and
:func:`_solve_reduced` runs k right-preconditioned GMRES iterations in lockstep, one
batched product per step.

The kernels take only ndarrays and scalars and write into preallocated outputs. They call
no kernel of :mod:`~paretoland.model.equilibrium.kernels` (numba's cache checks only the
defining file's timestamp). Each has a plain-numpy twin with the same name and signature
in :mod:`paretoland.model.equilibrium.reference.sensitivity`.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.kernels.compiler import kernel

__all__: list[str] = []


@kernel
def _coupling(
    migration: np.ndarray,
    first: np.ndarray,
    middle: np.ndarray,
    last: np.ndarray,
    z: np.ndarray,
    scratch: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out = diag(last) Mᵀ diag(middle) M diag(first) z, by two matrix products.

    With (first, middle, last) = (q_in, q_mid, q_out) this is P z; with (q_out, q_mid,
    q_in) it is Pᵀ z. migration : (n, n) C-contiguous; first, middle, last : (n,);
    z, scratch, out : (n, k) C-contiguous, scratch and out overwritten (out ≠ z).
    """
    n, k = z.shape
    for i in range(n):
        for j in range(k):
            out[i, j] = first[i] * z[i, j]
    np.dot(migration, out, scratch)
    for i in range(n):
        for j in range(k):
            scratch[i, j] *= middle[i]
    np.dot(migration.T, scratch, out)
    for i in range(n):
        for j in range(k):
            out[i, j] *= last[i]


@kernel
def _coupling_diagonal(
    migration: np.ndarray,
    first: np.ndarray,
    middle: np.ndarray,
    last: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out_d = last_d first_d Σ_o M_od² middle_o.

    The diagonal of diag(last) Mᵀ diag(middle) M diag(first) (shapes as in
    :func:`_coupling`; out (n,)).
    """
    n = migration.shape[0]
    out[:] = 0.0
    for o in range(n):
        weight = middle[o]
        for d in range(n):
            out[d] += migration[o, d] * migration[o, d] * weight
    for d in range(n):
        out[d] *= last[d] * first[d]


@kernel
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
    """Out = A z, or Aᵀ z if ``transpose``, A = I − (I − P) diag(κe).

    A z = z − t + P t with t = κe ⊙ z; Aᵀ z = z − κe ⊙ (z − Pᵀ z). kappa_e : (n,);
    z, scratch, work, out : (n, k) C-contiguous (scratch, work and out overwritten;
    none of them is z).
    """
    n, k = z.shape
    if transpose:
        _coupling(migration, q_out, q_mid, q_in, z, scratch, work)
        for i in range(n):
            for j in range(k):
                out[i, j] = z[i, j] - kappa_e[i] * (z[i, j] - work[i, j])
        return
    for i in range(n):
        for j in range(k):
            out[i, j] = kappa_e[i] * z[i, j]
    _coupling(migration, q_in, q_mid, q_out, out, scratch, work)
    for i in range(n):
        for j in range(k):
            out[i, j] = z[i, j] - out[i, j] + work[i, j]


@kernel
def _givens(a: float, b: float) -> tuple[float, float]:
    """Cosine and sine of the rotation taking (a, b) to (r, 0)."""
    if b == 0.0:
        return 1.0, 0.0
    radius = np.hypot(a, b)
    return a / radius, b / radius


@kernel
def _arnoldi_step(
    basis: np.ndarray,
    hessenberg: np.ndarray,
    cosines: np.ndarray,
    sines: np.ndarray,
    residuals: np.ndarray,
    w: np.ndarray,
    i: int,
) -> float:
    """Step i of one column's GMRES; return the new residual norm |g_{i+1}|.

    Orthogonalise w = A D⁻¹ v_i against v_0..v_i (classical Gram–Schmidt, twice), store
    v_{i+1} and column i of the Hessenberg matrix, and rotate it to triangular form.

    basis : (m + 1, n); hessenberg : (m + 1, m); cosines, sines : (m,); residuals : (m + 1,)
    the rotated right-hand side g; w : (n,), overwritten.
    """
    n = w.shape[0]
    previous = basis[: i + 1]
    for row in range(i + 1):
        hessenberg[row, i] = 0.0
    for _ in range(2):  # classical Gram–Schmidt, twice (as stable as modified, by BLAS)
        h = np.dot(previous, w)
        w -= np.dot(h, previous)
        for row in range(i + 1):
            hessenberg[row, i] += h[row]
    norm = np.sqrt(np.dot(w, w))
    hessenberg[i + 1, i] = norm
    if norm > 0.0:
        for d in range(n):
            basis[i + 1, d] = w[d] / norm
    for row in range(i):
        upper, lower = hessenberg[row, i], hessenberg[row + 1, i]
        hessenberg[row, i] = cosines[row] * upper + sines[row] * lower
        hessenberg[row + 1, i] = -sines[row] * upper + cosines[row] * lower
    cosines[i], sines[i] = _givens(hessenberg[i, i], hessenberg[i + 1, i])
    hessenberg[i, i] = cosines[i] * hessenberg[i, i] + sines[i] * hessenberg[i + 1, i]
    hessenberg[i + 1, i] = 0.0
    residuals[i + 1] = -sines[i] * residuals[i]
    residuals[i] = cosines[i] * residuals[i]
    return abs(residuals[i + 1])


@kernel
def _gmres_solution(
    basis: np.ndarray,
    hessenberg: np.ndarray,
    residuals: np.ndarray,
    steps: int,
    diagonal: np.ndarray,
    out: np.ndarray,
) -> None:
    """Out = D⁻¹ V y with y solving the steps × steps triangular system H y = g.

    basis, hessenberg, residuals as in :func:`_arnoldi_step`; diagonal, out : (n,).
    """
    y = np.zeros(steps)
    for row in range(steps - 1, -1, -1):
        total = residuals[row]
        for col in range(row + 1, steps):
            total -= hessenberg[row, col] * y[col]
        y[row] = total / hessenberg[row, row]
    out[:] = 0.0
    for row in range(steps):
        for d in range(out.shape[0]):
            out[d] += y[row] * basis[row, d]
    for d in range(out.shape[0]):
        out[d] /= diagonal[d]


@kernel
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
    """Solve A z = rhs (Aᵀ z = rhs if ``transpose``) for every column, by GMRES.

    Right-preconditioned by D = diag(A) (so the residual it monitors is the true one),
    without restarts, the k columns in lockstep: each step applies A D⁻¹ to every
    unfinished column in one batched product (:func:`_apply_reduced`). Column j stops
    when ‖rhs_j − A z_j‖ ≤ tol ‖rhs_j‖ (a zero column gives z = 0 at once).

    Parameters
    ----------
    rhs, out : (n, k) C-contiguous; out overwritten with the solutions.
    migration, q_in, q_mid, q_out, kappa_e : the operator (see :func:`_apply_reduced`).
    diagonal : (n,) diag(A), also diag(Aᵀ).
    tol : relative residual; max_iter : most steps per column (≤ n is always enough in
        exact arithmetic).
    steps : (k,) int64, overwritten with each column's steps; −steps if it stopped at
        max_iter without reaching tol (its best iterate is in out).
    """
    n, k = rhs.shape
    m = max_iter
    basis, hessenberg = np.empty((k, m + 1, n)), np.empty((k, m + 1, m))  # filled by step
    cosines, sines, residuals = np.zeros((k, m)), np.zeros((k, m)), np.zeros((k, m + 1))
    active = np.zeros(k, np.bool_)
    norms = np.zeros(k)
    for j in range(k):
        for d in range(n):
            norms[j] += rhs[d, j] * rhs[d, j]
        norms[j] = np.sqrt(norms[j])
        steps[j] = 0
        active[j] = norms[j] > 0.0
        residuals[j, 0] = norms[j]
        for d in range(n):
            basis[j, 0, d] = rhs[d, j] / norms[j] if active[j] else 0.0
            out[d, j] = 0.0
    block, image = np.zeros((n, k)), np.empty((n, k))
    scratch, work, w = np.empty((n, k)), np.empty((n, k)), np.empty(n)
    for i in range(m):
        remaining = 0
        for j in range(k):
            for d in range(n):
                block[d, j] = basis[j, i, d] / diagonal[d] if active[j] else 0.0
            remaining += active[j]
        if remaining == 0:
            return
        _apply_reduced(
            transpose, migration, q_in, q_mid, q_out, kappa_e, block, scratch, work, image
        )
        for j in range(k):
            if not active[j]:
                continue
            for d in range(n):
                w[d] = image[d, j]
            residual = _arnoldi_step(
                basis[j], hessenberg[j], cosines[j], sines[j], residuals[j], w, i
            )
            steps[j] = i + 1
            if residual <= tol * norms[j] or i + 1 == m:  # (a breakdown gives 0)
                _gmres_solution(basis[j], hessenberg[j], residuals[j], i + 1, diagonal, w)
                for d in range(n):
                    out[d, j] = w[d]
                active[j] = False
                if residual > tol * norms[j]:
                    steps[j] = -(i + 1)
