"""The trade's derivatives: finite differences of trade_from_shares, transposition, kinks."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ConfigError
from paretoland.model.outcome_gradients import TRADE_FLOWS
from paretoland.model.quotas import QuotaRule, trade_from_shares, traded_uses
from paretoland.model.trade_gradients import TradeLinearisation, flow_cotangents, shock_tangent

MARKETS = [
    pytest.param(QuotaRule(), id="both-inter"),
    pytest.param(QuotaRule(scope="intra"), id="both-intra"),
    pytest.param(QuotaRule(land_use="split", scope="intra"), id="split-intra"),
    pytest.param(
        QuotaRule(
            land_use="residential",
            participation="custom",
            seller_provinces=("Beijing", "Tianjin"),
            buyer_provinces=("Hebei", "Shanxi"),
        ),
        id="residential-custom",
    ),
]


def _point(calibration, market, seed: int, zero_weights: bool = False):
    rng = np.random.default_rng(seed)
    n = calibration.n_cities
    shares, weights = {}, {}
    for use, wedge, _ in traded_uses(calibration, market):
        shares[use] = np.where(wedge < 0, rng.uniform(0.05, 0.2, n), 0.0)
        weights[use] = np.where(wedge > 0, 0.0 if zero_weights else rng.uniform(0.1, 1, n), 0.0)
    return shares, weights


def _moved(values: dict, change: dict, t: float) -> dict:
    return {use: values[use] + t * change[use] for use in values}


@pytest.mark.parametrize("market", MARKETS)
def test_jvp_matches_central_differences_and_vjp_is_its_transpose(
    small_calibration, market: QuotaRule
) -> None:
    shares, weights = _point(small_calibration, market, 1)
    linearisation = TradeLinearisation(small_calibration, market, shares, weights)
    rng = np.random.default_rng(2)
    d_shares = {use: rng.normal(size=v.shape) * (v > 0) for use, v in shares.items()}
    d_weights = {use: rng.normal(size=v.shape) * (v > 0) for use, v in weights.items()}
    tangents = linearisation.jvp(d_shares, d_weights)
    h = 1e-6
    plus = trade_from_shares(
        small_calibration, market, _moved(shares, d_shares, h), _moved(weights, d_weights, h)
    )
    minus = trade_from_shares(
        small_calibration, market, _moved(shares, d_shares, -h), _moved(weights, d_weights, -h)
    )
    for name in TRADE_FLOWS:
        difference = (getattr(plus, name) - getattr(minus, name)) / (2 * h)
        scale = max(float(np.abs(difference).max()), 1e-300)
        assert (
            np.abs(np.broadcast_to(tangents[name], (1, difference.size))[0] - difference).max()
            < 1e-7 * scale
        )
    cotangents = {name: rng.normal(size=small_calibration.n_cities) for name in TRADE_FLOWS}
    pulled_shares, pulled_weights = linearisation.vjp(cotangents)
    left = sum(
        float(cotangents[name] @ np.broadcast_to(tangents[name], (1, len(cotangents[name])))[0])
        for name in TRADE_FLOWS
    )
    right = sum(
        float(pulled_shares[use][0] @ d_shares[use] + pulled_weights[use][0] @ d_weights[use])
        for use in shares
    )
    assert left == pytest.approx(right, rel=1e-12)


def test_shock_links_are_transposes(small_calibration) -> None:
    rng = np.random.default_rng(3)
    n = small_calibration.n_cities
    flows = {name: rng.normal(size=n) for name in TRADE_FLOWS}
    shock = {
        name: rng.normal(size=n)
        for name in ("land_productive_hat", "land_residential_hat", "transfers")
    }
    params = small_calibration.params.replace(receipts_to_infrastructure=0.4)
    pushed = shock_tangent(small_calibration, flows, params)
    pulled = flow_cotangents(small_calibration, shock, params)
    left = sum(float(shock[name] @ pushed[name]) for name in shock)
    right = sum(float(flows[name] @ pulled[name]) for name in flows)
    assert left == pytest.approx(right, rel=1e-12)


def test_a_pool_without_buyer_weight_is_a_kink(small_calibration) -> None:
    market = QuotaRule()
    shares, weights = _point(small_calibration, market, 4, zero_weights=True)
    linearisation = TradeLinearisation(small_calibration, market, shares, weights)
    assert any("no buyer weight" in kink for kink in linearisation.kinks)
    ones = {use: np.ones(small_calibration.n_cities) for use in shares}
    pulled_shares, _ = linearisation.vjp({"sold_productive": ones["productive"]})
    assert np.all(pulled_shares["productive"] == 0.0)  # the closed pool's derivative


def test_opening_an_empty_pool_is_exact_one_sided(small_calibration) -> None:
    """At no trade (no offer, no weight), the forward mode is the one-sided derivative."""
    market = QuotaRule()
    direction_shares, direction_weights = _point(small_calibration, market, 5)
    zero = {use: np.zeros_like(values) for use, values in direction_shares.items()}
    linearisation = TradeLinearisation(small_calibration, market, zero, dict(zero))
    tangents = linearisation.jvp(direction_shares, direction_weights)
    t = 1e-3  # the trade is positively homogeneous along the ray: f(t v) = t f'(0; v)
    along = trade_from_shares(
        small_calibration,
        market,
        {use: t * v for use, v in direction_shares.items()},
        {use: t * v for use, v in direction_weights.items()},
    )
    for name in TRADE_FLOWS:
        np.testing.assert_allclose(
            tangents[name][0], getattr(along, name) / t, rtol=1e-10, atol=1e-6
        )
    assert any("sells no land" in kink for kink in linearisation.kinks)


def test_a_trade_from_other_levers_is_refused(small_calibration) -> None:
    market = QuotaRule()
    shares, weights = _point(small_calibration, market, 6)
    other = trade_from_shares(small_calibration, market, _moved(shares, shares, 0.1), weights)
    with pytest.raises(ConfigError, match="do not give this trade"):
        TradeLinearisation(small_calibration, market, shares, weights, other)
    with pytest.raises(ConfigError, match="traded use"):
        TradeLinearisation(small_calibration, QuotaRule(land_use="productive"), shares, weights)
