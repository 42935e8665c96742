"""Counterfactual equilibrium by exact hat algebra (model.md §3).

:func:`solve_equilibrium` takes a :class:`~paretoland.calibration.Calibration`, a
:class:`Shock` (land hats, transfers, mobility-cost hats) and an
:class:`IterationConfig`, and returns an :class:`Equilibrium` with every hat, the
new migration shares, levels and convergence diagnostics.
"""

from __future__ import annotations

from .inputs import IterationConfig, Shock
from .solver import Equilibrium, solve_equilibrium

__all__ = ["Equilibrium", "IterationConfig", "Shock", "solve_equilibrium"]
