"""Mobility-cost experiments (docs/model.md §5): the hats ĉ_od a rule's ``mobility`` sets.

A rule with ``mobility="within_pilot"`` lowers the mobility cost c_od by
``mobility_cut`` between distinct cities of the same pilot province,
``"between_pilot"`` between cities of different pilot provinces; the trading scenario
is then solved with those costs.
"""

from __future__ import annotations

import numpy as np

from paretoland.model.calibration import Calibration
from paretoland.model.quotas.market import _province_mask
from paretoland.model.quotas.rule import PILOT_SELLER_PROVINCES, QuotaRule


def _mobility_cost_hat(calibration: Calibration, rule: QuotaRule) -> np.ndarray | None:
    """Return ĉ_od under ``rule`` (unit-free, shape (n, n)), or None without ``mobility``.

    ``1 − mobility_cut`` for the pairs of distinct cities the experiment covers, 1
    elsewhere (the diagonal included).
    """
    if rule.mobility is None:
        return None
    codes = calibration.data.province_codes
    pilot = _province_mask(calibration, PILOT_SELLER_PROVINCES)
    same = codes[:, None] == codes[None, :]
    both_pilot = pilot[:, None] & pilot[None, :]
    pairs = both_pilot & (same if rule.mobility == "within_pilot" else ~same)
    np.fill_diagonal(pairs, False)
    return np.where(pairs, 1.0 - rule.mobility_cut, 1.0)
