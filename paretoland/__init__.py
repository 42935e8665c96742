"""paretoland: efficiency-equity Pareto frontiers of construction-land quota trading.

A quantitative spatial general-equilibrium model of Chinese prefecture-level cities
(Ma and Ni, see ``docs``), calibrated to a real 2017 dataset, with quota-trading
rules and their Pareto frontier.
"""

from __future__ import annotations

from .calibration import Calibration, WedgeSignWarning, calibrate
from .dataset import CityData, default_data_dir, load_cities
from .equilibrium import Equilibrium, IterationConfig, Shock, solve_equilibrium
from .exceptions import ConfigError, ConvergenceError, DataError, ParetolandError
from .params import ModelParams
from .wedges import trading_roles, wedge_shares

__version__ = "0.1.0"

__all__ = [
    "Calibration",
    "CityData",
    "ConfigError",
    "ConvergenceError",
    "DataError",
    "Equilibrium",
    "IterationConfig",
    "ModelParams",
    "ParetolandError",
    "Shock",
    "WedgeSignWarning",
    "__version__",
    "calibrate",
    "default_data_dir",
    "load_cities",
    "solve_equilibrium",
    "trading_roles",
    "wedge_shares",
]
