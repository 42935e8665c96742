"""Land quantities and land prices of the 2017 cities (model inputs R^Y, R^H, p^Y, p^H).

Nothing here is observed for 2017, so every value is flagged:

* **Stocks** (km², urban districts 市辖区). CCSY 城市建设用地 (L1 d13) and 居住用地
  (d14) end in 2013. Construction land is carried to 2017 at the national growth of
  城市建设用地 (:data:`NATIONAL_LAND_GROWTH_2013_2017`), from the median of each
  city's last three years with both series non-zero (robust to single-year jumps).
  R^H is that land times the city's residential share (median of the same years,
  clipped to the pooled 1st–99th percentiles). R^Y is the national productive share
  (industrial + logistics + commercial), its industrial/logistics part tilted by the
  city's L2 industrial share of transacted land, and capped so that R^Y + R^H never
  exceeds construction land. Cities without L1 data get construction land from a
  regression on resident population and GDP and the median residential share.
* **Prices** (yuan/m²). L2 landchina averages (工业用地 → p^Y, 商住用地 → p^H),
  mean of the non-zero 2016–2018 values, winsorised at p1/p99 across cities; the
  rest from a regression of log price on log house price and log GDP per capita.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.build.fill import (
    TARGET_YEAR,
    OlsFit,
    constructed,
    fit_ols,
    observed_or_imputed,
    winsorise,
)

__all__ = [
    "NATIONAL_LAND_GROWTH_2013_2017",
    "SHARE_INDUSTRIAL_LOGISTICS",
    "SHARE_COMMERCIAL",
    "TILT_BOUNDS",
    "land_stocks",
    "land_prices",
]

NATIONAL_LAND_GROWTH_2013_2017 = 55_155.5 / 47_108.5
"""Growth of national 城市建设用地 2013→2017 (MOHURD 中国城市建设统计年鉴: ≈47,108.5 →
≈55,155.5 km², ×1.1708; assumption to verify). Applied per year as its 4th root."""
SHARE_INDUSTRIAL_LOGISTICS = 0.225
"""National share of 工业 (≈0.19) + 物流仓储 (≈0.035) land in 城市建设用地 (assumption)."""
SHARE_COMMERCIAL = 0.065
"""National share of 商业服务业设施 land in 城市建设用地 (assumption)."""
TILT_BOUNDS = (0.5, 1.5)
"""Bounds of the L2 tilt factor of the industrial/logistics share."""
BASE_YEARS = range(2008, 2014)
LAST_YEARS = 3
PRICE_YEARS = range(2016, 2019)


# ----------------------------------------------------------------- stocks
def _l1_panels(l1: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """L1 d13 and d14 panels (city_code × year, 2008–2013); ``l1`` carries ``city_code``."""
    rows = l1[l1["year"].isin(BASE_YEARS)]
    pivot = {
        col: rows.pivot(index="city_code", columns="year", values=col)
        for col in ("construction_land_km2", "residential_land_km2")
    }
    return pivot["construction_land_km2"], pivot["residential_land_km2"]


def _last_years(series: pd.Series) -> pd.Series:
    """Return the last :data:`LAST_YEARS` positive values of a year series."""
    return series[series > 0].tail(LAST_YEARS)


def _l1_base(
    total: pd.DataFrame, residential: pd.DataFrame, rate: float, share_bounds: tuple[float, float]
) -> pd.DataFrame:
    """Return construction land 2017 and residential share from the last years of L1.

    Construction land is the median of the city's last :data:`LAST_YEARS` non-zero
    d13 values of 2008–2013, each carried to 2017 at ``rate`` per year. The
    residential share is the median d14/d13 ratio of the last years with both
    non-zero, clipped to ``share_bounds`` (NaN when no year has both).
    ``total`` and ``residential`` are panels with the same rows and columns.
    """
    rows = []
    for code in total.index:
        t = _last_years(total.loc[code])
        if t.empty:
            continue
        carried = t * (1.0 + rate) ** (TARGET_YEAR - t.index.to_numpy())
        ratio = _last_years((residential.loc[code] / total.loc[code]).dropna())
        share = float(np.median(ratio)) if len(ratio) else np.nan
        rows.append(
            (
                code,
                float(np.median(carried)),
                _years(t),
                share,
                float(np.clip(share, *share_bounds)),
                _years(ratio),
            )
        )
    columns = ["city_code", "total_km2", "total_years", "raw_share", "share", "share_years"]
    return pd.DataFrame(rows, columns=columns).set_index("city_code")


def _years(series: pd.Series) -> str:
    return ", ".join(map(str, series.index))


def _share_bounds(total: pd.DataFrame, residential: pd.DataFrame) -> tuple[float, float]:
    shares = (residential / total.reindex_like(residential)).stack()
    shares = shares[np.isfinite(shares) & (shares > 0)]
    return float(shares.quantile(0.01)), float(shares.quantile(0.99))


def _l2_tilt(l2: pd.DataFrame, kept: pd.Index) -> pd.DataFrame:
    """Industrial share of transacted land 2008–2017 (L2) and its bounded tilt."""
    rows = l2[l2["year"].between(2008, TARGET_YEAR) & l2["city_code"].isin(kept)]
    sums = rows.groupby("city_code")[["industrial_area_ha", "commercial_residential_area_ha"]].sum()
    q = sums["industrial_area_ha"] / sums.sum(axis=1)
    q = q[np.isfinite(q)]
    tilt = (q / q.mean()).clip(*TILT_BOUNDS)
    return pd.DataFrame({"industrial_share": q, "tilt": tilt, "mean_share": q.mean()})


def _regression_totals(base: pd.DataFrame, drivers: pd.DataFrame) -> tuple[pd.Series, OlsFit]:
    """Log construction land 2017 on log resident population and log GDP (L1 cities)."""
    X = np.log(drivers[["resident_pop_10k", "gdp_100m_yuan"]]).rename(columns=lambda c: f"log_{c}")
    fit = fit_ols(np.log(base["total_km2"]).rename("log_total"), X.loc[base.index])
    missing = drivers.index.difference(base.index)
    return np.exp(fit.predict(X.loc[missing])), fit


def _construction_land(
    drivers: pd.DataFrame, l1: pd.DataFrame, rate: float
) -> tuple[pd.DataFrame, dict]:
    """Return construction land 2017, residential share and their provenance, for every kept city.

    Returns a frame (index ``city_code``) with ``total_km2``, ``share``, ``method``,
    ``total_note`` and ``share_note``, and the parameters used.
    """
    total, residential = _l1_panels(l1)
    bounds = _share_bounds(total, residential)
    base = _l1_base(total, residential, rate, bounds).reindex(drivers.index)
    on_l1 = base["total_km2"].notna()
    imputed, fit = _regression_totals(base[on_l1], drivers)
    median_share = float(base["share"].median())
    source = _land_source(base, rate, median_share, fit)
    land = pd.DataFrame(
        {
            "total_km2": base["total_km2"].fillna(imputed),
            "share": base["share"].fillna(median_share),
        }
    ).join(source)
    clipped = base["raw_share"].notna() & (base["raw_share"] != base["share"])
    params = {
        "land_growth_2013_2017": NATIONAL_LAND_GROWTH_2013_2017,
        "land_growth_per_year": rate,
        "residential_share_bounds": bounds,
        "residential_share_median": median_share,
        "n_share_clipped": int(clipped.sum()),
        "n_l1": int(on_l1.sum()),
        "land_regression": fit,
    }
    return land, params


def land_stocks(
    drivers: pd.DataFrame, l1: pd.DataFrame, l2: pd.DataFrame
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict]:
    """R^H and R^Y in 2017 (km², urban districts) for the kept cities.

    Parameters
    ----------
    drivers : DataFrame
        Index ``city_code`` of the kept cities; ``resident_pop_10k``, ``gdp_100m_yuan``.
    l1 : DataFrame
        :func:`~paretoland.data.build.raw.read_land_stocks` output with ``city_code``
        (:func:`~paretoland.data.build.names.attach_city_codes`).
    l2 : DataFrame
        :func:`~paretoland.data.build.raw.read_land_prices` output with ``city_code``
        (:func:`~paretoland.data.build.names.match_by_stem`).

    Returns
    -------
    estimates : dict
        ``land_residential_km2`` and ``land_productive_km2`` estimates.
    details : DataFrame
        Per city: ``construction_land_km2`` (2017), ``residential_share``,
        ``industrial_share_l2``, ``productive_share``.
    parameters : dict
        Growth, shares, tilt mean, regression.
    """
    rate = NATIONAL_LAND_GROWTH_2013_2017**0.25 - 1.0
    land, params = _construction_land(drivers, l1, rate)
    tilt = _l2_tilt(l2, drivers.index).reindex(drivers.index)
    s_y = SHARE_INDUSTRIAL_LOGISTICS * tilt["tilt"].fillna(1.0) + SHARE_COMMERCIAL
    productive = np.minimum(s_y, 1.0 - land["share"])
    estimates = {
        "land_residential_km2": _residential_estimate(land["share"] * land["total_km2"], land),
        "land_productive_km2": _productive_estimate(
            productive * land["total_km2"], land, tilt["tilt"], s_y, productive
        ),
    }
    details = pd.DataFrame(
        {
            "construction_land_km2": land["total_km2"],
            "residential_share": land["share"],
            "industrial_share_l2": tilt["industrial_share"],
            "productive_share": productive,
        }
    )
    params |= {
        "share_industrial_logistics": SHARE_INDUSTRIAL_LOGISTICS,
        "share_commercial": SHARE_COMMERCIAL,
        "tilt_bounds": TILT_BOUNDS,
        "l2_industrial_share_mean": float(tilt["mean_share"].dropna().iloc[0]),
        "n_l2_tilted": int(tilt["tilt"].notna().sum()),
        "n_capped": int((productive < s_y).sum()),
    }
    return estimates, details, params


def _land_source(base: pd.DataFrame, rate: float, median_share: float, fit: OlsFit) -> pd.DataFrame:
    """Return the method code and notes of each city's construction land and residential share."""
    growth = f"at national growth ×{(1 + rate) ** 4:.4f} per 4 years"
    total = (
        "L1 城市建设用地 (d13, 市辖区; median of the last non-zero years "
        + base["total_years"]
        + f") carried to 2017 {growth}"
    )
    share = (
        "residential share "
        + base["share"].map("{:.3f}".format)
        + " (L1 d14/d13, median of "
        + base["share_years"]
        + ")"
    )
    clipped = base["raw_share"].notna() & (base["raw_share"] != base["share"])
    share[clipped] += " clipped from " + base.loc[clipped, "raw_share"].map("{:.3f}".format)
    on_l1, no_share = base["total_km2"].notna(), base["raw_share"].isna()
    out = pd.DataFrame(
        {
            "method": "regression_imputed",
            "total_note": "城市建设用地 from the log-log regression on resident population and "
            f"GDP ({fit.describe(3)})",
            "share_note": f"median residential share {median_share:.3f}",
        },
        index=base.index,
    )
    out.loc[on_l1, "method"] = "l1_carried_forward"
    out.loc[on_l1, "total_note"] = total[on_l1]
    out.loc[on_l1, "share_note"] = share[on_l1]
    out.loc[on_l1 & no_share, "method"] = "l1_carried_forward_median_share"
    out.loc[on_l1 & no_share, "share_note"] = (
        f"no L1 d14: median residential share {median_share:.3f}"
    )
    return out


