"""Land and money moved by one allocation, by province (diverging bars)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from paretoland.data.dataset import YUAN_PER_100M_YUAN
from paretoland.data.provinces import province_by_name
from paretoland.exceptions import DataError
from paretoland.reporting.figures.axes import AxesLike, Canvas, canvas
from paretoland.reporting.figures.fonts import font_context, resolve_language
from paretoland.reporting.figures.labels import label
from paretoland.reporting.figures.save import finish

__all__ = ["province_flows", "province_totals"]

USE_COLOURS = {"productive": "#1f77b4", "residential": "#d62728"}
MONEY_COLOURS = {"received": "#2ca02c", "paid": "#ff7f0e"}
_LAND = [
    "sold_productive_km2",
    "sold_residential_km2",
    "bought_productive_km2",
    "bought_residential_km2",
]
_MONEY = ["receipts_yuan", "payments_yuan"]


def province_totals(allocation: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Land sold and bought (km²) and money received and paid (亿元) by province.

    Parameters
    ----------
    allocation : DataFrame
        One allocation: ``province_pinyin``, the columns ``sold_<use>_km2``,
        ``bought_<use>_km2``, ``receipts_yuan`` and ``payments_yuan`` (the rows of
        ``FrontierResult.allocations()`` for one ``point``, or a counterfactual's
        ``city_table()``).
    lang : {"en", "zh"}
        Language of the ``province`` column.

    Returns
    -------
    DataFrame
        One row per province that trades, sellers first (by net land sold):
        ``province``, ``province_pinyin``, the four land columns, ``received_100m_yuan``
        and ``paid_100m_yuan``.
    """
    missing = [c for c in ["province_pinyin", *_LAND, *_MONEY] if c not in allocation.columns]
    if missing:
        raise DataError(
            f"the allocation frame lacks the column(s) {', '.join(missing)}; pass "
            "the rows of FrontierResult.allocations() for one point."
        )
    if "point" in allocation.columns and allocation["point"].nunique() > 1:
        raise DataError(
            f"the allocation frame holds {allocation['point'].nunique()} points; "
            "pass one: frame[frame['point'] == k]."
        )
    totals = allocation.groupby("province_pinyin", sort=True)[[*_LAND, *_MONEY]].sum()
    totals["received_100m_yuan"] = totals.pop("receipts_yuan") / YUAN_PER_100M_YUAN
    totals["paid_100m_yuan"] = totals.pop("payments_yuan") / YUAN_PER_100M_YUAN
    totals = totals[totals.abs().sum(axis=1) > 0]
    net_sold = totals[_LAND[:2]].sum(axis=1) - totals[_LAND[2:]].sum(axis=1)
    totals = totals.iloc[np.lexsort((totals.index.to_numpy(), -net_sold.to_numpy()))]
    totals = totals.reset_index()
    totals.insert(0, "province", [_province_name(p, lang) for p in totals["province_pinyin"]])
    return totals


def _province_name(pinyin: str, lang: str) -> str:
    province = province_by_name(pinyin)
    return province.short_zh if lang == "zh" and province is not None else pinyin


def province_flows(
    allocation_frame: pd.DataFrame, *, lang: str = "en", ax: AxesLike | None = None
) -> Figure:
    """Land sold and bought, and money received and paid, by province.

    Parameters
    ----------
    allocation_frame : DataFrame
        See :func:`province_totals`.
    lang : {"en", "zh"}
    ax : pair of Axes, optional
        The land and the money axes (e.g. ``plt.subplots(1, 2, sharey=True)[1]``);
        default a new figure.

    Returns
    -------
    Figure
        Two axes sharing the provinces: land (km², sold to the left, bought to the
        right, by use) and money (亿元 = 10^8 yuan, received to the left, paid to the
        right). ``fig.paretoland_data`` is :func:`province_totals`.
    """
    lang, fonts = resolve_language(lang)
    totals = province_totals(allocation_frame, lang=lang)
    with font_context(fonts):
        height = max(3.0, 0.28 * len(totals) + 1.6)
        drawn = canvas(ax, (11.0, height), (1, 2), sharey=True)
        _draw(drawn, totals, lang)
    return finish(drawn.figure, totals, lang, fonts)


def _draw(drawn: Canvas, totals: pd.DataFrame, lang: str) -> None:
    land, money = drawn.axes[0]
    y = np.arange(len(totals))
    for use in ("productive", "residential"):
        left = totals["sold_productive_km2"] if use == "residential" else 0.0
        right = totals["bought_productive_km2"] if use == "residential" else 0.0
        land.barh(
            y,
            -totals[f"sold_{use}_km2"],
            left=-left,
            color=USE_COLOURS[use],
            label=label(use, lang),
        )
        land.barh(y, totals[f"bought_{use}_km2"], left=right, color=USE_COLOURS[use])
    money.barh(
        y,
        -totals["received_100m_yuan"],
        color=MONEY_COLOURS["received"],
        label=label("received", lang),
    )
    money.barh(y, totals["paid_100m_yuan"], color=MONEY_COLOURS["paid"], label=label("paid", lang))
    absolute = FuncFormatter(lambda v, _: f"{abs(v):,.0f}")
    for ax, axis_key, title_key in (
        (land, "land_axis", "land_title"),
        (money, "money_axis", "money_title"),
    ):
        ax.axvline(0, color="black", lw=0.8)
        ax.xaxis.set_major_formatter(absolute)
        ax.set_xlabel(label(axis_key, lang))
        ax.set_title(label(title_key, lang))
        ax.grid(axis="x", alpha=0.3, lw=0.5)
        _symmetric(ax)
        if len(totals):
            ax.legend(fontsize=7, loc="lower right")
    land.set_yticks(y, totals["province"], fontsize=8)
    land.invert_yaxis()
    if not land.get_shared_y_axes().joined(land, money):  # the caller's axes
        money.set_yticks(y, [])
        money.invert_yaxis()
    if totals.empty:
        land.text(0.5, 0.5, label("no_trade", lang), transform=land.transAxes, ha="center")


def _symmetric(ax: Axes) -> None:
    """Centre the zero line: the same extent on both sides."""
    low, high = ax.get_xlim()
    extent = max(abs(low), abs(high)) or 1.0
    ax.set_xlim(-extent, extent)
