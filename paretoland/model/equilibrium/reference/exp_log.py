"""Twins of :mod:`paretoland.model.equilibrium.kernels.exp_log`: numpy's exp and log."""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _exp_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = exp(x) (``scratch`` unused)."""
    np.exp(x, out=out)


def _log_into(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> None:
    """Out = log(x) (``scratch`` unused; NaN for x < 0, −inf for 0, silently)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log(x, out=out)
