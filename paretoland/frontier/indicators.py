"""Built-in objectives beyond the four outcomes: the institutions of docs/model.md §7.

- ``farmer_income`` (maximised): farmers' income from the land they sell, in 亿元
  (10⁸ yuan): 85 % of the price sellers receive net of reclamation cost, per mu sold
  (:func:`paretoland.model.institutions.farmer_income_by_city`, seed 002);
- ``farmland_loss`` (minimised): the net farmland loss of the worst-hit province, in km²
  (:func:`paretoland.model.institutions.farmland_balance`, seed 001; negative if every
  province gains).

Each indicator has a batch form over a batch :class:`~paretoland.model.quotas.trade.QuotaTrade`
(per-city arrays of shape ``(k, n)``) returning shape ``(k,)``, vectorised; the single
forms, which take a solved :class:`~paretoland.model.counterfactual.Counterfactual`, are its
one-row case.
"""

from __future__ import annotations

import numpy as np

from paretoland.data.dataset import M2_PER_KM2
from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.counterfactual import Counterfactual
from paretoland.model.institutions import TicketPricing, m2_to_mu, yuan_per_m2_to_mu
from paretoland.model.outcomes import OBJECTIVE_SENSES
from paretoland.model.quotas import QuotaTrade, group_sums, province_index

__all__ = [
    "BUILTIN_SENSES",
    "INSTITUTION_SENSES",
    "farmer_income_100m_yuan",
    "farmer_income_100m_yuan_batch",
    "institution_objective",
    "institution_objective_batch",
    "participation_worst",
    "participation_worst_batch",
    "worst_farmland_loss_km2",
    "worst_farmland_loss_km2_batch",
]

INSTITUTION_SENSES: dict[str, str] = {"farmer_income": "max", "farmland_loss": "min"}
"""The institutional objectives and their senses."""
BUILTIN_SENSES: dict[str, str] = {**OBJECTIVE_SENSES, **INSTITUTION_SENSES}
"""Every built-in objective (the four outcomes and the institutional ones) by name."""


def _rows(array: np.ndarray) -> np.ndarray:
    """Return a per-city trade array as shape (k, n) (a single trade is one row)."""
    return np.atleast_2d(np.asarray(array, dtype=np.float64))


def _seller_prices_mu(trade: QuotaTrade) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the sellers' mask, land and price.

    The mask (k, n) of selling cities, and the land they sell (mu) and the price
    they receive (yuan/mu) at the masked positions (flattened, row by row).
    """
    sold = _rows(trade.sold_productive) + _rows(trade.sold_residential)
    selling = sold > 0
    land = sold[selling]
    price = yuan_per_m2_to_mu(_rows(trade.receipts)[selling] / land)
    return selling, np.asarray(m2_to_mu(land)), np.asarray(price)


def _per_row(selling: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Scatter masked values back into a (k, n) array of zeros."""
    dense = np.zeros(selling.shape)
    dense[selling] = values
    return dense


def farmer_income_100m_yuan_batch(trade: QuotaTrade, pricing: TicketPricing) -> np.ndarray:
    """Farmers' total income from the quotas sold (亿元) of every row of a trade.

    Parameters
    ----------
    trade : QuotaTrade
        A batch trade (arrays of shape (k, n)) or a single trade (one row).
    pricing : TicketPricing
        How the price sellers receive is split.

    Returns
    -------
    ndarray, shape (k,)
        Σ over sellers of land sold (mu) × farmer's share per mu, / 10⁸.
    """
    selling, land_mu, price_mu = _seller_prices_mu(trade)
    income = land_mu * np.asarray(pricing.farmer_income(price_mu), dtype=np.float64)
    return _per_row(selling, income).sum(axis=-1) / 1e8


def participation_worst_batch(trade: QuotaTrade, pricing: TicketPricing) -> np.ndarray:
    """Return the worst participation shortfall of every row of a trade, shape (k,).

    The largest shortfall of a seller's farmers below their outside option (yuan/mu;
    0 when all take part or nobody sells).
    """
    selling, _, price_mu = _seller_prices_mu(trade)
    margin = np.asarray(pricing.participation_margin(price_mu), dtype=np.float64)
    return _per_row(selling, np.maximum(0.0, -margin)).max(axis=-1)


def worst_farmland_loss_km2_batch(trade: QuotaTrade, calibration: Calibration) -> np.ndarray:
    """Return the largest net farmland loss of any province (km²), shape (k,).

    One value per row of a trade. The province index is cached per calibration.
    """
    net_loss = _rows(trade.bought_productive) + _rows(trade.bought_residential)
    net_loss -= _rows(trade.sold_productive)  # bought − sold, in place
    net_loss -= _rows(trade.sold_residential)
    province, n_provinces = province_index(calibration)
    return group_sums(net_loss, province, n_provinces).max(axis=-1) / M2_PER_KM2


def farmer_income_100m_yuan(cf: Counterfactual, pricing: TicketPricing) -> float:
    """Return farmers' total income from the quotas sold (亿元).

    The vectorised twin of :func:`paretoland.model.institutions.farmer_income_by_city`
    summed.
    """
    return float(farmer_income_100m_yuan_batch(cf.trade, pricing)[0])


def participation_worst(cf: Counterfactual, pricing: TicketPricing) -> float:
    """Return the largest shortfall of a seller's farmers below their outside option.

    In yuan/mu, 0 when all take part; the twin of
    :func:`paretoland.model.institutions.participation_shortfall`.
    """
    return float(participation_worst_batch(cf.trade, pricing)[0])


def worst_farmland_loss_km2(cf: Counterfactual) -> float:
    """Return the largest net farmland loss of any province (km²).

    The vectorised twin of
    :attr:`paretoland.model.institutions.FarmlandBalance.max_net_loss_km2` (1:1 linking).
    """
    return float(worst_farmland_loss_km2_batch(cf.trade, cf.calibration)[0])


def institution_objective_batch(
    name: str, trade: QuotaTrade, calibration: Calibration, pricing: TicketPricing
) -> np.ndarray:
    """Return institutional objective ``name`` for every row of a trade, shape (k,)."""
    if name == "farmer_income":
        return farmer_income_100m_yuan_batch(trade, pricing)
    if name == "farmland_loss":
        return worst_farmland_loss_km2_batch(trade, calibration)
    raise ConfigError(
        f"unknown institutional objective {name!r}; choose one of "
        f"{', '.join(map(repr, INSTITUTION_SENSES))}."
    )


def institution_objective(name: str, cf: Counterfactual, pricing: TicketPricing) -> float:
    """Return the value of institutional objective ``name`` for a solved counterfactual."""
    return float(institution_objective_batch(name, cf.trade, cf.calibration, pricing)[0])
