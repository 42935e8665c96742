"""Parametric rules as per-city rules, exactly: the seeds of a city-level search.

Every rule of the paper's parametric family is a rule of the per-city family: its
sellers' shares ``clip(ω·z, 0, φ_max)`` are per-city shares, and its buyers' weights
``max(ω·z, 0)`` become per-city weights in [0, 1] once each pool's weights are divided
by a common factor, which moves no land (a pool's land goes to its buyers in
proportion to their weights). The factor is the power of two just above the pool's
largest weight, so the division is exact in floating point and the per-city rule
gives the very same trade, bit for bit, and the same objectives.
"""

from __future__ import annotations

import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.frontier.levers import ParametricFamily, PerCityFamily
from paretoland.model.quotas import trading_pools

__all__ = ["parametric_to_per_city"]


def parametric_to_per_city(
    parametric: ParametricFamily, per_city: PerCityFamily, X: np.ndarray
) -> np.ndarray:
    """Return the per-city levers of parametric rules (the same trades, exactly).

    Parameters
    ----------
    parametric : ParametricFamily
    per_city : PerCityFamily
        On the same calibration, market and φ_max.
    X : ndarray, shape (k, 12) or (k, 6)
        Parametric levers (within their bounds).

    Returns
    -------
    ndarray, shape (k, per_city.n_levers)

    Raises
    ------
    ConfigError
        If the families differ in economy, market or φ_max.
    """
    if (
        parametric.calibration is not per_city.calibration
        and parametric.calibration.data.codes.tolist() != per_city.calibration.data.codes.tolist()
    ) or (parametric.market, parametric.max_share) != (per_city.market, per_city.max_share):
        raise ConfigError(
            "a parametric rule maps to per-city levers only on the same economy, market "
            "and max_share; build both families from one config."
        )
    shares, weights = parametric.shares_and_weights(parametric.check_batch(np.atleast_2d(X)))
    pool = trading_pools(per_city.calibration, per_city.market)
    parts = []
    for use in per_city.uses:
        scaled = _scaled_by_pool(weights[use], pool)
        parts += [shares[use][:, per_city._sellers[use]], scaled[:, per_city._buyers[use]]]
    return np.hstack(parts)


def _scaled_by_pool(weights: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Divide each pool's weights (k, n) by the power of two just above their maximum."""
    out = weights.copy()
    for p in np.unique(pool):
        members = pool == p
        largest = weights[:, members].max(axis=1)
        _, exponent = np.frexp(np.where(largest > 0, largest, 1.0))
        factor = np.ldexp(1.0, exponent)  # largest < factor ≤ 2 largest, a power of two
        out[:, members] = weights[:, members] / factor[:, None]
    return out
