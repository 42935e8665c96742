"""The 31 mainland provinces, their codes, names and NBS regions.

The four regions follow the National Bureau of Statistics (国家统计局) division
into East (东部), Central (中部), West (西部) and Northeast (东北).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Province", "PROVINCES", "REGIONS", "province_by_code", "province_by_name"]

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
_BY_NAME = {key.lower(): p for p in PROVINCES for key in (p.name_zh, p.short_zh, p.name_pinyin)}


def province_by_code(code: str) -> Province | None:
    """Return the province with 6-digit code ``code``, or ``None`` if there is none."""
    return _BY_CODE.get(str(code))


def province_by_name(name: str) -> Province | None:
    """Return the province named ``name`` (Chinese full or short name, or pinyin)."""
    return _BY_NAME.get(str(name).strip().lower())
