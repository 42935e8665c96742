"""Simplified prefecture boundaries for maps (``data/prefectures_simplified.geojson``).

:func:`build_boundaries` reads the 2020 prefecture polygons of the census file (A4,
``leiii/census``, MIT, © 2022 Lei Dong; WKT in degrees), matches them to the
dataset's city codes (:data:`~paretoland.data.build.names.CSMAR_TO_CENSUS`), simplifies
them and writes a GeoJSON FeatureCollection with one feature per census unit, so that
the map has no holes: units outside the dataset (Hainan's county-level units,
Xinjiang's corps cities, Hong Kong, Macau...) are kept with ``in_dataset: false``.

The simplification keeps the polygons a tiling: shared borders are cut into arcs at
the vertices where the set of neighbouring rings changes (as TopoJSON does), every arc
is simplified once by Douglas–Peucker, and both neighbours get the same simplified
arc, so no slivers or gaps open between prefectures. Coordinates are then rounded
to :data:`DECIMALS` decimals. Numpy only, deterministic.

Run it with ``python -m paretoland.data.build.boundaries --raw ../shared/data/raw``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.build import raw
from paretoland.data.build.geo import _rings as parse_wkt
from paretoland.data.build.names import CSMAR_TO_CENSUS, JINAN, LAIWU
from paretoland.data.schema import CITIES_FILE
from paretoland.exceptions import DataError

__all__ = [
    "BOUNDARIES_FILE",
    "DECIMALS",
    "DEFAULT_TOLERANCE_DEG",
    "build_boundaries",
    "simplify_rings",
    "douglas_peucker",
]

BOUNDARIES_FILE = "prefectures_simplified.geojson"
DEFAULT_TOLERANCE_DEG = 0.01
"""Douglas–Peucker tolerance in degrees (about 1 km)."""
DECIMALS = 3
"""Decimals of the written coordinates (about 100 m)."""
MIN_PART_AREA_DEG2 = 1e-4
"""Islands (polygon parts other than a unit's largest) smaller than this are dropped (≈1 km²)."""
SOURCE = (
    "leiii/census, data/census/census_city_2010-2020_v1.csv @ 6951cc46 (column coord), "
    "simplified by paretoland.data.build.boundaries"
)
LICENCE = (
    "MIT License. Copyright (c) 2022 Lei Dong. Permission is hereby granted, free of charge, "
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


# ------------------------------------------------------------------ simplification
def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Return the indices of the vertices of an open chain kept by Douglas–Peucker.

    Parameters
    ----------
    points : ndarray(float, shape=(n, 2))
        The chain; both ends are always kept.
    tolerance : float
        Largest distance (same units as ``points``) of a dropped vertex from the
        simplified chain's segment.

    Returns
    -------
    ndarray(int)
        Sorted indices into ``points``.
    """
    n = len(points)
    keep = np.zeros(n, bool)
    keep[[0, n - 1]] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        inner = points[first + 1 : last]
        distance = _segment_distance(inner, points[first], points[last])
        k = int(np.argmax(distance))
        if distance[k] > tolerance:
            split = first + 1 + k
            keep[split] = True
            stack += [(first, split), (split, last)]
    return np.flatnonzero(keep)


def _segment_distance(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of each point from the segment ``a``–``b``."""
    ab = b - a
    length2 = float(ab @ ab)
    if length2 == 0.0:
        return np.hypot(*(points - a).T)
    t = np.clip((points - a) @ ab / length2, 0.0, 1.0)
    return np.hypot(*(points - a - t[:, None] * ab).T)


def _keys(points: np.ndarray) -> np.ndarray:
    """Return an exact int64 key per vertex (coordinates have at most 6 decimals)."""
    scaled = np.round(points * 1e6).astype(np.int64)
    return scaled[:, 0] * 1_000_000_000 + scaled[:, 1]


def _junction_keys(rings: list[np.ndarray]) -> set[int]:
    """Vertices where the set of rings sharing the boundary changes (arc ends)."""
    keys = [_keys(r[:-1]) for r in rings]
    frame = pd.DataFrame(
        {
            "key": np.concatenate(keys),
            "ring": np.repeat(np.arange(len(rings)), [len(k) for k in keys]),
        }
    )
    signature = (
        frame.drop_duplicates()
        .sort_values(["key", "ring"])
        .groupby("key")["ring"]
        .agg(lambda s: hash(tuple(s)))
    )
    junctions: set[int] = set(frame.loc[frame.duplicated(), "key"])  # pinch points
    for ring_keys in keys:
        own = signature.loc[ring_keys].to_numpy()
        changed = (own != np.roll(own, 1)) | (own != np.roll(own, -1))
        junctions.update(ring_keys[changed].tolist())
    return junctions


def _simplify_arc(arc: np.ndarray, tolerance: float, cache: dict) -> np.ndarray:
    """Simplify an arc the same way whichever direction it is walked in."""
    keys = _keys(arc)
    reverse = (keys[0], keys[-1] if len(keys) < 3 else keys[1]) > (
        keys[-1],
        keys[0] if len(keys) < 3 else keys[-2],
    )
    canonical = arc[::-1] if reverse else arc
    token = (keys[::-1] if reverse else keys).tobytes()
    if token not in cache:
        cache[token] = canonical[douglas_peucker(canonical, tolerance)]
    simplified = cache[token]
    return simplified[::-1] if reverse else simplified


def _simplify_ring(
    ring: np.ndarray, junctions: set[int], tolerance: float, cache: dict
) -> np.ndarray:
    """Simplify one closed ring (first vertex repeated last), arc by arc."""
    open_ring = ring[:-1]
    keys = _keys(open_ring)
    cuts = np.flatnonzero([k in junctions for k in keys.tolist()])
    if len(cuts) < 2:  # an island or an enclave: cut at its lowest key and farthest vertex
        start = int(np.argmin(keys)) if len(cuts) == 0 else int(cuts[0])
        rolled = np.roll(open_ring, -start, axis=0)
        far = int(np.argmax(np.hypot(*(rolled - rolled[0]).T)))
        cuts = np.array([0, far]) if far > 0 else np.array([0])
        open_ring, keys = rolled, np.roll(keys, -start)
    parts = []
    bounds = [*cuts.tolist(), cuts[0] + len(open_ring)]
    looped = np.concatenate([open_ring, open_ring])
    for first, last in zip(bounds[:-1], bounds[1:], strict=True):
        arc = _simplify_arc(looped[first : last + 1], tolerance, cache)
        parts.append(arc[:-1])
    return np.concatenate([*parts, parts[0][:1]])


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _clean(ring: np.ndarray, exterior: bool) -> np.ndarray | None:
    """Round, drop repeated vertices, orient (RFC 7946); None if the ring collapsed."""
    ring = np.round(ring, DECIMALS)
    same = np.all(ring[1:] == ring[:-1], axis=1)
    ring = np.concatenate([ring[:1], ring[1:][~same]])
    if len(ring) < 4 or _signed_area(ring) == 0.0:
        return None
    if (_signed_area(ring) > 0) != exterior:  # exteriors counter-clockwise, holes clockwise
        ring = ring[::-1]
    return ring


def simplify_rings(
    units: list[list[list[np.ndarray]]], tolerance: float
) -> list[list[list[np.ndarray]]]:
    """Simplify a tiling of polygons without opening gaps between neighbours.

    Parameters
    ----------
    units : list
        One entry per unit: its polygons, each a list of closed rings (exterior first,
        then holes), each an ndarray(float, shape=(n, 2)) of lon, lat in degrees.
    tolerance : float
        Douglas–Peucker tolerance (degrees).

    Returns
    -------
    list
        The same nesting, simplified, rounded to :data:`DECIMALS`, oriented as RFC 7946
        asks. Collapsed holes and islands smaller than :data:`MIN_PART_AREA_DEG2` are
        dropped; a unit always keeps its largest part.
    """
    flat = [ring for unit in units for polygon in unit for ring in polygon]
    junctions = _junction_keys(flat)
    cache: dict = {}
    out = []
    for unit in units:
        polygons = []
        for polygon in unit:
            rings = [
                _clean(_simplify_ring(r, junctions, tolerance, cache), k == 0)
                for k, r in enumerate(polygon)
            ]
            if rings[0] is not None:
                polygons.append([rings[0], *[r for r in rings[1:] if r is not None]])
        if not polygons:  # everything collapsed: keep the raw largest part, rounded
            largest = max(unit, key=lambda p: abs(_signed_area(p[0])))
            polygons = [[_clean(largest[0], True)]]
        areas = [abs(_signed_area(p[0])) for p in polygons]
        biggest = int(np.argmax(areas))
        out.append(
            [p for k, p in enumerate(polygons) if k == biggest or areas[k] >= MIN_PART_AREA_DEG2]
        )
    return out


# ------------------------------------------------------------------ the file
def _dataset_codes(cities: pd.DataFrame) -> dict[str, str]:
    """Census code → dataset city code, for the dataset's cities."""
    return {CSMAR_TO_CENSUS.get(code, code): code for code in cities["city_code"]}


def _geometry(polygons: list[list[np.ndarray]]) -> dict:
    coords = [[ring.tolist() for ring in polygon] for polygon in polygons]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def build_boundaries(
    raw_dir: str | Path, out_dir: str | Path, *, tolerance: float = DEFAULT_TOLERANCE_DEG
) -> str:
    """Write ``prefectures_simplified.geojson`` into ``out_dir`` and return a summary.

    Parameters
    ----------
    raw_dir : str or Path
        The raw files (``shared/data/raw``); only the census file (A4) is read.
    out_dir : str or Path
        A dataset folder holding ``cities.csv`` (e.g. the repository's ``data/``).
    tolerance : float
        Douglas–Peucker tolerance in degrees.

    Returns
    -------
    str
        Units written, dataset cities matched, size of the file.
    """
    out_dir = Path(out_dir)
    cities = pd.read_csv(out_dir / CITIES_FILE, dtype={"city_code": str})
    census = raw.read_census_population(raw_dir).sort_values("census_code", kind="stable")
    if census["census_code"].duplicated().any():
        raise DataError("the census file has duplicated city codes; cannot key boundaries.")
    units = simplify_rings([parse_wkt(w) for w in census["wkt"]], tolerance)
    to_dataset = _dataset_codes(cities)
    names = dict(zip(cities["city_code"], cities["name_zh"], strict=True))
    pinyin = dict(zip(cities["city_code"], cities["name_pinyin"], strict=True))
    features = []
    for row, polygons in zip(census.itertuples(index=False), units, strict=True):
        code = to_dataset.get(row.census_code)
        properties = {
            "city_code": code or row.census_code,
            "census_code": row.census_code,
            "name_zh": names.get(code, row.name_zh),
            "province_code": row.province_code,
            "in_dataset": code is not None,
        }
        if code == JINAN and LAIWU in names:
            properties["also_covers"] = [LAIWU]
        features.append(
            {"type": "Feature", "properties": properties, "geometry": _geometry(polygons)}
        )
    matched = {f["properties"]["city_code"] for f in features if f["properties"]["in_dataset"]}
    missing = [
        {
            "city_code": c,
            "name_zh": names[c],
            "name_pinyin": pinyin[c],
            "drawn_within": JINAN if c == LAIWU else None,
        }
        for c in cities["city_code"]
        if c not in matched
    ]
    path = out_dir / BOUNDARIES_FILE
    _write(path, features, missing, tolerance)
    n_vertices = sum(len(r) for unit in units for p in unit for r in p)
    return (
        f"{len(features)} units ({len(matched)} of {len(cities)} dataset cities matched; "
        f"without a polygon: {', '.join(m['name_zh'] for m in missing) or 'none'}); "
        f"{n_vertices} vertices after Douglas-Peucker at {tolerance} deg; "
        f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)"
    )


def _write(path: Path, features: list[dict], missing: list[dict], tolerance: float) -> None:
    """One feature per line, compact, so diffs stay readable."""
    head = {
        "type": "FeatureCollection",
        "source": SOURCE,
        "licence": LICENCE,
        "tolerance_deg": tolerance,
        "decimals": DECIMALS,
        "dataset_cities_without_polygon": missing,
    }
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    lines = [dump(head)[:-1] + ',"features":[']
    lines += [dump(f) + ("," if k < len(features) - 1 else "") for k, f in enumerate(features)]
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """``python -m paretoland.data.build.boundaries --raw DIR [--out DIR] [--tolerance DEG]``."""
    from paretoland.data.build import default_build_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, help="folder of the raw files")
    parser.add_argument("--out", default=None, help="dataset folder (default: data/)")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_DEG)
    args = parser.parse_args(argv)
    print(build_boundaries(args.raw, args.out or default_build_dir(), tolerance=args.tolerance))


if __name__ == "__main__":
    main()
