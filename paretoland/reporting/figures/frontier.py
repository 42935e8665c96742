"""Figures of a frontier run: 2-D projections, the scatter matrix, parallel coordinates.

Each function takes a :class:`~paretoland.frontier.results.FrontierResult` and marks
the same points (:mod:`.markers`): the status quo, the paper's uniform rules, the
single-objective optima and the chosen compromise. Objectives are in % change, in
their own sense (``gdp`` and ``welfare`` up is better, the gaps down is better).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.axes import AxesLike, Canvas, canvas
from paretoland.reporting.figures.fonts import font_context, resolve_language
from paretoland.reporting.figures.labels import axis_label, label, objective_label
from paretoland.reporting.figures.markers import (
    OPTIMUM_COLOURS,
    STYLES,
    draw_points,
    pareto_points,
    special_points,
)
from paretoland.reporting.figures.save import finish

if TYPE_CHECKING:
    from paretoland.frontier.results import FrontierResult

__all__ = [
    "STANDARD_VIEWS",
    "frontier_2d",
    "frontier_views",
    "nondominated_2d",
    "parallel_coordinates",
    "scatter_matrix",
]

STANDARD_VIEWS = (("gdp", "output_gap"), ("welfare", "welfare_gap"))
"""The two standard projections: efficiency against its equity gap."""
_ID = ["kind", "label", "point", "objective"]


def nondominated_2d(values: np.ndarray, senses: tuple[str, str]) -> np.ndarray:
    """Rows of ``values`` (shape (n, 2)) not dominated in these two objectives, by x.

    ``senses`` gives ``"max"`` or ``"min"`` for each column.
    """
    signed = np.asarray(values, float) * np.array([-1.0 if s == "max" else 1.0 for s in senses])
    keep, best = [], np.inf
    for i in np.lexsort((signed[:, 1], signed[:, 0])):
        if signed[i, 1] < best:
            keep.append(i)
            best = signed[i, 1]
    return np.array(keep, dtype=int)


def _check(result: FrontierResult, names: tuple[str, ...]) -> None:
    unknown = [n for n in names if n not in result.objective_names]
    if unknown:
        raise ConfigError(
            f"objective(s) {', '.join(unknown)} not in this run; it has "
            f"{', '.join(result.objective_names)}."
        )


# ---------------------------------------------------------------- 2-D projection
def frontier_2d(
    result: FrontierResult,
    x: str = "gdp",
    y: str = "output_gap",
    *,
    chosen: int | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Draw the Pareto set projected on two objectives, with the marked points.

    Parameters
    ----------
    result : FrontierResult
    x, y : str
        Objectives on the horizontal and vertical axes.
    chosen : int, optional
        ``point`` of the chosen compromise in ``result.pareto_set``.
    lang : {"en", "zh"}
    ax : Axes, optional
        Draw into this axes (the legend goes to its right); default a new figure.

    Returns
    -------
    Figure
        One axes (or the figure of ``ax``); ``fig.paretoland_data`` has ``kind``
        (``pareto``, ``front_2d``, then the kinds of :func:`~.markers.special_points`),
        ``label``, ``point``, ``objective`` and the two plotted objectives.
    """
    _check(result, (x, y))
    lang, fonts = resolve_language(lang)
    with font_context(fonts):
        drawn = canvas(ax, (9.0, 5.4))
        data = _draw_2d(drawn, result, x, y, chosen, lang)
    return finish(drawn.figure, data, lang, fonts)


def _draw_2d(
    drawn: Canvas, result: FrontierResult, x: str, y: str, chosen: int | None, lang: str
) -> pd.DataFrame:
    senses = result.config.objective_senses
    pareto = pareto_points(result)
    front = pareto.iloc[nondominated_2d(pareto[[x, y]].to_numpy(float), (senses[x], senses[y]))]
    front = front.assign(kind="front_2d")
    special = special_points(result, chosen=chosen, lang=lang)
    ax = drawn.axes
    ax.axhline(0, color="grey", lw=0.6, ls=":", zorder=0)
    ax.axvline(0, color="grey", lw=0.6, ls=":", zorder=0)
    ax.scatter(pareto[x], pareto[y], label=label("pareto", lang), **STYLES["pareto"])
    ax.plot(
        front[x],
        front[y],
        color=STYLES["front_2d"]["color"],
        lw=1.2,
        marker="o",
        ms=3,
        label=label("front_2d", lang),
        zorder=3,
    )
    draw_points(ax, special, x, y, lang=lang)
    for _, row in special[special["kind"] == "optimum"].iterrows():
        ax.annotate(
            row["label"],
            (row[x], row[y]),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=7,
            color=OPTIMUM_COLOURS.get(row["objective"], "black"),
        )
    ax.set_xlabel(axis_label(x, senses[x], "x", lang))
    ax.set_ylabel(axis_label(y, senses[y], "y", lang))
    ax.set_title(
        label("frontier_title", lang, x=objective_label(x, lang), y=objective_label(y, lang))
    )
    ax.grid(alpha=0.25, lw=0.5)
    drawn.legend(ax, fontsize=7)
    return pd.concat([pareto, front, special], ignore_index=True)[[*_ID, x, y]]


