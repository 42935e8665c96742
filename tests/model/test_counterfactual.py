"""A rule, solved and measured end to end on the embedded 2017 data."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import IterationConfig, ModelParams, calibrate, load_cities
from paretoland.exceptions import ConvergenceError
from paretoland.model.counterfactual import run_counterfactual, trade_shock
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.quotas import QuotaRule, QuotaTrade, apply_rule


@pytest.fixture(scope="module")
def cal():
    return calibrate(load_cities(), ModelParams.paper_baseline())


def _no_trade(n: int) -> QuotaTrade:
    zero = np.zeros(n)
    return QuotaTrade(np.ones(n), np.ones(n), zero, None, zero, zero, zero, zero, zero, zero)


def test_no_trade_gives_exactly_zero_change(cal) -> None:
    cf = run_counterfactual(cal, _no_trade(cal.n_cities))
    assert cf.converged
    assert cf.outcomes.as_dict() == dict.fromkeys(OUTCOME_NAMES, 0.0)
    table = cf.city_table()
    for column in (
        "gdp_change_pct",
        "wage_change_pct",
        "population_change_pct",
        "welfare_change_pct",
        "land_productive_change_km2",
        "transfers_yuan",
    ):
        assert (table[column] == 0.0).all(), column


@pytest.mark.parametrize("scope", ["intra", "inter"])
@pytest.mark.parametrize("land_use", ["productive", "residential", "both", "split"])
def test_land_is_conserved_and_migrants_add_up(cal, scope: str, land_use: str) -> None:
    cf = run_counterfactual(cal, QuotaRule(land_use=land_use, scope=scope))
    assert cf.converged
    table = cf.city_table()
    land = table[["land_productive_change_km2", "land_residential_change_km2"]].to_numpy()
    assert abs(land.sum()) < 1e-9 * np.abs(land).sum()
    sold = table[["sold_productive_km2", "sold_residential_km2"]].to_numpy().sum()
    bought = table[["bought_productive_km2", "bought_residential_km2"]].to_numpy().sum()
    assert sold == pytest.approx(bought, rel=1e-12)
    assert cf.summary()["land_moved_km2"] == pytest.approx(sold, rel=1e-12)
    before, after = table["population_before_persons"], table["population_after_persons"]
    assert after.sum() == pytest.approx(before.sum(), rel=1e-12)
    provinces = cf.province_table()
    assert provinces["population_after_persons"].sum() == pytest.approx(after.sum(), rel=1e-12)


@pytest.mark.parametrize("land_use", ["productive", "residential"])
def test_sellers_and_buyers_follow_wedge_signs(cal, land_use: str) -> None:
    cf = run_counterfactual(cal, QuotaRule(land_use=land_use, scope="inter"))
    wedge = getattr(cal, f"wedge_{land_use}")
    table = cf.city_table()
    assert (wedge[table["role"] == "seller"] < 0).all()
    assert (wedge[table["role"] == "buyer"] > 0).all()
    assert set(np.flatnonzero(wedge < 0)) == set(np.flatnonzero(table["role"] == "seller"))


def test_a_city_selling_one_use_and_buying_the_other_has_both_roles(cal) -> None:
    table = run_counterfactual(cal, QuotaRule(land_use="both", scope="inter")).city_table()
    sold = table[["sold_productive_km2", "sold_residential_km2"]].sum(axis=1) > 0
    bought = table[["bought_productive_km2", "bought_residential_km2"]].sum(axis=1) > 0
    assert (sold & bought).any()  # on the 2017 data, some cities trade both ways
    expected = np.select([sold & bought, sold, bought], ["both", "seller", "buyer"], "")
    assert table["role"].tolist() == expected.tolist()


def test_money_adds_up_to_the_intermediary_balance(cal) -> None:
    cf = run_counterfactual(cal, QuotaRule(land_use="both", scope="inter"))
    summary = cf.summary()
    assert summary["intermediary_balance_100m_yuan"] == pytest.approx(
        summary["payments_100m_yuan"] - summary["receipts_100m_yuan"], rel=1e-12
    )
    table = cf.city_table()
    assert (table["receipts_yuan"] - table["payments_yuan"]).to_numpy() == pytest.approx(
        table["transfers_yuan"].to_numpy()
    )


def test_trade_shock_carries_the_trade(cal) -> None:
    trade = apply_rule(cal, QuotaRule(land_use="both", mobility="within_pilot"))
    shock = trade_shock(trade)
    assert np.array_equal(shock.land_productive_hat, trade.land_productive_hat)
    assert np.array_equal(shock.transfers, trade.transfers)
    assert np.array_equal(shock.mobility_cost_hat, trade.mobility_cost_hat)


def test_a_failed_solve_reports_a_status_and_no_outcomes(cal) -> None:
    cf = run_counterfactual(cal, QuotaRule(), iteration=IterationConfig(max_iter=2))
    assert not cf.converged and cf.status == "max_iter"
    assert cf.outcomes is None
    summary = cf.summary()
    assert summary["status"] == "max_iter"
    assert all(np.isnan(summary[name]) for name in OUTCOME_NAMES)
    with pytest.raises(ConvergenceError):
        cf.city_table()


def test_dispersion_measure_is_passed_through(cal) -> None:
    rule = QuotaRule(land_use="productive")
    cv = run_counterfactual(cal, rule).outcomes
    theil = run_counterfactual(cal, rule, measure="theil").outcomes
    assert theil.measure == "theil" and cv.gdp == theil.gdp
    assert cv.output_gap != theil.output_gap
