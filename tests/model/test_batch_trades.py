"""Batches of candidate rules: (k, n) trades, outcomes and indicators in one go.

Every batch function must give, row by row, what the single-candidate path gives, and
the single path must still agree with a plain per-city reference of docs/model.md §5.
"""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ModelParams, calibrate
from paretoland.data.synthetic import synthetic_cities
from paretoland.exceptions import ConfigError, DataError
from paretoland.frontier.indicators import (
    farmer_income_100m_yuan,
    farmer_income_100m_yuan_batch,
    institution_objective_batch,
    participation_worst,
    participation_worst_batch,
    worst_farmland_loss_km2,
    worst_farmland_loss_km2_batch,
)
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.institutions import (
    TicketPricing,
    farmer_income_by_city,
    farmland_balance,
    participation_shortfall,
)
from paretoland.model.outcomes import (
    DISPERSION_MEASURES,
    OUTCOME_NAMES,
    compute_outcomes,
    compute_outcomes_batch,
)
from paretoland.model.quotas import (
    QuotaRule,
    QuotaTrade,
    allocate_pools,
    buyer_unit_price,
    province_index,
    trade_from_shares,
    traded_uses,
    trading_pools,
)

FIELDS = (
    "land_productive_hat",
    "land_residential_hat",
    "transfers",
    "sold_productive",
    "sold_residential",
    "bought_productive",
    "bought_residential",
    "receipts",
    "payments",
)
FAMILY_USES = ("productive", "residential", "both")
ALL_USES = (*FAMILY_USES, "split")
SCOPES = ("intra", "inter")
MEASURES = list(DISPERSION_MEASURES)


@pytest.fixture(scope="module")
def multi_calibration():
    """Return 90 synthetic cities spread over the 31 provinces, calibrated.

    2-3 cities per province, so intra-province pools have several members (the
    session's small economy has one city per province).
    """
    return calibrate(synthetic_cities(90, seed=11), ModelParams.paper_baseline())


@pytest.fixture(params=["small", "multi"])
def calibration(request, small_calibration, multi_calibration):
    return small_calibration if request.param == "small" else multi_calibration


def _close(
    actual: np.ndarray, expected: np.ndarray, rtol: float = 1e-12, scale: float | None = None
) -> None:
    """Equal to ``rtol`` relative to ``scale`` (default: the array's largest entry)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    if scale is None:
        scale = float(np.abs(expected).max(initial=0.0))
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * max(scale, 1e-300))


def _close_trades(actual, expected: dict | object) -> None:
    """Check that two trades (or a trade and a reference dict) agree field by field.

    The transfers agree to the scale of the money flows (receipts − payments may
    cancel).
    """
    get = expected.get if isinstance(expected, dict) else lambda name: getattr(expected, name)
    money = max(float(np.abs(get("receipts")).max()), float(np.abs(get("payments")).max()))
    for name in FIELDS:
        _close(getattr(actual, name), get(name), scale=money if name == "transfers" else None)


def _draws(family, k: int, seed: int) -> np.ndarray:
    """Random levers, plus a row of zeros and a row at the upper bounds."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(family.lower, family.upper, size=(k, family.n_levers))
    X[1] = 0.0
    X[2] = family.upper
    return X


def _reference_trade(cal, rule: QuotaRule, shares: dict, weights: dict) -> dict:
    """docs/model.md §5 by plain loops over cities, for one candidate (1-D shares/weights)."""
    n = cal.n_cities
    codes = cal.data.province_codes
    pool = codes if rule.scope == "intra" else np.array(["all"] * n)
    land_y, land_h = cal.land_productive, cal.land_residential
    flows = {}
    for use, _, stock in traded_uses(cal, rule):
        sell = [shares[use][i] * stock[i] for i in range(n)]
        sold, bought = np.zeros(n), np.zeros(n)
        for p in set(pool):
            members = [i for i in range(n) if pool[i] == p]
            weight = sum(weights[use][i] for i in members)
            if weight > 0:
                offered = sum(sell[i] for i in members)
                for i in members:
                    sold[i] = sell[i]
                    bought[i] = offered * weights[use][i] / weight
        flows[use] = sold, bought
    if rule.land_use == "split":
        sold, bought = flows["split"]
        share_y = land_y / (land_y + land_h)
        sy, sh = sold * share_y, sold * (1 - share_y)
        by, bh = bought * rule.split_productive, bought * (1 - rule.split_productive)
    else:
        zero = np.zeros(n)
        sy, by = flows.get("productive", (zero, zero))
        sh, bh = flows.get("residential", (zero, zero))
    sold = sy + sh
    tiers = {name: price for name, price in rule.buyer_prices.items()}
    payments = np.zeros(n)
    for use_sold, use_bought in flows.values():  # each use priced by its own pool's origins
        for i in range(n):
            members = [j for j in range(n) if pool[j] == pool[i]]
            total = sum(use_sold[j] for j in members)
            own_sold = sum(use_sold[j] for j in members if codes[j] == codes[i])
            own = own_sold / total if total > 0 else 0.0
            tier = tiers.get(cal.data.provinces[i], rule.default_buyer_price)
            payments[i] += use_bought[i] * (own * rule.seller_price + (1 - own) * tier)
    return {
        "sold_productive": sy,
        "sold_residential": sh,
        "bought_productive": by,
        "bought_residential": bh,
        "receipts": rule.seller_price * sold,
        "payments": payments,
        "transfers": rule.seller_price * sold - payments,
        "land_productive_hat": 1 + (by - sy) / land_y,
        "land_residential_hat": 1 + (bh - sh) / land_h,
    }


