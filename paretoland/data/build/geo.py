"""Area-weighted centroids of WKT boundaries (numpy only; no shapely).

Coordinates are treated as planar (degrees): for a prefecture a few hundred km
across, the difference from a spherical centroid is a small fraction of a degree.
"""

from __future__ import annotations

import re

import numpy as np

from paretoland.exceptions import DataError

__all__ = ["wkt_centroid"]


def _rings(wkt: str) -> list[list[np.ndarray]]:
    """Parse POLYGON/MULTIPOLYGON text into polygons, each a list of (n, 2) rings."""
    text = re.sub(r"\s+", " ", wkt.strip())
    kind, _, body = text.partition("(")
    kind = kind.strip().upper()
    body = re.sub(r"\s*([(),])\s*", r"\1", "(" + body)
    if kind == "POLYGON":
        polygons = [body[2:-2]]
    elif kind == "MULTIPOLYGON":
        polygons = body[3:-3].split(")),((")
    else:
        raise DataError(f"unsupported WKT geometry {kind!r}; expected POLYGON or MULTIPOLYGON.")
    out = []
    for polygon in polygons:
        rings = []
        for ring in polygon.split("),("):
            values = np.array(ring.replace(",", " ").split(), dtype=float)
            if values.size < 6 or values.size % 2:
                raise DataError(f"malformed WKT ring with {values.size} numbers.")
            rings.append(values.reshape(-1, 2))
        out.append(rings)
    return out


def _ring_moments(ring: np.ndarray) -> tuple[float, float, float]:
    """Unsigned area and area-weighted x, y sums of one ring (shoelace formula)."""
    x, y = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2.0
    if area == 0.0:
        return 0.0, 0.0, 0.0
    cx = ((x + x1) * cross).sum() / (6.0 * area)
    cy = ((y + y1) * cross).sum() / (6.0 * area)
    return abs(area), abs(area) * cx, abs(area) * cy


def wkt_centroid(wkt: str) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat in degrees) of a WKT POLYGON or MULTIPOLYGON.

    The first ring of each polygon is its exterior, later rings are holes and are
    subtracted, whatever their orientation.
    """
    total = sx = sy = 0.0
    for rings in _rings(wkt):
        for k, ring in enumerate(rings):
            area, mx, my = _ring_moments(ring)
            sign = 1.0 if k == 0 else -1.0
            total, sx, sy = total + sign * area, sx + sign * mx, sy + sign * my
    if total <= 0.0:
        raise DataError("WKT boundary has zero area; cannot compute a centroid.")
    return sx / total, sy / total
