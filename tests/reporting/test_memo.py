"""Choosing an allocation from a run, how it was chosen, and the pick command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from paretoland.cli import main
from paretoland.decision import pareto_improvements
from paretoland.decision.allocation import Selection, choose, chosen_allocation, local_tradeoffs
from paretoland.exceptions import ConfigError

STAKEHOLDERS = Path(__file__).resolve().parents[2] / "problems" / "stakeholders_example.toml"


def test_choose_returns_a_row_of_the_pareto_set(small_run) -> None:
    knee = choose(small_run, "knee")
    assert 0 <= knee.index < len(small_run.pareto_set)
    weighted = choose(
        small_run,
        "topsis",
        weights={"gdp": 1.0, "welfare": 0.0, "output_gap": 0.0, "welfare_gap": 0.0},
    )
    # all weight on GDP: TOPSIS picks the best-GDP point
    assert weighted.index == int(small_run.objectives["gdp"].to_numpy().argmax())
    with pytest.raises(ConfigError):
        choose(small_run, "topsis", weights={"gpd": 1.0})


def test_improving_only_picks_a_point_that_beats_the_status_quo(small_run) -> None:
    objectives = small_run.objectives
    better = (
        (objectives["gdp"] > 0)
        & (objectives["welfare"] > 0)
        & (objectives["output_gap"] < 0)
        & (objectives["welfare_gap"] < 0)
    ).to_numpy()
    if not better.any():
        with pytest.raises(ConfigError, match="status quo"):
            choose(small_run, "knee", improving_only=True)
        return
    picked = choose(small_run, "knee", improving_only=True)
    assert better[picked.index]
    assert np.array_equal(picked.details["candidates"], np.flatnonzero(better))
    # a lone candidate has no trade-off with a distinct point: its knee score is NaN
    assert np.isfinite(picked.score) if better.sum() > 1 else np.isnan(picked.score)


def test_chosen_allocation_solves_the_point_again(small_run) -> None:
    point = len(small_run.pareto_set) // 2
    chosen = chosen_allocation(small_run, point)
    stored = small_run.pareto_set.loc[point, list(small_run.objective_names)].to_numpy(float)
    assert np.allclose(chosen.objectives.to_numpy(float), stored)
    assert chosen.counterfactual.converged
    cities = chosen.cities
    sold = cities[["sold_productive_km2", "sold_residential_km2"]].to_numpy().sum()
    bought = cities[["bought_productive_km2", "bought_residential_km2"]].to_numpy().sum()
    assert sold == pytest.approx(bought, rel=1e-12)
    traders = chosen.traders(3)
    assert set(traders) == {"top_sellers", "top_buyers", "winners", "losers"}
    assert (traders["top_sellers"]["land_sold_km2"] > 0).all()
    # every city that bought land is ranked, whether or not it also sold the other use
    bought_km2 = cities[["bought_productive_km2", "bought_residential_km2"]].sum(axis=1)
    largest = bought_km2[bought_km2 > 0].nlargest(3)
    assert traders["top_buyers"]["land_bought_km2"].to_numpy() == pytest.approx(largest)
    winners = traders["winners"]
    assert list(winners.columns[:2]) == ["city", "name_pinyin"]
    assert chosen.traders(3, lang="zh")["winners"]["city"].tolist() == winners["name_zh"].tolist()
    flows = chosen.province_flows()
    assert flows["transfers_100m_yuan"].sum() == pytest.approx(cities["transfers_yuan"].sum() / 1e8)
    farm = chosen.farmland_and_farmers()
    assert farm["net_farmland_km2"].sum() == pytest.approx(0.0, abs=1e-9 * sold)
    assert farm["reclaimed_km2"].sum() == pytest.approx(sold, rel=1e-12)
    assert (farm["farmer_income_100m_yuan"] >= 0).all()
    with pytest.raises(ConfigError, match="not in the Pareto set"):
        chosen_allocation(small_run, len(small_run.pareto_set))


def test_pick_command(small_run, capsys) -> None:
    run_dir = str(small_run.path)
    assert main(["pick", run_dir, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "chosen by knee" in out and "Top sellers" in out and "By province" in out
    assert main(["pick", run_dir, "--stakeholders", str(STAKEHOLDERS)]) == 0
    out = capsys.readouterr().out
    assert "Stakeholder weights" in out and "chosen by topsis" in out
    assert main(["pick", run_dir, "--weights", "gdp=1,welfare=oops"]) == 2
    assert "NAME=NUMBER" in capsys.readouterr().err


def test_selection_records_how_the_point_was_chosen(small_run) -> None:
    weights = {"gdp": 2.0, "welfare": 1.0, "output_gap": 1.0, "welfare_gap": 0.0}
    picked = choose(small_run, "topsis", weights=weights)
    selection = Selection.from_pick(small_run, picked)
    assert selection.method == "topsis" and not selection.improving_only
    assert selection.n_points == selection.n_candidates == len(small_run.pareto_set)
    assert selection.weights.to_dict() == pytest.approx({k: v / 4 for k, v in weights.items()})
    assert selection.score == pytest.approx(picked.score)
    knee = Selection.from_pick(small_run, choose(small_run, "knee"))
    assert knee.weights is None and knee.options == {"epsilon": 0.125}
    given = Selection.given(small_run)
    assert given.method == "given" and given.weights is None


def test_selection_counts_the_points_that_qualified(small_run) -> None:
    # Shift the objectives so that every other point beats the status quo on all four.
    pareto = small_run.pareto_set.copy()
    better_rows = np.arange(len(pareto)) % 2 == 0
    for name, sense in zip(small_run.objective_names, small_run.senses, strict=True):
        pareto[name] = np.where(better_rows, 1.0, -1.0) * (1 if sense == "max" else -1) + 1e-3 * (
            pareto[name] - pareto[name].mean()
        )
    shifted = dataclasses.replace(small_run, pareto_set=pareto)
    assert pareto_improvements(shifted.objectives, shifted.senses).sum() == better_rows.sum()
    selection = Selection.from_pick(shifted, choose(shifted, "knee", improving_only=True))
    assert selection.improving_only
    assert selection.n_candidates == int(better_rows.sum())
    assert selection.n_points == len(pareto)


def test_local_tradeoffs_of_a_run_point(small_run) -> None:
    point = len(small_run.pareto_set) // 2
    names = list(small_run.objective_names)
    row = small_run.pareto_set.iloc[point]
    exact = local_tradeoffs(small_run, point)  # the run carries its gradient weights
    assert exact.method == "exact" and exact.stationarity == row["stationarity"]
    mu = row[[f"weight_{n}" for n in names]].to_numpy(float)
    assert exact.weights.to_numpy() == pytest.approx(mu / mu.sum())
    for gained in names:
        for given in names:
            if gained != given and mu[names.index(gained)] > 0 and mu[names.index(given)] > 0:
                ratio = mu[names.index(gained)] / mu[names.index(given)]
                assert exact.price(gained, given) == pytest.approx(ratio)
    neighbours = local_tradeoffs(small_run, point, method="neighbours")
    assert neighbours.point == point and neighbours.method == "neighbours"
    assert list(neighbours.prices.index) == names
    assert neighbours.weights.abs().sum() == pytest.approx(1.0)
    finite = neighbours.prices.stack().dropna()
    assert (finite > 0).all()
    reciprocal = neighbours.prices.T.stack().dropna()
    assert (finite.loc[reciprocal.index] * reciprocal).to_numpy() == pytest.approx(1.0)
    without = dataclasses.replace(
        small_run, pareto_set=small_run.pareto_set.drop(columns=["stationarity"])
    )
    assert local_tradeoffs(without, point).method == "neighbours"
    with pytest.raises(ConfigError, match="without gradients"):
        local_tradeoffs(without, point, method="exact")
    with pytest.raises(ConfigError, match="not a row"):
        local_tradeoffs(small_run, len(small_run.pareto_set), method="neighbours")