def _random_shares(cal, rule: QuotaRule, k: int, seed: int) -> tuple[dict, dict]:
    """Random (k, n) shares in [0, 0.3) and weights in [0, 1), each ~40 % zeros."""
    rng = np.random.default_rng(seed)
    shares, weights = {}, {}
    for use, _, _ in traded_uses(cal, rule):
        n = cal.n_cities
        shares[use] = np.where(rng.random((k, n)) < 0.6, rng.uniform(0, 0.3, (k, n)), 0.0)
        weights[use] = np.where(rng.random((k, n)) < 0.6, rng.random((k, n)), 0.0)
    for use in weights:
        weights[use][0] = 0.0  # a row whose pools have no buyers: nothing moves
    return shares, weights


# ------------------------------------------------------------------ quota functions
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("land_use", ALL_USES)
def test_batch_trade_from_shares_is_the_stack_of_single_trades(
    calibration, land_use, scope
) -> None:
    rule = QuotaRule(land_use=land_use, scope=scope)
    k = 12
    shares, weights = _random_shares(calibration, rule, k, seed=5)
    batch = trade_from_shares(calibration, rule, shares, weights)
    assert batch.batch_size == k
    for i in range(k):
        row_shares = {use: values[i] for use, values in shares.items()}
        row_weights = {use: values[i] for use, values in weights.items()}
        single = trade_from_shares(calibration, rule, row_shares, row_weights)
        assert single.batch_size is None
        reference = _reference_trade(calibration, rule, row_shares, row_weights)
        for name in FIELDS:
            assert getattr(batch, name).shape == (k, calibration.n_cities)
            np.testing.assert_array_equal(getattr(batch, name)[i], getattr(single, name))
        _close_trades(single, reference)
        assert batch.row(i).land_moved == single.land_moved
        assert batch.land_moved[i] == pytest.approx(single.land_moved, rel=1e-12)
        assert batch.intermediary_balance[i] == pytest.approx(
            single.intermediary_balance, rel=1e-12, abs=1e-3
        )
    assert batch.land_moved[0] == 0.0 and not batch.sellers[0].any()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("land_use", ALL_USES)
def test_batch_trades_conserve_land_in_every_pool_of_every_row(
    multi_calibration, land_use, scope
) -> None:
    cal = multi_calibration
    rule = QuotaRule(land_use=land_use, scope=scope)
    trade = trade_from_shares(cal, rule, *_random_shares(cal, rule, 15, seed=9))
    pool = trading_pools(cal, rule)
    uses = [("sold_productive", "bought_productive"), ("sold_residential", "bought_residential")]
    if land_use == "split":  # the two uses share one pool of construction land
        pairs = [
            (
                trade.sold_productive + trade.sold_residential,
                trade.bought_productive + trade.bought_residential,
            )
        ]
    else:
        pairs = [(getattr(trade, sold), getattr(trade, bought)) for sold, bought in uses]
    for sold, bought in pairs:
        for p in np.unique(pool):
            members = pool == p
            in_pool_sold = sold[:, members].sum(axis=1)
            np.testing.assert_allclose(
                bought[:, members].sum(axis=1), in_pool_sold, rtol=1e-12, atol=1e-6
            )
    assert trade.land_moved.shape == (15,) and (trade.land_moved[1:] > 0).all()
    _close(
        trade.intermediary_balance,
        trade.payments.sum(axis=1) - trade.receipts.sum(axis=1),
        scale=float(trade.payments.sum(axis=1).max()),
    )
    assert (trade.land_productive_hat > 0).all() and (trade.land_residential_hat > 0).all()


