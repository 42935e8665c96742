"""Objects pickled before ``model.quotas`` and ``model.outcomes`` became packages still load.

Run folders, checkpoints and users' pickles name a class by its module path, which was
``paretoland.model.quotas`` or ``paretoland.model.outcomes``; the packages re-export the
classes under that path.
"""

from __future__ import annotations

import pickle

import numpy as np

from paretoland import CityData, calibrate
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.outcomes import Outcomes
from paretoland.model.quotas import QuotaRule, QuotaTrade


def _pickled_by_the_old_path(obj: object, old: str) -> bytes:
    """Return ``obj`` pickled as code from before ``old`` became a package pickles it."""
    new = pickle.dumps(obj, protocol=2)  # protocol 2 names a class by "c<module>\n<name>\n"
    module = type(obj).__module__
    assert module.startswith(old + ".") and f"c{module}\n".encode() in new
    return new.replace(f"c{module}\n".encode(), f"c{old}\n".encode())


def test_rules_trades_and_outcomes_pickled_by_the_old_paths_load(four_city_frames) -> None:
    calibration = calibrate(CityData.from_frames(*four_city_frames))
    rule = QuotaRule(land_use="split", mobility="within_pilot")
    assert pickle.loads(_pickled_by_the_old_path(rule, "paretoland.model.quotas")) == rule
    counterfactual = run_counterfactual(calibration, rule)
    trade = pickle.loads(_pickled_by_the_old_path(counterfactual.trade, "paretoland.model.quotas"))
    assert type(trade) is QuotaTrade
    for name in ("land_productive_hat", "transfers", "mobility_cost_hat", "payments"):
        assert np.array_equal(getattr(trade, name), getattr(counterfactual.trade, name))
    outcomes = counterfactual.outcomes
    assert outcomes is not None
    loaded = pickle.loads(_pickled_by_the_old_path(outcomes, "paretoland.model.outcomes"))
    assert type(loaded) is Outcomes and loaded == outcomes
