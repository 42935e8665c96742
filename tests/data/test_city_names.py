"""Display names of cities: exonyms, disambiguation, Chinese names (paretoland.data.city_names)."""

from __future__ import annotations

import pandas as pd
import pytest

from paretoland.data.city_names import EXONYMS, display_names
from paretoland.data.dataset import default_data_dir
from paretoland.exceptions import ConfigError
from paretoland.reporting.console import format_traders


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return pd.read_csv(default_data_dir() / "cities.csv", dtype={"city_code": str})


def test_english_names_use_the_standard_exonyms(cities) -> None:
    names = display_names(cities, "en").set_axis(cities["city_code"])
    assert names["540100"] == "Lhasa" and names["650100"] == "Urumqi"
    assert names["150100"] == "Hohhot" and names["230100"] == "Harbin"
    assert names["653100"] == "Kashgar" and names["141100"] == "Lüliang"
    assert names["610100"] == "Xi'an" and names["110000"] == "Beijing"
    assert set(EXONYMS) <= set(cities["city_code"])  # every exonym names a dataset city
    assert not names.str.contains("Lasa|Wulumuqi|Huhehaote").any()


def test_english_names_are_unique_thanks_to_the_province(cities) -> None:
    names = display_names(cities, "en").set_axis(cities["city_code"])
    assert names["320500"] == "Suzhou (Jiangsu)" and names["341300"] == "Suzhou (Anhui)"
    assert names.is_unique


def test_chinese_names_are_the_current_official_ones(cities) -> None:
    names = display_names(cities, "zh").set_axis(cities["city_code"])
    assert names["110000"] == "北京市" and names["652100"] == "吐鲁番市"
    assert names.is_unique
    with pytest.raises(ConfigError, match="fr"):
        display_names(cities, "fr")


def test_console_listing_uses_display_names() -> None:
    roles = pd.DataFrame(
        {
            "city_code": ["540100", "650100"],
            "name_zh": ["拉萨市", "乌鲁木齐市"],
            "name_pinyin": ["Lasa", "Wulumuqi"],
            "province_pinyin": ["Tibet", "Xinjiang"],
            "wedge_productive": [-0.5, 0.4],
            "wedge_residential": [0.2, -0.1],
            "role_productive": ["seller", "buyer"],
            "role_residential": ["buyer", "seller"],
        }
    )
    text = format_traders(roles)
    assert "Lhasa -0.50" in text and "Urumqi +0.40" in text and "Lasa" not in text


def test_a_users_city_under_a_known_code_keeps_its_own_name() -> None:
    # a synthetic or user dataset may reuse 230100 and 652100 for other places
    cities = pd.DataFrame(
        {
            "city_code": ["230100", "652100", "540100"],
            "name_zh": ["城市7", "城市8", "拉萨市"],
            "name_pinyin": ["City7", "City8", "Lasa"],
        }
    )
    assert display_names(cities, "en").tolist() == ["City7", "City8", "Lhasa"]
    assert display_names(cities, "zh").tolist() == ["城市7", "城市8", "拉萨市"]
