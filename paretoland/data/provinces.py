"""The 31 mainland provinces, their codes, names and NBS regions.

The four regions follow the National Bureau of Statistics (国家统计局) division
into East (东部), Central (中部), West (西部) and Northeast (东北).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paretoland.exceptions import ConfigError
from paretoland.suggest import did_you_mean

__all__ = [
    "Province",
    "PROVINCES",
    "REGIONS",
    "province_by_code",
    "province_by_name",
    "region_by_name",
    "resolve_province",
]

REGIONS: tuple[str, ...] = ("East", "Central", "West", "Northeast")


@dataclass(frozen=True)
class Province:
    """One provincial-level unit of mainland China.

    Attributes
    ----------
    code : str
        6-digit division code, e.g. ``"110000"``.
    name_zh : str
        Full Chinese name, e.g. ``"北京市"``.
    short_zh : str
        Short Chinese name used in census tables, e.g. ``"北京"``.
    name_pinyin : str
        Pinyin name, e.g. ``"Beijing"`` (``"Shaanxi"`` for 陕西).
    region : str
        NBS region: one of :data:`REGIONS`.
    """

    code: str
    name_zh: str
    short_zh: str
    name_pinyin: str
    region: str


PROVINCES: tuple[Province, ...] = (
    Province("110000", "北京市", "北京", "Beijing", "East"),
    Province("120000", "天津市", "天津", "Tianjin", "East"),
    Province("130000", "河北省", "河北", "Hebei", "East"),
    Province("140000", "山西省", "山西", "Shanxi", "Central"),
    Province("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", "West"),
    Province("210000", "辽宁省", "辽宁", "Liaoning", "Northeast"),
    Province("220000", "吉林省", "吉林", "Jilin", "Northeast"),
    Province("230000", "黑龙江省", "黑龙江", "Heilongjiang", "Northeast"),
    Province("310000", "上海市", "上海", "Shanghai", "East"),
    Province("320000", "江苏省", "江苏", "Jiangsu", "East"),
    Province("330000", "浙江省", "浙江", "Zhejiang", "East"),
    Province("340000", "安徽省", "安徽", "Anhui", "Central"),
    Province("350000", "福建省", "福建", "Fujian", "East"),
    Province("360000", "江西省", "江西", "Jiangxi", "Central"),
    Province("370000", "山东省", "山东", "Shandong", "East"),
    Province("410000", "河南省", "河南", "Henan", "Central"),
    Province("420000", "湖北省", "湖北", "Hubei", "Central"),
    Province("430000", "湖南省", "湖南", "Hunan", "Central"),
    Province("440000", "广东省", "广东", "Guangdong", "East"),
    Province("450000", "广西壮族自治区", "广西", "Guangxi", "West"),
    Province("460000", "海南省", "海南", "Hainan", "East"),
    Province("500000", "重庆市", "重庆", "Chongqing", "West"),
    Province("510000", "四川省", "四川", "Sichuan", "West"),
    Province("520000", "贵州省", "贵州", "Guizhou", "West"),
    Province("530000", "云南省", "云南", "Yunnan", "West"),
    Province("540000", "西藏自治区", "西藏", "Tibet", "West"),
    Province("610000", "陕西省", "陕西", "Shaanxi", "West"),
    Province("620000", "甘肃省", "甘肃", "Gansu", "West"),
    Province("630000", "青海省", "青海", "Qinghai", "West"),
    Province("640000", "宁夏回族自治区", "宁夏", "Ningxia", "West"),
    Province("650000", "新疆维吾尔自治区", "新疆", "Xinjiang", "West"),
)

_BY_CODE = {p.code: p for p in PROVINCES}

_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "150000": ("Nei Mongol", "Neimenggu", "Nei Menggu", "Neimongol"),
    "540000": ("Xizang",),
    "610000": (),  # 陕西 is "Shaanxi" only: the toneless "Shanxi" is 山西
}
"""Other common romanisations, by province code (matched like every other name)."""
_SEPARATORS = re.compile(r"[\s\-_'’.·,]+")
_SUFFIXES = (
    "autonomousregion",
    "specialadministrativeregion",
    "zizhiqu",
    "province",
    "municipality",
    "sheng",
    "shi",
    "自治区",
    "省",
    "市",
)
_ETHNIC = ("zhuang", "hui", "uygur", "uyghur", "uighur", "weiwuer", "壮族", "回族", "维吾尔")
_REGION_NAMES = {"east": "East", "central": "Central", "west": "West", "northeast": "Northeast"}
_REGION_NAMES |= {"东部": "East", "中部": "Central", "西部": "West", "东北": "Northeast"}


def _key(name: str) -> str:
    """Reduce a province name to what identifies it.

    Lower case, without separators or a suffix such as 省, 自治区, "Province" or "Sheng".
    """
    key = _SEPARATORS.sub("", str(name).strip().lower())
    return _strip_suffix(key, _SUFFIXES)


def _strip_suffix(key: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


_BY_NAME = {
    _key(name): p
    for p in PROVINCES
    for name in (p.name_zh, p.short_zh, p.name_pinyin, *_EXTRA_NAMES.get(p.code, ()))
}


def province_by_code(code: str) -> Province | None:
    """Return the province with 6-digit code ``code``, or ``None`` if there is none."""
    return _BY_CODE.get(str(code))


def province_by_name(name: str) -> Province | None:
    """Return the province named ``name``, or ``None`` if there is none.

    Accepted: the full Chinese name (陕西省, 广西壮族自治区), the short one (陕西, 广西),
    the pinyin of :attr:`Province.name_pinyin` in any case and spacing (``"Shaanxi"``,
    ``"inner mongolia"``, ``"InnerMongolia"``), with or without a suffix such as
    "Province", "Sheng", "Shi", "Autonomous Region" or an ethnic designation, and the
    romanisations Nei Mongol / Neimenggu and Xizang. 陕西 is "Shaanxi" only: "Shanxi"
    is 山西.
    """
    key = _key(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    return _BY_NAME.get(_strip_suffix(key, _ETHNIC))  # "Ningxia Hui", 广西壮族


def resolve_province(name: str, what: str = "province") -> Province:
    """Return the province named ``name`` (see :func:`province_by_name`), or raise.

    Raises
    ------
    ConfigError
        Naming the unknown name, the closest known names and the accepted forms.
    """
    province = province_by_name(name)
    if province is not None:
        return province
    names = [p.name_pinyin for p in PROVINCES] + [p.short_zh for p in PROVINCES]
    phrase = did_you_mean(str(name).strip(), names, n=3)
    hint = f" ({phrase})" if phrase else ""
    raise ConfigError(
        f"unknown {what} {name!r}{hint}. Use pinyin (e.g. 'Shaanxi', 'Inner Mongolia'), "
        "Chinese names ('陕西省' or '陕西') or a 6-digit province code's name from "
        "paretoland.data.provinces.PROVINCES."
    )


def region_by_name(name: str) -> str | None:
    """Return the NBS region named ``name``, or ``None``.

    Accepted: East, Central, West, Northeast in any case, or 东部, 中部, 西部, 东北.
    """
    return _REGION_NAMES.get(_SEPARATORS.sub("", str(name).strip().lower()))
