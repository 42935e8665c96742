"""Built-in objectives beyond the four outcomes: the institutions of model.md §7.

- ``farmer_income`` (maximised): farmers' income from the land they sell, in 亿元
  (10⁸ yuan): 85 % of the price sellers receive net of reclamation cost, per mu sold
  (:func:`paretoland.institutions.farmer_income_by_city`, seed 002);
- ``farmland_loss`` (minimised): the net farmland loss of the worst-hit province, in km²
  (:func:`paretoland.institutions.farmland_balance`, seed 001; negative if every
  province gains).
"""

from __future__ import annotations

import numpy as np

from ..counterfactual import Counterfactual
from ..dataset import M2_PER_KM2
from ..institutions import TicketPricing, m2_to_mu, yuan_per_m2_to_mu
from ..outcomes import OBJECTIVE_SENSES

__all__ = ["BUILTIN_SENSES", "INSTITUTION_SENSES", "farmer_income_100m_yuan",
           "institution_objective", "participation_worst", "worst_farmland_loss_km2"]

INSTITUTION_SENSES: dict[str, str] = {"farmer_income": "max", "farmland_loss": "min"}
"""The institutional objectives and their senses."""
BUILTIN_SENSES: dict[str, str] = {**OBJECTIVE_SENSES, **INSTITUTION_SENSES}
"""Every built-in objective (the four outcomes and the institutional ones) by name."""


def _seller_prices_mu(cf: Counterfactual) -> tuple[np.ndarray, np.ndarray]:
    """Land sold (mu) and the price received (yuan/mu) of every selling city."""
    trade = cf.trade
    sold = trade.sold_productive + trade.sold_residential
    selling = sold > 0
    return m2_to_mu(sold[selling]), yuan_per_m2_to_mu(trade.receipts[selling] / sold[selling])


def farmer_income_100m_yuan(cf: Counterfactual, pricing: TicketPricing) -> float:
    """Farmers' total income from the quotas sold (亿元); the vectorised twin of
    :func:`paretoland.institutions.farmer_income_by_city` summed."""
    land_mu, price_mu = _seller_prices_mu(cf)
    return float(np.sum(land_mu * pricing.farmer_income(price_mu))) / 1e8


def participation_worst(cf: Counterfactual, pricing: TicketPricing) -> float:
    """The largest shortfall of a seller's farmers below their outside option (yuan/mu;
    0 when all take part); the twin of :func:`paretoland.institutions.participation_shortfall`."""
    _, price_mu = _seller_prices_mu(cf)
    if price_mu.size == 0:
        return 0.0
    return float(np.max(np.maximum(0.0, -np.asarray(pricing.participation_margin(price_mu)))))


def worst_farmland_loss_km2(cf: Counterfactual) -> float:
    """The largest net farmland loss of any province (km²); the vectorised twin of
    :attr:`paretoland.institutions.FarmlandBalance.max_net_loss_km2` (1:1 linking)."""
    trade = cf.trade
    net_loss = (trade.bought_productive + trade.bought_residential
                - trade.sold_productive - trade.sold_residential)
    province = np.unique(cf.calibration.data.province_codes, return_inverse=True)[1]
    return float(np.bincount(province, weights=net_loss).max()) / M2_PER_KM2


def institution_objective(name: str, cf: Counterfactual, pricing: TicketPricing) -> float:
    """The value of institutional objective ``name`` for a solved counterfactual."""
    if name == "farmer_income":
        return farmer_income_100m_yuan(cf, pricing)
    return worst_farmland_loss_km2(cf)