def _residential_estimate(r_h: pd.Series, land: pd.DataFrame) -> pd.DataFrame:
    note = land["total_note"] + " × " + land["share_note"]
    return _by_method(r_h, land["method"], note)


def _productive_estimate(
    r_y: pd.Series, land: pd.DataFrame, tilt: pd.Series, s_y: pd.Series, s_y_capped: pd.Series
) -> pd.DataFrame:
    tilt_text = tilt.map(
        lambda t: (
            "untilted, no L2 data"
            if pd.isna(t)
            else f"industrial/logistics part ×{t:.3f} by the L2 industrial share"
        )
    )
    capped = pd.Series(
        np.where(s_y_capped < s_y, "; capped so that R^Y + R^H = construction land", ""),
        index=r_y.index,
    )
    note = (
        land["total_note"]
        + " × productive share "
        + s_y_capped.map("{:.3f}".format)
        + f" (national {SHARE_INDUSTRIAL_LOGISTICS + SHARE_COMMERCIAL:.3f}, "
        + tilt_text
        + ")"
        + capped
    )
    method = land["method"].map(
        {
            "l1_carried_forward": "l1_national_share",
            "l1_carried_forward_median_share": "l1_national_share",
            "regression_imputed": "regression_national_share",
        }
    )
    return _by_method(r_y, method, note)


