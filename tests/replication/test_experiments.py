"""The paper's experiment grids, their tables, findings and files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland import ModelParams, load_cities
from paretoland.exceptions import ConfigError
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.quotas import QuotaRule
from paretoland.replication.experiments import (
    Experiment,
    grid_rules,
    paper_experiments,
    run_scenarios,
)
from paretoland.replication.published import PAPER_TABLE2, PAPER_TABLE3
from paretoland.replication.tables import SCENARIO_FILES, markdown_table


@pytest.fixture(scope="module")
def data():
    return load_cities()


@pytest.fixture(scope="module")
def tables(data):
    return run_scenarios(data, paper_experiments(robustness=False))


def test_grid_rules_follow_the_paper_layout() -> None:
    rules = grid_rules("inter", transfer_share=0.2)
    assert len(rules) == 12
    assert [(r.allocation, r.land_use, r.participation) for r in rules[:3]] == [
        ("equal_area", "productive", "pilot"),
        ("equal_area", "productive", "all"),
        ("equal_area", "residential", "pilot"),
    ]
    assert {r.scope for r in rules} == {"inter"} and {r.transfer_share for r in rules} == {0.2}
    assert len({(r.allocation, r.land_use, r.participation) for r in rules}) == 12


def test_paper_experiments_cover_every_robustness_run() -> None:
    experiments = paper_experiments()
    names = [e.name for e in experiments]
    assert names[:3] == ["table2", "table3", "transfer_share=0.2"]
    for name in (
        "alpha=0.83",
        "eta=0.31",
        "kappa=1.5",
        "kappa=4",
        "sigma=0.55",
        "sigma=0.75",
        "rho=0.05",
        "rho=0.15",
        "tenure r=0.04",
        "tenure r=0.05",
        "tenure r=0.06",
        "mobility within_pilot",
        "mobility between_pilot",
    ):
        assert name in names
    alpha = next(e for e in experiments if e.name == "alpha=0.83")
    assert alpha.params.alpha == 0.83 and alpha.params.eta == 0.13
    mobility = next(e for e in experiments if e.name == "mobility between_pilot")
    assert {(r.scope, r.land_use, r.participation, r.mobility) for r in mobility.rules} == {
        ("inter", "both", "all", "between_pilot")
    }


def test_robustness_variants_change_a_user_baseline() -> None:
    base = ModelParams.paper_baseline().replace(kappa=2.0)
    experiments = {e.name: e for e in paper_experiments(base)}
    assert experiments["table3"].params.kappa == 2.0
    assert experiments["alpha=0.83"].params.kappa == 2.0
    assert experiments["kappa=4"].params.kappa == 4.0


def test_results_have_one_converged_row_per_rule(tables) -> None:
    results = tables.results
    assert len(results) == 24
    assert (results["status"] == "converged").all()
    assert results[list(OUTCOME_NAMES)].notna().all().all()
    assert (results["land_moved_km2"] > 0).all()


def test_paper_numbers_sit_beside_ours(tables) -> None:
    results = tables.results.set_index(["experiment", "allocation", "land_use", "participation"])
    for name, published in (("table2", PAPER_TABLE2), ("table3", PAPER_TABLE3)):
        for cell, values in published.items():
            for outcome, value in values.items():
                assert results.at[(name, *cell), f"paper_{outcome}"] == value


def test_grid_table_layout(tables) -> None:
    table = tables.grid_table("table3")
    assert table.shape == (16, 6)
    assert table.index.names == ["panel", "outcome", "source"]
    row = tables.results.query(
        "experiment == 'table3' and allocation == 'equal_area' "
        "and land_use == 'both' and participation == 'all'"
    ).iloc[0]
    assert table.loc[("A: equal-area", "GDP", "ours"), "both / all"] == f"{row['gdp']:.3f}"
    assert table.loc[("A: equal-area", "GDP", "paper"), "both / all"] == "3.178"
    with pytest.raises(KeyError, match="alpha"):
        tables.grid_table("alpha=0.83")


def test_findings_are_computed_from_both_tables(tables) -> None:
    found = tables.findings()
    # An independent count on the paper's own numbers: all beats pilot on GDP everywhere.
    assert found.at[("all provinces beat pilot provinces only", "GDP"), "paper"] == 1.0
    wins = np.mean([PAPER_TABLE3[c]["gdp"] > PAPER_TABLE2[c]["gdp"] for c in PAPER_TABLE2])
    assert found.at[("inter-province beats intra-province", "GDP"), "paper"] == wins
    ours = tables.results.set_index(["experiment", "allocation", "land_use", "participation"])
    mine = np.mean(
        [
            ours.at[("table3", *c), "welfare"] > ours.at[("table2", *c), "welfare"]
            for c in PAPER_TABLE2
        ]
    )
    assert found.at[("inter-province beats intra-province", "Welfare"), "ours"] == mine
    assert set(found["reproduced"]) <= {"yes", "no", "mixed"}


def test_a_rule_that_moves_no_land_is_a_zero_row(data) -> None:
    lonely = QuotaRule(
        scope="intra",
        participation="custom",
        seller_provinces=("Beijing",),
        buyer_provinces=("Beijing",),
    )
    experiment = Experiment("custom", "Beijing alone", ModelParams.paper_baseline(), (lonely,))
    results = run_scenarios(data, [experiment]).results
    assert results["status"].tolist() == ["no_trade"]
    assert results[list(OUTCOME_NAMES)].to_numpy().tolist() == [[0.0] * 4]
    assert "moves no land" in results["message"].iloc[0]


def test_failed_solves_are_rows_not_crashes(data) -> None:
    from paretoland import IterationConfig

    experiment = Experiment("tiny", "cap", ModelParams.paper_baseline(), grid_rules("inter")[:2])
    results = run_scenarios(data, [experiment], iteration=IterationConfig(max_iter=2)).results
    assert (results["status"] == "max_iter").all()
    assert results[list(OUTCOME_NAMES)].isna().all().all()


def test_no_experiments_is_an_error(data) -> None:
    with pytest.raises(ConfigError, match="at least one"):
        run_scenarios(data, [])


def test_robustness_table_counts_sign_agreement(data) -> None:
    base = ModelParams.paper_baseline()
    experiments = [
        e
        for e in paper_experiments(base)
        if e.name in ("table3", "sigma=0.55", "mobility within_pilot")
    ]
    results = run_scenarios(data, experiments)
    robust = results.robustness_table()
    assert list(robust.index) == ["table3", "sigma=0.55", "mobility within_pilot"]
    assert robust.at["table3", "same_direction"] == "48/48"
    assert robust.at["mobility within_pilot", "same_direction"].endswith("/8")
    head = results.results.query(
        "experiment == 'sigma=0.55' and allocation == 'equal_area' "
        "and land_use == 'both' and participation == 'all'"
    )
    assert robust.at["sigma=0.55", "GDP"] == head["gdp"].iloc[0]


def test_write_produces_every_file_atomically(tables, tmp_path, monkeypatch) -> None:
    out = tmp_path / "scenarios"
    written = tables.write(out)
    assert {p.name for p in written} == set(SCENARIO_FILES) - {"table1.csv", "robustness.csv"}
    assert len(pd.read_csv(out / "decomposition.csv")) == 96
    long = pd.read_csv(out / "results.csv")
    assert len(long) == 24
    assert "| panel | outcome | source |" in (out / "scenarios.md").read_text(encoding="utf-8")
    before = sorted(p.name for p in out.iterdir())

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(tables), "to_markdown", broken)
    with pytest.raises(RuntimeError):
        tables.write(out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["scenarios"]


def test_markdown_table_renders_index_and_alignment() -> None:
    frame = pd.DataFrame({"x": ["1.000"], "y": ["—"]}, index=pd.Index(["GDP"], name="outcome"))
    assert markdown_table(frame).splitlines() == [
        "| outcome | x | y |",
        "| --- | ---: | ---: |",
        "| GDP | 1.000 | — |",
    ]


def test_console_text_names_every_table(tables) -> None:
    text = tables.to_console()
    for title in (
        "Table 2: intra-province trading",
        "Table 3: inter-province trading",
        "The paper's findings",
        "Where the outcomes come from, Table 2",
        "Where the outcomes come from, Table 3",
    ):
        assert title in text
    assert "24 rules solved" in text


def test_every_table_2_3_cell_is_decomposed(tables) -> None:
    channels = tables.decomposition
    assert len(channels) == 24 * len(OUTCOME_NAMES)
    parts = channels[["direct_land", "migration", "infrastructure", "transfers", "interaction"]]
    np.testing.assert_allclose(parts.sum(axis=1), channels["total"], rtol=0, atol=1e-9)
    keys = ["experiment", "allocation", "land_use", "participation"]
    merged = channels.merge(tables.results, on=keys)
    for outcome in OUTCOME_NAMES:
        rows = merged[merged["outcome"] == outcome]
        np.testing.assert_array_equal(rows["total"], rows[outcome])  # the cell's own outcome
    residential = channels[(channels["land_use"] == "residential") & (channels["outcome"] == "gdp")]
    assert (residential["direct_land"] == 0.0).all()  # R^H is not a production input
    table = tables.to_console()
    assert "direct_land" in table and "B: equal-proportion" in table
    skipped = run_scenarios(load_cities(), paper_experiments(robustness=False)[:1], decompose=False)
    assert skipped.decomposition.empty and "Where the outcomes" not in skipped.to_console()


def test_table1_runs_the_three_land_use_cases(data) -> None:
    from pathlib import Path

    from paretoland.model.transactions import load_transactions

    example = Path(__file__).resolve().parents[2] / "problems" / "transactions_example.csv"
    transactions = load_transactions(example, data)
    results = run_scenarios(
        data, paper_experiments(robustness=False)[:1], transactions=transactions
    )
    table1 = results.results.query("experiment == 'table1'")
    assert table1["land_use"].tolist() == ["productive", "residential", "split"]
    assert (table1["status"] == "converged").all()
    assert np.allclose(table1["intermediary_balance_100m_yuan"], 0.0, atol=1e-9)
    moved = transactions.total_area_m2 / 1e6
    assert np.allclose(table1["land_moved_km2"], moved, rtol=1e-12)
    assert results.table1().loc[("GDP", "paper"), "all productive"] == "0.049"