def test_allocate_pools_rows_equal_single_rows_exactly() -> None:
    rng = np.random.default_rng(3)
    k, n = 9, 11
    pool = rng.integers(0, 4, n)
    sell = np.where(rng.random((k, n)) < 0.5, rng.random((k, n)), 0.0)
    weight = np.where(rng.random((k, n)) < 0.5, rng.random((k, n)), 0.0)
    weight[2, pool == 1] = 0.0  # pool 1 of row 2 has no buyers: its sellers keep their land
    sell_before, weight_before = sell.copy(), weight.copy()
    sold, bought = allocate_pools(sell, weight, pool)
    assert sold.shape == bought.shape == (k, n)
    np.testing.assert_array_equal(sell, sell_before)  # inputs untouched
    np.testing.assert_array_equal(weight, weight_before)
    for i in range(k):
        row_sold, row_bought = allocate_pools(sell[i], weight[i], pool)
        np.testing.assert_array_equal(sold[i], row_sold)
        np.testing.assert_array_equal(bought[i], row_bought)
    assert (sold[2, pool == 1] == 0).all()
    # one weight vector for every row broadcasts
    sold_b, bought_b = allocate_pools(sell, weight[0], pool)
    np.testing.assert_array_equal(bought_b[4], allocate_pools(sell[4], weight[0], pool)[1])


def test_buyer_unit_price_batch_and_cached_constants(multi_calibration) -> None:
    cal = multi_calibration
    rule = QuotaRule(scope="inter")
    rng = np.random.default_rng(4)
    sold = np.where(rng.random((6, cal.n_cities)) < 0.3, rng.random((6, cal.n_cities)), 0.0)
    pool = trading_pools(cal, rule)
    prices = buyer_unit_price(cal, rule, sold, pool)
    for i in range(6):
        np.testing.assert_array_equal(prices[i], buyer_unit_price(cal, rule, sold[i], pool))
    # nobody sells: everyone would pay its tier price
    np.testing.assert_array_equal(
        buyer_unit_price(cal, rule, np.zeros(cal.n_cities), pool),
        [rule.buyer_prices.get(p, rule.default_buyer_price) for p in cal.data.provinces],
    )
    other = QuotaRule(scope="inter", buyer_prices={"Beijing": 2000.0})
    beijing = cal.data.provinces == "Beijing"
    assert (buyer_unit_price(cal, other, np.zeros(cal.n_cities), pool)[beijing] == 2000.0).all()
    # the per-calibration constants are cached, not rebuilt
    assert province_index(cal) is province_index(cal)
    index, n_provinces = province_index(cal)
    assert n_provinces == len(set(cal.data.province_codes)) and not index.flags.writeable


def test_mixed_shapes_broadcast_and_overwrite_is_opt_in(small_calibration) -> None:
    cal = small_calibration
    rule = QuotaRule(land_use="productive")
    shares, weights = _random_shares(cal, rule, 5, seed=1)
    one_share = {"productive": shares["productive"][3]}
    batch = trade_from_shares(cal, rule, one_share, weights)  # (n,) shares, (k, n) weights
    single = trade_from_shares(cal, rule, one_share, {"productive": weights["productive"][4]})
    np.testing.assert_array_equal(batch.payments[4], single.payments)
    kept = (
        {use: a.copy() for use, a in shares.items()},
        {use: a.copy() for use, a in weights.items()},
    )
    plain = trade_from_shares(cal, rule, shares, weights)
    np.testing.assert_array_equal(shares["productive"], kept[0]["productive"])
    np.testing.assert_array_equal(weights["productive"], kept[1]["productive"])
    fast = trade_from_shares(cal, rule, *kept, overwrite=True)
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(fast, name), getattr(plain, name))
    with pytest.raises(ConfigError, match="shape"):
        trade_from_shares(cal, rule, {"productive": np.zeros((2, 3))}, weights)
    with pytest.raises(ConfigError, match="batch trade"):
        single.row(0)


