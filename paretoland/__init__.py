"""paretoland: efficiency-equity Pareto frontiers of construction-land quota trading.

A quantitative spatial general-equilibrium model of Chinese prefecture-level cities
(Ma and Ni, see ``docs``), calibrated to a real 2017 dataset, with quota-trading
rules and their Pareto frontier.
"""

from __future__ import annotations

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

__version__ = "0.1.0"

__all__ = [
    "Calibration",
    "CityData",
    "ConfigError",
    "ConvergenceError",
    "Counterfactual",
    "DataError",
    "Equilibrium",
    "Experiment",
    "IterationConfig",
    "ModelParams",
    "Outcomes",
    "ParetolandError",
    "QuotaRule",
    "QuotaTrade",
    "Shock",
    "Transactions",
    "WedgeSignWarning",
    "__version__",
    "apply_rule",
    "calibrate",
    "channel_sentence",
    "compute_outcomes",
    "decompose",
    "default_data_dir",
    "load_cities",
    "load_transactions",
    "paper_experiments",
    "run_counterfactual",
    "run_scenarios",
    "solve_equilibrium",
    "trading_roles",
    "transactions_trade",
    "wedge_shares",
]
