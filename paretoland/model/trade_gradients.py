"""Derivatives of a quota trade with respect to sellers' shares and buyers' weights.

The chain rule's middle links (docs/model.md §5): :class:`TradeLinearisation` differentiates
:func:`~paretoland.model.quotas.apply.trade_from_shares` at one point, from the shares φ and
weights ω of each traded use to the trade's flows
(:data:`~paretoland.model.outcome_gradients.TRADE_FLOWS`), and :func:`shock_tangent` /
:func:`flow_cotangents` differentiate the shock the solver takes (R̂^k = 1 +
(bought^k − sold^k)/R^k, F = (θ_R/θ_G) receipts − payments) with respect to those flows.
For each use, with pools P:

- sold_d = φ_d R_d (its pool open), bought_d = ω_d O_P / W_P, O_P = Σ_P φ R and
  W_P = Σ_P ω: each pool's land goes to its buyers in proportion to their weights;
- buyers pay p_d = own_d p_s + (1 − own_d) tier_d per m², own_d the share of the pool's
  land sold from d's own province (of both uses together); sellers receive p_s.

Kinks: a pool whose buyers all have weight 0 (W_P = 0) sells nothing, and gaining a
first buyer moves its whole offer at once (a jump: no derivative); a pool with neither
weight nor offer opens along a direction that gives it both, its land going to buyers
in proportion dω dO/dW (not linear in the direction); a pool where nothing is sold has
no own-province share (0/0), so its buyer prices depend on the direction. There the
gradient (:meth:`TradeLinearisation.vjp`) is that of the closed pool (zero flows) at
tier prices, the forward mode (:meth:`TradeLinearisation.jvp`) gives the exact
one-sided directional derivative (except across a jump), and
:attr:`TradeLinearisation.kinks` names the pool. Elsewhere the trade is smooth in
(φ, ω).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.outcome_gradients import TRADE_FLOWS
from paretoland.model.params import ModelParams
from paretoland.model.quotas import (
    QuotaRule,
    QuotaTrade,
    group_sums,
    participants,
    province_index,
    trade_from_shares,
    traded_uses,
    trading_pools,
)
from paretoland.model.quotas.groups import _spread
from paretoland.model.quotas.prices import _tier_prices

__all__ = ["TradeLinearisation", "flow_cotangents", "shock_tangent"]


class _Use:
    """One traded use at the point.

    Its stock R, weights ω, per-weight land O_P/W_P, 1/W_P and whether the pool is open
    (W_P > 0), all spread to cities (shape (n,)), and how
    its sold and bought land splits into (productive, residential).
    """

    def __init__(
        self,
        stock: np.ndarray,
        share: np.ndarray,
        weight: np.ndarray,
        pool: np.ndarray,
        split: tuple[np.ndarray | float, ...],
        buyers: np.ndarray,
    ) -> None:
        n_pools = int(pool.max()) + 1
        self.offer = share * stock
        offered = group_sums(self.offer, pool, n_pools)
        total = group_sums(weight, pool, n_pools)
        open_ = total > 0.0
        inverse = np.divide(1.0, total, out=np.zeros_like(total), where=open_)
        self.stock, self.weight, self.pool, self.n_pools = stock, weight, pool, n_pools
        self.per_weight = np.broadcast_to(_spread(offered * inverse, pool), stock.shape)
        self.inverse = np.broadcast_to(_spread(inverse, pool), stock.shape)
        self.open = np.broadcast_to(_spread(open_, pool), stock.shape)
        self.empty = np.broadcast_to(_spread(~open_ & (offered == 0.0), pool), stock.shape)
        eligible = group_sums(buyers.astype(np.float64), pool, n_pools) > 0.0
        self.closed_pools = np.flatnonzero(~open_ & (offered > 0.0) & eligible)
        self.sold_y, self.sold_h, self.bought_y, self.bought_h = split

    def flows(self) -> tuple[np.ndarray, np.ndarray]:
        """Land sold and bought of this use at the point (m², shape (n,))."""
        return self.offer * self.open, self.weight * self.per_weight

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Each city's pool total of ``values`` (rows (k, n))."""
        return _spread(group_sums(values, self.pool, self.n_pools), self.pool)

    def jvp(self, d_share: np.ndarray, d_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(d sold, d bought) of this use, rows (k, n).

        In a pool with neither weight nor offer (W_P = O_P = 0), the exact one-sided
        derivative: a direction that gives it weight (dW_P > 0) opens it, its land going
        to the buyers in proportion dω_d dO_P / dW_P.
        """
        d_offer = d_share * self.stock
        d_offered, d_total = self.sums(d_offer), self.sums(d_weight)
        d_bought = d_weight * self.per_weight
        d_bought += self.weight * self.inverse * (d_offered - self.per_weight * d_total)
        opening = self.empty & (d_total > 0.0)
        d_sold = np.where(self.open | opening, d_offer, 0.0)
        if opening.any():
            opening = np.broadcast_to(opening, np.broadcast_shapes(opening.shape, d_offer.shape))
            ratio = np.divide(d_offered, d_total, out=np.zeros(opening.shape), where=opening)
            d_bought += d_weight * ratio
        return d_sold, d_bought

    def vjp(self, c_sold: np.ndarray, c_bought: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(∂/∂φ, ∂/∂ω) of this use from cotangents on its sold and bought land."""
        c_offered = self.sums(self.weight * self.inverse * c_bought)
        c_share = (np.where(self.open, c_sold, 0.0) + c_offered) * self.stock
        return c_share, self.per_weight * (c_bought - c_offered)


class _UsePrice:
    """What buyers pay for one use's quota, linearised at the point.

    p_d = tier_d + own_d (p_s − tier_d), own_d the share of the use's pool land sold
    from d's own province (docs/model.md §5, per land use); payments = p · bought.
    """

    def __init__(
        self, sold: np.ndarray, bought: np.ndarray, structure: _Structure, seller_price: float
    ) -> None:
        self.structure, self.bought = structure, bought
        total = self.sums(sold)
        self.inverse_total = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
        self.own = self.province_sums(sold) * self.inverse_total
        self.margin = seller_price - structure.tier  # p_s − tier
        self.price = structure.tier + self.own * self.margin

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Each city's pool total of ``values`` (rows (k, n))."""
        pool = self.structure.pool
        return _spread(group_sums(values, pool, self.structure.n_pools), pool)

    def province_sums(self, values: np.ndarray) -> np.ndarray:
        """Each city's total of ``values`` over its pool and province."""
        key = self.structure.key
        return _spread(group_sums(values, key, self.structure.n_keys), key)

    def jvp(self, d_sold: np.ndarray, d_bought: np.ndarray) -> np.ndarray:
        """Return d payments (rows (k, n)).

        Where the pool sells nothing yet, buyers pay the price of the direction's
        own-province share (the exact one-sided derivative).
        """
        d_same, d_total = self.province_sums(d_sold), self.sums(d_sold)
        d_own = (d_same - self.own * d_total) * self.inverse_total
        price = self.price
        starting = (self.inverse_total == 0.0) & (d_total != 0.0)
        if starting.any():
            starting = np.broadcast_to(starting, np.broadcast_shapes(starting.shape, d_sold.shape))
            own = np.divide(d_same, d_total, out=np.zeros(starting.shape), where=starting)
            price = np.where(starting, self.structure.tier + own * self.margin, price)
        return self.margin * d_own * self.bought + price * d_bought

    def vjp(self, c_payments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(∂/∂sold, ∂/∂bought) of this use from a cotangent on the payments."""
        c_own = self.margin * self.bought * c_payments * self.inverse_total
        c_sold = self.province_sums(c_own) - self.sums(c_own * self.own)
        return c_sold, self.price * c_payments


class TradeLinearisation:
    """The derivative of :func:`~paretoland.model.quotas.apply.trade_from_shares` at one point.

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    market : QuotaRule
        The market (land use, pools, prices), as for ``trade_from_shares``.
    shares, weights : dict of str to ndarray, shape (n,)
        The point: sellers' shares and buyers' weights of each traded use.
    trade : QuotaTrade, optional
        The trade at the point, if already made (checked against the shares and
        weights); by default ``trade_from_shares`` makes it.

    Attributes
    ----------
    trade : QuotaTrade
        The trade at the point.
    kinks : tuple of str
        Pools at a kink (no buyer weight with land offered; nothing sold).

    Raises
    ------
    ConfigError
        If the uses do not match the market, or ``trade`` is not the trade of the
        shares and weights.
    """

    def __init__(
        self,
        calibration: Calibration,
        market: QuotaRule,
        shares: Mapping[str, np.ndarray],
        weights: Mapping[str, np.ndarray],
        trade: QuotaTrade | None = None,
    ) -> None:
        structure = _structure(calibration, market)
        if set(structure.uses) != set(shares) or set(shares) != set(weights):
            raise ConfigError(
                f"shares and weights must give exactly the traded use(s) "
                f"{list(structure.uses)} of land_use={market.land_use!r}."
            )
        if trade is None:
            trade = trade_from_shares(calibration, market, dict(shares), dict(weights))
        if trade.batch_size is not None:
            raise ConfigError("TradeLinearisation takes one point: shares of shape (n,).")
        self.trade, self._structure = trade, structure
        self._uses = {
            use: _Use(stock, shares[use], weights[use], structure.pool, split, buyers)
            for use, (stock, split, buyers) in structure.uses.items()
        }
        self._check_trade()
        self._seller_price = market.seller_price
        self._prices = {
            use: _UsePrice(*point.flows(), structure, market.seller_price)
            for use, point in self._uses.items()
        }
        self.kinks = tuple(
            f"{use}: pool {int(p)} has land offered but no buyer weight"
            for use, point in self._uses.items()
            for p in point.closed_pools
        ) + tuple(
            f"{use}: pool {int(p)} sells no land (buyer prices at their tier)"
            for use, price in self._prices.items()
            for p in np.unique(structure.pool[(price.inverse_total == 0.0) & structure.trading])
        )

    def _check_trade(self) -> None:
        """Raise ConfigError unless the trade's land flows are those of the point."""
        expected: dict[str, np.ndarray | float] = {name: 0.0 for name in TRADE_FLOWS[:4]}
        for point in self._uses.values():
            sold, bought = point.flows()
            expected["sold_productive"] += point.sold_y * sold
            expected["sold_residential"] += point.sold_h * sold
            expected["bought_productive"] += point.bought_y * bought
            expected["bought_residential"] += point.bought_h * bought
        for name, values in expected.items():
            given = np.asarray(getattr(self.trade, name))
            if given.shape != np.shape(values) and np.ndim(values) != 0:
                raise ConfigError(f"the trade's {name} has shape {given.shape}, not (n,).")
            if np.abs(given - values).max() > 1e-9 * max(1.0, float(np.abs(given).max())):
                raise ConfigError(
                    f"the shares and weights do not give this trade ({name} differs): pass "
                    "the levers the trade was made from."
                )

    @property
    def uses(self) -> tuple[str, ...]:
        """The traded uses."""
        return tuple(self._uses)

    def jvp(
        self, d_shares: Mapping[str, np.ndarray], d_weights: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """Tangents of the flows (rows (k, n)) for tangents of shares and weights.

        ``d_shares`` and ``d_weights`` give every traded use, shape (k, n).
        """
        flows: dict[str, np.ndarray | float] = {name: 0.0 for name in TRADE_FLOWS}
        for use, point in self._uses.items():
            d_sold, d_bought = point.jvp(
                np.atleast_2d(d_shares[use]), np.atleast_2d(d_weights[use])
            )
            for name, change, coefficient in (
                ("sold_productive", d_sold, point.sold_y),
                ("sold_residential", d_sold, point.sold_h),
                ("bought_productive", d_bought, point.bought_y),
                ("bought_residential", d_bought, point.bought_h),
            ):
                flows[name] = flows[name] + coefficient * change
            flows["payments"] = flows["payments"] + self._prices[use].jvp(d_sold, d_bought)
        flows["receipts"] = self._seller_price * (
            flows["sold_productive"] + flows["sold_residential"]
        )
        return flows  # type: ignore[return-value]

    def vjp(
        self, cotangents: Mapping[str, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(∂/∂φ, ∂/∂ω) per use, rows (k, n), from cotangents on the flows.

        ``cotangents`` maps any of :data:`TRADE_FLOWS` to rows (k, n) (or (n,)).
        """
        rows = {name: np.atleast_2d(value) for name, value in cotangents.items()}
        k = next(iter(rows.values())).shape[0] if rows else 1
        zero = np.zeros((k, self._structure.pool.shape[0]))
        receipts = self._seller_price * rows.get("receipts", zero)
        c_sold_y = receipts + rows.get("sold_productive", zero)
        c_sold_h = receipts + rows.get("sold_residential", zero)
        c_bought_y = rows.get("bought_productive", zero)
        c_bought_h = rows.get("bought_residential", zero)
        c_shares, c_weights = {}, {}
        for use, point in self._uses.items():
            c_sold, c_bought = self._prices[use].vjp(rows.get("payments", zero))
            c_sold = c_sold + point.sold_y * c_sold_y + point.sold_h * c_sold_h
            c_bought = c_bought + point.bought_y * c_bought_y + point.bought_h * c_bought_h
            c_shares[use], c_weights[use] = point.vjp(c_sold, c_bought)
        return c_shares, c_weights


@dataclass(frozen=True, eq=False)
class _Structure:
    """What a market fixes on a calibration.

    Each use's (stock, split, eligible buyers), the pools, the (pool, province) keys, the
    tier prices and the cities whose pool could trade (an eligible seller and buyer).
    """

    uses: dict[str, tuple[np.ndarray, tuple[np.ndarray | float, ...], np.ndarray]]
    pool: np.ndarray
    n_pools: int
    key: np.ndarray
    n_keys: int
    tier: np.ndarray
    trading: np.ndarray


_STRUCTURES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_STRUCTURES_KEPT = 8


def _structure(calibration: Calibration, market: QuotaRule) -> _Structure:
    """Return the market's :class:`_Structure` on this calibration (the last few cached)."""
    cache = _STRUCTURES.setdefault(calibration, {})
    key = repr(market)
    if key not in cache:
        while len(cache) >= _STRUCTURES_KEPT:
            cache.pop(next(iter(cache)))
        cache[key] = _make_structure(calibration, market)
    return cache[key]


def _make_structure(calibration: Calibration, market: QuotaRule) -> _Structure:
    pool = trading_pools(calibration, market)
    n_pools = int(pool.max()) + 1
    province, n_provinces = province_index(calibration)
    sellers_ok, buyers_ok = participants(calibration, market)
    uses, trading = {}, np.zeros(pool.shape, dtype=bool)
    for use, wedge, stock in traded_uses(calibration, market):
        buyers = buyers_ok & (wedge > 0)
        uses[use] = (stock, _split(calibration, market, use), buyers)
        pairs = np.bincount(pool, sellers_ok & (wedge < 0)) * np.bincount(pool, buyers)
        trading |= pairs[pool] > 0
    return _Structure(
        uses=uses,
        pool=pool,
        n_pools=n_pools,
        key=pool * n_provinces + province,
        n_keys=n_pools * n_provinces,
        tier=_tier_prices(calibration, market),
        trading=trading,
    )


def _split(calibration: Calibration, market: QuotaRule, use: str) -> tuple[np.ndarray | float, ...]:
    """How a use's (sold, bought) land splits into (sold_y, sold_h, bought_y, bought_h)."""
    if use == "productive":
        return 1.0, 0.0, 1.0, 0.0
    if use == "residential":
        return 0.0, 1.0, 0.0, 1.0
    land_y, land_h = calibration.land_productive, calibration.land_residential
    share_y = land_y / (land_y + land_h)
    return share_y, 1.0 - share_y, market.split_productive, 1.0 - market.split_productive


def shock_tangent(
    calibration: Calibration, flows: Mapping[str, np.ndarray], params: ModelParams | None = None
) -> dict[str, np.ndarray]:
    """Return the shock's tangents (dR̂^Y, dR̂^H, dF in yuan) from tangents of the flows."""
    weight = 1.0 if params is None else params.receipts_weight
    zero = np.zeros(calibration.n_cities)
    return {
        "land_productive_hat": (
            flows.get("bought_productive", zero) - flows.get("sold_productive", zero)
        )
        / calibration.land_productive,
        "land_residential_hat": (
            flows.get("bought_residential", zero) - flows.get("sold_residential", zero)
        )
        / calibration.land_residential,
        "transfers": weight * flows.get("receipts", zero) - flows.get("payments", zero),
    }


def flow_cotangents(
    calibration: Calibration, shock: Mapping[str, np.ndarray], params: ModelParams | None = None
) -> dict[str, np.ndarray]:
    """Return cotangents on the flows from cotangents on the shock (∂/∂R̂^Y, ∂/∂R̂^H, ∂/∂F)."""
    weight = 1.0 if params is None else params.receipts_weight
    productive = shock["land_productive_hat"] / calibration.land_productive
    residential = shock["land_residential_hat"] / calibration.land_residential
    return {
        "sold_productive": -productive,
        "sold_residential": -residential,
        "bought_productive": productive,
        "bought_residential": residential,
        "receipts": weight * shock["transfers"],
        "payments": -shock["transfers"],
    }
