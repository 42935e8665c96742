"""Province names in every common form, and their use in dataset validation."""

from __future__ import annotations

import pytest

from paretoland import CityData
from paretoland.data.provinces import (
    PROVINCES,
    province_by_name,
    region_by_name,
    resolve_province,
)
from paretoland.exceptions import ConfigError, DataError


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("陕西", "610000"),
        ("陕西省", "610000"),
        ("Shaanxi", "610000"),
        ("shaanxi province", "610000"),
        ("Shaanxi Sheng", "610000"),
        ("Shanxi", "140000"),  # 山西, never 陕西
        ("山西", "140000"),
        ("Inner Mongolia", "150000"),
        ("InnerMongolia", "150000"),
        ("Nei Mongol", "150000"),
        ("内蒙古", "150000"),
        ("Inner Mongolia Autonomous Region", "150000"),
        ("Guangxi Zhuang Autonomous Region", "450000"),
        ("广西壮族自治区", "450000"),
        ("Ningxia Hui", "640000"),
        ("Xinjiang Uygur Autonomous Region", "650000"),
        ("Tibet", "540000"),
        ("Xizang", "540000"),
        ("Beijing Shi", "110000"),
        ("  beijing ", "110000"),
        ("Anhui", "340000"),
    ],
)
def test_province_by_name_accepts_common_forms(name: str, code: str) -> None:
    assert province_by_name(name).code == code


@pytest.mark.parametrize("name", ["Shanxii", "an", "hui", "Hong Kong", "", "Sichuan Province X"])
def test_unknown_names_stay_unknown(name: str) -> None:
    assert province_by_name(name) is None


def test_every_canonical_name_maps_back() -> None:
    for p in PROVINCES:
        for name in (p.name_zh, p.short_zh, p.name_pinyin, p.name_pinyin.upper()):
            assert province_by_name(name) is p


def test_resolve_province_suggests_close_names() -> None:
    assert resolve_province("陕西").name_pinyin == "Shaanxi"
    with pytest.raises(ConfigError, match="did you mean 'Shanxi' or 'Shaanxi'"):
        resolve_province("Shanxii")


def test_region_names() -> None:
    assert region_by_name("east") == "East" and region_by_name("东北") == "Northeast"
    assert region_by_name("North") is None


def test_dataset_accepts_short_and_pinyin_forms_and_normalises(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.assign(
        province_zh=["北京", "河北", "河北省", "四川"],
        province_pinyin=["beijing", "Hebei Province", "HEBEI", "Sichuan Sheng"],
        region=["east", "东部", "East", "West"],
    )
    data = CityData.from_frames(cities, migration)
    assert list(data.cities["province_zh"]) == ["北京市", "河北省", "河北省", "四川省"]
    assert list(data.provinces) == ["Beijing", "Hebei", "Hebei", "Sichuan"]
    assert list(data.regions) == ["East", "East", "East", "West"]


def test_dataset_names_a_province_of_another_code(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.assign(province_pinyin=["Beijing", "Shanxi", "Hebei", "Sichuan"])
    with pytest.raises(DataError, match=r"province_pinyin 'Shanxi' \(that is 山西省 140000\)"):
        CityData.from_frames(cities, migration)
