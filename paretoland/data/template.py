"""A template dataset to fill in, and the guide to its columns (``paretoland data template``).

The template is a consistent sub-economy of six real cities of the embedded 2017
dataset (Beijing, Tianjin, Shijiazhuang, Baoding, Chengdu, Mianyang: three provinces),
written as a dataset folder with its flags, plus the column guide as ``columns.csv``
and ``columns.md``: each column's name, unit, model symbol, whether it is required,
what it means, where to find it, and its plausible range (:mod:`paretoland.data.
validation.plausibility`). Replace the rows with your cities, keep the headers, and
check the result with ``paretoland data check``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paretoland.data.dataset import load_cities
from paretoland.data.schema import CITY_COLUMNS, OPTIONAL_COLUMNS
from paretoland.data.validation import plausibility_table
from paretoland.data.writing import write_dataset_folder

__all__ = ["COLUMN_SOURCES", "TEMPLATE_CITIES", "column_guide", "write_template"]

TEMPLATE_CITIES: tuple[str, ...] = ("110000", "120000", "130100", "130600", "510100", "510700")
"""City codes of the template: Beijing, Tianjin, Shijiazhuang, Baoding, Chengdu, Mianyang."""
GUIDE_CSV, GUIDE_MD = "columns.csv", "columns.md"

COLUMN_SOURCES: dict[str, str] = {
    "city_code": "NBS division code (统计用区划代码), 6 digits, as text",
    "name_zh": "any; shown in messages and maps",
    "name_pinyin": "any; shown in tables and figures",
    "province_code": "NBS province code, e.g. 610000",
    "province_zh": "陕西省 or 陕西 (normalised to the full name)",
    "province_pinyin": "Shaanxi, shaanxi, Shaanxi Province (normalised)",
    "region": "East, Central, West, Northeast (or 东部, 中部, 西部, 东北)",
    "gdp_100m_yuan": "中国城市统计年鉴, 地区生产总值 (全市), 亿元",
    "employment_10k": "中国城市统计年鉴, 城镇单位从业人员期末人数 (全市), 万人",
    "realestate_employment_10k": "中国城市统计年鉴 按行业分: 房地产业从业人员, 万人; leave "
    "empty for the national share (2.6 % of urban-unit employment, flagged)",
    "wage_yuan": "中国城市统计年鉴, 在岗职工平均工资, yuan per year",
    "hukou_pop_10k": "中国城市统计年鉴 or 统计公报, 年末户籍人口, 万人",
    "resident_pop_10k": "census or 统计公报, 常住人口, 万人; leave the column out to derive "
    "it as mᵀ hukou; if it disagrees with the matrix, `paretoland data rake`",
    "land_productive_km2": "中国城市建设统计年鉴: 工业 + 物流仓储 + 商业服务业设施用地 (市辖区), "
    "km²; or 国有建设用地供应 工矿仓储 + 商服 (km² per year) for the paper's reading",
    "land_residential_km2": "中国城市建设统计年鉴: 居住用地 (市辖区), km²; or 国有建设用地供应 "
    "住宅 (km² per year)",
    "land_price_productive_yuan_m2": "中国土地市场网 transactions (工业用地 average), or "
    "城市地价动态监测 工业地价, yuan per m² (1 万元/公顷 = 1 yuan/m²)",
    "land_price_residential_yuan_m2": "中国土地市场网 transactions (商住用地 average), or "
    "城市地价动态监测 住宅地价, yuan per m²",
    "house_price_yuan_m2": "商品房销售额 / 销售面积 (统计年鉴) or listing averages, yuan per m²",
    "lon_deg": "centroid longitude, for maps (optional)",
    "lat_deg": "centroid latitude, for maps (optional)",
}
"""Where to find each column (a suggestion)."""


def column_guide() -> pd.DataFrame:
    """Return the guide to the columns of ``cities.csv``.

    Returns
    -------
    DataFrame
        One row per column: ``column``, ``unit``, ``symbol``, ``required``
        ("required" or what happens when it is left out), ``meaning``, ``source``, and
        the plausible range of the check naming it (``refused_outside``,
        ``warned_outside``).
    """
    checks = plausibility_table()
    rows = []
    for col in (*CITY_COLUMNS, *OPTIONAL_COLUMNS):
        if col in OPTIONAL_COLUMNS:
            required = "optional"
        elif col.derivable:
            required = "optional (derived and flagged when left out)"
        else:
            required = "required"
        check = checks.loc[col.name] if col.name in checks.index else None
        rows.append(
            {
                "column": col.name,
                "unit": col.unit,
                "symbol": col.symbol,
                "required": required,
                "meaning": col.description,
                "source": COLUMN_SOURCES.get(col.name, ""),
                "refused_outside": _range(check, "refused") if check is not None else "",
                "warned_outside": _range(check, "warned") if check is not None else "",
            }
        )
    return pd.DataFrame(rows)


def _range(check: pd.Series, kind: str) -> str:
    return f"{check['quantity']}: [{check[f'{kind}_below']:g}, {check[f'{kind}_above']:g}]"


def _markdown(guide: pd.DataFrame) -> str:
    lines = [
        "# The columns of cities.csv",
        "",
        "Quantities carry their unit in the column name (_10k = 万人, _100m_yuan = 亿元, "
        "_km2 = km², _yuan_m2 = yuan per m²). `migration.csv` holds the share matrix: a "
        "column `origin` with the city codes, then one column per destination code; entry "
        "(o, d) is the share of o's hukou population living in d, and each row sums to 1. "
        "`flags.csv` (optional) lists constructed values: city_code, column, method, note.",
        "",
        "| " + " | ".join(guide.columns) + " |",
        "| " + " | ".join("---" for _ in guide.columns) + " |",
    ]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in guide.itertuples(False)]
    lines += [
        "",
        "Values outside `refused_outside` are refused with the city, the column and the "
        "likely unit mistake; values outside `warned_outside` load with a warning.",
    ]
    return "\n".join(lines) + "\n"


def write_template(out: str | Path, *, overwrite: bool = False) -> Path:
    """Write the template dataset and the column guide to a new folder.

    Parameters
    ----------
    out : str or Path
        A new folder (see :func:`~paretoland.data.writing.write_dataset_folder`).
    overwrite : bool
        Replace a template written there before, if it was not edited.

    Returns
    -------
    Path
        The folder.
    """
    data = load_cities(keep_tibet=True).subset(TEMPLATE_CITIES, reason="not in the template")
    guide = column_guide()
    return write_dataset_folder(
        data,
        out,
        extra={
            GUIDE_CSV: lambda path: guide.to_csv(path, index=False),
            GUIDE_MD: lambda path: path.write_text(_markdown(guide), encoding="utf-8"),
        },
        overwrite=overwrite,
    )
