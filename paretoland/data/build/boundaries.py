"""Topology-preserving simplification and dissolving of polygon tilings (numpy only).

:func:`simplify_rings` simplifies a tiling of polygons (prefectures) without opening
gaps between neighbours: shared borders are cut into arcs at the vertices where the set
of neighbouring rings changes (as TopoJSON does), every arc is simplified once by
Douglas–Peucker (:func:`douglas_peucker`), and both neighbours get the same simplified
arc, so no slivers or gaps open between prefectures. Coordinates are then rounded.
:func:`dissolve` merges neighbouring polygons of a tiling into one (their shared
edges cancel), e.g. the districts that made up a city before a merger. Both need the
input to be a clean tiling: neighbours share their border vertices exactly. Numpy
only, deterministic. :mod:`paretoland.data.build.basemap` uses them to build the
base map of the figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from paretoland.exceptions import DataError

__all__ = [
    "DECIMALS",
    "DEFAULT_TOLERANCE_DEG",
    "MIN_PART_AREA_DEG2",
    "dissolve",
    "douglas_peucker",
    "ring_area",
    "simplify_rings",
]

DEFAULT_TOLERANCE_DEG = 0.01
"""Douglas–Peucker tolerance in degrees (about 1 km)."""
DECIMALS = 3
"""Decimals of the written coordinates (about 100 m)."""
MIN_PART_AREA_DEG2 = 1e-4
"""Islands (polygon parts other than a unit's largest) smaller than this are dropped (≈1 km²)."""


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


def ring_area(ring: np.ndarray) -> float:
    """Signed area of a closed ring (shoelace; positive when counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _clean(ring: np.ndarray, exterior: bool, decimals: int) -> np.ndarray | None:
    """Round, drop repeated vertices, orient (RFC 7946); None if the ring collapsed."""
    ring = np.round(ring, decimals)
    same = np.all(ring[1:] == ring[:-1], axis=1)
    ring = np.concatenate([ring[:1], ring[1:][~same]])
    if len(ring) < 4 or ring_area(ring) == 0.0:
        return None
    if (ring_area(ring) > 0) != exterior:  # exteriors counter-clockwise, holes clockwise
        ring = ring[::-1]
    return ring


def simplify_rings(
    units: list[list[list[np.ndarray]]],
    tolerance: float,
    *,
    min_part_area: float = MIN_PART_AREA_DEG2,
    decimals: int = DECIMALS,
) -> list[list[list[np.ndarray]]]:
    """Simplify a tiling of polygons without opening gaps between neighbours.

    Parameters
    ----------
    units : list
        One entry per unit: its polygons, each a list of closed rings (exterior first,
        then holes), each an ndarray(float, shape=(n, 2)) of lon, lat in degrees.
    tolerance : float
        Douglas–Peucker tolerance (degrees).
    min_part_area : float
        Polygon parts (islands) other than a unit's largest that are smaller than this
        (deg², after simplification) are dropped; 0 keeps every part, simplifying an
        islet that would collapse with a 20 times smaller tolerance.
    decimals : int
        Decimals of the rounded coordinates.

    Returns
    -------
    list
        The same nesting, simplified, rounded, oriented as RFC 7946 asks. Collapsed holes
        and small islands are dropped; a unit always keeps its largest part.
    """
    flat = [ring for unit in units for polygon in unit for ring in polygon]
    junctions = _junction_keys(flat)
    cache: dict = {}
    out = []
    for unit in units:
        polygons = []
        for polygon in unit:
            rings = [
                _clean(_simplify_ring(r, junctions, tolerance, cache), k == 0, decimals)
                for k, r in enumerate(polygon)
            ]
            if rings[0] is None and min_part_area == 0.0:  # keep even the smallest islet
                finer = _simplify_ring(polygon[0], set(), tolerance / 20, {})
                rings[0] = _clean(finer, True, decimals)
            exterior = rings[0]
            if exterior is not None:
                polygons.append([exterior, *[r for r in rings[1:] if r is not None]])
        if not polygons:  # everything collapsed: keep the raw largest part, rounded
            largest = max(unit, key=lambda p: abs(ring_area(p[0])))
            exterior = _clean(largest[0], True, decimals)
            if exterior is None:
                raise DataError(
                    f"a boundary collapses to nothing when rounded to {decimals} decimals; "
                    "check the source geometry."
                )
            polygons = [[exterior]]
        areas = [abs(ring_area(p[0])) for p in polygons]
        biggest = int(np.argmax(areas))
        out.append([p for k, p in enumerate(polygons) if k == biggest or areas[k] >= min_part_area])
    return out


# ------------------------------------------------------------------ dissolving
def dissolve(units: list[list[list[np.ndarray]]]) -> list[list[np.ndarray]]:
    """Merge the polygons of neighbouring units into one multipolygon.

    Every ring is oriented (exteriors counter-clockwise, holes clockwise) and cut into
    directed edges; an edge walked both ways is a shared border and cancels; the edges
    left are stitched into rings. Exact when neighbours share their border vertices.

    Parameters
    ----------
    units : list
        As in :func:`simplify_rings`: units, polygons, closed rings of lon, lat.

    Returns
    -------
    list
        Polygons (exterior counter-clockwise, then its holes clockwise).

    Raises
    ------
    DataError
        If the edges left do not close into rings (the units are not a clean tiling).
    """
    edges: dict[tuple[int, int], np.ndarray] = {}
    for polygon in (p for unit in units for p in unit):
        for k, ring in enumerate(polygon):
            ring = ring if (ring_area(ring) > 0) == (k == 0) else ring[::-1]
            keys = _keys(ring)
            for j in range(len(ring) - 1):
                a, b = int(keys[j]), int(keys[j + 1])
                if a == b:
                    continue
                if (b, a) in edges:
                    del edges[(b, a)]
                else:
                    edges[(a, b)] = ring[j]
    rings = _stitch(edges)
    exteriors = [r for r in rings if ring_area(r) > 0]
    holes = [r for r in rings if ring_area(r) < 0]
    polygons = [[r] for r in sorted(exteriors, key=ring_area, reverse=True)]
    for hole in holes:
        owner = next(
            (p for p in polygons if MplPath(p[0]).contains_point(hole[: len(hole) // 2].mean(0))),
            None,
        )
        if owner is None:
            raise DataError("dissolve: a hole lies in no exterior ring; the units overlap.")
        owner.append(hole)
    return polygons


def _stitch(edges: dict[tuple[int, int], np.ndarray]) -> list[np.ndarray]:
    """Walk directed edges (start key, end key) → start point into closed rings."""
    outgoing: dict[int, list[int]] = {}
    for a, b in sorted(edges):
        outgoing.setdefault(a, []).append(b)
    rings = []
    for first in sorted(outgoing):
        while outgoing.get(first):
            points, key = [], first
            while True:
                following = outgoing[key].pop(0)
                points.append(edges[(key, following)])
                key = following
                if key == first:
                    break
                if not outgoing.get(key):
                    raise DataError("dissolve: the merged border does not close into a ring.")
            rings.append(np.vstack([*points, points[0]]))
    return rings
