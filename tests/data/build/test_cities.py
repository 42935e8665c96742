"""Tests of the 2017 city build (:mod:`paretoland.data.build.cities` and its helpers).

The helper tests run everywhere. The build tests need the raw files in
``../shared/data/raw`` beside the repository and are skipped without them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland.data.build.fill import fill_from_years, fit_ols, significant
from paretoland.data.build.geo import wkt_centroid
from paretoland.data.build.names import name_stem, pinyin_name
from paretoland.data.provinces import PROVINCES
from paretoland.data.schema import (
    CITY_COLUMNS,
    DROPPED_COLUMNS,
    FLAG_COLUMNS,
    OPTIONAL_COLUMNS,
    QUANTITY_COLUMNS,
)
from paretoland.data.validation import validate_flags

RAW_DIR = Path(os.environ.get("PARETOLAND_SHARED", Path(__file__).parents[3].parent / "shared"))
RAW_DIR = RAW_DIR / "data" / "raw"  # PARETOLAND_SHARED: another ../shared
OUTPUT_COLUMNS = [c.name for c in CITY_COLUMNS] + [c.name for c in OPTIONAL_COLUMNS]
QUANTITIES = [c.name for c in QUANTITY_COLUMNS]


# ----------------------------------------------------------------- helpers (no raw data)
def test_wkt_centroid_of_square_with_hole_and_multipolygon():
    square = "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))"
    assert wkt_centroid(square) == pytest.approx((2.0, 2.0))
    holed = "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0),(0 0, 2 0, 2 2, 0 2, 0 0))"
    # 16 - 4 = 12 area; centroid (16*2 - 4*1) / 12
    assert wkt_centroid(holed) == pytest.approx((28 / 12, 28 / 12))
    multi = "MULTIPOLYGON(((0 0, 2 0, 2 2, 0 2, 0 0)),((10 0, 12 0, 12 2, 10 2, 10 0)))"
    assert wkt_centroid(multi) == pytest.approx((6.0, 1.0))


def test_fill_from_years_interpolates_extrapolates_and_replaces_spikes():
    years = [2015, 2016, 2017, 2018, 2019]
    panel = pd.DataFrame(
        [
            [100, 100, np.nan, 400, 400],  # gap: geometric interpolation 2016-2018
            [10, 10, 10, 10, 10],  # observed
            [10, 10, 100, 10, 10],  # spike
            [50, 50, np.nan, np.nan, np.nan],  # one side: national growth (1.0)
            [np.nan] * 5,
        ],  # nothing
        index=["a", "b", "c", "d", "e"],
        columns=years,
        dtype=float,
    )
    est = fill_from_years(panel, "x")
    assert est.loc["a", "value"] == pytest.approx(200.0)
    assert est.loc["a", "method"] == "log_linear_interpolation"
    assert est.loc["b", "value"] == 10 and pd.isna(est.loc["b", "method"])
    assert est.loc["c", "value"] == pytest.approx(10.0)
    assert est.loc["c", "method"] == "spike_replaced"
    assert est.loc["d", "value"] == pytest.approx(50.0)
    assert est.loc["d", "method"] == "nearest_year_national_growth"
    assert np.isnan(est.loc["e", "value"])


def test_ols_recovers_exact_line_and_significant_rounding():
    x = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0]})
    fit = fit_ols(pd.Series([1.0, 3.0, 5.0, 7.0], name="y"), x)
    assert fit.coef.to_list() == pytest.approx([1.0, 2.0])
    assert fit.r2 == pytest.approx(1.0)
    assert significant(np.array([123456789.0, 0.000123456789]), 6).tolist() == pytest.approx(
        [123457000.0, 0.000123457]
    )


@pytest.mark.parametrize(
    "name_zh, pinyin",
    [
        ("北京市", "Beijing"),
        ("重庆市", "Chongqing"),
        ("厦门市", "Xiamen"),
        ("六安市", "Lu'an"),
        ("蚌埠市", "Bengbu"),
        ("亳州市", "Bozhou"),
        ("长治市", "Changzhi"),
        ("乐山市", "Leshan"),
        ("西安市", "Xi'an"),
        ("朝阳市", "Chaoyang"),
        ("漯河市", "Luohe"),
        ("大兴安岭地区", "Daxing'anling"),
        ("延边朝鲜族自治州", "Yanbian"),
        ("锡林郭勒盟", "Xilinguole"),
    ],
)
def test_pinyin_names(name_zh, pinyin):
    assert pinyin_name(name_zh) == pinyin


def test_name_stems():
    assert name_stem("那曲地区") == "那曲"
    assert name_stem("巴音郭楞蒙古自治州") == "巴音郭楞"
    assert name_stem("黔西南布依族苗族自治州") == "黔西南"
    assert name_stem("北京") == "北京"


# ----------------------------------------------------------------- the build (raw data)
@pytest.fixture(scope="module")
def tables():
    if not RAW_DIR.is_dir():
        pytest.skip(f"raw data folder {RAW_DIR} not found (../shared/data/raw beside the repo)")
    from paretoland.data.build.cities import build_cities

    return build_cities(RAW_DIR)


@pytest.mark.needs_shared
def test_summary_counts_cities_provinces_and_flagged_shares(tables):
    from paretoland.data.build.cities import summarise

    cities, flags = tables.cities, tables.flags
    head, per_province, title, *shares = summarise(tables).splitlines()
    assert head == f"{len(cities)} cities in 31 provinces; {len(tables.dropped)} units dropped"
    counts = dict(
        item.rsplit(" ", 1)
        for item in per_province.removeprefix("cities per province: ").split(", ")
    )
    expected = cities.groupby("province_pinyin").size()
    assert {p: int(n) for p, n in counts.items()} == expected.to_dict()
    assert title == "share of flagged values per column:"
    flagged = dict(line.split() for line in shares)
    assert list(flagged) == OUTPUT_COLUMNS[7:]
    for column, share in flagged.items():
        n_flagged = int((flags["column"] == column).sum())
        assert share == f"{n_flagged / len(cities):.1%}", column
    assert flagged["land_productive_km2"] == "100.0%"  # constructed for every city


@pytest.mark.needs_shared
def test_coverage(tables):
    cities = tables.cities
    assert len(cities) >= 280
    assert set(cities["province_code"]) == {p.code for p in PROVINCES}
    assert cities["city_code"].is_unique
    assert list(cities.columns) == OUTPUT_COLUMNS
    assert cities["city_code"].tolist() == sorted(cities["city_code"])
    assert (cities.groupby("province_code").size() >= 1).all()


@pytest.mark.needs_shared
def test_values_complete_and_positive(tables):
    cities = tables.cities
    assert not cities.isna().any().any()
    assert (cities[QUANTITIES] > 0).all().all()
    assert cities["lon_deg"].between(73, 136).all() and cities["lat_deg"].between(18, 54).all()
    assert cities["city_code"].str.fullmatch(r"\d{6}").all()


@pytest.mark.needs_shared
def test_land_uses_fit_in_construction_land(tables):
    cities = tables.cities.set_index("city_code")
    total = tables.details["construction_land_km2"].reindex(cities.index)
    used = cities["land_productive_km2"] + cities["land_residential_km2"]
    assert (used <= total * (1 + 1e-5)).all()


@pytest.mark.needs_shared
def test_spot_values(tables):
    beijing = tables.cities.set_index("city_code").loc["110000"]
    assert beijing["gdp_100m_yuan"] == pytest.approx(29883, abs=1)
    assert beijing["hukou_pop_10k"] == pytest.approx(1359.2, abs=0.01)
    assert beijing["wage_yuan"] == pytest.approx(134994, abs=1)
    assert beijing["name_zh"] == "北京市" and beijing["name_pinyin"] == "Beijing"
    assert beijing["region"] == "East" and beijing["province_pinyin"] == "Beijing"


@pytest.mark.needs_shared
def test_flags_refer_to_cities_and_columns(tables):
    flags, cities = tables.flags, tables.cities
    assert list(flags.columns) == list(FLAG_COLUMNS)
    assert set(flags["city_code"]) <= set(cities["city_code"])
    assert set(flags["column"]) <= set(OUTPUT_COLUMNS)
    assert not flags.duplicated(["city_code", "column"]).any()
    assert flags["method"].map(lambda m: re.fullmatch(r"[a-z0-9_]+", m) is not None).all()
    assert (flags["note"].str.len() > 0).all()
    validate_flags(flags, cities)  # what the dataset loader checks
    # constructed columns are flagged for every city
    for column in (
        "resident_pop_10k",
        "realestate_employment_10k",
        "land_productive_km2",
        "land_residential_km2",
        "land_price_productive_yuan_m2",
        "land_price_residential_yuan_m2",
    ):
        assert set(flags.loc[flags["column"] == column, "city_code"]) == set(cities["city_code"])


@pytest.mark.needs_shared
def test_dropped_units(tables):
    dropped = tables.dropped
    assert list(dropped.columns) == list(DROPPED_COLUMNS)
    assert not set(dropped["city_code"]) & set(tables.cities["city_code"])
    assert (dropped["reason"].str.len() > 10).all()
    # every 2017 CSMAR prefecture-level unit is either kept or dropped
    assert len(dropped) + len(tables.cities) == 338


@pytest.mark.needs_shared
def test_deterministic(tables):
    from paretoland.data.build.cities import build_cities

    again = build_cities(RAW_DIR)
    pd.testing.assert_frame_equal(tables.cities, again.cities)
    pd.testing.assert_frame_equal(tables.flags, again.flags)
    pd.testing.assert_frame_equal(tables.dropped, again.dropped)


def test_reader_errors_name_the_file(tmp_path):
    from paretoland.data.build import raw
    from paretoland.exceptions import DataError

    with pytest.raises(DataError, match=raw.MA_TANG_FILE):
        raw.read_ma_tang_coordinates(tmp_path)
    (tmp_path / raw.MA_TANG_FILE).write_text("dzcode,cityname_chn\n1101,北京市\n", encoding="utf-8")
    with pytest.raises(DataError, match="coord_long"):
        raw.read_ma_tang_coordinates(tmp_path)
    (tmp_path / raw.LAND_PRICE_FILE).write_text(
        "市,年份,工业用地_平均价格,商住用地_平均价格,工业用地_总面积,商住用地_总面积\n"
        "北京,2017,abc,1,1,1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="non-numeric"):
        raw.read_land_prices(tmp_path)
