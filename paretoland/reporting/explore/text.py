"""The explorer's words in English and Chinese: ``TEXT[lang][key]``, and objective labels.

The page receives the texts of its language only. Keys are plain names; texts with
``{field}`` are formatted in the browser (``T('key', {field: ...})``).
"""

from __future__ import annotations

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.labels import LANGUAGES, label

__all__ = ["HTML_LANG", "TEXT", "objective_meta"]

HTML_LANG = {"en": "en", "zh": "zh-CN"}
"""The ``lang`` attribute of the page per language."""

_UNITS = {
    "en": {"farmer_income": "100 million yuan", "farmland_loss": "km²", "": "% change"},
    "zh": {"farmer_income": "亿元", "farmland_loss": "平方公里", "": "变化，%"},
}
_SHORT_UNITS = {
    "en": {"farmer_income": "100m yuan", "farmland_loss": "km²", "": "%"},
    "zh": {"farmer_income": "亿元", "farmland_loss": "平方公里", "": "%"},
}
_NAMES = {
    "en": {"farmer_income": "Farmers' income", "farmland_loss": "Worst provincial farmland loss"},
    "zh": {"farmer_income": "农民收入", "farmland_loss": "省份最大耕地净损失"},
}
_BUILTIN = ("gdp", "welfare", "output_gap", "welfare_gap", "farmer_income", "farmland_loss")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Pareto frontier explorer",
        "subtitle": "Run {run}: {n} Pareto points ({algorithm}, {evaluations} evaluations, "
        "seed {seed}, rule family {family}). Objectives are changes against the calibrated "
        "2017 economy without trading (the status quo, 0 on every objective).",
        "chosen_how": "Chosen point: {point}, by {method}{extra}.",
        "improving_only": ", among the points that beat the status quo on every objective",
        "weights": "; weights {weights}",
        "detail_note": "Maps and city tables are precomputed for {shown} of the {total} points "
        "({how}).",
        "detail_all": "all of them",
        "detail_thinned": "a well-spread subset that keeps the marked points",
        "frontier": "The frontier",
        "frontier_hint": "Choose any two or three objectives. Click a point for its details. "
        "Grey points lie outside the brushes.",
        "x_axis": "x axis",
        "y_axis": "y axis",
        "z_axis": "z axis",
        "none_2d": "— (2-D view)",
        "colour_by": "colour by",
        "parallel": "Every objective at once",
        "parallel_hint": "Up is better on every axis. Drag along an axis to brush a range; "
        "click outside a range to remove it. The table lists the points inside every brush.",
        "reset": "Reset brushes",
        "improving": "Beat the status quo on every objective",
        "fixed_scale": "same scale for every point",
        "table": "Points inside the brushes",
        "table_count": "{k} of {n} points inside the brushes",
        "table_shown": "; the first {shown} shown, sorted by {key} (click a heading to sort)",
        "download": "Download CSV",
        "point": "Point",
        "sellers": "Sellers",
        "buyers": "Buyers",
        "land_traded": "Land traded (km²)",
        "money": "Paid for quotas (billion yuan)",
        "losing": "Cities losing welfare",
        "worst_loss": "Largest welfare loss (%)",
        "better": "better",
        "higher_better": "higher is better",
        "lower_better": "lower is better",
        "brighter_better": "brighter is better",
        "pareto": "Pareto points",
        "outside": "Outside the brushes",
        "status_quo": "Status quo (no trade)",
        "uniform_intra": "Paper's uniform rules, within provinces (Table 2)",
        "uniform_inter": "Paper's uniform rules, across provinces (Table 3)",
        "optimum": "Best {name}",
        "chosen": "Chosen point",
        "selected": "Selected",
        "detail": "Selected point",
        "objective": "Objective",
        "sense": "Sense",
        "value": "Value",
        "vs_chosen": "vs chosen",
        "share_beaten": "Better than",
        "of_frontier": "{pct} of the frontier",
        "allocation": "The allocation",
        "summary": "{sellers} cities sell and {buyers} buy {land} km² of construction-land "
        "quotas for {money} billion yuan. {losing} cities lose welfare (by city of origin); "
        "the largest loss is {worst} % ({city}).",
        "nobody_loses": "{sellers} cities sell and {buyers} buy {land} km² of construction-land "
        "quotas for {money} billion yuan. No city loses welfare.",
        "map": "Map",
        "map_gdp": "GDP, % change by city",
        "map_welfare": "Welfare, % change by city of origin (hukou)",
        "map_land": "Construction land, % change by city",
        "beyond": "beyond the scale",
        "not_drawn": "Drawn within another city's polygon: {names}",
        "top_sellers": "Top sellers",
        "top_buyers": "Top buyers",
        "city": "City",
        "province": "Province",
        "sold": "Sold (km²)",
        "bought": "Bought (km²)",
        "net_money": "Net receipts (billion yuan)",
        "gdp_pct": "GDP (%)",
        "welfare_pct": "Welfare (%)",
        "levers": "Levers of the rule",
        "no_detail": "No city detail was precomputed for this point (the explorer keeps "
        "{shown} of {total}; raise --detail-points). Nearest point with details:",
        "show_point": "show point {point}",
        "status_quo_detail": "No trade: every city keeps its land and every objective is 0.",
        "uniform_detail": "One of the paper's uniform rules ({table}): {rule}. It is not on "
        "the frontier: {n} frontier points beat it on every objective; point {witness} beats "
        "it by at least {margin} percentage points on each.",
        "uniform_alone": "One of the paper's uniform rules ({table}): {rule}.",
        "table2": "Table 2, within provinces",
        "table3": "Table 3, across provinces",
        "equal_area": "equal area",
        "equal_proportion": "equal proportion",
        "productive": "productive land",
        "residential": "residential land",
        "both": "both uses",
        "all": "all cities",
        "pilot": "pilot cities",
        "knee": "the knee point (largest trade-off)",
        "pseudo_weights": "pseudo-weights",
        "asf": "the achievement scalarising function",
        "compromise": "compromise programming",
        "topsis": "TOPSIS",
        "given point": "hand (given point)",
        "loading": "Loading the city data…",
        "offline": "Works offline: plotly.js and every number are inside this file.",
    },
    "zh": {
        "title": "帕累托前沿浏览器",
        "subtitle": "运行 {run}：{n} 个帕累托点（{algorithm}，{evaluations} 次评估，随机种子 "
        "{seed}，规则族 {family}）。各目标为相对于无交易的 2017 年校准经济（现状，各目标均为 0）"
        "的变化。",
        "chosen_how": "选定点：{point}，方法：{method}{extra}。",
        "improving_only": "，仅在各目标均优于现状的点中选择",
        "weights": "；权重 {weights}",
        "detail_note": "已为 {total} 个点中的 {shown} 个预先计算地图和城市表（{how}）。",
        "detail_all": "全部",
        "detail_thinned": "保留标记点的均匀子集",
        "frontier": "帕累托前沿",
        "frontier_hint": "可任选两个或三个目标。点击一个点查看详情。灰色点在刷选范围之外。",
        "x_axis": "横轴",
        "y_axis": "纵轴",
        "z_axis": "竖轴",
        "none_2d": "—（二维视图）",
        "colour_by": "颜色",
        "parallel": "全部目标（平行坐标）",
        "parallel_hint": "各轴均向上为更优。沿轴拖动以刷选范围；点击范围之外可取消。"
        "下表列出位于所有刷选范围内的点。",
        "reset": "清除刷选",
        "improving": "仅保留各目标均优于现状的点",
        "fixed_scale": "各点使用同一色标",
        "table": "刷选范围内的点",
        "table_count": "{n} 个点中有 {k} 个在刷选范围内",
        "table_shown": "；显示前 {shown} 个，按{key}排序（点击表头排序）",
        "download": "下载 CSV",
        "point": "点",
        "sellers": "卖方",
        "buyers": "买方",
        "land_traded": "交易用地（平方公里）",
        "money": "指标交易金额（亿元）",
        "losing": "福利下降的城市",
        "worst_loss": "最大福利降幅（%）",
        "better": "更优",
        "higher_better": "越高越好",
        "lower_better": "越低越好",
        "brighter_better": "越亮越好",
        "pareto": "帕累托点",
        "outside": "刷选范围之外",
        "status_quo": "现状（无交易）",
        "uniform_intra": "论文的统一规则：省内交易（表2）",
        "uniform_inter": "论文的统一规则：跨省交易（表3）",
        "optimum": "{name}最优",
        "chosen": "选定点",
        "selected": "当前选中",
        "detail": "选中的点",
        "objective": "目标",
        "sense": "方向",
        "value": "数值",
        "vs_chosen": "与选定点之差",
        "share_beaten": "优于",
        "of_frontier": "前沿上 {pct} 的点",
        "allocation": "配置方案",
        "summary": "{sellers} 个城市卖出、{buyers} 个城市买入建设用地指标 {land} 平方公里，"
        "交易金额 {money} 亿元。{losing} 个城市（按户籍来源）福利下降，"
        "最大降幅 {worst}%（{city}）。",
        "nobody_loses": "{sellers} 个城市卖出、{buyers} 个城市买入建设用地指标 {land} 平方公里，"
        "交易金额 {money} 亿元。没有城市福利下降。",
        "map": "地图",
        "map_gdp": "各城市 GDP 变化（%）",
        "map_welfare": "各户籍来源城市的福利变化（%）",
        "map_land": "各城市建设用地变化（%）",
        "beyond": "超出色标范围",
        "not_drawn": "在其他城市的多边形内绘制：{names}",
        "top_sellers": "最大卖方",
        "top_buyers": "最大买方",
        "city": "城市",
        "province": "省份",
        "sold": "卖出（平方公里）",
        "bought": "买入（平方公里）",
        "net_money": "净收入（亿元）",
        "gdp_pct": "GDP（%）",
        "welfare_pct": "福利（%）",
        "levers": "规则参数",
        "no_detail": "未为此点预先计算城市详情（浏览器保留了 {total} 个点中的 {shown} 个；"
        "可调高 --detail-points）。最近的有详情的点：",
        "show_point": "查看点 {point}",
        "status_quo_detail": "无交易：各城市用地不变，各目标均为 0。",
        "uniform_detail": "论文的统一规则之一（{table}）：{rule}。它不在前沿上："
        "{n} 个前沿点在各目标上均优于它；点 {witness} 在每个目标上至少优 {margin} 个百分点。",
        "uniform_alone": "论文的统一规则之一（{table}）：{rule}。",
        "table2": "表2，省内交易",
        "table3": "表3，跨省交易",
        "equal_area": "等面积",
        "equal_proportion": "等比例",
        "productive": "生产用地",
        "residential": "居住用地",
        "both": "两类用地",
        "all": "全部城市",
        "pilot": "试点城市",
        "knee": "拐点法（权衡最大的点）",
        "pseudo_weights": "伪权重法",
        "asf": "成就标量化函数",
        "compromise": "折中规划",
        "topsis": "TOPSIS",
        "given point": "指定点",
        "loading": "正在加载城市数据…",
        "offline": "可离线使用：plotly.js 和全部数据均在本文件内。",
    },
}


