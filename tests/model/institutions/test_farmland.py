"""Tests of paretoland.model.institutions.farmland: farmland balance, loss cap, revenue ratio."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from paretoland import ModelParams, QuotaRule, WedgeSignWarning, apply_rule, calibrate, load_cities
from paretoland.data.dataset import CityData
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.calibration import Calibration
from paretoland.model.institutions import (
    FARMING_DATA_NOTE,
    farmland_balance,
    farmland_loss_constraint,
    revenue_ratio_report,
)
from paretoland.model.quotas import QuotaTrade
from paretoland.model.transactions import M2_PER_MU

KM2 = 1e6  # m² per km²
# four_city_frames: Beijing (Beijing), Shijiazhuang and Tangshan (Hebei), Chengdu (Sichuan).
SOLD_Y = np.array([0.0, 0.0, 0.0, 2.0]) * KM2
SOLD_H = np.array([0.0, 0.5, 0.0, 1.0]) * KM2
BOUGHT_Y = np.array([2.0, 0.0, 0.0, 0.0]) * KM2
BOUGHT_H = np.array([0.5, 0.0, 1.0, 0.0]) * KM2


def _trade(sold_y=SOLD_Y, sold_h=SOLD_H, bought_y=BOUGHT_Y, bought_h=BOUGHT_H) -> QuotaTrade:
    n = len(sold_y)
    receipts = 525.0 * (sold_y + sold_h)
    payments = 600.0 * (bought_y + bought_h)
    return QuotaTrade(
        land_productive_hat=np.ones(n),
        land_residential_hat=np.ones(n),
        transfers=receipts - payments,
        mobility_cost_hat=None,
        sold_productive=sold_y,
        sold_residential=sold_h,
        bought_productive=bought_y,
        bought_residential=bought_h,
        receipts=receipts,
        payments=payments,
    )


@pytest.fixture
def toy_data(four_city_frames) -> CityData:
    cities, migration = four_city_frames
    return CityData.from_frames(cities, migration)


@pytest.fixture
def toy_calibration(toy_data) -> Calibration:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WedgeSignWarning)
        return calibrate(toy_data, ModelParams.paper_baseline())


# ------------------------------------------------------------------ balance
def test_national_balance_is_zero_under_one_to_one_linking(toy_data):
    balance = farmland_balance(_trade(), toy_data)
    assert balance.reclaimed_km2 == pytest.approx(3.5)
    assert balance.converted_km2 == pytest.approx(3.5)
    assert balance.national_net_km2 == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("ratio", [0.8, 1.5], ids=["ratio-0.8", "ratio-1.5"])
def test_national_balance_with_other_linking_ratio(toy_data, ratio):
    balance = farmland_balance(_trade(), toy_data, linking_ratio=ratio)
    assert balance.national_net_km2 == pytest.approx((ratio - 1.0) * 3.5)
    expected = ratio * np.array([0, 0.5, 0, 3.0])
    assert balance.cities["reclaimed_km2"].to_numpy() == pytest.approx(expected)


def test_city_and_province_accounts_by_hand(toy_data):
    balance = farmland_balance(_trade(), toy_data)
    cities = balance.cities
    assert list(cities["name_pinyin"]) == ["Beijing", "Shijiazhuang", "Tangshan", "Chengdu"]
    assert cities["net_farmland_km2"].to_numpy() == pytest.approx([-2.5, 0.5, -1.0, 3.0])
    provinces = balance.provinces.set_index("province_pinyin")
    accounts = ["reclaimed_km2", "converted_km2", "net_farmland_km2"]
    assert list(balance.provinces["province_code"]) == ["110000", "130000", "510000"]
    assert provinces.loc["Beijing", accounts].tolist() == pytest.approx([0.0, 2.5, -2.5])
    assert provinces.loc["Hebei", accounts].tolist() == pytest.approx([0.5, 1.0, -0.5])
    assert provinces.loc["Sichuan", "net_farmland_km2"] == pytest.approx(3.0)
    assert provinces.loc["Hebei", "net_farmland_mu"] == pytest.approx(-0.5 * 1500.0)
    assert balance.worst_province == "Beijing"
    assert balance.max_net_loss_km2 == pytest.approx(2.5)


def test_balance_rejects_bad_inputs(toy_data):
    with pytest.raises(ConfigError, match="linking_ratio"):
        farmland_balance(_trade(), toy_data, linking_ratio=0.0)
    short = _trade(*(a[:3] for a in (SOLD_Y, SOLD_H, BOUGHT_Y, BOUGHT_H)))
    with pytest.raises(ConfigError, match="sold_productive has shape"):
        farmland_balance(short, toy_data)
    with pytest.raises(DataError, match="bought_residential.*city index 2"):
        farmland_balance(_trade(bought_h=np.array([0.5, 0.0, -1.0, 0.0]) * KM2), toy_data)


# ------------------------------------------------------------------ cap
def test_loss_cap_binding(toy_data):
    check = farmland_loss_constraint(farmland_balance(_trade(), toy_data), cap_km2=1.0)
    assert check.value == pytest.approx(1.5)
    assert not check.satisfied
    assert list(check.exceedances["province_pinyin"]) == ["Beijing"]
    assert check.exceedances["excess_km2"].iloc[0] == pytest.approx(1.5)


def test_loss_cap_slack(toy_data):
    check = farmland_loss_constraint(farmland_balance(_trade(), toy_data), cap_km2=3.0)
    assert check.value == pytest.approx(-0.5)
    assert check.satisfied
    assert check.exceedances.empty


@pytest.mark.parametrize("cap", [-0.1, float("nan"), float("inf")], ids=["negative", "nan", "inf"])
def test_loss_cap_validated(toy_data, cap):
    with pytest.raises(ConfigError, match="cap_km2"):
        farmland_loss_constraint(farmland_balance(_trade(), toy_data), cap_km2=cap)


# ------------------------------------------------------------------ revenue ratio
def _hebei_price() -> float:
    return (420 * 110 + 380 * 95 + 5200 * 70 + 3900 * 60) / (110 + 95 + 70 + 60)


def test_report_without_farming_data_says_what_is_missing(toy_calibration):
    report = revenue_ratio_report(toy_calibration)
    table = report.table.set_index("province_pinyin")
    assert report.note == FARMING_DATA_NOTE
    assert "farming_revenue_yuan_per_mu" in report.note
    assert not report.complete
    assert table["farming_revenue_yuan_per_mu"].isna().all()
    assert table["revenue_ratio"].isna().all()
    assert table.loc["Hebei", "land_price_yuan_m2"] == pytest.approx(_hebei_price())
    productive = (420 * 110 + 380 * 95) / 205
    assert table.loc["Hebei", "land_price_productive_yuan_m2"] == pytest.approx(productive)
    assert table.loc["Hebei", "land_km2"] == pytest.approx(335.0)
    per_mu = _hebei_price() * M2_PER_MU
    assert table.loc["Hebei", "land_revenue_yuan_per_mu"] == pytest.approx(per_mu)


def test_report_with_farming_data_fills_the_ratio(toy_calibration):
    farming = pd.DataFrame(
        {
            "province_code": ["110000", "130000", "370000"],
            "farming_revenue_yuan_per_mu": [2000.0, 1500.0, 1800.0],
        }
    )
    report = revenue_ratio_report(toy_calibration, _trade(), farming_revenue=farming)
    table = report.table.set_index("province_pinyin")
    beijing = (2900 * 520 + 31000 * 390) / 910
    assert table.loc["Beijing", "revenue_ratio"] == pytest.approx(beijing * M2_PER_MU / 2000.0)
    assert table.loc["Hebei", "revenue_ratio"] == pytest.approx(_hebei_price() * M2_PER_MU / 1500.0)
    assert np.isnan(table.loc["Sichuan", "revenue_ratio"])
    assert table.loc["Sichuan", "note"] == "province not in farming_revenue"
    assert "Sichuan" in report.note
    # Converted land: Beijing buys 2 km² productive + 0.5 residential, Tangshan 1 residential.
    converted = (2900 * 2.0 + 31000 * 0.5) / 2.5
    assert table.loc["Beijing", "land_price_converted_yuan_m2"] == pytest.approx(converted)
    assert table.loc["Hebei", "land_price_converted_yuan_m2"] == pytest.approx(3900.0)
    assert np.isnan(table.loc["Sichuan", "land_price_converted_yuan_m2"])
    hebei_ratio = 3900.0 * M2_PER_MU / 1500.0
    assert table.loc["Hebei", "revenue_ratio_converted"] == pytest.approx(hebei_ratio)
    assert table.loc["Beijing", "converted_km2"] == pytest.approx(2.5)


def test_report_implied_prices(toy_calibration):
    report = revenue_ratio_report(toy_calibration, price_basis="implied")
    cal = toy_calibration
    mask = cal.data.provinces == "Hebei"
    value = (
        cal.land_price_productive * cal.land_productive
        + cal.land_price_residential * cal.land_residential
    )[mask].sum()
    land = (cal.land_productive + cal.land_residential)[mask].sum()
    hebei = report.table.set_index("province_pinyin").loc["Hebei", "land_price_yuan_m2"]
    assert hebei == pytest.approx(value / land)
    with pytest.raises(ConfigError, match="price_basis"):
        revenue_ratio_report(toy_calibration, price_basis="market")


@pytest.mark.parametrize(
    ("code", "value", "match"),
    [
        ("999999", 1000.0, "row 1: unknown province_code '999999'"),
        ("130000", np.nan, "row 1 .province 130000.: .* missing or not a number"),
        ("130000", "abc", "row 1 .province 130000.: .* missing or not a number"),
        ("130000", 0.0, "row 1 .province 130000.: .* must be positive"),
        ("130000", -5.0, "row 1 .province 130000.: .* must be positive"),
        ("110000", 1000.0, "row 1: province_code '110000' appears more than once"),
    ],
    ids=["unknown-code", "nan", "text", "zero", "negative", "duplicate"],
)
def test_farming_frame_validated(toy_calibration, code, value, match):
    farming = pd.DataFrame(
        {"province_code": ["110000", code], "farming_revenue_yuan_per_mu": [2000.0, value]}
    )
    with pytest.raises(DataError, match=match):
        revenue_ratio_report(toy_calibration, farming_revenue=farming)


def test_farming_frame_missing_column(toy_calibration):
    with pytest.raises(DataError, match="missing column"):
        revenue_ratio_report(
            toy_calibration, farming_revenue=pd.DataFrame({"province_code": ["110000"]})
        )


# ------------------------------------------------------------------ real data
@pytest.fixture(scope="module")
def real_calibration() -> Calibration:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WedgeSignWarning)
        return calibrate(load_cities(), ModelParams.paper_baseline())


def test_real_data_default_rule_conserves_farmland(real_calibration):
    trade = apply_rule(real_calibration, QuotaRule())
    balance = farmland_balance(trade, real_calibration.data)
    assert balance.converted_km2 > 0
    assert abs(balance.national_net_km2) <= 1e-9 * balance.converted_km2
    tolerance = 1e-9 * balance.converted_km2
    assert balance.provinces["net_farmland_km2"].sum() == pytest.approx(0.0, abs=tolerance)
    report = revenue_ratio_report(real_calibration, trade)
    assert report.table["land_price_yuan_m2"].gt(0).all()
    assert report.note == FARMING_DATA_NOTE
