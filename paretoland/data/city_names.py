"""City names for display: standard English exonyms, disambiguation, Chinese names.

The dataset's ``name_pinyin`` is plain pinyin of the Chinese name ("Lasa", "Wulumuqi",
"Huhehaote"). English texts name these cities by their conventional forms, as the
Chinese government's and Xinhua's English publications do (Lhasa, Urumqi, Hohhot):
:data:`EXONYMS`, keyed by city code. Pinyin names shared by two cities get their
province ("Suzhou (Jiangsu)", "Suzhou (Anhui)"). Chinese texts use ``name_zh``, with
the two names that were out of date in 2017 brought up to date (:data:`ZH_NAMES`).

:func:`display_names` is the one place every table, figure and console listing takes
a city's name from.
"""

from __future__ import annotations

import pandas as pd

from paretoland.exceptions import ConfigError

__all__ = ["EXONYMS", "ZH_NAMES", "display_names"]

EXONYMS: dict[str, str] = {
    "141100": "Lüliang",  # 吕梁: pinyin ü (the dataset writes v)
    "150100": "Hohhot",  # 呼和浩特
    "150600": "Ordos",  # 鄂尔多斯
    "150700": "Hulunbuir",  # 呼伦贝尔
    "150800": "Bayannur",  # 巴彦淖尔
    "150900": "Ulanqab",  # 乌兰察布
    "230100": "Harbin",  # 哈尔滨
    "230200": "Qiqihar",  # 齐齐哈尔
    "540100": "Lhasa",  # 拉萨
    "540200": "Shigatse",  # 日喀则
    "540300": "Qamdo",  # 昌都
    "540400": "Nyingchi",  # 林芝
    "542400": "Nagqu",  # 那曲
    "650100": "Urumqi",  # 乌鲁木齐
    "650200": "Karamay",  # 克拉玛依
    "652100": "Turpan",  # 吐鲁番
    "652700": "Bortala",  # 博尔塔拉
    "652800": "Bayingolin",  # 巴音郭楞
    "652900": "Aksu",  # 阿克苏
    "653000": "Kizilsu",  # 克孜勒苏
    "653100": "Kashgar",  # 喀什
    "653200": "Hotan",  # 和田
    "654000": "Ili",  # 伊犁
    "654300": "Altay",  # 阿勒泰
}
"""Conventional English names of cities whose pinyin differs, by city code."""

ZH_NAMES: dict[str, str] = {
    "652100": "吐鲁番市",  # 地级市 since 2015; CSMAR still files it as 吐鲁番地区
    "652200": "哈密市",  # 地级市 since 2016; CSMAR: 哈密地区
}
"""Chinese names that replace the dataset's outdated ones, by city code."""


def display_names(cities: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Return each city's name as a text in ``lang`` shows it.

    Parameters
    ----------
    cities : DataFrame
        ``city_code`` and ``name_zh``; for English also ``name_pinyin`` and, to tell
        apart cities of the same name, ``province_pinyin``. Pass the whole city table
        (then subset): names are disambiguated among the rows given.
    lang : {"en", "zh"}

    Returns
    -------
    Series of str
        Indexed like ``cities``. English: the exonym, else the pinyin, with
        " (Province)" when another row has the same name; Chinese: ``name_zh``.
    """
    codes = cities["city_code"].astype(str).str.zfill(6)
    if lang == "zh":
        names = codes.map(ZH_NAMES).fillna(cities["name_zh"])
    elif lang == "en":
        names = codes.map(EXONYMS).fillna(cities["name_pinyin"])
        if "province_pinyin" in cities:
            shared = names.duplicated(keep=False)
            names = names.where(~shared, names + " (" + cities["province_pinyin"] + ")")
    else:
        raise ConfigError(f"language {lang!r} is not supported for city names; use en or zh.")
    return names.rename("name")
