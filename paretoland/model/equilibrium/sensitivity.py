"""Exact derivatives of a converged equilibrium with respect to its shock (docs/model.md §3, §6).

The equilibrium is the fixed point x = T(x; θ) of the solver's map in x = (log L̂, log Â),
θ the shock (land hats, transfers, mobility-cost hats). By the implicit function theorem
(I − ∂T/∂x) dx = (∂T/∂θ) dθ. In the map, city d's log Â depends only on its own log L̂,
log Â and shock: d log Â = g_l d log L̂ + g_y d log R̂^Y + g_f d(F/G) with r = ρ s Ŷ/Ĝ
(s = s^Y + s^H), g_l = rα/(1−r), g_y = r(1−α)/(1−r), g_f = (ρ/Ĝ)/(1−r). Eliminating it
leaves log real income d log V̂ = e ⊙ dl + b, with dl = d log L̂, e = (α−1) − η(α−σ) +
(1−η) g_l and b = ((1−η)(1−α) + (1−η) g_y) dy + η(1−σ) dh + (1−η) g_f df, and the
migration pass gives dl = κ (I − P) d log V̂ (+ the mobility-cost term), where

    P = Πᵀ S,   S_od = m'_od / Σ_g m'_og (origin o's new shares),
                Π_od = m'_od L^o_o / Σ_o' m'_o'd L^o_o' (the share of d's new residents from o).

So dl solves the n × n system A dl = κ (I − P) b, A = I − κ (I − P) diag(e). P is a
product of two diagonally scaled copies of the migration matrix, applied in O(n²)
without being formed; A is well conditioned (its eigenvalues lie near [1, 1 + 2κ|e|]).
Two paths solve it: the matrix-free one (k right-hand sides by lockstep GMRES, with the
exact diagonal of A as preconditioner; any N, including the N = 3,000 county economies)
and the dense one (P formed by one matrix product, A LU-factored once and reused; for
many right-hand sides, e.g. the welfare of every origin). Forward mode (:meth:`jvp`)
pushes shock tangents to every hat; adjoint mode (:meth:`vjp`) pulls cotangents on the
hats back to the shock, one linear solve per scalar output whatever the number of
levers. The elasticities are those of the map the solver iterates, at its final iterate;
the tests compare both modes with central finite differences of the solver itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

import numpy as np
import scipy.linalg

from paretoland.exceptions import ConfigError, ConvergenceError, DataError
from paretoland.model.calibration import Calibration
from paretoland.model.equilibrium.batch import _one_blas_thread
from paretoland.model.equilibrium.inputs import BACKENDS, Shock
from paretoland.model.equilibrium.kernels import sensitivity as sensitivity_kernels
from paretoland.model.equilibrium.reference import sensitivity as sensitivity_reference
from paretoland.model.equilibrium.solver import _HAT_FIELDS, Equilibrium, _baseline

__all__ = [
    "HAT_NAMES",
    "SHOCK_INPUTS",
    "EquilibriumSensitivity",
    "SensitivityConfig",
]

HAT_NAMES: tuple[str, ...] = _HAT_FIELDS
"""The equilibrium's hats, as in :class:`~paretoland.model.equilibrium.Equilibrium`."""
SHOCK_INPUTS: tuple[str, ...] = (
    "land_productive_hat",
    "land_residential_hat",
    "transfers",
    "mobility_cost_hat",
)
"""The shock's inputs, as in :class:`~paretoland.model.equilibrium.Shock` (transfers in yuan)."""
METHODS: tuple[str, ...] = ("auto", "iterative", "dense")
_KERNELS: dict[str, ModuleType] = {"numba": sensitivity_kernels, "numpy": sensitivity_reference}
_MIN_STABILITY = 1e-8  # 1 − ρ s Ŷ/Ĝ below this: a city's own TFP loop has no derivative
_MIN_DIVISOR = 0.05  # |κe| from which the adjoint's source is recovered by a division