def frontier_views(
    result: FrontierResult,
    *,
    chosen: int | None = None,
    lang: str = "en",
    ax: AxesLike | None = None,
) -> dict[str, Figure]:
    """Draw the standard projections (:data:`STANDARD_VIEWS`), keyed ``"gdp_vs_output_gap"``...

    ``ax``, if given, holds one Axes per view the run has, in the order of
    :data:`STANDARD_VIEWS`; by default each view is a figure of its own.
    """
    views = [
        (x, y)
        for x, y in STANDARD_VIEWS
        if x in result.objective_names and y in result.objective_names
    ]
    axes = [None] * len(views) if ax is None else canvas(ax, (0, 0), (1, len(views))).axes[0]
    return {
        f"{x}_vs_{y}": frontier_2d(result, x, y, chosen=chosen, lang=lang, ax=target)
        for (x, y), target in zip(views, axes, strict=True)
    }


# ---------------------------------------------------------------- scatter matrix
def scatter_matrix(
    result: FrontierResult,
    *,
    chosen: int | None = None,
    lang: str = "en",
    ax: AxesLike | None = None,
) -> Figure:
    """Every pair of objectives (n × n axes), histograms on the diagonal.

    Parameters
    ----------
    result : FrontierResult
    chosen : int, optional
        ``point`` of the chosen compromise.
    lang : {"en", "zh"}
    ax : array of Axes, optional
        n × n Axes to draw into (e.g. ``plt.subplots(4, 4)[1]``); default a new figure.

    Returns
    -------
    Figure
        n² axes (16 for four objectives); ``fig.paretoland_data`` has the Pareto
        points and the marked points with every objective.
    """
    lang, fonts = resolve_language(lang)
    n = len(result.objective_names)
    with font_context(fonts):
        drawn = canvas(ax, (2.6 * n, 2.6 * n + 0.8), (n, n), sharex="col")
        data = _draw_matrix(drawn, result, chosen, lang)
    return finish(drawn.figure, data, lang, fonts)


def _draw_matrix(
    drawn: Canvas, result: FrontierResult, chosen: int | None, lang: str
) -> pd.DataFrame:
    names = list(result.objective_names)
    senses = result.config.objective_senses
    pareto = pareto_points(result)
    special = special_points(result, chosen=chosen, lang=lang)
    n, axes = len(names), drawn.axes
    for i, yname in enumerate(names):
        for j, xname in enumerate(names):
            ax = axes[i, j]
            if i == j:
                _diagonal(ax, pareto[xname], special, xname, lang)
            else:
                ax.scatter(
                    pareto[xname],
                    pareto[yname],
                    label=label("pareto", lang),
                    **{**STYLES["pareto"], "s": 5},
                )
                draw_points(ax, special, xname, yname, lang=lang)
            ax.tick_params(labelsize=7)
            if i == n - 1:
                ax.set_xlabel(axis_label(xname, senses[xname], "x", lang), fontsize=8)
            if j == 0:
                ax.set_ylabel(axis_label(yname, senses[yname], "y", lang), fontsize=8)
    handles, labels = axes[0, 1 if n > 1 else 0].get_legend_handles_labels()
    if drawn.own:
        drawn.figure.legend(
            handles, labels, loc="outside lower center", ncols=4, fontsize=7, frameon=False
        )
    else:
        drawn.legend(axes[0, -1], handles=handles, labels=labels, fontsize=7)
    drawn.title(label("matrix_title", lang), fontsize=10)
    return pd.concat([pareto, special], ignore_index=True)[[*_ID, *names]]


def _diagonal(ax: Axes, values: pd.Series, special: pd.DataFrame, name: str, lang: str) -> None:
    ax.hist(values, bins=30, color=STYLES["pareto"]["color"])
    for _, row in special[special["kind"].isin(["status_quo", "chosen", "optimum"])].iterrows():
        if row["kind"] == "optimum" and row["objective"] != name:
            continue
        colour = (
            OPTIMUM_COLOURS.get(name) if row["kind"] == "optimum" else STYLES[row["kind"]]["color"]
        )
        ax.axvline(row[name], color=colour, lw=1.2, ls="--" if row["kind"] == "status_quo" else "-")
    ax.set_yticks([])
    ax.text(
        0.03,
        0.95,
        objective_label(name, lang),
        transform=ax.transAxes,
        fontsize=8,
        va="top",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
    )


