"""Twins of :mod:`paretoland.model.equilibrium.kernels.equations`: the map in numpy.

Floating-point warnings are silenced inside the map, whose return code reports
non-finite values and Ĝ ≤ 0 exactly as the kernel does.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium.layout import (
    EXOG_LABOUR_BASE,
    EXOG_LABOUR_ORIGIN,
    EXOG_LOG_LAND_PRODUCTIVE,
    EXOG_LOG_LAND_RESIDENTIAL,
    EXOG_ROW_TOTAL,
    EXOG_SHARE_PRODUCTIVE,
    EXOG_SHARE_RESIDENTIAL,
    EXOG_TRANSFER,
    MAP_OK,
    PARAM_ALPHA,
    PARAM_ETA,
    PARAM_KAPPA,
    PARAM_RHO,
    PARAM_SIGMA,
    STATUS_INFEASIBLE,
    STATUS_NON_FINITE,
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

__all__: list[str] = []


def _migration_pass(
    migration: np.ndarray,
    weights: np.ndarray,
    row_scale: np.ndarray,
    labour_origin: np.ndarray,
    access: np.ndarray,
    labour: np.ndarray,
) -> None:
    """Access by origin and labour by destination (see the kernel), as whole-array sums.

    numpy's sums run in an order fixed by the shapes only, so a repeated call with
    equal inputs gives equal bits.
    """
    access[:] = (migration * weights[None, :]).sum(axis=1) / row_scale
    labour[:] = (migration * (labour_origin / access)[:, None]).sum(axis=0)


def _migration_totals(migration: np.ndarray, labour_origin: np.ndarray, out: np.ndarray) -> None:
    """Row totals Σ_d m_od (row 0) and baseline residents Σ_o m_od L^o_o (row 1)."""
    n = migration.shape[0]
    ones, scratch = np.ones(n), np.empty(n)
    _migration_pass(migration, ones, ones, labour_origin, out[0], scratch)
    _migration_pass(migration, ones, out[0].copy(), labour_origin, scratch, out[1])


def _log_hats(
    log_labour: np.ndarray,
    log_tfp: np.ndarray,
    log_land_productive: np.ndarray,
    log_land_residential: np.ndarray,
    alpha: float,
    sigma: float,
    eta: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return log Ŷ, ŵ, Ĥ, P̂h and V̂ given log L̂, log Â and log land hats."""
    log_output = log_tfp + alpha * log_labour + (1.0 - alpha) * log_land_productive
    log_wage = log_output - log_labour
    log_housing = sigma * log_labour + (1.0 - sigma) * log_land_residential
    log_house_price = log_wage + log_labour - log_housing
    return log_output, log_wage, log_housing, log_house_price, log_wage - eta * log_house_price


def _equilibrium_map(
    x: np.ndarray,
    exog: np.ndarray,
    migration: np.ndarray,
    params: np.ndarray,
    out: np.ndarray,
    work: np.ndarray,
) -> tuple[int, int]:
    """One evaluation of the fixed-point map of docs/model.md §3, in logs (see the kernel)."""
    _map_before_migration(x, exog, params, work)
    with np.errstate(all="ignore"):
        _migration_pass(
            migration,
            work[WORK_ATTRACTION],
            exog[EXOG_ROW_TOTAL],
            exog[EXOG_LABOUR_ORIGIN],
            work[WORK_ACCESS],
            work[WORK_LABOUR],
        )
    return _map_after_migration(x, exog, params, out, work)


def _map_before_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray
) -> None:
    """Work's OUTPUT, ATTRACTION and REVENUE rows at x (see the kernel)."""
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        log_output, _, _, _, log_real_income = _log_hats(
            x[:n],
            x[n:],
            exog[EXOG_LOG_LAND_PRODUCTIVE],
            exog[EXOG_LOG_LAND_RESIDENTIAL],
            params[PARAM_ALPHA],
            params[PARAM_SIGMA],
            params[PARAM_ETA],
        )
        output = work[WORK_OUTPUT] = np.exp(log_output)
        work[WORK_ATTRACTION] = np.exp(params[PARAM_KAPPA] * log_real_income)
        work[WORK_REVENUE] = (
            1.0
            + exog[EXOG_SHARE_PRODUCTIVE] * (output - 1.0)
            + exog[EXOG_SHARE_RESIDENTIAL] * (output - 1.0)
            + exog[EXOG_TRANSFER]
        )


def _map_after_migration(
    x: np.ndarray, exog: np.ndarray, params: np.ndarray, out: np.ndarray, work: np.ndarray
) -> tuple[int, int]:
    """Evaluate L̂' and T(x) once work's ACCESS and LABOUR rows hold the pass (see the kernel)."""
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        work[WORK_LABOUR] = work[WORK_ATTRACTION] * work[WORK_LABOUR] / exog[EXOG_LABOUR_BASE]
        out[:n] = np.log(work[WORK_LABOUR])
        out[n:] = _rho_log(work[WORK_REVENUE], params[PARAM_RHO])
    revenue = work[WORK_REVENUE]
    infeasible = np.flatnonzero(np.isfinite(revenue) & ~(revenue > 0.0))
    if infeasible.size:
        return STATUS_INFEASIBLE, int(infeasible[0])
    local = np.flatnonzero(~(np.isfinite(revenue) & np.isfinite(work[WORK_ATTRACTION])))
    bad = local if local.size else np.flatnonzero(~np.isfinite(out)) % n
    if bad.size:
        return STATUS_NON_FINITE, int(bad[0])
    return MAP_OK, -1


def _rho_log(revenue: np.ndarray, rho: float) -> np.ndarray:
    """ρ log Ĝ where Ĝ > 0, NaN elsewhere (no warnings)."""
    positive = revenue > 0.0
    return np.where(positive, rho * np.log(np.where(positive, revenue, 1.0)), np.nan)


def _report_hats(x: np.ndarray, exog: np.ndarray, params: np.ndarray, work: np.ndarray) -> None:
    """Fill the WAGE, HOUSING, HOUSE_PRICE, REAL_INCOME and TFP rows of work at x."""
    n = exog.shape[1]
    with np.errstate(all="ignore"):
        _, log_wage, log_housing, log_house_price, log_real_income = _log_hats(
            x[:n],
            x[n:],
            exog[EXOG_LOG_LAND_PRODUCTIVE],
            exog[EXOG_LOG_LAND_RESIDENTIAL],
            params[PARAM_ALPHA],
            params[PARAM_SIGMA],
            params[PARAM_ETA],
        )
        work[WORK_WAGE], work[WORK_HOUSING] = np.exp(log_wage), np.exp(log_housing)
        work[WORK_HOUSE_PRICE] = np.exp(log_house_price)
        work[WORK_REAL_INCOME] = np.exp(log_real_income)
        work[WORK_TFP] = np.exp(_rho_log(work[WORK_REVENUE], params[PARAM_RHO]))
