"""All checks of a dataset, in order: :func:`validate_dataset`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.schema import CITY_COLUMNS, FLAG_COLUMNS, OPTIONAL_COLUMNS
from paretoland.data.validation.cities import (
    typed_cities,
    validate_codes,
    validate_columns,
    validate_complete,
    validate_positive,
    validate_provinces,
)
from paretoland.data.validation.derived import (
    absent_residents,
    derive_residents,
    fill_realestate,
)
from paretoland.data.validation.flags import validate_flags
from paretoland.data.validation.migration import validate_migration, validate_residents
from paretoland.data.validation.plausibility import check_plausibility
from paretoland.exceptions import ConfigError, DataError

__all__ = ["validate_dataset"]


def _check_rtol(rtol: float) -> None:
    if not isinstance(rtol, (int, float)) or isinstance(rtol, bool) or not rtol >= 0:
        raise ConfigError(
            f"residents_rtol must be a non-negative number (inf skips the check), got {rtol!r}."
        )


def validate_dataset(
    cities: pd.DataFrame,
    migration: pd.DataFrame | np.ndarray,
    flags: pd.DataFrame | None = None,
    *,
    residents_rtol: float = 1e-4,
    source: str = "<memory>",
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
    """Run every check and return the typed cities table, migration matrix and flags.

    The checks, in order: required columns, empty cells, non-numeric and
    non-positive quantities, city codes, provinces, migration matrix, plausible
    magnitudes, resident consistency, flags. The first failing check raises
    :class:`DataError`; unusual (not impossible) magnitudes warn
    (:class:`~paretoland.data.validation.plausibility.PlausibilityWarning`). Left-out
    residents and real-estate employment are derived and flagged
    (:mod:`paretoland.data.validation.derived`).

    Parameters
    ----------
    cities, migration, flags
        The three tables as read (see :mod:`paretoland.data.schema`).
    residents_rtol : float
        Tolerance of the resident shares implied by the migration matrix.
    source : str
        Where the data came from (a dataset folder, or ``"<memory>"``), for the fixes
        that messages suggest.

    Returns
    -------
    cities : DataFrame
        Identifier columns as strings, quantity columns as float64 (units as in the
        CSV; derived ones filled), extra columns kept; index ``RangeIndex(n_cities)``.
    migration : ndarray(float, shape=(n_cities, n_cities))
        Shares in the cities' order, rows origin, columns destination.
    flags : DataFrame
        The flags table with string columns, then the flags of derived values.
    """
    _check_rtol(residents_rtol)
    if not isinstance(cities, pd.DataFrame):
        raise DataError(f"cities must be a pandas DataFrame, got {type(cities).__name__}.")
    validate_columns(cities)
    if len(cities) == 0:
        raise DataError("cities data has no rows.\nFix: add at least one city.")
    cities = cities.reset_index(drop=True)
    residents_absent = absent_residents(cities)
    if residents_absent and "resident_pop_10k" in cities.columns:
        cities = cities.drop(columns="resident_pop_10k")
    validate_complete(cities)
    table = typed_cities(cities)
    derived = [fill_realestate(table)]
    validate_positive(table)
    validate_codes(table)
    table = validate_provinces(table)
    matrix = validate_migration(migration, table)
    if residents_absent:
        derived.append(derive_residents(table, matrix))
    table = _in_schema_order(table)
    check_plausibility(table)
    validate_residents(table, matrix, residents_rtol, source)
    flag_table = validate_flags(flags, table)
    return table, matrix, _with_derived_flags(flag_table, derived)


def _with_derived_flags(flag_table: pd.DataFrame, derived: list[pd.DataFrame]) -> pd.DataFrame:
    """Append the flags of derived values, replacing any earlier flag of the same cell.

    A flag the user's ``flags.csv`` gives for a value that was then left empty (and so
    derived here) describes a value that no longer exists.
    """
    added = [frame for frame in derived if not frame.empty]
    if not added:
        return flag_table
    cells = pd.concat(added)[["city_code", "column"]]
    stale = pd.MultiIndex.from_frame(flag_table[["city_code", "column"]]).isin(
        pd.MultiIndex.from_frame(cells)
    )
    extra = [c for c in flag_table.columns if c not in FLAG_COLUMNS]
    added = [frame.assign(**dict.fromkeys(extra, "")) for frame in added]
    return pd.concat([flag_table[~stale], *added], ignore_index=True)


def _in_schema_order(table: pd.DataFrame) -> pd.DataFrame:
    """Put the schema's columns first, in schema order (derived ones included)."""
    schema = [c.name for c in (*CITY_COLUMNS, *OPTIONAL_COLUMNS) if c.name in table.columns]
    return table[schema + [c for c in table.columns if c not in schema]]
