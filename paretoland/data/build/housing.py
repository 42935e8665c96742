"""House prices (P^h) and real-estate employment (L^H) of the 2017 cities.

* **House price** (yuan per m² of floor space): A5, 2017. A 2017 spike or gap is
  filled from the city's own neighbouring years
  (:func:`~paretoland.data.build.fill.fill_from_years`); cities absent from A5 get a
  regression of log house price on log GDP per capita, log resident population and
  NBS-region effects, fitted on the cities observed in 2017.
* **Real-estate employment** (万人): no city source exists. It is urban-unit
  employment times the national share of 房地产业 in 城镇单位就业人员
  (:data:`REALESTATE_SHARE`, an assumption), tilted by the city's tertiary share of
  employment relative to the cross-city mean (bounded), and rescaled so that the
  cities together keep exactly the national share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.build.fill import (
    constructed,
    fill_from_years,
    first_available,
    fit_ols,
    year_panel,
)
from paretoland.data.build.names import log_unmatched, match_by_stem, name_stem
from paretoland.data.provinces import REGIONS, province_by_name
from paretoland.data.validation.derived import REALESTATE_SHARE

__all__ = [
    "REALESTATE_SHARE",
    "TERTIARY_TILT_BOUNDS",
    "house_prices",
    "tertiary_share",
    "realestate_employment",
]

TERTIARY_TILT_BOUNDS = (0.5, 1.5)
HOUSE_PRICE_ALIASES = {"吉林省市": "吉林"}
"""A5 city names that are not a name of the city (吉林省市 is the city of Jilin)."""


def _a5_stem(city_zh: str) -> str:
    """Return the name stem of an A5 city name, read through :data:`HOUSE_PRICE_ALIASES`."""
    return name_stem(HOUSE_PRICE_ALIASES.get(city_zh, city_zh))


def _house_panel(cities: pd.DataFrame, a5: pd.DataFrame) -> pd.DataFrame:
    """A5 prices as a city_code × year panel."""
    province = a5["province_zh"].map(lambda p: getattr(province_by_name(p), "code", None))
    log_unmatched(a5.loc[province.isna(), "province_zh"], "A5 house prices", "province")
    stem = a5["city_zh"].map(_a5_stem)
    rows = match_by_stem(
        cities, a5.assign(province_code=province, stem=stem), "A5 house prices", True
    )
    return year_panel(rows.dropna(subset=["city_code"]), "house_price_yuan_m2")


def _house_price_regressors(drivers: pd.DataFrame, region: pd.Series) -> pd.DataFrame:
    """Log GDP per capita, log resident population and region dummies (base: Northeast)."""
    X = np.log(drivers[["gdp_per_capita_yuan", "resident_pop_10k"]]).rename(
        columns=lambda c: f"log_{c}"
    )
    for name in REGIONS[:3]:
        X[f"region_{name}"] = (region.reindex(drivers.index) == name).astype(float)
    return X


def house_prices(
    cities: pd.DataFrame, drivers: pd.DataFrame, a5: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    """House price 2017 (yuan/m²) for the kept cities.

    Parameters
    ----------
    cities : DataFrame
        ``city_code``, ``name_zh``, ``province_code``, ``region`` of every CSMAR unit.
    drivers : DataFrame
        Index ``city_code`` of the kept cities; ``gdp_per_capita_yuan`` and
        ``resident_pop_10k``.
    a5 : DataFrame
        :func:`~paretoland.data.build.raw.read_house_prices` output.

    Returns
    -------
    estimate : DataFrame
        Direct 2017 values unflagged; ``spike_replaced``, ``log_linear_interpolation``,
        ``nearest_year_national_growth`` or ``regression_imputed`` otherwise.
    parameters : dict
        The regression and the number of cities per method.
    """
    panel = _house_panel(cities, a5)
    own = fill_from_years(panel, "A5 house price").reindex(drivers.index)
    X = _house_price_regressors(drivers, cities.set_index("city_code")["region"])
    direct = own[own["method"].isna() & own["value"].notna()].index
    fit = fit_ols(np.log(own.loc[direct, "value"]).rename("log_house_price"), X.loc[direct])
    missing = own.index[own["value"].isna()]
    imputed = constructed(
        np.exp(fit.predict(X.loc[missing])),
        "regression_imputed",
        f"not in A5: regression of log house price on log GDP per capita, "
        f"log resident population and region effects ({fit.describe(3)})",
    )
    return first_available(own, imputed).reindex(drivers.index), {"regression": fit}


def tertiary_share(a3: pd.DataFrame, l1: pd.DataFrame) -> pd.DataFrame:
    """Tertiary share of employment 2017 (%), A3 Eect10 with L1 d03 where A3 is empty.

    ``l1`` must carry ``city_code`` (:func:`~paretoland.data.build.names.attach_city_codes`).
    Gaps are filled from neighbouring years like the core variables.
    """
    panel = year_panel(a3, "tertiary_share_pct").combine_first(year_panel(l1, "tertiary_share_pct"))
    return fill_from_years(panel, "tertiary share (A3 Eect10; L1 d03 where A3 is empty)")


def realestate_employment(employment: pd.Series, tertiary: pd.Series) -> tuple[pd.DataFrame, dict]:
    """Real-estate employment 2017 (万人) from the national share, tilted by tertiary share.

    ``L^H_d = k · s · E_d · clip(t_d / mean(t), 0.5, 1.5)`` with ``s`` =
    :data:`REALESTATE_SHARE`, ``E`` urban-unit employment, ``t`` the tertiary share
    (tilt 1 where unknown) and ``k`` such that ``Σ L^H = s · Σ E``.

    Returns
    -------
    estimate : DataFrame
        Every value flagged ``national_share_tertiary_tilt`` or ``national_share_untilted``.
    parameters : dict
        Share, mean tertiary share, tilt bounds and the rescaling factor k.
    """
    t = tertiary.reindex(employment.index)
    tilt = (t / t.mean()).clip(*TERTIARY_TILT_BOUNDS).fillna(1.0)
    raw = REALESTATE_SHARE * employment * tilt
    k = float(REALESTATE_SHARE * employment.sum() / raw.sum())
    value = k * raw
    base = f"employment × national 房地产业 share {REALESTATE_SHARE} (assumption) × "
    tilted = t.notna()
    est = first_available(
        constructed(
            value[tilted],
            "national_share_tertiary_tilt",
            base
            + "tilt "
            + tilt[tilted].map("{:.3f}".format)
            + f" (tertiary share / cross-city mean {t.mean():.2f} %, bounded) × {k:.4f}",
        ),
        constructed(
            value[~tilted],
            "national_share_untilted",
            base + f"no tertiary share (tilt 1) × {k:.4f}",
        ),
    )
    params = {
        "realestate_share": REALESTATE_SHARE,
        "tertiary_mean_pct": float(t.mean()),
        "tilt_bounds": TERTIARY_TILT_BOUNDS,
        "rescale_k": k,
        "n_tilted": int(tilted.sum()),
    }
    return est.reindex(employment.index), params
