"""Quota prices and payments (docs/model.md §5): what each buyer pays per m².

Sellers receive the seller price; buyers pay their province's tier price (yuan/m²),
except for the part of their quota that comes from their own province, a trade inside
one province settled at the seller price. In a national pool a buyer's quota comes
proportionally from every seller in the pool, and its own-province share is computed
for each land use separately (each use has its own sellers); a ``"split"`` flow is one
undifferentiated pool. :func:`buyer_unit_price` takes arrays of shape ``(n,)`` or
``(k, n)`` (a batch, one row per candidate).
"""

from __future__ import annotations

import weakref

import numpy as np

from paretoland.data.provinces import province_by_name
from paretoland.model.calibration import Calibration
from paretoland.model.quotas.groups import _spread, group_sums, province_index
from paretoland.model.quotas.rule import QuotaRule

__all__ = ["buyer_unit_price"]

_TIER_PRICES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tier_prices(calibration: Calibration, rule: QuotaRule) -> np.ndarray:
    """Return each city's buyer tier price under ``rule`` (yuan/m², shape (n,)).

    Read-only, cached per calibration and (default price, price table).
    """
    key = (float(rule.default_buyer_price), tuple(sorted(rule.buyer_prices.items())))
    by_rule = _TIER_PRICES.setdefault(calibration, {})
    tier = by_rule.get(key)
    if tier is None:
        tiers = {province_by_name(n).code: p for n, p in rule.buyer_prices.items()}  # type: ignore[union-attr]
        tier = np.array(
            [tiers.get(c, rule.default_buyer_price) for c in calibration.data.province_codes],
            dtype=np.float64,
        )
        tier.flags.writeable = False
        by_rule[key] = tier
    return tier


def buyer_unit_price(
    calibration: Calibration, rule: QuotaRule, sold: np.ndarray, pool: np.ndarray
) -> np.ndarray:
    """Return the yuan per m² each buyer pays.

    The seller price for the part of its quota that comes from its own province, its
    tier price for the rest.

    Call it once per land use, with that use's land sold: the own-province share of a
    use's quota depends on where that use's sellers are.

    Parameters
    ----------
    calibration : Calibration
        The baseline (provinces).
    rule : QuotaRule
        Seller price, tier prices and default buyer price.
    sold : ndarray, shape (n,) or (k, n)
        Land of one use each city sells (m²); one row per candidate of a batch.
    pool : ndarray of int, shape (n,)
        Pool index of each city.

    Returns
    -------
    ndarray, shape (n,) or (k, n)
        The unit price (yuan/m²) every city would pay per m² bought. The tier prices
        and province index are cached per calibration, so repeated calls are cheap.
    """
    sold = np.asarray(sold, dtype=np.float64)
    pool = np.asarray(pool)
    tier = _tier_prices(calibration, rule)
    province, n_provinces = province_index(calibration)
    n_pools = int(pool.max()) + 1
    key = pool * n_provinces + province
    same = _spread(group_sums(sold, key, n_pools * n_provinces), key)
    pool_total = _spread(group_sums(sold, pool, n_pools), pool)
    positive = pool_total > 0
    own_share = np.divide(same, pool_total, out=same, where=positive)  # same: a fresh array
    if not positive.all():
        np.copyto(own_share, 0.0, where=~positive)
    price = own_share * rule.seller_price
    np.subtract(1.0, own_share, out=own_share)
    if own_share.shape == price.shape == np.broadcast_shapes(own_share.shape, tier.shape):
        own_share *= tier  # (1 − own share) × tier, then + own share × seller price
    else:
        own_share = own_share * tier
    own_share += price
    return own_share


def _payments(
    calibration: Calibration, rule: QuotaRule, trades: dict, pool: np.ndarray
) -> np.ndarray:
    """Return what each buyer pays (yuan), use by use.

    Each traded use's quota is priced with the own-province share of that use's pool
    (docs/model.md §5); ``trades`` maps each use to its ``(sold, bought)`` arrays, shape
    (n,) or (k, n) (a ``"split"`` flow is one use).
    """
    payments = None
    for sold, bought in trades.values():
        paid = buyer_unit_price(calibration, rule, sold, pool)
        paid *= bought
        payments = paid if payments is None else np.add(payments, paid, out=payments)
    assert payments is not None  # a rule trades at least one use
    return payments
