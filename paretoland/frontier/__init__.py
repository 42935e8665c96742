"""Pareto frontiers of quota-trading rules (model.md §6): run configuration, problems, search."""

from __future__ import annotations

from .archive import ParetoArchive
from .config import RunConfig, default_config, load_config
from .evaluation import Evaluation, FrontierModel, Objective
from .levers import ParametricFamily, PerCityFamily, RuleFamily
from .parallel import BatchEvaluator
from .problem import QuotaProblem
from .results import FrontierResult, load_run
from .run import build_model, run_frontier

__all__ = [
    "BatchEvaluator",
    "Evaluation",
    "FrontierModel",
    "FrontierResult",
    "Objective",
    "ParametricFamily",
    "ParetoArchive",
    "PerCityFamily",
    "QuotaProblem",
    "RuleFamily",
    "RunConfig",
    "build_model",
    "default_config",
    "load_config",
    "load_run",
    "run_frontier",
]
