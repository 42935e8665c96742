"""Exception hierarchy of paretoland.

Every error raised on purpose by the package derives from :class:`ParetolandError`,
so a caller can catch them all at once; the subclasses say what went wrong.
Messages name the offending city, column or value and say how to fix it.
"""

from __future__ import annotations

__all__ = [
    "ParetolandError",
    "DataError",
    "ConfigError",
    "ConvergenceError",
    "OutputError",
    "RunInterrupted",
]


class ParetolandError(Exception):
    """Base class of every error paretoland raises on purpose."""


class DataError(ParetolandError, ValueError):
    """Invalid input data: a missing column, a NaN, a non-positive quantity, and so on."""


class ConfigError(ParetolandError, ValueError):
    """An invalid parameter, option or run configuration."""


class ConvergenceError(ParetolandError, RuntimeError):
    """An equilibrium or fitting routine failed to converge."""


class OutputError(ParetolandError):
    """An output folder or file that cannot be written safely.

    It is the current directory, a dataset, a file, someone else's folder, locked by
    another run, or a finished run that needs ``--overwrite``; or a checkpoint that is
    corrupt.
    """


class RunInterrupted(BaseException):
    """A run stopped by SIGINT or SIGTERM, after cleaning up.

    Like :class:`KeyboardInterrupt` it derives from :class:`BaseException`, so that
    ``except Exception`` does not swallow it.

    Parameters
    ----------
    message : str
        What was interrupted and how to continue, e.g. "interrupted at generation 12;
        continue with `--resume`".
    exit_code : int
        128 + the signal number: 130 for SIGINT, 143 for SIGTERM.
    """

    def __init__(self, message: str, exit_code: int = 130) -> None:
        super().__init__(message)
        self.exit_code = exit_code