@dataclass(frozen=True)
class SensitivityConfig:
    """How the linearised equilibrium is solved.

    Parameters
    ----------
    method : {"auto", "iterative", "dense"}
        ``"iterative"``: matrix-free GMRES, O(n²) per step and right-hand side;
        ``"dense"``: P formed and A LU-factored once (O(n³), then O(n²) per right-hand
        side; memory a few n × n arrays); ``"auto"`` (default) takes the dense path for
        at least ``max(16, n / 32)`` right-hand sides at once when n ≤
        ``dense_max_cities``, else the iterative one.
    tol : float
        GMRES stops at ‖c − A z‖ ≤ tol ‖c‖ (default 1e-10, the solver's default
        tolerance: the equilibrium itself is no more accurate; A's condition number is
        about 2, so the derivatives are as accurate as the residual).
    max_iter : int
        Most GMRES steps per right-hand side (about 10 are typical; no restarts).
    backend : {"numba", "numpy"}
        The compiled kernels or their numpy twins.
    dense_max_cities : int
        Largest n for which ``"auto"`` may form the n × n matrix.
    """

    method: str = "auto"
    tol: float = 1e-10
    max_iter: int = 200
    backend: str = "numba"
    dense_max_cities: int = 4000

    def __post_init__(self) -> None:
        for name, value, options in (
            ("method", self.method, METHODS),
            ("backend", self.backend, BACKENDS),
        ):
            if value not in options:
                raise ConfigError(
                    f"The sensitivity option {name} must be one of {options} (got {value!r})."
                )
        if not 0.0 < self.tol < 1.0:
            raise ConfigError(f"The sensitivity option tol must lie in (0, 1) (got {self.tol!r}).")
        for name in ("max_iter", "dense_max_cities"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
                raise ConfigError(
                    f"The sensitivity option {name} must be a positive integer (got {value!r})."
                )


@dataclass(frozen=True, eq=False)
class _Elasticities:
    """Per-city elasticities of the map at the equilibrium, shape (n,) each.

    See the module docstring: d log Â = g_l dl + g_y dy + g_f df; d log V̂ = e dl + b with
    b = beta_y dy + beta_h dh + beta_f df; kappa_e = κ e; output_level = s Ŷ.
    """

    g_l: np.ndarray
    g_y: np.ndarray
    g_f: np.ndarray
    e: np.ndarray
    beta_y: np.ndarray
    beta_h: float
    beta_f: np.ndarray
    kappa_e: np.ndarray
    output_level: np.ndarray


class EquilibriumSensitivity:
    """Derivatives of a converged equilibrium's hats with respect to its shock.

    Parameters
    ----------
    calibration : Calibration
        The baseline the equilibrium was solved on.
    shock : Shock
        The shock it was solved for.
    equilibrium : Equilibrium
        Its solution; must have converged.
    config : SensitivityConfig, optional
        Solver path and tolerance.

    Notes
    -----
    Tangents and cotangents are in levels: a tangent of ``land_productive_hat`` is
    dR̂^Y (unit-free), of ``transfers`` dF (yuan), of ``mobility_cost_hat`` dĉ (n × n);
    hat tangents are dX̂ (Ĝ included). Arrays have shape (n,) for one direction or
    (k, n) for k at once ((n, n) or (k, n, n) for mobility-cost hats).

    Raises
    ------
    ConvergenceError
        If the equilibrium did not converge, or a city's own TFP loop is unstable
        (ρ s Ŷ/Ĝ ≥ 1, next to Ĝ = 0), where no derivative exists.
    """

    def __init__(
        self,
        calibration: Calibration,
        shock: Shock,
        equilibrium: Equilibrium,
        config: SensitivityConfig | None = None,
    ) -> None:
        self.config = SensitivityConfig() if config is None else config
        equilibrium.raise_for_status()
        shock.check_cities(calibration.n_cities)
        self.calibration, self.shock, self.equilibrium = calibration, shock, equilibrium
        self.n = calibration.n_cities
        self._kernels = _KERNELS[self.config.backend]
        baseline, totals = _baseline(calibration, equilibrium.iteration.backend)
        self._migration = equilibrium._migration
        access = equilibrium._access
        labour_origin = baseline.labour_origin
        residents = self._migration.T @ (labour_origin / access)  # Σ_o M_od L^o_o / access_o
        # P = diag(q_out) Mᵀ diag(q_mid) M diag(q_in); S = diag(s_scale) M diag(q_in)
        self._q_in = np.ascontiguousarray(equilibrium._attraction)
        self._q_mid = labour_origin / (access * access * totals[0])
        self._q_out = 1.0 / residents
        self._s_scale = 1.0 / (access * totals[0])
        self._origin_scale = labour_origin / access
        self._local = self._elasticities()
        diagonal = np.empty(self.n)
        self._kernels._coupling_diagonal(
            self._migration, self._q_in, self._q_mid, self._q_out, diagonal
        )
        self._diagonal = 1.0 - self._local.kappa_e * (1.0 - diagonal)

    def _elasticities(self) -> _Elasticities:
        p, eq, cal = self.calibration.params, self.equilibrium, self.calibration
        alpha, sigma, eta, rho = p.alpha, p.sigma, p.eta, p.rho
        output_level = (
            cal.revenue_share_productive + cal.revenue_share_residential
        ) * eq.output_hat
        r = rho * output_level / eq.revenue_hat
        stability = 1.0 - r
        if not (stability > _MIN_STABILITY).all():
            d = int(np.argmin(stability))
            raise ConvergenceError(
                f"no derivative at this equilibrium: city {d} ({cal.data.codes[d]}) has "
                f"ρ s Ŷ/Ĝ = {r[d]:.4g} ≥ 1 (land revenue Ĝ = {eq.revenue_hat[d]:.4g} is next "
                "to 0), so its TFP does not respond smoothly; lower its purchases."
            )
        g_l, g_y = r * alpha / stability, r * (1.0 - alpha) / stability
        g_f = (rho / eq.revenue_hat) / stability
        e = (alpha - 1.0) - eta * (alpha - sigma) + (1.0 - eta) * g_l
        return _Elasticities(
            g_l=g_l,
            g_y=g_y,
            g_f=g_f,
            e=e,
            beta_y=(1.0 - eta) * ((1.0 - alpha) + g_y),
            beta_h=eta * (1.0 - sigma),
            beta_f=(1.0 - eta) * g_f,
            kappa_e=p.kappa * e,
            output_level=output_level,
        )

    # ---------------------------------------------------------------- linear algebra
    def coupling(self, z: np.ndarray, *, transpose: bool = False) -> np.ndarray:
        """Return P z (Pᵀ z if ``transpose``) for rows z of shape (k, n).

        Two matrix products with the migration matrix.
        """
        block = np.ascontiguousarray(np.atleast_2d(z).T)
        out, scratch = np.empty_like(block), np.empty_like(block)
        first, last = (self._q_out, self._q_in) if transpose else (self._q_in, self._q_out)
        self._kernels._coupling(self._migration, first, self._q_mid, last, block, scratch, out)
        return out.T

    def solve(self, rhs: np.ndarray, *, transpose: bool = False) -> np.ndarray:
        """Return z with A z = rhs (Aᵀ z = rhs if ``transpose``) for rows of shape (k, n).

        A = I − κ (I − P) diag(e) is the linearised fixed point with log Â eliminated
        (module docstring). The path follows :class:`SensitivityConfig`; the dense
        factorisation is made once and reused.

        Raises
        ------
        ConvergenceError
            If GMRES does not reach ``tol`` within ``max_iter`` steps.
        """
        rhs = np.atleast_2d(np.asarray(rhs, dtype=np.float64))
        if self._uses_dense(rhs.shape[0]):
            solution = scipy.linalg.lu_solve(
                self._factor, rhs.T, trans=1 if transpose else 0, check_finite=False
            )
            return solution.T
        block = np.ascontiguousarray(rhs.T)
        out, steps = np.empty_like(block), np.empty(rhs.shape[0], np.int64)
        config = self.config
        self._kernels._solve_reduced(
            transpose,
            block,
            self._migration,
            self._q_in,
            self._q_mid,
            self._q_out,
            self._local.kappa_e,
            self._diagonal,
            float(config.tol),
            int(min(config.max_iter, self.n)),
            out,
            steps,
        )
        if (steps < 0).any():
            raise ConvergenceError(
                f"the linearised equilibrium did not reach tol {config.tol:g} in "
                f"{-int(steps.min())} GMRES steps for {int((steps < 0).sum())} right-hand "
                "side(s); raise max_iter, or use SensitivityConfig(method='dense')."
            )
        return out.T

    def _uses_dense(self, k: int) -> bool:
        method, n = self.config.method, self.n
        if method == "auto":
            return n <= self.config.dense_max_cities and k >= max(16, n // 32)
        return method == "dense"

    @cached_property
    def _factor(self) -> tuple[np.ndarray, np.ndarray]:
        """LU factors of A, formed by one matrix product (P = Πᵀ S)."""
        m = self._migration
        coupling = m.T @ (self._q_mid[:, None] * m)
        coupling *= self._q_out[:, None]
        coupling *= (self._q_in * self._local.kappa_e)[None, :]
        coupling[np.diag_indices(self.n)] += 1.0 - self._local.kappa_e
        return scipy.linalg.lu_factor(coupling, overwrite_a=True, check_finite=False)

    def _origin_shares(self, z: np.ndarray) -> np.ndarray:
        """S z for rows z (k, n): each origin's share-weighted mean over destinations."""
        return ((z * self._q_in) @ self._migration.T) * self._s_scale

    def _origin_shares_t(self, c: np.ndarray) -> np.ndarray:
        """Sᵀ c for rows c (k, n); rows with one non-zero entry (one origin) by a gather."""
        scaled = c * self._s_scale
        single = np.count_nonzero(scaled, axis=1) <= 1
        if not single.any():
            return (scaled @ self._migration) * self._q_in
        out = np.empty_like(scaled)
        rows = np.flatnonzero(single)
        origin = np.argmax(np.abs(scaled[rows]), axis=1)
        out[rows] = scaled[rows, origin][:, None] * self._migration[origin]
        if not single.all():
            out[~single] = scaled[~single] @ self._migration
        out *= self._q_in
        return out

    # ------------------------------------------------------------------ forward mode
    def jvp(self, tangents: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Push shock tangents forward to every hat: dX̂ = (∂X̂/∂θ) dθ.

        BLAS runs single-threaded meanwhile (as in the batched solver): its threads cost
        more than they give on these products, and a lot on a loaded machine.

        Parameters
        ----------
        tangents : mapping of str to ndarray
            Any of :data:`SHOCK_INPUTS` (levels; the rest are zero): shape (n,), or
            (k, n) for k directions at once ((n, n) or (k, n, n) for
            ``mobility_cost_hat``).

        Returns
        -------
        dict of str to ndarray
            dX̂ for every name of :data:`HAT_NAMES`, shape (n,) or (k, n).
        """
        with _one_blas_thread():
            return self._jvp(tangents)

    def _jvp(self, tangents: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        logs, mobility, single = self._shock_logs(tangents)
        dy, dh, df = logs
        local, p = self._local, self.calibration.params
        b = local.beta_y * dy + local.beta_h * dh + local.beta_f * df
        rhs = p.kappa * (b - self.coupling(b))
        welfare_term: np.ndarray | float = 0.0
        if mobility is not None:
            labour_term, welfare_term = self._mobility_tangent(mobility)
            rhs += labour_term
        dl = self.solve(rhs)
        da = local.g_l * dl + local.g_y * dy + local.g_f * df
        dv = local.e * dl + b
        d_output = da + p.alpha * dl + (1.0 - p.alpha) * dy
        d_housing = p.sigma * dl + (1.0 - p.sigma) * dh
        changes = {
            "labour_hat": dl,
            "tfp_hat": da,
            "output_hat": d_output,
            "wage_hat": d_output - dl,
            "housing_hat": d_housing,
            "house_price_hat": d_output - d_housing,
            "real_income_hat": dv,
            "welfare_hat": self._origin_shares(dv) + welfare_term,
        }
        eq = self.equilibrium
        out = {name: getattr(eq, name) * change for name, change in changes.items()}
        out["revenue_hat"] = local.output_level * d_output + df
        return {name: out[name][0] if single else out[name] for name in HAT_NAMES}

    def _shock_logs(
        self, tangents: Mapping[str, np.ndarray]
    ) -> tuple[tuple[np.ndarray, ...], np.ndarray | None, bool]:
        """Return the tangents in the map's units, as rows.

        (d log R̂^Y, d log R̂^H, dF/G) as (k, n) rows, μ = −κ d log ĉ (k, n, n) or
        None, and whether one direction was given as (n,).
        """
        _check_names(tangents, SHOCK_INPUTS, "tangent")
        rows = {
            name: _rows(name, value, self.n, matrix=name == "mobility_cost_hat")
            for name, value in tangents.items()
        }
        k, single = _common_rows(rows)
        shock, zero = self.shock, np.zeros((k, self.n))
        logs = tuple(
            rows[name][0] / scale if name in rows else zero
            for name, scale in (
                ("land_productive_hat", shock.land_productive_hat),
                ("land_residential_hat", shock.land_residential_hat),
                ("transfers", self.calibration.revenue),
            )
        )
        mobility = None
        if "mobility_cost_hat" in rows:
            mobility = -self.calibration.params.kappa * rows["mobility_cost_hat"][0] / self._cost
        return logs, mobility, single

    @cached_property
    def _cost(self) -> np.ndarray | float:
        cost = self.shock.mobility_cost_hat
        return 1.0 if cost is None else cost

    def _mobility_tangent(self, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the mobility-cost terms of dl and d log Ŵ for μ = d log M̃ (k, n, n).

        They are Σ_o Π_od μ_od − (Πᵀ c)_d and c/κ, with c_o = Σ_g S_og μ_og.
        """
        weighted = self._migration * mu
        c = (weighted @ self._q_in) * self._s_scale
        direct = np.einsum("o,kod->kd", self._origin_scale, weighted)
        labour = self._q_out * (direct - (c * self._origin_scale) @ self._migration)
        return labour, c / self.calibration.params.kappa

    # ------------------------------------------------------------------ adjoint mode
    def vjp(
        self, cotangents: Mapping[str, np.ndarray], *, mobility: bool = False
    ) -> dict[str, np.ndarray]:
        """Pull cotangents on the hats back to the shock: θ̄ = (∂X̂/∂θ)ᵀ X̄.

        One linear solve (with Aᵀ) per row, whatever the number of shock inputs. BLAS
        runs single-threaded meanwhile (see :meth:`jvp`).

        Parameters
        ----------
        cotangents : mapping of str to ndarray
            Any of :data:`HAT_NAMES`: ∂f/∂X̂ (levels), shape (n,), or (k, n) for k
            scalar outputs f at once.
        mobility : bool
            Also return the gradient with respect to the mobility-cost hats (an
            (n, n) array per row).

        Returns
        -------
        dict of str to ndarray
            ∂f/∂R̂^Y (``land_productive_hat``), ∂f/∂R̂^H, ∂f/∂F (``transfers``, per
            yuan) of shape (n,) or (k, n), and ``mobility_cost_hat`` (∂f/∂ĉ, (n, n) or
            (k, n, n)) if asked.
        """
        with _one_blas_thread():
            return self._vjp(cotangents, mobility)

    def _vjp(self, cotangents: Mapping[str, np.ndarray], mobility: bool) -> dict[str, np.ndarray]:
        _check_names(cotangents, HAT_NAMES, "cotangent")
        rows = {name: _rows(name, value, self.n) for name, value in cotangents.items()}
        k, single = _common_rows(rows)
        eq, local, p = self.equilibrium, self._local, self.calibration.params
        log: dict[str, Any] = {  # ∂f/∂log X̂ = X̂ ∂f/∂X̂ (0.0 for absent hats)
            name: getattr(eq, name) * rows[name][0] if name in rows else 0.0 for name in HAT_NAMES
        }
        revenue = rows["revenue_hat"][0] if "revenue_hat" in rows else 0.0
        c_output = log["output_hat"] + log["wage_hat"] + log["house_price_hat"]
        c_output = c_output + local.output_level * revenue
        c_v = log["real_income_hat"]
        if "welfare_hat" in rows:
            c_v = c_v + self._origin_shares_t(log["welfare_hat"])
        c_housing = log["housing_hat"] - log["house_price_hat"]
        c_tfp = log["tfp_hat"] + c_output
        c_l = log["labour_hat"] - log["wage_hat"] + p.sigma * c_housing + p.alpha * c_output
        c_l = c_l + local.e * c_v + local.g_l * c_tfp
        c_y = (1.0 - p.alpha) * c_output + local.g_y * c_tfp
        c_f = revenue + local.g_f * c_tfp
        c_l = np.broadcast_to(c_l, (k, self.n))
        adjoint = self.solve(c_l, transpose=True)
        c_b = c_v + self._adjoint_source(adjoint, c_l)
        out = {
            "land_productive_hat": (c_y + local.beta_y * c_b) / self.shock.land_productive_hat,
            "land_residential_hat": ((1.0 - p.sigma) * c_housing + local.beta_h * c_b)
            / self.shock.land_residential_hat,
            "transfers": (c_f + local.beta_f * c_b) / self.calibration.revenue,
        }
        out = {name: np.broadcast_to(value, (k, self.n)) for name, value in out.items()}
        if mobility:
            welfare = np.broadcast_to(log["welfare_hat"], (k, self.n))
            out["mobility_cost_hat"] = self._mobility_cotangent(adjoint, welfare)
        return {name: value[0] if single else value for name, value in out.items()}

    def _adjoint_source(self, adjoint: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        """Return κ (I − Pᵀ) λ for the adjoint λ, Aᵀ λ = rhs.

        Aᵀ = I − κ diag(e) (I − Pᵀ), so κ (I − Pᵀ) λ = (λ − rhs) / e without a product
        with P, when no |κe| is small (the residual of λ is divided by e); else by the
        two products.
        """
        kappa_e = self._local.kappa_e
        if np.abs(kappa_e).min() >= _MIN_DIVISOR:
            return (adjoint - rhs) / self._local.e
        return self.calibration.params.kappa * (adjoint - self.coupling(adjoint, transpose=True))

    def _mobility_cotangent(self, adjoint: np.ndarray, welfare: np.ndarray) -> np.ndarray:
        """Return ∂f/∂ĉ (k, n, n) from the adjoint λ of dl and the cotangent on log Ŵ.

        μ̄_od = Π_od λ_d − S_od ((Πλ)_o − W̄_o/κ), then ∂/∂ĉ = −κ μ̄ / ĉ.
        """
        kappa, m = self.calibration.params.kappa, self._migration
        origin = self._origin_scale * ((adjoint * self._q_out) @ m.T)  # (Πλ)_o
        by_origin = (origin - welfare / kappa) * self._s_scale
        mu_bar = m * (
            (self._origin_scale[:, None] * (adjoint * self._q_out)[:, None, :])
            - by_origin[:, :, None] * self._q_in
        )
        return -kappa * mu_bar / self._cost


def _check_names(given: Mapping[str, object], names: tuple[str, ...], what: str) -> None:
    unknown = [name for name in given if name not in names]
    if unknown:
        raise ConfigError(f"unknown {what} name(s) {unknown}; choose from {names}.")


def _rows(name: str, value: object, n: int, *, matrix: bool = False) -> tuple[np.ndarray, bool]:
    """Return an input as k rows (k, n) (or (k, n, n) if ``matrix``), and whether it was one."""
    array = np.asarray(value, dtype=np.float64)
    shape = (n, n) if matrix else (n,)
    if array.shape == shape:
        return array[None], True
    if array.ndim == len(shape) + 1 and array.shape[1:] == shape:
        return array, False
    raise DataError(
        f"{name} has shape {array.shape}; expected {shape} or (k, {', '.join(map(str, shape))})."
    )


def _common_rows(rows: Mapping[str, tuple[np.ndarray, bool]]) -> tuple[int, bool]:
    """Return the number of rows k shared by every input, and whether all were single."""
    if not rows:
        raise ConfigError("give at least one tangent or cotangent array.")
    counts = {name: array.shape[0] for name, (array, _) in rows.items()}
    if len(set(counts.values())) > 1:
        raise DataError(f"the arrays have different numbers of rows: {counts}.")
    return next(iter(counts.values())), all(single for _, single in rows.values())
