"""The memo's caveats: the paper's findings not reproduced, constructed data, the weights.

:func:`findings_table` re-runs the paper's uniform rules (Tables 2 and 3, 24 solves)
on the run's own data and parameters and lists the qualitative findings that do not
hold there; :func:`flags_table` summarises the dataset's constructed and imputed
values; :func:`caveats` writes the list of caveats that cite them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paretoland.exceptions import ParetolandError
from paretoland.reporting.figures.labels import objective_label
from paretoland.reporting.memo.facts import MemoFacts
from paretoland.reporting.memo.numbers import fmt
from paretoland.reporting.memo.tables import MemoTable
from paretoland.reporting.memo.words import group_names, word

__all__ = ["caveats", "findings_table", "flags_table", "paper_findings"]

EXAMPLE_STAKEHOLDERS = "stakeholders_example.toml"
"""The illustrative stakeholder file that ships with paretoland."""

_FINDINGS = {
    "trading improves the outcome (vs no trade)": (
        "Trading improves the outcome (against no trade)",
        "交易改善该结果（相对无交易）",
    ),
    "inter-province beats intra-province": (
        "Inter-province beats intra-province trading",
        "跨省交易优于省内交易",
    ),
    "all provinces beat pilot provinces only": (
        "All provinces beat the pilot provinces alone",
        "全部省份参与优于仅试点省份",
    ),
    "residential beats productive": (
        "Residential beats productive land",
        "居住用地交易优于生产用地交易",
    ),
}
_COLUMNS = {  # dataset column: (English, Chinese)
    "gdp_100m_yuan": ("GDP", "GDP"),
    "employment_10k": ("Employment", "就业人数"),
    "realestate_employment_10k": ("Real-estate employment", "房地产业就业人数"),
    "wage_yuan": ("Average wage", "平均工资"),
    "hukou_pop_10k": ("Hukou population", "户籍人口"),
    "resident_pop_10k": ("Resident population", "常住人口"),
    "land_productive_km2": ("Productive construction land", "生产用地面积"),
    "land_residential_km2": ("Residential construction land", "居住用地面积"),
    "land_price_productive_yuan_m2": ("Productive land price", "生产用地价格"),
    "land_price_residential_yuan_m2": ("Residential land price", "居住用地价格"),
    "house_price_yuan_m2": ("House price", "商品住宅价格"),
    "lat_deg": ("Latitude", "纬度"),
    "lon_deg": ("Longitude", "经度"),
}
_METHODS = (  # a word in the method code: (English, Chinese)
    ("mean_2016_2018_winsorised", ("mean of 2016–2018, winsorised", "2016—2018年均值（缩尾）")),
    ("regression", ("regression-imputed", "回归插补")),
    ("national_share", ("national shares", "按全国比例构造")),
    ("carried_forward", ("carried forward from earlier years", "沿用往年数据外推")),
    ("l2_mean", ("mean of 2016–2018", "2016—2018年均值")),
    ("coordinates", ("coordinates from another source", "其他来源的坐标")),
    ("centroid", ("coordinates from another source", "其他来源的坐标")),
    ("census", ("interpolated between censuses", "普查间插值")),
    ("subset_recomputed", ("recomputed for the sample", "按样本重新计算")),
    ("nearest_year", ("nearest year at national growth", "就近年份按全国增速推算")),
    ("interpolation", ("interpolated between years", "年份间插值")),
    ("spike", ("outlier replaced", "异常值替换")),
)


def paper_findings(facts: MemoFacts) -> pd.DataFrame:
    """Check the paper's findings on the run's data and parameters (``ScenarioResults.findings``).

    Solves the 24 uniform rules of the paper's Tables 2 and 3.
    """
    from paretoland.replication.experiments import paper_experiments, run_scenarios

    data = facts.chosen.counterfactual.calibration.data
    experiments = [
        e
        for e in paper_experiments(facts.result.config.params, robustness=False)
        if e.name in ("table2", "table3")
    ]
    measure = facts.result.config.objectives.measure
    return run_scenarios(data, experiments, measure=measure).findings()


def findings_table(facts: MemoFacts, lang: str) -> tuple[MemoTable | None, str]:
    """Return the table of findings not reproduced (or None, and why the check failed)."""
    try:
        findings = paper_findings(facts)
    except (ParetolandError, KeyError) as error:
        return None, str(error)
    missed = findings[findings["reproduced"] != "yes"].reset_index()
    outcomes = {
        objective_label(n, "en"): n for n in ("gdp", "welfare", "output_gap", "welfare_gap")
    }
    index = 1 if lang == "zh" else 0
    cells = pd.DataFrame(
        {
            word("c_finding", lang): [_FINDINGS.get(f, (f, f))[index] for f in missed["finding"]],
            word("c_outcome", lang): [
                objective_label(outcomes.get(o, o), lang) for o in missed["outcome"]
            ],
            word("c_paper_share", lang): [fmt(100 * v, 0) for v in missed["paper"]],
            word("c_our_share", lang): [fmt(100 * v, 0) for v in missed["ours"]],
            word("c_value", lang): [word(r, lang) for r in missed["reproduced"]],
        }
    )
    cells = cells.rename(columns={word("c_value", lang): "" if lang == "en" else "复现"})
    return MemoTable("t_findings", cells, missed, word("n_findings", lang), "llrrl"), ""


def _method_words(methods: str, lang: str) -> str:
    index = 1 if lang == "zh" else 0
    found: list[str] = []
    for code in (m.strip() for m in methods.split(",")):
        text = next((words[index] for key, words in _METHODS if key in code), code)
        if text not in found:
            found.append(text)
    return ("、" if lang == "zh" else "; ").join(found)


def flags_table(facts: MemoFacts, lang: str) -> MemoTable | None:
    """How many cities' values of each column are constructed or imputed, and how."""
    report = facts.chosen.counterfactual.calibration.data.flag_report()
    if report.empty:
        return None
    index = 1 if lang == "zh" else 0
    cells = pd.DataFrame(
        {
            word("c_column", lang): [_COLUMNS.get(c, (c, c))[index] for c in report.index],
            word("c_flagged", lang): [str(int(n)) for n in report["n_flagged"]],
            word("c_methods", lang): [_method_words(m, lang) for m in report["methods"]],
        }
    )
    return MemoTable("t_flags", cells, report.reset_index(), word("n_flags", lang), "lrl")


