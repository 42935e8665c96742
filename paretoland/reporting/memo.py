"""A policy memo for one chosen allocation: self-contained HTML, a PDF, figures and CSVs.

:func:`write_memo` writes, atomically, a folder with

- ``memo.html``: self-contained (figures embedded as PNG data URIs, every figure's CSV
  embedded as a download link), readable offline and printable;
- ``memo.pdf``: the key numbers and every figure, one page each;
- ``figures/<name>.png|svg|pdf`` at print quality and ``data/<name>.csv``, the data
  behind each figure, plus the tables of the memo.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from paretoland.data.city_names import display_names
from paretoland.decision.allocation import ChosenAllocation, tradeoff_table
from paretoland.frontier.results import FrontierResult
from paretoland.io.folders import check_target, output_folder
from paretoland.model.outcomes import OUTCOME_LABELS as _LABELS
from paretoland.reporting import figures

__all__ = ["MEMO_FILES", "write_memo"]

MEMO_FILES = ("memo.html", "memo.pdf", "figures", "data")
_TOP = 10


@dataclass(frozen=True)
class _Figure:
    name: str
    title: str
    figure: Figure  # with .paretoland_data


def _figures(result: FrontierResult, chosen: ChosenAllocation, lang: str) -> list[_Figure]:
    point = chosen.point
    cities = chosen.cities.set_index("city_code")
    by_name = chosen.cities.set_index(display_names(chosen.cities, lang))
    land_pct = figures.land_change_pct(cities)
    made = [
        _Figure(
            "frontier_gdp_output_gap",
            "GDP against the output gap",
            figures.frontier_2d(result, "gdp", "output_gap", chosen=point, lang=lang),
        ),
        _Figure(
            "frontier_welfare_welfare_gap",
            "Welfare against the welfare gap",
            figures.frontier_2d(result, "welfare", "welfare_gap", chosen=point, lang=lang),
        ),
        _Figure(
            "scatter_matrix",
            "All four objectives",
            figures.scatter_matrix(result, chosen=point, lang=lang),
        ),
        _Figure(
            "parallel_coordinates",
            "The frontier in parallel coordinates",
            figures.parallel_coordinates(result, chosen=point, lang=lang),
        ),
        _Figure(
            "province_flows",
            "Quota flows by province",
            figures.province_flows(chosen.allocation, lang=lang),
        ),
        _Figure(
            "map_gdp",
            "GDP change by city (%)",
            figures.city_map(cities["gdp_change_pct"], title="GDP change by city", lang=lang),
        ),
        _Figure(
            "map_welfare",
            "Welfare change by city of origin (%)",
            figures.city_map(
                cities["welfare_change_pct"], title="Welfare change by city of origin", lang=lang
            ),
        ),
        _Figure(
            "map_land",
            "Construction land change by city (% of the city's land)",
            figures.city_map(land_pct, title="Construction land change by city", lang=lang),
        ),
        _Figure(
            "ranked_welfare",
            "Largest welfare gains and losses (by city of origin)",
            figures.ranked_bars(
                by_name["welfare_change_pct"], top=_TOP, title="Welfare change", unit="%", lang=lang
            ),
        ),
        _Figure(
            "ranked_gdp",
            "Largest GDP gains and losses",
            figures.ranked_bars(
                by_name["gdp_change_pct"], top=_TOP, title="GDP change", unit="%", lang=lang
            ),
        ),
    ]
    return made


def _key_numbers(result: FrontierResult, chosen: ChosenAllocation) -> pd.DataFrame:
    senses = result.config.objective_senses
    objectives = result.objectives
    rows = []
    for name in result.objective_names:
        best = objectives[name].max() if senses[name] == "max" else objectives[name].min()
        rows.append(
            {
                "objective": _LABELS.get(name, name),
                "sense": senses[name],
                "chosen allocation (%)": round(float(chosen.objectives[name]), 3),
                "best on the frontier (%)": round(float(best), 3),
                "status quo (%)": 0.0,
            }
        )
    uniform = result.uniform_rules
    if uniform is not None and "gdp" in uniform:
        head = uniform[
            (uniform["table"] == "table3")
            & (uniform["allocation"] == "equal_area")
            & (uniform["land_use"] == "both")
            & (uniform["participation"] == "all")
        ]
        if len(head) and head["status"].iloc[0] == "converged":
            for row, name in zip(rows, result.objective_names, strict=True):
                if name in head:
                    row["paper's uniform rule, inter-province, both, all (%)"] = round(
                        float(head[name].iloc[0]), 3
                    )
    return pd.DataFrame(rows)


def _png_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _csv_data_uri(frame: pd.DataFrame) -> str:
    text = frame.to_csv(index=False)
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode()).decode()


def _table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(
        index=False, float_format=lambda v: f"{v:,.3f}", border=0, classes="table", na_rep="—"
    )


def _html(
    result: FrontierResult,
    chosen: ChosenAllocation,
    method: str,
    made: list[_Figure],
    tables: dict[str, pd.DataFrame],
) -> str:
    config, meta = result.config, result.metadata
    data = meta.get("data", {})
    params = pd.DataFrame([config.params.to_dict()])
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Quota trading memo: {esc(config.run.name)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;"
        "line-height:1.45;color:#222}table.table{border-collapse:collapse;margin:.6em 0}"
        ".table td,.table th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}"
        "figure{margin:1.2em 0}figure img{max-width:100%}figcaption{font-size:.9em;color:#555}"
        "</style>",
        # Lets a headless browser report what it rendered (tests/test_memo.py).
        "<script>window.addEventListener('error',function(e){var d=document.documentElement;"
        "d.dataset.errors=(d.dataset.errors||'')+e.message+';'});"
        "window.addEventListener('load',function(){var i=Array.from(document.images);"
        "var d=document.documentElement;d.dataset.figures=i.length;d.dataset.figuresLoaded="
        "i.filter(function(x){return x.complete&&x.naturalWidth>0}).length;});</script>",
        "</head><body>",
        "<h1>Construction-land quota trading: a compromise allocation</h1>",
        f"<p>Frontier run <b>{esc(config.run.name)}</b> ({esc(config.algorithm.name)}, "
        f"{meta.get('n_evaluations', '?')} evaluations, seed {config.run.seed}); Pareto point "
        f"{chosen.point} of {len(result.pareto_set)}, chosen by <b>{esc(method)}</b>. "
        f"Prepared {date.today().isoformat()} with paretoland "
        f"{esc(str(meta.get('versions', {}).get('paretoland', '')))}.</p>",
        "<h2>Key numbers</h2>",
        _table_html(tables["key_numbers"]),
        "<p>Changes are % against the calibrated 2017 economy without trading. GDP and "
        "welfare are better higher; the output and welfare gaps (dispersion across cities) "
        "are better lower.</p>",
        "<h2>The frontier</h2>",
    ]
    sections = {"province_flows": "<h2>The chosen allocation</h2>"}
    for item in made:
        if item.name in sections:
            parts.append(sections[item.name])
        data_frame = getattr(item.figure, "paretoland_data", pd.DataFrame())
        parts.append(
            f"<figure id='{item.name}'><img alt='{esc(item.title)}' "
            f"src='{_png_data_uri(item.figure)}'><figcaption>{esc(item.title)}. "
            f"<a download='{item.name}.csv' href='{_csv_data_uri(data_frame)}'>Data (CSV)</a>; "
            f"print versions in figures/{item.name}.svg and .pdf.</figcaption></figure>"
        )
    for key, title in (
        ("top_sellers", "Top sellers"),
        ("top_buyers", "Top buyers"),
        ("winners", "Largest welfare gains (by city of origin)"),
        ("losers", "Largest welfare losses (by city of origin)"),
        ("provinces", "Land and money by province"),
        (
            "farmland_and_farmers",
            "Farmland and farmers' land-ticket income by "
            "province (1:1 linking; 85 % of the price net of 37,000 yuan/mu "
            "reclamation to farmers)",
        ),
    ):
        parts += [f"<h3>{title}</h3>", _table_html(tables[key])]
    for key in (k for k in tables if k.startswith("tradeoff_")):
        x, y = (
            ("gdp", "output_gap")
            if key == "tradeoff_gdp_output_gap"
            else ("welfare", "welfare_gap")
        )
        exact = "stationarity" in tables[key].columns
        how = (
            "at each frontier point, exact: from the objectives' gradients, the other "
            "objectives held fixed (exact where the point's Pareto-stationarity "
            "certificate is 0; the larger it is, the rougher)"
            if exact
            else "between neighbouring frontier points"
        )
        parts += [
            f"<h3>Trade-off prices: {_LABELS[x]} against the {_LABELS[y].lower()}</h3>",
            f"<p>Along the frontier in this plane, percentage points of {_LABELS[x]} "
            f"given up per percentage point of {_LABELS[y].lower()} closed, {how} "
            f"(data/{key}.csv).</p>",
            _table_html(tables[key].head(40)),
        ]
    parts += [
        "<h2>Assumptions and parameters</h2>",
        f"<p>Rule family <b>{esc(config.rule.family)}</b>, land use {esc(config.rule.land_use)}, "
        f"scope {esc(config.rule.scope)}, participation {esc(config.rule.participation)}, "
        f"largest share sold {config.rule.max_share}; seller price {config.rule.seller_price} "
        f"yuan/m². Constraints: Pareto improvement "
        f"{'on' if config.constraints.pareto_improvement else 'off'}, minimum seller receipts "
        f"{config.constraints.min_seller_receipts} 亿元, equilibrium feasibility always. Gaps "
        f"measured by {esc(config.objectives.measure)}.</p>",
        _table_html(params),
        "<h2>Data provenance</h2>",
        f"<p>Dataset {esc(str(data.get('source', '')))}, {data.get('n_cities', '?')} cities, "
        f"SHA-256 <code>{esc(str(data.get('sha256', '')))}</code>. Sources and constructed "
        "values are documented in the dataset's README (data/README.md).</p>",
        "<h2>Files</h2><p>Every table and the data behind every figure are in "
        "<code>data/</code>; figures in PNG, SVG and PDF in <code>figures/</code>.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _pdf(path: Path, tables: dict[str, pd.DataFrame], made: list[_Figure], title: str) -> None:
    with PdfPages(path) as pdf:
        page = Figure(figsize=(8.27, 11.69))
        page.text(0.06, 0.95, title, fontsize=14, weight="bold", va="top")
        page.text(
            0.06,
            0.90,
            tables["key_numbers"].to_string(index=False),
            family="monospace",
            fontsize=7,
            va="top",
        )
        for y, key, label in (
            (0.62, "top_sellers", "Top sellers"),
            (0.38, "top_buyers", "Top buyers"),
        ):
            table = tables[key].drop(columns="name_zh").round(3)  # monospace has no CJK
            page.text(
                0.06,
                y,
                f"{label}\n{table.to_string(index=False)}",
                family="monospace",
                fontsize=6,
                va="top",
            )
        pdf.savefig(page)
        for item in made:
            pdf.savefig(item.figure, bbox_inches="tight")


def write_memo(
    result: FrontierResult,
    chosen: ChosenAllocation,
    out_dir: str | Path,
    *,
    method: str = "knee",
    lang: str = "en",
    overwrite: bool = False,
) -> list[Path]:
    """Write the memo folder for ``chosen`` (see the module docstring); returns its files.

    A finished memo in ``out_dir`` is replaced only with ``overwrite`` (files the user
    added there are kept); see :func:`paretoland.io.folders.output_folder`.
    """
    check_target(out_dir, "memo", overwrite=overwrite)
    made = _figures(result, chosen, lang)
    tables = {
        "key_numbers": _key_numbers(result, chosen),
        **chosen.traders(_TOP),
        "provinces": chosen.province_flows(),
        "farmland_and_farmers": chosen.farmland_and_farmers(),
    }
    for x, y in (("gdp", "output_gap"), ("welfare", "welfare_gap")):
        if {x, y} <= set(result.objective_names):
            tables[f"tradeoff_{x}_{y}"] = tradeoff_table(result, x, y)
    with output_folder(out_dir, "memo", overwrite=overwrite) as staging:
        (staging / "figures").mkdir()
        (staging / "data").mkdir()
        for item in made:
            figures.save_figure(item.figure, staging / "figures" / item.name, data=False)
            getattr(item.figure, "paretoland_data", pd.DataFrame()).to_csv(
                staging / "data" / f"{item.name}.csv", index=False
            )
        for name, frame in tables.items():
            frame.to_csv(staging / "data" / f"{name}.csv", index=False)
        chosen.cities.to_csv(staging / "data" / "cities.csv", index=False)
        (staging / "memo.html").write_text(
            _html(result, chosen, method, made, tables), encoding="utf-8"
        )
        _pdf(
            staging / "memo.pdf",
            tables,
            made,
            f"Quota trading memo: run {result.config.run.name}, point {chosen.point}",
        )
    out = Path(out_dir)
    return sorted(out.rglob("*"))
