"""Weighted dispersion measures (docs/model.md §4): the gaps' CV and its alternatives.

The output gap and the welfare gap are changes of a weighted dispersion: the
population coefficient of variation ``sqrt(Σ w (x − μ)²) / μ`` with ``μ = Σ w x`` by
default, the Theil T index, the Gini coefficient or the variance of logs as options
(:data:`DISPERSION_MEASURES`), never silent substitutes. Each ``weighted_*`` measure of
one vector ``x`` (shape ``(n,)``, positive, any unit: every measure is unit-free) is the
one-row case of a row-wise core that measures the rows of a ``(k, n)`` batch at once,
so a row of a batch gives exactly the measure of the row alone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from paretoland.exceptions import ConfigError, DataError

__all__ = [
    "DISPERSION_MEASURES",
    "compute_dispersion",
    "weighted_cv",
    "weighted_gini",
    "weighted_theil",
    "weighted_var_log",
]


def _all_in_range(values: np.ndarray, *, low: float | None, strict: bool = True) -> bool:
    """Return whether every entry is finite (and > low, or >= low unless ``strict``).

    Two reductions instead of boolean arrays (a NaN makes the minimum NaN).
    """
    if values.size == 0:
        return True
    lowest, highest = values.min(), values.max()
    if not (np.isfinite(lowest) and np.isfinite(highest)):
        return False
    return low is None or (lowest > low if strict else lowest >= low)


def _validated_rows(
    x: np.ndarray, w: np.ndarray, *, batch: bool, own_weights: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Check rows of values and weights, vectorised, and normalise the weights.

    Values ``x`` have shape (k, n) and weights ``w`` shape (k, n) or (n,); ``w`` is
    normalised to sum to 1 per row (in place if ``own_weights``). Messages name the
    row if ``batch``.
    """
    if not _all_in_range(x, low=0.0):
        bad = ~(np.isfinite(x) & (x > 0))
        r, i = np.argwhere(bad)[0]
        where = f"row {r}, index {i}" if batch else f"index {i}"
        raise DataError(
            f"dispersion needs positive finite values; value {x[r, i]!r} at "
            f"{where} ({int(bad.sum())} bad in all)."
        )
    if not _all_in_range(w, low=0.0, strict=False):
        w2 = np.atleast_2d(w)
        bad = ~(np.isfinite(w2) & (w2 >= 0))
        r, i = np.argwhere(bad)[0]
        where = f"row {r}, index {i}" if batch and w.ndim == 2 else f"index {i}"
        raise DataError(
            f"weights must be non-negative and finite; weight {w2[r, i]!r} at "
            f"{where} ({int(bad.sum())} bad in all)."
        )
    total = w.sum(axis=-1, keepdims=True)
    if not (total > 0).all():
        r = int(np.flatnonzero(~(total.reshape(-1) > 0))[0])
        where = f" (row {r})" if batch and w.ndim == 2 else ""
        raise DataError(f"weights sum to zero{where}; give at least one positive weight.")
    if own_weights:
        w /= total
        return x, w
    return x, w / total


