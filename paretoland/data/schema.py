"""The documented schema of a paretoland city dataset.

A dataset is two CSV files (plus optional companions):

``cities.csv``
    One row per city, with the columns of :data:`CITY_COLUMNS` (those of
    :data:`DERIVABLE_COLUMNS` may be left out). Quantities carry
    their unit in the column name (``_10k`` = 万人 = 10,000 persons, ``_100m_yuan`` =
    亿元 = 10^8 yuan, ``_km2`` = square kilometres, ``_yuan_m2`` = yuan per m²).
``migration.csv``
    The migration share matrix ``m``: a first column ``origin`` holding city codes,
    then one column per destination city code; entry (o, d) is the share of
    origin o's hukou labour force that lives in d. Each row sums to 1.
``flags.csv`` (optional)
    One row per constructed or imputed value: ``city_code``, ``column``,
    ``method`` (a short code) and ``note``. See :data:`FLAG_COLUMNS`.
``dropped.csv`` (optional, written by the build)
    The cities left out of the dataset and why. See :data:`DROPPED_COLUMNS`.

The same schema is used by the embedded default dataset (``data/``) and by any
dataset a user brings.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Column",
    "CITY_COLUMNS",
    "IDENTIFIER_COLUMNS",
    "QUANTITY_COLUMNS",
    "OPTIONAL_COLUMNS",
    "DERIVABLE_COLUMNS",
    "FLAG_COLUMNS",
    "DROPPED_COLUMNS",
    "CITIES_FILE",
    "MIGRATION_FILE",
    "FLAGS_FILE",
    "DROPPED_FILE",
    "MIGRATION_ORIGIN_COLUMN",
]

CITIES_FILE = "cities.csv"
MIGRATION_FILE = "migration.csv"
FLAGS_FILE = "flags.csv"
DROPPED_FILE = "dropped.csv"
MIGRATION_ORIGIN_COLUMN = "origin"


@dataclass(frozen=True)
class Column:
    """One column of ``cities.csv``.

    Attributes
    ----------
    name : str
        Column name in the CSV file.
    unit : str
        Unit of the stored values ("" for identifiers).
    symbol : str
        The model symbol the column feeds (``docs``: docs/model.md §1–2), or "".
    description : str
        What the column means.
    positive : bool
        Whether every value must be strictly positive.
    derivable : bool
        Whether the column may be left out (or its cells left empty): it is then
        derived and flagged (:mod:`paretoland.data.validation.derived`).
    """

    name: str
    unit: str
    symbol: str
    description: str
    positive: bool = False
    derivable: bool = False


IDENTIFIER_COLUMNS: tuple[Column, ...] = (
    Column(
        "city_code",
        "",
        "",
        "6-digit NBS division code of the city (municipalities: 110000, 120000, 310000, 500000)",
    ),
    Column("name_zh", "", "", "Chinese name, e.g. 北京市"),
    Column("name_pinyin", "", "", "Pinyin name, e.g. Beijing"),
    Column("province_code", "", "", "6-digit code of the province, e.g. 110000"),
    Column("province_zh", "", "", "Chinese name of the province, e.g. 北京市"),
    Column("province_pinyin", "", "", "Pinyin name of the province, e.g. Beijing"),
    Column("region", "", "", "NBS region: East, Central, West or Northeast"),
)

QUANTITY_COLUMNS: tuple[Column, ...] = (
    Column(
        "gdp_100m_yuan",
        "10^8 yuan (亿元), current prices",
        "Y",
        "Gross domestic product, whole city (全市)",
        True,
    ),
    Column(
        "employment_10k",
        "10^4 persons (万人)",
        "L^Y",
        "Goods-sector employment: employed persons in urban units "
        "(城镇单位从业人员期末人数), whole city",
        True,
    ),
    Column(
        "realestate_employment_10k",
        "10^4 persons (万人)",
        "L^H",
        "Real-estate (housing-sector) employment (房地产业从业人员), part of the urban-unit "
        "employment; optional: empty cells get the national share of employment",
        True,
        True,
    ),
    Column(
        "wage_yuan",
        "yuan per worker per year",
        "w",
        "Average wage of on-post staff (在岗职工平均工资)",
        True,
    ),
    Column(
        "hukou_pop_10k",
        "10^4 persons (万人)",
        "L^o",
        "Year-end registered (hukou) population (户籍人口), whole city",
        True,
    ),
    Column(
        "resident_pop_10k",
        "10^4 persons (万人)",
        "L",
        "Resident population (常住人口), whole city; optional: derived as mᵀ hukou when left out",
        True,
        True,
    ),
    Column(
        "land_productive_km2",
        "km²",
        "R^Y",
        "Productive construction land (industrial + logistics + commercial), urban districts",
        True,
    ),
    Column(
        "land_residential_km2",
        "km²",
        "R^H",
        "Residential construction land (居住用地), urban districts",
        True,
    ),
    Column(
        "land_price_productive_yuan_m2",
        "yuan per m²",
        "p^Y",
        "Observed price of productive (industrial) land",
        True,
    ),
    Column(
        "land_price_residential_yuan_m2",
        "yuan per m²",
        "p^H",
        "Observed price of residential and commercial land",
        True,
    ),
    Column("house_price_yuan_m2", "yuan per m² of floor space", "P^h", "Average house price", True),
)

OPTIONAL_COLUMNS: tuple[Column, ...] = (
    Column("lon_deg", "degrees east", "", "Longitude of the city's centroid"),
    Column("lat_deg", "degrees north", "", "Latitude of the city's centroid"),
)

CITY_COLUMNS: tuple[Column, ...] = IDENTIFIER_COLUMNS + QUANTITY_COLUMNS
DERIVABLE_COLUMNS: tuple[str, ...] = tuple(c.name for c in QUANTITY_COLUMNS if c.derivable)
"""Quantity columns a dataset may leave out (derived and flagged when absent)."""

FLAG_COLUMNS: tuple[str, ...] = ("city_code", "column", "method", "note")
DROPPED_COLUMNS: tuple[str, ...] = ("city_code", "name_zh", "province_zh", "reason")