def objective_meta(name: str, sense: str, lang: str) -> dict[str, str]:
    """Label, unit and sense of an objective for the page.

    Parameters
    ----------
    name : str
        Objective name (a built-in one, or a user objective shown by its name).
    sense : {"max", "min"}
    lang : {"en", "zh"}

    Returns
    -------
    dict
        ``name``; ``label`` (``"GDP"``); ``unit`` (``"% change"`` for the outcomes, ``""``
        for user objectives); ``title``, the label with its unit (``"GDP (% change)"``,
        ``"总产出（GDP）变化（%）"``); ``short``, for narrow places (``"GDP, %"``);
        ``sense``.
    """
    if lang not in LANGUAGES:
        raise ConfigError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}.")
    text = _NAMES[lang].get(name) or label(name, lang)
    builtin = name in _BUILTIN
    unit = _UNITS[lang].get(name, _UNITS[lang][""]) if builtin else ""
    short = _SHORT_UNITS[lang].get(name, _SHORT_UNITS[lang][""]) if builtin else ""
    if not unit:
        title = text
    elif lang == "zh":
        title = f"{text}变化（%）" if short == "%" else f"{text}（{unit}）"
    else:
        title = f"{text} ({unit})"
    separator = "，" if lang == "zh" else ", "
    return {
        "name": name,
        "label": text,
        "unit": unit,
        "title": title,
        "short": f"{text}{separator}{short}" if short else text,
        "sense": sense,
    }
