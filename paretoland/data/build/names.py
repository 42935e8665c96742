"""Names and code crosswalks of the 2017 cities.

CSMAR ``Ctnm_id`` is the key of the dataset (``city_code``). The other sources are
joined to it through

* census/NBS 2020 codes (A4 census, L1 land), with the few code changes below;
* Chinese name stems (A5 house prices, L2 land prices), matched within a province
  where the source has one;
* the first four digits of the pre-2011 code (A6 Ma–Tang coordinates).

Every unmatched row is logged (``logging`` WARNING, visible by default) by the
caller, never dropped silently.
"""

from __future__ import annotations

import logging

import pandas as pd
from pypinyin import lazy_pinyin

from paretoland.exceptions import DataError

__all__ = [
    "CSMAR_TO_CENSUS",
    "LAIWU",
    "JINAN",
    "name_stem",
    "pinyin_name",
    "census_code",
    "match_by_stem",
    "attach_city_codes",
    "log_unmatched",
]

LOG = logging.getLogger("paretoland.data.build")

# CSMAR codes whose census (NBS 2020) code differs. Laiwu (371200) was merged into
# Jinan in 2019 and has no census row of its own (see LAIWU below).
CSMAR_TO_CENSUS: dict[str, str] = {
    "110000": "110100",  # Beijing
    "120000": "120100",  # Tianjin
    "310000": "310100",  # Shanghai
    "500000": "500100",  # Chongqing
    "469003": "460400",  # Danzhou: prefecture-level city since 2015, new code 460400
    "542400": "540600",  # Nagqu: 那曲地区 -> 那曲市 (2018), new code 540600
    "652100": "650400",  # Turpan: 吐鲁番地区 -> 吐鲁番市 (2015), new code 650400
    "652200": "650500",  # Kumul: 哈密地区 -> 哈密市 (2016), new code 650500
}
LAIWU = "371200"
JINAN = "370100"

_SUFFIXES = ("自治州", "地区", "盟", "市")
# Ethnic designations inside the names of autonomous prefectures (longest first).
_ETHNIC = (
    "柯尔克孜",
    "哈萨克",
    "朝鲜族",
    "土家族",
    "布依族",
    "哈尼族",
    "景颇族",
    "傈僳族",
    "蒙古族",
    "蒙古",
    "苗族",
    "藏族",
    "羌族",
    "彝族",
    "侗族",
    "傣族",
    "白族",
    "壮族",
    "回族",
)

# Whole-stem pinyin where pypinyin picks the wrong reading of a polyphone
# (checked against CSMAR Ctnm_en and Ma–Tang cityname_eng).
PINYIN_OVERRIDES: dict[str, str] = {
    "长治": "Changzhi",  # pypinyin: zhang zhi
    "朝阳": "Chaoyang",  # pypinyin: zhao yang
    "漯河": "Luohe",  # pypinyin: ta he
    "昌都": "Changdu",  # pypinyin: chang dou
    "阿勒泰": "Aletai",  # pypinyin: a lei tai
    "锡林郭勒": "Xilinguole",  # pypinyin: ... guo lei
    "克孜勒苏": "Kezilesu",  # pypinyin: ke zi lei su
}


def name_stem(name_zh: str) -> str:
    """Return the core of a Chinese unit name: 北京市→北京, 那曲地区→那曲, 延边朝鲜族自治州→延边.

    Parameters
    ----------
    name_zh : str
        Full or short Chinese name of a prefecture-level unit.

    Returns
    -------
    str
        The name without its administrative suffix (市, 地区, 盟, 自治州) and, for
        autonomous prefectures, without the ethnic designations.
    """
    stem = str(name_zh).strip()
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
            stem = stem.removesuffix(suffix)
            break
    changed = True
    while changed:
        changed = False
        for ethnic in _ETHNIC:
            if stem.endswith(ethnic) and len(stem) > len(ethnic) + 1:
                stem, changed = stem.removesuffix(ethnic), True
    return stem