# ------------------------------------------------------------------ rule families
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("land_use", FAMILY_USES)
@pytest.mark.parametrize("family_class", [ParametricFamily, PerCityFamily])
def test_family_trades_are_the_stack_of_single_trades(
    calibration, family_class, land_use, scope
) -> None:
    family = family_class(calibration, QuotaRule(land_use=land_use, scope=scope), 0.3)
    X = _draws(family, 10, seed=len(land_use) + len(scope))
    batch = family.trades(X)
    assert batch.batch_size == 10
    for i, x in enumerate(X):
        single = family.trade(x)
        shares, weights = family.shares_and_weights(x)  # the (n,) path
        assert all(
            a.shape == (calibration.n_cities,) for a in (*shares.values(), *weights.values())
        )
        reference = _reference_trade(calibration, family.market, shares, weights)
        _close_trades(batch.row(i), single)
        _close_trades(single, reference)
    assert batch.land_moved[1] == 0.0  # the zero row
    shares, weights = family.shares_and_weights(X)
    for use in family.uses:
        assert shares[use].shape == weights[use].shape == (10, calibration.n_cities)
        assert (shares[use][:, ~family._sellers[use]] == 0).all()
        assert (weights[use][:, ~family._buyers[use]] == 0).all()
        assert (shares[use] <= 0.3).all()


def test_family_batch_keeps_the_mobility_hat(multi_calibration) -> None:
    family = ParametricFamily(multi_calibration, QuotaRule(mobility="within_pilot"))
    X = _draws(family, 4, seed=0)
    batch = family.trades(X)
    n = multi_calibration.n_cities
    assert batch.mobility_cost_hat.shape == (n, n)
    np.testing.assert_array_equal(batch.mobility_cost_hat, family.trade(X[0]).mobility_cost_hat)


def test_allocations_use_the_batch_rows(small_calibration) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    X = _draws(family, 3, seed=2)
    table = family.allocations(X)
    n = small_calibration.n_cities
    assert len(table) == 3 * n
    for i, x in enumerate(X):
        rows = table[table["point"] == i]
        _close(rows["payments_yuan"].to_numpy(), family.trade(x).payments)
        _close(
            rows["share_sold_productive"].to_numpy(), family.shares_and_weights(x)[0]["productive"]
        )


def test_bad_rows_are_named(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), weight_bound=1.0)
    X = np.zeros((5, 12))
    X[3, 4] = 1.5
    X[4, 0] = -7.0
    with pytest.raises(
        ConfigError,
        match=r"row 3 \(2 bad row\(s\) in all\): lever "
        r"productive\.buy\.tfp = 1\.5",
    ):
        family.trades(X)
    X[3, 4] = np.nan
    with pytest.raises(ConfigError, match="row 3.*productive.buy.tfp = nan"):
        family.trades(X)
    with pytest.raises(ConfigError, match=r"shape \(k, 12\); got shape \(12,\)"):
        family.trades(np.zeros(12))
    with pytest.raises(ConfigError, match=r"got shape \(5, 3\)"):
        family.trades(np.zeros((5, 3)))
    # the single path keeps its messages
    with pytest.raises(ConfigError, match="^lever productive.buy.tfp = 1.5"):
        family.trade(np.where(np.arange(12) == 4, 1.5, 0.0))
    with pytest.raises(ConfigError, match="12 levers"):
        family.trade(np.zeros(3))


