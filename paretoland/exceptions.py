"""Exception hierarchy of paretoland.

Every error raised on purpose by the package derives from :class:`ParetolandError`,
so a caller can catch them all at once; the subclasses say what went wrong.
Messages name the offending city, column or value and say how to fix it.
"""

from __future__ import annotations

__all__ = ["ParetolandError", "DataError", "ConfigError", "ConvergenceError"]


class ParetolandError(Exception):
    """Base class of every error paretoland raises on purpose."""


class DataError(ParetolandError, ValueError):
    """Invalid input data: a missing column, a NaN, a non-positive quantity, and so on."""


class ConfigError(ParetolandError, ValueError):
    """An invalid parameter, option or run configuration."""


class ConvergenceError(ParetolandError, RuntimeError):
    """An equilibrium or fitting routine failed to converge."""
