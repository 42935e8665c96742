"""Applying a quota rule (docs/model.md §5): from the rule to the :class:`~.trade.QuotaTrade`.

:func:`apply_rule` applies a uniform rule: each participating seller (τ^k < 0) gives
up the rule's ``transfer_share`` of its land, and its pool goes to the participating
buyers (τ^k > 0) by the rule's allocation. :func:`trade_from_shares` is the general
step, from any sellers' shares and buyers' weights under the rule's market (land use,
pools, prices, mobility), for one candidate (arrays of shape ``(n,)``) or a batch
(``(k, n)``, one row per candidate). With ``land_use="split"`` sellers give up both
uses in proportion to their stocks and buyers use ``split_productive`` of what they
receive as productive land.
"""

from __future__ import annotations

import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.quotas.allocation import _allocate, _writeable_as
from paretoland.model.quotas.market import participants, traded_uses, trading_pools
from paretoland.model.quotas.mobility import _mobility_cost_hat
from paretoland.model.quotas.prices import _payments
from paretoland.model.quotas.rule import QuotaRule
from paretoland.model.quotas.trade import QuotaTrade, trade_from_flows

__all__ = ["apply_rule", "trade_from_shares"]


def apply_rule(calibration: Calibration, rule: QuotaRule) -> QuotaTrade:
    """Apply a quota rule to the calibrated baseline.

    Parameters
    ----------
    calibration : Calibration
        The baseline (wedges, land, provinces).
    rule : QuotaRule
        The rule.

    Returns
    -------
    QuotaTrade

    Raises
    ------
    ConfigError
        If the rule moves no land (no pool has both sellers and buyers).
    """
    sellers_ok, buyers_ok = participants(calibration, rule)
    shares, weights = {}, {}
    for use, wedge, stock in traded_uses(calibration, rule):
        shares[use] = np.where(sellers_ok & (wedge < 0), rule.transfer_share, 0.0)
        buyers = buyers_ok & (wedge > 0)
        weights[use] = np.where(buyers, 1.0 if rule.allocation == "equal_area" else stock, 0.0)
    trade = trade_from_shares(calibration, rule, shares, weights)
    if trade.land_moved == 0:
        raise ConfigError(
            "This rule moves no land: no pool has both a seller (τ < 0) and a buyer (τ > 0) "
            f"among the participating cities (land_use={rule.land_use!r}, scope={rule.scope!r}, "
            f"participation={rule.participation!r}). Widen participation or the scope."
        )
    return trade


def trade_from_shares(
    calibration: Calibration,
    rule: QuotaRule,
    shares: dict[str, np.ndarray],
    weights: dict[str, np.ndarray],
    *,
    overwrite: bool = False,
) -> QuotaTrade:
    """Turn sellers' shares and buyers' weights into a trade under a rule's market.

    The rule supplies the market: land use, pools (scope), prices and mobility; its
    ``transfer_share`` and ``allocation`` are ignored. Each pool's land goes to its
    buyers in proportion to their weights, so Σ sold = Σ bought in every pool by
    construction; a pool whose buyers all have zero weight sells nothing.

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    rule : QuotaRule
        The market.
    shares : dict of str to ndarray, shape (n,) or (k, n)
        For each traded use (``traded_uses``: "productive", "residential" or "split"),
        the share of its stock each city sells (0 for non-sellers; < 1); with a
        leading axis, one row per candidate of a batch.
    weights : dict of str to ndarray, shape (n,) or (k, n)
        For each traded use, non-negative buyer weights (0 for non-buyers).
    overwrite : bool
        Allow the function to overwrite the share and weight arrays (when they are
        float64 arrays of the full shape owning their data), saving memory and time on
        large batches. Default False: the inputs are left unchanged.

    Returns
    -------
    QuotaTrade
        Possibly moving no land; with per-city arrays of shape ``(k, n)`` if any share
        or weight has a leading axis (the arrays are broadcast together), ``(n,)``
        otherwise.
    """
    n = calibration.n_cities
    uses = traded_uses(calibration, rule)
    missing = [use for use, _, _ in uses if use not in shares or use not in weights]
    if missing:
        raise ConfigError(
            f"shares and weights must give the traded use(s) {missing} of "
            f"land_use={rule.land_use!r}."
        )
    arrays = [np.asarray(d[use], dtype=np.float64) for use, _, _ in uses for d in (shares, weights)]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shape = ()
    if len(shape) not in (1, 2) or shape[-1] != n:
        raise ConfigError(
            f"shares and weights must have shape ({n},) or (k, {n}); got "
            f"{sorted({a.shape for a in arrays})}."
        )
    pool = trading_pools(calibration, rule)
    trades = {}
    if overwrite and len({id(a) for a in arrays}) < len(arrays):
        overwrite = False  # one array given twice: never write through an alias
    for i, (use, _, stock) in enumerate(uses):
        share, weight = arrays[2 * i], arrays[2 * i + 1]
        if overwrite and _writeable_as(share, shape):
            share *= stock
            offer = share
        else:
            offer = share * stock
            if offer.shape != shape:
                offer = np.array(np.broadcast_to(offer, shape))
        # offer becomes the land sold (and weight the land bought if overwrite)
        trades[use] = _allocate(offer, weight, pool, overwrite_weight=overwrite)
    payments = _payments(calibration, rule, trades, pool)
    land_y, land_h = calibration.land_productive, calibration.land_residential
    sold_y, sold_h, bought_y, bought_h = _by_use(trades, rule, land_y, land_h)
    receipts = sold_y + sold_h  # a fresh array: seller price × land sold, in place
    receipts *= rule.seller_price
    return trade_from_flows(
        calibration,
        sold_productive=sold_y,
        sold_residential=sold_h,
        bought_productive=bought_y,
        bought_residential=bought_h,
        receipts=receipts,
        payments=payments,
        mobility_cost_hat=_mobility_cost_hat(calibration, rule),
    )


def _by_use(
    trades: dict[str, tuple[np.ndarray, np.ndarray]],
    rule: QuotaRule,
    land_y: np.ndarray,
    land_h: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return sold and bought land per use, (sold_y, sold_h, bought_y, bought_h).

    From the ``(sold, bought)`` of each traded use; arrays of shape (n,) or (k, n).
    """
    if rule.land_use == "split":
        sold, bought = trades["split"]
        share_y = land_y / (land_y + land_h)
        return (
            sold * share_y,
            sold * (1 - share_y),
            bought * rule.split_productive,
            bought * (1 - rule.split_productive),
        )
    zero = np.zeros(next(iter(trades.values()))[0].shape)
    sold_y, bought_y = trades.get("productive", (zero, zero))
    sold_h, bought_h = trades.get("residential", (zero, zero))
    return sold_y, sold_h, bought_y, bought_h
