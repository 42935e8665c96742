"""Ranked bars: the cities that gain and lose the most."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.axes import AxesLike, Canvas, canvas
from paretoland.reporting.figures.fonts import font_context, resolve_language
from paretoland.reporting.figures.labels import label
from paretoland.reporting.figures.save import finish

__all__ = ["ranked_bars"]

GAIN_COLOUR = "#2166ac"
LOSS_COLOUR = "#b2182b"


def ranked_bars(
    values: pd.Series,
    *,
    top: int = 15,
    title: str,
    unit: str,
    lang: str = "en",
    ax: AxesLike | None = None,
) -> Figure:
    """Draw the ``top`` largest gains and the ``top`` largest losses, side by side.

    Parameters
    ----------
    values : Series
        One value per city, indexed by the city's name in the figure's language, as
        :func:`paretoland.data.city_names.display_names` gives it (standard exonyms in
        English, Chinese names in Chinese).
    top : int
        Bars per panel.
    title : str
    unit : str
        Axis label, e.g. ``"Welfare, % change"``.
    lang : {"en", "zh"}
    ax : pair of Axes, optional
        The losses' and the gains' axes (e.g. ``plt.subplots(1, 2)[1]``); default a new
        figure.

    Returns
    -------
    Figure
        Two axes (losses left, gains right; a panel with no city says so).
        ``fig.paretoland_data`` has ``group`` (``loss``/``gain``), ``rank`` (1 = largest),
        ``name`` and ``value``.
    """
    if top < 1:
        raise ConfigError(f"top must be a positive number of bars, not {top}.")
    lang, fonts = resolve_language(lang)
    series = pd.Series(values, dtype=float).dropna()
    gains = series[series > 0].sort_values(ascending=False, kind="stable").head(top)
    losses = series[series < 0].sort_values(ascending=True, kind="stable").head(top)
    data = pd.concat([_ranked(losses, "loss"), _ranked(gains, "gain")], ignore_index=True)
    with font_context(fonts):
        drawn = canvas(ax, (10.0, max(3.0, 0.26 * top + 1.4)), (1, 2))
        _draw(drawn, gains, losses, top, unit, lang)
        drawn.title(title)
    return finish(drawn.figure, data, lang, fonts)


def _ranked(series: pd.Series, group: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": group,
            "rank": np.arange(1, len(series) + 1),
            "name": series.index.astype(str),
            "value": series.to_numpy(float),
        }
    )


def _draw(
    drawn: Canvas, gains: pd.Series, losses: pd.Series, top: int, unit: str, lang: str
) -> None:
    axes = drawn.axes[0]
    panels = ((axes[0], losses, LOSS_COLOUR, "losers"), (axes[1], gains, GAIN_COLOUR, "gainers"))
    for ax, series, colour, key in panels:
        ax.set_title(label(key, lang), fontsize=10)
        ax.set_xlabel(unit)
        ax.axvline(0, color="black", lw=0.8)
        ax.grid(axis="x", alpha=0.3, lw=0.5)
        if series.empty:
            ax.text(0.5, 0.5, label("none", lang), transform=ax.transAxes, ha="center")
            ax.set_yticks([])
            continue
        y = np.arange(len(series))
        bars = ax.barh(y, series.to_numpy(float), color=colour)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=2)
        ax.set_yticks(y, series.index.astype(str), fontsize=8)
        ax.set_ylim(top - 0.5, -0.5)
        ax.margins(x=0.15)
