"""The wedge figure: share of cities with a positive wedge, by area and land use.

No computation happens here. Figures are made without pyplot (no global backend
switch), so they render on machines without a display.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["plot_wedge_shares"]

_USE_LABELS = {
    "productive": "Productive land (τ^Y > 0)",
    "residential": "Residential land (τ^H > 0)",
}
_USE_COLOURS = {"productive": "#1f77b4", "residential": "#d62728"}


def plot_wedge_shares(
    table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None
) -> Figure:
    """Bar chart of the share of cities with a positive wedge, by area and land use.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`paretoland.model.wedges.wedge_shares`.
    title : str, optional
        Figure title.
    ax : Axes, optional
        Draw into this axes; default a new figure.

    Returns
    -------
    Figure
        Grouped bars (ours) with the paper's national 2017 figures as hollow markers.
    """
    areas = list(table.index)
    x = np.arange(len(areas))
    width = 0.38
    if ax is None:
        ax = Figure(figsize=(8.0, 4.5), dpi=150, layout="tight").add_subplot()
    fig = cast(Figure, ax.figure)  # the root figure when ax is not on a subfigure
    for k, use in enumerate(("productive", "residential")):
        offset = (k - 0.5) * width
        values = table[f"{use}_positive_pct"].to_numpy(float)
        bars = ax.bar(x + offset, values, width, label=_USE_LABELS[use], color=_USE_COLOURS[use])
        ax.bar_label(bars, fmt="%.1f", fontsize=7, padding=2)
        paper = table[f"paper_{use}_pct"].to_numpy(float)
        shown = ~np.isnan(paper)
        ax.scatter(
            (x + offset)[shown],
            paper[shown],
            marker="D",
            facecolors="none",
            edgecolors="black",
            zorder=3,
            label="Paper, 2017 (national only)" if k == 0 else "_nolegend_",
        )
    ax.set_xticks(x, [f"{a}\n(n={n})" for a, n in zip(areas, table["n_cities"], strict=True)])
    ax.set_ylabel("Cities with a positive wedge (%)")
    ax.set_ylim(0, 105)
    ax.axhline(50, color="grey", lw=0.6, ls=":")
    ax.legend(fontsize=7, loc="upper right", ncols=2)
    ax.set_title(title or "Land short relative to labour: share of cities with τ > 0")
    return fig
