"""Many counterfactuals of one economy at once: :func:`solve_equilibria`.

The frontier and the sampler score thousands of quota rules on one calibrated
economy. :func:`solve_equilibria` packs k shocks into one call of the batched kernel
(:func:`~paretoland.model.equilibrium.kernels.batch._solve_batch`): parallel lanes
(threads running a GIL-free compiled kernel) each keep ``BATCH_WIDTH`` candidates in
flight and run the migration pass, the map's O(n²) step, for all of them as matrix
products of ``GEMM_BLOCK`` columns (BLAS, one thread per lane). Each candidate is
iterated exactly as :func:`~paretoland.model.equilibrium.solve_equilibrium` iterates it
alone (the same step, shared by both solvers; the same statuses); only the rounding of
the migration sums differs (below 1e-13 in the hats), and a candidate's result never
depends on the batch it was in. The no-trade shock still gives every hat exactly 1.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from functools import cached_property

import numba
import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.equilibrium import kernels, reference
from paretoland.model.equilibrium.inputs import IterationConfig, ShockBatch
from paretoland.model.equilibrium.layout import (
    BATCH_WIDTH,
    EXOG_LABOUR_BASE,
    EXOG_LOG_LAND_PRODUCTIVE,
    EXOG_LOG_LAND_RESIDENTIAL,
    EXOG_ROW_TOTAL,
    EXOG_TRANSFER,
    N_WORK,
    STATUS_CONVERGED,
    STATUS_NAMES,
    WORK_ACCESS,
)
from paretoland.model.equilibrium.solver import (
    _HAT_ROWS,
    Equilibrium,
    _assemble,
    _baseline,
    _economy_arrays,
    _message,
    _options,
    _starting_point,
)

__all__ = ["EquilibriumBatch", "solve_equilibria"]


@dataclass(frozen=True, eq=False, repr=False)
class EquilibriumBatch:
    """k solved counterfactuals of one economy. Hat arrays have shape (k, n_cities).

    Row i is what :func:`~paretoland.model.equilibrium.solve_equilibrium` returns for shock
    i (to rounding in the migration sums); ``batch[i]`` is that
    :class:`~paretoland.model.equilibrium.Equilibrium`, with its message naming the city on
    failure.

    Attributes
    ----------
    labour_hat, tfp_hat, output_hat, wage_hat, housing_hat, house_price_hat,
    real_income_hat, revenue_hat, welfare_hat : ndarray, shape (k, n_cities)
        L̂, Â, Ŷ, ŵ, Ĥ, P̂h, V̂, Ĝ by destination and Ŵ_o by origin.
    status_codes : ndarray of int, shape (k,)
        Solver status codes (``STATUS_NAMES``).
    iterations : ndarray of int, shape (k,)
        Map evaluations per candidate.
    max_residual : ndarray, shape (k,)
        ``max |T(x) − x|`` at each final iterate (inf after a map failure).
    failing_city : ndarray of int, shape (k,)
        City index of a map failure, −1 otherwise.
    warm_start : ndarray, shape (k, 2 n_cities)
        Final iterates (log L̂, log Â): warm starts for nearby candidates.
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
    status_codes: np.ndarray
    iterations: np.ndarray
    max_residual: np.ndarray
    failing_city: np.ndarray
    warm_start: np.ndarray
    calibration: Calibration
    iteration: IterationConfig
    _work: np.ndarray
    _exog: np.ndarray
    _migration: np.ndarray

    def __len__(self) -> int:
        return int(self.status_codes.shape[0])

    @cached_property
    def converged(self) -> np.ndarray:
        """Boolean mask (k,) of converged candidates."""
        return self.status_codes == STATUS_CONVERGED

    @cached_property
    def statuses(self) -> tuple[str, ...]:
        """Status name per candidate."""
        return tuple(STATUS_NAMES[int(code)] for code in self.status_codes)

    def message(self, i: int) -> str:
        """Return what happened to candidate ``i`` (names the city on failure)."""
        i = self._index(i)
        return _message(
            self.calibration,
            self.iteration,
            self._result(i),
            self.warm_start[i],
            self._work[i],
            self._exog[i],
        )

    def __getitem__(self, i: int) -> Equilibrium:
        """Candidate ``i`` as an :class:`~paretoland.model.equilibrium.Equilibrium`."""
        i = self._index(i)
        return _assemble(
            self.calibration,
            self.iteration,
            self._result(i),
            self.warm_start[i],
            self._work[i],
            self._migration,
            self._exog[i],
        )

    def _index(self, i: int) -> int:
        i = int(i)
        if not -len(self) <= i < len(self):
            raise IndexError(f"candidate {i} of a batch of {len(self)}.")
        return i

    def _result(self, i: int) -> tuple[int, int, float, int]:
        """Candidate i's (status, iterations, residual, city) as the kernel returned them."""
        return (
            self.status_codes[i],
            self.iterations[i],
            self.max_residual[i],
            self.failing_city[i],
        )

    def __repr__(self) -> str:
        counts = {name: self.statuses.count(name) for name in dict.fromkeys(self.statuses)}
        return f"EquilibriumBatch(k={len(self)}, {counts})"


