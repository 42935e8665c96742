"""Partial derivatives of the outcomes with respect to the hats and the trade's flows.

The first link of the chain rule behind :meth:`Counterfactual.gradient
<paretoland.model.counterfactual.Counterfactual.gradient>`: each function returns an
:class:`OutputGradient` holding the outputs' values and, for every array an output
depends on, its partial derivatives ∂f/∂X (levels), one row per scalar output:

- ``gdp``, ``welfare``, ``output_gap``, ``welfare_gap`` (docs/model.md §4, % changes), the
  gaps under each dispersion measure of
  :data:`~paretoland.model.outcomes.dispersion.DISPERSION_MEASURES`
  (their gradients with respect to values and weights are in :func:`dispersion_gradient`);
- ``welfare_origin``: 100 (Ŵ_o − 1) for every origin o (the Pareto-improvement
  constraints are Ŵ_o ≥ 1);
- the institutional indicators, which depend on the trade alone: ``farmer_income``
  (亿元), ``farmland_loss`` (the worst province's net loss, km²) and ``receipts`` (yuan
  per city).

Kinks: the Gini coefficient is not differentiable where two values tie; its gradient
here is the symmetric subgradient (a tie's sign counts as 0, the mean of the two
one-sided derivatives). ``farmland_loss`` is a maximum over provinces: its gradient is
that of the worst province, and a tie is reported in ``kinks``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from paretoland.data.dataset import M2_PER_KM2, M2_PER_MU
from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.institutions import TicketPricing
from paretoland.model.outcomes import DISPERSION_MEASURES, compute_dispersion
from paretoland.model.quotas import QuotaTrade, group_sums, province_index
from paretoland.model.quotas.trade import _CITY_FIELDS

__all__ = [
    "TRADE_FLOWS",
    "OutputGradient",
    "dispersion_gradient",
    "farmer_income_gradient",
    "farmland_loss_gradient",
    "gap_gradient",
    "gdp_gradient",
    "hat_gradient",
    "origin_welfare_gradient",
    "receipts_gradient",
    "welfare_gradient",
]

TRADE_FLOWS: tuple[str, ...] = _CITY_FIELDS[3:]
"""The trade's per-city flows (m², yuan), as in :class:`~.quotas.trade.QuotaTrade`."""


@dataclass(frozen=True)
class OutputGradient:
    """Outputs and their partial derivatives.

    Attributes
    ----------
    labels : tuple of str
        One name per scalar output (m of them).
    values : ndarray, shape (m,)
        Their values.
    cotangents : dict of str to ndarray, shape (m, n)
        ∂output/∂X for each hat (``HAT_NAMES``) or trade flow (:data:`TRADE_FLOWS`)
        X the outputs depend on; absent arrays have zero derivative.
    kinks : tuple of str
        Where an output is not differentiable at this point (the gradient given is
        then one of its subgradients).
    """

    labels: tuple[str, ...]
    values: np.ndarray
    cotangents: dict[str, np.ndarray]
    kinks: tuple[str, ...] = field(default=())


