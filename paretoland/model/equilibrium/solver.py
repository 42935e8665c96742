"""The counterfactual equilibrium: :func:`solve_equilibrium` -> :class:`Equilibrium`.

The public wrapper validates, packs the calibrated economy and the shock into the
kernel layout (:mod:`paretoland.model.equilibrium.layout`), allocates, calls the numba
kernels (or their numpy twins) and labels the result.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError, ConvergenceError, DataError
from paretoland.model.calibration import Calibration
from paretoland.model.equilibrium import kernels, reference
from paretoland.model.equilibrium.inputs import IterationConfig, Shock, check_held
from paretoland.model.equilibrium.layout import (
    EXOG_LABOUR_BASE,
    EXOG_LABOUR_ORIGIN,
    EXOG_LOG_LAND_PRODUCTIVE,
    EXOG_LOG_LAND_RESIDENTIAL,
    EXOG_OWN_SHARE,
    EXOG_ROW_TOTAL,
    EXOG_SHARE_PRODUCTIVE,
    EXOG_SHARE_RESIDENTIAL,
    EXOG_TRANSFER,
    N_EXOG,
    N_OPTIONS,
    N_WORK,
    OPTION_ACCELERATE,
    OPTION_DAMPING,
    OPTION_GROWTH,
    OPTION_MAX_ITER,
    OPTION_MEMORY,
    OPTION_PATIENCE,
    OPTION_PRECONDITION,
    OPTION_TOL,
    STATUS_CONVERGED,
    STATUS_INFEASIBLE,
    STATUS_MAX_ITER,
    STATUS_NAMES,
    STATUS_STALLED,
    WORK_ACCESS,
    WORK_ATTRACTION,
    WORK_HOUSE_PRICE,
    WORK_HOUSING,
    WORK_LABOUR,
    WORK_OUTPUT,
    WORK_REAL_INCOME,
    WORK_REVENUE,
    WORK_TFP,
    WORK_WAGE,
)

__all__ = ["Equilibrium", "solve_equilibrium"]

_BACKENDS: dict[str, ModuleType] = {"numba": kernels, "numpy": reference}
_ANDERSON_GROWTH = 10.0
"""An Anderson point whose residual exceeds this multiple of the current one is rejected."""
_HAT_ROWS = {
    "labour_hat": WORK_LABOUR,
    "tfp_hat": WORK_TFP,
    "output_hat": WORK_OUTPUT,
    "wage_hat": WORK_WAGE,
    "housing_hat": WORK_HOUSING,
    "house_price_hat": WORK_HOUSE_PRICE,
    "real_income_hat": WORK_REAL_INCOME,
    "revenue_hat": WORK_REVENUE,
}
"""The hats read from a row of ``work`` (Ŵ_o comes from the ACCESS row: see _assemble)."""
_HAT_FIELDS = (*_HAT_ROWS, "welfare_hat")


@dataclass(frozen=True, eq=False, repr=False)
class Equilibrium:
    """A solved counterfactual. Hats are x̂ = x'/x; arrays have shape (n_cities,).

    On ``status == "converged"`` the hats satisfy every equation of docs/model.md §3
    exactly (to rounding) except the fixed point itself, which holds to
    ``max_residual`` < tol in logs: ``labour_hat`` is the labour the new migration
    shares imply (so Σ_d L̂_d L_d = Σ_d L_d), ``tfp_hat`` is Ĝ^ρ, and the other hats
    are evaluated at the final iterate ``exp(warm_start)``.

    Otherwise the arrays describe the point where the solver stopped and are not an
    equilibrium: after ``"infeasible"``, ``revenue_hat`` is ≤ 0 and ``tfp_hat`` NaN
    in the cities named by ``message``; after ``"non_finite"`` some entries are not
    finite; after ``"max_iter"`` and ``"stalled"`` all are finite.

    Attributes
    ----------
    labour_hat, tfp_hat, output_hat, wage_hat : ndarray
        L̂, Â, Ŷ, ŵ.
    housing_hat, house_price_hat, real_income_hat, revenue_hat : ndarray
        Ĥ, P̂h, V̂, Ĝ.
    welfare_hat : ndarray
        Ŵ_o by origin: [Σ_g m_og (V̂_g/ĉ_og)^κ]^(1/κ).
    migration_new : ndarray, shape (n_cities, n_cities)
        m'_od (rows origin); row o sums to Σ_d m_od (1 within the dataset's tolerance).
        A cached property, computed on first access.
    labour, output, wage, welfare_origin : ndarray
        Levels: calibrated L (persons), Y (yuan/year), w (yuan/worker/year) and W_o
        times their hats.
    converged : bool
        ``status == "converged"``.
    iterations : int
        Evaluations of the fixed-point map.
    max_residual : float
        ``max |T(x) − x|`` over x = (log L̂, log Â) at the final iterate (inf after a
        map failure).
    status : {"converged", "max_iter", "stalled", "infeasible", "non_finite"}
        ``"stalled"``: no progress for ``iteration.patience`` evaluations, typically
        because no equilibrium exists (a buyer near Ĝ = 0).
    message : str
        What happened; names the city (index, code, name) on failure.
    warm_start : ndarray, shape (2 n_cities,)
        The final iterate (log L̂, log Â): pass it (or this object) as
        ``warm_start`` to start a nearby solve.
    city_codes : ndarray(str)
        City codes, in the calibration's order.
    iteration : IterationConfig
        The options used.
    """

    labour_hat: np.ndarray
    tfp_hat: np.ndarray
    output_hat: np.ndarray
    wage_hat: np.ndarray
    housing_hat: np.ndarray
    house_price_hat: np.ndarray
    real_income_hat: np.ndarray
    revenue_hat: np.ndarray
    welfare_hat: np.ndarray
    labour: np.ndarray
    output: np.ndarray
    wage: np.ndarray
    welfare_origin: np.ndarray
    converged: bool
    iterations: int
    max_residual: float
    status: str
    message: str
    warm_start: np.ndarray
    city_codes: np.ndarray
    iteration: IterationConfig
    _migration: np.ndarray = field(repr=False)
    _attraction: np.ndarray = field(repr=False)
    _access: np.ndarray = field(repr=False)

    @cached_property
    def migration_new(self) -> np.ndarray:
        """ndarray, shape (n_cities, n_cities): m'_od, computed on first access."""
        with np.errstate(all="ignore"):
            return self._migration * self._attraction[None, :] * (1.0 / self._access)[:, None]

    @property
    def n_cities(self) -> int:
        """Number of cities."""
        return int(self.labour_hat.shape[0])

    def raise_for_status(self) -> Equilibrium:
        """Return self if converged, else raise :class:`ConvergenceError` with the message."""
        if not self.converged:
            raise ConvergenceError(f"equilibrium {self.status}: {self.message}")
        return self

    def to_frame(self) -> pd.DataFrame:
        """Return one row per city (``city_code``) with every hat and level."""
        frame = pd.DataFrame({"city_code": self.city_codes})
        for name in _HAT_FIELDS + ("labour", "output", "wage", "welfare_origin"):
            frame[name] = getattr(self, name)
        return frame

    def __repr__(self) -> str:
        return (
            f"Equilibrium(status={self.status!r}, n_cities={self.n_cities}, "
            f"iterations={self.iterations}, max_residual={self.max_residual:.3g})"
        )