# ------------------------------------------------------------------ outcomes
def _hats(cal, k: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    hats = {
        name: 1.0 + 0.03 * rng.standard_normal((k, cal.n_cities))
        for name in ("output_hat", "labour_hat", "welfare_hat")
    }
    for values in hats.values():
        values[2] = 1.0  # an unchanged economy
    return hats


@pytest.mark.parametrize("measure", MEASURES)
def test_compute_outcomes_batch_equals_rows(calibration, measure) -> None:
    hats = _hats(calibration, 20, seed=len(measure))
    kept = {name: values.copy() for name, values in hats.items()}
    batch = compute_outcomes_batch(calibration, measure=measure, **hats)
    assert list(batch) == list(OUTCOME_NAMES)
    assert all(values.shape == (20,) for values in batch.values())
    for name in hats:  # inputs untouched
        np.testing.assert_array_equal(hats[name], kept[name])
    for i in range(20):
        single = compute_outcomes(
            calibration, measure=measure, **{name: values[i] for name, values in hats.items()}
        )
        for name, value in single.as_dict().items():
            assert batch[name][i] == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert [batch[name][2] for name in OUTCOME_NAMES] == [0.0] * 4  # exactly


@pytest.mark.parametrize("measure", MEASURES)
def test_all_ones_batch_gives_exact_zeros(small_calibration, measure) -> None:
    ones = np.ones((7, small_calibration.n_cities))
    batch = compute_outcomes_batch(
        small_calibration, output_hat=ones, labour_hat=ones, welfare_hat=ones, measure=measure
    )
    for name in OUTCOME_NAMES:
        np.testing.assert_array_equal(batch[name], np.zeros(7))


@pytest.mark.parametrize(
    "bad, match",
    [
        pytest.param(
            np.nan, r"output_hat is \S*nan\S* for city {code} \(row 3, index 5; 1 bad", id="nan"
        ),
        pytest.param(0.0, r"output_hat is \S*0\.0\S* for city {code} \(row 3, index 5;", id="zero"),
        pytest.param(-1.0, "must be finite and positive", id="negative"),
        pytest.param(np.inf, r"output_hat is \S*inf\S* for city {code}", id="inf"),
    ],
)
def test_compute_outcomes_batch_names_the_bad_row_and_city(small_calibration, bad, match) -> None:
    hats = _hats(small_calibration, 6, seed=1)
    hats["output_hat"][3, 5] = bad
    code = small_calibration.data.codes[5]
    with pytest.raises(DataError, match=match.format(code=code)):
        compute_outcomes_batch(small_calibration, **hats)


def test_compute_outcomes_batch_rejects_shapes_and_measures(small_calibration) -> None:
    hats = _hats(small_calibration, 4, seed=2)
    with pytest.raises(DataError, match=r"labour_hat has shape \(14,\); expected \(k, 14\)"):
        compute_outcomes_batch(small_calibration, **{**hats, "labour_hat": np.ones(14)})
    with pytest.raises(DataError, match="welfare_hat has shape"):
        compute_outcomes_batch(small_calibration, **{**hats, "welfare_hat": np.ones((4, 13))})
    with pytest.raises(ConfigError, match="unknown dispersion measure"):
        compute_outcomes_batch(small_calibration, measure="atkinson", **hats)


# ------------------------------------------------------------------ indicators
@pytest.mark.parametrize("family_class", [ParametricFamily, PerCityFamily])
def test_batch_indicators_equal_the_institution_tables(multi_calibration, family_class) -> None:
    cal = multi_calibration
    family = family_class(cal, QuotaRule(land_use="both", scope="inter"), 0.3)
    X = _draws(family, 8, seed=6)
    batch = family.trades(X)
    pricing = TicketPricing(outside_option=280_000.0)
    income = farmer_income_100m_yuan_batch(batch, pricing)
    worst = participation_worst_batch(batch, pricing)
    loss = worst_farmland_loss_km2_batch(batch, cal)
    assert income.shape == worst.shape == loss.shape == (8,)
    for i in range(8):
        trade = batch.row(i)
        table = farmer_income_by_city(trade, pricing)
        assert income[i] == pytest.approx(table["farmer_income_yuan"].sum() / 1e8, rel=1e-12)
        assert worst[i] == pytest.approx(participation_shortfall(trade, pricing).worst, rel=1e-12)
        assert loss[i] == pytest.approx(
            farmland_balance(trade, cal.data).max_net_loss_km2, rel=1e-12, abs=1e-12
        )
    assert income[1] == 0.0 and worst[1] == 0.0 and loss[1] == 0.0  # the zero row
    assert (income[[0, 2]] > 0).all() and (worst[[0, 2]] > 0).all()
    np.testing.assert_array_equal(
        institution_objective_batch("farmland_loss", batch, cal, pricing), loss
    )
    with pytest.raises(ConfigError, match="unknown institutional objective"):
        institution_objective_batch("gdp", batch, cal, pricing)


def test_single_indicators_are_the_one_row_batch(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    X = _draws(family, 3, seed=8)
    batch = family.trades(X)
    pricing = TicketPricing(outside_option=300_000.0)
    for i in (0, 2):
        cf = run_counterfactual(small_calibration, family.trade(X[i]))
        assert farmer_income_100m_yuan(cf, pricing) == pytest.approx(
            farmer_income_100m_yuan_batch(batch, pricing)[i], rel=1e-12
        )
        assert participation_worst(cf, pricing) == pytest.approx(
            participation_worst_batch(batch, pricing)[i], rel=1e-12
        )
        assert worst_farmland_loss_km2(cf) == pytest.approx(
            worst_farmland_loss_km2_batch(batch, small_calibration)[i], rel=1e-12, abs=1e-12
        )
    assert isinstance(family.trade(X[0]), QuotaTrade)
