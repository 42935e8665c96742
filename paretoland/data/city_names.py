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

EXONYMS: dict[str, tuple[str, str]] = {
    "141100": ("吕梁", "Lüliang"),  # pinyin ü (the dataset writes v)
    "150100": ("呼和浩特", "Hohhot"),
    "150600": ("鄂尔多斯", "Ordos"),
    "150700": ("呼伦贝尔", "Hulunbuir"),
    "150800": ("巴彦淖尔", "Bayannur"),
    "150900": ("乌兰察布", "Ulanqab"),
    "230100": ("哈尔滨", "Harbin"),
    "230200": ("齐齐哈尔", "Qiqihar"),
    "540100": ("拉萨", "Lhasa"),
    "540200": ("日喀则", "Shigatse"),
    "540300": ("昌都", "Qamdo"),
    "540400": ("林芝", "Nyingchi"),
    "542400": ("那曲", "Nagqu"),
    "650100": ("乌鲁木齐", "Urumqi"),
    "650200": ("克拉玛依", "Karamay"),
    "652100": ("吐鲁番", "Turpan"),
    "652700": ("博尔塔拉", "Bortala"),
    "652800": ("巴音郭楞", "Bayingolin"),
    "652900": ("阿克苏", "Aksu"),
    "653000": ("克孜勒苏", "Kizilsu"),
    "653100": ("喀什", "Kashgar"),
    "653200": ("和田", "Hotan"),
    "654000": ("伊犁", "Ili"),
    "654300": ("阿勒泰", "Altay"),
}
"""Conventional English names of cities whose pinyin differs: city code to (the
Chinese name's stem, the English name). A dataset row takes the English name only
when its ``name_zh`` starts with the stem, so that a user's dataset reusing a code
for another place keeps its own name."""

ZH_NAMES: dict[str, str] = {
    "652100": "吐鲁番市",  # 地级市 since 2015; CSMAR still files it as 吐鲁番地区
    "652200": "哈密市",  # 地级市 since 2016; CSMAR: 哈密地区
}
"""Chinese names that replace the dataset's outdated ones, by city code (only where
``name_zh`` names the same place: starts with the name without its 市)."""


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
        current = {code: (name.removesuffix("市"), name) for code, name in ZH_NAMES.items()}
        names = _same_place(codes, cities["name_zh"], current).fillna(cities["name_zh"])
    elif lang == "en":
        names = _same_place(codes, cities["name_zh"], EXONYMS).fillna(cities["name_pinyin"])
        if "province_pinyin" in cities:
            shared = names.duplicated(keep=False)
            names = names.where(~shared, names + " (" + cities["province_pinyin"] + ")")
    else:
        raise ConfigError(f"language {lang!r} is not supported for city names; use en or zh.")
    return names.rename("name")


def _same_place(
    codes: pd.Series, name_zh: pd.Series, table: dict[str, tuple[str, str]]
) -> pd.Series:
    """Return ``table``'s name for each row whose ``name_zh`` starts with its stem, else NaN."""
    names = [
        table[code][1] if code in table and str(zh).startswith(table[code][0]) else None
        for code, zh in zip(codes, name_zh, strict=True)
    ]
    return pd.Series(names, index=codes.index, dtype=object)
