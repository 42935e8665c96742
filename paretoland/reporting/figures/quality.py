"""Figures of a comparison of runs: anytime curves and empirical attainment surfaces.

Both take a :class:`~paretoland.frontier.comparison.Comparison`. Runs of one group
(the same problem and algorithm, other seeds) share a colour; a group of five or more
seeds is drawn as its median with the interquartile range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.axes import AxesLike, canvas
from paretoland.reporting.figures.labels import objective_label

if TYPE_CHECKING:
    import pandas as pd

    from paretoland.frontier.comparison import Comparison

__all__ = ["anytime_curves", "attainment_surfaces"]

_INDICATOR_LABELS = {
    "hypervolume": "hypervolume (normalised; higher is better)",
    "igd_plus": "IGD+ (pp; lower is better)",
    "epsilon": "additive ε (pp; lower is better)",
}
_X_LABELS = {"n_evaluations": "evaluations", "seconds": "seconds in the generation loop"}


def _colours(groups: list[str]) -> dict[str, tuple]:
    palette = colormaps["tab10"]
    return {group: palette(i % 10) for i, group in enumerate(groups)}


def anytime_curves(
    comparison: Comparison, *, x: str = "n_evaluations", ax: AxesLike | None = None
) -> Figure:
    """Draw each indicator against evaluations (or seconds), one panel per indicator.

    Parameters
    ----------
    comparison : Comparison
        The runs and their anytime measurements.
    x : {"n_evaluations", "seconds"}
        The horizontal axis.
    ax : three Axes, optional
        Where to draw, one per indicator (e.g. ``plt.subplots(1, 3)[1]``); default a
        new figure with three panels.

    Returns
    -------
    Figure
    """
    from paretoland.frontier.comparison import MIN_SEEDS
    from paretoland.frontier.quality import INDICATORS

    if x not in _X_LABELS:
        raise ConfigError(f"x must be one of {tuple(_X_LABELS)} (got {x!r}).")
    drawn = canvas(ax, (12, 3.6), (1, len(INDICATORS)))
    figure, axes = drawn.figure, list(drawn.axes[0])
    data = comparison.anytime
    colours = _colours(list(dict.fromkeys(data["group"])))
    for panel, name in zip(axes, INDICATORS, strict=True):
        for group, rows in data.groupby("group", sort=False):
            runs = rows["run"].unique()
            if len(runs) >= MIN_SEEDS:
                _median_band(panel, rows, x, name, colours[group], group)
                continue
            for i, (_, run) in enumerate(rows.groupby("run", sort=False)):
                panel.plot(
                    run[x], run[name], color=colours[group], lw=1.2, label=group if i == 0 else None
                )
        panel.set_xlabel(_X_LABELS[x])
        panel.set_ylabel(_INDICATOR_LABELS[name])
        panel.grid(alpha=0.3)
    axes[0].legend(fontsize="small", frameon=False)
    return figure


def _median_band(
    ax: Axes, rows: pd.DataFrame, x: str, name: str, colour: tuple, group: str
) -> None:
    """Draw a group's median curve and interquartile band, on the grid of its first run."""
    grid = rows.groupby("run", sort=False).get_group(rows["run"].iloc[0])[x].to_numpy()
    curves = np.array(
        [np.interp(grid, run[x], run[name]) for _, run in rows.groupby("run", sort=False)]
    )
    q1, median, q3 = np.nanquantile(curves, [0.25, 0.5, 0.75], axis=0)
    ax.fill_between(grid, q1, q3, color=colour, alpha=0.25, lw=0)
    ax.plot(grid, median, color=colour, lw=1.6, label=f"{group} (median, IQR)")


def attainment_surfaces(
    comparison: Comparison, x: str, y: str, *, ax: Axes | None = None
) -> Figure:
    """Draw the 0 %, 50 % and 100 % attainment surfaces of each group in the (x, y) plane.

    Parameters
    ----------
    comparison : Comparison
    x, y : str
        Two objectives of the runs.
    ax : Axes, optional
        Where to draw (default: a new figure).

    Returns
    -------
    Figure
    """
    from paretoland.frontier.comparison import attainment

    names = list(comparison.reference.objectives.columns)
    unknown = [n for n in (x, y) if n not in names]
    if unknown:
        raise ConfigError(f"objective(s) {unknown} are not in these runs; they have {names}.")
    if ax is None:
        figure = Figure(figsize=(6, 4.5), layout="constrained")
        ax = figure.subplots()
    surfaces = attainment(comparison, x, y)
    colours = _colours(list(dict.fromkeys(comparison.table["group"])))
    styles = {0.0: ":", 50.0: "-", 100.0: "--"}
    signs = np.array([comparison.reference.senses[n] == "min" for n in (x, y)]) * 2.0 - 1.0
    for (group, level), rows in surfaces.groupby(["group", "percentile"], sort=False):
        corners = _staircase(rows[["x", "y"]].to_numpy() * signs) * signs
        ax.plot(
            corners[:, 0], corners[:, 1], ls=styles.get(float(level), "-"),
            color=colours[group], label=f"{group}: {level:.0f} % attained",
        )  # fmt: skip
    reference = comparison.reference.objectives
    ax.scatter(reference[x], reference[y], s=4, color="0.5", label="reference front (projected)")
    ax.set_xlabel(objective_label(x, "en"))
    ax.set_ylabel(objective_label(y, "en"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", frameon=False)
    return cast(Figure, ax.figure)  # the root figure when not on a subfigure


def _staircase(points: np.ndarray) -> np.ndarray:
    """Return the corners of the boundary of the region points dominate (minimisation).

    Parameters
    ----------
    points : ndarray, shape (k, 2)
        Mutually non-dominated points in minimisation form.

    Returns
    -------
    ndarray, shape (2k - 1, 2)
        The points sorted by x, with a corner (x_{i+1}, y_i) between neighbours.
    """
    points = points[np.argsort(points[:, 0], kind="stable")]
    corners = [points[0]]
    for point in points[1:]:
        corners += [np.array([point[0], corners[-1][1]]), point]
    return np.array(corners)
