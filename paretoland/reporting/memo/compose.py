"""The memo's sections in order, numbered tables and figures, and the finished HTML.

:func:`compose_memo` lays the sections out (summary; key numbers and trade-offs; who
gains and who loses; channels; the allocation; the frontier; caveats; method; an
appendix by province), numbers every table and figure in the order they appear, and
only then writes the summary and the caveats, which cite them by number.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from paretoland.reporting.memo.caveats import caveats, findings_table, flags_table
from paretoland.reporting.memo.facts import MemoFacts
from paretoland.reporting.memo.figures import MemoFigure
from paretoland.reporting.memo.page import document, figure_html, table_html
from paretoland.reporting.memo.summary import executive_summary
from paretoland.reporting.memo.tables import (
    MemoTable,
    big_cities_table,
    channels_table,
    counts_table,
    farmland_table,
    key_numbers_table,
    params_table,
    provinces_table,
    stakeholders_table,
    tradeoffs_table,
    traders_tables,
)
from paretoland.reporting.memo.words import MEASURE_NAMES, RULE_VALUES, algorithm_name, word

__all__ = ["ComposedMemo", "compose_memo", "memo_tables"]

Block = tuple[str, "MemoTable | MemoFigure | str | None"]
"""A piece of a section: ``("p", text)``, ``("table", MemoTable)``, ``("figure",
MemoFigure)``, or ``("summary" | "caveats", None)``, written once the numbers are known."""


@dataclass
class ComposedMemo:
    """The memo's HTML with the tables and figures it holds.

    Attributes
    ----------
    html : str
    tables : list of MemoTable
        In order of appearance (``data/<key>.csv``).
    refs : dict of str to int
        Table and figure numbers by key (``t_*`` tables, figure names).
    summary : list of str
        The summary's paragraphs (plain text).
    """

    html: str
    tables: list[MemoTable]
    refs: dict[str, int]
    summary: list[str] = field(default_factory=list)


def memo_tables(facts: MemoFacts, lang: str) -> tuple[dict[str, MemoTable], str]:
    """Return every table of the memo by key (optional ones left out).

    Also returns why the check of the paper's findings failed ("" when it did not).
    """
    findings, findings_error = findings_table(facts, lang)
    made = [
        key_numbers_table(facts, lang),
        tradeoffs_table(facts, lang),
        counts_table(facts, lang),
        big_cities_table(facts, lang),
        channels_table(facts, lang),
        *traders_tables(facts, lang),
        stakeholders_table(facts, lang),
        findings,
        flags_table(facts, lang),
        params_table(facts, lang),
        provinces_table(facts, lang),
        farmland_table(facts, lang),
    ]
    return {t.key: t for t in made if t is not None}, findings_error


def _sections(
    facts: MemoFacts, lang: str, figures: list[MemoFigure], tables: dict[str, MemoTable]
) -> list[tuple[str, list[Block]]]:
    def t(*keys: str) -> list[Block]:
        return [("table", tables[k]) for k in keys if k in tables]

    def f(section: str) -> list[Block]:
        return [("figure", item) for item in figures if item.section == section]

    key_blocks = t("t_key", "t_tradeoffs")
    if facts.tradeoffs is None:
        key_blocks.append(("p", word("n_tradeoffs_missing", lang, reason=facts.tradeoffs_error)))
    channel_blocks = t("t_channels")
    if facts.channels is None:
        channel_blocks.append(("p", word("n_channels_failed", lang, reason=facts.channels_error)))
    return [
        ("h_summary", [("summary", None)]),
        ("h_key", key_blocks),
        ("h_who", t("t_counts", "t_big") + f("who")),
        ("h_channels", channel_blocks),
        ("h_allocation", f("allocation") + t("t_sellers", "t_buyers")),
        ("h_frontier", t("t_stakeholders") + f("frontier")),
        ("h_caveats", [("caveats", None), *t("t_findings", "t_flags")]),
        ("h_method", [("p", p) for p in _method_paragraphs(facts, lang)] + t("t_params")),
        ("h_appendix", t("t_provinces", "t_farmland")),
    ]


def _numbering(sections: list[tuple[str, list[Block]]]) -> dict[str, int]:
    refs: dict[str, int] = {}
    counters = {"table": 0, "figure": 0}
    for _, blocks in sections:
        for kind, content in blocks:
            if isinstance(content, MemoTable):
                key = content.key
            elif isinstance(content, MemoFigure):
                key = content.name
            else:
                continue
            counters[kind] += 1
            refs[key] = counters[kind]
    return refs


def _method_paragraphs(facts: MemoFacts, lang: str) -> list[str]:
    result = facts.result
    config, meta = result.config, result.metadata
    rule, values = config.rule, RULE_VALUES[lang]
    data = meta.get("data", {})
    return [
        word(
            "m_run",
            lang,
            algorithm=algorithm_name(config.algorithm, lang),
            n_evaluations=f"{int(meta.get('n_evaluations', 0)):,}",
            seed=config.run.seed,
            n_points=f"{len(result.pareto_set):,}",
        ),
        word(
            "m_rule",
            lang,
            family=values.get(rule.family, rule.family),
            land_use=values.get(rule.land_use, rule.land_use),
            scope=values.get(rule.scope, rule.scope),
            participation=values.get(rule.participation, rule.participation),
            max_share=f"{100 * rule.max_share:g}",
            seller_price=f"{rule.seller_price:g}",
            pareto=word(
                "imposed" if config.constraints.pareto_improvement else "not_imposed", lang
            ),
            min_receipts=word("receipts", lang, value=f"{config.constraints.min_seller_receipts:g}")
            if config.constraints.min_seller_receipts > 0
            else word("none", lang),
            measure=MEASURE_NAMES[lang].get(config.objectives.measure, config.objectives.measure),
        ),
        word(
            "m_data",
            lang,
            source=data.get("source", ""),
            n_cities=data.get("n_cities", "?"),
            sha=str(data.get("sha256", ""))[:16] + "…",
        )
        + _sample_sentence(facts, lang),
        word("files", lang),
    ]


def _sample_sentence(facts: MemoFacts, lang: str) -> str:
    """Say which cities of the dataset the run's sample leaves out (maps: no value)."""
    excluded = facts.chosen.counterfactual.calibration.data.excluded
    if excluded.empty:
        return ""
    provinces = "、".join(dict.fromkeys(excluded["province_zh"].astype(str)))
    return word("m_sample", lang, n=len(excluded), provinces=provinces)


