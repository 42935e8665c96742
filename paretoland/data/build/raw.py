"""Readers of the raw public files behind the default dataset.

One function per file of ``shared/data/raw`` (provenance, licences and caveats in
``shared/data/README.md``). Each returns a tidy DataFrame with English column names
and units in the names; codes stay strings, quantities become floats. Documented
missing-value encodings (``0`` in L1, ``0`` prices in L2) become NaN here and nowhere
else. A missing file, a missing column or an unparsable number raises
:class:`~paretoland.exceptions.DataError` naming the file and the problem.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.exceptions import DataError

__all__ = [
    "CSMAR_GDP_FILE",
    "CSMAR_NAMES_FILE",
    "CSMAR_LABOUR_FILE",
    "CENSUS_FILE",
    "HOUSE_PRICE_FILE",
    "LAND_STOCK_FILE",
    "LAND_PRICE_FILE",
    "MA_TANG_FILE",
    "read_csmar_gdp",
    "read_csmar_names",
    "read_csmar_labour",
    "read_census_population",
    "read_house_prices",
    "read_land_stocks",
    "read_land_prices",
    "read_ma_tang_coordinates",
]

CSMAR_GDP_FILE = "csmar_city_gdp_CRE_Gdpct_1990_2021.csv"
CSMAR_NAMES_FILE = "csmar_city_gdp_CRE_Gdpct_1992_2021_zh_names.csv"
CSMAR_LABOUR_FILE = "csmar_city_population_employment_wage_CRE_Eplwagct_1978_2021.csv"
CENSUS_FILE = "census_city_population_2010_2020_leiii_v1.csv"
HOUSE_PRICE_FILE = "city_house_price_2000_2022_kwl.xlsx"
HOUSE_PRICE_SHEET = "单价元每平方米"
LAND_STOCK_FILE = "ccsy_city_construction_residential_land_1997_2013_hydzoo.csv"
LAND_PRICE_FILE = "landchina_city_land_supply_by_use_2008_2022_amateur0x1.csv"
MA_TANG_FILE = "prefecture_coords_census_pop_279_ma_tang.csv"


# ----------------------------------------------------------------- helpers
def _path(raw_dir: Path | str, name: str) -> Path:
    path = Path(raw_dir) / name
    if not path.is_file():
        raise DataError(f"raw file {name} not found in {raw_dir}; see shared/data/README.md.")
    return path


def _read_csv(raw_dir: Path | str, name: str, columns: dict[str, str]) -> pd.DataFrame:
    """Read ``name`` as strings, check ``columns`` exist and rename them."""
    frame = pd.read_csv(_path(raw_dir, name), dtype=str, encoding="utf-8-sig")
    return _select(frame, name, columns)


def _select(frame: pd.DataFrame, name: str, columns: dict[str, str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"raw file {name} lacks the expected column(s) {', '.join(missing)}.")
    return frame[list(columns)].rename(columns=columns).reset_index(drop=True)


def _numeric(frame: pd.DataFrame, name: str, columns: list[str]) -> pd.DataFrame:
    """Parse ``columns`` as floats; empty cells become NaN, anything else unparsable raises."""
    out = frame.copy()
    for col in columns:
        text = out[col].astype(str).str.strip()
        empty = out[col].isna() | text.eq("") | text.str.lower().eq("nan")
        values = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = ~empty & values.isna()
        if bad.any():
            raise DataError(
                f"raw file {name}, column {col}: {int(bad.sum())} non-numeric value(s), "
                f"e.g. {text[bad].iloc[0]!r}."
            )
        out[col] = values.astype(float)
    return out


def _zero_to_nan(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = out[col].where(out[col] != 0.0)
    return out


def _strip(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = out[col].str.strip()
    return out


# ----------------------------------------------------------------- CSMAR
def read_csmar_gdp(raw_dir: Path | str) -> pd.DataFrame:
    """CSMAR CRE_Gdpct city GDP, 1990–2021 (A1; China City Statistical Yearbook, 全市).

    Returns
    -------
    DataFrame
        ``year`` (int), ``city_code`` (6-digit CSMAR ``Ctnm_id``; municipalities
        110000/120000/310000/500000), ``name_en``, ``province_code``,
        ``gdp_100m_yuan`` (GDP, 亿元 = 10^8 yuan, current prices),
        ``gdp_per_capita_yuan`` (yuan per person) and ``real_growth_pct``
        (real GDP growth, %).
    """
    cols = {
        "Sgnyea": "year",
        "Ctnm_id": "city_code",
        "Ctnm_en": "name_en",
        "Prvcnm_id": "province_code",
        "Gdpct01": "gdp_100m_yuan",
        "GDP_PerCapita": "gdp_per_capita_yuan",
        "GDPYoY": "real_growth_pct",
    }
    frame = _strip(_read_csv(raw_dir, CSMAR_GDP_FILE, cols), ["city_code", "name_en"])
    frame = _numeric(frame, CSMAR_GDP_FILE, ["year", *list(cols.values())[4:]])
    return frame.astype({"year": int})


def read_csmar_names(raw_dir: Path | str) -> pd.DataFrame:
    """Chinese names of the CSMAR city codes (A2, the same CRE_Gdpct table in Chinese).

    Returns
    -------
    DataFrame
        One row per ``city_code`` with ``name_zh`` (e.g. 北京市, 吐鲁番地区),
        ``city_type_zh`` (直辖市/副省级市/地级市), ``province_code`` and
        ``province_zh``, taken from the latest year the code appears in.
    """
    cols = {
        "Sgnyea": "year",
        "Ctnm_id": "city_code",
        "Ctnm": "name_zh",
        "Cttyp": "city_type_zh",
        "Prvcnm_id": "province_code",
        "Prvcnm": "province_zh",
    }
    frame = _strip(_read_csv(raw_dir, CSMAR_NAMES_FILE, cols), ["city_code", "name_zh"])
    frame = _numeric(frame, CSMAR_NAMES_FILE, ["year"]).astype({"year": int})
    latest = frame.sort_values(["city_code", "year"], kind="stable").groupby("city_code").tail(1)
    return latest.drop(columns="year").sort_values("city_code").reset_index(drop=True)


def read_csmar_labour(raw_dir: Path | str) -> pd.DataFrame:
    """CSMAR CRE_Eplwagct population, employment and wages, 1978–2021 (A3; CCSY, 全市).

    Returns
    -------
    DataFrame
        ``year`` (int), ``city_code``, ``name_en``, ``province_code``,
        ``hukou_pop_10k`` (Eect01, year-end registered population, 万人),
        ``employment_10k`` (Eect05, 城镇单位从业人员期末人数, 万人),
        ``tertiary_share_pct`` (Eect10, tertiary share of unit employment, %) and
        ``wage_yuan`` (Eect13, 在岗职工平均工资, yuan per year).
    """
    cols = {
        "Sgnyea": "year",
        "Ctnm_id": "city_code",
        "Ctnm_en": "name_en",
        "Prvcnm_id": "province_code",
        "Eect01": "hukou_pop_10k",
        "Eect05": "employment_10k",
        "Eect10": "tertiary_share_pct",
        "Eect13": "wage_yuan",
    }
    frame = _strip(_read_csv(raw_dir, CSMAR_LABOUR_FILE, cols), ["city_code", "name_en"])
    frame = _numeric(frame, CSMAR_LABOUR_FILE, ["year", *list(cols.values())[4:]])
    return frame.astype({"year": int})


# ----------------------------------------------------------------- census
def read_census_population(raw_dir: Path | str) -> pd.DataFrame:
    """Census resident population 2010 and 2020 on 2020 boundaries (A4, leiii/census, MIT).

    Returns
    -------
    DataFrame
        ``census_code`` (6-digit NBS 2020 code; Beijing 110100), ``name_zh``,
        ``province_code``, ``pop_2010`` and ``pop_2020`` (常住人口, persons; NaN for
        the Xinjiang corps cities) and ``wkt`` (boundary, WKT POLYGON/MULTIPOLYGON in
        degrees).
    """
    cols = {
        "city_code": "census_code",
        "city": "name_zh",
        "province_code": "province_code",
        "popu_2010": "pop_2010",
        "popu_2020": "pop_2020",
        "coord": "wkt",
    }
    frame = _strip(_read_csv(raw_dir, CENSUS_FILE, cols), ["census_code", "name_zh"])
    return _numeric(frame, CENSUS_FILE, ["pop_2010", "pop_2020"])


# ----------------------------------------------------------------- house prices
def read_house_prices(raw_dir: Path | str) -> pd.DataFrame:
    """Average house prices of 296 cities, 2000–2022 (A5, sheet 单价元每平方米).

    Returns
    -------
    DataFrame
        Long format: ``province_zh`` (e.g. 安徽省), ``city_zh`` (as written, e.g.
        合肥市, 北京, 昌都, 吉林省市), ``year`` (int; headers like "2010年" are
        normalised) and ``house_price_yuan_m2`` (yuan per m² of floor space; missing
        cells dropped).
    """
    path = _path(raw_dir, HOUSE_PRICE_FILE)
    try:
        wide = pd.read_excel(path, sheet_name=HOUSE_PRICE_SHEET, dtype=str)
    except ValueError as exc:
        raise DataError(
            f"raw file {HOUSE_PRICE_FILE}: cannot read sheet {HOUSE_PRICE_SHEET!r}: {exc}"
        ) from exc
    wide.columns = [str(c).strip().removesuffix("年") for c in wide.columns]
    wide = _strip(
        _select(
            wide,
            HOUSE_PRICE_FILE,
            {"省份": "province_zh", "城市": "city_zh"}
            | {c: c for c in wide.columns if c.isdigit()},
        ),
        ["province_zh", "city_zh"],
    )
    years = [c for c in wide.columns if c.isdigit()]
    if "2017" not in years:
        raise DataError(
            f"raw file {HOUSE_PRICE_FILE}: no 2017 column in sheet {HOUSE_PRICE_SHEET}."
        )
    long = wide.melt(
        id_vars=["province_zh", "city_zh"],
        value_vars=years,
        var_name="year",
        value_name="house_price_yuan_m2",
    )
    long = _numeric(long, HOUSE_PRICE_FILE, ["year", "house_price_yuan_m2"])
    long = long.dropna(subset=["house_price_yuan_m2"]).astype({"year": int})
    long = long.sort_values(["province_zh", "city_zh", "year"], kind="stable")
    return long.reset_index(drop=True)


# ----------------------------------------------------------------- land
def read_land_stocks(raw_dir: Path | str) -> pd.DataFrame:
    """CCSY urban construction and residential land, 1997–2013 (L1, hydzoo extract).

    Province rows are dropped. The source wrote missing cells as 0; they are NaN here.

    Returns
    -------
    DataFrame
        ``year`` (int, data year), ``census_code`` (NBS 2020 code assigned by
        point-in-polygon; 莱芜 keeps 371200; empty for 三沙), ``name_zh``,
        ``construction_land_km2`` (d13 城市建设用地面积, 市辖区, km²),
        ``residential_land_km2`` (d14 居住用地面积, 市辖区, km²; 2008–2013 only),
        ``hukou_pop_10k`` (d08 年末户籍人口, 全市, 万人) and ``tertiary_share_pct``
        (d03 第三产业从业人员比重, 全市, %).
    """
    cols = {
        "row_type": "row_type",
        "year": "year",
        "code_2020_leiii": "census_code",
        "name": "name_zh",
        "d13_城市建设用地面积_市辖区": "construction_land_km2",
        "d14_居住用地面积_市辖区": "residential_land_km2",
        "d08_年末部人口万人_全市": "hukou_pop_10k",
        "d03_第三产业从业人员比重全市": "tertiary_share_pct",
    }
    frame = _read_csv(raw_dir, LAND_STOCK_FILE, cols)
    frame = frame[frame["row_type"] == "city"].drop(columns="row_type")
    frame = _strip(frame, ["census_code", "name_zh"])
    values = list(cols.values())[4:]
    frame = _zero_to_nan(_numeric(frame, LAND_STOCK_FILE, ["year", *values]), values)
    return frame.astype({"year": int}).reset_index(drop=True)


def read_land_prices(raw_dir: Path | str) -> pd.DataFrame:
    """landchina.com transaction aggregates by city and year, 2008–2022 (L2, urban districts).

    Upstream, every zero or missing cell was replaced by a city-specific linear trend;
    zero prices that remain are NaN here. Note 1 万元/公顷 = 1 yuan/m².

    Returns
    -------
    DataFrame
        ``city_stem`` (name without 市, e.g. 石家庄), ``year`` (int),
        ``industrial_price_yuan_m2`` (工业用地_平均价格), ``commercial_residential_price_yuan_m2``
        (商住用地_平均价格), ``industrial_area_ha`` and ``commercial_residential_area_ha``
        (transacted area, hectares).
    """
    cols = {
        "市": "city_stem",
        "年份": "year",
        "工业用地_平均价格": "industrial_price_yuan_m2",
        "商住用地_平均价格": "commercial_residential_price_yuan_m2",
        "工业用地_总面积": "industrial_area_ha",
        "商住用地_总面积": "commercial_residential_area_ha",
    }
    frame = _strip(_read_csv(raw_dir, LAND_PRICE_FILE, cols), ["city_stem"])
    frame = _numeric(frame, LAND_PRICE_FILE, list(cols.values())[1:])
    frame = _zero_to_nan(
        frame, ["industrial_price_yuan_m2", "commercial_residential_price_yuan_m2"]
    )
    return frame.astype({"year": int})


# ----------------------------------------------------------------- coordinates
def read_ma_tang_coordinates(raw_dir: Path | str) -> pd.DataFrame:
    """Prefecture coordinates and 2010 census population of Ma & Tang (A6, GPL-3.0).

    Returns
    -------
    DataFrame
        ``code4`` (first 4 digits of the pre-2011 division code, e.g. 1101),
        ``name_zh`` (as of 2010: 襄樊市, 思茅市), ``name_en``, ``lon_deg``,
        ``lat_deg`` (city seat, degrees) and ``census_pop_2010_10k`` (万人).
    """
    cols = {
        "dzcode": "code4",
        "cityname_chn": "name_zh",
        "cityname_eng": "name_en",
        "coord_long": "lon_deg",
        "coord_lat": "lat_deg",
        "cpop2010": "census_pop_2010_10k",
    }
    frame = _strip(_read_csv(raw_dir, MA_TANG_FILE, cols), ["code4", "name_zh", "name_en"])
    frame = _numeric(frame, MA_TANG_FILE, ["lon_deg", "lat_deg", "census_pop_2010_10k"])
    if not np.all(frame["code4"].str.fullmatch(r"\d{4}")):
        raise DataError(f"raw file {MA_TANG_FILE}: dzcode is not always 4 digits.")
    return frame