# ----------------------------------------------------------------- dispersion measures
def _cv(x: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    mean = w @ x
    deviation = x - mean
    sd = float(np.sqrt(w @ (deviation * deviation)))
    if sd == 0.0:  # the square root's kink: 0 is a subgradient
        return 0.0, np.zeros_like(x), np.zeros_like(x)
    d_x = w * (deviation / (mean * sd) - sd / mean**2)
    d_w = deviation * deviation / (2.0 * sd * mean) - sd * x / mean**2
    return sd / mean, d_x, d_w


def _theil(x: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    mean = w @ x
    ratio = x / mean
    logs = np.log(ratio)
    value = float(w @ (ratio * logs))
    return value, w * (logs - value) / mean, ratio * (logs - value - 1.0)


def _var_log(x: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    deviation = np.log(x)
    deviation -= w @ deviation
    return float(w @ (deviation * deviation)), 2.0 * w * deviation / x, deviation * deviation


def _gini(x: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    values, group = np.unique(x, return_inverse=True)  # ties share one group
    weight = np.bincount(group, weights=w, minlength=values.size)
    mass = np.bincount(group, weights=w * x, minlength=values.size)
    below_w, below_m = np.cumsum(weight) - weight, np.cumsum(mass) - mass
    above_w, above_m = weight.sum() - below_w - weight, mass.sum() - below_m - mass
    sign = (below_w - above_w)[group]  # Σ_j w_j sign(x_i − x_j), ties counted as 0
    spread = x * sign - (below_m - above_m)[group]  # Σ_j w_j |x_i − x_j|
    mean = w @ x
    value = float(w @ spread) / (2.0 * mean)
    return value, (w * sign - value * w) / mean, (spread - value * x) / mean


_GRADIENTS: dict[str, Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray, np.ndarray]]] = {
    "cv": _cv,
    "theil": _theil,
    "gini": _gini,
    "var_log": _var_log,
}


def dispersion_gradient(
    x: np.ndarray, w: np.ndarray, measure: str = "cv"
) -> tuple[float, np.ndarray, np.ndarray]:
    """Return a weighted dispersion measure and its gradient with respect to values and weights.

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (not necessarily summing to 1), as in
        :func:`~paretoland.model.outcomes.dispersion.compute_dispersion`.
    measure : str
        A key of :data:`~paretoland.model.outcomes.dispersion.DISPERSION_MEASURES`.

    Returns
    -------
    value : float
        The measure (equal to :func:`~paretoland.model.outcomes.dispersion.compute_dispersion`).
    d_values, d_weights : ndarray, shape (n,)
        ∂D/∂x and ∂D/∂w, the latter through the weights' normalisation w / Σ w. Where
        Gini ties two values, the symmetric subgradient; where the CV is 0, zero.
    """
    if measure not in DISPERSION_MEASURES:
        raise ConfigError(
            f"unknown dispersion measure {measure!r}; choose from {tuple(_GRADIENTS)}."
        )
    total = float(np.sum(w))
    share = np.asarray(w, dtype=np.float64) / total
    value, d_values, d_shares = _GRADIENTS[measure](np.asarray(x, dtype=np.float64), share)
    return value, d_values, (d_shares - share @ d_shares) / total


def _gini_ties(x: np.ndarray) -> bool:
    return np.unique(x).size < x.size


# ----------------------------------------------------------------- the four outcomes
def gdp_gradient(calibration: Calibration, output_hat: np.ndarray) -> OutputGradient:
    """GDP, 100 (Σ Y Ŷ / Σ Y − 1), and its derivative 100 Y / Σ Y with respect to Ŷ."""
    output = calibration.output
    total = output.sum()
    value = 100.0 * ((output * output_hat).sum() / total - 1.0)
    return OutputGradient(
        ("gdp",), np.array([value]), {"output_hat": (100.0 * output / total)[None]}
    )


def welfare_gradient(calibration: Calibration, welfare_hat: np.ndarray) -> OutputGradient:
    """Welfare, 100 (Σ λ W Ŵ / Σ λ W − 1), and its derivative with respect to Ŵ."""
    weighted = calibration.welfare_weights * calibration.welfare_origin
    total = weighted.sum()
    value = 100.0 * ((weighted * welfare_hat).sum() / total - 1.0)
    return OutputGradient(
        ("welfare",), np.array([value]), {"welfare_hat": (100.0 * weighted / total)[None]}
    )


def gap_gradient(
    calibration: Calibration,
    name: str,
    *,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    welfare_hat: np.ndarray,
    measure: str = "cv",
) -> OutputGradient:
    """``output_gap`` or ``welfare_gap``, 100 (D' / D − 1), and its derivatives.

    The output gap's D is the dispersion of output per worker Y Ŷ / (L L̂) weighted by
    labour L L̂ (so it depends on Ŷ and L̂); the welfare gap's, of W_o Ŵ_o weighted by
    the fixed λ_o (it depends on Ŵ).
    """
    if name == "output_gap":
        before_x, before_w = calibration.output / calibration.labour, calibration.labour
        labour = calibration.labour * labour_hat
        x, w = calibration.output * output_hat / labour, labour
    elif name == "welfare_gap":
        before_x, before_w = calibration.welfare_origin, calibration.welfare_weights
        x, w = calibration.welfare_origin * welfare_hat, before_w
    else:
        raise ConfigError(f"a gap is 'output_gap' or 'welfare_gap' (got {name!r}).")
    base = _baseline_dispersion(calibration, name, before_x, before_w, measure)
    value, d_x, d_w = dispersion_gradient(x, w, measure)
    scale = 100.0 / base
    if name == "output_gap":
        cotangents = {
            "output_hat": scale * d_x * x / output_hat,
            "labour_hat": scale * (d_w * calibration.labour - d_x * x / labour_hat),
        }
    else:
        cotangents = {"welfare_hat": scale * d_x * calibration.welfare_origin}
    kinks = (
        (f"{name}: tied values (Gini subgradient)",) if measure == "gini" and _gini_ties(x) else ()
    )
    return OutputGradient(
        (name,),
        np.array([100.0 * (value / base - 1.0)]),
        {key: row[None] for key, row in cotangents.items()},
        kinks,
    )


_BASELINES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _baseline_dispersion(
    calibration: Calibration, name: str, x: np.ndarray, w: np.ndarray, measure: str
) -> float:
    """Return the baseline dispersion of a gap (cached per calibration)."""
    cache = _BASELINES.setdefault(calibration, {})
    if (name, measure) not in cache:
        cache[name, measure] = compute_dispersion(x, w, measure)
    return cache[name, measure]


def origin_welfare_gradient(calibration: Calibration, welfare_hat: np.ndarray) -> OutputGradient:
    """100 (Ŵ_o − 1) for every origin (labels ``welfare_origin[<code>]``)."""
    return _per_city(
        calibration, "welfare_origin", "welfare_hat", 100.0 * (welfare_hat - 1.0), 100.0
    )


def hat_gradient(calibration: Calibration, name: str, values: np.ndarray) -> OutputGradient:
    """Return the hat ``name`` of every city (labels ``<name>[<code>]``)."""
    return _per_city(calibration, name, name, np.asarray(values, dtype=np.float64), 1.0)


def _per_city(
    calibration: Calibration, label: str, array: str, values: np.ndarray, scale: float
) -> OutputGradient:
    labels = tuple(f"{label}[{code}]" for code in calibration.data.codes)
    return OutputGradient(labels, values.copy(), {array: scale * np.eye(values.shape[0])})


# -------------------------------------------------------- institutional indicators
def farmer_income_gradient(trade: QuotaTrade, pricing: TicketPricing) -> OutputGradient:
    """Farmers' income from the quotas sold (亿元) and its derivatives.

    Σ_d μ (receipts_d − C_FK sold_d / M2_PER_MU) / 10⁸: linear in receipts (yuan) and
    land sold (m²), so smooth.
    """
    mu, cost = pricing.farmer_share, pricing.reclamation_cost
    sold = np.asarray(trade.sold_productive) + np.asarray(trade.sold_residential)
    value = mu * (np.asarray(trade.receipts).sum() - cost * sold.sum() / M2_PER_MU) / 1e8
    n = sold.shape[0]
    per_m2 = np.full((1, n), -mu * cost / M2_PER_MU / 1e8)
    cotangents = {
        "receipts": np.full((1, n), mu / 1e8),
        "sold_productive": per_m2,
        "sold_residential": per_m2.copy(),
    }
    return OutputGradient(("farmer_income",), np.array([value]), cotangents)


def farmland_loss_gradient(calibration: Calibration, trade: QuotaTrade) -> OutputGradient:
    """Return the worst province's net farmland loss (km²) and that province's gradient."""
    net = np.asarray(trade.bought_productive) + np.asarray(trade.bought_residential)
    net = net - np.asarray(trade.sold_productive) - np.asarray(trade.sold_residential)
    province, n_provinces = province_index(calibration)
    losses = group_sums(net, province, n_provinces) / M2_PER_KM2
    worst = int(np.argmax(losses))
    sign = np.where(province == worst, 1.0 / M2_PER_KM2, 0.0)[None]
    kinks: tuple[str, ...] = ()
    if (losses == losses[worst]).sum() > 1:
        kinks = ("farmland_loss: several provinces tie for the largest loss",)
    cotangents = {
        "bought_productive": sign,
        "bought_residential": sign.copy(),
        "sold_productive": -sign,
        "sold_residential": -sign.copy(),
    }
    return OutputGradient(("farmland_loss",), np.array([losses[worst]]), cotangents, kinks)


def receipts_gradient(calibration: Calibration, trade: QuotaTrade) -> OutputGradient:
    """Every city's receipts from the quotas it sells (yuan; ``receipts[<code>]``)."""
    return _per_city(calibration, "receipts", "receipts", np.asarray(trade.receipts), 1.0)
