"""The memo's tables, with human labels and units in the memo's language.

Each function returns a :class:`MemoTable`: the formatted cells the page shows, the
raw numbers written to ``data/<key>.csv``, a caption key and a note stating units and
sign conventions. Every table fits the width of an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.reporting.figures.labels import objective_label
from paretoland.reporting.memo.facts import LARGE_CHANGE_PCT, MemoFacts
from paretoland.reporting.memo.numbers import city_names, fmt, fmt_signed, province_names
from paretoland.reporting.memo.words import MEASURE_NAMES, WORDS, word

__all__ = [
    "MemoTable",
    "big_cities_table",
    "channels_table",
    "counts_table",
    "farmland_table",
    "key_numbers_table",
    "params_table",
    "provinces_table",
    "stakeholders_table",
    "tradeoffs_table",
    "traders_tables",
]


@dataclass(frozen=True, eq=False)
class MemoTable:
    """One table of the memo.

    Attributes
    ----------
    key : str
        Caption key in :data:`~.words.WORDS` and the CSV's name (``data/<key>.csv``).
    cells : DataFrame
        The formatted cells (str), columns labelled in the memo's language.
    data : DataFrame
        The numbers behind it, for the CSV.
    note : str
        Units and sign conventions, printed under the table.
    align : str
        ``"l"`` or ``"r"`` per column.
    """

    key: str
    cells: pd.DataFrame
    data: pd.DataFrame
    note: str = ""
    align: str = ""


def _align(cells: pd.DataFrame, text_columns: int = 1) -> str:
    return "l" * text_columns + "r" * (cells.shape[1] - text_columns)


def _sense_word(sense: str, lang: str) -> str:
    return word("c_higher" if sense == "max" else "c_lower", lang)


def _uniform_head(facts: MemoFacts) -> pd.Series | None:
    uniform = facts.result.uniform_rules
    if uniform is None or "gdp" not in uniform:
        return None
    head = uniform[
        (uniform["table"] == "table3")
        & (uniform["allocation"] == "equal_area")
        & (uniform["land_use"] == "both")
        & (uniform["participation"] == "all")
    ]
    if not len(head) or head["status"].iloc[0] != "converged":
        return None
    return head.iloc[0]


def key_numbers_table(facts: MemoFacts, lang: str) -> MemoTable:
    """Compare the chosen point with the status quo, the paper's headline rule and each optimum."""
    senses = facts.result.config.objective_senses
    head = _uniform_head(facts)
    rows, cells = [], []
    for name, value in facts.objectives.items():
        best = facts.optima.loc[name]
        uniform = float(head[name]) if head is not None and name in head else np.nan
        rows.append(
            {
                "objective": name,
                "sense": senses[name],
                "chosen_pct": value,
                "status_quo_pct": 0.0,
                "paper_uniform_rule_pct": uniform,
                "best_alone_pct": best["best"],
                "best_alone_point": int(best["point"]),
            }
        )
        cells.append(
            [
                objective_label(name, lang),
                _sense_word(senses[name], lang),
                fmt_signed(value),
                "0",
                fmt_signed(uniform),
                f"{fmt_signed(best['best'])} ({int(best['point'])})",
            ]
        )
    columns = [
        word(k, lang)
        for k in ("c_objective", "c_better", "c_chosen", "c_status_quo", "c_uniform", "c_best")
    ]
    frame = pd.DataFrame(cells, columns=columns)
    measure = MEASURE_NAMES[lang].get(facts.result.config.objectives.measure, "")
    return MemoTable(
        "t_key",
        frame,
        pd.DataFrame(rows),
        word("n_key", lang, measure=measure),
        "ll" + "r" * 4,
    )


def tradeoffs_table(facts: MemoFacts, lang: str) -> MemoTable | None:
    """Show the trade-off prices near the chosen point: rows gained, columns given up (pp)."""
    tradeoffs = facts.tradeoffs
    if tradeoffs is None:
        return None
    names = list(tradeoffs.prices.index)
    cells = []
    for gained in names:
        row = [objective_label(gained, lang)]
        for given in names:
            price = tradeoffs.prices.loc[gained, given]
            low, high = tradeoffs.low.loc[gained, given], tradeoffs.high.loc[gained, given]
            digits = 1 if price >= 1 else 2
            if np.isnan(price):
                row.append("—")
            elif tradeoffs.method == "exact":
                row.append(fmt(price, digits))
            elif np.isnan(low) or np.isnan(high):
                row.append(f"{fmt(price, digits)}*")
            else:
                row.append(f"{fmt(price, digits)} ({fmt(low, digits)}–{fmt(high, digits)})")
        cells.append(row)
    columns = [word("c_gain", lang)] + [
        word("c_costs", lang, name=objective_label(n, lang)) for n in names
    ]
    data = pd.concat(
        {"price": tradeoffs.prices, "low": tradeoffs.low, "high": tradeoffs.high}, axis=1
    )
    data.index.name = "gained"
    note = (
        word("n_tradeoffs_exact", lang, certificate=f"{tradeoffs.stationarity:.3g}")
        if tradeoffs.method == "exact"
        else word("n_tradeoffs", lang, count=len(tradeoffs.neighbours))
    )
    return MemoTable("t_tradeoffs", pd.DataFrame(cells, columns=columns), data, note)


