"""Pareto frontiers of quota-trading rules (docs/model.md §6): configuration, problem, search."""

from __future__ import annotations

from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.assembly import build_model
from paretoland.frontier.config import RunConfig, default_config, load_config
from paretoland.frontier.evaluation import Evaluation, FrontierModel
from paretoland.frontier.gradient_evaluation import GradientEvaluation, evaluate_gradients
from paretoland.frontier.levers import ParametricFamily, PerCityFamily, RuleFamily
from paretoland.frontier.objectives import Objective
from paretoland.frontier.parallel import BatchEvaluator
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.results import FrontierResult, load_run
from paretoland.frontier.run import run_frontier
from paretoland.frontier.stationarity import compute_stationarity, min_norm_combination

__all__ = [
    "BatchEvaluator",
    "Evaluation",
    "FrontierModel",
    "FrontierResult",
    "GradientEvaluation",
    "Objective",
    "ParametricFamily",
    "ParetoArchive",
    "PerCityFamily",
    "QuotaProblem",
    "RuleFamily",
    "RunConfig",
    "build_model",
    "compute_stationarity",
    "default_config",
    "evaluate_gradients",
    "load_config",
    "load_run",
    "min_norm_combination",
    "run_frontier",
]