def _validated(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Copy 1-D ``x`` and ``w`` to float arrays of shape (1, n) and check them.

    ``w`` is normalised to sum to 1.
    """
    x = np.array(x, dtype=np.float64)  # a copy: the row cores overwrite x
    w = np.asarray(w, dtype=np.float64)
    if x.ndim != 1 or x.shape != w.shape or x.size == 0:
        raise DataError(
            f"values and weights must be non-empty 1-D arrays of one shape; got "
            f"shapes {x.shape} and {w.shape}."
        )
    return _validated_rows(x[None, :], w[None, :], batch=False)


def _matmul_rowdot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return ``a · b`` along the last axis as a stack of vector dot products."""
    return np.matmul(a[..., None, :], b[..., :, None])[..., 0, 0]


_rowdot = getattr(np, "vecdot", _matmul_rowdot)  # np.vecdot needs numpy >= 2.0
"""Dot products along the last axis: one BLAS dot per row, so a row gives exactly the
``w @ x`` of the row alone, whatever k."""


# Row-wise cores: x (k, n) positive, OVERWRITTEN; w (k, n) or (n,) normalised per row;
# -> shape (k,).
def _cv_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    mean = _rowdot(w, x)
    x -= mean[:, None]  # deviations, squared
    x *= x
    return np.sqrt(_rowdot(w, x)) / mean


def _theil_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    x /= _rowdot(w, x)[:, None]  # ratios x / μ
    terms = np.log(x)
    terms *= x
    return _rowdot(w, terms)


def _gini_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    order = np.argsort(x, axis=-1)  # ties may come in any order: they cancel
    xs = np.take_along_axis(x, order, axis=-1)
    ws = w[order] if w.ndim == 1 else np.take_along_axis(w, order, axis=-1)
    rank_term = np.cumsum(ws, axis=-1)  # 2 C − w − 1
    rank_term *= 2.0
    rank_term -= ws
    rank_term -= 1.0
    xs *= ws
    return np.maximum(_rowdot(xs, rank_term) / _rowdot(w, x), 0.0)


def _var_log_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    logs = np.log(x, out=x)
    logs -= _rowdot(w, logs)[:, None]
    logs *= logs
    return _rowdot(w, logs)


_ROW_MEASURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "cv": _cv_rows,
    "theil": _theil_rows,
    "gini": _gini_rows,
    "var_log": _var_log_rows,
}


def _dispersion_rows(
    x: np.ndarray, w: np.ndarray, measure: str, *, batch: bool = True, own_weights: bool = False
) -> np.ndarray:
    """Return the dispersion of every row of ``x``, shape (k,).

    ``x`` has shape (k, n) and is overwritten; weights ``w`` have shape (k, n) or (n,)
    and are normalised in place if ``own_weights``. Validated row by row, vectorised.
    """
    return _ROW_MEASURES[measure](*_validated_rows(x, w, batch=batch, own_weights=own_weights))


def weighted_cv(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted coefficient of variation ``sqrt(Σ w (x − μ)²) / μ``, ``μ = Σ w x``.

    The population (ddof = 0) CV: with equal weights, ``np.std(x) / np.mean(x)``.

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values (any unit; every measure is unit-free) and non-negative
        weights (normalised to sum to 1 inside).
    """
    return float(_cv_rows(*_validated(x, w))[0])


def weighted_theil(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted Theil T index ``Σ w (x/μ) ln(x/μ)``, ``μ = Σ w x``; 0 iff all x are equal.

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).
    """
    return float(_theil_rows(*_validated(x, w))[0])


def weighted_gini(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted Gini ``Σ_i Σ_j w_i w_j |x_i − x_j| / (2μ)``, ``μ = Σ w x``.

    Computed in O(n log n) on sorted values: ``Σ_i w_i x_i (2 C_i − w_i − 1) / μ``
    with ``C_i`` the cumulative weight up to and including i (ties cancel).

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).

    Returns
    -------
    float
        In [0, 1): e.g. 0.25 for ``x = [1, 3]`` with equal weights.
    """
    return float(_gini_rows(*_validated(x, w))[0])


def weighted_var_log(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted variance of logs ``Σ w (ln x − m)²``, ``m = Σ w ln x`` (ddof = 0).

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).
    """
    return float(_var_log_rows(*_validated(x, w))[0])


DISPERSION_MEASURES: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "cv": weighted_cv,
    "theil": weighted_theil,
    "gini": weighted_gini,
    "var_log": weighted_var_log,
}
"""Dispersion measures by name; ``"cv"`` is the default (docs/model.md §4)."""


def _check_measure(measure: str) -> None:
    if measure not in DISPERSION_MEASURES:
        raise ConfigError(
            f"unknown dispersion measure {measure!r}; choose one of "
            f"{', '.join(map(repr, DISPERSION_MEASURES))}."
        )


def compute_dispersion(x: np.ndarray, w: np.ndarray, measure: str = "cv") -> float:
    """Dispersion of ``x`` under weights ``w`` by the named measure (see the ``weighted_*``)."""
    _check_measure(measure)
    return DISPERSION_MEASURES[measure](x, w)