def counts_table(facts: MemoFacts, lang: str) -> MemoTable:
    """Count the cities (and hukou population shares) gaining and losing welfare and GDP."""
    rows, cells = [], []
    for outcome, counts in (("welfare", facts.welfare), ("gdp", facts.gdp)):
        for direction in ("rises", "falls"):
            up = direction == "rises"
            n = counts.n_up if up else counts.n_down
            large = counts.n_up_large if up else counts.n_down_large
            share = counts.pop_share_up if up else counts.pop_share_down
            rows.append(
                {"outcome": outcome, "direction": direction, "cities": n, "large": large}
                | {"hukou_population_share_pct": share}
            )
            cells.append([word(f"{outcome}_{direction}", lang), str(n), str(large), fmt(share, 1)])
    columns = [word(k, lang) for k in ("c_group", "c_cities", "c_over5", "c_pop_share")]
    columns[2] = columns[2].replace("5", fmt(LARGE_CHANGE_PCT, 0))
    return MemoTable(
        "t_counts", pd.DataFrame(cells, columns=columns), pd.DataFrame(rows), word("n_counts", lang)
    )


def _role(role: str, lang: str) -> str:
    return word(role if role in ("seller", "buyer", "both") else "no_role", lang)


def big_cities_table(facts: MemoFacts, lang: str) -> MemoTable:
    """Show the ten largest economies: role, land, GDP, population, welfare, net receipts."""
    cities = facts.cities.loc[facts.big_cities]
    names = city_names(facts.cities, lang).loc[facts.big_cities]
    columns = {
        "land_change_pct": "c_land_pct",
        "gdp_change_pct": "c_gdp_pct",
        "population_change_pct": "c_pop_pct",
        "welfare_change_pct": "c_welfare_pct",
        "net_receipts_100m_yuan": "c_net_receipts",
    }
    cells = pd.DataFrame(
        {
            word("c_city", lang): names.to_numpy(),
            word("c_role", lang): [_role(r, lang) for r in cities["role"]],
        }
        | {
            word(key, lang): [
                fmt(v, 0) if column.endswith("yuan") else fmt_signed(v, 1) for v in cities[column]
            ]
            for column, key in columns.items()
        }
    )
    data = cities[["name_zh", "name_pinyin", "role", *columns]].reset_index()
    return MemoTable("t_big", cells, data, word("n_big", lang), _align(cells, 2))


def channels_table(facts: MemoFacts, lang: str) -> MemoTable | None:
    """Show the channel decomposition (percentage points), if there is one."""
    table = facts.channels
    if table is None:
        return None
    keys = {c: f"c_{c}" for c in table.columns if f"c_{c}" in _CHANNEL_KEYS}
    cells = pd.DataFrame(
        {word("c_outcome", lang): [objective_label(o, lang) for o in table.index]}
        | {word(k, lang): [fmt_signed(v) for v in table[c]] for c, k in keys.items()}
    )
    return MemoTable(
        "t_channels", cells, table.reset_index(), word("n_channels", lang), _align(cells)
    )


_CHANNEL_KEYS = (
    "c_direct_land",
    "c_migration",
    "c_infrastructure",
    "c_transfers",
    "c_interaction",
    "c_total",
)


def traders_tables(facts: MemoFacts, lang: str, top: int = 10) -> list[MemoTable]:
    """List the top sellers and the top buyers of quota."""
    traders = facts.chosen.traders(top, lang=lang)
    out = []
    for key, land, money in (
        ("t_sellers", ("land_sold_km2", "c_land_sold"), ("receipts_100m_yuan", "c_receipts")),
        ("t_buyers", ("land_bought_km2", "c_land_bought"), ("payments_100m_yuan", "c_payments")),
    ):
        frame = traders["top_sellers" if key == "t_sellers" else "top_buyers"]
        cells = pd.DataFrame(
            {
                word("c_city", lang): frame["city"].to_numpy(),
                word("c_province", lang): province_names(
                    _provinces_of(facts, frame), lang
                ).to_numpy(),
                word(land[1], lang): [fmt(v, 1) for v in frame[land[0]]],
                word(money[1], lang): [fmt(v, 0) for v in frame[money[0]]],
                word("c_gdp_pct", lang): [fmt_signed(v, 1) for v in frame["gdp_change_pct"]],
                word("c_welfare_pct", lang): [
                    fmt_signed(v, 1) for v in frame["welfare_change_pct"]
                ],
            }
        )
        out.append(MemoTable(key, cells, frame, word("n_traders", lang), _align(cells, 2)))
    return out


