"""Numbers and names as the memo prints them (typographic minus, thousands separators)."""

from __future__ import annotations

import math

import pandas as pd

from paretoland.data.city_names import display_names

__all__ = ["city_names", "fmt", "fmt_signed", "join_list", "province_names"]

MINUS = "\u2212"


def fmt(value: float, digits: int = 2) -> str:
    """``1234.567`` → ``"1,234.57"``; a negative value with a typographic minus; NaN → "—"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{abs(value):,.{digits}f}"
    return f"{MINUS}{text}" if value < 0 and text.strip("0.,") else text


def fmt_signed(value: float, digits: int = 2) -> str:
    """Like :func:`fmt`, with ``+`` on positive values (changes)."""
    text = fmt(value, digits)
    return f"+{text}" if value is not None and value > 0 and text.strip("0.,") else text


def city_names(cities: pd.DataFrame, lang: str) -> pd.Series:
    """Each city's display name in ``lang``, indexed by 6-digit ``city_code``.

    ``cities`` is indexed by ``city_code`` (the whole table, so that names shared by
    two cities get their province in English).
    """
    frame = cities.reset_index()
    names = display_names(frame, lang)
    names.index = frame["city_code"].astype(str).str.zfill(6)
    return names


def province_names(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Return the ``province_zh`` (Chinese) or ``province_pinyin`` (English) column."""
    return frame["province_zh" if lang == "zh" else "province_pinyin"]


def join_list(items: list[str], lang: str, *, alternatives: bool = False) -> str:
    """Join items as ``a, b and c`` (``a, b or c``) in English, ``a、b和c`` (``a、b或c``)."""
    if len(items) < 2:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + ("或" if alternatives else "和") + items[-1]
    return ", ".join(items[:-1]) + (" or " if alternatives else " and ") + items[-1]
