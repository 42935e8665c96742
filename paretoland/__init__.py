"""paretoland: efficiency-equity Pareto frontiers of construction-land quota trading.

A quantitative spatial general-equilibrium model of Chinese prefecture-level cities
(Ma and Ni, see ``docs``), calibrated to a real 2017 dataset, with quota-trading
rules and their Pareto frontier.

In a notebook::

    import paretoland
    run = paretoland.load_run("runs/default")        # a finished frontier run
    pick = paretoland.choose(run, "knee")             # one point, and why
    chosen = paretoland.chosen_allocation(run, pick.index)
    chosen.cities                                      # per city, indexed by city_code
"""

from __future__ import annotations

from paretoland._version import __version__
from paretoland.data.dataset import CityData, default_data_dir, load_cities
from paretoland.exceptions import ConfigError, ConvergenceError, DataError, ParetolandError
from paretoland.model.calibration import Calibration, WedgeSignWarning, calibrate
from paretoland.model.counterfactual import Counterfactual, run_counterfactual
from paretoland.model.decomposition import channel_sentence, decompose
from paretoland.model.equilibrium import Equilibrium, IterationConfig, Shock, solve_equilibrium
from paretoland.model.outcomes import Outcomes, compute_outcomes
from paretoland.model.params import ModelParams
from paretoland.model.quotas import QuotaRule, QuotaTrade, apply_rule
from paretoland.model.transactions import Transactions, load_transactions, transactions_trade
from paretoland.model.wedges import trading_roles, wedge_shares
from paretoland.replication.experiments import Experiment, paper_experiments, run_scenarios

_LAZY = {  # loaded on first use: the frontier and decision layers take a second to import
    "FrontierResult": "paretoland.frontier.results",
    "load_run": "paretoland.frontier.results",
    "ChosenAllocation": "paretoland.decision.allocation",
    "choose": "paretoland.decision.allocation",
    "chosen_allocation": "paretoland.decision.allocation",
    "Pick": "paretoland.decision.pick",
}


def __getattr__(name: str) -> object:
    """Import the frontier and decision names on first use (PEP 562)."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'paretoland' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Calibration",
    "ChosenAllocation",
    "CityData",
    "ConfigError",
    "ConvergenceError",
    "Counterfactual",
    "DataError",
    "Equilibrium",
    "Experiment",
    "FrontierResult",
    "IterationConfig",
    "ModelParams",
    "Outcomes",
    "ParetolandError",
    "Pick",
    "QuotaRule",
    "QuotaTrade",
    "Shock",
    "Transactions",
    "WedgeSignWarning",
    "__version__",
    "apply_rule",
    "calibrate",
    "channel_sentence",
    "choose",
    "chosen_allocation",
    "compute_outcomes",
    "decompose",
    "default_data_dir",
    "load_cities",
    "load_run",
    "load_transactions",
    "paper_experiments",
    "run_counterfactual",
    "run_scenarios",
    "solve_equilibrium",
    "trading_roles",
    "transactions_trade",
    "wedge_shares",
]
