"""Finishing and saving figures, with the data behind each one.

Every figure function of :mod:`paretoland.reporting.figures` returns a Figure carrying the
attribute ``paretoland_data``: a DataFrame of exactly what is plotted.
:func:`save_figure` writes the figure in print formats and that frame as CSV beside it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.fonts import apply_fonts

__all__ = ["DATA_ATTRIBUTE", "figure_data", "finish", "save_figure"]

DATA_ATTRIBUTE = "paretoland_data"
_METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}


def finish(fig: Figure, data: pd.DataFrame, lang: str, families: list[str] | None) -> Figure:
    """Attach ``data`` (``fig.paretoland_data``) and the language, and fix the fonts."""
    setattr(fig, DATA_ATTRIBUTE, data.reset_index(drop=True))
    fig.paretoland_lang = lang  # type: ignore[attr-defined]
    apply_fonts(fig, families)
    return fig


def figure_data(fig: Figure) -> pd.DataFrame:
    """Return the data behind a figure of :mod:`paretoland.reporting.figures` (``paretoland_data``).

    Raises
    ------
    ConfigError
        If ``fig`` was not made by :mod:`paretoland.reporting.figures`.
    """
    data = getattr(fig, DATA_ATTRIBUTE, None)
    if data is None:
        raise ConfigError(
            "this figure carries no paretoland_data; make it with a function "
            "of paretoland.reporting.figures."
        )
    return data


def save_figure(
    fig: Figure,
    path_stem: str | Path,
    formats: tuple[str, ...] = ("png", "svg", "pdf"),
    dpi: int = 300,
    *,
    data: bool = True,
) -> list[Path]:
    """Write ``fig`` in print quality, plus the CSV of its data.

    Parameters
    ----------
    fig : Figure
    path_stem : str or Path
        Path without extension, e.g. ``"memo/figures/frontier_gdp"``; folders are made.
    formats : tuple of str
        Matplotlib output formats.
    dpi : int
        Resolution of raster formats (dots per inch).
    data : bool
        Also write ``<stem>.csv`` with ``fig.paretoland_data`` when the figure has it.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats`` then the CSV.
    """
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": "paretoland", "svg.fonttype": "path"}):
        for fmt in formats:
            path = stem.with_name(f"{stem.name}.{fmt}")
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", metadata=_METADATA.get(fmt))
            paths.append(path)
    frame = getattr(fig, DATA_ATTRIBUTE, None)
    if data and frame is not None:
        path = stem.with_name(f"{stem.name}.csv")
        frame.to_csv(path, index=False, float_format="%.10g")
        paths.append(path)
    return paths
