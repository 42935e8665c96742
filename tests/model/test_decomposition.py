"""Channel decomposition (docs/model.md §6): shut blocks of the same map, add up exactly."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from paretoland import ConfigError, QuotaRule, calibrate, run_counterfactual
from paretoland.data.synthetic import synthetic_cities
from paretoland.exceptions import ConvergenceError
from paretoland.model.decomposition import (
    CHANNELS,
    DECOMPOSITION_COLUMNS,
    MECHANISMS,
    channel_outcomes,
    channel_sentence,
    decompose,
)
from paretoland.model.equilibrium import IterationConfig
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.quotas import trade_from_flows

RULES = {
    "both": QuotaRule(land_use="both", scope="inter", allocation="equal_area"),
    "residential": QuotaRule(land_use="residential", allocation="equal_proportion"),
    "intra": QuotaRule(land_use="productive", scope="intra", allocation="equal_area"),
    "mobility": QuotaRule(land_use="both", mobility="between_pilot"),
}


@pytest.fixture(scope="module")
def calibration():
    """62 synthetic cities, two per province, so intra-province pools trade."""
    return calibrate(synthetic_cities(62, seed=11))


@pytest.fixture(scope="module", params=list(RULES))
def counterfactual(request, calibration):
    return run_counterfactual(calibration, RULES[request.param])


@pytest.mark.parametrize("method", ["shapley", "sequential", "one_at_a_time"])
def test_rows_add_up_to_the_counterfactual(counterfactual, method: str) -> None:
    table = counterfactual.decompose(method)
    assert list(table.columns) == list(DECOMPOSITION_COLUMNS)
    assert list(table.index) == list(OUTCOME_NAMES)
    parts = table[list(CHANNELS) + ["interaction"]].to_numpy()
    np.testing.assert_allclose(parts.sum(axis=1), table["total"], rtol=0, atol=1e-9)
    assert table["total"].to_dict() == counterfactual.outcomes.as_dict()  # bit for bit


def test_shapley_is_the_average_over_the_six_orders(counterfactual) -> None:
    shapley = counterfactual.decompose("shapley")
    orders = list(itertools.permutations(MECHANISMS))
    assert len(orders) == 6
    tables = [counterfactual.decompose("sequential", order) for order in orders]
    mean = sum(t[list(MECHANISMS)] for t in tables) / len(tables)
    np.testing.assert_allclose(shapley[list(MECHANISMS)], mean, rtol=0, atol=1e-12)
    np.testing.assert_allclose(shapley["interaction"], 0.0, atol=1e-12)


def test_one_at_a_time_keeps_the_joint_part_as_interaction(counterfactual) -> None:
    shapley = counterfactual.decompose("shapley")
    alone = counterfactual.decompose("one_at_a_time")
    pd.testing.assert_series_equal(alone["direct_land"], shapley["direct_land"])
    joint = alone["total"] - alone[list(CHANNELS)].sum(axis=1)
    np.testing.assert_allclose(alone["interaction"], joint, atol=1e-12)


def test_direct_land_is_the_closed_form_partial_equilibrium(counterfactual) -> None:
    """Direct land is the partial equilibrium, in closed form.

    With every mechanism shut, L̂ = Â = 1, so Ŷ = (R̂^Y)^(1−α), ŵ = Ŷ,
    P̂h = Ŷ / (R̂^H)^(1−σ), V̂ = Ŷ^(1−η) (R̂^H)^(η(1−σ)) and Ŵ_o = Σ_g m_og V̂_g / ĉ_og.
    """
    cal, trade = counterfactual.calibration, counterfactual.trade
    p = cal.params
    output_hat = trade.land_productive_hat ** (1 - p.alpha)
    real_income = output_hat ** (1 - p.eta) * trade.land_residential_hat ** (p.eta * (1 - p.sigma))
    stuck = cal.migration
    if trade.mobility_cost_hat is not None:
        stuck = stuck / trade.mobility_cost_hat
    welfare_hat = stuck @ real_income / cal.migration.sum(axis=1)
    gdp = 100 * (float(cal.output @ output_hat) / cal.output.sum() - 1)
    welfare = 100 * (
        float(cal.welfare_weights @ (cal.welfare_origin * welfare_hat)) / cal.welfare - 1
    )
    direct = counterfactual.decompose()["direct_land"]
    assert direct["gdp"] == pytest.approx(gdp, rel=1e-12, abs=1e-13)
    assert direct["welfare"] == pytest.approx(welfare, rel=1e-12, abs=1e-13)


def test_residential_land_moves_gdp_only_through_the_mechanisms(calibration) -> None:
    cf = run_counterfactual(calibration, QuotaRule(land_use="residential"))
    table = cf.decompose()
    assert table.at["gdp", "direct_land"] == 0.0  # R^H does not enter production
    assert table.at["gdp", "total"] != 0.0


def test_transfers_act_only_through_infrastructure(counterfactual) -> None:
    cal, trade = counterfactual.calibration, counterfactual.trade
    assert channel_outcomes(cal, trade, ["transfers"]) == channel_outcomes(cal, trade, [])
    assert channel_outcomes(cal, trade, ["migration", "transfers"]) == channel_outcomes(
        cal, trade, ["migration"]
    )


def test_numpy_twin_gives_the_same_channels(counterfactual) -> None:
    cal, trade = counterfactual.calibration, counterfactual.trade
    for on in (["migration"], ["infrastructure", "transfers"], []):
        fast = channel_outcomes(cal, trade, on)
        slow = channel_outcomes(cal, trade, on, iteration=IterationConfig(backend="numpy"))
        for name in OUTCOME_NAMES:
            assert fast[name] == pytest.approx(slow[name], rel=1e-9, abs=1e-11)


def test_no_trade_decomposes_to_zeros(calibration) -> None:
    n = calibration.n_cities
    zero = np.zeros(n)
    trade = trade_from_flows(
        calibration,
        sold_productive=zero,
        sold_residential=zero,
        bought_productive=zero,
        bought_residential=zero,
        receipts=zero,
        payments=zero,
    )
    for method in ("shapley", "sequential", "one_at_a_time"):
        table = run_counterfactual(calibration, trade).decompose(method)
        assert (table.to_numpy() == 0.0).all()


def test_bad_options_and_failed_solves(counterfactual) -> None:
    with pytest.raises(ConfigError, match="method"):
        counterfactual.decompose("banzhaf")
    with pytest.raises(ConfigError, match="order"):
        counterfactual.decompose("sequential", ["migration", "migration", "transfers"])
    with pytest.raises(ConfigError, match="mechanism"):
        channel_outcomes(counterfactual.calibration, counterfactual.trade, ["prices"])
    stalled = run_counterfactual(
        counterfactual.calibration, counterfactual.trade, iteration=IterationConfig(max_iter=1)
    )
    with pytest.raises(ConvergenceError):
        decompose(stalled)


def test_channel_sentence_names_the_largest_channel(counterfactual) -> None:
    table = counterfactual.decompose()
    for outcome in OUTCOME_NAMES:
        lead = max(CHANNELS, key=lambda c: abs(table.at[outcome, c]))
        en = channel_sentence(table, outcome)
        zh = channel_sentence(table, outcome, "zh")
        assert f"({table.at[outcome, lead]:+.2f} points)".replace("-", "\u2212") in en
        assert f"（{table.at[outcome, lead]:+.2f}个百分点）".replace("-", "\u2212") in zh
        assert math.isfinite(table.at[outcome, "total"])
    made = pd.DataFrame(
        [[2.1, 0.4, 0.15, 0.04, 0.0, 2.69]], index=["gdp"], columns=list(DECOMPOSITION_COLUMNS)
    )
    assert channel_sentence(made) == (
        "GDP rises by 2.69 %, driven mainly by the land itself (+2.10 points); migration "
        "+0.40, infrastructure (TFP) +0.15, quota transfers +0.04 points."
    )
    assert channel_sentence(made, lang="zh") == (
        "GDP上升2.69%，主要来自土地直接效应（+2.10个百分点）；人口流动+0.40，"
        "基础设施（全要素生产率）+0.15，指标交易转移支付+0.04个百分点。"
    )
    with pytest.raises(ConfigError):
        channel_sentence(made, lang="fr")
