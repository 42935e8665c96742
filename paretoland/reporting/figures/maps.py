"""Choropleth maps of the prefectures (no geopandas: PolyCollection of compound paths).

The boundaries are ``prefectures_simplified.geojson`` of the dataset folder
(:func:`paretoland.data.dataset.default_data_dir`: the repository's ``data/`` or the
installed package's ``paretoland/_data``), built by :mod:`paretoland.data.build.boundaries`
from the 2020 census polygons (leiii/census, MIT, © 2022 Lei Dong). Maps use an Albers
equal-area conic projection (standard parallels 25° N and 47° N, central meridian
105° E), with the South China Sea islands in an inset.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from paretoland.data.dataset import default_data_dir
from paretoland.exceptions import DataError
from paretoland.reporting.figures.fonts import font_context, resolve_language
from paretoland.reporting.figures.labels import label
from paretoland.reporting.figures.save import finish

__all__ = ["BOUNDARIES_FILE", "Boundaries", "albers", "city_map", "load_boundaries"]

BOUNDARIES_FILE = "prefectures_simplified.geojson"
NO_DATA_COLOUR = "#dcdcdc"
_EARTH_RADIUS_KM = 6371.0
_MAIN_MIN_LAT = 17.5  # the main map stops below Hainan; further south goes to the inset
_INSET_BOX = (105.5, 123.0, 3.0, 24.5)  # lon min, lon max, lat min, lat max


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


@dataclass(frozen=True, eq=False)
class Boundaries:
    """Prefecture polygons, projected.

    Attributes
    ----------
    table : DataFrame
        One row per polygon feature: ``city_code`` (the dataset's code, or the census
        code outside the dataset), ``census_code``, ``name_zh``, ``province_code``,
        ``in_dataset``.
    paths : list of matplotlib Path
        One compound path per feature (all parts and holes), Albers km.
    main_extent : tuple of float
        x min, x max, y min, y max (Albers km) of the vertices north of 17.5° N: the
        main map; the South China Sea islands further south go to the inset.
    borders : ndarray(float, shape=(n, 2, 2))
        Province borders and the coast, as segments in Albers km.
    without_polygon : DataFrame
        Dataset cities with no polygon of their own (``city_code``, ``name_zh``,
        ``name_pinyin``, ``drawn_within``): Laiwu, merged into Jinan in 2019.
    """

    table: pd.DataFrame
    paths: list
    main_extent: tuple[float, float, float, float]
    borders: np.ndarray
    without_polygon: pd.DataFrame


def _parts(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _compound(geometry: dict) -> tuple[MplPath, np.ndarray]:
    """Project a feature into one compound path; also return its vertices north of 17.5° N."""
    rings = [np.asarray(ring, float) for polygon in _parts(geometry) for ring in polygon]
    lonlat = np.concatenate(rings)
    codes = np.concatenate(
        [
            np.r_[MplPath.MOVETO, np.full(len(r) - 2, MplPath.LINETO), MplPath.CLOSEPOLY].astype(
                MplPath.code_type
            )
            for r in rings
        ]
    )
    x, y = albers(lonlat[:, 0], lonlat[:, 1])
    xy = np.column_stack([x, y])
    return MplPath(xy, codes), xy[lonlat[:, 1] >= _MAIN_MIN_LAT]


def _borders(features: list[dict]) -> np.ndarray:
    """Segments whose two sides lie in different provinces, or that have one side (coast)."""
    starts, ends, provinces = [], [], []
    for feature in features:
        for polygon in _parts(feature["geometry"]):
            for ring in polygon:
                ring = np.asarray(ring, float)
                starts.append(ring[:-1])
                ends.append(ring[1:])
                province = int(feature["properties"]["province_code"])
                provinces.append(np.full(len(ring) - 1, province))
    a, b = np.concatenate(starts), np.concatenate(ends)
    ka = np.round(a * 1000).astype(np.int64) @ np.array([10**7, 1])
    kb = np.round(b * 1000).astype(np.int64) @ np.array([10**7, 1])
    segments = pd.DataFrame(
        {"lo": np.minimum(ka, kb), "hi": np.maximum(ka, kb), "province": np.concatenate(provinces)}
    )
    grouped = segments.groupby(["lo", "hi"])["province"]
    keep_key = (grouped.transform("nunique") > 1) | (grouped.transform("size") == 1)
    first = ~segments.duplicated(["lo", "hi"])
    chosen = (keep_key & first).to_numpy()
    x0, y0 = albers(a[chosen, 0], a[chosen, 1])
    x1, y1 = albers(b[chosen, 0], b[chosen, 1])
    return np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Boundaries:
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    features = collection["features"]
    table = pd.DataFrame([f["properties"] for f in features])
    table = table[["city_code", "census_code", "name_zh", "province_code", "in_dataset"]]
    compound = [_compound(f["geometry"]) for f in features]
    missing = pd.DataFrame(
        collection.get("dataset_cities_without_polygon", []),
        columns=["city_code", "name_zh", "name_pinyin", "drawn_within"],
    )
    north = np.concatenate([xy for _, xy in compound])
    extent = (
        *(float(f(north[:, 0])) for f in (np.min, np.max)),
        *(float(f(north[:, 1])) for f in (np.min, np.max)),
    )
    return Boundaries(
        table=table,
        paths=[p for p, _ in compound],
        main_extent=extent,
        borders=_borders(features),
        without_polygon=missing,
    )


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """Load the prefecture polygons (cached).

    Parameters
    ----------
    path : str or Path, optional
        A GeoJSON written by :func:`paretoland.data.build.boundaries.build_boundaries`.
        Default: ``prefectures_simplified.geojson`` in :func:`default_data_dir`.
    """
    path = Path(path) if path is not None else default_data_dir() / BOUNDARIES_FILE
    if not path.is_file():
        raise DataError(
            f"no boundary file at {path}.\nFix: build it with `python -m "
            "paretoland.data.build.boundaries --raw ../shared/data/raw`."
        )
    return _load(str(path.resolve()))


def city_map(
    values: pd.Series,
    *,
    title: str,
    cmap: str = "RdBu",
    center: float = 0.0,
    unit: str | None = None,
    limit: float | None = None,
    lang: str = "en",
    boundaries: Boundaries | None = None,
) -> Figure:
    """Draw a choropleth of one value per city, on a diverging scale centred on ``center``.

    Parameters
    ----------
    values : Series
        Indexed by ``city_code`` (6-digit, the dataset's codes).
    title : str
    cmap : str
        A matplotlib colormap; diverging by default (blue above ``center``).
    center : float
        The value at the middle colour; the scale is symmetric around it.
    unit : str, optional
        Colourbar label, e.g. ``"GDP, % change"``; default ``values.name``.
    limit : float, optional
        Half-width of the colour scale: it runs from ``center - limit`` to
        ``center + limit`` and values beyond take the end colours (the colourbar gets
        arrows). Default: the largest ``|value - center|``.
    lang : {"en", "zh"}
    boundaries : Boundaries, optional
        Default :func:`load_boundaries`.

    Returns
    -------
    Figure
        The map, an inset of the South China Sea islands and a colourbar.
        Prefectures without a value are light grey. ``fig.paretoland_data`` has one
        row per polygon and per value: ``city_code``, ``name_zh``, ``in_dataset``,
        ``value``, ``drawn`` (False for values with no polygon, e.g. Laiwu).
    """
    lang, fonts = resolve_language(lang)
    boundaries = boundaries or load_boundaries()
    data = _map_data(values, boundaries)
    scale = _Scale(cmap, center, limit)
    with font_context(fonts):
        fig = _draw_map(data, boundaries, title, scale, unit or values.name, lang)
    return finish(fig, data, lang, fonts)


def _map_data(values: pd.Series, boundaries: Boundaries) -> pd.DataFrame:
    series = pd.Series(
        np.asarray(values, float),
        index=pd.Index(values.index).astype(str).str.zfill(6),
        name="value",
    )
    if series.index.duplicated().any():
        raise DataError(
            "city_map values have duplicated city codes: "
            f"{', '.join(sorted(set(series.index[series.index.duplicated()])))}."
        )
    table = boundaries.table[["city_code", "name_zh", "in_dataset"]].assign(drawn=True)
    extra = series.index.difference(table["city_code"])
    names = boundaries.without_polygon.set_index("city_code")["name_zh"]
    extra_rows = pd.DataFrame(
        {
            "city_code": extra,
            "name_zh": names.reindex(extra).to_numpy(),
            "in_dataset": True,
            "drawn": False,
        }
    )
    data = pd.concat([table, extra_rows], ignore_index=True)
    data["value"] = series.reindex(data["city_code"]).to_numpy()
    return data[["city_code", "name_zh", "in_dataset", "value", "drawn"]]


@dataclass(frozen=True)
class _Scale:
    cmap: str
    center: float
    limit: float | None

    def norm(self, values: np.ndarray) -> tuple[Normalize, str]:
        """Return the symmetric normalisation, and the colourbar's ``extend``."""
        finite = values[np.isfinite(values)]
        largest = float(np.max(np.abs(finite - self.center))) if finite.size else 0.0
        half = self.limit if self.limit is not None else largest
        half = half if half > 0 else 1.0
        extend = "both" if largest > half else "neither"
        return Normalize(self.center - half, self.center + half, clip=True), extend


def _draw_map(
    data: pd.DataFrame,
    boundaries: Boundaries,
    title: str,
    scale: _Scale,
    unit: str | None,
    lang: str,
) -> Figure:
    values = data.loc[data["drawn"], "value"].to_numpy(float)
    norm, extend = scale.norm(values)
    colormap = colormaps[scale.cmap]
    colours = [colormap(norm(v)) if np.isfinite(v) else NO_DATA_COLOUR for v in values]
    fig = Figure(figsize=(9.0, 7.2), dpi=150, layout="constrained")
    ax = fig.add_subplot()
    _draw_polygons(ax, boundaries, colours)
    inset = ax.inset_axes((0.83, 0.0, 0.17, 0.27))
    _draw_polygons(inset, boundaries, colours, inset=True)
    inset.set_title(label("south_china_sea", lang), fontsize=6, pad=2)
    fig.colorbar(
        ScalarMappable(norm=norm, cmap=colormap),
        ax=ax,
        shrink=0.6,
        pad=0.01,
        label=unit or "",
        extend=extend,
    )
    ax.legend(
        handles=[
            Patch(facecolor=NO_DATA_COLOUR, edgecolor="grey", lw=0.3, label=label("no_data", lang))
        ],
        loc="lower left",
        fontsize=8,
        frameon=False,
    )
    ax.set_title(title)
    missing = data.loc[~data["drawn"] & data["value"].notna(), "city_code"]
    if len(missing):
        known = boundaries.without_polygon.set_index("city_code")[
            "name_zh" if lang == "zh" else "name_pinyin"
        ]
        names = ", ".join(
            f"{known[c]} ({c})" if isinstance(known.get(c), str) else str(c) for c in missing
        )
        fig.text(0.01, 0.01, label("not_drawn", lang, names=names), fontsize=7, color="dimgrey")
    return fig


def _inset_extent() -> tuple[float, float, float, float]:
    lon, lat = np.meshgrid(
        np.linspace(_INSET_BOX[0], _INSET_BOX[1], 20), np.linspace(_INSET_BOX[2], _INSET_BOX[3], 20)
    )
    x, y = albers(lon, lat)
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def _within(vertices: np.ndarray, extent: tuple[float, float, float, float]) -> bool:
    """Whether a vertex array's bounding box meets ``extent``."""
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    return bool(
        low[0] <= extent[1]
        and high[0] >= extent[0]
        and low[1] <= extent[3]
        and high[1] >= extent[2]
    )


def _draw_polygons(ax: Axes, boundaries: Boundaries, colours: list, *, inset: bool = False) -> None:
    """Fill the prefectures, draw province borders and the coast, frame the extent."""
    extent = _inset_extent() if inset else boundaries.main_extent
    shown = [k for k, p in enumerate(boundaries.paths) if _within(p.vertices, extent)]
    collection = PolyCollection(
        [],
        facecolors=[colours[k] for k in shown],
        edgecolors="white",
        linewidths=0.05 if inset else 0.15,
    )
    collection.set_verts_and_codes(
        [boundaries.paths[k].vertices for k in shown], [boundaries.paths[k].codes for k in shown]
    )
    ax.add_collection(collection)
    borders = boundaries.borders
    low, high = borders.min(axis=1), borders.max(axis=1)
    near = (
        (low[:, 0] <= extent[1])
        & (high[:, 0] >= extent[0])
        & (low[:, 1] <= extent[3])
        & (high[:, 1] >= extent[2])
    )
    ax.add_collection(
        LineCollection(borders[near], colors="#4d4d4d", linewidths=0.25 if inset else 0.45)
    )
    if inset:
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_linewidth(0.6)
    else:
        ax.set_axis_off()
    pad = 0.02 * (extent[1] - extent[0])
    ax.set_xlim(extent[0] - pad, extent[1] + pad)
    ax.set_ylim(extent[2] - pad, extent[3] + pad)
    ax.set_aspect("equal")
