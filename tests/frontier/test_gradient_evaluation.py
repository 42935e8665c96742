"""FrontierModel.evaluate_gradients: what a gradient-based search gets."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import ConfigError
from paretoland.frontier.evaluation import FrontierModel, Objective
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.model.equilibrium import IterationConfig
from paretoland.model.quotas import QuotaRule

TIGHT = IterationConfig(tol=1e-14, patience=0)
NAMES = ("gdp", "output_gap", "welfare", "welfare_gap", "farmer_income")


def _model(calibration, family_class=PerCityFamily, market=None) -> FrontierModel:
    return FrontierModel(
        family_class(calibration, market or QuotaRule(), 0.3),
        tuple(Objective.builtin(name) for name in NAMES),
        pareto_improvement=True,
        min_seller_receipts=1e6,
        max_farmland_loss_km2=5.0,
        iteration=TIGHT,
    )


EXPENSIVE = QuotaRule(default_buyer_price=3000.0, buyer_prices={})  # yuan/m²


def _crowded(family) -> np.ndarray:
    """Return every seller at φ_max, one buyer per use taking everything.

    At EXPENSIVE prices those buyers pay more than their land revenue (Ĝ ≤ 0).
    """
    x = family.upper.copy()
    buyers = [i for i, name in enumerate(family.names) if ".buy." in name]
    x[buyers] = 0.0
    for use in ("productive", "residential"):
        x[next(i for i in buyers if family.names[i].startswith(use))] = 1.0
    return x


def test_shapes_values_and_failures(small_calibration) -> None:
    model = _model(small_calibration, market=EXPENSIVE)
    family = model.family
    rng = np.random.default_rng(0)
    X = np.vstack([family.upper * rng.uniform(0.3, 0.7, family.n_levers), _crowded(family)])
    result = model.evaluate_gradients(X, extra=("revenue_hat",))
    k, m, p, n = 2, len(NAMES), family.n_levers, small_calibration.n_cities
    assert result.objective_jacobian.shape == (k, m, p)
    assert result.constraint_jacobian.shape == (k, len(model.constraint_names), p)
    assert result.origin_welfare.shape == (k, n) and result.origin_welfare_jacobian.shape == (
        k,
        n,
        p,
    )
    assert result.extra["revenue_hat"][1].shape == (k, n, p)
    assert result.evaluation.statuses == ("converged", "infeasible")
    assert (
        np.isnan(result.objective_jacobian[1]).all()
        and np.isnan(result.constraint_jacobian[1]).all()
    )
    np.testing.assert_allclose(result.evaluation.objectives, model.evaluate(X).objectives)
    cf = model.counterfactual(X[0])
    single = cf.gradient(list(NAMES), family, X[0])
    np.testing.assert_allclose(result.objective_jacobian[0], single.to_numpy().T, rtol=1e-7)
    np.testing.assert_allclose(result.origin_welfare[0], 100 * (cf.equilibrium.welfare_hat - 1))


@pytest.mark.parametrize("family_class", [PerCityFamily, ParametricFamily])
def test_constraint_jacobian_matches_differences(small_calibration, family_class) -> None:
    model = _model(small_calibration, family_class)
    family = model.family
    rng = np.random.default_rng(3)
    if family_class is PerCityFamily:
        x = family.upper * rng.uniform(0.3, 0.7, family.n_levers)
    else:
        x = np.array([0.05, -0.02, 0.03, 0.4, 0.2, 0.1] * 2)
    result = model.evaluate_gradients(x[None])
    jacobian = result.constraint_jacobian[0]
    for j in rng.choice(family.n_levers, 4, replace=False):
        step = 1e-5 * (family.upper[j] - family.lower[j])
        values = []
        for sign in (1.0, -1.0):
            moved = x.copy()
            moved[j] += sign * step
            values.append(model.evaluate(moved[None]).constraints[0])
        difference = (values[0] - values[1]) / (2 * step)
        scale = np.abs(jacobian).max(axis=1)
        np.testing.assert_allclose(jacobian[:, j], difference, rtol=1e-5, atol=1e-6 * scale.max())


def test_objectives_without_gradient_are_refused(small_calibration) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    model = FrontierModel(family, (Objective("mine", "max", "math:fabs"),))
    with pytest.raises(ConfigError, match="no gradient"):
        model.evaluate_gradients(family.upper[None] * 0.5)
    with pytest.raises(ConfigError, match="unknown extra"):
        _model(small_calibration).evaluate_gradients(family.upper[None] * 0.5, extra=("gdpp",))
