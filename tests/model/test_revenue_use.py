"""Revenue-use presets: who funds infrastructure with quota receipts (docs/model.md §7)."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ModelParams, QuotaRule, calibrate, load_cities, run_counterfactual
from paretoland.exceptions import ConfigError
from paretoland.frontier.presets import compare_revenue_use
from paretoland.io.folders import MARKER_FILE
from paretoland.model.counterfactual import trade_shock
from paretoland.model.params import REVENUE_USE_PRESETS, SEED_003_INFRASTRUCTURE, SEED_003_SPENDING
from paretoland.model.quotas import apply_rule


def test_presets_follow_the_seed_split() -> None:
    assert sum(SEED_003_SPENDING.values()) == pytest.approx(1.0)
    assert SEED_003_INFRASTRUCTURE == pytest.approx(0.1951 + 0.1888)
    assert REVENUE_USE_PRESETS["earmarked"] == (0.0, 1.0)
    base = ModelParams.paper_baseline()
    assert base.receipts_weight == 1.0
    assert base.with_revenue_use("earmarked").receipts_weight == 0.0
    with pytest.raises(ConfigError, match="presets"):
        base.replace(revenue_to_infrastructure=0.0)
    with pytest.raises(ConfigError, match="Unknown revenue-use preset"):
        base.with_revenue_use("charity")


def test_earmarked_receipts_leave_only_payments_in_the_budget(small_calibration) -> None:
    trade = apply_rule(small_calibration, QuotaRule())
    earmarked = ModelParams.paper_baseline().with_revenue_use("earmarked")
    assert np.array_equal(trade_shock(trade, earmarked).transfers, -trade.payments)
    assert np.array_equal(trade_shock(trade).transfers, trade.transfers)


@pytest.fixture(scope="module")
def real():
    return load_cities()


def test_a_common_share_cancels_in_changes_and_earmarking_does_not(real) -> None:
    rule = QuotaRule(land_use="both", scope="inter")
    outcomes = {}
    for preset in REVENUE_USE_PRESETS:
        params = ModelParams.paper_baseline().with_revenue_use(preset)
        outcomes[preset] = run_counterfactual(calibrate(real, params), rule).outcomes.as_dict()
    assert outcomes["seed_003"] == outcomes["paper"]  # θ_R/θ_G = 1 either way: exact
    assert outcomes["earmarked"]["gdp"] < outcomes["paper"]["gdp"]


def test_compare_revenue_use_runs_every_preset(small_config, tmp_path) -> None:
    table = compare_revenue_use(small_config.replace(baseline={"random_samples": 0}), tmp_path)
    assert list(table.index) == list(REVENUE_USE_PRESETS)
    assert table.loc["earmarked", "theta_receipts"] == 0.0
    assert table.loc["seed_003", "best_gdp"] == table.loc["paper", "best_gdp"]
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {*REVENUE_USE_PRESETS, "presets.csv", MARKER_FILE}
