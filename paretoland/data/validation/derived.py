"""Columns a dataset may leave out: residents and real-estate employment.

- ``resident_pop_10k``: the model never uses residents as data (its labour is
  ``L = mᵀ L^o``), so when the column is absent (or every cell is empty) residents are
  derived from the migration matrix and hukou population, ``mᵀ hukou`` (万人), flag
  ``derived_from_migration``. When given, they must agree with ``mᵀ hukou``
  (:func:`~paretoland.data.validation.validate_residents`); ``paretoland data rake``
  makes the matrix agree with observed residents.
- ``realestate_employment_10k``: no city-level source exists for 房地产业从业人员, so
  where the column or a cell is empty it is :data:`REALESTATE_SHARE` of the city's
  urban-unit employment (the national share, 2017), flag ``national_share_default``.

Every derived value is flagged in ``flags.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.schema import FLAG_COLUMNS
from paretoland.data.validation._cells import is_missing, labels_of, listing

__all__ = [
    "DERIVED_RESIDENTS",
    "REALESTATE_DEFAULT",
    "REALESTATE_SHARE",
    "absent_residents",
    "derive_residents",
    "fill_realestate",
]

REALESTATE_SHARE = 0.026
"""National share of 房地产业 in 城镇单位就业人员, 2017 (NBS 中国统计年鉴2018, 按行业分城镇单位
就业人员年末人数: 房地产业 / total; approximate, an assumption)."""
DERIVED_RESIDENTS = "derived_from_migration"
"""Flag method of residents derived as mᵀ hukou."""
REALESTATE_DEFAULT = "national_share_default"
"""Flag method of real-estate employment set to the national share of employment."""


def absent_residents(cities: pd.DataFrame) -> bool:
    """Whether ``resident_pop_10k`` is left out: no column, or every cell empty.

    Raises
    ------
    DataError
        If some cells are given and others empty (a half-filled column).
    """
    from paretoland.exceptions import DataError

    if "resident_pop_10k" not in cities.columns:
        return True
    empty = [is_missing(cell) for cell in cities["resident_pop_10k"]]
    if all(empty):
        return True
    if any(empty):
        labels = [label for label, e in zip(labels_of(cities), empty, strict=True) if e]
        raise DataError(
            f"resident_pop_10k is empty for {len(labels)} city(ies) but given for the "
            f"others:{listing(labels)}\nFix: fill every cell, or leave the column out (or "
            "empty): residents are then derived from the migration matrix, mᵀ hukou."
        )
    return False


def derive_residents(cities: pd.DataFrame, migration: np.ndarray) -> pd.DataFrame:
    """Return the flags of residents derived as ``mᵀ hukou`` and set them in ``cities``.

    Parameters
    ----------
    cities : DataFrame
        The typed cities table; ``resident_pop_10k`` is set (overwritten) in place.
    migration : ndarray, shape (n, n)
        The validated migration shares, in the cities' order.
    """
    residents = migration.T @ cities["hukou_pop_10k"].to_numpy(dtype=np.float64)
    cities["resident_pop_10k"] = residents
    return _flags(
        cities["city_code"],
        "resident_pop_10k",
        DERIVED_RESIDENTS,
        "resident_pop_10k not given: derived from the migration matrix, mᵀ hukou (万人)",
    )


def fill_realestate(cities: pd.DataFrame) -> pd.DataFrame:
    """Fill empty ``realestate_employment_10k`` cells with the national share.

    Parameters
    ----------
    cities : DataFrame
        The typed cities table (``employment_10k`` parsed); the column is added or
        completed in place.

    Returns
    -------
    DataFrame
        The flags of the filled cells (empty if none).
    """
    employment = cities["employment_10k"].to_numpy(dtype=np.float64)
    if "realestate_employment_10k" not in cities.columns:
        cities["realestate_employment_10k"] = np.nan
    values = cities["realestate_employment_10k"].to_numpy(dtype=np.float64)
    empty = np.isnan(values)
    values = np.where(empty, REALESTATE_SHARE * employment, values)
    cities["realestate_employment_10k"] = values
    return _flags(
        cities.loc[empty, "city_code"],
        "realestate_employment_10k",
        REALESTATE_DEFAULT,
        f"房地产业从业人员 not given: {REALESTATE_SHARE:.1%} of urban-unit employment, the "
        "national 房地产业 share of 城镇单位就业人员 in 2017 (assumption)",
    )


def _flags(codes: pd.Series, column: str, method: str, note: str) -> pd.DataFrame:
    frame = pd.DataFrame({"city_code": codes.astype(str).to_numpy()})
    frame["column"], frame["method"], frame["note"] = column, method, note
    return frame[list(FLAG_COLUMNS)]
