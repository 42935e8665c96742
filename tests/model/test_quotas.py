"""Quota rules (docs/model.md §5): conservation, roles, prices, pools and participation."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import CityData, ConfigError, calibrate
from paretoland.model.quotas import (
    DEFAULT_BUYER_PRICE,
    SELLER_PRICE,
    QuotaRule,
    allocate_pools,
    apply_rule,
    trade_from_shares,
)


@pytest.fixture
def calibration(four_city_frames):
    """Return six cities: Hebei (3), Sichuan (2), Beijing (1), calibrated.

    No migration (m = I) and equal employment and wages, so wedges follow land alone:
    in each of Hebei and Sichuan some cities are short of each land use and some have a
    surplus.
    """
    template = four_city_frames[0].iloc[[0, 1, 1, 1, 3, 3]].reset_index(drop=True)
    frame = template.assign(
        city_code=["110000", "130100", "130200", "130300", "510100", "510300"],
        name_zh=["北京市", "石家庄市", "唐山市", "秦皇岛市", "成都市", "自贡市"],
        name_pinyin=["Beijing", "Shijiazhuang", "Tangshan", "Qinhuangdao", "Chengdu", "Zigong"],
        employment_10k=50.0,
        realestate_employment_10k=2.5,
        wage_yuan=60000.0,
        hukou_pop_10k=52.5,
        resident_pop_10k=52.5,
        land_productive_km2=[40.0, 100.0, 50.0, 20.0, 80.0, 30.0],
        land_residential_km2=[25.0, 40.0, 90.0, 30.0, 20.0, 70.0],
    )
    return calibrate(CityData.from_frames(frame, np.eye(6)))


def test_fixture_has_both_roles_in_each_pool(calibration) -> None:
    codes = calibration.data.province_codes
    for wedge in (calibration.wedge_productive, calibration.wedge_residential):
        for code in ("130000", "510000"):
            assert (wedge[codes == code] > 0).any() and (wedge[codes == code] < 0).any()


def test_allocate_pools_closed_form() -> None:
    sell = np.array([10.0, 0.0, 6.0, 0.0, 4.0])
    weight = np.array([0.0, 1.0, 0.0, 3.0, 0.0])
    pool = np.array([0, 0, 1, 1, 2])  # pool 2 has a seller and no buyer
    sold, bought = allocate_pools(sell, weight, pool)
    np.testing.assert_array_equal(sold, [10.0, 0.0, 6.0, 0.0, 0.0])
    np.testing.assert_array_equal(bought, [0.0, 10.0, 0.0, 6.0, 0.0])


RULES = [
    pytest.param(
        QuotaRule(land_use=use, scope=scope, allocation=alloc), id=f"{use}-{scope}-{alloc}"
    )
    for use in ("productive", "residential", "both", "split")
    for scope in ("intra", "inter")
    for alloc in ("equal_area", "equal_proportion")
]


@pytest.mark.parametrize("rule", RULES)
def test_land_traded_in_equals_land_traded_out(calibration, rule) -> None:
    trade = apply_rule(calibration, rule)
    sold = trade.sold_productive + trade.sold_residential
    bought = trade.bought_productive + trade.bought_residential
    assert bought.sum() == pytest.approx(sold.sum(), rel=1e-12)
    if rule.land_use != "split":  # each use is its own pool
        assert trade.bought_productive.sum() == pytest.approx(
            trade.sold_productive.sum(), rel=1e-12
        )
        assert trade.bought_residential.sum() == pytest.approx(
            trade.sold_residential.sum(), rel=1e-12
        )
    if rule.scope == "intra":  # and every province balances
        codes = calibration.data.province_codes
        for code in set(codes):
            assert bought[codes == code].sum() == pytest.approx(sold[codes == code].sum(), abs=1e-6)
    assert trade.intermediary_balance == pytest.approx(trade.payments.sum() - trade.receipts.sum())
    np.testing.assert_allclose(trade.transfers, trade.receipts - trade.payments)


def test_sellers_and_buyers_match_wedge_signs(calibration) -> None:
    trade = apply_rule(calibration, QuotaRule(land_use="productive", scope="inter"))
    tau = calibration.wedge_productive
    np.testing.assert_array_equal(trade.sold_productive > 0, tau < 0)
    np.testing.assert_array_equal(trade.bought_productive > 0, tau > 0)
    np.testing.assert_allclose(
        trade.land_productive_hat[tau < 0], 1 - 0.15, rtol=1e-14
    )  # each seller gives up s = 15 %


def test_equal_area_and_equal_proportion(calibration) -> None:
    tau = calibration.wedge_residential
    area = apply_rule(calibration, QuotaRule(land_use="residential", allocation="equal_area"))
    gained = area.bought_residential[tau > 0]
    np.testing.assert_allclose(gained, gained[0])
    prop = apply_rule(calibration, QuotaRule(land_use="residential", allocation="equal_proportion"))
    hats = prop.land_residential_hat[tau > 0]
    np.testing.assert_allclose(hats, hats[0])  # the same % increase for every buyer


def test_transfer_share_scales_land_moved(calibration) -> None:
    base = apply_rule(calibration, QuotaRule())
    more = apply_rule(calibration, QuotaRule(transfer_share=0.20))
    assert more.land_moved == pytest.approx(base.land_moved * 0.20 / 0.15)


def test_prices_by_tier_and_own_province_settlement(calibration) -> None:
    trade = apply_rule(calibration, QuotaRule(land_use="both", scope="inter"))
    sold = trade.sold_productive + trade.sold_residential
    np.testing.assert_allclose(trade.receipts, SELLER_PRICE * sold)
    codes = calibration.data.province_codes
    bought = trade.bought_productive + trade.bought_residential
    for i in np.flatnonzero(bought > 0):
        tier = {"110000": 1050.0}.get(codes[i], DEFAULT_BUYER_PRICE)
        expected = 0.0
        for sold_k, bought_k in (
            (trade.sold_productive, trade.bought_productive),
            (trade.sold_residential, trade.bought_residential),
        ):  # the own-province share of each use's pool prices that use
            own = sold_k[codes == codes[i]].sum() / sold_k.sum()
            expected += bought_k[i] * (own * SELLER_PRICE + (1 - own) * tier)
        assert trade.payments[i] == pytest.approx(expected, rel=1e-12)


def test_own_province_share_is_per_land_use(calibration) -> None:
    """The own-province share that prices a buyer's quota is computed per land use.

    Tangshan (Hebei) sells productive land, Chengdu (Sichuan) residential land, and
    Shijiazhuang (Hebei) buys both: its productive quota is all from its own province
    (seller price), its residential quota all from another (its tier price). Pooled
    over both uses, the own share would be Tangshan's part of all land sold.
    """
    n = calibration.n_cities
    sell_y, sell_h, buy_y, buy_h = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    sell_y[2], sell_h[4] = 0.1, 0.1
    buy_y[[0, 1]] = 1.0  # Beijing and Shijiazhuang share the productive quota
    buy_h[1] = 1.0
    rule = QuotaRule(land_use="both", scope="inter")
    shares, weights = {"productive": sell_y, "residential": sell_h}, {"productive": buy_y}
    trade = trade_from_shares(calibration, rule, shares, weights | {"residential": buy_h})
    sold_y, sold_h = 0.1 * calibration.land_productive[2], 0.1 * calibration.land_residential[4]
    bought_y, bought_h = trade.bought_productive[1], trade.bought_residential[1]
    assert (bought_y, bought_h) == (pytest.approx(sold_y / 2), pytest.approx(sold_h))
    expected = bought_y * SELLER_PRICE + bought_h * DEFAULT_BUYER_PRICE
    assert trade.payments[1] == pytest.approx(expected, rel=1e-14)
    assert trade.payments[0] == pytest.approx(sold_y / 2 * 1050.0, rel=1e-14)  # Beijing's tier
    pooled_own = sold_y / (sold_y + sold_h)  # Hebei's part of all land sold
    pooled = (bought_y + bought_h) * (
        pooled_own * SELLER_PRICE + (1 - pooled_own) * DEFAULT_BUYER_PRICE
    )
    assert abs(trade.payments[1] - pooled) > 1e-3 * expected
    # a batch prices each row the same way
    batch = trade_from_shares(
        calibration,
        rule,
        {"productive": np.stack([sell_y, sell_y]), "residential": np.stack([sell_h, 0 * sell_h])},
        weights | {"residential": buy_h},
    )
    np.testing.assert_allclose(batch.payments[0], trade.payments, rtol=1e-14)
    assert batch.payments[1, 1] == pytest.approx(bought_y * SELLER_PRICE, rel=1e-14)


def test_intra_province_trades_settle_at_the_seller_price(calibration) -> None:
    trade = apply_rule(calibration, QuotaRule(land_use="both", scope="intra"))
    assert trade.intermediary_balance == pytest.approx(0.0, abs=1e-6)


def test_custom_participation_and_province_names(calibration) -> None:
    rule = QuotaRule(
        participation="custom", seller_provinces=("河北",), buyer_provinces=("Beijing",)
    )
    trade = apply_rule(calibration, rule)
    provinces = calibration.data.provinces
    assert set(provinces[trade.sellers]) == {"Hebei"}
    assert set(provinces[trade.buyers]) <= {"Beijing"}
    assert trade.sellers.sum() >= 1


def test_unknown_province_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="Atlantis"):
        QuotaRule(participation="custom", seller_provinces=("Atlantis",))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"land_use": "farmland"}, "land_use"),
        ({"scope": "global"}, "scope"),
        ({"allocation": "random"}, "allocation"),
        ({"transfer_share": 0.0}, "transfer_share"),
        ({"transfer_share": 1.5}, "transfer_share"),
        ({"mobility": "everywhere"}, "mobility"),
        ({"seller_price": -1.0}, "prices"),
    ],
)
def test_invalid_rule_options(changes, named) -> None:
    with pytest.raises(ConfigError, match=named):
        QuotaRule(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"buyer_provinces": ("Sichuan", "四川")},
            r'QuotaRule buyer_provinces: "四川" is the same province as "Sichuan"',
        ),
        (
            {"participation": "custom", "buyer_provinces": ()},
            r"QuotaRule buyer_provinces = \[\]: must name at least one province",
        ),
        ({"buyer_prices": {"Bejing": 900.0}}, r'unknown province "Bejing"; did you mean "Beijing"'),
        ({"buyer_prices": {"Beijing": -1}}, r"QuotaRule buyer_prices\.Beijing = -1\.0: must be"),
        ({"seller_price": float("nan")}, r"QuotaRule seller_price = nan: expected a finite"),
        ({"transfer_share": "0.2"}, r'QuotaRule transfer_share = "0.2": expected a finite'),
        ({"land_use": "resdential"}, r'land_use = "resdential".*did you mean "residential"'),
    ],
)
def test_rule_messages_name_option_and_value(changes, message) -> None:
    with pytest.raises(ConfigError, match=message):
        QuotaRule(**changes)


def test_rule_options_are_cast() -> None:
    rule = QuotaRule(transfer_share=np.float64(0.2), seller_price=600, buyer_provinces=["Beijing"])
    assert rule.transfer_share == 0.2 and type(rule.transfer_share) is float
    assert rule.seller_price == 600.0 and type(rule.seller_price) is float
    assert rule.buyer_provinces == ("Beijing",)


def test_rule_that_moves_no_land_is_an_error(calibration) -> None:
    # Sichuan is alone in its province: an intra-province pool with one city cannot trade
    rule = QuotaRule(
        scope="intra",
        participation="custom",
        seller_provinces=("Beijing",),
        buyer_provinces=("Beijing",),
    )
    with pytest.raises(ConfigError, match="moves no land"):
        apply_rule(calibration, rule)


def test_mobility_cost_cuts(calibration) -> None:
    within = apply_rule(calibration, QuotaRule(mobility="within_pilot")).mobility_cost_hat
    assert within is not None and np.all(np.diag(within) == 1.0)
    assert set(np.unique(within)) <= {0.9, 1.0}
    assert apply_rule(calibration, QuotaRule()).mobility_cost_hat is None