def solve_equilibrium(
    calibration: Calibration,
    shock: Shock,
    iteration: IterationConfig | None = None,
    *,
    warm_start: Equilibrium | np.ndarray | None = None,
    hold: Collection[str] = (),
) -> Equilibrium:
    """Solve the counterfactual equilibrium by exact hat algebra (docs/model.md §3).

    The paper's equilibrium (eqs. 1–17) in changes x̂ = x'/x, following Dekle, Eaton
    and Kortum (2007). The unknowns are L̂_d and Â_d. Given them,
    Ŷ = Â L̂^α (R̂^Y)^(1−α) (eq. 1), ŵ = Ŷ/L̂ (eq. 2), Ĥ = L̂^σ (R̂^H)^(1−σ) (eq. 12),
    P̂h = ŵL̂/Ĥ (eq. 13), V̂ = ŵ/P̂h^η (eq. 8); the migration shares
    m'_od = m_od (V̂_d/ĉ_od)^κ / Σ_g m_og (V̂_g/ĉ_og)^κ (eq. 9) give
    L̂_d = Σ_o m'_od L^o_o / L_d (eq. 10); land revenue Ĝ = s^Y Ŷ + s^H ŵL̂ + F/G
    (eq. 17) gives Â = Ĝ^ρ (eq. 16); Ŵ_o = [Σ_g m_og (V̂_g/ĉ_og)^κ]^(1/κ). The fixed
    point in x = (log L̂, log Â) is found by damped or Anderson-accelerated iteration
    (``iteration``), by default with a block-Jacobi Newton preconditioner; it stops
    when ``max |T(x) − x|`` < tol.

    With no trade (R̂ = 1, F = 0, ĉ = 1) every hat is exactly 1: the map sends x = 0
    to 0 bit for bit (Ĝ is computed as 1 + s^Y (Ŷ − 1) + s^H (ŵL̂ − 1) + F/G, and the
    migration sums are normalised by baseline totals computed with the same
    summation order), and the iteration starts at 0. Shares are normalised by the
    row totals Σ_d m_od, so L' adds up exactly to Σ L even where the data's rows sum
    to 1 only within 1e-6.

    Parameters
    ----------
    calibration : Calibration
        The baseline economy (:func:`paretoland.calibrate`).
    shock : Shock
        Land hats, transfers (yuan) and optional mobility-cost hats.
    iteration : IterationConfig, optional
        Method, tolerance, preconditioning and backend; by default preconditioned
        Anderson acceleration at tol 1e-10 with the numba kernels.
    warm_start : Equilibrium or ndarray of shape (2 n_cities,), optional
        A previous solution (or its ``warm_start`` array, logs of L̂ and Â) to start
        from; the no-trade point by default.
    hold : collection of {"labour", "tfp"}
        Blocks of the same map held at their no-trade value, to shut a channel
        (:mod:`paretoland.model.decomposition`). ``"labour"``: the migration response
        is switched off (κ = 0 inside the map), so V̂^κ ≡ 1, m' = m and L̂ ≡ 1 exactly;
        nobody moves, so origin welfare is what the stayers get,
        Ŵ_o = Σ_g m_og V̂_g / ĉ_og / Σ_g m_og. ``"tfp"``: the infrastructure response
        is switched off (ρ = 0 inside the map), so Â ≡ 1 exactly (Ĝ must still be
        positive). Default: none.

    Returns
    -------
    Equilibrium
        Always returned, also on failure: check ``converged`` or call
        ``raise_for_status()``. ``status`` is ``"infeasible"`` when the iteration
        reaches Ĝ_d ≤ 0 (a buyer paying more than its land revenue; the message names
        the city) and ``"stalled"`` when it stops making progress, which near that
        boundary usually means no equilibrium exists.

    Raises
    ------
    DataError
        If the shock or warm start does not match the calibration.
    ConfigError
        If ``iteration`` or ``calibration`` has the wrong type.
    """
    iteration = IterationConfig() if iteration is None else iteration
    if not isinstance(iteration, IterationConfig):
        raise ConfigError(f"iteration must be an IterationConfig, got {type(iteration).__name__}.")
    if not isinstance(calibration, Calibration):
        raise ConfigError(f"calibration must be a Calibration, got {type(calibration).__name__}.")
    if not isinstance(shock, Shock):
        raise ConfigError(f"shock must be a Shock, got {type(shock).__name__}.")
    n = calibration.n_cities
    shock.check_cities(n)
    held = check_held(hold)
    x0 = _starting_point(warm_start, n)
    backend = _BACKENDS[iteration.backend]
    exog, migration, params = _economy_arrays(calibration, shock, iteration.backend, held)
    x, work = np.empty(2 * n), np.empty((N_WORK, n))
    result = backend._solve(x0, exog, migration, params, _options(iteration), x, work)
    backend._report_hats(x, exog, params, work)
    welfare_hat = None
    if "labour" in held:  # nobody moves: each origin gets its stayers' mean real income
        stuck = (
            migration if shock.mobility_cost_hat is None else migration / shock.mobility_cost_hat
        )
        welfare_hat = stuck @ work[WORK_REAL_INCOME] / exog[EXOG_ROW_TOTAL]
    return _assemble(calibration, iteration, result, x, work, migration, exog, welfare_hat)


