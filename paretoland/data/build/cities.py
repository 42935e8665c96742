"""The 2017 cross-section of prefecture-level cities (cities, flags and dropped tables).

:func:`build_cities` reads the raw files (:mod:`paretoland.data.build.raw`), takes every
2017 prefecture-level unit of CSMAR (A1 ∪ A3: 地级市, 地区, 自治州, 盟 and the four
municipalities), fills the core variables (GDP, employment, wage, hukou
population) from neighbouring years where 2017 is missing, keeps the units that
then have all of them plus a census population, and constructs the remaining inputs:
resident population and coordinates (:mod:`~paretoland.data.build.population`), house
prices and real-estate employment (:mod:`~paretoland.data.build.housing`), land stocks and
land prices (:mod:`~paretoland.data.build.land`). Every value that is not a direct 2017
observation of its official statistic is flagged. Deterministic: no randomness,
stable sorting, values rounded to 6 significant digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.build import raw
from paretoland.data.build.fill import (
    MAX_GAP_YEARS,
    TARGET_YEAR,
    fill_from_years,
    significant,
    year_panel,
)
from paretoland.data.build.housing import house_prices, realestate_employment, tertiary_share
from paretoland.data.build.land import land_prices, land_stocks
from paretoland.data.build.names import (
    attach_city_codes,
    census_code,
    log_unmatched,
    match_by_stem,
    pinyin_name,
)
from paretoland.data.build.population import coordinates, resident_population
from paretoland.data.build.supply import land_supply
from paretoland.data.provinces import province_by_code
from paretoland.data.schema import CITY_COLUMNS, DROPPED_COLUMNS, FLAG_COLUMNS, OPTIONAL_COLUMNS
from paretoland.exceptions import ConfigError, DataError

__all__ = ["LAND_VARIANTS", "CityTables", "build_cities", "summarise"]

OUTPUT_COLUMNS = [c.name for c in CITY_COLUMNS] + [c.name for c in OPTIONAL_COLUMNS]
CORE_COLUMNS = ("gdp_100m_yuan", "employment_10k", "wage_yuan", "hukou_pop_10k")
LAND_VARIANTS: tuple[str, ...] = ("stocks", "supply")
"""Land quantities: stocks (the default dataset) or annual supply by use (a variant)."""
COORDINATE_DECIMALS = 4


@dataclass(frozen=True)
class CityTables:
    """The outputs of :func:`build_cities`.

    Attributes
    ----------
    cities : DataFrame
        One row per city, columns ``CITY_COLUMNS`` then ``lon_deg``, ``lat_deg``,
        sorted by ``city_code``.
    flags : DataFrame
        ``FLAG_COLUMNS``: one row per constructed or imputed cell.
    dropped : DataFrame
        ``DROPPED_COLUMNS``: every 2017 CSMAR prefecture-level unit left out, and why.
    parameters : Mapping
        Fitted and assumed parameters of the constructions (growth factors, shares,
        regressions as :class:`~paretoland.data.build.fill.OlsFit`), for the documentation.
    details : DataFrame
        Intermediate per-city series (index ``city_code``): GDP per capita (yuan),
        2017 urban construction land (km²), residential and productive shares,
        L2 industrial share, tertiary employment share (%).
    """

    cities: pd.DataFrame
    flags: pd.DataFrame
    dropped: pd.DataFrame
    parameters: Mapping[str, object] = field(default_factory=dict)
    details: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class _Sources:
    gdp: pd.DataFrame
    names: pd.DataFrame
    labour: pd.DataFrame
    census: pd.DataFrame
    house: pd.DataFrame
    land_stocks: pd.DataFrame
    land_prices: pd.DataFrame
    ma_tang: pd.DataFrame


def _read_sources(raw_dir: Path) -> _Sources:
    return _Sources(
        gdp=raw.read_csmar_gdp(raw_dir),
        names=raw.read_csmar_names(raw_dir),
        labour=raw.read_csmar_labour(raw_dir),
        census=raw.read_census_population(raw_dir),
        house=raw.read_house_prices(raw_dir),
        land_stocks=raw.read_land_stocks(raw_dir),
        land_prices=raw.read_land_prices(raw_dir),
        ma_tang=raw.read_ma_tang_coordinates(raw_dir),
    )


# ----------------------------------------------------------------- units
def _units(src: _Sources) -> pd.DataFrame:
    """Every 2017 CSMAR unit (A1 ∪ A3) with names, province and region.

    ``name_zh`` comes from A2; a code A2 never names (三沙市, 460300) takes its census name.
    """
    keys = ["city_code", "province_code"]
    rows = pd.concat(
        [
            src.labour.loc[src.labour["year"] == TARGET_YEAR, keys],
            src.gdp.loc[src.gdp["year"] == TARGET_YEAR, keys],
        ]
    )
    units = rows.drop_duplicates("city_code").sort_values("city_code", kind="stable")
    units = units.merge(src.names[["city_code", "name_zh"]], on="city_code", how="left")
    census_names = src.census.set_index("census_code")["name_zh"]
    fallback = units["city_code"].map(census_code).map(census_names)
    log_unmatched(
        units.loc[units["name_zh"].isna() & fallback.notna(), "city_code"],
        raw.CSMAR_NAMES_FILE,
        "Chinese name (census name used)",
    )
    units["name_zh"] = units["name_zh"].fillna(fallback)
    if units["name_zh"].isna().any():
        missing = ", ".join(units.loc[units["name_zh"].isna(), "city_code"])
        raise DataError(f"{raw.CSMAR_NAMES_FILE} has no Chinese name for city code(s) {missing}.")
    provinces = units["province_code"].map(province_by_code)
    if provinces.isna().any():
        bad = ", ".join(sorted(set(units.loc[provinces.isna(), "province_code"])))
        raise DataError(f"unknown province code(s) {bad} in the CSMAR files.")
    return (
        units.assign(
            name_pinyin=units["name_zh"].map(pinyin_name),
            province_zh=[p.name_zh for p in provinces],
            province_pinyin=[p.name_pinyin for p in provinces],
            region=[p.region for p in provinces],
        )
        .set_index("city_code", drop=False)
        .rename_axis(None)
    )


# ----------------------------------------------------------------- core variables
def _core_panels(src: _Sources, l1: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, str]]:
    """Year panels and source labels of the four core variables."""
    hukou = year_panel(src.labour, "hukou_pop_10k").combine_first(year_panel(l1, "hukou_pop_10k"))
    return {
        "gdp_100m_yuan": (year_panel(src.gdp, "gdp_100m_yuan"), "GDP (A1 Gdpct01)"),
        "employment_10k": (year_panel(src.labour, "employment_10k"), "employment (A3 Eect05)"),
        "wage_yuan": (year_panel(src.labour, "wage_yuan"), "wage (A3 Eect13)"),
        "hukou_pop_10k": (hukou, "hukou population (A3 Eect01; L1 d08 where A3 is empty)"),
    }


def _missing_reason(column: str, code: str, panels: dict[str, tuple[pd.DataFrame, str]]) -> str:
    """Why ``column`` could not be filled for ``code``."""
    if column not in panels:
        return "no census resident population"
    panel, label = panels[column]
    series = panel.loc[code].dropna() if code in panel.index else pd.Series(dtype=float)
    series = series[series > 0]
    if series.empty:
        return f"no {label} in any year"
    nearest = int(series.index[np.argmin(np.abs(series.index - TARGET_YEAR))])
    return f"no {label} within {MAX_GAP_YEARS} years of {TARGET_YEAR} (nearest {nearest})"


def _select(
    units: pd.DataFrame,
    estimates: dict[str, pd.DataFrame],
    panels: dict[str, tuple[pd.DataFrame, str]],
) -> tuple[pd.Index, pd.DataFrame]:
    """Kept city codes and the dropped table (units lacking a core value or a census row)."""
    reasons = {}
    for code in units.index:
        why = [
            _missing_reason(col, code, panels)
            for col, est in estimates.items()
            if pd.isna(est.at[code, "value"])
        ]
        if why:
            reasons[code] = "; ".join(why)
    dropped = units.loc[list(reasons), ["city_code", "name_zh", "province_zh"]].assign(
        reason=list(reasons.values())
    )
    kept = units.index.difference(pd.Index(list(reasons)), sort=False)
    return kept, dropped.reset_index(drop=True)[list(DROPPED_COLUMNS)]


# ----------------------------------------------------------------- assembly
def _drivers(estimates: dict[str, pd.DataFrame], kept: pd.Index) -> pd.DataFrame:
    values = pd.DataFrame({c: e["value"].reindex(kept) for c, e in estimates.items()})
    return values.assign(
        gdp_per_capita_yuan=values["gdp_100m_yuan"] * 1e8 / (values["resident_pop_10k"] * 1e4)
    )


def _assemble(
    units: pd.DataFrame, kept: pd.Index, estimates: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the cities table (rounded, schema order) and the flags table."""
    table = units.loc[kept].copy()
    for col, est in estimates.items():
        values = est["value"].reindex(kept)
        table[col] = (
            np.round(values.to_numpy(float), COORDINATE_DECIMALS)
            if col in ("lon_deg", "lat_deg")
            else significant(values)
        )
    table = table[OUTPUT_COLUMNS].sort_values("city_code", kind="stable").reset_index(drop=True)
    order = {c: i for i, c in enumerate(OUTPUT_COLUMNS)}
    flags = pd.concat(
        [
            est.reindex(kept)
            .dropna(subset=["method"])
            .rename_axis("city_code")
            .reset_index()
            .assign(column=col)
            for col, est in estimates.items()
        ]
    )
    flags = flags.assign(_order=flags["column"].map(order)).sort_values(
        ["city_code", "_order"], kind="stable"
    )
    return table, flags[list(FLAG_COLUMNS)].astype(str).reset_index(drop=True)


