"""The memo's executive summary, in English or Chinese.

What was chosen and how, the trade-off, who gains and who loses, and what drives the
result.

:func:`executive_summary` returns plain-text paragraphs (the HTML escapes them); each
paragraph has one function per language, fed by the same :class:`~.facts.MemoFacts`.
"""

from __future__ import annotations

from paretoland.decision.prices import LocalTradeoffs
from paretoland.model.decomposition import channel_sentence
from paretoland.reporting.figures.labels import objective_label
from paretoland.reporting.memo.facts import LARGE_CHANGE_PCT, MemoFacts
from paretoland.reporting.memo.numbers import city_names, fmt, fmt_signed, join_list
from paretoland.reporting.memo.words import (
    MEASURE_NAMES,
    METHOD_NAMES,
    algorithm_name,
    group_names,
    word,
)

__all__ = ["executive_summary", "tradeoff_sentence", "weights_phrase"]

_BIG_NAMED = 4


def executive_summary(facts: MemoFacts, lang: str, refs: dict[str, int]) -> list[str]:
    """Return the summary's paragraphs in ``lang``.

    Parameters
    ----------
    facts : MemoFacts
    lang : {"en", "zh"}
    refs : dict of str to int
        Table numbers the text cites, by key (``"t_key"``, ``"t_tradeoffs"``,
        ``"t_counts"``, ``"t_big"``, ``"t_channels"``, ``"t_stakeholders"``).
    """
    paragraphs = [
        _choice(facts, lang, refs),
        _result(facts, lang),
        tradeoff_sentence(
            facts.tradeoffs, facts.result.config.objective_senses, lang, refs.get("t_tradeoffs")
        ),
        _gains_and_losses(facts, lang, refs),
        _channels(facts, lang, refs),
    ]
    return [p for p in paragraphs if p]


def weights_phrase(weights: dict[str, float], lang: str) -> str:
    """``GDP 0.31, welfare 0.31, output gap 0.18 and welfare gap 0.21``."""
    items = [
        f"{objective_label(name, lang) if lang == 'zh' else _lower(name, lang)} {value:.2f}"
        for name, value in weights.items()
    ]
    return "、".join(items) if lang == "zh" else join_list(items, lang)


def _lower(name: str, lang: str) -> str:
    text = objective_label(name, lang)
    return text if text.isupper() else text[:1].lower() + text[1:]


def _how(facts: MemoFacts, lang: str) -> str:
    """Say which point was chosen, by which method and why that point."""
    selection, point = facts.selection, facts.chosen.point
    if selection.method == "given":
        return word("given_point", lang, point=point)
    weights = "" if selection.weights is None else weights_phrase(selection.weights, lang)
    reference = selection.options.get("reference")
    target = (
        word("reference_point", lang, point=weights_phrase(reference, lang))
        if reference
        else word("ideal_point", lang)
    )
    reasons = _REASONS_ZH if lang == "zh" else _REASONS_EN
    reason = reasons[selection.method].format(
        score=selection.score or 0.0, weights=weights, reference=target
    )
    return word("chosen_by", lang, point=point, method=METHOD_NAMES[lang][selection.method]) + (
        reason
    )


_REASONS_EN = {
    "knee": ", as the allocation most costly to leave: every move to a neighbouring "
    "allocation loses at least {score:.2f} times what it gains (normalised objectives).",
    "topsis": ", as the allocation closest to the frontier's ideal point and farthest from "
    "its worst, with weights {weights}.",
    "pseudo_weights": ", as the allocation whose position between the best and worst value "
    "of each objective best matches the weights {weights}.",
    "asf": ", as the allocation whose largest weighted shortfall from {reference} is "
    "smallest, with weights {weights}.",
    "compromise": ", as the allocation nearest {reference} in weighted distance, with "
    "weights {weights}.",
}
_REASONS_ZH = {
    "knee": "，即离开代价最大的方案：移向任一邻近方案，损失至少为所得的{score:.2f}倍"
    "（目标已标准化）。",
    "topsis": "，即在权重{weights}下最接近前沿理想点、最远离最差点的方案。",
    "pseudo_weights": "，即各目标在最优与最差值之间的相对位置最符合权重{weights}的方案。",
    "asf": "，即在权重{weights}下相对{reference}的最大加权差距最小的方案。",
    "compromise": "，即在权重{weights}下与{reference}的加权距离最近的方案。",
}


