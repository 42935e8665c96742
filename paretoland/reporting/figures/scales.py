"""Colour limits for choropleths that outliers cannot flatten.

:func:`colour_limits` sets the limits of a colour scale from percentiles of the data
(2nd–98th by default), rounded out to a readable number, symmetric around a centre for
diverging changes; the values beyond are drawn in the end colours and the colourbar
gets arrows (``extend``), so one city at +143 % no longer turns the others white.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from paretoland.exceptions import ConfigError

__all__ = ["ColourLimits", "colour_limits", "nice_ceiling"]

_NICE_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


@dataclass(frozen=True)
class ColourLimits:
    """Limits of a colour scale.

    Attributes
    ----------
    vmin, vmax : float
        The values at the two ends of the colour map.
    extend : {"neither", "min", "max", "both"}
        Which ends have values beyond the limits (matplotlib's colourbar ``extend``).
    """

    vmin: float
    vmax: float
    extend: str

    @property
    def ticks(self) -> list[float]:
        """Five evenly spaced ticks from ``vmin`` to ``vmax``."""
        return [float(v) for v in np.linspace(self.vmin, self.vmax, 5)]


def nice_ceiling(value: float) -> float:
    """Return the smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k that is ≥ ``value`` > 0.

    Halves of these are readable too, so a diverging scale gets ticks at the limits,
    their halves and the centre.
    """
    if not value > 0:
        raise ConfigError(f"nice_ceiling needs a positive number, not {value}.")
    scale = 10.0 ** np.floor(np.log10(value))
    step = next(s for s in _NICE_STEPS if s * scale >= value * (1 - 1e-12))
    return float(step * scale)


def colour_limits(
    values: np.ndarray,
    *,
    center: float | None = 0.0,
    percentiles: tuple[float, float] = (2.0, 98.0),
    limit: float | None = None,
) -> ColourLimits:
    """Robust limits for a colour scale.

    Parameters
    ----------
    values : ndarray(float)
        The mapped values; NaN are ignored.
    center : float or None
        Diverging scale: the limits are ``center ± h``, where h is the larger distance
        from ``center`` of the two percentiles, rounded up by :func:`nice_ceiling`.
        None: a sequential scale from the lower to the upper percentile.
    percentiles : (float, float)
        Lower and upper percentiles (0–100).
    limit : float, optional
        Diverging scales only: the half-width h itself, overriding the percentiles.

    Returns
    -------
    ColourLimits
        ``extend`` says which ends are exceeded by some value.
    """
    low_q, high_q = percentiles
    if not 0.0 <= low_q < high_q <= 100.0:
        raise ConfigError(f"percentiles must rise within 0–100, not {percentiles}.")
    finite = np.asarray(values, float)
    finite = finite[np.isfinite(finite)]
    if center is None:
        if finite.size == 0:
            return ColourLimits(0.0, 1.0, "neither")
        vmin, vmax = (float(v) for v in np.percentile(finite, [low_q, high_q]))
        vmax = vmax if vmax > vmin else vmin + 1.0
    else:
        if limit is not None and not limit > 0:
            raise ConfigError(f"limit must be a positive half-width, not {limit}.")
        deviation = np.percentile(finite, [low_q, high_q]) - center if finite.size else [0.0]
        largest = float(np.max(np.abs(deviation)))
        half = limit if limit is not None else nice_ceiling(largest if largest > 0 else 1.0)
        vmin, vmax = center - half, center + half
    below = bool(finite.size and finite.min() < vmin)
    above = bool(finite.size and finite.max() > vmax)
    extend = {(True, True): "both", (True, False): "min", (False, True): "max"}.get(
        (below, above), "neither"
    )
    return ColourLimits(vmin, vmax, extend)
