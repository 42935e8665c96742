"""Checks of the hat arrays (``x̂ = x'/x``) that outcomes and tables are computed from.

A hat has one entry per city (shape ``(n_cities,)``), or one row per candidate of a
batch (``(k, n_cities)``); it must be finite and positive (non-negative for land hats,
any sign for the transfers F_d, in yuan). The message of a bad hat names the first bad
city (and row), and asks whether the equilibrium was infeasible or unconverged.
"""

from __future__ import annotations

import numpy as np

from paretoland.exceptions import DataError
from paretoland.model.calibration import Calibration
from paretoland.model.outcomes.dispersion import _all_in_range


def _hat(
    calibration: Calibration, name: str, values: np.ndarray, *, allow_zero: bool = False
) -> np.ndarray:
    """Check that a hat (or transfer) array has shape (n,), is finite and in range."""
    return _hat_rows(calibration, name, values, batch=False, allow_zero=allow_zero)


def _hat_rows(
    calibration: Calibration,
    name: str,
    values: np.ndarray,
    *,
    batch: bool,
    allow_zero: bool = False,
) -> np.ndarray:
    """Check a hat array of shape (k, n) (``batch``) or (n,), vectorised.

    Finite, and positive (non-negative with ``allow_zero``) unless it is the transfers.
    The message names the first bad city (and row).
    """
    values = np.asarray(values, dtype=np.float64)
    n = calibration.n_cities
    if values.ndim != (2 if batch else 1) or values.shape[-1] != n:
        expected = f"(k, {n}), one row per candidate" if batch else f"({n},), one per city"
        raise DataError(f"{name} has shape {values.shape}; expected {expected}.")
    low = None if name == "transfers" else 0.0
    if _all_in_range(values, low=low, strict=not allow_zero):
        return values
    ok = np.isfinite(values)
    rule = "finite"
    if name != "transfers":
        ok &= (values >= 0) if allow_zero else (values > 0)
        rule += (" and non-negative" if allow_zero else " and positive") + (
            "; was the equilibrium infeasible or unconverged?"
        )
    if not ok.all():
        bad = np.argwhere(~ok)
        index = tuple(bad[0])
        code = calibration.data.codes[index[-1]]
        where = f"row {index[0]}, index {index[1]}" if batch else f"index {index[0]}"
        raise DataError(
            f"{name} is {values[index]!r} for city {code} ({where}; "
            f"{bad.shape[0]} bad in all); it must be {rule}"
        )
    return values
