"""The memo's words: the summary, tables and caveats against independent counts."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from paretoland.data.city_names import display_names
from paretoland.decision.allocation import Selection
from paretoland.decision.prices import LocalTradeoffs
from paretoland.exceptions import ConvergenceError
from paretoland.model.counterfactual import Counterfactual
from paretoland.model.decomposition import channel_sentence
from paretoland.reporting.memo import compose_memo, executive_summary, memo_facts, tradeoff_sentence
from paretoland.reporting.memo.caveats import caveats
from paretoland.reporting.memo.numbers import MINUS

CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(facts, lang: str = "en") -> str:
    memo = compose_memo(facts, lang, [])
    return " ".join(memo.summary), memo


def _pct(value: float) -> str:
    text = f"{value:+.2f}".replace("-", MINUS)
    return text


def test_counts_match_the_city_table(topsis_facts) -> None:
    cities = topsis_facts.chosen.cities
    welfare, hukou = cities["welfare_change_pct"], cities["hukou_labour_persons"]
    counts = topsis_facts.welfare
    assert counts.n_cities == len(cities)
    assert counts.n_down == int((welfare < 0).sum()) and counts.n_up == int((welfare > 0).sum())
    assert counts.n_down_large == int((welfare < -5).sum())
    assert counts.pop_share_down == pytest.approx(100 * hukou[welfare < 0].sum() / hukou.sum())
    assert topsis_facts.gdp.n_down == int((cities["gdp_change_pct"] < 0).sum())
    largest = cities.nlargest(10, "gdp_before_yuan")["city_code"].astype(str).str.zfill(6)
    assert list(topsis_facts.big_cities) == list(largest)


def test_summary_states_the_method_weights_and_losers(topsis_facts, memo_weights) -> None:
    text, memo = _text(topsis_facts)
    cities = topsis_facts.chosen.cities
    welfare = cities["welfare_change_pct"]
    assert "TOPSIS" in text and f"Point {topsis_facts.chosen.point} " in text
    for name, label in (("gdp", "GDP"), ("welfare", "welfare"), ("output_gap", "output gap")):
        assert f"{label} {memo_weights[name] / sum(memo_weights.values()):.2f}" in text
    assert f"falls in {int((welfare < 0).sum())}, " in text
    assert f"{int((welfare < -5).sum())} of them lose more than 5 %" in text
    names = display_names(cities, "en")
    worst = welfare.nsmallest(3).index
    positions = [text.index(f"{names[i]} ({_pct(welfare[i])} %)") for i in worst]
    assert positions == sorted(positions)
    for code in topsis_facts.big_cities[:4]:
        row = cities[cities["city_code"].astype(str).str.zfill(6) == code].index[0]
        assert f"in {names[row]}" in text
    assert "they do not mean that every city gains" in text
    assert "--improving-only" not in text
    for number in map(int, re.findall(r"Tables? (\d+)", text)):
        assert f"Table {number}.</span>" in memo.html


def test_chinese_summary_says_the_same(topsis_facts) -> None:
    text, memo = _text(topsis_facts, "zh")
    cities = topsis_facts.chosen.cities
    welfare = cities["welfare_change_pct"]
    assert "逼近理想解排序法（TOPSIS）" in text
    assert f"有{int((welfare > 0).sum())}个福利上升，{int((welfare < 0).sum())}个福利下降" in text
    for i in welfare.nsmallest(3).index:
        assert cities.loc[i, "name_zh"] in text
    assert len(CJK.findall(text)) > 0.5 * len(re.sub(r"[\s\d.,%+−()（）]", "", text))
    assert "<html lang='zh-CN'>" in memo.html
    for english in ("Summary", "Key numbers", "Caveats", "Table 1.", "Figure"):
        assert english not in memo.html


def test_improving_only_is_explained_without_implying_every_city_gains(topsis_facts) -> None:
    selection = dataclasses.replace(topsis_facts.selection, improving_only=True, n_candidates=7)
    facts = dataclasses.replace(topsis_facts, selection=selection)
    text, _ = _text(facts)
    assert "Only the 7 allocations that improve all four national aggregates" in text
    assert "--improving-only" in text
    refs = {"t_counts": 3, "t_key": 1}
    listed = " ".join(caveats(facts, "en", refs))
    if facts.improves_all:
        assert f"{facts.welfare.n_down} of {facts.welfare.n_cities} cities lose welfare" in listed
    else:
        assert "does not improve all four national aggregates" in listed
    zh = " ".join(executive_summary(facts, "zh", refs))
    assert "仅有在四个全国总量指标上均优于现状" in zh and "7个方案" in zh


def test_a_given_point_and_the_knee_are_described(topsis_facts, small_run) -> None:
    given = dataclasses.replace(topsis_facts, selection=Selection.given(small_run))
    assert "was named by the analyst; no decision method" in _text(given)[0]
    knee = Selection(method="knee", n_points=10, n_candidates=10, score=1.234)
    text = _text(dataclasses.replace(topsis_facts, selection=knee))[0]
    assert "chosen by the knee method" in text and "1.23 times what it gains" in text


def test_stakeholder_weights_are_flagged_illustrative(topsis_facts) -> None:
    table = pd.DataFrame(
        {"ahp": [0.4, 0.3, 0.2, 0.1], "entropy": [0.25] * 4, "combined": [0.3, 0.3, 0.2, 0.2]},
        index=["gdp", "welfare", "output_gap", "welfare_gap"],
    )
    table.attrs = {
        "groups": ["central_government", "farmers"],
        "source": "x/stakeholders_example.toml",
    }
    facts = dataclasses.replace(
        topsis_facts, selection=dataclasses.replace(topsis_facts.selection, stakeholders=table)
    )
    text, memo = _text(facts)
    assert "2 stakeholder groups (central government, farmers)" in text
    listed = " ".join(caveats(facts, "en", memo.refs))
    assert "illustrative" in listed and "stakeholders_example.toml" in listed
    assert "Weights from the stakeholder judgements" in memo.html
    table.attrs["source"] = "ours.toml"
    assert "illustrative" not in " ".join(caveats(facts, "en", memo.refs))


def test_key_numbers_say_each_best_is_another_allocation(topsis_facts, small_run) -> None:
    _, memo = _text(topsis_facts)
    key = next(t for t in memo.tables if t.key == "t_key")
    objectives = small_run.objectives
    for row in key.data.itertuples():
        column = objectives[row.objective]
        best = column.max() if row.sense == "max" else column.min()
        assert row.best_alone_pct == best and column.iloc[row.best_alone_point] == best
    assert "Each row's best is a different allocation" in key.note
    assert "Best for this objective alone" in " ".join(key.cells.columns)


def test_tables_and_figures_are_numbered_in_order(topsis_facts) -> None:
    _, memo = _text(topsis_facts)
    numbers = [int(n) for n in re.findall(r"Table (\d+)\.</span>", memo.html)]
    assert numbers == list(range(1, len(memo.tables) + 1))
    assert all(t.note or t.key in ("t_params", "t_stakeholders") for t in memo.tables)


def _tradeoffs() -> LocalTradeoffs:
    names = ["gdp", "welfare", "output_gap", "welfare_gap"]
    weights = np.array([0.5, 0.05, 0.25, -0.2])
    prices = weights[:, None] / weights[None, :]
    trade = (weights[:, None] > 0) & (weights[None, :] > 0) & ~np.eye(4, dtype=bool)
    prices = pd.DataFrame(np.where(trade, prices, np.nan), index=names, columns=names)
    low = prices.copy()
    low.loc["gdp", "welfare"] = np.nan  # not determined
    return LocalTradeoffs(
        3, pd.Series(weights, index=names), prices, "neighbours", np.arange(4), 0.1, low, prices
    )


def test_tradeoff_sentence_quotes_the_determined_prices() -> None:
    senses = {"gdp": "max", "welfare": "max", "output_gap": "min", "welfare_gap": "min"}
    en = tradeoff_sentence(_tradeoffs(), senses, "en", 2)
    assert en.startswith("Near this allocation, one more percentage point of GDP would cost")
    assert "a 2.0-point wider output gap" in en and "welfare" not in en and "(Table 2;" in en
    zh = tradeoff_sentence(_tradeoffs(), senses, "zh", 2)
    assert "产出差距扩大2.0个百分点" in zh and "表2" in zh
    assert tradeoff_sentence(None, senses, "en", 2) == ""
    exact = dataclasses.replace(_tradeoffs(), method="exact", stationarity=0.0)
    assert "(Table 2; from the model's derivatives)" in tradeoff_sentence(exact, senses, "en", 2)
    assert "由模型导数计算" in tradeoff_sentence(exact, senses, "zh", 2)


def test_channels_come_from_the_decomposition(topsis_facts) -> None:
    table = topsis_facts.channels
    assert table is not None
    channels = ["direct_land", "migration", "infrastructure", "transfers", "interaction"]
    assert table[channels].sum(axis=1).to_numpy() == pytest.approx(table["total"].to_numpy())
    assert table.loc["gdp", "total"] == pytest.approx(topsis_facts.objectives["gdp"])
    text, memo = _text(topsis_facts)
    sentence = channel_sentence(table, "gdp", lang="en").rstrip(".")
    assert f"What drives it: {sentence}" in text
    assert f"(Table {memo.refs['t_channels']})." in text
    assert "Channel decomposition of the national outcomes" in memo.html
    zh, _ = _text(topsis_facts, "zh")
    assert channel_sentence(table, "welfare", lang="zh").rstrip("。") in zh


def test_a_failed_decomposition_is_reported(topsis_facts, monkeypatch) -> None:
    def fails(self, **_):
        raise ConvergenceError("the trade has no equilibrium with migration shut")

    monkeypatch.setattr(Counterfactual, "decompose", fails)
    facts = memo_facts(topsis_facts.result, topsis_facts.chosen, topsis_facts.selection)
    assert facts.channels is None
    text, memo = _text(facts)
    assert "What drives it" not in text and "t_channels" not in memo.refs
    assert "The decomposition by channel failed: the trade has no equilibrium" in memo.html
