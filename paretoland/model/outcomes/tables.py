"""City and province tables of a counterfactual (docs/model.md §4): levels and changes.

:func:`city_table` has one row per city, with land (km²), GDP (yuan), wage, population
(persons), welfare and transfers (yuan) before and after; :func:`province_table` adds
it up to one row per province, with the changes that sums cannot give (wages weighted
by labour, welfare the province analogue of national welfare).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2
from paretoland.exceptions import DataError
from paretoland.model.calibration import Calibration
from paretoland.model.outcomes.hats import _hat

__all__ = ["city_table", "province_table"]


_ID_COLUMNS = [
    "city_code",
    "name_zh",
    "name_pinyin",
    "province_code",
    "province_zh",
    "province_pinyin",
    "region",
]


def city_table(
    calibration: Calibration,
    *,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    wage_hat: np.ndarray,
    welfare_hat: np.ndarray,
    land_productive_hat: np.ndarray,
    land_residential_hat: np.ndarray,
    transfers: np.ndarray,
) -> pd.DataFrame:
    """One row per city: land, GDP, wage, population, welfare and transfers, before and after.

    Parameters
    ----------
    calibration : Calibration
        The baseline economy.
    output_hat, labour_hat, wage_hat, welfare_hat : ndarray(float, shape=(n_cities,))
        Ŷ, L̂, ŵ (by destination) and Ŵ_o (by origin, row o = the city's hukou holders).
    land_productive_hat, land_residential_hat : ndarray(float, shape=(n_cities,))
        R̂^Y and R̂^H (non-negative).
    transfers : ndarray(float, shape=(n_cities,))
        F_d in yuan: quota receipts − payments (> 0: the city receives money).

    Returns
    -------
    DataFrame
        Indexed by ``city_code`` (kept as a column too), in the calibration's city
        order: the identifiers ``city_code``, ``name_zh``,
        ``name_pinyin``, ``province_code``, ``province_zh``, ``province_pinyin``,
        ``region``; for k in (productive, residential) ``land_k_before_km2``,
        ``land_k_after_km2`` and ``land_k_change_km2`` (after − before, km²);
        ``gdp_before_yuan``, ``gdp_after_yuan``, ``gdp_change_pct``;
        ``wage_change_pct`` (ŵ − 1, %); ``population_before_persons``,
        ``population_after_persons`` (resident labour L, L'), ``population_change_pct``;
        ``hukou_labour_persons`` (L^o, fixed, ∝ λ); ``welfare_before``,
        ``welfare_after`` (W_o and W_o Ŵ_o, the real-income index of docs/model.md §1),
        ``welfare_change_pct``;
        ``transfers_yuan`` (F_d).
    """
    hats = {
        name: _hat(calibration, name, values)
        for name, values in (
            ("output_hat", output_hat),
            ("labour_hat", labour_hat),
            ("wage_hat", wage_hat),
            ("welfare_hat", welfare_hat),
        )
    }
    frame = calibration.data.cities[_ID_COLUMNS].copy()
    for use, land, hat in (
        ("productive", calibration.land_productive, land_productive_hat),
        ("residential", calibration.land_residential, land_residential_hat),
    ):
        hat = _hat(calibration, f"land_{use}_hat", hat, allow_zero=True)
        frame[f"land_{use}_before_km2"] = land / M2_PER_KM2
        frame[f"land_{use}_after_km2"] = land * hat / M2_PER_KM2
        frame[f"land_{use}_change_km2"] = land * (hat - 1.0) / M2_PER_KM2
    frame["gdp_before_yuan"] = calibration.output
    frame["gdp_after_yuan"] = calibration.output * hats["output_hat"]
    frame["gdp_change_pct"] = 100.0 * (hats["output_hat"] - 1.0)
    frame["wage_change_pct"] = 100.0 * (hats["wage_hat"] - 1.0)
    frame["population_before_persons"] = calibration.labour
    frame["population_after_persons"] = calibration.labour * hats["labour_hat"]
    frame["population_change_pct"] = 100.0 * (hats["labour_hat"] - 1.0)
    frame["hukou_labour_persons"] = calibration.labour_origin
    frame["welfare_before"] = calibration.welfare_origin
    frame["welfare_after"] = calibration.welfare_origin * hats["welfare_hat"]
    frame["welfare_change_pct"] = 100.0 * (hats["welfare_hat"] - 1.0)
    frame["transfers_yuan"] = _hat(calibration, "transfers", transfers)
    frame.index = pd.Index(frame["city_code"].to_numpy(), name="city_code")
    return frame


_SUMMED = [
    f"land_{use}_{stage}_km2"
    for use in ("productive", "residential")
    for stage in ("before", "after", "change")
] + [
    "gdp_before_yuan",
    "gdp_after_yuan",
    "population_before_persons",
    "population_after_persons",
    "hukou_labour_persons",
    "transfers_yuan",
]


def province_table(cities: pd.DataFrame) -> pd.DataFrame:
    """Aggregate a :func:`city_table` to one row per province (sorted by province code).

    Parameters
    ----------
    cities : DataFrame
        The output of :func:`city_table` (or a subset of its rows).

    Returns
    -------
    DataFrame
        ``province_code``, ``province_zh``, ``province_pinyin``, ``region``,
        ``n_cities``; sums over the province's cities of every land column (km²),
        ``gdp_before_yuan``, ``gdp_after_yuan``, ``population_before_persons``,
        ``population_after_persons``, ``hukou_labour_persons`` and ``transfers_yuan``;
        and changes where sums make no sense:

        - ``gdp_change_pct``, ``population_change_pct``: of the province sums.
        - ``wage_change_pct``: mean of the cities' wage changes weighted by baseline
          labour (``population_before_persons``).
        - ``welfare_change_pct``: ``W'_p / W_p − 1`` with ``W_p = Σ_{o∈p} λ_o W_o``
          (λ ∝ ``hukou_labour_persons``), the province analogue of national welfare;
          i.e. the mean of the cities' welfare changes weighted by ``λ_o W_o``. With
          every city in one province it equals the ``welfare`` of :class:`~.aggregate.Outcomes`.
    """
    missing = [
        c
        for c in [*_ID_COLUMNS, *_SUMMED, "wage_change_pct", "welfare_before", "welfare_after"]
        if c not in cities.columns
    ]
    if missing:
        raise DataError(
            f"city table is missing column(s) {', '.join(missing)}; build it "
            "with paretoland.model.outcomes.city_table."
        )
    work = cities.assign(
        _wage_weighted=cities["wage_change_pct"] * cities["population_before_persons"],
        _welfare_before=cities["welfare_before"] * cities["hukou_labour_persons"],
        _welfare_after=cities["welfare_after"] * cities["hukou_labour_persons"],
    )
    groups = work.groupby("province_code", sort=True)
    names = groups[["province_zh", "province_pinyin", "region"]].first()
    sums = groups[[*_SUMMED, "_wage_weighted", "_welfare_before", "_welfare_after"]].sum()
    table = names.assign(n_cities=groups.size()).join(sums)
    table["gdp_change_pct"] = 100.0 * (table["gdp_after_yuan"] / table["gdp_before_yuan"] - 1.0)
    table["population_change_pct"] = 100.0 * (
        table["population_after_persons"] / table["population_before_persons"] - 1.0
    )
    table["wage_change_pct"] = table["_wage_weighted"] / table["population_before_persons"]
    table["welfare_change_pct"] = 100.0 * (table["_welfare_after"] / table["_welfare_before"] - 1.0)
    table = table.drop(columns=["_wage_weighted", "_welfare_before", "_welfare_after"])
    return table.reset_index()
