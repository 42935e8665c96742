"""Counterfactual equilibrium by exact hat algebra (docs/model.md §3).

:func:`solve_equilibrium` takes a :class:`~paretoland.model.calibration.Calibration`, a
:class:`Shock` (land hats, transfers, mobility-cost hats) and an
:class:`IterationConfig`, and returns an :class:`Equilibrium` with every hat, the
new migration shares, levels and convergence diagnostics. :func:`solve_equilibria`
solves a :class:`ShockBatch` of many shocks to one economy in one parallel call.
:class:`EquilibriumSensitivity` gives the exact derivatives of a solved equilibrium with
respect to its shock (:mod:`~paretoland.model.equilibrium.sensitivity`).
"""

from __future__ import annotations

from paretoland.model.equilibrium.batch import EquilibriumBatch, solve_equilibria
from paretoland.model.equilibrium.inputs import IterationConfig, Shock, ShockBatch
from paretoland.model.equilibrium.sensitivity import EquilibriumSensitivity, SensitivityConfig
from paretoland.model.equilibrium.solver import Equilibrium, solve_equilibrium

__all__ = [
    "Equilibrium",
    "EquilibriumBatch",
    "EquilibriumSensitivity",
    "IterationConfig",
    "SensitivityConfig",
    "Shock",
    "ShockBatch",
    "solve_equilibria",
    "solve_equilibrium",
]
