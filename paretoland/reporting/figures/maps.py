"""Choropleth maps of the prefectures on a base map drawn as China's standard map asks.

:func:`city_map` colours each prefecture by a value, on the base map of
:mod:`paretoland.reporting.figures.basemap`: all of China's territory, Taiwan Province
included, with province borders, the South China Sea islands and the ten-dash line in
an inset at the lower right (clear of Taiwan; the ten-dash line is also drawn wherever
the main map reaches it), and the neighbouring countries' land in a pale tone without
borders. Areas without a value are grey, each reason in the legend; every map carries its data and
base-map sources and the note that publication needs a map approval number (审图号)
for the base map. Colour limits are robust (:func:`.scales.colour_limits`). Albers
equal-area conic projection (standard parallels 25° N and 47° N, central meridian
105° E). No geopandas: PolyCollections of compound paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from paretoland.exceptions import DataError
from paretoland.reporting.figures.basemap import (
    BOUNDARIES_FILE,
    ISLAND_LABELS,
    Boundaries,
    MapLayer,
    MapLayout,
    albers,
    load_boundaries,
    load_context_layers,
    map_layout,
)
from paretoland.reporting.figures.fonts import font_context, resolve_language
from paretoland.reporting.figures.labels import column_label, label
from paretoland.reporting.figures.save import finish
from paretoland.reporting.figures.scales import ColourLimits, colour_limits

__all__ = [
    "BOUNDARIES_FILE",
    "Boundaries",
    "MapLayout",
    "albers",
    "city_map",
    "land_change_pct",
    "load_boundaries",
    "map_layout",
]

NO_DATA_COLOUR = "#c4c4c4"
"""Fill of prefectures that are not in the sample or have no value."""
OUTSIDE_COLOUR = "#e2e2e2"
"""Fill of Taiwan Province, Hong Kong and Macau (outside the dataset's mainland statistics)."""
NEIGHBOUR_COLOUR = "#f2f1ed"
BORDER_COLOUR = "#5c5c5c"
OUTLINE_COLOUR = "#262626"
STATUS_COLOURS = {  # areas without a value, by reason (legend label keys of .labels)
    "not_in_sample": NO_DATA_COLOUR,
    "no_value": NO_DATA_COLOUR,
    "outside_dataset": OUTSIDE_COLOUR,
}


def land_change_pct(cities: pd.DataFrame) -> pd.Series:
    """Return the construction land change in % of the city's land, from a city table.

    Parameters
    ----------
    cities : DataFrame
        ``land_{productive,residential}_{before,change}_km2`` (e.g.
        :meth:`paretoland.model.counterfactual.Counterfactual.city_table`).
    """
    change = cities["land_productive_change_km2"] + cities["land_residential_change_km2"]
    before = cities["land_productive_before_km2"] + cities["land_residential_before_km2"]
    return (100.0 * change / before).rename("land_change_pct")


def city_map(
    values: pd.Series,
    *,
    title: str,
    cmap: str = "RdBu",
    center: float | None = 0.0,
    unit: str | None = None,
    limit: float | None = None,
    lang: str = "en",
    boundaries: Boundaries | None = None,
    ax: Axes | None = None,
    percentiles: tuple[float, float] = (2.0, 98.0),
    data_source: str | None = None,
) -> Figure:
    """Draw a choropleth of one value per city.

    Parameters
    ----------
    values : Series
        Indexed by ``city_code`` (6-digit, the dataset's codes; integers are padded;
        today's codes are accepted too, e.g. 110100 for Beijing, 460400 for Danzhou).
        Codes that are not on the base map raise a DataError naming them.
    title : str
    cmap : str
        A matplotlib colormap; diverging by default (blue above ``center``).
    center : float or None
        Diverging scale symmetric around ``center``; None for a sequential scale.
    unit : str, optional
        Colourbar label; default the label with unit of ``values.name``
        (:data:`.labels.COLUMN_LABELS`, e.g. ``gdp_change_pct`` → "GDP change (%)").
    limit : float, optional
        Half-width of a diverging scale, overriding the percentiles.
    lang : {"en", "zh"}
    boundaries : Boundaries, optional
        Default :func:`load_boundaries`.
    ax : Axes, optional
        Draw into this axes (its figure gets the colourbar); default a new figure.
    percentiles : (float, float)
        The colour limits come from these percentiles of the values
        (:func:`.scales.colour_limits`); values beyond get the end colours and the
        colourbar arrows.
    data_source : str, optional
        The data part of the source line; default the model and the 2017 dataset.

    Returns
    -------
    Figure
        ``fig.paretoland_data`` has one row per polygon and per value: ``city_code``,
        ``name_zh``, ``level``, ``in_dataset``, ``value``, ``drawn`` (False for a value
        with no polygon) and ``status`` (``value``, ``no_value``, ``not_in_sample``,
        ``outside_dataset``).
    """
    lang, fonts = resolve_language(lang)
    boundaries = boundaries or load_boundaries()
    data = _map_data(values, boundaries)
    drawn = data.loc[data["drawn"], "value"].to_numpy(float)
    limits = colour_limits(drawn, center=center, percentiles=percentiles, limit=limit)
    label_text = unit if unit is not None else column_label(values.name, lang)
    with font_context(fonts):
        fig = (
            cast(Figure, ax.figure)  # the root figure when ax is not on a subfigure
            if ax is not None
            else Figure(figsize=(9.6, 7.6), dpi=150, layout="constrained")
        )
        ax = ax if ax is not None else fig.add_subplot()
        _draw_map(ax, data, boundaries, _Style(cmap, limits, label_text), lang)
        ax.set_title(title, fontsize=12)
        _source_note(ax, data_source or label("map_data", lang), lang)
    return finish(fig, data, lang, fonts)


def _map_data(values: pd.Series, boundaries: Boundaries) -> pd.DataFrame:
    table = boundaries.table
    aliases = dict(zip(table["adcode"], table["city_code"], strict=True))  # current codes
    index = pd.Index(values.index).astype(str).str.zfill(6)
    series = pd.Series(np.asarray(values, float), index=index.map(lambda c: aliases.get(c, c)))
    series.name = "value"
    if series.index.duplicated().any():
        raise DataError(
            "city_map values have duplicated city codes: "
            f"{', '.join(sorted(set(series.index[series.index.duplicated()])))}."
        )
    known = set(table["city_code"]) | set(boundaries.without_polygon["city_code"])
    unknown = sorted(set(series.index) - known)
    if unknown:
        shown = ", ".join(unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        raise DataError(
            f"city_map got values for {len(unknown)} city code(s) that are not on the base "
            f"map: {shown}.\nFix: index the values by the dataset's 6-digit city_code "
            "(e.g. 110000 for Beijing, 371200 for Laiwu)."
        )
    data = table[["city_code", "name_zh", "level", "in_dataset"]].assign(drawn=True)
    extra = series.index.difference(table["city_code"])
    names = boundaries.without_polygon.set_index("city_code")["name_zh"]
    extra_rows = pd.DataFrame(
        {
            "city_code": extra,
            "name_zh": names.reindex(extra).to_numpy(),
            "level": "prefecture",
            "in_dataset": True,
            "drawn": False,
        }
    )
    data = pd.concat([data, extra_rows], ignore_index=True)
    data["value"] = series.reindex(data["city_code"]).to_numpy()
    data["status"] = np.select(
        [
            np.isfinite(data["value"].to_numpy(float)),
            data["level"].isin(["province", "sar"]),
            data["city_code"].isin(series.index),  # given, but NaN
        ],
        ["value", "outside_dataset", "no_value"],
        "not_in_sample",  # no value given: outside the sample (e.g. Tibet by default)
    )
    columns = ["city_code", "name_zh", "level", "in_dataset", "value", "drawn", "status"]
    return data[columns]


@dataclass(frozen=True)
class _Style:
    cmap: str
    limits: ColourLimits
    label: str

    def norm(self) -> Normalize:
        return Normalize(self.limits.vmin, self.limits.vmax, clip=True)

    def colours(self, data: pd.DataFrame) -> list:
        colormap, norm = colormaps[self.cmap], self.norm()
        return [
            colormap(norm(value)) if status == "value" else STATUS_COLOURS[status]
            for value, status in zip(data["value"], data["status"], strict=True)
        ]


def _draw_map(
    ax: Axes, data: pd.DataFrame, boundaries: Boundaries, style: _Style, lang: str
) -> None:
    context = load_context_layers()
    layout = map_layout(boundaries, context["taiwan"])
    drawn = data[data["drawn"]].reset_index(drop=True)
    colours = style.colours(drawn)
    _draw_layers(ax, boundaries, context, drawn, colours, layout.main_limits, inset=False)
    _frame(ax, layout.main_limits)
    inset = ax.inset_axes(layout.inset_bounds, transform=ax.transData, zorder=5)
    _draw_layers(inset, boundaries, context, drawn, colours, layout.inset_limits, inset=True)
    _frame(inset, layout.inset_limits)
    inset.text(
        0.96,
        0.03,
        label("south_china_sea", lang),
        transform=inset.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
    )
    for key, (lon, lat) in ISLAND_LABELS.items():
        x, y = albers(np.array(lon), np.array(lat))
        inset.text(float(x), float(y), label(key, lang), fontsize=5, color="#333333")
    _legend(ax, style, drawn, lang)


def _near(xy: np.ndarray, limits: tuple[float, float, float, float]) -> bool:
    low, high = xy.min(axis=0), xy.max(axis=0)
    x0, x1, y0, y1 = limits
    return bool(low[0] <= x1 and high[0] >= x0 and low[1] <= y1 and high[1] >= y0)


def _draw_layers(
    ax: Axes,
    boundaries: Boundaries,
    context: dict[str, MapLayer],
    drawn: pd.DataFrame,
    colours: list,
    limits: tuple[float, float, float, float],
    *,
    inset: bool,
) -> None:
    """Neighbouring land, prefectures, borders, outline and the ten-dash line."""
    scale = 0.6 if inset else 1.0
    land = context["neighbouring_land"]
    ax.add_collection(
        PathCollection(
            [land.path],
            facecolors=NEIGHBOUR_COLOUR,
            edgecolors=NEIGHBOUR_COLOUR,
            linewidths=0.3,
            zorder=0,
        )
    )
    shown = [k for k, p in enumerate(boundaries.paths) if _near(p.vertices, limits)]
    prefectures = PolyCollection(
        [],
        facecolors=[colours[k] for k in shown],
        edgecolors="white",
        linewidths=0.12 * scale,
        zorder=1,
    )
    prefectures.set_verts_and_codes(
        [boundaries.paths[k].vertices for k in shown], [boundaries.paths[k].codes for k in shown]
    )
    ax.add_collection(prefectures)
    unset = [k for k in shown if drawn["status"].iat[k] == "no_value"]
    if unset:
        ax.add_collection(
            PathCollection(
                [boundaries.paths[k] for k in unset],
                facecolors="none",
                edgecolors="#7a7a7a",
                hatch="////",
                linewidths=0,
                zorder=1.5,
            )
        )
    for name, colour, width, z in (
        ("province_borders", BORDER_COLOUR, 0.55, 2),
        ("outline", OUTLINE_COLOUR, 0.5, 3),
        ("ten_dash_line", OUTLINE_COLOUR, 1.3, 3),
    ):
        lines = [xy for xy in context[name].xy if _near(xy, limits)]
        ax.add_collection(
            LineCollection(
                lines, colors=colour, linewidths=width * scale, capstyle="butt", zorder=z
            )
        )


def _frame(ax: Axes, limits: tuple[float, float, float, float]) -> None:
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_linewidth(0.7)


def _legend(ax: Axes, style: _Style, drawn: pd.DataFrame, lang: str) -> None:
    """Colourbar and the no-data swatches, in the map's lower-left corner."""
    cax = ax.inset_axes((0.04, 0.16, 0.26, 0.022))
    bar = ax.figure.colorbar(
        ScalarMappable(norm=style.norm(), cmap=colormaps[style.cmap]),
        cax=cax,
        orientation="horizontal",
        extend=style.limits.extend,
    )
    bar.set_ticks(style.limits.ticks)
    bar.ax.tick_params(labelsize=7, length=2)
    bar.outline.set_linewidth(0.5)
    cax.set_title(style.label, fontsize=8, loc="left", pad=3)
    statuses = set(drawn["status"])
    handles = [
        Patch(
            facecolor=STATUS_COLOURS[s], edgecolor="#7a7a7a", lw=0.3, hatch=h, label=label(s, lang)
        )
        for s, h in (("not_in_sample", None), ("no_value", "////"), ("outside_dataset", None))
        if s in statuses
    ]
    if handles:
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.03, 0.01),
            fontsize=7,
            frameon=False,
            handlelength=1.6,
            handleheight=1.0,
        )


def _source_note(ax: Axes, data_source: str, lang: str) -> None:
    text = label("map_source", lang, data=data_source) + "\n" + label("map_approval", lang)
    ax.text(
        0.0,
        -0.012,
        text,
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=6.5,
        color="#505050",
        linespacing=1.4,
    )
