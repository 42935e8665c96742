"""Quota-trading rules (docs/model.md §5): who sells, who buys, how much, at what price.

A :class:`~paretoland.model.quotas.rule.QuotaRule` turns a calibrated economy into a
:class:`~paretoland.model.quotas.trade.QuotaTrade`: the land hats R̂^Y and R̂^H, the
transfers F_d (yuan) and optional mobility-cost hats ĉ_od that the equilibrium solver
takes, plus the record of the trade (land sold and bought per city and use, money
received and paid, the central intermediary's balance).

Conventions the paper leaves open, settled here:

- Sellers of land use k are participating cities with τ^k < 0, buyers those with
  τ^k > 0. A pool with sellers but no buyers moves no land (its sellers keep it).
- In a national pool a buyer's quota comes proportionally from every seller in the
  pool; the part that comes from its own province settles at the seller price (a
  trade inside one province), the rest at the buyer's tier price. The share from its
  own province is computed for each land use separately (each use has its own
  sellers); a ``"split"`` flow is one undifferentiated pool.
- ``land_use="split"`` trades undifferentiated construction land: a city sells if
  its land-weighted average wedge (R^Y τ^Y + R^H τ^H) / (R^Y + R^H) is negative and
  buys if it is positive; sellers give up both uses in proportion to their stocks,
  buyers use ``split_productive`` of what they receive as productive land.

Batches: :func:`~paretoland.model.quotas.apply.trade_from_shares`,
:func:`~paretoland.model.quotas.allocation.allocate_pools`,
:func:`~paretoland.model.quotas.prices.buyer_unit_price` and
:func:`~paretoland.model.quotas.trade.trade_from_flows` take per-city arrays of shape
``(n,)`` (one candidate rule) or ``(k, n)`` (a batch of k candidates, one per row; the
single case is the batch case without the leading axis). A batch trade holds ``(k, n)``
arrays; its :meth:`~paretoland.model.quotas.trade.QuotaTrade.row` is the single trade
of one row.

The modules, one part of the rule each: ``rule`` (the options and the 2018 defaults),
``market`` (participants, pools, traded uses), ``allocation`` (a pool's quota among its
buyers), ``prices`` (what buyers pay), ``mobility`` (mobility-cost hats), ``trade``
(the trade record), ``apply`` (rule → trade) and ``groups`` (sums over pools and
provinces). Every public name is importable from this package.
"""

from __future__ import annotations

from paretoland.model.quotas.allocation import allocate_pools
from paretoland.model.quotas.apply import apply_rule, trade_from_shares
from paretoland.model.quotas.groups import group_sums, province_index
from paretoland.model.quotas.market import participants, traded_uses, trading_pools
from paretoland.model.quotas.prices import buyer_unit_price
from paretoland.model.quotas.rule import (
    BUYER_PRICE_TIERS,
    DEFAULT_BUYER_PRICE,
    PILOT_SELLER_PROVINCES,
    RECEIVING_PROVINCES,
    SELLER_PRICE,
    QuotaRule,
)
from paretoland.model.quotas.trade import QuotaTrade, trade_from_flows

__all__ = [
    "PILOT_SELLER_PROVINCES",
    "RECEIVING_PROVINCES",
    "SELLER_PRICE",
    "BUYER_PRICE_TIERS",
    "DEFAULT_BUYER_PRICE",
    "QuotaRule",
    "QuotaTrade",
    "allocate_pools",
    "apply_rule",
    "buyer_unit_price",
    "participants",
    "group_sums",
    "province_index",
    "trade_from_flows",
    "trade_from_shares",
    "traded_uses",
    "trading_pools",
]