def _options(iteration: IterationConfig) -> np.ndarray:
    """Pack an IterationConfig into the kernels' ``options`` (N_OPTIONS,), see the layout."""
    options = np.empty(N_OPTIONS)
    options[OPTION_ACCELERATE] = iteration.method == "anderson"
    options[OPTION_DAMPING] = iteration.step
    options[OPTION_PRECONDITION] = bool(iteration.precondition)
    options[OPTION_MEMORY] = iteration.memory
    options[OPTION_GROWTH] = _ANDERSON_GROWTH
    options[OPTION_TOL] = iteration.tol
    options[OPTION_MAX_ITER] = iteration.max_iter
    options[OPTION_PATIENCE] = iteration.patience
    return options


@dataclass(frozen=True)
class _Baseline:
    """Arrays derived once from a calibration: read-only m, L^o, ω, codes, totals by backend."""

    migration: np.ndarray
    labour_origin: np.ndarray
    own_share: np.ndarray
    codes: np.ndarray
    totals: dict[str, np.ndarray]


_BASELINES: weakref.WeakKeyDictionary[Calibration, _Baseline] = weakref.WeakKeyDictionary()
"""Cache of :class:`_Baseline` by calibration (calibrations are treated as immutable)."""


def _baseline(calibration: Calibration, backend: str) -> tuple[_Baseline, np.ndarray]:
    """Return the cached baseline arrays of a calibration and the backend's totals."""
    baseline = _BASELINES.get(calibration)
    if baseline is None:
        migration = np.array(calibration.migration, dtype=np.float64, order="C")
        labour_origin = np.array(calibration.labour_origin, dtype=np.float64)
        flows = migration * labour_origin[:, None]
        own_share = (flows * migration).sum(axis=0) / flows.sum(axis=0)
        for array in (migration, labour_origin, own_share):
            array.flags.writeable = False
        baseline = _Baseline(migration, labour_origin, own_share, calibration.data.codes, {})
        _BASELINES[calibration] = baseline
    if backend not in baseline.totals:
        totals = np.empty((2, calibration.n_cities))
        _BACKENDS[backend]._migration_totals(baseline.migration, baseline.labour_origin, totals)
        totals.flags.writeable = False
        baseline.totals[backend] = totals
    return baseline, baseline.totals[backend]


