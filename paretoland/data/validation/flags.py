"""Checks of the flags table (constructed or imputed values)."""

from __future__ import annotations

import pandas as pd

from paretoland.data.schema import FLAG_COLUMNS
from paretoland.data.validation._cells import MAX_LISTED, listing, short, text
from paretoland.exceptions import DataError

__all__ = ["validate_flags"]


def validate_flags(flags: pd.DataFrame | None, cities: pd.DataFrame) -> pd.DataFrame:
    """Check the flags table and return it with string columns.

    Returns
    -------
    DataFrame
        Columns :data:`~paretoland.data.schema.FLAG_COLUMNS` (then any extra columns), an
        empty frame with those columns if ``flags`` is None.
    """
    if flags is None:
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in FLAG_COLUMNS})
    missing = [c for c in FLAG_COLUMNS if c not in flags.columns]
    if missing:
        raise DataError(
            f"flags table is missing column(s) {', '.join(missing)} (found: "
            f"{', '.join(map(str, flags.columns))}).\nFix: flags.csv needs the columns "
            f"{', '.join(FLAG_COLUMNS)}."
        )
    names = list(FLAG_COLUMNS) + [c for c in flags.columns if c not in FLAG_COLUMNS]
    out = pd.DataFrame({c: pd.Series([text(v) for v in flags[c]], dtype=str) for c in names})
    _check_flag_cells(out, cities)
    return out


def _check_flag_cells(flags: pd.DataFrame, cities: pd.DataFrame) -> None:
    """Empty cells, unknown city codes and unknown column names in the flags table."""
    empty = [
        f"row {i + 1}: {c}"
        for c in FLAG_COLUMNS[:3]
        for i, v in enumerate(flags[c])
        if not v.strip()
    ]
    codes = set(map(str, cities["city_code"]))
    columns = set(map(str, cities.columns))
    bad_codes = sorted({c for c in flags["city_code"] if c and c not in codes})
    bad_cols = sorted({c for c in flags["column"] if c and c not in columns})
    items = [f"empty cells: {', '.join(empty[:MAX_LISTED])}"] if empty else []
    if bad_codes:
        items.append(f"city codes not in the cities data: {short(bad_codes)}")
    if bad_cols:
        items.append(f"column names not in the cities data: {short(bad_cols)}")
    if items:
        raise DataError(
            f"flags table does not match the cities data:{listing(items)}\nFix: each flag "
            "names a city_code and a column of cities.csv, and a method; remove flags of "
            "dropped cities."
        )