def caveats(
    facts: MemoFacts, lang: str, refs: dict[str, int], findings_error: str = ""
) -> list[str]:
    """Return the caveats, one plain-text item each, citing the tables by number."""
    items = []
    if facts.improves_all:
        items.append(
            word(
                "cv_improving",
                lang,
                n_down=facts.welfare.n_down,
                n_cities=facts.welfare.n_cities,
                table=refs["t_counts"],
            )
        )
    else:
        items.append(word("cv_not_improving", lang, table=refs["t_key"]))
    if "t_findings" in refs:
        items.append(word("cv_findings", lang, table=refs["t_findings"]))
    elif findings_error:
        items.append(word("cv_findings_failed", lang, reason=findings_error))
    else:
        items.append(word("cv_findings_all", lang))
    if "t_flags" in refs:
        items.append(word("cv_data", lang, table=refs["t_flags"]))
    items.append(_weights_caveat(facts, lang))
    tradeoffs = facts.tradeoffs
    if tradeoffs is not None and tradeoffs.method == "exact":
        certificate = f"{tradeoffs.stationarity:.3g}"
        items.append(word("cv_tradeoffs_exact", lang, certificate=certificate))
    elif tradeoffs is not None:
        items.append(word("cv_tradeoffs", lang))
    items += [word("cv_model", lang), word("cv_map", lang)]
    return [item for item in items if item]


def _weights_caveat(facts: MemoFacts, lang: str) -> str:
    selection = facts.selection
    if selection.stakeholders is not None:
        attrs = selection.stakeholders.attrs
        source = str(attrs.get("source", ""))
        groups = group_names(attrs.get("groups", []), lang)
        key = (
            "cv_stakeholders"
            if Path(source).name == EXAMPLE_STAKEHOLDERS
            else "cv_stakeholders_own"
        )
        return word(key, lang, source=Path(source).name, groups=groups)
    if selection.weights is not None:
        return word("cv_weights", lang)
    return ""