def build_cities(raw_dir: Path, land: str = "stocks") -> CityTables:
    """Build the 2017 city cross-section from the raw files in ``raw_dir``.

    Parameters
    ----------
    raw_dir : Path
        Folder holding the raw files described in ``shared/data/README.md``.
    land : {"stocks", "supply"}
        Land quantities as stocks (default, :func:`~paretoland.data.build.land.land_stocks`)
        or as annual state land supply by use, the paper's reading
        (:func:`~paretoland.data.build.supply.land_supply`).

    Returns
    -------
    CityTables
        The cities, flags and dropped tables, the parameters used and per-city details.
    """
    src = _read_sources(Path(raw_dir))
    units = _units(src)
    l1 = attach_city_codes(units, src.land_stocks, "L1 land stocks")
    l2 = match_by_stem(
        units,
        src.land_prices.assign(stem=src.land_prices["city_stem"]),
        "L2 land supply",
        by_province=False,
    ).dropna(subset=["city_code"])
    panels = _core_panels(src, l1)
    estimates = {
        col: fill_from_years(panel, label).reindex(units.index)
        for col, (panel, label) in panels.items()
    }
    estimates["resident_pop_10k"], params = resident_population(
        units.index, src.census, src.ma_tang
    )
    kept, dropped = _select(units, estimates, panels)
    drivers = _drivers(estimates, kept)
    estimates["house_price_yuan_m2"], params["house_price"] = house_prices(
        units, drivers, src.house
    )
    drivers["house_price_yuan_m2"] = estimates["house_price_yuan_m2"]["value"]
    if land not in LAND_VARIANTS:
        raise ConfigError(f"land must be one of {LAND_VARIANTS}, got {land!r}.")
    quantities, land_details, params["land"] = land_stocks(drivers, l1, l2)
    if land == "supply":
        quantities, params["land_supply"] = land_supply(drivers, l2, quantities)
    prices, params["land_prices"] = land_prices(drivers, l2)
    tertiary = tertiary_share(src.labour, l1)["value"]
    estimates["realestate_employment_10k"], params["realestate"] = realestate_employment(
        drivers["employment_10k"], tertiary
    )
    estimates |= quantities | prices | coordinates(kept, src.census, src.ma_tang)
    cities, flags = _assemble(units, kept, estimates)
    details = land_details.assign(
        gdp_per_capita_yuan=drivers["gdp_per_capita_yuan"],
        tertiary_share_pct=tertiary.reindex(kept),
    )
    return CityTables(
        cities=cities,
        flags=flags,
        dropped=dropped,
        parameters=params,
        details=details.sort_index(kind="stable"),
    )


def summarise(tables: CityTables) -> str:
    """Return a short text summary: cities, cities per province, flagged share per column."""
    cities, flags = tables.cities, tables.flags
    per_province = cities.groupby("province_pinyin", sort=True).size()
    shares = flags.groupby("column").size().reindex(OUTPUT_COLUMNS[7:]).fillna(0) / len(cities)
    lines = [
        f"{len(cities)} cities in {cities['province_code'].nunique()} provinces; "
        f"{len(tables.dropped)} units dropped",
        "cities per province: " + ", ".join(f"{p} {n}" for p, n in per_province.items()),
        "share of flagged values per column:",
    ]
    lines += [f"  {col:34s} {share:6.1%}" for col, share in shares.items()]
    return "\n".join(lines)
