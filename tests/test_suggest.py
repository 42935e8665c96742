"""Tests of paretoland.suggest: the one "did you mean" of every message."""

from __future__ import annotations

import pytest

from paretoland.suggest import closest, did_you_mean


@pytest.mark.parametrize(
    ("word", "options", "expected"),
    [
        ("n_gens", ["n_gen", "pop_size"], ["n_gen"]),
        ("resdential", ["productive", "residential", "both"], ["residential"]),
        ("maximise", ["max", "min"], ["max"]),  # too short for difflib: a prefix
        ("tolerance", ["tol", "method"], ["tol"]),
        ("t", ["tol", "type"], []),  # one letter is no prefix
        ("zzz", ["gdp", "welfare"], []),
        (3, [1, 2, 3], ["3"]),  # compared as strings
    ],
)
def test_closest(word: object, options: list, expected: list[str]) -> None:
    assert closest(word, options) == expected


def test_closest_gives_several_best_first() -> None:
    assert closest("Shanxi", ["Shaanxi", "Shanxi", "Shandong", "Sichuan"], n=2) == [
        "Shanxi",
        "Shaanxi",
    ]
    assert closest("Inner", ["Inner Mongolia", "Ningxia"]) == ["Inner Mongolia"]
    # no similar option: the prefixes, longest first
    assert closest("max", ["maximise", "maximum_iterations", "min"], n=2) == [
        "maximum_iterations",
        "maximise",
    ]
    assert closest("residental", ["residential"], cutoff=0.99) == []


def test_did_you_mean() -> None:
    assert did_you_mean("Sichuang", ["Sichuan", "Beijing"]) == "did you mean 'Sichuan'?"
    assert did_you_mean("Shanxi", ["Shaanxi", "Shanxi"], n=2) == (
        "did you mean 'Shanxi' or 'Shaanxi'?"
    )
    assert did_you_mean("gpd", ["gdp"], render=lambda s: f"[{s}]") == "did you mean [gdp]?"
    assert did_you_mean("zzz", ["gdp"]) == ""
