"""Topology-preserving simplification of the boundary build (paretoland.data.build.boundaries)."""

from __future__ import annotations

import numpy as np

from paretoland.data.build.boundaries import dissolve, douglas_peucker, simplify_rings


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def test_douglas_peucker_keeps_corners_and_ends() -> None:
    x = np.linspace(0.0, 1.0, 11)
    line = np.column_stack([x, 0.001 * np.sin(40 * x)])
    assert douglas_peucker(line, 0.01).tolist() == [0, 10]
    corner = np.array([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [1.0, 0.5], [1.0, 1.0]])
    assert douglas_peucker(corner, 0.01).tolist() == [0, 2, 4]


def test_neighbours_keep_a_common_border_without_gaps() -> None:
    y = np.linspace(0.0, 1.0, 41)
    border = np.column_stack([1.0 + 0.002 * np.sin(30 * y), y])  # wiggly shared edge, upwards
    left = np.vstack([[[0.0, 0.0]], border, [[0.0, 1.0], [0.0, 0.0]]])[::-1]
    right = np.vstack([border[::-1], [[2.0, 0.0], [2.0, 1.0]], border[-1:]])
    right = np.vstack([right[:-1], right[:1]])
    simplified = simplify_rings([[[left]], [[right]]], tolerance=0.01)
    (a,), (b,) = simplified[0][0], simplified[1][0]
    assert len(a) < len(left) and len(b) < len(right)
    assert _area(a) > 0 and _area(b) > 0  # exteriors counter-clockwise
    assert np.isclose(_area(a) + _area(b), 2.0, atol=1e-9)  # no gap, no overlap
    inner_a = {tuple(p) for p in a if 0.5 < p[0] < 1.5}
    inner_b = {tuple(p) for p in b if 0.5 < p[0] < 1.5}
    assert inner_a == inner_b  # both sides use the same simplified border


def test_small_islands_are_dropped_but_a_unit_keeps_its_largest_part() -> None:
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
    islet = square * 0.001 + 5.0
    (unit,) = simplify_rings([[[square], [islet]]], tolerance=0.01)
    assert len(unit) == 1
    (alone,) = simplify_rings([[[islet * 10]]], tolerance=0.01)
    assert len(alone) == 1


def test_dissolve_merges_neighbours_and_keeps_holes() -> None:
    left = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
    right = left + [1.0, 0.0]
    ((merged,),) = dissolve([[[left]], [[right[::-1]]]])  # orientation does not matter
    assert _area(merged) == 2.0 and len(merged) == 7  # the shared edge is gone
    assert {tuple(p) for p in merged} == {(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)}
    frame = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [0.0, 3.0], [0.0, 0.0]])
    hole = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0], [1.0, 1.0]])
    ((outer, inner),) = dissolve([[[frame, hole]]])
    assert _area(outer) == 9.0 and _area(inner) == -1.0
    separate = dissolve([[[left]], [[left + [5.0, 0.0]]]])
    assert len(separate) == 2


def test_islets_survive_when_every_part_is_kept() -> None:
    islet = np.array([[0.0, 0.0], [0.003, 0.0005], [0.006, 0.0], [0.003, 0.002], [0.0, 0.0]])
    big = np.array([[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0], [1.0, 1.0]])
    (dropped,) = simplify_rings([[[big], [islet]]], tolerance=0.01)
    (kept,) = simplify_rings([[[big], [islet]]], tolerance=0.01, min_part_area=0.0, decimals=4)
    assert len(dropped) == 1 and len(kept) == 2