# ---------------------------------------------------------------- parallel coordinates
def parallel_coordinates(
    result: FrontierResult,
    *,
    chosen: int | None = None,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """One line per Pareto point across the objectives, each scaled so that up is better.

    Each objective is scaled to [0, 1] over every plotted point (Pareto set and marked
    points): 1 is the best value shown, 0 the worst. The raw values (% change) of both
    ends are printed on each axis. ``ax``, if given, is the axes to draw into (the
    legend goes to its right); default a new figure.

    Returns
    -------
    Figure
        One axes; ``fig.paretoland_data`` has the raw objectives and ``<name>_scaled``.
    """
    lang, fonts = resolve_language(lang)
    with font_context(fonts):
        drawn = canvas(ax, (10.5, 5.4))
        data = _draw_parallel(drawn, result, chosen, lang)
    return finish(drawn.figure, data, lang, fonts)


def _scaled(frame: pd.DataFrame, names: list[str], senses: dict) -> tuple[pd.DataFrame, dict]:
    out, ranges = frame.copy(), {}
    for name in names:
        low, high = float(frame[name].min()), float(frame[name].max())
        span = high - low if high > low else 1.0
        scaled = (frame[name] - low) / span
        out[f"{name}_scaled"] = scaled if senses[name] == "max" else 1.0 - scaled
        ranges[name] = (high, low) if senses[name] == "max" else (low, high)  # best, worst
    return out, ranges


def _line_alpha(n_lines: int) -> float:
    """Opacity of each of ``n_lines`` overlapping lines: dense bundles stay legible."""
    return float(np.clip(25.0 / max(n_lines, 1), 0.03, 0.35))


def _draw_parallel(
    drawn: Canvas, result: FrontierResult, chosen: int | None, lang: str
) -> pd.DataFrame:
    names = list(result.objective_names)
    senses = result.config.objective_senses
    frame = pd.concat(
        [pareto_points(result), special_points(result, chosen=chosen, lang=lang)], ignore_index=True
    )
    data, ranges = _scaled(frame, names, senses)
    scaled = [f"{n}_scaled" for n in names]
    xs = np.arange(len(names), dtype=float)
    ax = drawn.axes
    pareto = data[data["kind"] == "pareto"]
    lines = [np.column_stack([xs, row]) for row in pareto[scaled].to_numpy(float)]
    ax.add_collection(
        LineCollection(
            lines,
            colors=STYLES["pareto"]["color"],
            linewidths=0.4,
            alpha=_line_alpha(len(lines)),
            label=label("pareto", lang),
            zorder=1,
        )
    )
    _special_lines(ax, data[data["kind"] != "pareto"], xs, scaled, lang)
    for k, name in enumerate(names):
        ax.axvline(k, color="black", lw=0.8, zorder=0)
        best, worst = ranges[name]
        box = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}
        ax.text(
            k,
            1.03,
            f"{label('best', lang)}: {best:.2f}",
            ha="center",
            va="bottom",
            fontsize=8,
            bbox=box,
            zorder=8,
        )
        ax.text(
            k,
            -0.03,
            f"{label('worst', lang)}: {worst:.2f}",
            ha="center",
            va="top",
            fontsize=8,
            bbox=box,
            zorder=8,
        )
    ax.set_xticks(xs, [f"{objective_label(n, lang)}\n({label('pct_change', lang)})" for n in names])
    ax.set_xlim(-0.25, len(names) - 0.75)
    ax.set_ylim(-0.12, 1.12)
    ax.set_ylabel(label("parallel_ylabel", lang))
    ax.set_title(label("parallel_title", lang))
    handles, labels = ax.get_legend_handles_labels()
    first = labels.index(label("pareto", lang))  # its faint lines, drawn visibly in the key
    handles.insert(0, Line2D([], [], color=STYLES["pareto"]["color"], lw=1.0))
    labels.insert(0, labels.pop(first))
    del handles[first + 1]
    drawn.legend(ax, handles=handles, labels=labels, fontsize=7)
    return data[[*_ID, *names, *scaled]]


def _special_lines(
    ax: Axes, special: pd.DataFrame, xs: np.ndarray, scaled: list[str], lang: str
) -> None:
    seen: set[str] = set()
    for _, row in special.iterrows():
        kind, style = row["kind"], STYLES[row["kind"]]
        colour = (
            OPTIMUM_COLOURS.get(row["objective"], "C0")
            if kind == "optimum"
            else style.get("edgecolors")
            if kind.startswith("uniform")
            else style["color"]
        )
        text = row["label"] if kind in ("status_quo", "chosen", "optimum") else label(kind, lang)
        width = {"chosen": 2.6, "optimum": 1.6, "status_quo": 1.4}.get(kind, 0.8)
        ax.plot(
            xs,
            row[scaled].to_numpy(float),
            color=colour,
            lw=width,
            ls="--" if kind == "status_quo" else "-",
            marker=style["marker"],
            ms=9 if kind == "chosen" else 5,
            zorder=style["zorder"],
            label="_nolegend_" if text in seen else text,
            alpha=0.6 if kind.startswith("uniform") else 1.0,
        )
        seen.add(text)
