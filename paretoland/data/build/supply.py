"""Land as annual state land supply by use: the paper's reading of R^Y and R^H (variant).

The paper's land quantities are annual state land supply by use (国有建设用地供应,
seed 000, data section): industrial-mining-storage (工矿仓储) plus commercial-service
(商服) land for productive land, residential (住宅) land for residential land. The
default dataset uses stocks instead (:mod:`paretoland.data.build.land`, docs/model.md §2);
``paretoland data build --land supply`` builds this variant beside it.

The only city-level supply data at hand is L2 (landchina transactions aggregated by
city and year over urban-district parcels, 208 cities, no municipality). It has
工业用地 (工业/仓储/采矿/工矿仓储) and 商住用地 (all 住宅 and 商服 subtypes together),
not 商服 and 住宅 apart, so:

* **Window.** Annual supply is lumpy (a few large parcels), so each city's supply is
  the mean of its non-zero 2016–2018 areas, the window of the land prices.
* **Split of 商住.** 住宅 is :data:`RESIDENTIAL_SHARE` of 商住 supply, the same in
  every city (an assumption: the approximate national share of 住宅 in 住宅 + 商服
  state land supply around 2017; verify against 中国国土资源公报 2017); 商服 is the
  rest. R^Y = 工业用地 + (1 − share) 商住用地, R^H = share × 商住用地 (km² per year).
* **Outliers.** Some L2 city-years are badly incomplete (Shenzhen 2017: 4.4 ha), so
  supply is winsorised through its intensity, the ratio to the city's land stock of the
  same use, at the cross-city p1/p99 (flag ``l2_supply_mean_2016_2018_winsorised``).
* **Gaps.** Cities without L2 supply (the municipalities, and the cities L2 does not
  cover) get a log-log regression of supply on the same use's stock and GDP per
  capita, fitted on the observed cities (flag ``regression_imputed``).

Flags: ``l2_supply_mean_2016_2018`` for the observed values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.build.fill import fit_ols, observed_or_imputed, winsorise

__all__ = ["RESIDENTIAL_SHARE", "SUPPLY_YEARS", "land_supply"]

RESIDENTIAL_SHARE = 0.75
"""住宅 / (住宅 + 商服) in national state land supply around 2017 (assumption, approximate;
verify against 中国国土资源公报 2017): the residential part of L2's 商住用地."""
SUPPLY_YEARS = range(2016, 2019)
"""The window averaged for each city's annual supply (the land prices' window)."""
HA_PER_KM2 = 100.0
_USES = {
    "land_productive_km2": "productive (工业用地 + the 商服 part of 商住用地)",
    "land_residential_km2": "residential (the 住宅 part of 商住用地)",
}


def _observed_supply(l2: pd.DataFrame, kept: pd.Index) -> pd.DataFrame:
    """Mean non-zero 2016–2018 supply by use (km² per year) for the kept L2 cities."""
    rows = l2[l2["year"].isin(SUPPLY_YEARS) & l2["city_code"].isin(kept)]
    areas = rows[["city_code", "industrial_area_ha", "commercial_residential_area_ha"]]
    areas = areas.set_index("city_code")
    mean = areas.where(areas > 0).groupby(level=0).mean().dropna() / HA_PER_KM2
    commercial_residential = mean["commercial_residential_area_ha"]
    return pd.DataFrame(
        {
            "land_productive_km2": mean["industrial_area_ha"]
            + (1.0 - RESIDENTIAL_SHARE) * commercial_residential,
            "land_residential_km2": RESIDENTIAL_SHARE * commercial_residential,
        }
    )


def land_supply(
    drivers: pd.DataFrame, l2: pd.DataFrame, stocks: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], dict]:
    """R^Y and R^H as annual state land supply (km² per year) for the kept cities.

    Parameters
    ----------
    drivers : DataFrame
        Index ``city_code`` of the kept cities; ``gdp_per_capita_yuan``.
    l2 : DataFrame
        :func:`~paretoland.data.build.raw.read_land_prices` output with ``city_code``.
    stocks : dict
        The stock estimates of ``land_productive_km2`` and ``land_residential_km2``
        (:func:`~paretoland.data.build.land.land_stocks`), index ``city_code``.

    Returns
    -------
    estimates : dict
        One estimate per land column, for every kept city.
    parameters : dict
        Window, residential share, winsorising bounds of the intensity, regressions.
    """
    observed = _observed_supply(l2, drivers.index)
    estimates, params = (
        {},
        {
            "years": list(SUPPLY_YEARS),
            "residential_share": RESIDENTIAL_SHARE,
            "n_observed": len(observed),
        },
    )
    note = (
        "L2 landchina supply (urban districts), mean of non-zero "
        f"{SUPPLY_YEARS[0]}–{SUPPLY_YEARS[-1]} areas, km² per year: "
    )
    for column, use in _USES.items():
        stock = stocks[column]["value"].reindex(drivers.index)
        intensity = observed[column] / stock.loc[observed.index]
        clipped, lo, hi = winsorise(intensity)
        supply = clipped * stock.loc[observed.index]
        wins = clipped != intensity
        X = np.log(pd.DataFrame({"log_stock": stock, "log_gdp_pc": drivers["gdp_per_capita_yuan"]}))
        fit = fit_ols(np.log(supply).rename(f"log_{column}"), X.loc[supply.index])
        missing = drivers.index.difference(supply.index)
        estimates[column] = observed_or_imputed(
            supply,
            wins,
            np.exp(fit.predict(X.loc[missing])),
            method="l2_supply_mean_2016_2018",
            notes=(
                note + use,
                note + use + f", winsorised through its ratio to the stock to [{lo:.4g}, "
                f"{hi:.4g}] (p1/p99)",
                f"no L2 supply: log-log regression on the {use.split(' ')[0]} land stock and "
                f"GDP per capita ({fit.describe(3)})",
            ),
            index=drivers.index,
        )
        params[column] = {
            "intensity_bounds": (lo, hi),
            "n_winsorised": int(wins.sum()),
            "regression": fit,
        }
    return estimates, params
