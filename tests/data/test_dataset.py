"""Tests of paretoland.data.dataset and paretoland.data.validation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland.data import dataset
from paretoland.data.dataset import CityData, default_data_dir, load_cities
from paretoland.exceptions import ConfigError, DataError

Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def _flags(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["city_code", "column", "method", "note"])


def _set(frame: pd.DataFrame, code: str, column: str, value: object) -> pd.DataFrame:
    """Copy of ``frame`` with one cell replaced (object column so any value fits)."""
    out = frame.copy()
    out[column] = out[column].astype(object)
    out.loc[out["city_code"] == code, column] = value
    return out


def _set_share(migration: pd.DataFrame, origin: str, dest: str, value: object) -> pd.DataFrame:
    out = migration.copy()
    out[dest] = out[dest].astype(object)
    out.loc[out["origin"] == origin, dest] = value
    return out


# ---------------------------------------------------------------- valid data
def test_valid_frames_load(four_city_frames) -> None:
    cities, migration = four_city_frames
    data = CityData.from_frames(cities, migration)
    assert data.n_cities == 4
    assert list(data.codes) == ["110000", "130100", "130200", "510100"]
    assert list(data.names_zh) == ["北京市", "石家庄市", "唐山市", "成都市"]
    assert list(data.provinces) == ["Beijing", "Hebei", "Hebei", "Sichuan"]
    assert list(data.regions) == ["East", "East", "East", "West"]
    assert data.migration.dtype == np.float64 and data.migration.shape == (4, 4)
    np.testing.assert_allclose(data.migration.sum(axis=1), 1.0)
    assert not data.migration.flags.writeable
    assert isinstance(data.cities.index, pd.RangeIndex)
    assert list(data.flags.columns) == ["city_code", "column", "method", "note"]
    assert data.flags.empty


def test_unit_constants() -> None:
    assert dataset.PERSONS_PER_10K == 1e4
    assert dataset.YUAN_PER_100M_YUAN == 1e8
    assert dataset.M2_PER_KM2 == 1e6


def test_unit_conversions(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.assign(
        land_productive_km2=[1.0, 2.0, 3.0, 4.0], gdp_100m_yuan=[1e3, 2e3, 3e3, 4e3]
    )
    data = CityData.from_frames(cities, migration)
    np.testing.assert_array_equal(data.land_productive, [1e6, 2e6, 3e6, 4e6])
    np.testing.assert_array_equal(data.gdp, [1e11, 2e11, 3e11, 4e11])
    np.testing.assert_allclose(data.land_residential, cities["land_residential_km2"] * 1e6)
    np.testing.assert_allclose(data.employment, cities["employment_10k"] * 1e4)
    np.testing.assert_allclose(
        data.realestate_employment, cities["realestate_employment_10k"] * 1e4
    )
    np.testing.assert_allclose(data.hukou, cities["hukou_pop_10k"] * 1e4)
    np.testing.assert_allclose(data.residents, cities["resident_pop_10k"] * 1e4)
    for name, column in [
        ("wage", "wage_yuan"),
        ("house_price", "house_price_yuan_m2"),
        ("land_price_productive", "land_price_productive_yuan_m2"),
        ("land_price_residential", "land_price_residential_yuan_m2"),
    ]:
        values = getattr(data, name)
        assert values.dtype == np.float64 and values.shape == (4,)
        np.testing.assert_array_equal(values, cities[column])


def test_string_cells_parse_like_numbers(four_city_frames) -> None:
    cities, migration = four_city_frames
    as_text = cities.map(repr).assign(**{c: cities[c] for c in cities.columns[:7]})
    assert CityData.from_frames(as_text, migration.astype(str)) == CityData.from_frames(
        cities, migration
    )


def test_reordered_migration_is_accepted(four_city_frames) -> None:
    cities, migration = four_city_frames
    shuffled = migration.iloc[[2, 0, 3, 1]][["origin", "510100", "130200", "110000", "130100"]]
    expected = CityData.from_frames(cities, migration)
    assert CityData.from_frames(cities, shuffled) == expected
    indexed = shuffled.set_index("origin")
    assert CityData.from_frames(cities, indexed) == expected
    as_array = migration.drop(columns="origin").to_numpy()
    assert CityData.from_frames(cities, as_array) == expected


def test_extra_columns_are_kept(four_city_frames) -> None:
    cities, migration = four_city_frames
    data = CityData.from_frames(
        cities.assign(comment=["a", "b", "c", "d"], lon_deg=[116.4, 114.5, 118.2, 104.1]), migration
    )
    assert list(data.cities["comment"]) == ["a", "b", "c", "d"]
    assert data.cities["lon_deg"].dtype == np.float64


# ---------------------------------------------------------------- files
def test_directory_round_trip(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    flags = _flags([("130100", "land_price_productive_yuan_m2", "impute_median", "no sales")])
    data = CityData.from_frames(cities.assign(comment=["a", "", "c", "d"]), migration, flags)
    loaded = load_cities(data.to_dir(tmp_path / "ds"))
    assert loaded == data
    assert loaded.source == str(tmp_path / "ds")
    np.testing.assert_array_equal(loaded.migration, data.migration)
    assert str(loaded).splitlines()[3:] == str(data).splitlines()[3:]  # all but the source


def test_to_dir_refuses_to_overwrite(four_city_frames, tmp_path) -> None:
    data = CityData.from_frames(*four_city_frames)
    data.to_dir(tmp_path)
    with pytest.raises(DataError, match="overwrite=True"):
        data.to_dir(tmp_path)
    assert load_cities(data.to_dir(tmp_path, overwrite=True)) == data


def test_csv_codes_stay_strings(four_city_frames, tmp_path) -> None:
    CityData.from_frames(*four_city_frames).to_dir(tmp_path)
    assert "110000," in (tmp_path / "cities.csv").read_text(encoding="utf-8")
    data = load_cities(tmp_path / "cities.csv")  # a cities file: migration.csv beside it
    assert data.codes[0] == "110000" and isinstance(data.codes[0], str)
    assert data.cities["city_code"].iloc[0] == "110000"
    assert data.cities["province_code"].iloc[3] == "510000"


def test_csv_float_code_is_rejected_not_coerced(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    cities.to_csv(tmp_path / "cities.csv", index=False)
    migration.to_csv(tmp_path / "migration.csv", index=False)
    text = (tmp_path / "cities.csv").read_text(encoding="utf-8")
    (tmp_path / "cities.csv").write_text(text.replace("130200,", "130200.0,", 1), "utf-8")
    with pytest.raises(DataError, match=r"6-digit.*\n.*'130200\.0'"):
        load_cities(tmp_path)


def test_csv_non_numeric_cell_names_column_city_value(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    _set(cities, "510100", "wage_yuan", "83,400").to_csv(tmp_path / "cities.csv", index=False)
    migration.to_csv(tmp_path / "migration.csv", index=False)
    with pytest.raises(DataError) as info:
        load_cities(tmp_path)
    assert "wage_yuan, 510100 成都市: '83,400'" in str(info.value)


def test_csv_duplicate_header_is_rejected(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    cities.to_csv(tmp_path / "cities.csv", index=False)
    migration.to_csv(tmp_path / "migration.csv", index=False)
    text = (tmp_path / "cities.csv").read_text(encoding="utf-8").splitlines()
    text = [line + (",wage_yuan" if i == 0 else ",1") for i, line in enumerate(text)]
    (tmp_path / "cities.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="duplicate column name.*wage_yuan"):
        load_cities(tmp_path)


def test_explicit_migration_path(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    cities.to_csv(tmp_path / "my_cities.csv", index=False)
    migration.to_csv(tmp_path / "m2017.csv", index=False)
    data = load_cities(tmp_path / "my_cities.csv", migration_path=tmp_path / "m2017.csv")
    assert data == CityData.from_frames(cities, migration)
    assert data.source == str(tmp_path / "my_cities.csv")


def test_csv_na_token_is_a_missing_cell(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    _set(cities, "130200", "wage_yuan", "NA").to_csv(tmp_path / "cities.csv", index=False)
    migration.to_csv(tmp_path / "migration.csv", index=False)
    with pytest.raises(DataError, match="wage_yuan \\(1\\): 130200 唐山市"):
        load_cities(tmp_path)


def test_missing_files(four_city_frames, tmp_path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_cities(tmp_path / "nowhere")
    four_city_frames[0].to_csv(tmp_path / "cities.csv", index=False)
    with pytest.raises(DataError, match=r"migration file not found.*migration\.csv"):
        load_cities(tmp_path)


def test_default_data_dir_error_names_both_places(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(dataset, "_PACKAGE_DIR", tmp_path / "paretoland")
    with pytest.raises(DataError, match=r"_data.*data"):
        default_data_dir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cities.csv").write_text("city_code\n", encoding="utf-8")
    assert default_data_dir() == tmp_path / "data"
    (tmp_path / "paretoland" / "_data").mkdir(parents=True)
    (tmp_path / "paretoland" / "_data" / "cities.csv").write_text("city_code\n", "utf-8")
    assert default_data_dir() == tmp_path / "paretoland" / "_data"


@pytest.mark.skipif(
    not (_REPO_DATA / "cities.csv").is_file(),
    reason="data/cities.csv not built yet (paretoland data build)",
)
def test_default_dataset_loads() -> None:
    data = load_cities()
    assert data.n_cities > 100
    assert np.all(data.gdp > 0) and np.all(data.land_productive > 0)
    np.testing.assert_allclose(data.migration.sum(axis=1), 1.0, atol=1e-6)
    assert "CityData" in str(data)
    assert set(data.flag_report().columns) == {"n_flagged", "share_flagged", "methods"}


# ---------------------------------------------------------------- flags
def test_flag_report_and_flagged(four_city_frames) -> None:
    flags = _flags(
        [
            ("130100", "land_price_productive_yuan_m2", "impute_median", ""),
            ("510100", "land_price_productive_yuan_m2", "winsorise", "top 1 %"),
            ("130200", "house_price_yuan_m2", "impute_province", "province mean"),
        ]
    )
    data = CityData.from_frames(*four_city_frames, flags)
    report = data.flag_report()
    row = report.loc["land_price_productive_yuan_m2"]
    assert row["n_flagged"] == 2 and row["share_flagged"] == 0.5
    assert row["methods"] == "impute_median, winsorise"
    assert report.loc["house_price_yuan_m2", "n_flagged"] == 1
    assert report.loc["gdp_100m_yuan", "n_flagged"] == 0
    assert report["n_flagged"].sum() == 3
    np.testing.assert_array_equal(
        data.flagged("land_price_productive_yuan_m2"), [False, True, False, True]
    )
    assert not data.flagged("gdp_100m_yuan").any()
    with pytest.raises(ConfigError, match="unknown column 'gdp'"):
        data.flagged("gdp")
    assert "Flagged values: 3 of 44 quantity cells (6.8%)" in data.summary()


def test_summary_is_fixed_width(four_city_frames) -> None:
    text = str(CityData.from_frames(*four_city_frames))
    assert "Cities:     4" in text and "Provinces:  3" in text and "Regions:  2" in text
    gdp_line = next(line for line in text.splitlines() if line.startswith("GDP"))
    assert gdp_line.endswith("yuan") and "5.547" in gdp_line
    assert repr(CityData.from_frames(*four_city_frames)) == (
        "CityData(n_cities=4, source='<memory>')"
    )


# ---------------------------------------------------------------- error paths
def _drop(column: str) -> Callable[[Frames], Frames]:
    return lambda f: (f[0].drop(columns=column), f[1], f[2])


def _city(code: str, column: str, value: object) -> Callable[[Frames], Frames]:
    return lambda f: (_set(f[0], code, column, value), f[1], f[2])


def _share(origin: str, dest: str, value: object) -> Callable[[Frames], Frames]:
    return lambda f: (f[0], _set_share(f[1], origin, dest, value), f[2])


def _flag_rows(rows: list[tuple[str, str, str, str]]) -> Callable[[Frames], Frames]:
    return lambda f: (f[0], f[1], _flags(rows))


def _relabel_city(f: Frames) -> Frames:
    """Rename 130200 to 130300 in the migration file only."""
    mig = f[1].rename(columns={"130200": "130300"})
    return f[0], mig.assign(origin=mig["origin"].replace("130200", "130300")), f[2]


def _scale_row(f: Frames) -> Frames:
    mig = f[1].copy()
    codes = list(mig.columns[1:])
    mig.loc[1, codes] = mig.loc[1, codes].astype(float) * 1.1
    return f[0], mig, f[2]


ERROR_CASES = [
    # 1. missing columns
    pytest.param(
        _drop("wage_yuan"),
        ["missing 1 required column", "wage_yuan", "yuan per worker per year", "Expected columns"],
        id="missing-quantity-column",
    ),
    pytest.param(
        _drop("province_code"), ["  province_code [identifier]\n"], id="missing-identifier-column"
    ),
    pytest.param(
        lambda f: (
            f[0].rename(columns={"land_residential_km2": "land_residential_km"}),
            f[1],
            f[2],
        ),
        ["found 'land_residential_km': rename it?"],
        id="misspelt-column",
    ),
    # 2. empty cells
    pytest.param(
        _city("130100", "gdp_100m_yuan", np.nan),
        ["empty or NaN", "gdp_100m_yuan (1): 130100 石家庄市"],
        id="nan-quantity",
    ),
    pytest.param(
        _city("130100", "hukou_pop_10k", "  "),
        ["hukou_pop_10k (1): 130100 石家庄市"],
        id="blank-quantity",
    ),
    pytest.param(_city("130200", "name_zh", ""), ["name_zh (1): 130200"], id="empty-name"),
    pytest.param(
        _city("130200", "city_code", None), ["city_code (1): row 3 唐山市"], id="empty-code"
    ),
    # 3. non-numeric
    pytest.param(
        _city("130200", "land_productive_km2", "95 km2"),
        ["non-numeric", "land_productive_km2, 130200 唐山市: '95 km2'"],
        id="non-numeric-quantity",
    ),
    pytest.param(
        _city("130200", "employment_10k", True),
        ["employment_10k, 130200 唐山市: True"],
        id="bool-quantity",
    ),
    # 4. non-positive or infinite
    pytest.param(
        _city("130200", "land_productive_km2", -3.0),
        ["land_productive_km2, 130200 唐山市: -3.0 (negative land)"],
        id="negative-land",
    ),
    pytest.param(
        _city("110000", "wage_yuan", 0.0),
        ["wage_yuan, 110000 北京市: 0.0 (zero wage)"],
        id="zero-wage",
    ),
    pytest.param(
        _city("510100", "house_price_yuan_m2", np.inf),
        ["house_price_yuan_m2, 510100 成都市: inf (infinite house price)"],
        id="infinite-price",
    ),
    # 5. city codes
    pytest.param(
        _city("130200", "city_code", "130100"),
        ["duplicate city_code", "130100: rows 2, 3 (石家庄市, 唐山市)"],
        id="duplicate-code",
    ),
    pytest.param(
        _city("130200", "city_code", "13020"),
        ["6-digit", "row 3 唐山市: '13020'"],
        id="five-digit-code",
    ),
    pytest.param(
        _city("130200", "city_code", 130200.0), ["6-digit", "'130200.0'"], id="float-code"
    ),
    # 6. provinces
    pytest.param(
        _city("510100", "province_code", "990000"),
        ["unknown province_code", "510100 成都市: '990000'"],
        id="unknown-province",
    ),
    pytest.param(
        _city("130100", "province_zh", "山西"),
        ["130100 石家庄市: province_zh '山西' (that is 山西省 140000) should be '河北省'"],
        id="province-zh",
    ),
    pytest.param(
        _city("130100", "province_pinyin", "Hopeh"),
        ["province_pinyin 'Hopeh' should be 'Hebei'"],
        id="province-pinyin",
    ),
    pytest.param(
        _city("510100", "region", "Southwest"),
        ["510100 成都市: region 'Southwest' should be 'West'"],
        id="region",
    ),
    pytest.param(
        lambda f: (
            f[0].assign(
                province_code=["110000", "130000", "510000", "510000"],
                province_zh=["北京市", "河北省", "四川省", "四川省"],
                province_pinyin=["Beijing", "Hebei", "Sichuan", "Sichuan"],
                region=["East", "East", "West", "West"],
            ),
            f[1],
            f[2],
        ),
        ["130200 唐山市: city_code does not lie in province_code 510000"],
        id="city-outside-province",
    ),
    # 7. migration
    pytest.param(
        lambda f: (f[0], f[1].drop(columns="origin"), f[2]),
        ["no 'origin' column", "first column: '110000'"],
        id="no-origin-column",
    ),
    pytest.param(
        lambda f: (f[0], f[1].drop(columns="510100"), f[2]),
        [
            "not square: 4 rows x 3 columns",
            "only in cities data, absent from migration columns (destination): 510100",
        ],
        id="non-square",
    ),
    pytest.param(
        _relabel_city,
        [
            "only in migration rows (origin): 130300",
            "absent from migration rows (origin): 130200",
            "only in migration columns (destination): 130300",
        ],
        id="mismatched-codes",
    ),
    pytest.param(
        lambda f: (f[0], pd.concat([f[1], f[1].iloc[[0]]], ignore_index=True), f[2]),
        ["duplicate origin (row) codes: 110000"],
        id="duplicate-origin",
    ),
    pytest.param(
        lambda f: (f[0], f[1].drop(columns="origin").to_numpy()[:3], f[2]),
        ["shape (3, 4), expected (4, 4)"],
        id="array-shape",
    ),
    pytest.param(
        _share("130100", "510100", "abc"),
        ["non-numeric share", "origin 130100 石家庄市, destination 510100 成都市: 'abc'"],
        id="non-numeric-share",
    ),
    pytest.param(
        _share("130100", "510100", np.nan),
        ["origin 130100 石家庄市, destination 510100 成都市: nan"],
        id="nan-share",
    ),
    pytest.param(
        _share("510100", "130200", -0.03),
        ["negative", "origin 510100 成都市, destination 130200 唐山市: -0.03"],
        id="negative-share",
    ),
    pytest.param(
        _scale_row,
        ["rows must sum to 1", "origin 130100 石家庄市: row sum 1.1", "divide each row by its sum"],
        id="row-sum",
    ),
    # 8. residents
    pytest.param(
        lambda f: (
            f[0].assign(resident_pop_10k=f[0]["resident_pop_10k"] * [1, 1, 1, 1.01]),
            f[1],
            f[2],
        ),
        [
            "inconsistent",
            "IPF",
            "resident_pop_10k",
            "510100 成都市: stated 1500.86 万人, implied 1490.62 万人 (-0.682%)",
        ],
        id="residents",
    ),
    # 9. flags
    pytest.param(
        lambda f: (f[0], f[1], _flags([]).drop(columns="method")),
        ["flags table is missing column(s) method"],
        id="flags-columns",
    ),
    pytest.param(
        _flag_rows([("999999", "gdp_100m_yuan", "impute", "")]),
        ["city codes not in the cities data: 999999"],
        id="flags-unknown-city",
    ),
    pytest.param(
        _flag_rows([("110000", "gdp", "impute", "")]),
        ["column names not in the cities data: gdp"],
        id="flags-unknown-column",
    ),
    pytest.param(
        _flag_rows([("110000", "gdp_100m_yuan", "", "")]),
        ["empty cells: row 1: method"],
        id="flags-empty-method",
    ),
]


@pytest.mark.parametrize(("mutate", "fragments"), ERROR_CASES)
def test_invalid_data_is_rejected(four_city_frames, mutate, fragments) -> None:
    """Each invalid dataset raises DataError naming the offending city/column/value."""
    cities, migration, flags = mutate((*four_city_frames, None))
    with pytest.raises(DataError) as info:
        CityData.from_frames(cities, migration, flags)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert "Fix:" in message


def test_long_listings_are_truncated(four_city_frames) -> None:
    cities, migration = four_city_frames
    flags = _flags([(f"{i:06d}", "gdp_100m_yuan", "x", "") for i in range(15)])
    with pytest.raises(DataError, match="and 5 more"):
        CityData.from_frames(cities, migration, flags)


def test_residents_rtol_is_a_tolerance(four_city_frames) -> None:
    cities, migration = four_city_frames
    off = cities.assign(resident_pop_10k=cities["resident_pop_10k"] * [1, 1, 1, 1.01])
    CityData.from_frames(off, migration, residents_rtol=0.02)
    with pytest.raises(ConfigError, match="residents_rtol"):
        CityData.from_frames(cities, migration, residents_rtol=-1.0)


def test_string_column_parsing_matches_cell_parsing() -> None:
    from paretoland.data.validation._cells import parse_numbers

    cells = [
        " 1.5",
        "+2",
        "-.5",
        "1e3",
        "1E-2",
        "inf",
        "-Infinity",
        "3.",
        "NA",
        "",
        "nan",
        "abc",
        "1,2",
        "1_0",
        "١٢",
        "0x10",
        None,
    ]
    fast, fast_bad = parse_numbers(pd.Series(cells, dtype=str))
    slow, slow_bad = parse_numbers(pd.Series(cells, dtype=object))
    np.testing.assert_array_equal(fast, slow)
    assert fast_bad == slow_bad == [11, 12, 13, 14, 15]
