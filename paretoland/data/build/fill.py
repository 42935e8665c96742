"""Shared machinery of the city build: estimates with provenance, gap filling, regression.

An *estimate* is a DataFrame indexed by ``city_code`` with columns ``value``,
``method`` and ``note``. ``method`` is empty (NaN) for a direct 2017 observation
of the official statistic and a short snake_case code otherwise; ``note`` says what
was done in one sentence. Flags are the non-empty ``method`` cells.

Nothing here is random; every function is deterministic given its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.exceptions import DataError

__all__ = [
    "TARGET_YEAR",
    "MAX_GAP_YEARS",
    "SPIKE_LOG_THRESHOLD",
    "observed",
    "constructed",
    "first_available",
    "observed_or_imputed",
    "year_panel",
    "fill_from_years",
    "OlsFit",
    "fit_ols",
    "winsorise",
    "significant",
]

TARGET_YEAR = 2017
MAX_GAP_YEARS = 8
"""A gap is filled only from years at most this far from 2017."""
SPIKE_LOG_THRESHOLD = 0.5
"""A 2017 value is a spike when it differs by more than exp(0.5) ≈ ×1.65, in the same
direction, from both the 2015–16 median and the 2018–19 median of the same city."""

ESTIMATE_COLUMNS = ("value", "method", "note")


# ----------------------------------------------------------------- estimates
def observed(values: pd.Series) -> pd.DataFrame:
    """Return an estimate of direct observations (no method); NaN values stay missing."""
    frame = pd.DataFrame({"value": values.astype(float)})
    frame["method"] = pd.Series(np.nan, index=values.index, dtype=object)
    frame["note"] = pd.Series(np.nan, index=values.index, dtype=object)
    return frame


def constructed(values: pd.Series, method: str, note: str | pd.Series) -> pd.DataFrame:
    """Return an estimate whose every non-missing value was built with ``method``."""
    frame = pd.DataFrame({"value": values.astype(float)})
    ok = frame["value"].notna()
    missing = np.array(None, dtype=object)
    frame["method"] = pd.Series(np.where(ok, method, missing), index=values.index, dtype=object)
    notes = note if isinstance(note, pd.Series) else pd.Series(note, index=values.index)
    frame["note"] = notes.reindex(values.index).astype(object).where(ok)
    return frame


def first_available(*estimates: pd.DataFrame) -> pd.DataFrame:
    """Combine estimates: for each city the first one (in order) with a value."""
    index = estimates[0].index
    for est in estimates[1:]:
        index = index.union(est.index, sort=False)
    out = estimates[0].reindex(index)
    for est in estimates[1:]:
        est = est.reindex(index)
        take = out["value"].isna() & est["value"].notna()
        out.loc[take, list(ESTIMATE_COLUMNS)] = est.loc[take, list(ESTIMATE_COLUMNS)]
    return out.sort_index(kind="stable")


def observed_or_imputed(
    values: pd.Series,
    winsorised: pd.Series,
    imputed: pd.Series,
    *,
    method: str,
    notes: tuple[str, str, str],
    index: pd.Index,
) -> pd.DataFrame:
    """Combine observed, winsorised and regression-imputed values into one estimate.

    Parameters
    ----------
    values : Series
        The observed values, already winsorised where ``winsorised`` is True.
    winsorised : Series of bool
        Which observed values were clipped (method ``<method>_winsorised``).
    imputed : Series
        Regression predictions for the cities without an observation (method
        ``regression_imputed``).
    method : str
        The method code of the plain observed values.
    notes : (str, str, str)
        The notes of the plain, winsorised and imputed values.
    index : Index
        The cities of the result, in order.
    """
    return first_available(
        constructed(values[~winsorised], method, notes[0]),
        constructed(values[winsorised], f"{method}_winsorised", notes[1]),
        constructed(imputed, "regression_imputed", notes[2]),
    ).reindex(index)


# ----------------------------------------------------------------- year panels
def year_panel(long: pd.DataFrame, column: str, key: str = "city_code") -> pd.DataFrame:
    """Pivot a long ``key × year`` table into a panel (rows: key, columns: int years).

    Raises :class:`DataError` when a key has two different values in one year.
    """
    data = long[[key, "year", column]].dropna()
    clash = data.groupby([key, "year"])[column].nunique()
    if (clash > 1).any():
        first = clash[clash > 1].index[0]
        raise DataError(f"two different {column} values for {first[0]} in {first[1]}.")
    panel = data.drop_duplicates([key, "year"]).pivot(index=key, columns="year", values=column)
    return panel.sort_index(kind="stable").sort_index(axis=1)


def _spikes(panel: pd.DataFrame, year: int) -> pd.Series:
    """Cities whose ``year`` value is a spike (see :data:`SPIKE_LOG_THRESHOLD`)."""
    logs = np.log(panel.where(panel > 0))
    before = logs.reindex(columns=[year - 2, year - 1]).median(axis=1)
    after = logs.reindex(columns=[year + 1, year + 2]).median(axis=1)
    current = logs.reindex(columns=[year])[year]
    up = (current - before > SPIKE_LOG_THRESHOLD) & (current - after > SPIKE_LOG_THRESHOLD)
    down = (before - current > SPIKE_LOG_THRESHOLD) & (after - current > SPIKE_LOG_THRESHOLD)
    return up | down


def _national_growth(panel: pd.DataFrame, base: int, year: int) -> tuple[float, int]:
    """Median ratio ``value[year] / value[base]`` over cities observed in both years."""
    both = panel.reindex(columns=[base, year]).dropna()
    if both.empty:
        return np.nan, 0
    return float(np.median(both[year] / both[base])), len(both)


def fill_from_years(panel: pd.DataFrame, label: str, year: int = TARGET_YEAR) -> pd.DataFrame:
    """Return the ``year`` value of each city, gaps and spikes filled from neighbouring years.

    1. The observed ``year`` value, unless it is a spike (then it is treated as missing).
    2. Observed on both sides within :data:`MAX_GAP_YEARS`: log-linear (geometric)
       interpolation between the nearest earlier and later years
       (``log_linear_interpolation``, or ``spike_replaced`` for a spike).
    3. Observed on one side only: the nearest year's value times the national median
       growth of the variable from that year to ``year`` over cities observed in both
       (``nearest_year_national_growth``).
    4. Otherwise missing.

    Parameters
    ----------
    panel : DataFrame
        Rows ``city_code``, columns int years, positive values (units kept).
    label : str
        Variable and source, used in the notes (e.g. "Eect05 (A3)").
    year : int
        Target year.

    Returns
    -------
    DataFrame
        An estimate (``value``, ``method``, ``note``) for every row of ``panel``.
    """
    panel = panel.where(panel > 0)
    spikes = _spikes(panel, year)
    clean = panel.copy()
    if year in clean.columns:
        clean.loc[spikes, year] = np.nan
    else:
        clean[year] = np.nan
    direct = observed(clean[year])
    rows = [
        _fill_one(clean, code, year, label, bool(spikes.get(code, False)), panel)
        for code in clean.index[clean[year].isna()]
    ]
    filled = pd.DataFrame(rows, columns=["city_code", *ESTIMATE_COLUMNS]).set_index("city_code")
    return first_available(direct, filled)


def _fill_one(
    clean: pd.DataFrame, code: str, year: int, label: str, spike: bool, raw: pd.DataFrame
) -> tuple:
    series = clean.loc[code].dropna()
    before = series[(series.index < year) & (series.index >= year - MAX_GAP_YEARS)]
    after = series[(series.index > year) & (series.index <= year + MAX_GAP_YEARS)]
    if len(before) and len(after):
        y0, y1 = before.index.max(), after.index.min()
        v0, v1 = series[y0], series[y1]
        value = float(np.exp(np.log(v0) + (year - y0) / (y1 - y0) * (np.log(v1) - np.log(v0))))
        note = f"{label}: log-linear interpolation between {y0} ({v0:.6g}) and {y1} ({v1:.6g})"
        if spike:
            note = (
                f"{label}: {year} value {raw.loc[code, year]:.6g} is a spike against "
                f"neighbouring years; replaced by {note.split(': ', 1)[1]}"
            )
            return code, value, "spike_replaced", note
        return code, value, "log_linear_interpolation", note
    side = before if len(before) else after
    if not len(side):
        return code, np.nan, None, None
    nearest = int(side.index.max() if len(before) else side.index.min())
    growth, n = _national_growth(clean, nearest, year)
    if not np.isfinite(growth):
        return code, np.nan, None, None
    value = float(side[nearest] * growth)
    note = (
        f"{label}: {nearest} value {side[nearest]:.6g} × national median growth "
        f"{growth:.4f} from {nearest} to {year} ({n} cities)"
    )
    return code, value, "nearest_year_national_growth", note


# ----------------------------------------------------------------- regression
@dataclass(frozen=True)
class OlsFit:
    """An ordinary least-squares fit ``y = X b``.

    Attributes
    ----------
    coef : Series
        Coefficients by regressor name (``const`` first).
    r2 : float
        Coefficient of determination on the fitting sample.
    n : int
        Number of observations.
    """

    coef: pd.Series
    r2: float
    n: int

    def predict(self, X: pd.DataFrame) -> pd.Series:
        """Fitted values for the rows of ``X`` (columns as in the fit, no constant)."""
        design = X.reindex(columns=self.coef.index[1:]).astype(float)
        return self.coef.iloc[0] + design @ self.coef.iloc[1:].to_numpy()

    def describe(self, digits: int = 4) -> str:
        """One-line text ``y = a + b·x1 + ...; R² = r (n = k)``."""
        terms = " ".join(f"{v:+.{digits}f}·{k}" for k, v in self.coef.iloc[1:].items())
        return f"{self.coef.iloc[0]:.{digits}f} {terms}; R² = {self.r2:.3f} (n = {self.n})"


def fit_ols(y: pd.Series, X: pd.DataFrame) -> OlsFit:
    """OLS of ``y`` on ``X`` plus a constant, on the rows where everything is finite."""
    data = pd.concat([y.rename("__y"), X], axis=1).replace([np.inf, -np.inf], np.nan).dropna()
    if len(data) <= X.shape[1] + 1:
        raise DataError(f"too few observations ({len(data)}) to fit {y.name} on {list(X)}.")
    design = np.column_stack([np.ones(len(data)), data[list(X.columns)].to_numpy(float)])
    target = data["__y"].to_numpy(float)
    beta, *_ = np.linalg.lstsq(design, target, rcond=None)
    resid = target - design @ beta
    r2 = 1.0 - float(resid @ resid) / float(((target - target.mean()) ** 2).sum())
    return OlsFit(pd.Series(beta, index=["const", *X.columns]), r2, len(data))


# ----------------------------------------------------------------- misc
def winsorise(
    values: pd.Series, lower: float = 0.01, upper: float = 0.99
) -> tuple[pd.Series, float, float]:
    """Clip ``values`` to their ``lower``/``upper`` quantiles (linear interpolation).

    Returns the clipped series and the two bounds.
    """
    lo, hi = (float(q) for q in values.dropna().quantile([lower, upper]))
    return values.clip(lo, hi), lo, hi


def significant(values: pd.Series | np.ndarray, digits: int = 6) -> np.ndarray:
    """Round to ``digits`` significant digits (NaN and 0 unchanged)."""
    x = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.floor(np.log10(np.abs(x)))
    mag = np.where(np.isfinite(mag), mag, 0.0)
    scale = 10.0 ** (digits - 1 - mag)
    return np.round(x * scale) / scale
