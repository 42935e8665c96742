"""Sums over groups of cities (pools, provinces), row by row of a batch.

:func:`group_sums` adds per-city values over each group, for one candidate (shape
``(n,)``) or a batch (``(k, n)``), so that a row of a batch gives exactly the sums of
the same row alone; :func:`province_index` is each city's province, cached per
calibration. The pools and prices of docs/model.md §5 are computed with them.
"""

from __future__ import annotations

import weakref

import numpy as np

from paretoland.model.calibration import Calibration

__all__ = ["group_sums", "province_index"]


def group_sums(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum ``values`` (shape (n,) or (k, n)) over the cities of each group, row by row.

    Returns shape ``(n_groups,)`` or ``(k, n_groups)``: one ``bincount`` on flattened
    offsets ``row * n_groups + group`` (a row's values are added in city order), or a
    row sum when there is one group. Either way a row of a batch gives exactly the sums
    of the same row alone.
    """
    if n_groups == 1:
        return values.sum(axis=-1, keepdims=True)
    lead = values.shape[:-1]
    flat = values.reshape(-1, values.shape[-1])
    rows = flat.shape[0]
    index = group if rows == 1 else _offsets(rows, group, n_groups)
    sums = np.bincount(index, weights=flat.ravel(), minlength=rows * n_groups)
    return sums.reshape(*lead, n_groups)


_OFFSETS: dict[tuple, np.ndarray] = {}
_OFFSETS_KEPT = 8


def _offsets(rows: int, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Return the flattened bincount index ``row * n_groups + group`` of ``rows`` rows.

    Read-only, shape (rows * n,); the last few are cached, as a population's batches
    reuse them.
    """
    key = (rows, n_groups, group.tobytes())
    index = _OFFSETS.get(key)
    if index is None:
        index = (np.arange(rows, dtype=np.int64)[:, None] * n_groups + group).ravel()
        index.flags.writeable = False
        while len(_OFFSETS) >= _OFFSETS_KEPT:
            _OFFSETS.pop(next(iter(_OFFSETS)), None)
        _OFFSETS[key] = index
    return index


def _spread(per_group: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Return each city's value of its group, from per-group values (..., n_groups).

    Shape (..., n), or (..., 1) (broadcasting) when there is one group.
    """
    return per_group if per_group.shape[-1] == 1 else per_group[..., group]


_PROVINCE_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def province_index(calibration: Calibration) -> tuple[np.ndarray, int]:
    """Return each city's province index and the number of provinces.

    The index is read-only int64, shape (n,), provinces in sorted code order; cached
    per calibration.
    """
    cached = _PROVINCE_INDEX.get(calibration)
    if cached is None:
        codes, index = np.unique(calibration.data.province_codes, return_inverse=True)
        index = index.astype(np.int64).reshape(-1)
        index.flags.writeable = False
        cached = _PROVINCE_INDEX[calibration] = (index, int(codes.size))
    return cached