def _by_method(values: pd.Series, method: pd.Series, note: pd.Series) -> pd.DataFrame:
    """Return an estimate with a per-city method code and note."""
    return pd.concat(
        [constructed(values[method == m], m, note[method == m]) for m in sorted(set(method))]
    ).sort_index(kind="stable")


# ----------------------------------------------------------------- prices
PRICE_COLUMNS = {
    "land_price_productive_yuan_m2": ("industrial_price_yuan_m2", "工业用地"),
    "land_price_residential_yuan_m2": ("commercial_residential_price_yuan_m2", "商住用地"),
}


def _observed_price(l2: pd.DataFrame, source: str, kept: pd.Index) -> pd.Series:
    rows = l2[l2["year"].isin(PRICE_YEARS)]
    mean = rows.groupby("city_code")[source].mean()
    return mean[mean.index.isin(kept)].dropna()


def land_prices(drivers: pd.DataFrame, l2: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict]:
    """p^Y and p^H (yuan/m²) for the kept cities.

    Parameters
    ----------
    drivers : DataFrame
        Index ``city_code`` of the kept cities; ``house_price_yuan_m2`` and
        ``gdp_per_capita_yuan``.
    l2 : DataFrame
        :func:`~paretoland.data.build.raw.read_land_prices` output with ``city_code``
        (:func:`~paretoland.data.build.names.match_by_stem`).

    Returns
    -------
    estimates : dict
        One estimate per land-price column.
    parameters : dict
        Winsorising bounds and the imputation regressions.
    """
    X = np.log(drivers[["house_price_yuan_m2", "gdp_per_capita_yuan"]]).rename(
        columns=lambda c: f"log_{c}"
    )
    estimates, params = {}, {}
    for column, (source, label) in PRICE_COLUMNS.items():
        raw = _observed_price(l2, source, drivers.index)
        clipped, lo, hi = winsorise(raw)
        fit = fit_ols(np.log(clipped).rename(f"log_{column}"), X.loc[clipped.index])
        missing = drivers.index.difference(clipped.index)
        note = f"L2 {label}_平均价格 (urban districts), mean of non-zero 2016–2018 values"
        wins = clipped != raw
        estimates[column] = observed_or_imputed(
            clipped,
            wins,
            np.exp(fit.predict(X.loc[missing])),
            method="l2_mean_2016_2018",
            notes=(
                note,
                note + f", winsorised to [{lo:.6g}, {hi:.6g}] (p1/p99)",
                "no L2 price: log-log regression on house price and GDP per capita "
                f"({fit.describe(3)})",
            ),
            index=drivers.index,
        )
        params[column] = {
            "winsorise_bounds": (lo, hi),
            "n_observed": len(raw),
            "n_winsorised": int(wins.sum()),
            "regression": fit,
        }
    return estimates, params
