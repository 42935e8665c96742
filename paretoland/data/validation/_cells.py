"""Cell parsing and message formatting shared by the validation checks (private)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from paretoland.data.schema import IDENTIFIER_COLUMNS, OPTIONAL_COLUMNS, QUANTITY_COLUMNS

__all__ = ["MAX_LISTED", "is_missing", "labels_of", "listing", "parse_numbers", "short", "text"]

MAX_LISTED = 10
NA_TOKENS = frozenset({"", "nan", "-nan", "na", "n/a", "#n/a", "<na>", "null", "none"})
NUMBER = re.compile(
    r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?inf(?:inity)?", re.IGNORECASE
)
ID_NAMES = tuple(c.name for c in IDENTIFIER_COLUMNS)
QUANTITY_NAMES = tuple(c.name for c in QUANTITY_COLUMNS)
NUMERIC_NAMES = QUANTITY_NAMES + tuple(c.name for c in OPTIONAL_COLUMNS)


def listing(items: Sequence[str], limit: int = MAX_LISTED) -> str:
    """Indented lines for up to ``limit`` items, then ``... and N more``."""
    lines = [f"\n  {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"\n  ... and {len(items) - limit} more")
    return "".join(lines)


def is_missing(cell: object) -> bool:
    """Whether a raw cell is empty, whitespace, None, NaN or an NA token like ``"NA"``."""
    if cell is None:
        return True
    if isinstance(cell, str):
        return cell.strip().lower() in NA_TOKENS
    if cell is pd.NA or cell is pd.NaT:
        return True
    return isinstance(cell, (float, np.floating)) and bool(np.isnan(cell))


def labels_of(cities: pd.DataFrame) -> list[str]:
    """``"<city_code> <name_zh>"`` for each row, ``"row i"`` where the code is missing."""
    codes = cities["city_code"] if "city_code" in cities else [None] * len(cities)
    names = cities["name_zh"] if "name_zh" in cities else [None] * len(cities)
    labels = []
    for i, (code, name) in enumerate(zip(codes, names, strict=True)):
        name_part = "" if is_missing(name) else f" {name}"
        labels.append(f"row {i + 1}{name_part}" if is_missing(code) else f"{code}{name_part}")
    return labels


def parse_numbers(values: pd.Series | Sequence[object]) -> tuple[np.ndarray, list[int]]:
    """Parse cells to float64 (missing cells -> NaN); return the values and bad positions."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=np.float64, na_value=np.nan), []
    if isinstance(series.dtype, pd.StringDtype):
        return _parse_strings(series)
    out = np.full(len(series), np.nan)
    bad = []
    for i, cell in enumerate(series):
        if is_missing(cell):
            continue
        if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
            out[i] = float(cell)
        elif isinstance(cell, str) and NUMBER.fullmatch(cell.strip()):
            out[i] = float(cell.strip())
        else:
            bad.append(i)
    return out, bad


def _parse_strings(series: pd.Series) -> tuple[np.ndarray, list[int]]:
    """Vectorised :func:`parse_numbers` for a string-dtype column (same rules)."""
    stripped = series.str.strip()
    missing = (stripped.isna() | stripped.str.lower().isin(NA_TOKENS)).to_numpy(dtype=bool)
    matched = stripped.str.fullmatch(NUMBER.pattern, case=False)
    number = matched.fillna(False).to_numpy(dtype=bool) & ~missing
    out = np.full(len(series), np.nan)
    out[number] = stripped[number].astype(np.float64).to_numpy()
    return out, np.flatnonzero(~(missing | number)).tolist()


def short(codes: Sequence[str]) -> str:
    """Comma-separated codes, up to :data:`MAX_LISTED`, then ``and N more``."""
    more = f" and {len(codes) - MAX_LISTED} more" if len(codes) > MAX_LISTED else ""
    return ", ".join(codes[:MAX_LISTED]) + more


def text(cell: object) -> str:
    """Return a cell as text: strings unchanged, None/NaN as ``""``."""
    if isinstance(cell, str):
        return cell
    return "" if is_missing(cell) else str(cell)