def solve_equilibria(
    calibration: Calibration,
    shocks: ShockBatch,
    iteration: IterationConfig | None = None,
    *,
    warm_start: EquilibriumBatch | np.ndarray | None = None,
    lanes: int | None = None,
) -> EquilibriumBatch:
    """Solve k counterfactuals of one economy in one call (docs/model.md §3).

    Parameters
    ----------
    calibration : Calibration
        The baseline economy.
    shocks : ShockBatch
        k land-hat and transfer rows, one shared mobility-cost hat.
    iteration : IterationConfig, optional
        As for :func:`~paretoland.model.equilibrium.solve_equilibrium` (Anderson or damped,
        tolerance, caps, backend). With ``backend="numpy"`` every candidate is solved
        one by one by the numpy twins (the batch kernel's independent check).
    warm_start : EquilibriumBatch or ndarray of shape (k, 2 n_cities) or (2 n_cities,), optional
        Starting points: a previous batch of the same size, per-candidate iterates, or
        one iterate for all (e.g. a nearby rule's ``Equilibrium.warm_start``); the
        no-trade point by default.
    lanes : int, optional
        Parallel lanes (threads); default ``numba.get_num_threads()``, the cores unless
        ``NUMBA_NUM_THREADS`` says otherwise.

    Returns
    -------
    EquilibriumBatch
        Always returned; failed candidates carry their status (check ``converged``).

    Raises
    ------
    DataError
        If the shocks or warm starts do not match the calibration.
    ConfigError
        For a wrong ``iteration`` or ``lanes``.
    """
    iteration = IterationConfig() if iteration is None else iteration
    if not isinstance(iteration, IterationConfig):
        raise ConfigError(f"iteration must be an IterationConfig, got {type(iteration).__name__}.")
    if not isinstance(shocks, ShockBatch):
        raise ConfigError(f"shocks must be a ShockBatch, got {type(shocks).__name__}.")
    shocks.check_cities(calibration.n_cities)
    lanes = numba.get_num_threads() if lanes is None else lanes
    if not isinstance(lanes, (int, np.integer)) or isinstance(lanes, bool) or lanes < 1:
        raise ConfigError(f"lanes must be a positive integer (got {lanes!r}).")
    k, n = shocks.n_shocks, calibration.n_cities
    x0 = _starting_point(warm_start, n, rows=k)
    exog, migration, params = _batch_arrays(calibration, shocks, iteration.backend)
    x, work, results = np.empty((k, 2 * n)), np.empty((k, N_WORK, n)), np.empty((k, 4))
    arguments = (
        x0,
        exog,
        migration,
        np.ascontiguousarray(migration.T),
        params,
        _options(iteration),
        BATCH_WIDTH,
        int(min(lanes, k)),
        x,
        work,
        results,
    )
    if iteration.backend == "numba":
        with _one_blas_thread():
            kernels._solve_batch(*arguments)
    else:
        reference._solve_batch(*arguments)
    with np.errstate(all="ignore"):
        welfare_hat = work[:, WORK_ACCESS] ** (1.0 / calibration.params.kappa)
    return EquilibriumBatch(
        **{name: work[:, row] for name, row in _HAT_ROWS.items()},
        welfare_hat=welfare_hat,
        status_codes=results[:, 0].astype(np.int64),
        iterations=results[:, 1].astype(np.int64),
        max_residual=results[:, 2].copy(),
        failing_city=results[:, 3].astype(np.int64),
        warm_start=x,
        calibration=calibration,
        iteration=iteration,
        _work=work,
        _exog=exog,
        _migration=migration,
    )


def _batch_arrays(
    calibration: Calibration, shocks: ShockBatch, backend: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the kernels' exog (k, N_EXOG, n), the shared migration (n, n) and params."""
    single, migration, params = _economy_arrays(calibration, shocks.shock(0), backend)
    if backend == "numba":
        single[EXOG_ROW_TOTAL], single[EXOG_LABOUR_BASE] = _batch_totals(calibration)
    exog = np.repeat(single[None], shocks.n_shocks, axis=0)
    exog[:, EXOG_LOG_LAND_PRODUCTIVE] = np.log(shocks.land_productive_hat)
    exog[:, EXOG_LOG_LAND_RESIDENTIAL] = np.log(shocks.land_residential_hat)
    exog[:, EXOG_TRANSFER] = shocks.transfers / calibration.revenue
    return exog, np.ascontiguousarray(migration), params


def _batch_totals(calibration: Calibration) -> np.ndarray:
    """Row totals and baseline residents as the batched pass computes them (cached)."""
    baseline, _ = _baseline(calibration, "numba")
    if "batch" not in baseline.totals:
        totals = np.empty((2, calibration.n_cities))
        migration = np.array(baseline.migration)
        with _one_blas_thread():
            kernels._batch_migration_totals(
                migration,
                np.ascontiguousarray(migration.T),
                np.array(baseline.labour_origin),
                BATCH_WIDTH,
                totals,
            )
        totals.flags.writeable = False
        baseline.totals["batch"] = totals
    return baseline.totals["batch"]


_BLAS_STATE: dict = {"controller": None, "limit": None, "users": 0}
_BLAS_LOCK = threading.Lock()


class _one_blas_thread:
    """Context: BLAS runs single-threaded (each lane calls it on its own).

    The limit is process-wide, so it is reference-counted: set by the first of any
    overlapping users (threads solving batches at the same time), lifted by the last.
    One threadpoolctl controller per process, made on first use (after numba's BLAS,
    scipy's, is loaded).
    """

    def __enter__(self) -> None:
        with _BLAS_LOCK:
            if _BLAS_STATE["controller"] is None:
                importlib.import_module("scipy.linalg.cython_blas")  # numba's BLAS, first
                from threadpoolctl import ThreadpoolController

                _BLAS_STATE["controller"] = ThreadpoolController()
            if _BLAS_STATE["users"] == 0:
                _BLAS_STATE["limit"] = _BLAS_STATE["controller"].limit(limits=1, user_api="blas")
            _BLAS_STATE["users"] += 1

    def __exit__(self, *exc: object) -> None:
        with _BLAS_LOCK:
            _BLAS_STATE["users"] -= 1
            if _BLAS_STATE["users"] == 0:
                _BLAS_STATE["limit"].restore_original_limits()
                _BLAS_STATE["limit"] = None
