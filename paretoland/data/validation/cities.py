"""Checks of the cities table: columns, cells, numbers, codes and provinces."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from paretoland.data.provinces import (
    PROVINCES,
    Province,
    province_by_code,
    province_by_name,
    region_by_name,
)
from paretoland.data.schema import CITY_COLUMNS, DERIVABLE_COLUMNS, QUANTITY_COLUMNS
from paretoland.data.validation._cells import (
    ID_NAMES,
    MAX_LISTED,
    NUMERIC_NAMES,
    QUANTITY_NAMES,
    is_missing,
    labels_of,
    listing,
    parse_numbers,
)
from paretoland.exceptions import DataError
from paretoland.suggest import closest

__all__ = [
    "validate_columns",
    "validate_complete",
    "validate_numeric",
    "validate_positive",
    "validate_codes",
    "validate_provinces",
    "typed_cities",
]

_CODE = re.compile(r"[0-9]{6}")
_NOUNS = {
    "gdp_100m_yuan": "GDP",
    "employment_10k": "employment",
    "realestate_employment_10k": "real-estate employment",
    "wage_yuan": "wage",
    "hukou_pop_10k": "hukou population",
    "resident_pop_10k": "resident population",
    "land_productive_km2": "land",
    "land_residential_km2": "land",
    "land_price_productive_yuan_m2": "land price",
    "land_price_residential_yuan_m2": "land price",
    "house_price_yuan_m2": "house price",
}


def validate_columns(cities: pd.DataFrame) -> None:
    """Check that every column of :data:`~paretoland.data.schema.CITY_COLUMNS` is present.

    Extra columns are allowed (and kept). Raises :class:`DataError` listing the
    missing columns with their units, close matches among the present columns and
    the expected schema.
    """
    missing = [c for c in CITY_COLUMNS if c.name not in cities.columns and not c.derivable]
    if not missing:
        return
    required = {c.name for c in CITY_COLUMNS}
    present = [str(c) for c in cities.columns if c not in required]
    items = []
    for col in missing:
        close = closest(col.name, present, cutoff=0.75)
        hint = f" (found '{close[0]}': rename it?)" if close else ""
        items.append(f"{col.name} [{col.unit or 'identifier'}]{hint}")
    expected = ", ".join(c.name + (" (optional)" if c.derivable else "") for c in CITY_COLUMNS)
    raise DataError(
        f"cities data is missing {len(missing)} required column(s):{listing(items, 30)}\n"
        f"Expected columns (paretoland.data.schema.CITY_COLUMNS; extra columns are kept): "
        f"{expected}.\nFix: add the columns with these exact names, in the units the "
        f"names carry."
    )


def validate_complete(cities: pd.DataFrame) -> None:
    """Check that no required cell (identifier or quantity column) is empty or NaN."""
    labels = labels_of(cities)
    items = []
    for name in ID_NAMES + QUANTITY_NAMES:
        if name in DERIVABLE_COLUMNS:  # derived where empty (validation.derived)
            continue
        rows = [i for i, cell in enumerate(cities[name]) if is_missing(cell)]
        if rows:
            who = ", ".join(labels[i] for i in rows[:MAX_LISTED])
            more = f" and {len(rows) - MAX_LISTED} more" if len(rows) > MAX_LISTED else ""
            items.append(f"{name} ({len(rows)}): {who}{more}")
    if items:
        raise DataError(
            f"cities data has empty or NaN cells in required columns:{listing(items, 30)}\n"
            "Fix: fill in every required value (record imputed values in flags.csv), or drop "
            "the city from both cities.csv and migration.csv."
        )


def validate_numeric(cities: pd.DataFrame) -> pd.DataFrame:
    """Parse the quantity (and optional numeric) columns to float64, strictly.

    A cell must be a number written plainly (``1234.5``, ``1.2e3``); thousands
    separators, units or footnote marks are errors, never silently coerced.

    Returns
    -------
    DataFrame
        The parsed columns, float64, same index as ``cities``; missing optional
        values are NaN.
    """
    labels = labels_of(cities)
    parsed, items = {}, []
    for name in NUMERIC_NAMES:
        if name not in cities.columns:
            continue
        parsed[name], bad = parse_numbers(cities[name])
        items += [f"{name}, {labels[i]}: {cities[name].iloc[i]!r}" for i in bad]
    if items:
        raise DataError(
            f"cities data has {len(items)} non-numeric value(s) in quantity columns:"
            f"{listing(items)}\nFix: write plain decimal numbers in the unit of the column "
            "name (no thousands separators, units, footnote marks or text)."
        )
    return pd.DataFrame(parsed, index=cities.index)


def validate_positive(cities: pd.DataFrame) -> None:
    """Check that every quantity flagged ``positive`` in the schema is finite and > 0."""
    labels = labels_of(cities)
    items = []
    for col in QUANTITY_COLUMNS:
        if not col.positive or col.name not in cities.columns:
            continue
        values = cities[col.name].to_numpy(dtype=np.float64)
        for i in np.flatnonzero(~np.isfinite(values) | (values <= 0)):
            v = values[i]
            kind = "infinite" if np.isinf(v) else ("zero" if v == 0 else "negative")
            noun = _NOUNS.get(col.name, col.name)
            items.append(f"{col.name}, {labels[i]}: {float(v)!r} ({kind} {noun})")
    if items:
        raise DataError(
            f"cities data has {len(items)} non-positive or infinite quantity value(s):"
            f"{listing(items)}\nFix: every quantity must be a finite positive number in the "
            "unit of its column; correct the value or drop the city."
        )


def validate_codes(cities: pd.DataFrame) -> None:
    """Check that each ``city_code`` is a 6-digit string and appears once."""
    codes = [str(c) for c in cities["city_code"]]
    names = [str(n) for n in cities["name_zh"]]
    bad = [f"row {i + 1} {names[i]}: {c!r}" for i, c in enumerate(codes) if not _CODE.fullmatch(c)]
    if bad:
        raise DataError(
            f"city_code must be a 6-digit string, but {len(bad)} are not:{listing(bad)}\n"
            "Fix: use the 6-digit NBS division code as text, e.g. '110000' (not 110000.0 or "
            "'11'); in a spreadsheet, format the column as text to keep it intact."
        )
    seen: dict[str, list[int]] = {}
    for i, c in enumerate(codes):
        seen.setdefault(c, []).append(i)
    dups = [
        f"{c}: rows {', '.join(str(i + 1) for i in rows)} ("
        f"{', '.join(str(cities['name_zh'].iloc[i]) for i in rows)})"
        for c, rows in seen.items()
        if len(rows) > 1
    ]
    if dups:
        raise DataError(
            f"duplicate city_code in cities data:{listing(dups)}\n"
            "Fix: each city must appear exactly once; merge or remove the duplicate rows."
        )


def validate_provinces(cities: pd.DataFrame) -> pd.DataFrame:
    """Check province codes and that province names and region match the code.

    Names may be written in any form :func:`~paretoland.data.provinces.province_by_name`
    accepts (陕西 for 陕西省, "shaanxi", "Inner Mongolia Autonomous Region"), and the
    region in any case or in Chinese (东部); they must name the province (region) of
    ``province_code``.

    Returns
    -------
    DataFrame
        ``cities`` with ``province_zh``, ``province_pinyin`` and ``region`` in their
        canonical form (those of :data:`~paretoland.data.provinces.PROVINCES`).
    """
    labels = labels_of(cities)
    unknown, wrong = [], []
    provinces: list[Province] = []
    for i, row in enumerate(cities[list(ID_NAMES)].itertuples(index=False)):
        prov = province_by_code(str(row.province_code))
        if prov is None:
            unknown.append(f"{labels[i]}: {row.province_code!r}")
            continue
        provinces.append(prov)
        wrong += [f"{labels[i]}: {problem}" for problem in _province_mismatches(row, prov)]
    if unknown:
        examples = ", ".join(f"{p.code} {p.name_zh}" for p in PROVINCES[:3])
        raise DataError(
            f"unknown province_code for {len(unknown)} city(ies):{listing(unknown)}\n"
            "Fix: use one of the 31 6-digit codes in paretoland.data.provinces.PROVINCES "
            f"(e.g. {examples}, ...)."
        )
    if wrong:
        raise DataError(
            f"province fields do not match province_code ({len(wrong)}):{listing(wrong)}\n"
            "Fix: take province_zh, province_pinyin and region from "
            "paretoland.data.provinces.province_by_code(province_code), or correct the code. "
            "Short and pinyin forms are accepted (陕西 for 陕西省, 'shaanxi')."
        )
    return cities.assign(
        province_zh=[p.name_zh for p in provinces],
        province_pinyin=[p.name_pinyin for p in provinces],
        region=[p.region for p in provinces],
    )


def _province_mismatches(row: Any, prov: Province) -> list[str]:
    """List what in one row's province names, region and city code does not fit ``prov``."""
    problems = []
    for column, should in (("province_zh", prov.name_zh), ("province_pinyin", prov.name_pinyin)):
        given = getattr(row, column)
        named = province_by_name(given)
        if named is None or named.code != prov.code:
            other = f" (that is {named.name_zh} {named.code})" if named is not None else ""
            problems.append(
                f"{column} {given!r}{other} should be {should!r} (province_code {prov.code})"
            )
    if region_by_name(row.region) != prov.region:
        problems.append(
            f"region {row.region!r} should be {prov.region!r} (province_code {prov.code})"
        )
    if str(row.city_code)[:2] != prov.code[:2]:
        problems.append(
            f"city_code does not lie in province_code {prov.code} "
            f"({prov.name_zh}): the first two digits differ"
        )
    return problems


def typed_cities(cities: pd.DataFrame) -> pd.DataFrame:
    """Return the typed cities table (identifiers str, quantities float64, extras kept).

    Columns in schema order, then optional numeric columns, then any extra columns
    as given. Raises :class:`DataError` from :func:`validate_numeric`.
    """
    numeric = validate_numeric(cities)
    columns: dict[str, pd.Series] = {
        name: pd.Series([str(v) for v in cities[name]], dtype=str) for name in ID_NAMES
    }
    columns.update({name: numeric[name] for name in numeric.columns})
    columns.update({name: cities[name] for name in cities.columns if name not in columns})
    return pd.DataFrame(columns, index=pd.RangeIndex(len(cities)))
