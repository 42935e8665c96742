"""Plausible magnitudes: the checks that catch unit mistakes (GDP in 万元, land in m²).

Each :class:`Plausibility` is one quantity computed from the cities table (a column,
or a ratio of two, in stated units) with two ranges:

- outside the **hard** range a value is impossible for a Chinese city (or unit), and
  the dataset is refused (:class:`~paretoland.exceptions.DataError`);
- outside the **typical** range it is only unusual, a rule of thumb, and the dataset
  loads with a :class:`PlausibilityWarning`.

Both messages name the city, the column and the value, and, where dividing or
multiplying by a common unit factor would bring the value into the typical range, the
likely mistake ("land looks like m², not km²: divide by 1e6"). The ranges were set
wide around the embedded 2017 data (whole cities) and its variants (annual land supply,
county-level units, synthetic economies), which all pass without a warning.
:func:`plausibility_table` lists them; ``data/README.md`` and the column guide of
``paretoland data template`` show that table.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.data.validation._cells import labels_of, listing
from paretoland.exceptions import DataError

__all__ = [
    "PLAUSIBILITY",
    "Plausibility",
    "PlausibilityWarning",
    "check_plausibility",
    "plausibility_table",
    "plausibility_findings",
]


class PlausibilityWarning(UserWarning):
    """Some values lie outside the typical range of their quantity (a rule of thumb)."""


@dataclass(frozen=True)
class Plausibility:
    """One plausibility check.

    Attributes
    ----------
    column : str
        The column blamed (the numerator of a ratio).
    quantity : str
        What is checked, with its unit, e.g. "GDP per resident (yuan)".
    compute : callable
        ``compute(cities) -> ndarray`` of the quantity (cities: the typed table).
    hard : (float, float)
        Values outside are refused.
    typical : (float, float)
        Values outside are warned about.
    usual : float
        A usual value (about the median of the 2017 cities), to pick among mistakes.
    mistakes : tuple of (float, str)
        ``(factor, text)``: if ``value / factor`` lies in the typical range, the value
        may carry that mistake, e.g. ``(1e6, "land looks like m², not km²: divide by
        1e6")``; of several, the one bringing the value closest to ``usual`` is named.
    """

    column: str
    quantity: str
    compute: Callable[[pd.DataFrame], np.ndarray]
    hard: tuple[float, float]
    typical: tuple[float, float]
    usual: float
    mistakes: tuple[tuple[float, str], ...] = ()


def _col(cities: pd.DataFrame, name: str) -> np.ndarray:
    return cities[name].to_numpy(dtype=np.float64)


def _per_resident(column: str, scale: float) -> Callable[[pd.DataFrame], np.ndarray]:
    """``column × scale / (residents in persons)``."""

    def compute(cities: pd.DataFrame) -> np.ndarray:
        with np.errstate(all="ignore"):
            return _col(cities, column) * scale / (_col(cities, "resident_pop_10k") * 1e4)

    return compute


def _ratio(numerator: str, denominator: str) -> Callable[[pd.DataFrame], np.ndarray]:
    def compute(cities: pd.DataFrame) -> np.ndarray:
        with np.errstate(all="ignore"):
            return _col(cities, numerator) / _col(cities, denominator)

    return compute


def _plain(column: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda cities: _col(cities, column)


_LAND_MISTAKES = (
    (1e6, "land looks like m², not km²: divide by 1e6"),
    (100.0, "land looks like hectares (公顷), not km²: divide by 100"),
    (1500.0, "land looks like mu (亩), not km²: divide by 1,500"),
)
_PRICE_MISTAKES = (
    (10000.0 / 15.0, "the price looks like yuan per mu (亩), not per m²: divide by 666.67"),
    (1e4, "the price looks like yuan per hectare, or 元 where 万元 was meant: divide by 1e4"),
    (1e-4, "the price looks like 万元 per m², not yuan: multiply by 1e4"),
)
_POPULATION_MISTAKES = ((1e4, "the population looks like persons, not 万人: divide by 1e4"),)

PLAUSIBILITY: tuple[Plausibility, ...] = (
    Plausibility(
        "hukou_pop_10k",
        "hukou population (万人)",
        _plain("hukou_pop_10k"),
        (1e-3, 1e5),
        (0.1, 5000.0),
        300.0,
        _POPULATION_MISTAKES,
    ),
    Plausibility(
        "resident_pop_10k",
        "residents per hukou person",
        _ratio("resident_pop_10k", "hukou_pop_10k"),
        (0.02, 50.0),
        (0.2, 8.0),
        1.0,
        ((1e4, "residents look like persons, not 万人: divide by 1e4"),),
    ),
    Plausibility(
        "employment_10k",
        "urban-unit employment per resident",
        _ratio("employment_10k", "resident_pop_10k"),
        (1e-5, 2.0),
        (0.01, 1.0),
        0.1,
        ((1e4, "employment looks like persons, not 万人: divide by 1e4"),),
    ),
    Plausibility(
        "realestate_employment_10k",
        "real-estate share of urban-unit employment",
        _ratio("realestate_employment_10k", "employment_10k"),
        (1e-6, 1.0),
        (0.002, 0.2),
        0.027,
        ((1e4, "real-estate employment looks like persons, not 万人: divide by 1e4"),),
    ),
    Plausibility(
        "gdp_100m_yuan",
        "GDP per resident (yuan)",
        _per_resident("gdp_100m_yuan", 1e8),
        (100.0, 1e7),
        (2000.0, 1e6),
        5e4,
        (
            (1e4, "GDP looks like 万元, not 亿元: divide by 1e4"),
            (1e8, "GDP looks like yuan, not 亿元: divide by 1e8"),
            (1e-4, "GDP looks like 万亿元, not 亿元: multiply by 1e4"),
        ),
    ),
    Plausibility(
        "wage_yuan",
        "average wage (yuan per year)",
        _plain("wage_yuan"),
        (500.0, 5e6),
        (1e4, 5e5),
        6.5e4,
        (
            (1e-4, "the wage looks like 万元, not yuan: multiply by 1e4"),
            (1.0 / 12.0, "the wage looks monthly, not annual: multiply by 12"),
        ),
    ),
    Plausibility(
        "land_productive_km2",
        "productive land per resident (m²)",
        _per_resident("land_productive_km2", 1e6),
        (1e-6, 1e5),
        (1e-4, 300.0),
        8.0,
        _LAND_MISTAKES,
    ),
    Plausibility(
        "land_residential_km2",
        "residential land per resident (m²)",
        _per_resident("land_residential_km2", 1e6),
        (1e-6, 1e5),
        (1e-4, 300.0),
        8.0,
        _LAND_MISTAKES,
    ),
    Plausibility(
        "land_price_productive_yuan_m2",
        "productive land price (yuan/m²)",
        _plain("land_price_productive_yuan_m2"),
        (0.01, 1e6),
        (1.0, 2e5),
        220.0,
        _PRICE_MISTAKES,
    ),
    Plausibility(
        "land_price_residential_yuan_m2",
        "residential land price (yuan/m²)",
        _plain("land_price_residential_yuan_m2"),
        (0.01, 1e6),
        (1.0, 2e5),
        1600.0,
        _PRICE_MISTAKES,
    ),
    Plausibility(
        "house_price_yuan_m2",
        "house price (yuan per m² of floor space)",
        _plain("house_price_yuan_m2"),
        (10.0, 1e7),
        (500.0, 3e5),
        6000.0,
        ((1e-4, "the house price looks like 万元 per m², not yuan: multiply by 1e4"),),
    ),
)
"""Every plausibility check, in the order they run (populations first)."""


def plausibility_table() -> pd.DataFrame:
    """Return the checks as a table (for documentation).

    Returns
    -------
    DataFrame
        Index ``column``; ``quantity``, ``refused_below``, ``refused_above``,
        ``warned_below``, ``warned_above``, ``likely_mistakes``.
    """
    rows = [
        {
            "column": p.column,
            "quantity": p.quantity,
            "refused_below": p.hard[0],
            "refused_above": p.hard[1],
            "warned_below": p.typical[0],
            "warned_above": p.typical[1],
            "likely_mistakes": "; ".join(text for _, text in p.mistakes),
        }
        for p in PLAUSIBILITY
    ]
    return pd.DataFrame(rows).set_index("column")


def _diagnosis(check: Plausibility, value: float) -> str:
    """Name the unit mistake that brings ``value`` closest to usual, if any fits."""
    low, high = check.typical
    if not (np.isfinite(value) and value > 0):
        return ""
    fits = [(f, text) for f, text in check.mistakes if low <= value / f <= high]
    if not fits:
        return ""
    _, text = min(fits, key=lambda fit: abs(np.log(value / fit[0] / check.usual)))
    return f": {text}"


def plausibility_findings(cities: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Run every check on a typed cities table (with residents).

    Returns
    -------
    errors, warnings : list of str
        One line per city and check outside the hard (typical) range: column, city,
        value with its quantity, the range and the likely mistake.
    """
    labels = labels_of(cities)
    errors: list[str] = []
    unusual: list[str] = []
    for check in PLAUSIBILITY:
        values = check.compute(cities)
        for target, (low, high) in ((errors, check.hard), (unusual, check.typical)):
            outside = ~((values >= low) & (values <= high))
            for i in np.flatnonzero(outside):
                if target is unusual and not (check.hard[0] <= values[i] <= check.hard[1]):
                    continue  # already an error
                target.append(
                    f"{check.column}, {labels[i]}: {check.quantity} = {values[i]:.4g}, outside "
                    f"[{low:g}, {high:g}]{_diagnosis(check, float(values[i]))}"
                )
    return errors, unusual


def check_plausibility(cities: pd.DataFrame) -> None:
    """Refuse impossible magnitudes and warn about unusual ones.

    Raises
    ------
    DataError
        Listing every value outside its hard range, with the likely unit mistake.

    Warns
    -----
    PlausibilityWarning
        Listing every other value outside its typical range.
    """
    errors, unusual = plausibility_findings(cities)
    if errors:
        raise DataError(
            f"cities data has {len(errors)} implausible value(s), most likely in the wrong "
            f"unit:{listing(errors)}\nFix: write each quantity in the unit of its column "
            "name (万人, 亿元, yuan, km², yuan/m²); the plausible ranges are in "
            "docs/guide/data.md, in columns.md of `paretoland data template`, and from "
            "paretoland.data.validation.plausibility_table()."
        )
    if unusual:
        warnings.warn(
            f"{len(unusual)} value(s) outside the typical range (a rule of thumb; check the "
            f"units):{listing(unusual)}",
            PlausibilityWarning,
            stacklevel=4,
        )
