"""The SQP's view of the model (paretoland.frontier.subproblems) against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.frontier.objectives import Objective
from paretoland.frontier.subproblems import ScalarisedOracle
from paretoland.model.equilibrium import IterationConfig
from paretoland.model.quotas import QuotaRule

OBJECTIVES = ("gdp", "welfare", "output_gap", "welfare_gap", "farmer_income")


def _model(calibration, family) -> FrontierModel:
    """Every kind of row the oracle assembles: objectives, origins, receipts, farmland."""
    return FrontierModel(
        family,
        tuple(Objective.builtin(name) for name in OBJECTIVES),
        pareto_improvement=True,
        max_origin_loss=0.3,
        min_seller_receipts=1e6,
        max_farmland_loss_km2=5.0,
        iteration=IterationConfig(tol=1e-14, patience=0),
    )


def _point(family) -> np.ndarray:
    if isinstance(family, ParametricFamily):
        return np.array([0.05, -0.02, 0.03, 0.4, 0.2, 0.1] * 2)
    rng = np.random.default_rng(2)
    return family.lower + (family.upper - family.lower) * rng.uniform(0.3, 0.7, family.n_levers)


@pytest.mark.parametrize("family_type", [PerCityFamily, ParametricFamily])
def test_oracle_jacobians_match_finite_differences(small_calibration, family_type) -> None:
    family = family_type(small_calibration, QuotaRule(), 0.3)
    model = _model(small_calibration, family)
    x = _point(family)
    point = ScalarisedOracle(model)(x)
    assert point.ok and point.constraints.size > small_calibration.n_cities  # origins included
    scale_f = np.abs(point.objective_jacobian).max()
    scale_c = np.maximum(np.abs(point.constraint_jacobian).max(axis=1), 1e-12)
    worst = 0.0
    levers = np.random.default_rng(3).choice(family.n_levers, 6, replace=False)
    for j in levers:
        step = 1e-5 * (family.upper[j] - family.lower[j])
        up, down = x.copy(), x.copy()
        up[j] += step
        down[j] -= step
        plus, minus = ScalarisedOracle(model)(up), ScalarisedOracle(model)(down)
        objectives = (plus.objectives - minus.objectives) / (2 * step)
        constraints = (plus.constraints - minus.constraints) / (2 * step)
        worst = max(
            worst,
            float(np.abs(objectives - point.objective_jacobian[:, j]).max() / scale_f),
            float((np.abs(constraints - point.constraint_jacobian[:, j]) / scale_c).max()),
        )
    assert worst < 1e-5
