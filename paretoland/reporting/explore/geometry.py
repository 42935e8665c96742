"""The explorer's base map: prefecture outlines as SVG path data.

:func:`base_map` is the only place the explorer reads boundaries. It projects the
prefectures of :func:`paretoland.reporting.figures.maps.load_boundaries` (Albers
equal-area, km) into SVG coordinates (y down), one path per prefecture, plus the
province borders and the coast, a main frame and an inset frame for the South China
Sea islands. Another base map (e.g. one with Taiwan and the ten-dash line) is wired in
by changing :func:`base_map` alone: the page draws whatever :class:`BaseMap` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.path import Path as MplPath

from paretoland.reporting.figures.maps import _inset_extent, load_boundaries

__all__ = ["BaseMap", "base_map"]

_GRID_KM = 1.0  # coordinates are rounded to whole km: ~1/5 pixel on the page
_INSET_WIDTH = 0.17  # share of the main map's width


@dataclass(frozen=True)
class BaseMap:
    """A base map as SVG path data, in km (y grows downwards).

    Attributes
    ----------
    cities : dict of str to str
        Path data per dataset city code (the polygons the page colours).
    others : list of str
        Path data of the polygons outside the dataset (drawn as "no data").
    borders : str
        Province borders and the coast.
    lines : list of tuple of (str, str)
        Further line features as (path data, CSS class), e.g. a boundary line.
    main_box : tuple of float
        The main map's viewBox: x, y, width, height.
    inset_box : tuple of float or None
        The inset's viewBox (the same coordinates), drawn in the main map's lower right.
    drawn_within : dict of str to str
        Dataset cities without a polygon of their own -> the city code they are drawn
        within (e.g. Laiwu in Jinan).
    source : dict of str to str
        Where the boundaries come from, by language (shown under the map).
    """

    cities: dict[str, str]
    others: list[str]
    borders: str
    main_box: tuple[float, float, float, float]
    inset_box: tuple[float, float, float, float] | None
    lines: list[tuple[str, str]] = field(default_factory=list)
    drawn_within: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Return the base map as JSON-ready data for the page."""
        return {
            "cities": self.cities,
            "others": self.others,
            "borders": self.borders,
            "lines": [list(item) for item in self.lines],
            "main_box": list(self.main_box),
            "inset_box": None if self.inset_box is None else list(self.inset_box),
            "drawn_within": self.drawn_within,
            "source": self.source,
        }


def base_map() -> BaseMap:
    """Return the prefecture base map the explorer draws (see the module docstring)."""
    boundaries = load_boundaries()
    table = boundaries.table
    cities: dict[str, str] = {}
    others: list[str] = []
    for row, path in zip(table.itertuples(index=False), boundaries.paths, strict=True):
        data = path_data(path)
        if not data:
            continue
        if row.in_dataset:
            cities[str(row.city_code)] = data
        else:
            others.append(data)
    x0, x1, y0, y1 = boundaries.main_extent
    pad = 0.02 * (x1 - x0)
    main = (x0 - pad, -y1 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
    ix0, ix1, iy0, iy1 = _inset_extent()
    return BaseMap(
        cities=cities,
        others=others,
        borders=_segments_data(boundaries.borders),
        main_box=tuple(round(v, 1) for v in main),  # type: ignore[arg-type]
        inset_box=(round(ix0, 1), round(-iy1, 1), round(ix1 - ix0, 1), round(iy1 - iy0, 1)),
        drawn_within={
            str(code): str(within)
            for code, within in zip(
                boundaries.without_polygon["city_code"],
                boundaries.without_polygon["drawn_within"],
                strict=True,
            )
        },
        source={
            "en": "2020 census prefecture polygons (leiii/census, MIT, © 2022 Lei Dong), "
            "simplified",
            "zh": "2020年人口普查地级行政区边界（leiii/census，MIT 许可，© 2022 Lei Dong），已简化",
        },
    )


def path_data(path: MplPath) -> str:
    """SVG path data of a compound matplotlib path (km, y flipped), rounded to whole km.

    Rings that collapse to fewer than three distinct vertices are dropped.
    """
    codes = path.codes
    if codes is None:  # one open ring
        codes = np.r_[MplPath.MOVETO, np.full(len(path.vertices) - 1, MplPath.LINETO)]
    rings, ring = [], []
    for vertex, code in zip(path.vertices, codes, strict=True):
        if code == MplPath.MOVETO and ring:
            rings.append(ring)
            ring = []
        if code != MplPath.CLOSEPOLY:
            ring.append(vertex)
    if ring:
        rings.append(ring)
    parts = [_ring_data(np.asarray(r)) for r in rings]
    return "".join(p for p in parts if p)


def _ring_data(ring: np.ndarray) -> str:
    points = np.round(np.column_stack([ring[:, 0], -ring[:, 1]]) / _GRID_KM).astype(np.int64)
    keep = np.r_[True, np.any(np.diff(points, axis=0) != 0, axis=1)]
    points = points[keep]
    if len(np.unique(points, axis=0)) < 3:
        return ""
    steps = np.diff(points, axis=0)
    body = " ".join(f"{dx} {dy}" for dx, dy in steps)
    return f"M{points[0, 0]} {points[0, 1]}l{body}z"


def _segments_data(segments: np.ndarray) -> str:
    """Path data of line segments (shape (s, 2, 2), Albers km), chaining touching ones."""
    if len(segments) == 0:
        return ""
    ends = np.round(np.stack([segments[..., 0], -segments[..., 1]], axis=-1) / _GRID_KM)
    ends = ends.astype(np.int64)
    parts: list[str] = []
    previous = None
    for start, end in ends:
        if (end == start).all():
            continue
        if previous is None or (start != previous).any():
            parts.append(f"M{start[0]} {start[1]}")
        parts.append(f"L{end[0]} {end[1]}")
        previous = end
    return "".join(parts)