def _provinces_of(facts: MemoFacts, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the city-table rows of the traders (matched by Chinese name and province)."""
    cities = facts.cities.reset_index()
    keyed = cities.set_index(["name_zh", "province_pinyin"], drop=False)
    return keyed.loc[list(zip(frame["name_zh"], frame["province_pinyin"], strict=True))]


def stakeholders_table(facts: MemoFacts, lang: str) -> MemoTable | None:
    """Show the AHP, entropy and combined weights, when stakeholder judgements set them."""
    table = facts.selection.stakeholders
    if table is None:
        return None
    columns = {"ahp": "c_ahp", "entropy": "c_entropy", "combined": "c_combined"}
    cells = pd.DataFrame(
        {word("c_objective", lang): [objective_label(n, lang) for n in table.index]}
        | {word(k, lang): [fmt(v, 3) for v in table[c]] for c, k in columns.items() if c in table}
    )
    return MemoTable(
        "t_stakeholders", cells, table.rename_axis("objective").reset_index(), "", _align(cells)
    )


def params_table(facts: MemoFacts, lang: str) -> MemoTable:
    """List the model parameters, one per row, with their names."""
    params = facts.result.config.params.to_dict()
    cells = pd.DataFrame(
        {
            word("c_parameter", lang): [
                word(f"params_{k}", lang) if f"params_{k}" in _PARAM_KEYS else k for k in params
            ],
            word("c_value", lang): [_param_value(v, lang) for v in params.values()],
        }
    )
    data = pd.DataFrame({"parameter": list(params), "value": list(params.values())})
    return MemoTable("t_params", cells, data, "", "lr")


def _param_value(value: object, lang: str) -> str:
    if value is None:
        return word("none", lang)
    key = f"pv_{value}"
    return word(key, lang) if isinstance(value, str) and key in WORDS[lang] else str(value)


_PARAM_KEYS = {
    f"params_{k}"
    for k in (
        "alpha",
        "eta",
        "kappa",
        "sigma",
        "rho",
        "wedge_basis",
        "wedge_labour",
        "tenure_rate",
        "price_winsor",
        "receipts_to_infrastructure",
        "revenue_to_infrastructure",
    )
}


def provinces_table(facts: MemoFacts, lang: str) -> MemoTable:
    """Show land (km²), GDP, population, welfare (%) and net receipts (亿元) by province."""
    frame = facts.chosen.province_flows()
    columns = {
        "land_productive_change_km2": ("c_prod_change", 1, False),
        "land_residential_change_km2": ("c_res_change", 1, False),
        "gdp_change_pct": ("c_gdp_pct", 1, True),
        "population_change_pct": ("c_pop_pct", 1, True),
        "welfare_change_pct": ("c_welfare_pct", 1, True),
        "transfers_100m_yuan": ("c_net_receipts", 0, False),
    }
    cells = pd.DataFrame(
        {word("c_province", lang): province_names(frame, lang).to_numpy()}
        | {
            word(key, lang): [fmt_signed(v, d) if signed else fmt(v, d) for v in frame[c]]
            for c, (key, d, signed) in columns.items()
            if c in frame
        }
    )
    return MemoTable("t_provinces", cells, frame, word("n_provinces", lang), _align(cells))


def farmland_table(facts: MemoFacts, lang: str) -> MemoTable:
    """Show farmland reclaimed, converted and net (km²) and land-ticket income (亿元)."""
    frame = facts.chosen.farmland_and_farmers()
    provinces = facts.chosen.provinces.set_index("province_code")
    frame["province_zh"] = frame["province_code"].map(provinces["province_zh"])
    columns = {
        "reclaimed_km2": "c_reclaimed",
        "converted_km2": "c_converted",
        "net_farmland_km2": "c_net_farmland",
        "farmer_income_100m_yuan": "c_farmer_income",
        "collective_income_100m_yuan": "c_collective_income",
    }
    cells = pd.DataFrame(
        {word("c_province", lang): province_names(frame, lang).to_numpy()}
        | {
            word(k, lang): [fmt(v, 1 if c.endswith("km2") else 0) for v in frame[c]]
            for c, k in columns.items()
        }
    )
    return MemoTable("t_farmland", cells, frame, word("n_farmland", lang), _align(cells))
