"""Recorded quota transactions (docs/model.md §5, the paper's Table 1): loading, errors, trade."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paretoland
from paretoland import CityData, ConfigError, DataError, calibrate
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.transactions import (
    M2_PER_MU,
    Transactions,
    load_transactions,
    transactions_trade,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "problems" / "transactions_example.csv"


@pytest.fixture(scope="module")
def data() -> CityData:
    return paretoland.load_cities()


@pytest.fixture(scope="module")
def cal(data: CityData) -> paretoland.Calibration:
    return calibrate(data, paretoland.ModelParams.paper_baseline())


@pytest.fixture(scope="module")
def example(data: CityData) -> Transactions:
    return load_transactions(EXAMPLE, data)


def _index(data: CityData, code: str) -> int:
    return int(np.flatnonzero(data.codes == code)[0])


def _table(**changes: object) -> pd.DataFrame:
    """Three valid transactions (Sichuan, Anhui, Hubei); ``changes`` replace columns."""
    frame = pd.DataFrame(
        {
            "seller": ["511900", "阜阳市", "Huanggang"],
            "buyer": ["510100", "合肥", "武汉市"],
            "area_mu": [300.0, 1500.0, 900.0],
            "price_yuan_mu": [300000.0, 420000.0, 0.0],
            "use": ["unknown", "productive", "residential"],
            "date": ["2023-03-08", "2023-02-28", "2023-01-20"],
        }
    )
    for column, values in changes.items():
        frame[column] = values
    return frame


# ---------------------------------------------------------------------------- matching cities
@pytest.mark.parametrize(
    "value",
    [
        340100,
        np.int64(340100),
        340100.0,
        "340100",
        " 340100 ",
        "合肥市",
        "合肥",
        " 合肥 ",
        "Hefei",
        "hefei",
        "HEFEI",
    ],
    ids=[
        "int",
        "np-int",
        "float",
        "str",
        "padded",
        "zh",
        "zh-no-suffix",
        "zh-padded",
        "pinyin",
        "pinyin-lower",
        "pinyin-upper",
    ],
)
def test_a_city_is_matched_by_code_chinese_or_pinyin_name(data, value) -> None:
    tx = load_transactions(_table(buyer=[value] * 3), data)
    np.testing.assert_array_equal(tx.buyer, _index(data, "340100"))
    assert list(tx.frame["buyer_code"]) == ["340100"] * 3


@pytest.mark.parametrize(
    "value, code",
    [
        ("大兴安岭", "232700"),
        ("大兴安岭地区", "232700"),
        ("大兴安岭市", "232700"),
        ("大理白族", "532900"),
        ("Lu'an", "341500"),
        ("lu'an", "341500"),
        ("宿州", "341300"),
        ("玉林市", "450900"),
    ],
)
def test_suffixes_are_stripped_from_both_sides(data, value, code) -> None:
    tx = load_transactions(_table(seller=[value] * 3, buyer=["510100"] * 3), data)
    np.testing.assert_array_equal(tx.seller, _index(data, code))


def test_example_file_mixes_codes_and_names_and_stays_in_its_provinces(data, example) -> None:
    frame = example.frame
    assert example.n_transactions == len(frame) == 26
    assert frame["seller"].str.fullmatch(r"\d{6}").any()
    assert frame["seller"].str.contains(r"[\u4e00-\u9fff]").any()
    assert example.intra_province.all()
    provinces = set(data.province_codes[example.seller])
    assert provinces == {"150000", "340000", "420000", "450000", "510000"}
    assert set(example.use) == {"unknown", "productive", "residential"}
    added = {"seller_code", "buyer_code", "area_m2", "price_yuan_m2"}
    assert added | {"date"} <= set(frame.columns)
    first = frame.iloc[0]
    assert (first["seller_code"], first["buyer_code"]) == ("150400", "150100")  # 赤峰 → 呼和浩特


def test_mu_are_converted_to_square_metres(data) -> None:
    tx = load_transactions(
        _table(area_mu=[15.0, 30.0, 1.5], price_yuan_mu=[150000.0, 0.0, 1.5]), data
    )
    np.testing.assert_allclose(tx.area_m2, [10000.0, 20000.0, 1000.0], rtol=1e-12)
    np.testing.assert_allclose(tx.price_yuan_m2, [225.0, 0.0, 0.00225], rtol=1e-12)
    assert M2_PER_MU == pytest.approx(666.6666666666666)
    assert tx.total_value_yuan == pytest.approx(15.0 * 150000.0 + 1.5 * 1.5, rel=1e-12)
    assert tx.total_area_m2 == pytest.approx(31000.0, rel=1e-12)


def test_square_metre_columns_pass_through(data) -> None:
    frame = _table().drop(columns=["area_mu", "price_yuan_mu"])
    frame["area_m2"] = ["1e5", "2500", 7.5]
    frame["price_yuan_m2"] = [450, "525.0", 0]
    tx = load_transactions(frame, data)
    np.testing.assert_array_equal(tx.area_m2, [1e5, 2500.0, 7.5])
    np.testing.assert_array_equal(tx.price_yuan_m2, [450.0, 525.0, 0.0])


def test_use_is_normalised_and_defaults_to_unknown(data) -> None:
    tx = load_transactions(_table(use=[" Productive", "RESIDENTIAL", "unknown"]), data)
    assert list(tx.use) == ["productive", "residential", "unknown"]
    tx = load_transactions(_table().drop(columns="use"), data)
    assert list(tx.use) == ["unknown"] * 3
    assert list(tx.frame["use"]) == ["unknown"] * 3


def test_intra_province_and_read_only_arrays(data) -> None:
    tx = load_transactions(_table(buyer=["510100", "510100", "420100"]), data)
    np.testing.assert_array_equal(tx.intra_province, [True, False, True])
    with pytest.raises(ValueError):
        tx.area_m2[0] = 1.0


# ---------------------------------------------------------------------------- errors
ROW_ERRORS = [
    pytest.param(
        {"buyer": ["510100", "", "武汉市"]},
        r"row 2, column 'buyer', value ''.*empty",
        id="empty-city",
    ),
    pytest.param(
        {"seller": ["511900", "Hefie", "Huanggang"]},
        r"row 2, column 'seller', value 'Hefie'.*Hefei.*6-digit city code",
        id="unknown-pinyin",
    ),
    pytest.param(
        {"seller": ["511900", "合肥县", "Huanggang"]},
        r"row 2, column 'seller', value '合肥县'.*合肥市.*6-digit city code",
        id="unknown-zh",
    ),
    pytest.param(
        {"buyer": ["510100", "合肥", 510199]},
        r"row 3, column 'buyer', value 510199.*no such city.*6-digit city code",
        id="unknown-code",
    ),
    pytest.param(
        {"seller": ["511900", "Suzhou", "Huanggang"]},
        r"row 2, column 'seller', value 'Suzhou'.*ambiguous.*320500.*341300.*6-digit",
        id="ambiguous-pinyin",
    ),
    pytest.param(
        {"area_mu": [300.0, np.nan, 900.0]},
        r"row 2, column 'area_mu', value nan.*empty",
        id="nan-area",
    ),
    pytest.param(
        {"area_mu": [300.0, "12 mu", 900.0]},
        r"row 2, column 'area_mu', value '12 mu'.*not a number",
        id="text-area",
    ),
    pytest.param(
        {"area_mu": [300.0, 1500.0, np.inf]},
        r"row 3, column 'area_mu', value inf.*not finite",
        id="inf-area",
    ),
    pytest.param(
        {"area_mu": [0.0, 1500.0, 900.0]},
        r"row 1, column 'area_mu', value 0.0.*not positive",
        id="zero-area",
    ),
    pytest.param(
        {"area_mu": [300.0, -5.0, 900.0]},
        r"row 2, column 'area_mu', value -5.0.*not positive",
        id="negative-area",
    ),
    pytest.param(
        {"price_yuan_mu": [300000.0, -1.0, 0.0]},
        r"row 2, column 'price_yuan_mu', value -1.0.*negative",
        id="negative-price",
    ),
    pytest.param(
        {"price_yuan_mu": [300000.0, "nan", 0.0]},
        r"row 2, column 'price_yuan_mu', value 'nan'.*empty",
        id="nan-price",
    ),
    pytest.param(
        {"price_yuan_mu": [300000.0, "-inf", 0.0]},
        r"row 2, column 'price_yuan_mu', value '-inf'.*not finite",
        id="inf-price",
    ),
    pytest.param(
        {"buyer": ["510100", "阜阳", "武汉市"]},
        r"row 2, column 'seller', value '阜阳市'.*also the buyer.*'阜阳'",
        id="seller-is-buyer",
    ),
    pytest.param(
        {"use": ["unknown", "farm", "residential"]},
        r"row 2, column 'use', value 'farm'.*productive, residential, unknown",
        id="unknown-use",
    ),
    pytest.param(
        {"use": ["unknown", None, "residential"]},
        r"row 2, column 'use', value (None|nan).*empty",
        id="empty-use",
    ),
]


@pytest.mark.parametrize("changes, match", ROW_ERRORS)
def test_bad_cells_name_row_column_and_value(data, changes, match) -> None:
    with pytest.raises(DataError, match="(?s)" + match):  # messages end with a "Fix:" line
        load_transactions(_table(**changes), data)


@pytest.mark.parametrize(
    "frame, match",
    [
        pytest.param(
            _table().drop(columns="buyer"), r"missing the column\(s\) buyer", id="no-buyer"
        ),
        pytest.param(
            _table(area_m2=1.0),
            r"both area columns.*keep exactly one of area_mu or area_m2",
            id="both-areas",
        ),
        pytest.param(
            _table().drop(columns="area_mu"), r"no area column.*area_mu or area_m2", id="no-area"
        ),
        pytest.param(
            _table(price_yuan_m2=1.0),
            r"both price columns.*keep exactly one of price_yuan_mu or price_yuan_m2",
            id="both-prices",
        ),
        pytest.param(_table().drop(columns="price_yuan_mu"), r"no price column", id="no-price"),
        pytest.param(_table().iloc[:0], r"no transactions", id="empty-table"),
    ],
)
def test_bad_tables_say_what_to_fix(data, frame, match) -> None:
    with pytest.raises(DataError, match="(?s)" + match):
        load_transactions(frame, data)


def test_row_numbers_count_data_rows_of_the_file(data, tmp_path) -> None:
    path = tmp_path / "tx.csv"
    path.write_text(
        "seller,buyer,area_mu,price_yuan_mu\n511900,510100,300,300000\n"
        "341200,340100,1500,420000\n421100,420100,,400000\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"row 3, column 'area_mu', value ''.*empty"):
        load_transactions(path, data)
    path.write_text("seller,buyer,area_mu,price_yuan_mu\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"tx\.csv has no transactions"):
        load_transactions(path, data)


# ---------------------------------------------------------------------------- the trade
USES = ["productive", "residential", "split", "recorded"]


@pytest.mark.parametrize("use", USES)
def test_land_is_conserved_per_use(cal, example, use) -> None:
    trade = transactions_trade(cal, example, use=use)
    assert trade.bought_productive.sum() == pytest.approx(trade.sold_productive.sum(), rel=1e-12)
    assert trade.bought_residential.sum() == pytest.approx(trade.sold_residential.sum(), rel=1e-12)
    assert trade.land_moved == pytest.approx(example.total_area_m2, rel=1e-12)
    np.testing.assert_allclose(
        trade.land_productive_hat,
        1.0 + (trade.bought_productive - trade.sold_productive) / cal.land_productive,
        rtol=1e-14,
    )
    np.testing.assert_allclose(
        trade.land_residential_hat,
        1.0 + (trade.bought_residential - trade.sold_residential) / cal.land_residential,
        rtol=1e-14,
    )
    assert trade.mobility_cost_hat is None


@pytest.mark.parametrize("use", USES)
def test_money_changes_hands_at_the_recorded_price(cal, example, use) -> None:
    trade = transactions_trade(cal, example, use=use)
    value = example.area_m2 * example.price_yuan_m2
    assert trade.receipts.sum() == pytest.approx(value.sum(), rel=1e-12)
    assert trade.receipts.sum() == pytest.approx(example.total_value_yuan, rel=1e-12)
    assert abs(trade.transfers.sum()) <= 1e-6 * trade.receipts.sum()
    assert abs(trade.intermediary_balance) <= 1e-6 * trade.receipts.sum()
    frame = example.frame.assign(value=value)
    by_seller = frame.groupby("seller_code")["value"].sum()
    np.testing.assert_allclose(
        trade.receipts[[_index(cal.data, c) for c in by_seller.index]],
        by_seller.to_numpy(),
        rtol=1e-12,
    )
    np.testing.assert_allclose(trade.transfers, trade.receipts - trade.payments)


def test_one_use_moves_only_that_land(cal, example) -> None:
    productive = transactions_trade(cal, example, use="productive")
    assert not productive.sold_residential.any() and not productive.bought_residential.any()
    np.testing.assert_array_equal(productive.land_residential_hat, 1.0)
    residential = transactions_trade(cal, example, use="residential")
    assert not residential.sold_productive.any() and not residential.bought_productive.any()
    np.testing.assert_array_equal(residential.land_productive_hat, 1.0)
    np.testing.assert_allclose(residential.sold_residential, productive.sold_productive)


def test_split_puts_half_in_each_use(cal, example) -> None:
    trade = transactions_trade(cal, example, use="split")
    np.testing.assert_allclose(trade.sold_productive, trade.sold_residential, rtol=1e-12)
    np.testing.assert_allclose(trade.bought_productive, trade.bought_residential, rtol=1e-12)
    assert trade.sold_productive.sum() == pytest.approx(example.total_area_m2 / 2, rel=1e-12)
    quarter = transactions_trade(cal, example, use="split", productive_share=0.25)
    np.testing.assert_allclose(quarter.bought_productive, 0.5 * trade.bought_productive, rtol=1e-12)


@pytest.mark.parametrize("share", [0.5, 0.3])
def test_recorded_honours_each_rows_use(cal, data, share) -> None:
    tx = load_transactions(_table(area_mu=[300.0, 1500.0, 900.0]), data)
    trade = transactions_trade(cal, tx, use="recorded", productive_share=share)
    bazhong, fuyang, huanggang = (_index(data, c) for c in ("511900", "341200", "421100"))
    chengdu, hefei, wuhan = (_index(data, c) for c in ("510100", "340100", "420100"))
    mu = M2_PER_MU
    assert trade.sold_productive[bazhong] == pytest.approx(300 * mu * share)  # unknown: split
    assert trade.sold_residential[bazhong] == pytest.approx(300 * mu * (1 - share))
    assert trade.bought_productive[chengdu] == pytest.approx(300 * mu * share)
    assert trade.sold_productive[fuyang] == pytest.approx(1500 * mu)  # productive
    assert trade.sold_residential[fuyang] == 0.0
    assert trade.bought_productive[hefei] == pytest.approx(1500 * mu)
    assert trade.sold_residential[huanggang] == pytest.approx(900 * mu)  # residential
    assert trade.bought_residential[wuhan] == pytest.approx(900 * mu)
    assert trade.bought_productive[wuhan] == 0.0
    assert trade.payments[wuhan] == 0.0  # price 0 is allowed
    assert trade.receipts[fuyang] == pytest.approx(1500 * 420000.0)


def test_a_city_that_sells_and_buys_keeps_gross_amounts(cal, data) -> None:
    frame = pd.DataFrame(
        {
            "seller": ["成都", "Deyang"],
            "buyer": ["德阳", "Chengdu"],
            "area_m2": [1000.0, 400.0],
            "price_yuan_m2": [500.0, 600.0],
        }
    )
    trade = transactions_trade(cal, load_transactions(frame, data), use="productive")
    chengdu, deyang = _index(data, "510100"), _index(data, "510600")
    assert (trade.sold_productive[chengdu], trade.bought_productive[chengdu]) == (1000.0, 400.0)
    assert (trade.receipts[chengdu], trade.payments[chengdu]) == (500000.0, 240000.0)
    assert trade.transfers[deyang] == pytest.approx(-260000.0)
    assert trade.land_productive_hat[chengdu] == pytest.approx(
        1.0 - 600.0 / cal.land_productive[chengdu]
    )


@pytest.mark.parametrize("use", ["productive", "residential", "split"])
def test_example_trades_converge(cal, example, use) -> None:
    result = run_counterfactual(cal, transactions_trade(cal, example, use=use))
    assert result.converged, result.equilibrium.message
    assert np.isfinite(result.outcomes.gdp)
    assert result.summary()["intermediary_balance_100m_yuan"] == pytest.approx(0.0, abs=1e-6)


def test_selling_more_than_the_stock_raises(cal, data) -> None:
    stock_mu = cal.land_productive[_index(data, "511900")] / M2_PER_MU  # about 7,458 mu
    frame = _table(area_mu=[stock_mu * 1.01, 1500.0, 900.0])
    tx = load_transactions(frame, data)
    with pytest.raises(DataError, match=r"(?s)511900 \(Bazhong\).*productive land.*km².*units"):
        transactions_trade(cal, tx, use="productive")
    transactions_trade(cal, tx, use="split")  # half of it fits


def test_transactions_from_another_dataset_raise(cal, data, four_city_frames) -> None:
    small = CityData.from_frames(*four_city_frames)
    frame = pd.DataFrame(
        {
            "seller": ["成都市"],
            "buyer": ["Beijing"],
            "area_mu": [100.0],
            "price_yuan_mu": [300000.0],
        }
    )
    tx_small = load_transactions(frame, small)
    assert not tx_small.intra_province[0]
    with pytest.raises(DataError, match=r"load_transactions\(source, calibration.data\)"):
        transactions_trade(cal, tx_small)
    with pytest.raises(DataError, match="differs from the calibration's dataset"):
        transactions_trade(calibrate(small), load_transactions(frame, data))


@pytest.mark.parametrize(
    "options, match",
    [
        pytest.param({"use": "both"}, r"use must be one of .*recorded", id="bad-use"),
        pytest.param(
            {"productive_share": 1.5}, r"productive_share must lie in \[0, 1\]", id="above"
        ),
        pytest.param({"productive_share": -0.1}, r"productive_share", id="below"),
        pytest.param({"productive_share": float("nan")}, r"productive_share", id="nan"),
        pytest.param({"productive_share": "half"}, r"productive_share", id="text"),
    ],
)
def test_bad_trade_options_raise(cal, example, options, match) -> None:
    with pytest.raises(ConfigError, match=match):
        transactions_trade(cal, example, **options)
