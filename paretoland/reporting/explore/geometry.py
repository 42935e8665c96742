"""The explorer's base map: the printed maps' base map as SVG path data.

:func:`base_map` is the only place the explorer reads boundaries. It takes the layers
of :mod:`paretoland.reporting.figures.basemap` (the prefectures on the dataset's 2017
codes; Taiwan Province, Hong Kong and Macau; province borders and China's outline; the
South China Sea islands; the ten-dash line; the neighbouring countries' land) and lays
them out as :func:`~paretoland.reporting.figures.basemap.map_layout` does for the
printed maps: Albers equal-area km, SVG y growing downwards, the main map ending below
Hainan, and the South China Sea islands with the ten-dash line in an inset at the lower
right, clear of Taiwan. Colours, the legend's no-data reasons, the island-group names,
the source line and the 审图号 note are those of
:func:`paretoland.reporting.figures.maps.city_map`, in the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from paretoland.reporting.figures.basemap import (
    ISLAND_LABELS,
    MapLayout,
    albers,
    load_boundaries,
    load_context_layers,
    map_layout,
)
from paretoland.reporting.figures.labels import label
from paretoland.reporting.figures.maps import (
    BORDER_COLOUR,
    NEIGHBOUR_COLOUR,
    OUTLINE_COLOUR,
    STATUS_COLOURS,
)

__all__ = ["LINE_LAYERS", "BaseMap", "base_map", "line_data", "path_data"]

ISLAND_DIGITS = 1
"""Decimals (of km) of the South China Sea islands, most of them far below 1 km."""
LINE_LAYERS = ("province_borders", "outline", "ten_dash_line")
"""The line layers of :attr:`BaseMap.lines`, drawn in this order over the polygons."""
_TITLE_AT = (0.96, 0.05)  # the inset's title: right end, share of its width and height


@dataclass(frozen=True)
class BaseMap:
    """A base map as SVG path data, in km (y grows downwards).

    Attributes
    ----------
    cities : dict of str to str
        Path data per dataset city code (the polygons the page colours).
    areas : list of tuple of (str, str, str)
        The other polygons: city code, why they have no value (``not_in_sample``:
        prefecture-level units outside the 2017 sample; ``outside_dataset``: Taiwan
        Province, Hong Kong, Macau) and path data.
    neighbouring_land : str
        The neighbouring countries' land near the map (a pale fill, no outline).
    islands : str
        The South China Sea islands, to one decimal of a km so that reefs stay visible.
    lines : dict of str to str
        Path data of :data:`LINE_LAYERS`: province borders, China's outline, the
        ten-dash line.
    main_box : tuple of float
        The main map's viewBox: x, y, width, height.
    inset_box : tuple of float
        The viewBox shown inside the South China Sea inset (the same coordinates).
    inset_at : tuple of float
        Where the inset sits on the main map: x, y, width, height (main map units).
    labels : list of tuple of (float, float, str, str)
        Texts on the map: x, y (main map units, left or right end at the baseline),
        text and kind (``inset-title``, anchored at its right end, or ``island-group``).
    legend : dict of str to str
        The reason of each no-data status (``not_in_sample``, ``outside_dataset``,
        ``no_value``), as the printed maps' legend words it.
    colours : dict of str to str
        Fills of the statuses and of ``neighbouring_land``, strokes of the line layers.
    source : list of str
        The source line and the note that publication needs the base map's 审图号.
    drawn_within : dict of str to str
        Dataset cities without a polygon of their own -> the city code they are drawn
        within (none for the shipped base map).
    """

    cities: dict[str, str]
    areas: list[tuple[str, str, str]]
    neighbouring_land: str
    islands: str
    lines: dict[str, str]
    main_box: tuple[float, float, float, float]
    inset_box: tuple[float, float, float, float]
    inset_at: tuple[float, float, float, float]
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)
    source: list[str] = field(default_factory=list)
    drawn_within: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Return the base map as JSON-ready data for the page."""
        data = asdict(self)
        for key in ("areas", "labels", "main_box", "inset_box", "inset_at"):
            data[key] = [list(item) if isinstance(item, tuple) else item for item in data[key]]
        return data


def base_map(lang: str = "en", codes: Iterable[str] | None = None) -> BaseMap:
    """Return the base map the explorer draws, with its texts in ``lang`` (en or zh).

    Parameters
    ----------
    lang : {"en", "zh"}
    codes : iterable of str, optional
        The city codes of the run's dataset (the 2017 codes, or today's as
        :func:`~paretoland.reporting.figures.maps.city_map` accepts them): their
        polygons are the ones the page colours, keyed by these codes, and the other
        prefectures are "not in the sample" (e.g. Tibet, out of the default sample).
        Default: the base map's dataset cities.
    """
    boundaries = load_boundaries()
    sample = None if codes is None else _sample_keys(boundaries.table, codes)
    context = load_context_layers()
    layout = map_layout(boundaries, context["taiwan"])
    cities: dict[str, str] = {}
    areas: list[tuple[str, str, str]] = []
    for row, path in zip(boundaries.table.itertuples(index=False), boundaries.paths, strict=True):
        data = path_data(path)
        if not data:
            continue
        code = str(row.city_code)
        if row.in_dataset if sample is None else code in sample:
            cities[code if sample is None else sample[code]] = data
        else:
            status = "outside_dataset" if row.level in ("province", "sar") else "not_in_sample"
            areas.append((code, status, data))
    land = [ring for ring in context["neighbouring_land"].xy if _shown(ring, layout)]
    within = boundaries.without_polygon
    return BaseMap(
        cities=cities,
        areas=areas,
        neighbouring_land="".join(_ring_data(ring, 0, closed=True) for ring in land),
        islands="".join(
            _ring_data(ring, ISLAND_DIGITS, closed=True)
            for ring in context["south_china_sea_islands"].xy
        ),
        lines={name: line_data(context[name].xy) for name in LINE_LAYERS},
        main_box=_box(layout.main_limits),
        inset_box=_box(layout.inset_limits),
        inset_at=_inset_at(layout),
        labels=_labels(layout, lang),
        legend={s: label(s, lang) for s in ("not_in_sample", "outside_dataset", "no_value")},
        colours={
            **STATUS_COLOURS,
            "neighbouring_land": NEIGHBOUR_COLOUR,
            "province_borders": BORDER_COLOUR,
            "outline": OUTLINE_COLOUR,
            "ten_dash_line": OUTLINE_COLOUR,
        },
        source=[
            label("map_source", lang, data=label("map_data", lang)),
            label("map_approval", lang),
        ],
        drawn_within=dict(
            zip(within["city_code"].astype(str), within["drawn_within"].astype(str), strict=True)
        ),
    )