def _choice(facts: MemoFacts, lang: str, refs: dict[str, int]) -> str:
    result, selection = facts.result, facts.selection
    config = result.config
    evaluations = f"{int(result.metadata.get('n_evaluations', 0)):,}"
    algorithm = algorithm_name(config.algorithm, lang)
    stakeholders = selection.stakeholders
    if lang == "zh":
        text = (
            f"本简报介绍从运行“{config.run.name}”的帕累托前沿（{algorithm}，模型评估"
            f"{evaluations}次）中选出的一个建设用地指标配置方案，涉及"
            f"{facts.welfare.n_cities}个地级城市。前沿共有{selection.n_points:,}个方案，"
            "任何一个都不会在GDP、福利、城市间产出差距和福利差距这四个全国目标上全面优于另一个。"
            + _how(facts, lang)
        )
        if stakeholders is not None:
            groups = group_names(stakeholders.attrs.get("groups", []), lang)
            text += (
                f"权重由{len(stakeholders.attrs.get('groups', []))}个利益相关方群体（{groups}）"
                f"的两两比较判断（层次分析法）与各目标在前沿上的熵权组合而成"
                f"（表{refs.get('t_stakeholders', '')}；判断为示例，见“注意事项”）。"
            )
        if selection.improving_only:
            text += (
                f"仅有在四个全国总量指标上均优于现状（全国GDP与福利上升、两项差距缩小）的"
                f"{selection.n_candidates:,}个方案参与选择（--improving-only）。"
            )
        return text
    text = (
        f"This memo presents one allocation of construction-land quotas among "
        f"{facts.welfare.n_cities} prefecture-level cities, chosen from the Pareto "
        f"frontier of run “{config.run.name}” ({algorithm}, {evaluations} model "
        f"evaluations). The frontier holds {selection.n_points:,} allocations, none better "
        "than another on all four national objectives: GDP, welfare, and the output and "
        "welfare gaps between cities. " + _how(facts, lang)
    )
    if stakeholders is not None:
        groups = stakeholders.attrs.get("groups", [])
        text += (
            f" The weights combine the pairwise judgements (AHP) of {len(groups)} "
            f"stakeholder groups ({group_names(groups, lang)}) with the entropy of the objectives "
            f"over the frontier (Table {refs.get('t_stakeholders', '')}); the judgements "
            "are illustrative (see Caveats)."
        )
    if selection.improving_only:
        text += (
            f" Only the {selection.n_candidates:,} allocations that improve all four "
            "national aggregates on the status quo (national GDP and welfare up, both gaps "
            "narrower) qualified (filter --improving-only)."
        )
    return text


def _change_phrase(name: str, value: float, sense: str, lang: str) -> tuple[str, str]:
    """Return the verb and the rest of "raises national GDP by 1.20 %" (Chinese: no verb)."""
    size, label = fmt(abs(value)), objective_label(name, lang)
    if lang == "zh":
        if abs(value) < 0.005:
            return "", f"{label}基本不变"
        verbs = {"max": ("提高", "降低"), "min": ("扩大", "缩小")}[sense]
        return "", f"{label}{verbs[0] if value > 0 else verbs[1]}{size}%"
    label = f"national {_lower(name, lang)}" if sense == "max" else f"the {_lower(name, lang)}"
    if abs(value) < 0.005:
        return "leaves", f"{label} unchanged"
    verbs = {"max": ("raises", "lowers"), "min": ("widens", "narrows")}[sense]
    return verbs[0] if value > 0 else verbs[1], f"{label} by {size} %"


def _changes_en(phrases: list[tuple[str, str]]) -> str:
    """Join verb phrases, saying a verb once for a run of the same verb."""
    clauses: list[list[str]] = []
    for verb, rest in phrases:
        if clauses and clauses[-1][0] == verb:
            clauses[-1].append(rest)
        else:
            clauses.append([verb, rest])
    return join_list([f"{c[0]} {join_list(c[1:], 'en')}" for c in clauses], "en")


def _result(facts: MemoFacts, lang: str) -> str:
    senses = facts.result.config.objective_senses
    phrases = [
        _change_phrase(name, value, senses[name], lang) for name, value in facts.objectives.items()
    ]
    totals = facts.trade_totals()
    measure = MEASURE_NAMES[lang].get(facts.result.config.objectives.measure, "")
    if lang == "zh":
        return (
            "与无交易的2017年校准经济相比，该方案使"
            + "，".join(rest for _, rest in phrases)
            + f"（差距以城市间的{measure}度量）。方案将{fmt(totals['land_km2'], 0)}平方公里"
            f"的建设用地指标从{totals['n_sellers']}个卖方城市转给{totals['n_buyers']}个买方城市，"
            f"买方共支付{fmt(totals['payments_100m_yuan'], 0)}亿元。以上均为全国总量，"
            "并不意味着每个城市都受益。"
        )
    return (
        "Against the calibrated 2017 economy without trading, the allocation "
        + _changes_en(phrases)
        + f" (gaps: the {measure} across cities). It moves "
        f"{fmt(totals['land_km2'], 0)} km² of construction-land quota from "
        f"{totals['n_sellers']} selling cities to {totals['n_buyers']} buying cities, which "
        f"pay {fmt(totals['payments_100m_yuan'], 0)} hundred million yuan (亿元) for it. "
        "These are national aggregates: they do not mean that every city gains."
    )