def _economy_arrays(
    calibration: Calibration, shock: Shock, backend: str, hold: frozenset[str] = frozenset()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pack the calibration and shock into the kernels' ``exog``, ``migration``, ``params``.

    A held block (``hold``, see :func:`solve_equilibrium`) gets a zero response in
    ``params``: κ = 0 for ``"labour"`` (with the baseline m: m' = m), ρ = 0 for ``"tfp"``.
    """
    p = calibration.params
    baseline, totals = _baseline(calibration, backend)
    migration = baseline.migration
    if shock.mobility_cost_hat is not None and "labour" not in hold:  # ĉ = 1: m, as 1 ** −κ == 1
        migration = baseline.migration * shock.mobility_cost_hat ** (-p.kappa)
        migration.flags.writeable = False
    exog = np.empty((N_EXOG, calibration.n_cities))
    exog[EXOG_LOG_LAND_PRODUCTIVE] = np.log(shock.land_productive_hat)
    exog[EXOG_LOG_LAND_RESIDENTIAL] = np.log(shock.land_residential_hat)
    exog[EXOG_TRANSFER] = shock.transfers / calibration.revenue
    exog[EXOG_SHARE_PRODUCTIVE] = calibration.revenue_share_productive
    exog[EXOG_SHARE_RESIDENTIAL] = calibration.revenue_share_residential
    exog[EXOG_LABOUR_ORIGIN] = baseline.labour_origin
    exog[EXOG_ROW_TOTAL], exog[EXOG_LABOUR_BASE] = totals
    exog[EXOG_OWN_SHARE] = baseline.own_share
    kappa = 0.0 if "labour" in hold else p.kappa
    rho = 0.0 if "tfp" in hold else p.rho
    params = np.array([p.alpha, p.sigma, p.eta, kappa, rho], dtype=np.float64)
    return exog, migration, params


def _starting_point(warm_start: object, n: int, rows: int | None = None) -> np.ndarray:
    """Return the first iterate (log L̂, log Â), shape (2n,), or (rows, 2n) for a batch.

    Zeros (no trade), or the warm start (any object with a ``warm_start`` array, or the
    array itself; for a batch, one iterate of shape (2n,) is used for every row).
    """
    shape = (2 * n,) if rows is None else (rows, 2 * n)
    if warm_start is None:
        return np.zeros(shape)
    warm_start = getattr(warm_start, "warm_start", warm_start)
    try:
        x0 = np.array(warm_start, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"warm_start is not numeric: {exc}") from exc
    if rows is not None and x0.shape == (2 * n,):
        x0 = np.repeat(x0[None], rows, axis=0)
    if x0.shape != shape:
        accepted = f"{shape}" if rows is None else f"{shape} or ({2 * n},)"
        raise DataError(
            f"warm_start must have shape {accepted} (log L̂ then log Â for {n} cities), "
            f"got {x0.shape}: pass the warm_start of a solve of the same economy."
        )
    bad = np.argwhere(~np.isfinite(x0))
    if bad.size:
        where = ", ".join(
            f"{axis} {int(i)}" for axis, i in zip(("row", "entry")[-x0.ndim :], bad[0], strict=True)
        )
        raise DataError(
            f"warm_start has {len(bad)} non-finite value(s), first at {where} (city index "
            f"{int(bad[0][-1]) % n}); start from a converged solution or from None."
        )
    return x0


def _assemble(
    calibration: Calibration,
    iteration: IterationConfig,
    result: tuple[int, int, float, int],
    x: np.ndarray,
    work: np.ndarray,
    migration: np.ndarray,
    exog: np.ndarray,
    welfare_hat: np.ndarray | None = None,
) -> Equilibrium:
    """Label the kernel output as an :class:`Equilibrium` (hats are views of ``work``).

    Ŵ_o is ``welfare_hat`` if given, else Ŵ_o^κ from the ACCESS row to the power 1/κ.
    """
    code, iterations, residual = int(result[0]), int(result[1]), float(result[2])
    if welfare_hat is None:
        with np.errstate(all="ignore"):
            welfare_hat = work[WORK_ACCESS] ** (1.0 / calibration.params.kappa)
    hats = {name: work[row] for name, row in _HAT_ROWS.items()}
    hats["welfare_hat"] = welfare_hat
    message = _message(calibration, iteration, result, x, work, exog)
    return Equilibrium(
        **hats,
        labour=calibration.labour * hats["labour_hat"],
        output=calibration.output * hats["output_hat"],
        wage=calibration.wage * hats["wage_hat"],
        welfare_origin=calibration.welfare_origin * welfare_hat,
        converged=code == STATUS_CONVERGED,
        iterations=iterations,
        max_residual=residual,
        status=STATUS_NAMES[code],
        message=message,
        warm_start=x,
        city_codes=_BASELINES[calibration].codes,
        iteration=iteration,
        _migration=migration,
        _attraction=work[WORK_ATTRACTION],
        _access=work[WORK_ACCESS],
    )


def _city(calibration: Calibration, index: int) -> str:
    data = calibration.data
    return f"city {index} ({data.codes[index]} {data.names[index]})"


def _message(
    calibration: Calibration,
    iteration: IterationConfig,
    result: tuple[int, int, float, int],
    x: np.ndarray,
    work: np.ndarray,
    exog: np.ndarray,
) -> str:
    """Human-readable outcome of a solve; names the city on failure.

    result : the kernel's (status, iterations, residual, city); x : (2n,) the final
    iterate; work : (N_WORK, n) the hats there; exog : (N_EXOG, n).
    """
    code, iterations, residual, city = (
        int(result[0]),
        int(result[1]),
        float(result[2]),
        int(result[3]),
    )
    how = f"{iteration.method}, {iteration.backend}"
    if code == STATUS_CONVERGED:
        return (
            f"converged in {iterations} iteration(s) ({how}): max residual "
            f"{residual:.3g} < tol {iteration.tol:g}."
        )
    if code == STATUS_MAX_ITER:
        n = calibration.n_cities
        with np.errstate(all="ignore"):
            image = np.log(np.concatenate([work[WORK_LABOUR], work[WORK_TFP]]))
        worst = int(np.argmax(np.abs(image - x))) % n
        return (
            f"no convergence in {iterations} iteration(s) ({how}): max residual "
            f"{residual:.3g} ≥ tol {iteration.tol:g}, largest in {_city(calibration, worst)}."
            " Fix: raise max_iter, use method='anderson' or a smaller damping."
        )
    revenue = work[WORK_REVENUE]
    if code == STATUS_INFEASIBLE:
        bad = np.flatnonzero(revenue <= 0.0)
        listed = "; ".join(
            f"{_city(calibration, int(d))} with Ĝ = {revenue[d]:.4g} and F/G = "
            f"{exog[EXOG_TRANSFER, d]:.4g}"
            for d in bad[:5]
        )
        more = f"; and {bad.size - 5} more" if bad.size > 5 else ""
        return (
            f"no equilibrium: land revenue Ĝ ≤ 0 at iteration {iterations} ({how}) in "
            f"{bad.size} city(ies): {listed}{more}. A buyer cannot pay more than its land "
            "revenue (docs/model.md §3): lower its purchases or their price."
        )
    if code == STATUS_STALLED:
        lowest = int(np.argmin(revenue))
        return (
            f"stalled: no progress in the last {iteration.patience} of {iterations} "
            f"iteration(s) ({how}), max residual {residual:.3g} ≥ tol {iteration.tol:g}. "
            "The equilibrium probably does not exist; lowest land revenue in "
            f"{_city(calibration, lowest)}: Ĝ = {revenue[lowest]:.4g}, F/G = "
            f"{exog[EXOG_TRANSFER, lowest]:.4g}. Lower its purchases, or raise patience."
        )
    return (
        f"non-finite value at iteration {iterations} ({how}) in {_city(calibration, city)}"
        ": the shock (land hats, transfers, mobility-cost hats) is too extreme for the "
        "map to be evaluated. Check it, or try a smaller damping."
    )
