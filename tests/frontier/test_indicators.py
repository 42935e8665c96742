"""Farmer income, farmland loss and participation in the optimiser (docs/model.md §7)."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.exceptions import ConfigError
from paretoland.frontier import run_frontier
from paretoland.frontier.evaluation import FrontierModel, Objective
from paretoland.frontier.indicators import (
    BUILTIN_SENSES,
    farmer_income_100m_yuan,
    participation_worst,
    worst_farmland_loss_km2,
)
from paretoland.frontier.levers import ParametricFamily
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.institutions import (
    TicketPricing,
    farmer_income_by_city,
    farmland_balance,
    participation_shortfall,
)
from paretoland.model.quotas import QuotaRule


@pytest.fixture
def solved(small_calibration):
    family = ParametricFamily(small_calibration, QuotaRule(land_use="both"), 0.3)
    draws = np.random.default_rng(2).uniform(family.lower, family.upper, (6, family.n_levers))
    cases = [run_counterfactual(small_calibration, family.trade(x)) for x in draws]
    return family, [cf for cf in cases if cf.converged]


def test_vectorised_twins_match_the_institution_tables(solved) -> None:
    _, cases = solved
    pricing = TicketPricing(outside_option=120_000.0)
    for cf in cases:
        table = farmer_income_by_city(cf.trade, pricing)
        assert farmer_income_100m_yuan(cf, pricing) == pytest.approx(
            table["farmer_income_yuan"].sum() / 1e8, rel=1e-12
        )
        balance = farmland_balance(cf.trade, cf.calibration.data)
        assert worst_farmland_loss_km2(cf) == pytest.approx(
            balance.max_net_loss_km2, rel=1e-12, abs=1e-12
        )
        assert participation_worst(cf, pricing) == pytest.approx(
            participation_shortfall(cf.trade, pricing).worst
        )


def test_farmer_income_at_the_uniform_price_by_hand(small_calibration) -> None:
    cf = run_counterfactual(small_calibration, QuotaRule(land_use="both"))
    sold_mu = (cf.trade.sold_productive + cf.trade.sold_residential).sum() * 15 / 10_000
    per_mu = 0.85 * (350_000 - 37_000)  # 525 yuan/m² = 350,000 yuan/mu
    assert farmer_income_100m_yuan(cf, TicketPricing()) == pytest.approx(
        sold_mu * per_mu / 1e8, rel=1e-12
    )


def test_model_scores_and_constrains_the_institutions(solved) -> None:
    family, cases = solved
    objectives = (Objective.builtin("farmer_income"), Objective.builtin("farmland_loss"))
    assert [o.sense for o in objectives] == ["max", "min"]
    model = FrontierModel(
        family,
        objectives,
        participation=True,
        max_farmland_loss_km2=5.0,
        ticket_pricing=TicketPricing(outside_option=300_000.0),
    )
    assert model.constraint_names == ("feasible", "participation", "farmland")
    cf = cases[0]
    values = model.constraint_values(cf)
    # 85 % of (350,000 − 37,000) = 266,050 < 300,000: farmers short by 33,950 yuan/mu
    if cf.trade.sellers.any():
        assert values[1] == pytest.approx(33_950 / 1e4)
    assert values[2] == pytest.approx(worst_farmland_loss_km2(cf) - 5.0)
    assert model.score(cf).tolist() == [
        farmer_income_100m_yuan(cf, model.ticket_pricing),
        worst_farmland_loss_km2(cf),
    ]


def test_config_knows_the_new_objectives_and_constraints(small_config, tmp_path) -> None:
    config = small_config.replace(
        objectives={"names": ["gdp", "farmer_income", "farmland_loss"]},
        constraints={
            "participation": True,
            "farmer_outside_option": 1000.0,
            "farmland_cap": True,
            "max_farmland_loss_km2": 1e6,
        },
        hypervolume={"reference": {"farmland_loss": 1e3}},
    )
    assert config.objective_senses == {"gdp": "max", "farmer_income": "max", "farmland_loss": "min"}
    result = run_frontier(config, tmp_path / "run", progress=False)
    assert list(result.objectives.columns) == ["gdp", "farmer_income", "farmland_loss"]
    assert (result.objectives["farmer_income"] >= 0).all()
    with pytest.raises(ConfigError, match="max_farmland_loss_km2"):
        small_config.replace(constraints={"max_farmland_loss_km2": -1.0})
    with pytest.raises(ConfigError, match="farmer_incom"):
        small_config.replace(objectives={"names": ["farmer_incom"]})
    assert set(BUILTIN_SENSES) >= {"gdp", "farmer_income", "farmland_loss"}
