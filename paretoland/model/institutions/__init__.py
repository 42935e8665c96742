"""Institutions around quota trading (docs/model.md §7): the neighbouring models of the seeds.

Each module adds one institution's accounting or constraint to a quota trade:
``farmland`` (seed 001) accounts farmland reclaimed and converted and caps any
province's net farmland loss; ``land_tickets`` (seed 002) prices Chongqing land
tickets (地票: floor and option prices, the 85/15 split of net proceeds between farmer
and village collective) and checks the farmers' participation condition.
"""

from __future__ import annotations

from paretoland.model.institutions.farmland import (
    FARMING_DATA_NOTE,
    FarmlandBalance,
    FarmlandConstraint,
    RevenueRatioReport,
    farmland_balance,
    farmland_loss_constraint,
    revenue_ratio_report,
)
from paretoland.model.institutions.land_tickets import (
    M2_PER_MU,
    ParticipationShortfall,
    TicketPricing,
    farmer_income_by_city,
    m2_to_mu,
    mu_to_m2,
    participation_shortfall,
    yuan_per_m2_to_mu,
    yuan_per_mu_to_m2,
)

__all__ = [
    "FARMING_DATA_NOTE",
    "FarmlandBalance",
    "FarmlandConstraint",
    "RevenueRatioReport",
    "farmland_balance",
    "farmland_loss_constraint",
    "revenue_ratio_report",
    "M2_PER_MU",
    "ParticipationShortfall",
    "TicketPricing",
    "farmer_income_by_city",
    "m2_to_mu",
    "mu_to_m2",
    "participation_shortfall",
    "yuan_per_m2_to_mu",
    "yuan_per_mu_to_m2",
]
