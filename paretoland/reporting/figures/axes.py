"""Where a figure function draws: a new figure, or the axes its caller passes as ``ax=``.

Every figure function of :mod:`paretoland.reporting.figures` takes ``ax=``: one
:class:`~matplotlib.axes.Axes` for a one-panel figure, or an array of Axes of the
figure's panel layout (two for the ranked bars and the province flows, n × n for the
scatter matrix of n objectives), e.g. from ``plt.subplots``. Without ``ax``, a function
makes its own :class:`~matplotlib.figure.Figure` (no pyplot, so no backend is chosen at
import). Given axes, the function draws into them and leaves the rest of the caller's
figure alone: its legend goes beside the axes and its title on the figure only when the
figure has none yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError

__all__ = ["AxesLike", "Canvas", "canvas"]

AxesLike = Axes | Sequence[Axes] | np.ndarray
"""What ``ax=`` accepts: one Axes, or a sequence or array of Axes."""
_DPI = 150


@dataclass(frozen=True)
class Canvas:
    """The figure and axes a figure function draws into.

    Attributes
    ----------
    figure : Figure
    axes : Axes or ndarray of Axes
        One Axes, or an array of the requested shape.
    own : bool
        Whether the function made the figure (then it places legend and title freely).
    """

    figure: Figure
    axes: Any
    own: bool

    def legend(self, ax: Axes, **options: Any) -> None:
        """Place the legend: right of the figure if it is ours, else right of ``ax``."""
        if self.own:
            self.figure.legend(loc="outside right upper", frameon=False, **options)
        else:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, **options)

    def title(self, text: str, **options: Any) -> None:
        """Title the figure, unless it is the caller's and already has a title."""
        if self.own or not self.figure.get_suptitle():
            self.figure.suptitle(text, **options)


def canvas(
    ax: AxesLike | None,
    figsize: tuple[float, float],
    shape: tuple[int, int] | None = None,
    **subplots: Any,
) -> Canvas:
    """Return the caller's axes (checked) or a new figure with ``shape`` panels.

    Parameters
    ----------
    ax : Axes, sequence or array of Axes, or None
        The caller's ``ax=``.
    figsize : (float, float)
        Size of a new figure (inches).
    shape : (int, int), optional
        Panel rows and columns; None for one Axes.
    **subplots
        Passed to :meth:`Figure.subplots` for a new figure (e.g. ``sharey=True``).

    Raises
    ------
    ConfigError
        If ``ax`` is not an Axes, or not as many Axes as the figure has panels.
    """
    if ax is None:
        figure = Figure(figsize=figsize, dpi=_DPI, layout="constrained")
        if shape is None:
            return Canvas(figure, figure.add_subplot(), own=True)
        axes = figure.subplots(*shape, squeeze=False, **subplots)
        return Canvas(figure, axes, own=True)
    if shape is None:
        if not isinstance(ax, Axes):
            raise ConfigError(f"ax must be one matplotlib Axes for this figure, not {ax!r}.")
        return Canvas(_root(ax), ax, own=False)
    axes = np.asarray(ax, dtype=object)
    count = shape[0] * shape[1]
    if axes.size != count or not all(isinstance(a, Axes) for a in axes.flat):
        raise ConfigError(
            f"ax must be {count} matplotlib Axes for this figure's {shape[0]} × {shape[1]} "
            f"panels (e.g. plt.subplots{shape}[1]), not {ax!r}."
        )
    return Canvas(_root(axes.flat[0]), axes.reshape(shape), own=False)


def _root(ax: Axes) -> Figure:
    """Return the figure of the caller's axes (typed as a Figure; a SubFigure works alike)."""
    return cast(Figure, ax.figure)