def pinyin_name(name_zh: str) -> str:
    """Toneless, capitalised pinyin of a unit name: 六安市→Lu'an, 大兴安岭地区→Daxing'anling.

    An apostrophe separates a syllable starting with a, o or e from the one before,
    as in standard pinyin orthography; ü is written ``v`` (吕梁→Lvliang).
    """
    stem = name_stem(name_zh)
    if stem in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[stem]
    syllables = lazy_pinyin(stem)
    text = syllables[0]
    for syllable in syllables[1:]:
        text += ("'" if syllable[:1] in ("a", "o", "e") else "") + syllable
    return text[:1].upper() + text[1:]


def census_code(city_code: str) -> str:
    """Return the census/NBS 2020 code of a CSMAR city code (identity unless listed)."""
    return CSMAR_TO_CENSUS.get(city_code, city_code)


def match_by_stem(
    cities: pd.DataFrame, source: pd.DataFrame, source_name: str, by_province: bool
) -> pd.DataFrame:
    """Attach ``city_code`` to the rows of a name-keyed source.

    Parameters
    ----------
    cities : DataFrame
        ``city_code``, ``name_zh`` and ``province_code`` of the CSMAR units.
    source : DataFrame
        Rows with a column ``stem`` (and ``province_code`` if ``by_province``).
    source_name : str
        Used in the diagnostics.
    by_province : bool
        Match on (province, stem) instead of the stem alone.

    Returns
    -------
    DataFrame
        ``source`` with a ``city_code`` column (NaN where unmatched; every unmatched
        stem is logged).
    """
    keys = ["province_code", "stem"] if by_province else ["stem"]
    lookup = cities.assign(stem=cities["name_zh"].map(name_stem))[[*keys, "city_code"]]
    duplicated = lookup[lookup.duplicated(keys, keep=False)]
    if len(duplicated):
        raise DataError(
            f"ambiguous name stems for {source_name}: {', '.join(sorted(duplicated['stem']))}."
        )
    merged = source.merge(lookup, on=keys, how="left", validate="many_to_one")
    log_unmatched(merged.loc[merged["city_code"].isna(), "stem"], source_name, "CSMAR city")
    return merged


def log_unmatched(labels: pd.Series, source_name: str, target: str) -> None:
    """Log the distinct ``labels`` of ``source_name`` that found no ``target``."""
    distinct = sorted(set(map(str, labels)))
    if distinct:
        LOG.warning(
            "%s: %d unit(s) without a %s: %s",
            source_name,
            len(distinct),
            target,
            ", ".join(distinct),
        )


def attach_city_codes(cities: pd.DataFrame, frame: pd.DataFrame, source_name: str) -> pd.DataFrame:
    """Attach ``city_code`` to a source keyed by census (NBS 2020) codes.

    Parameters
    ----------
    cities : DataFrame
        ``city_code`` and ``name_zh`` of every CSMAR unit.
    frame : DataFrame
        Rows with ``census_code`` and ``name_zh``.
    source_name : str
        Used in the diagnostics.

    Returns
    -------
    DataFrame
        The matched rows of ``frame`` with a ``city_code`` column. Unmatched rows, and
        matched rows whose name stem differs from the CSMAR name, are logged.
    """
    lookup = {census_code(c): c for c in cities["city_code"]}
    rows = frame.assign(city_code=frame["census_code"].map(lookup))
    log_unmatched(rows.loc[rows["city_code"].isna(), "name_zh"], source_name, "CSMAR city")
    rows = rows.dropna(subset=["city_code"])
    names = cities.set_index("city_code")["name_zh"].map(name_stem)
    clash = rows[rows["name_zh"].map(name_stem) != rows["city_code"].map(names)]
    log_unmatched(
        clash["name_zh"] + "≠" + clash["city_code"].map(names),
        f"{source_name} (code matched, name differs)",
        "consistent name",
    )
    return rows.reset_index(drop=True)
