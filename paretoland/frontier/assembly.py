"""Assembling what a run evaluates from its config: the market, the rule family, the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from paretoland.frontier.config import RunConfig
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.levers import ParametricFamily, PerCityFamily, RuleFamily
from paretoland.frontier.objectives import Objective
from paretoland.model.calibration import Calibration
from paretoland.model.institutions import TicketPricing

__all__ = ["build_family", "build_model", "default_run_dir", "warm_up"]


def default_run_dir(config: RunConfig) -> Path:
    """Return ``runs/<name>`` under the current folder."""
    return Path("runs") / config.run.name


def build_family(
    config: RunConfig, calibration: Calibration, family: str | None = None
) -> RuleFamily:
    """Return the config's rule family (or ``family``: "parametric" / "per_city")."""
    rule = config.rule
    if (rule.family if family is None else family) == "parametric":
        return ParametricFamily(
            calibration, rule.market, rule.max_share, weight_bound=rule.weight_bound
        )
    return PerCityFamily(calibration, rule.market, rule.max_share)


def build_model(
    config: RunConfig, calibration: Calibration, family: str | None = None
) -> FrontierModel:
    """Return the :class:`FrontierModel` of a config."""
    custom = {c.name: c for c in config.objectives.custom}
    objectives = tuple(
        Objective(name, custom[name].sense, custom[name].function)
        if name in custom
        else Objective.builtin(name)
        for name in config.objectives.names
    )
    constraints = config.constraints
    return FrontierModel(
        build_family(config, calibration, family),
        objectives,
        pareto_improvement=constraints.pareto_improvement,
        max_origin_loss=constraints.max_origin_loss,
        min_seller_receipts=1e8 * constraints.min_seller_receipts,
        iteration=config.solver,
        measure=config.objectives.measure,
        ticket_pricing=TicketPricing(outside_option=constraints.farmer_outside_option),
        participation=constraints.participation,
        max_farmland_loss_km2=(
            constraints.max_farmland_loss_km2 if constraints.farmland_cap else float("inf")
        ),
    )


def warm_up(model: FrontierModel) -> None:
    """Solve one no-trade candidate here, before workers start.

    numba then compiles (or loads) its kernels and writes its on-disk cache once,
    instead of in every worker.
    """
    family = model.family
    model.evaluate(np.clip(np.zeros(family.n_levers), family.lower, family.upper)[None, :])
