"""Buyer allocation (docs/model.md §5): each pool's quota shared among its buyers.

:func:`allocate_pools` adds up what each pool's sellers offer and gives it to the
pool's buyers in proportion to their weights (equal areas, or areas proportional to
their own stock), so Σ sold = Σ bought in every pool; a pool with sellers but no
buyers moves no land (its sellers keep it). Arrays have shape ``(n,)`` (one candidate)
or ``(k, n)`` (a batch, one row per candidate).
"""

from __future__ import annotations

import numpy as np

from paretoland.model.quotas.groups import _spread, group_sums

__all__ = ["allocate_pools"]


def allocate_pools(
    sell_area: np.ndarray, buyer_weight: np.ndarray, pool: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pool sellers' quotas and share each pool among its buyers.

    Parameters
    ----------
    sell_area : ndarray, shape (n,) or (k, n)
        Land each city offers (m²; 0 for non-sellers); one row per candidate of a batch.
    buyer_weight : ndarray, shape (n,) or (k, n)
        Non-negative weights of buyers (0 for non-buyers); broadcast against
        ``sell_area``.
    pool : ndarray of int, shape (n,)
        Pool index of each city (the same for every row).

    Returns
    -------
    sold, bought : ndarray, shape (n,) or (k, n)
        Land sold and bought (m²). Pools without buyers sell nothing, so
        Σ sold = Σ bought within every pool (of every row).
    """
    sell_area, buyer_weight = np.broadcast_arrays(
        np.asarray(sell_area, dtype=np.float64), np.asarray(buyer_weight, dtype=np.float64)
    )
    return _allocate(np.array(sell_area), buyer_weight, np.asarray(pool))


def _allocate(
    sell: np.ndarray, weight: np.ndarray, pool: np.ndarray, *, overwrite_weight: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Run :func:`allocate_pools` on float arrays, in place where it may.

    ``sell`` (owned by the caller, writeable, of the full shape) becomes the land sold
    in place, and ``weight`` the land bought in place too if ``overwrite_weight``
    allows and it has the full shape.
    """
    n_pools = int(pool.max()) + 1
    offered = group_sums(sell, pool, n_pools)
    weights = group_sums(weight, pool, n_pools)
    active = np.broadcast_to(weights > 0, np.broadcast_shapes(offered.shape, weights.shape))
    per_weight = np.divide(offered, weights, out=np.zeros(active.shape), where=active)
    if not active.all():  # pools without buyers sell nothing
        np.copyto(sell, 0.0, where=~_spread(active, pool))
    per_city = _spread(per_weight, pool)
    if overwrite_weight and _writeable_as(weight, sell.shape):
        weight *= per_city
        return sell, weight
    return sell, weight * per_city


def _writeable_as(array: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether ``array`` can take a float result of ``shape`` in place."""
    return (
        array.shape == shape
        and array.dtype == np.float64
        and array.flags.writeable
        and array.base is None
    )
