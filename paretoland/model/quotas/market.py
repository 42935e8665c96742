"""Who trades what, where (docs/model.md §5): participants, pools and the traded land uses.

Under a :class:`~paretoland.model.quotas.rule.QuotaRule`, :func:`participants` are the
cities allowed to sell and to buy (participation), :func:`trading_pools` the pool of
each city (scope: one pool per province, or one national pool) and :func:`traded_uses`
the land uses traded, with each use's wedge τ^k and stock R^k (m²). A ``"split"`` rule
trades undifferentiated construction land: a city sells if its land-weighted average
wedge (R^Y τ^Y + R^H τ^H) / (R^Y + R^H) is negative and buys if it is positive.
"""

from __future__ import annotations

import numpy as np

from paretoland.data.provinces import province_by_name
from paretoland.model.calibration import Calibration
from paretoland.model.quotas.groups import province_index
from paretoland.model.quotas.rule import PILOT_SELLER_PROVINCES, RECEIVING_PROVINCES, QuotaRule

__all__ = ["participants", "trading_pools", "traded_uses"]


def _province_mask(calibration: Calibration, names: tuple[str, ...]) -> np.ndarray:
    """Return a boolean mask (shape (n,)) of the cities in the named provinces."""
    codes = {province_by_name(n).code for n in names}  # type: ignore[union-attr]
    return np.isin(calibration.data.province_codes, list(codes))


def participants(calibration: Calibration, rule: QuotaRule) -> tuple[np.ndarray, np.ndarray]:
    """Return boolean masks (shape (n,)) of cities allowed to sell and to buy under ``rule``."""
    everyone = np.ones(calibration.n_cities, dtype=bool)
    if rule.participation == "all":
        return everyone, everyone
    if rule.participation == "pilot" and rule.scope == "intra":
        pilot = _province_mask(calibration, PILOT_SELLER_PROVINCES)
        return pilot, pilot
    if rule.participation == "pilot":
        return (
            _province_mask(calibration, PILOT_SELLER_PROVINCES),
            _province_mask(calibration, RECEIVING_PROVINCES),
        )
    return (
        _province_mask(calibration, rule.seller_provinces),
        _province_mask(calibration, rule.buyer_provinces),
    )


def trading_pools(calibration: Calibration, rule: QuotaRule) -> np.ndarray:
    """Return each city's pool index (int, shape (n,)).

    0 everywhere for inter-province trading, the province's index for intra-province
    trading.
    """
    if rule.scope == "inter":
        return np.zeros(calibration.n_cities, dtype=np.int64)
    return province_index(calibration)[0].copy()


def traded_uses(
    calibration: Calibration, rule: QuotaRule
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Return ``(use, wedge, stock)`` for each land use the rule trades.

    τ^k and R^k (m²) per city, or for ``"split"`` the land-weighted wedge and total
    construction land.
    """
    land_y, land_h = calibration.land_productive, calibration.land_residential
    if rule.land_use == "split":
        total = land_y + land_h
        wedge = (
            land_y * calibration.wedge_productive + land_h * calibration.wedge_residential
        ) / total
        return [("split", wedge, total)]
    uses = [
        ("productive", calibration.wedge_productive, land_y),
        ("residential", calibration.wedge_residential, land_h),
    ]
    return uses if rule.land_use == "both" else [u for u in uses if u[0] == rule.land_use]