def _render(
    kind: str,
    content: MemoTable | MemoFigure | str | None,
    refs: dict[str, int],
    lang: str,
    extra: dict[str, list[str]],
) -> str:
    esc = html.escape
    if isinstance(content, MemoTable):
        return table_html(content, refs[content.key], lang)
    if isinstance(content, MemoFigure):
        return figure_html(content, refs[content.name], lang)
    if kind == "p":
        return f"<p>{esc(str(content))}</p>"
    if kind == "summary":
        return (
            "<div class='summary'>"
            + "".join(f"<p>{esc(p)}</p>" for p in extra["summary"])
            + "</div>"
        )
    return (
        "<ul class='caveats'>" + "".join(f"<li>{esc(c)}</li>" for c in extra["caveats"]) + "</ul>"
    )


def compose_memo(
    facts: MemoFacts, lang: str, figures: list[MemoFigure], *, version: str = ""
) -> ComposedMemo:
    """Build the memo's HTML in ``lang`` from its facts and figures."""
    tables, findings_error = memo_tables(facts, lang)
    sections = _sections(facts, lang, figures, tables)
    refs = _numbering(sections)
    extra = {
        "summary": executive_summary(facts, lang, refs),
        "caveats": caveats(facts, lang, refs, findings_error),
    }
    run, point = facts.result.config.run.name, facts.chosen.point
    meta = word(
        "meta",
        lang,
        run=run,
        point=point,
        n_points=f"{facts.selection.n_points:,}",
        date=date.today().isoformat(),
        version=version,
    )
    parts = [
        f"<header><p class='kicker'>{html.escape(word('kicker', lang))}</p>"
        f"<h1>{html.escape(word('title', lang))}</h1>"
        f"<p class='meta'>{html.escape(meta)}</p></header>"
    ]
    for number, (heading, blocks) in enumerate(sections, start=1):
        appendix = heading == "h_appendix"
        label = "" if appendix else f"<span class='n'>{number}</span>"
        parts.append(
            f"<section id='{heading[2:]}'{' class=appendix' if appendix else ''}>"
            f"<h2>{label}{html.escape(word(heading, lang))}</h2>"
            + "".join(_render(kind, content, refs, lang, extra) for kind, content in blocks)
            + "</section>"
        )
    title = f"{word('title', lang)} ({run}, {point})"
    header = f"paretoland · {run} · {point}"
    body = "".join(parts)
    return ComposedMemo(
        document(title, header, body, lang), list(tables.values()), refs, extra["summary"]
    )
