"""Checks of the migration share matrix and of residents against it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from paretoland.data.schema import MIGRATION_ORIGIN_COLUMN
from paretoland.data.validation._cells import labels_of, listing, parse_numbers, short
from paretoland.exceptions import DataError

__all__ = ["MIGRATION_ROW_SUM_ATOL", "validate_migration", "validate_residents"]

MIGRATION_ROW_SUM_ATOL = 1e-6
"""Largest accepted absolute deviation of a migration row sum from 1."""


def _split_migration(migration: pd.DataFrame) -> tuple[list[str], list[str], pd.DataFrame]:
    """Origin codes, destination codes and the share block of a migration frame."""
    if MIGRATION_ORIGIN_COLUMN in migration.columns:
        origins = migration[MIGRATION_ORIGIN_COLUMN]
        body = migration.drop(columns=MIGRATION_ORIGIN_COLUMN)
    elif not isinstance(migration.index, pd.RangeIndex):
        origins, body = pd.Series(migration.index), migration
    else:
        first = str(migration.columns[0]) if len(migration.columns) else "(none)"
        raise DataError(
            f"migration matrix has no '{MIGRATION_ORIGIN_COLUMN}' column (first column: "
            f"{first!r}).\nFix: make the first column '{MIGRATION_ORIGIN_COLUMN}' hold the "
            "origin city codes, followed by one column per destination city code."
        )
    return [str(o) for o in origins], [str(d) for d in body.columns], body


def _check_migration_ids(origins: list[str], destinations: list[str], codes: Sequence[str]) -> None:
    """Duplicate, missing or surplus codes in the migration rows and columns."""
    for what, ids in (("origin (row)", origins), ("destination (column)", destinations)):
        dups = sorted(pd.Series(ids)[pd.Series(ids).duplicated()].unique())
        if dups:
            raise DataError(
                f"migration matrix has duplicate {what} codes: {', '.join(dups)}."
                "\nFix: each city must have exactly one row and one column."
            )
    known = set(codes)
    items = []
    for what, ids in (("rows (origin)", origins), ("columns (destination)", destinations)):
        extra = [c for c in ids if c not in known]
        present = set(ids)
        absent = [c for c in codes if c not in present]
        if extra:
            items.append(f"only in migration {what}: {short(extra)}")
        if absent:
            items.append(f"only in cities data, absent from migration {what}: {short(absent)}")
    shape = f"{len(origins)} rows x {len(destinations)} columns"
    if len(origins) != len(destinations):
        items.insert(0, f"the matrix is not square: {shape}")
    if items:
        raise DataError(
            f"migration matrix does not match the cities ({len(codes)} cities; migration "
            f"{shape}):{listing(items)}\nFix: the migration matrix needs exactly one row and "
            "one column per city in the cities data (any order); add or remove cities in "
            "one of the files."
        )


def _parse_migration_frame(
    body: pd.DataFrame, origins: list[str], destinations: list[str], names: dict[str, str]
) -> np.ndarray:
    """Parse the share block to float64 (rows origin, columns destination), strictly."""
    cells = body.to_numpy(dtype=object)
    flat = pd.Series(cells.ravel())
    if all(isinstance(t, pd.StringDtype) for t in body.dtypes):
        flat = flat.astype(str)  # as read from CSV: parse the whole block at once
    elif all(
        pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in body.dtypes
    ):
        flat = pd.Series(body.to_numpy(dtype=np.float64, na_value=np.nan).ravel())
    values, bad = parse_numbers(flat)
    origin, dest = [f"{c} {names[c]}" for c in origins], [f"{c} {names[c]}" for c in destinations]
    items = [
        f"origin {origin[k // cells.shape[1]]}, destination "
        f"{dest[k % cells.shape[1]]}: {cells.flat[k]!r}"
        for k in bad
    ]
    if items:
        raise DataError(
            f"migration matrix has {len(items)} non-numeric share(s):"
            f"{listing(items)}\nFix: every share must be a plain decimal number."
        )
    return values.reshape(cells.shape)


def validate_migration(migration: pd.DataFrame | np.ndarray, cities: pd.DataFrame) -> np.ndarray:
    """Validate the migration share matrix and put it in the cities' order.

    Parameters
    ----------
    migration : DataFrame or ndarray
        A DataFrame in the CSV layout (column ``origin`` then one column per
        destination code) or indexed by origin code; rows and columns in any order.
        An ndarray of shape (n_cities, n_cities) is taken in the cities' row order.
    cities : DataFrame
        The cities table (``city_code`` and ``name_zh`` columns are used).

    Returns
    -------
    ndarray(float, shape=(n_cities, n_cities))
        Shares ``m[o, d]``, rows origin, columns destination, in the cities' order.
    """
    codes = [str(c) for c in cities["city_code"]]
    if isinstance(migration, pd.DataFrame):
        origins, destinations, body = _split_migration(migration)
        _check_migration_ids(origins, destinations, codes)
        names = dict(zip(codes, map(str, cities["name_zh"]), strict=True))
        values = _parse_migration_frame(body, origins, destinations, names)
        row_of = {c: i for i, c in enumerate(origins)}
        col_of = {c: j for j, c in enumerate(destinations)}
        values = values[np.ix_([row_of[c] for c in codes], [col_of[c] for c in codes])]
    else:
        try:
            values = np.array(migration, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise DataError(f"migration matrix is not numeric: {exc}") from exc
        if values.shape != (len(codes), len(codes)):
            raise DataError(
                f"migration matrix has shape {values.shape}, expected ({len(codes)}, "
                f"{len(codes)}) for {len(codes)} cities.\nFix: pass one row and one column "
                "per city, in the cities' order (or a DataFrame labelled by city code)."
            )
    _check_shares(values, labels_of(cities))
    return np.ascontiguousarray(values)


def _check_shares(values: np.ndarray, labels: list[str]) -> None:
    """NaN, infinite or negative shares, and rows that do not sum to 1."""
    bad = [
        f"origin {labels[o]}, destination {labels[d]}: {float(values[o, d])!r}"
        for o, d in zip(*np.nonzero(~np.isfinite(values) | (values < 0)), strict=True)
    ]
    if bad:
        raise DataError(
            f"migration matrix has {len(bad)} NaN, infinite or negative share(s):"
            f"{listing(bad)}\nFix: shares are non-negative fractions of each origin's "
            "hukou labour force; write 0 for no migrants."
        )
    sums = values.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1.0) > MIGRATION_ROW_SUM_ATOL)
    if off.size:
        items = [f"origin {labels[o]}: row sum {sums[o]:.9g}" for o in off]
        raise DataError(
            f"migration matrix rows must sum to 1 (within {MIGRATION_ROW_SUM_ATOL:g}); "
            f"{off.size} do not:{listing(items)}\nFix: divide each row by its sum."
        )


def validate_residents(
    cities: pd.DataFrame, migration: np.ndarray, rtol: float, source: str = "<memory>"
) -> None:
    """Check resident shares against those implied by hukou labour and migration.

    Implied residents are ``m.T @ hukou`` (docs/model.md §1, ``L_d = Σ_o m_od L^o_o``). Their
    shares of the total are compared with the stated ``resident_pop_10k`` shares; a
    relative difference above ``rtol`` is an error, whose fix names the dataset folder
    ``source`` (when the data came from one).
    """
    hukou = cities["hukou_pop_10k"].to_numpy(dtype=np.float64)
    stated = cities["resident_pop_10k"].to_numpy(dtype=np.float64)
    implied = migration.T @ hukou
    implied_share, stated_share = implied / implied.sum(), stated / stated.sum()
    rel = np.abs(implied_share / stated_share - 1.0)
    off = np.flatnonzero(rel > rtol)
    if not off.size:
        return
    labels = labels_of(cities)
    scaled = implied_share * stated.sum()
    order = off[np.argsort(-rel[off])]
    items = [
        f"{labels[i]}: stated {stated[i]:.6g} 万人, implied {scaled[i]:.6g} 万人 "
        f"({implied_share[i] / stated_share[i] - 1:+.3%})"
        for i in order
    ]
    folder = source if source != "<memory>" else "DATASET_FOLDER"
    raise DataError(
        f"resident_pop_10k is inconsistent with hukou_pop_10k and the migration matrix for "
        f"{off.size} city(ies) (implied residents = m.T @ hukou, scaled to the stated total; "
        f"relative error of the resident share > {rtol:g}):{listing(items)}\n"
        f"Fix: `paretoland data rake {folder} --out {folder}-raked` rakes the migration "
        "matrix (iterative proportional fitting, IPF) so that m.T @ hukou matches "
        "resident_pop_10k; or leave resident_pop_10k out, and residents are derived as "
        "m.T @ hukou; or correct it. From Python, load_cities(..., residents_rtol=...) "
        "accepts a larger difference."
    )
