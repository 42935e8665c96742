"""Strict reading of the dataset's CSV files: every cell as text, headers checked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paretoland.exceptions import DataError

__all__ = ["read_table"]


def read_table(path: Path, what: str) -> pd.DataFrame:
    """Read a CSV file with every cell as a string (nothing coerced, no NA guessing).

    Parameters
    ----------
    path : Path
        The CSV file (UTF-8, with or without a byte-order mark).
    what : str
        What the file holds ("cities", "migration", "flags"), for messages.

    Returns
    -------
    DataFrame
        One column per header name, cells as str (empty cells as ``""``).

    Raises
    ------
    DataError
        If the file is missing, empty or malformed, or a header name is empty or
        repeated.
    """
    try:
        raw = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DataError(
            f"{what} file not found: {path}.\nFix: a dataset folder holds cities.csv and "
            "migration.csv (flags.csv is optional); `paretoland data template NEW_FOLDER` "
            "writes one to start from."
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"{what} file {path} is empty; it needs a header row.") from exc
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(
            f"cannot read {what} file {path}: {exc}\nFix: save it as "
            "comma-separated UTF-8 with the same number of fields on every "
            "line."
        ) from exc
    header = [str(h) for h in raw.iloc[0]]
    unnamed = [i + 1 for i, h in enumerate(header) if not h.strip()]
    dups = sorted({h for h in header if header.count(h) > 1})
    if unnamed or dups:
        raise DataError(
            f"{what} file {path} has a bad header: "
            + (f"column(s) {unnamed} have no name (written with index=True?) " if unnamed else "")
            + (f"duplicate column name(s) {dups}" if dups else "")
            + "\nFix: give every column one unique name from the schema."
        )
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame
