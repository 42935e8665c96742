"""Counterfactual.gradient against central finite differences of the whole chain.

Levers → trade → equilibrium (solved to 1e-14) → outcomes, on a synthetic economy and on
the embedded data; one-sided derivatives at the parametric rule's kinks; the gradient
with respect to the shock; user outputs; the batch form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland import ConfigError
from paretoland.frontier.indicators import farmer_income_100m_yuan, worst_farmland_loss_km2
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.model.counterfactual import run_counterfactual, run_counterfactuals
from paretoland.model.equilibrium import IterationConfig, Shock, solve_equilibrium
from paretoland.model.institutions import TicketPricing
from paretoland.model.quotas import QuotaRule, apply_rule

TIGHT = IterationConfig(tol=1e-14, patience=0)
EXACT = {"config": None}
OBJECTIVES = ["gdp", "output_gap", "welfare", "welfare_gap"]
ALL = [
    *OBJECTIVES,
    "welfare_origin",
    "farmer_income",
    "farmland_loss",
    "receipts",
    "labour_hat",
    "revenue_hat",  # Ĝ: the margin from failed equilibria that the SQP keeps
]


def _values(cf, outputs: list[str]) -> np.ndarray:
    """Each output's value, computed independently of the gradient code."""
    parts = []
    for name in outputs:
        if name in OBJECTIVES:
            parts.append([cf.outcomes.as_dict()[name]])
        elif name == "welfare_origin":
            parts.append(100.0 * (cf.equilibrium.welfare_hat - 1.0))
        elif name == "farmer_income":
            parts.append([farmer_income_100m_yuan(cf, TicketPricing())])
        elif name == "farmland_loss":
            parts.append([worst_farmland_loss_km2(cf)])
        elif name == "receipts":
            parts.append(cf.trade.receipts)
        else:
            parts.append(getattr(cf.equilibrium, name))
    return np.concatenate([np.atleast_1d(p) for p in parts])


def _solve(calibration, family, x, measure="cv"):
    cf = run_counterfactual(calibration, family.trade(x), iteration=TIGHT, measure=measure)
    assert cf.converged, cf.equilibrium.message
    return cf


def _relative_errors(calibration, family, x, outputs, levers, measure="cv", h=1e-4):
    """Return the worst relative error of the gradient against finite differences.

    Fourth-order central differences (Richardson: (4 D(h) − D(2h)) / 3, D(h) the
    central difference of step h × the lever's range). The error is
    |difference − exact| / max(|exact|, 10⁻³ max_j |exact_j|) over levers and outputs:
    entries below 0.1 % of an output's largest sensitivity are measured against that
    floor (differences cannot resolve them better).
    """
    cf = _solve(calibration, family, x, measure)
    gradient = cf.gradient(outputs, family, x, measure=measure)
    scale = np.abs(gradient.to_numpy()).max(axis=0)
    worst = 0.0
    for j in levers:
        step = h * (family.upper[j] - family.lower[j])
        values = {}
        for multiple in (-2, -1, 1, 2):
            moved = x.copy()
            moved[j] += multiple * step
            values[multiple] = _values(_solve(calibration, family, moved, measure), outputs)
        near = (values[1] - values[-1]) / (2 * step)
        far = (values[2] - values[-2]) / (4 * step)
        difference = (4 * near - far) / 3
        exact = gradient.iloc[j].to_numpy()
        error = np.abs(difference - exact) / np.maximum(
            np.abs(exact), np.maximum(1e-3 * scale, 1e-12)
        )
        worst = max(worst, float(error.max()))
    return worst, gradient


def _interior(family, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return family.lower + (family.upper - family.lower) * rng.uniform(0.3, 0.7, family.n_levers)


@pytest.mark.parametrize("measure", ["cv", "theil", "var_log", "gini"])
def test_per_city_gradient_matches_finite_differences(small_calibration, measure: str) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    x = _interior(family, 1)
    outputs = ALL if measure == "cv" else OBJECTIVES
    worst, gradient = _relative_errors(
        small_calibration, family, x, outputs, range(family.n_levers), measure
    )
    assert worst < 1e-6
    assert list(gradient.index) == list(family.names)
    assert gradient.attrs["kinks"] == ()
    codes = small_calibration.data.codes
    assert f"welfare_origin[{codes[0]}]" in gradient.columns or measure != "cv"


def test_parametric_gradient_matches_finite_differences(small_calibration) -> None:
    family = ParametricFamily(small_calibration, QuotaRule(), 0.3)
    x = np.array([0.05, -0.02, 0.03, 0.4, 0.2, 0.1] * 2)
    assert family.kinks(x) == ()  # no city at its bound: the rule is smooth here
    worst, _ = _relative_errors(small_calibration, family, x, ALL, range(12))
    assert worst < 1e-6


def test_parametric_one_sided_derivatives_at_a_kink(small_calibration) -> None:
    """One-sided derivatives at the clip's kink match one-sided differences.

    With the sellers' weights at 0 every seller is at the kink (and no land is offered):
    the right and left derivatives match one-sided second-order differences.
    """
    family = ParametricFamily(small_calibration, QuotaRule(land_use="productive"), 0.3)
    x = np.array([0.0, 0.0, 0.0, 0.4, 0.2, 0.1])
    cf = run_counterfactual(small_calibration, family.trade(x), iteration=TIGHT)
    frame = cf.gradient(OBJECTIVES, family, x, one_sided=True)
    assert frame.attrs["kinks"]
    h = 1e-4
    for j in range(3):
        for side, sign in (("right", 1.0), ("left", -1.0)):
            values = []
            for t in (0.0, h, 2 * h):
                moved = x.copy()
                moved[j] += sign * t
                values.append(_values(_solve(small_calibration, family, moved), OBJECTIVES))
            one_sided = sign * (-3 * values[0] + 4 * values[1] - values[2]) / (2 * h)
            exact = frame.xs(side, axis=1, level=1).iloc[j].to_numpy()
            np.testing.assert_allclose(exact, one_sided, rtol=1e-5, atol=1e-8)


def test_gradient_with_respect_to_the_shock(small_calibration) -> None:
    cf = run_counterfactual(
        small_calibration, apply_rule(small_calibration, QuotaRule()), iteration=TIGHT
    )
    gradient = cf.gradient(["gdp", "welfare_gap"])
    code = small_calibration.data.codes[2]
    row = gradient.loc[f"transfers.{code}"]
    shock = Shock(cf.trade.land_productive_hat, cf.trade.land_residential_hat, cf.trade.transfers)
    step = 1e-4 * small_calibration.revenue[2]
    values = []
    for sign in (1.0, -1.0):
        transfers = shock.transfers.copy()
        transfers[2] += sign * step
        moved = solve_equilibrium(
            small_calibration,
            Shock(shock.land_productive_hat, shock.land_residential_hat, transfers),
            TIGHT,
        )
        from paretoland.model.outcomes import compute_outcomes

        outcomes = compute_outcomes(
            small_calibration,
            output_hat=moved.output_hat,
            labour_hat=moved.labour_hat,
            welfare_hat=moved.welfare_hat,
        ).as_dict()
        values.append(np.array([outcomes["gdp"], outcomes["welfare_gap"]]))
    np.testing.assert_allclose(row.to_numpy(), (values[0] - values[1]) / (2 * step), rtol=1e-6)
    with pytest.raises(ConfigError, match="trade's flows"):
        cf.gradient("farmer_income")


def test_user_output_protocol(small_calibration) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    x = _interior(family, 2)
    cf = _solve(small_calibration, family, x)
    output = small_calibration.output

    def gdp_in_yuan(cf) -> float:
        return float(output @ cf.equilibrium.output_hat)

    gdp_in_yuan.gradient = lambda cf: {"output_hat": output}
    mine = cf.gradient([gdp_in_yuan, "gdp"], family, x)
    np.testing.assert_allclose(
        mine["gdp_in_yuan"].to_numpy(), mine["gdp"].to_numpy() * output.sum() / 100.0, rtol=1e-10
    )

    def no_gradient(cf) -> float:
        return 0.0

    with pytest.raises(ConfigError, match="no gradient"):
        cf.gradient(no_gradient, family, x)


def test_batch_gradient_stacks_candidates_and_marks_failures(small_calibration) -> None:
    expensive = QuotaRule(default_buyer_price=3000.0, buyer_prices={})  # yuan/m²
    family = PerCityFamily(small_calibration, expensive, 0.3)
    crowded = family.upper.copy()  # every seller at φ_max, one buyer per use takes all
    buyers = [i for i, name in enumerate(family.names) if ".buy." in name]
    crowded[buyers] = 0.0
    for use in ("productive", "residential"):
        crowded[next(i for i in buyers if family.names[i].startswith(use))] = 1.0
    X = np.vstack([_interior(family, 3), crowded, _interior(family, 4)])
    batch = run_counterfactuals(small_calibration, family.trades(X))
    assert list(batch.converged) == [True, False, True]
    frame = batch.gradient(["gdp", "welfare"], family, X)
    assert frame.index.names == ["point", "lever"]
    assert frame.loc[1].isna().all().all()
    single = batch[2].gradient(["gdp", "welfare"], family, X[2])
    pd.testing.assert_frame_equal(frame.loc[2], single, check_names=False)
    with pytest.raises(ConfigError, match="one row of levers"):
        batch.gradient("gdp", family, X[:1])


def test_levers_must_give_the_counterfactuals_trade(small_calibration) -> None:
    family = PerCityFamily(small_calibration, QuotaRule(), 0.3)
    x = _interior(family, 5)
    cf = _solve(small_calibration, family, x)
    with pytest.raises(ConfigError, match="do not give this trade"):
        cf.gradient("gdp", family, _interior(family, 6))
    with pytest.raises(ConfigError, match="unknown output"):
        cf.gradient("gdpp", family, x)


def test_real_data_gradient_matches_finite_differences(real_calibration) -> None:
    family = PerCityFamily(real_calibration, QuotaRule(), 0.3)
    x = _interior(family, 7)
    levers = np.random.default_rng(8).choice(family.n_levers, 4, replace=False)
    worst, _ = _relative_errors(real_calibration, family, x, OBJECTIVES, levers, h=1e-4)
    assert worst < 1e-6