def _sample_keys(table: pd.DataFrame, codes: Iterable[str]) -> dict[str, str]:
    """Map the base map's city codes to the sample's, which may be today's codes.

    A code of the sample is the base map's ``city_code`` or, as in :func:`city_map`,
    today's ``adcode`` (e.g. 110100 for Beijing's 110000).
    """
    aliases = dict(zip(table["adcode"].astype(str), table["city_code"].astype(str), strict=True))
    return {aliases.get(code, code): code for code in map(str, codes)}


def _box(limits: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return the SVG viewBox (x, y, width, height) of Albers limits (x0, x1, y0, y1)."""
    x0, x1, y0, y1 = limits
    return (round(x0, 1), round(-y1, 1), round(x1 - x0, 1), round(y1 - y0, 1))


def _inset_at(layout: MapLayout) -> tuple[float, float, float, float]:
    x, y, width, height = layout.inset_bounds
    return (round(x, 1), round(-(y + height), 1), round(width, 1), round(height, 1))


def _shown(xy: np.ndarray, layout: MapLayout) -> bool:
    """Return whether a ring reaches into the main map or the inset."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    return any(
        low[0] <= x1 and high[0] >= x0 and low[1] <= y1 and high[1] >= y0
        for x0, x1, y0, y1 in (layout.main_limits, layout.inset_limits)
    )


def _labels(layout: MapLayout, lang: str) -> list[tuple[float, float, str, str]]:
    """Return the inset's title and the island groups' names, placed on the main map."""
    ix0, ix1, _, iy1 = layout.inset_limits
    x, y, width, height = _inset_at(layout)
    scale = width / (ix1 - ix0)
    labels = [
        (
            round(x + _TITLE_AT[0] * width, 1),
            round(y + (1 - _TITLE_AT[1]) * height, 1),
            label("south_china_sea", lang),
            "inset-title",
        )
    ]
    for key, (lon, lat) in ISLAND_LABELS.items():
        ax, ay = albers(np.array(lon), np.array(lat))
        labels.append(
            (
                round(x + (float(ax) - ix0) * scale, 1),
                round(y + (iy1 - float(ay)) * scale, 1),
                label(key, lang),
                "island-group",
            )
        )
    return labels


def path_data(path: MplPath, digits: int = 0) -> str:
    """Return the SVG path data of a compound path (km, y flipped), rounded to ``digits``.

    Rings that collapse to fewer than three distinct vertices are dropped.
    """
    vertices = np.asarray(path.vertices, float)
    codes = (
        np.r_[MplPath.MOVETO, np.full(len(vertices) - 1, MplPath.LINETO)]  # one open ring
        if path.codes is None
        else np.asarray(path.codes)
    )
    rings: list[list[np.ndarray]] = []
    ring: list[np.ndarray] = []
    for vertex, code in zip(vertices, codes, strict=True):
        if code == MplPath.MOVETO and ring:
            rings.append(ring)
            ring = []
        if code != MplPath.CLOSEPOLY:
            ring.append(vertex)
    if ring:
        rings.append(ring)
    return "".join(_ring_data(np.asarray(r), digits, closed=True) for r in rings)


def line_data(lines: Iterable[np.ndarray], digits: int = 0) -> str:
    """Return the SVG path data of polylines (each (n, 2), Albers km), rounded to ``digits``.

    Polylines that collapse to one point are dropped.
    """
    return "".join(_ring_data(np.asarray(line), digits, closed=False) for line in lines)


def _ring_data(ring: np.ndarray, digits: int, *, closed: bool) -> str:
    """Return the path data of a ring or polyline: an absolute move, then relative steps."""
    scale = 10**digits
    points = np.round(np.column_stack([ring[:, 0], -ring[:, 1]]) * scale).astype(np.int64)
    keep = np.r_[True, np.any(np.diff(points, axis=0) != 0, axis=1)]
    points = points[keep]
    if len(np.unique(points, axis=0)) < (3 if closed else 2):
        return ""
    steps = np.diff(points, axis=0)
    body = " ".join(f"{_number(dx, digits)} {_number(dy, digits)}" for dx, dy in steps)
    start = f"M{_number(points[0, 0], digits)} {_number(points[0, 1], digits)}"
    return f"{start}l{body}" + ("z" if closed else "")


def _number(value: int, digits: int) -> str:
    """Write an integer count of 10**-digits km as km, without needless characters."""
    if digits == 0:
        return str(value)
    text = f"{abs(value) / 10**digits:.{digits}f}".rstrip("0").rstrip(".")
    text = text[1:] if text.startswith("0.") else text
    return ("-" if value < 0 else "") + text
