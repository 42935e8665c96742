"""A quota trade as the equilibrium solver's shock (docs/model.md §3).

The trade's land hats R̂^Y and R̂^H, the transfer that reaches each city's
infrastructure F, and the optional mobility-cost hats ĉ. The counterfactual, its
decomposition and its gradients all start from this shock.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.equilibrium import Shock, ShockBatch
from paretoland.model.params import ModelParams
from paretoland.model.quotas import QuotaTrade

__all__ = ["trade_shock", "trade_shocks"]


def trade_shock(trade: QuotaTrade, params: ModelParams | None = None) -> Shock:
    """Return the solver's :class:`Shock` for a trade: (R̂^Y, R̂^H, F, ĉ).

    Parameters
    ----------
    trade : QuotaTrade
        Land hats (unit-free, shape ``(n,)``), receipts and payments (yuan, shape
        ``(n,)``) and optional mobility-cost hats (shape ``(n, n)``).
    params : ModelParams, optional
        The revenue use: the transfer that reaches infrastructure is
        ``(θ_R/θ_G) receipts − payments`` (the paper, θ_R = θ_G: ``receipts − payments``).
    """
    return Shock(
        trade.land_productive_hat,
        trade.land_residential_hat,
        _infrastructure_transfers(trade, params),
        trade.mobility_cost_hat,
    )


def trade_shocks(trades: QuotaTrade, params: ModelParams | None = None) -> ShockBatch:
    """:func:`trade_shock` of a batch trade (arrays of shape ``(k, n)``): a ShockBatch."""
    return ShockBatch(
        trades.land_productive_hat,
        trades.land_residential_hat,
        _infrastructure_transfers(trades, params),
        trades.mobility_cost_hat,
    )


def _infrastructure_transfers(trade: QuotaTrade, params: ModelParams | None) -> np.ndarray:
    weight = 1.0 if params is None else params.receipts_weight
    return trade.transfers if weight == 1.0 else weight * trade.receipts - trade.payments