def _determined(tradeoffs: LocalTradeoffs, gained: str) -> list[str]:
    row_low, row_high = tradeoffs.low.loc[gained], tradeoffs.high.loc[gained]
    return [
        name
        for name in tradeoffs.prices.columns
        if row_low.notna()[name] and row_high.notna()[name]
    ]


def tradeoff_sentence(
    tradeoffs: LocalTradeoffs | None, senses: dict[str, str], lang: str, table: int | None
) -> str:
    """One sentence on the trade-off near the chosen point (empty without prices).

    Quotes the first objective whose prices against others are determined (their
    range over the neighbourhood sizes is finite): what one more percentage point of
    it costs in each of those others, the rest held fixed. ``senses`` gives each
    objective's sense (``"max"``/``"min"``), ``table`` the number of the prices' table.
    """
    if tradeoffs is None:
        return ""
    gained = next((name for name in tradeoffs.prices.index if _determined(tradeoffs, name)), None)
    how = word(f"s_source_{tradeoffs.method}", lang)
    if gained is None:
        return word("s_no_tradeoff", lang, table=table, how=how)
    costs = _cost_phrases(tradeoffs, gained, senses, lang)
    label = objective_label(gained, lang)
    if lang != "zh" and gained != "gdp":
        label = _lower(gained, lang)
    joined = join_list(costs, lang, alternatives=True)
    return word("s_tradeoff", lang, objective=label, costs=joined, table=table, how=how)


def _cost_phrases(
    tradeoffs: LocalTradeoffs, gained: str, senses: dict[str, str], lang: str
) -> list[str]:
    phrases = []
    for name in _determined(tradeoffs, gained):
        price = fmt(tradeoffs.price(gained, name), 1 if tradeoffs.price(gained, name) >= 1 else 2)
        label = objective_label(name, lang)
        if lang == "zh":
            verb = "降低" if senses[name] == "max" else "扩大"
            phrases.append(f"{label}{verb}{price}个百分点")
        elif senses[name] == "min":
            phrases.append(f"a {price}-point wider {_lower(name, lang)}")
        else:
            phrases.append(f"{price} points of {_lower(name, lang)}")
    return phrases


def _gains_and_losses(facts: MemoFacts, lang: str, refs: dict[str, int]) -> str:
    names = city_names(facts.cities, lang)
    welfare, gdp = facts.welfare, facts.gdp
    losers = [
        word("s_city_value", lang, name=names[c], value=fmt_signed(v))
        for c, v in facts.welfare_losers.items()
    ]
    big = [
        word(
            "s_city_change",
            lang,
            name=names[c],
            value=fmt_signed(facts.cities.loc[c, "gdp_change_pct"], 1),
        )
        for c in facts.big_cities[:_BIG_NAMED]
    ]
    selling = facts.cities["role"].isin(("seller", "both"))
    sellers = int(((facts.cities["gdp_change_pct"] < 0) & selling).sum())
    text = (
        word("s_welfare_all_up", lang)
        if welfare.n_down == 0
        else word(
            "s_welfare_split",
            lang,
            n_up=welfare.n_up,
            n_cities=welfare.n_cities,
            n_down=welfare.n_down,
            share=f"{welfare.pop_share_down:.0f}",
            n_large=welfare.n_down_large,
            large=fmt(LARGE_CHANGE_PCT, 0),
            named=join_list(losers, lang),
        )
    )
    return text + word(
        "s_gdp",
        lang,
        n_down=gdp.n_down,
        sellers=sellers,
        count=_count_word(len(big)) if lang == "en" else len(big),
        big=join_list(big, lang) if lang == "en" else "，".join(big),
        counts=refs.get("t_counts"),
        table=refs.get("t_big"),
    )


def _count_word(n: int) -> str:
    words = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 < n < len(words) else str(n)


def _channels(facts: MemoFacts, lang: str, refs: dict[str, int]) -> str:
    if facts.channels is None:
        return ""
    outcomes = [o for o in ("gdp", "welfare") if o in facts.channels.index]
    sentences = " ".join(channel_sentence(facts.channels, o, lang=lang) for o in outcomes)
    return word("s_channels", lang, sentences=sentences.rstrip("。."), table=refs.get("t_channels"))
