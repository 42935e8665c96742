"""Reproduction counts: signs agreeing with the paper, findings, residential GDP."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import load_cities
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.replication.experiments import paper_experiments, run_scenarios
from paretoland.replication.published import PAPER_TABLE2, PAPER_TABLE3
from paretoland.replication.reproduction import (
    reproduction_summary,
    reproduction_table,
    sign_agreement,
)


@pytest.fixture(scope="module")
def results():
    return run_scenarios(load_cities(), paper_experiments(robustness=False), decompose=False)


def test_sign_agreement_recounts_the_grid(results) -> None:
    agree, cells = sign_agreement(results)
    assert cells == 96
    expected = 0
    for name, paper in (("table2", PAPER_TABLE2), ("table3", PAPER_TABLE3)):
        rows = results.results[results.results["experiment"] == name]
        for row in rows.itertuples():
            published = paper[(row.allocation, row.land_use, row.participation)]
            expected += sum(
                np.sign(getattr(row, o)) == np.sign(published[o]) for o in OUTCOME_NAMES
            )
    assert agree == expected


def test_summary_has_every_finding_and_the_residential_gdp(results) -> None:
    summary = reproduction_summary(results)
    assert summary["signs_agree"].endswith("/96")
    assert set(summary) == {
        "signs_agree",
        "trade helps",
        "inter-province beats intra-province",
        "all provinces beat pilot provinces only",
        "residential beats productive",
        "residential_gdp_max",
    }
    rows = results.results
    residential = rows[rows["land_use"] == "residential"]["gdp"]
    assert summary["residential_gdp_max"] == residential.max()


def test_failed_cells_disagree(results) -> None:
    broken = results.results.copy()
    broken.loc[broken.index[:3], "gdp"] = np.nan
    agree, _ = sign_agreement(type(results)(broken))
    assert agree <= sign_agreement(results)[0]


def test_table_has_one_row_per_dataset_and_labour(small_calibration) -> None:
    data = small_calibration.data
    table = reproduction_table({"small": data}, wedge_labours=("employment", "residents"))
    assert list(table.index) == [("small", "employment"), ("small", "residents")]
    assert table["signs_agree"].str.endswith("/96").all()
