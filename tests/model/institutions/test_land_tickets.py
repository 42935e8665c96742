"""Tests of paretoland.model.institutions.land_tickets (Chongqing land tickets, seed 002)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.exceptions import ConfigError, DataError
from paretoland.model.institutions import (
    M2_PER_MU,
    TicketPricing,
    farmer_income_by_city,
    m2_to_mu,
    mu_to_m2,
    participation_shortfall,
    yuan_per_m2_to_mu,
    yuan_per_mu_to_m2,
)
from paretoland.model.quotas import SELLER_PRICE, QuotaTrade

EXACT = {"rel": 1e-12, "abs": 0.0}


# --- unit conversions ------------------------------------------------------------------


def test_mu_is_one_fifteenth_of_a_hectare() -> None:
    assert M2_PER_MU * 15 == pytest.approx(10_000.0, **EXACT)
    assert mu_to_m2(1.0) == pytest.approx(666.6666666666666, **EXACT)
    assert m2_to_mu(3000.0) == pytest.approx(4.5, **EXACT)


def test_seller_price_350000_yuan_per_mu_is_525_yuan_per_m2() -> None:
    assert yuan_per_mu_to_m2(350_000.0) == pytest.approx(525.0, **EXACT)
    assert yuan_per_m2_to_mu(SELLER_PRICE) == pytest.approx(350_000.0, **EXACT)


def test_price_conversions_round_trip() -> None:
    prices = np.array([0.0, 73_000.0, 187_000.0, 350_000.0, 1.234e7])
    np.testing.assert_allclose(yuan_per_m2_to_mu(yuan_per_mu_to_m2(prices)), prices, rtol=1e-14)
    np.testing.assert_allclose(yuan_per_mu_to_m2(yuan_per_m2_to_mu(prices)), prices, rtol=1e-14)
    np.testing.assert_allclose(m2_to_mu(mu_to_m2(prices)), prices, rtol=1e-14)


# --- the seed's worked numbers ---------------------------------------------------------


def test_defaults_are_the_seeds_figures() -> None:
    pricing = TicketPricing()
    assert pricing.floor_price == 73_000.0  # "主城区目前可冲抵费用约为 7.3 万元/亩" (line 200)
    assert pricing.use_fee + pricing.reclamation_fee == 73_000.0
    assert pricing.reclamation_cost == 37_000.0  # "复垦成本 CFK均为 3.7 万元/亩" (line 329)
    assert (pricing.farmer_share, pricing.collective_share) == (0.85, 0.15)  # line 280
    assert pricing.outside_option == 0.0


def test_2015_average_ticket_is_split_as_in_the_seed() -> None:
    # 2015: every ticket traded at 18.7 万元/亩 (line 185).
    pricing, price = TicketPricing(), 187_000.0
    assert pricing.option_price(price) == 114_000.0  # 187,000 − 73,000
    assert pricing.net_proceeds(price) == 150_000.0  # 187,000 − 37,000
    assert pricing.farmer_income(price) == pytest.approx(127_500.0, **EXACT)  # 0.85 × 150,000
    assert pricing.collective_income(price) == pytest.approx(22_500.0, **EXACT)  # 0.15 × 150,000
    assert pricing.participates(price) is True


def test_2015_volume_and_value_give_the_seeds_average_price() -> None:
    # 2015: 2.6 万亩 for 48.84 亿元 (line 177) → 187,846 yuan/mu ≈ 18.7 万元/亩 (line 185).
    assert 48.84e8 / 2.6e4 == pytest.approx(187_000.0, rel=0.005)


def test_only_the_sum_of_the_fees_matters() -> None:
    skewed = TicketPricing(use_fee=70_000.0, reclamation_fee=3_000.0)
    assert skewed.option_price(187_000.0) == TicketPricing().option_price(187_000.0)


# --- vectorisation ---------------------------------------------------------------------


def test_methods_are_vectorised() -> None:
    pricing = TicketPricing()
    prices = np.array([[0.0, 37_000.0], [73_000.0, 187_000.0]])
    np.testing.assert_array_equal(pricing.option_price(prices), prices - 73_000.0)
    np.testing.assert_array_equal(pricing.net_proceeds(prices), prices - 37_000.0)
    np.testing.assert_allclose(pricing.farmer_income(prices), 0.85 * (prices - 37_000.0))
    np.testing.assert_allclose(pricing.collective_income(prices), 0.15 * (prices - 37_000.0))
    np.testing.assert_allclose(
        pricing.farmer_income(prices) + pricing.collective_income(prices),
        pricing.net_proceeds(prices),
        rtol=1e-14,
    )
    np.testing.assert_array_equal(pricing.participates(prices), [[False, False], [True, True]])
    assert pricing.participates(prices).shape == (2, 2)


def test_scalars_give_python_scalars() -> None:
    pricing = TicketPricing()
    assert isinstance(pricing.option_price(100_000), float)
    assert isinstance(pricing.participates(100_000), bool)


# --- participation ---------------------------------------------------------------------


def test_participation_flips_at_the_outside_option() -> None:
    pricing = TicketPricing(outside_option=127_500.0)  # the farmer's share at 187,000
    assert pricing.participates(187_000.0 + 1.0) is True
    assert pricing.participates(187_000.0 - 1.0) is False
    # At I_f = I_f0 the farmer does not supply (the seed's game is indifferent there).
    at = 127_500.0 / 0.85 + 37_000.0
    assert pricing.participation_margin(at) == pytest.approx(0.0, abs=1e-9)


def test_zero_outside_option_participates_iff_net_proceeds_positive() -> None:
    pricing = TicketPricing()
    np.testing.assert_array_equal(
        pricing.participates(np.array([36_999.0, 37_000.0, 37_001.0])), [False, False, True]
    )


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["use_fee", "reclamation_fee", "reclamation_cost", "outside_option"]
)
def test_negative_amounts_are_rejected_by_name(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        TicketPricing(**{field: -1.0})


def test_non_finite_amount_is_rejected() -> None:
    with pytest.raises(ConfigError, match="use_fee"):
        TicketPricing(use_fee=float("nan"))


def test_shares_must_sum_to_one() -> None:
    with pytest.raises(ConfigError, match="farmer_share and collective_share"):
        TicketPricing(farmer_share=0.85, collective_share=0.10)
    with pytest.raises(ConfigError, match="farmer_share must lie"):
        TicketPricing(farmer_share=1.2, collective_share=-0.2)
    with pytest.raises(ConfigError, match="collective_share must lie"):
        TicketPricing(farmer_share=0.5, collective_share=1.5)
    assert TicketPricing(farmer_share=0.7, collective_share=0.3).farmer_income(37_010.0) == (
        pytest.approx(7.0, **EXACT)
    )


@pytest.mark.parametrize(
    "method", ["option_price", "net_proceeds", "farmer_income", "collective_income", "participates"]
)
def test_negative_traded_price_is_rejected(method: str) -> None:
    with pytest.raises(ConfigError, match="traded_price"):
        getattr(TicketPricing(), method)(np.array([187_000.0, -5.0]))


# --- a hand-made quota trade -----------------------------------------------------------


def _trade() -> QuotaTrade:
    """Return a three-city trade.

    City 0 sells 2,000 + 1,000 m² at 525 yuan/m², 1 buys, 2 sells 200 m² at 60 yuan/m².
    """
    sold_y = np.array([2_000.0, 0.0, 0.0])
    sold_h = np.array([1_000.0, 0.0, 200.0])
    bought_y = np.array([0.0, 2_000.0, 0.0])
    bought_h = np.array([0.0, 1_200.0, 0.0])
    receipts = np.array([525.0 * 3_000.0, 0.0, 60.0 * 200.0])  # 1,575,000 and 12,000 yuan
    payments = np.array([0.0, 1_700_000.0, 0.0])
    return QuotaTrade(
        land_productive_hat=np.ones(3),
        land_residential_hat=np.ones(3),
        transfers=receipts - payments,
        mobility_cost_hat=None,
        sold_productive=sold_y,
        sold_residential=sold_h,
        bought_productive=bought_y,
        bought_residential=bought_h,
        receipts=receipts,
        payments=payments,
    )


def test_farmer_income_by_city_on_a_hand_made_trade() -> None:
    table = farmer_income_by_city(_trade(), TicketPricing(), codes=["500100", "110100", "510100"])
    assert list(table.index) == ["500100", "110100", "510100"]
    # City 0: 3,000 m² = 3,000 / (10,000/15) = 4.5 mu at 1,575,000 / 3,000 = 525 yuan/m²
    # = 350,000 yuan/mu; net 313,000 yuan/mu; farmer 0.85 × 313,000 = 266,050 yuan/mu,
    # × 4.5 mu = 1,197,225 yuan; collective 0.15 × 313,000 × 4.5 = 211,275 yuan.
    # City 2: 200 m² = 0.3 mu at 60 yuan/m² = 40,000 yuan/mu; net 3,000 yuan/mu;
    # farmer 2,550 × 0.3 = 765 yuan; collective 450 × 0.3 = 135 yuan.
    np.testing.assert_allclose(table["land_sold_mu"], [4.5, 0.0, 0.3], rtol=1e-12)
    np.testing.assert_allclose(table["price_yuan_mu"], [350_000.0, np.nan, 40_000.0], rtol=1e-12)
    np.testing.assert_allclose(table["farmer_income_yuan"], [1_197_225.0, 0.0, 765.0], rtol=1e-12)
    np.testing.assert_allclose(table["collective_income_yuan"], [211_275.0, 0.0, 135.0], rtol=1e-12)
    assert table["seller"].tolist() == [True, False, True]
    assert table["participates"].dtype == "boolean"
    assert table["participates"].iloc[0] and table["participates"].iloc[2]
    assert table["participates"].isna().tolist() == [False, True, False]


def test_farmer_income_by_city_with_a_given_seller_price() -> None:
    # Both sellers at SELLER_PRICE = 525 yuan/m² = 350,000 yuan/mu: city 2 now earns
    # 266,050 yuan/mu × 0.3 mu = 79,815 yuan for its farmers.
    table = farmer_income_by_city(_trade(), TicketPricing(), seller_price=SELLER_PRICE)
    assert table.index.name == "city"
    np.testing.assert_allclose(
        table["farmer_income_yuan"], [1_197_225.0, 0.0, 79_815.0], rtol=1e-12
    )
    with pytest.raises(ConfigError, match="seller_price"):
        farmer_income_by_city(_trade(), TicketPricing(), seller_price=-1.0)


def test_city_codes_must_match_the_trade() -> None:
    with pytest.raises(DataError, match="2 city codes"):
        farmer_income_by_city(_trade(), TicketPricing(), codes=["a", "b"])


def test_participation_shortfall_on_a_hand_made_trade() -> None:
    # Outside option 5,000 yuan/mu: city 0's farmers get 266,050 (margin 261,050), city
    # 2's get 2,550 (margin −2,450, shortfall 2,450).
    result = participation_shortfall(_trade(), TicketPricing(outside_option=5_000.0))
    assert list(result.margin.index) == [0, 2]
    np.testing.assert_allclose(result.margin, [261_050.0, -2_450.0], rtol=1e-12)
    np.testing.assert_allclose(result.shortfall, [0.0, 2_450.0], rtol=1e-12)
    assert result.worst == pytest.approx(2_450.0, rel=1e-12)
    assert not result.satisfied
    relaxed = participation_shortfall(_trade(), TicketPricing())
    assert relaxed.worst == 0.0 and relaxed.satisfied


def test_a_trade_without_sellers_has_no_shortfall() -> None:
    trade = _trade()
    empty = QuotaTrade(
        **{
            **trade.__dict__,
            "sold_productive": np.zeros(3),
            "sold_residential": np.zeros(3),
            "receipts": np.zeros(3),
        }
    )
    table = farmer_income_by_city(empty, TicketPricing())
    assert (table["farmer_income_yuan"] == 0).all() and table["participates"].isna().all()
    result = participation_shortfall(empty, TicketPricing(outside_option=1e6))
    assert result.worst == 0.0 and result.margin.empty
    assert isinstance(result.margin, pd.Series)
