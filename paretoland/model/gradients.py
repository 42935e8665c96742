"""Exact gradients of any outcome with respect to a rule family's levers (docs/model.md §6).

The chain rule from levers to outcomes, in reverse (adjoint) mode, one linear solve per
scalar output whatever the number of levers:

    levers x → shares φ, weights ω   (the family's ``shares_and_weights``)
             → trade flows            (``trade_gradients.TradeLinearisation``)
             → shock R̂^Y, R̂^H, F     (``trade_gradients.shock_tangent``)
             → equilibrium hats       (``equilibrium.sensitivity.EquilibriumSensitivity``)
             → outputs                (``outcome_gradients``)

:func:`gradient_arrays` returns the Jacobian as arrays; :func:`compute_gradient` labels
it (``Counterfactual.gradient`` calls it). Without a family, the gradient is taken with
respect to the shock itself (per-city land hats and transfers in yuan).

Outputs (:data:`OUTPUT_NAMES`): the four outcomes (``gdp``, ``output_gap``,
``welfare``, ``welfare_gap``; the gaps under the chosen dispersion measure), every
origin's welfare ``welfare_origin`` (one row per origin: the Pareto-improvement
constraints), ``farmer_income``, ``farmland_loss``, every city's ``receipts``, every
hat (one row per city), and user outputs: a callable ``f(cf) -> float`` with an
attribute ``f.gradient(cf)`` returning ∂f/∂X for any of the hats (``HAT_NAMES``) and
trade flows (``TRADE_FLOWS``), as arrays of shape (n,).

Kinks are reported, never hidden (the gradient given there is one subgradient): the
parametric rule's clip and max(·, 0) (its JVP gives the exact one-sided derivatives:
``one_sided=True``), pools with no buyer weight or no land sold, Gini ties, and the
worst province of ``farmland_loss``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError
from paretoland.model.equilibrium.batch import _one_blas_thread
from paretoland.model.equilibrium.sensitivity import HAT_NAMES, EquilibriumSensitivity
from paretoland.model.institutions import TicketPricing
from paretoland.model.outcome_gradients import (
    TRADE_FLOWS,
    OutputGradient,
    farmer_income_gradient,
    farmland_loss_gradient,
    gap_gradient,
    gdp_gradient,
    hat_gradient,
    origin_welfare_gradient,
    receipts_gradient,
    welfare_gradient,
)
from paretoland.model.quotas import QuotaRule
from paretoland.model.shocks import trade_shock
from paretoland.model.trade_gradients import TradeLinearisation, flow_cotangents

if TYPE_CHECKING:
    from paretoland.model.calibration import Calibration
    from paretoland.model.counterfactual import Counterfactual

__all__ = [
    "OUTPUT_NAMES",
    "SCALAR_OUTPUTS",
    "Gradient",
    "LeverFamily",
    "compute_gradient",
    "gradient_arrays",
]

OUTPUT_NAMES: tuple[str, ...] = (
    "gdp",
    "output_gap",
    "welfare",
    "welfare_gap",
    "welfare_origin",
    "farmer_income",
    "farmland_loss",
    "receipts",
    *HAT_NAMES,
)
"""Outputs :func:`compute_gradient` knows by name (besides user callables)."""
SCALAR_OUTPUTS: tuple[str, ...] = OUTPUT_NAMES[:4] + ("farmer_income", "farmland_loss")
"""The outputs with one value; the others give one per city (``name[code]``)."""
SHOCK_LEVERS: tuple[str, ...] = ("land_productive_hat", "land_residential_hat", "transfers")
_TRADE_OUTPUTS = ("farmer_income", "farmland_loss", "receipts")

Output = str | Callable[..., float]


class LeverFamily(Protocol):
    """What a rule family (:mod:`paretoland.frontier.levers`) offers the chain rule."""

    @property
    def calibration(self) -> Calibration: ...  # noqa: D102

    @property
    def market(self) -> QuotaRule: ...  # noqa: D102

    @property
    def names(self) -> tuple[str, ...]: ...  # noqa: D102

    def check(self, x: np.ndarray) -> np.ndarray: ...  # noqa: D102

    def shares_and_weights(self, x: np.ndarray) -> tuple[dict, dict]: ...  # noqa: D102

    def shares_and_weights_jvp(self, x: np.ndarray, dx: np.ndarray) -> tuple[dict, dict]: ...  # noqa: D102

    def shares_and_weights_vjp(  # noqa: D102
        self, x: np.ndarray, d_shares: dict, d_weights: dict
    ) -> np.ndarray: ...

    def kinks(self, x: np.ndarray) -> tuple[str, ...]: ...  # noqa: D102


@dataclass(frozen=True)
class Gradient:
    """Outputs and their Jacobian with respect to levers, as arrays.

    Attributes
    ----------
    outputs : tuple of str
        Output labels (m); vector outputs give one label per city, ``name[code]``.
    levers : tuple of str
        Lever names (p): the family's, or ``<input>.<city code>`` for the shock.
    values : ndarray, shape (m,)
        The outputs' values.
    jacobian : ndarray, shape (m, p)
        ∂output/∂lever.
    kinks : tuple of str
        Where the point is not smooth (the gradient is then one subgradient).
    """

    outputs: tuple[str, ...]
    levers: tuple[str, ...]
    values: np.ndarray
    jacobian: np.ndarray
    kinks: tuple[str, ...]


def _one_output(
    cf: Counterfactual, output: Output, measure: str, pricing: TicketPricing | None
) -> OutputGradient:
    """Values and partial derivatives of one named (or user) output at ``cf``."""
    cal, eq = cf.calibration, cf.equilibrium
    if callable(output):
        return _user_output(cf, output)
    if output in ("gdp", "welfare"):
        if output == "gdp":
            return gdp_gradient(cal, eq.output_hat)
        return welfare_gradient(cal, eq.welfare_hat)
    if output in ("output_gap", "welfare_gap"):
        hats = {name: getattr(eq, name) for name in ("output_hat", "labour_hat", "welfare_hat")}
        return gap_gradient(cal, output, measure=measure, **hats)
    if output == "welfare_origin":
        return origin_welfare_gradient(cal, eq.welfare_hat)
    if output == "farmer_income":
        return farmer_income_gradient(cf.trade, pricing or TicketPricing())
    if output == "farmland_loss":
        return farmland_loss_gradient(cal, cf.trade)
    if output == "receipts":
        return receipts_gradient(cal, cf.trade)
    if output in HAT_NAMES:
        return hat_gradient(cal, output, getattr(eq, output))
    raise ConfigError(
        f"unknown output {output!r}; choose from {OUTPUT_NAMES}, or pass a function f(cf) "
        "with an attribute f.gradient(cf) returning its partial derivatives."
    )


def _user_output(cf: Counterfactual, function: Callable[..., float]) -> OutputGradient:
    """Return a user output f(cf) with partial derivatives f.gradient(cf) (see the module)."""
    name = getattr(function, "__name__", "user")
    partials = getattr(function, "gradient", None)
    if not callable(partials):
        raise ConfigError(
            f"the output {name!r} has no gradient: give it an attribute gradient(cf) returning "
            f"∂f/∂X for X among {HAT_NAMES + TRADE_FLOWS} (arrays of shape (n,))."
        )
    n = cf.calibration.n_cities
    cotangents = {}
    for key, value in dict(partials(cf)).items():
        row = np.asarray(value, dtype=np.float64)
        if key not in HAT_NAMES + TRADE_FLOWS or row.shape != (n,):
            raise ConfigError(
                f"{name}.gradient gave {key!r} of shape {row.shape}; give arrays of shape "
                f"({n},) for names among {HAT_NAMES + TRADE_FLOWS}."
            )
        cotangents[key] = row[None]
    return OutputGradient((name,), np.array([float(function(cf))]), cotangents)


def _stack(parts: Sequence[OutputGradient], n: int) -> OutputGradient:
    """Stack the outputs of several parts, one block of rows each."""
    if len(parts) == 1:
        return parts[0]
    sizes = [len(part.labels) for part in parts]
    keys = {key for part in parts for key in part.cotangents}
    cotangents = {
        key: np.vstack(
            [
                part.cotangents.get(key, np.zeros((size, n)))
                for part, size in zip(parts, sizes, strict=True)
            ]
        )
        for key in keys
    }
    return OutputGradient(
        tuple(label for part in parts for label in part.labels),
        np.concatenate([part.values for part in parts]),
        cotangents,
        tuple(kink for part in parts for kink in part.kinks),
    )


@dataclass(frozen=True, eq=False)
class _FlowLevel:
    """The chain rule up to the trade's flows.

    The outputs, the trade's linearisation (None without a family), and ∂output/∂flow
    (∂output/∂shock without a family).
    """

    outputs: OutputGradient
    linearisation: TradeLinearisation | None
    cotangents: dict[str, np.ndarray]
    kinks: tuple[str, ...]
    x: np.ndarray | None = None


def _flow_level(
    cf: Counterfactual,
    outputs: Sequence[Output],
    family: LeverFamily | None,
    x: np.ndarray | None,
    options: dict[str, Any],
) -> _FlowLevel:
    cal = cf.calibration
    eq = cf.equilibrium.raise_for_status()
    measure = options.get("measure") or (cf.outcomes.measure if cf.outcomes else "cv")
    out = _stack(
        [_one_output(cf, o, measure, options.get("pricing")) for o in outputs], cal.n_cities
    )
    hats = {key: out.cotangents[key] for key in HAT_NAMES if key in out.cotangents}
    flows = {key: out.cotangents[key] for key in TRADE_FLOWS if key in out.cotangents}
    shock = {}
    if hats:
        sensitivity = EquilibriumSensitivity(
            cal, trade_shock(cf.trade, cal.params), eq, options.get("config")
        )
        shock = sensitivity.vjp(hats)
    if family is None:
        if flows:
            raise ConfigError(
                f"{[o for o in outputs if o in _TRADE_OUTPUTS or callable(o)]} depend on the "
                "trade's flows, not only on the shock: give the rule family and its levers."
            )
        zero = np.zeros((len(out.labels), cal.n_cities))
        return _FlowLevel(out, None, {k: shock.get(k, zero) for k in SHOCK_LEVERS}, out.kinks)
    if x is None:
        raise ConfigError("give the decision vector x of the family's levers with the family.")
    x = family.check(x)
    shares, weights = family.shares_and_weights(x)
    linearisation = TradeLinearisation(cal, family.market, shares, weights, cf.trade)
    total = flow_cotangents(cal, shock, cal.params) if shock else {}
    for key, rows in flows.items():
        total[key] = total[key] + rows if key in total else rows
    kinks = family.kinks(x) + linearisation.kinks + out.kinks
    return _FlowLevel(out, linearisation, total, kinks, x)


def gradient_arrays(
    cf: Counterfactual,
    outputs: Output | Sequence[Output],
    *,
    family: LeverFamily | None = None,
    x: np.ndarray | None = None,
    **options: Any,
) -> Gradient:
    """Return the outputs' values and exact Jacobian with respect to the levers, as arrays.

    Parameters
    ----------
    cf : Counterfactual
        A converged counterfactual.
    outputs : str, callable, or a sequence of them
        Names of :data:`OUTPUT_NAMES`, or user functions with a ``gradient`` attribute.
    family : rule family, optional
        E.g. :class:`~paretoland.frontier.levers.PerCityFamily`; without it, the
        gradient is with respect to the shock (``<input>.<city code>`` for the land hats
        R̂^Y, R̂^H and the transfers F in yuan).
    x : ndarray, shape (n_levers,)
        The family's levers that gave ``cf.trade`` (checked).
    **options
        ``measure`` (the gaps' dispersion measure; default the counterfactual's),
        ``pricing`` (:class:`~paretoland.model.institutions.TicketPricing`),
        ``config`` (:class:`~paretoland.model.equilibrium.sensitivity.SensitivityConfig`).

    Returns
    -------
    Gradient
    """
    outputs = _as_list(outputs)
    with _one_blas_thread():
        level = _flow_level(cf, outputs, family, x, options)
        if level.linearisation is None:
            jacobian = np.hstack([level.cotangents[name] for name in SHOCK_LEVERS])
            codes = cf.calibration.data.codes
            levers = tuple(f"{name}.{code}" for name in SHOCK_LEVERS for code in codes)
        else:
            d_shares, d_weights = level.linearisation.vjp(level.cotangents)
            assert family is not None and level.x is not None  # a linearisation needs both
            jacobian = family.shares_and_weights_vjp(level.x, d_shares, d_weights)
            levers = tuple(family.names)
    out = level.outputs
    return Gradient(out.labels, levers, out.values, jacobian, level.kinks)


def one_sided_arrays(
    cf: Counterfactual,
    outputs: Output | Sequence[Output],
    *,
    family: LeverFamily,
    x: np.ndarray,
    **options: Any,
) -> tuple[Gradient, Gradient]:
    """Return the right and left partial derivatives with respect to each lever.

    Right: lim (f(x + t e_j) − f(x)) / t; left: lim (f(x) − f(x − t e_j)) / t, t ↓ 0,
    exact at the parametric rule's kinks (the family's forward mode follows the clip
    and max(·, 0) to the side of each direction). Equal to :func:`gradient_arrays`
    where the point is smooth. Arguments as for :func:`gradient_arrays`.
    """
    outputs = _as_list(outputs)
    with _one_blas_thread():
        level = _flow_level(cf, outputs, family, x, options)
    p = len(family.names)
    directions = np.vstack([np.eye(p), -np.eye(p)])
    assert level.x is not None and level.linearisation is not None  # a family was given
    d_shares, d_weights = family.shares_and_weights_jvp(level.x, directions)
    tangents = level.linearisation.jvp(d_shares, d_weights)
    derivatives = sum(
        np.broadcast_to(tangents[name], (2 * p, cf.calibration.n_cities)) @ rows.T
        for name, rows in level.cotangents.items()
    )
    out = level.outputs
    right = Gradient(out.labels, tuple(family.names), out.values, derivatives[:p].T, level.kinks)
    left = Gradient(
        out.labels, tuple(family.names), out.values, 0.0 - derivatives[p:].T, level.kinks
    )
    return right, left


def compute_gradient(
    cf: Counterfactual,
    outputs: Output | Sequence[Output],
    *,
    family: LeverFamily | None = None,
    x: np.ndarray | None = None,
    one_sided: bool = False,
    **options: Any,
) -> pd.DataFrame:
    """Return the exact gradient of outputs with respect to levers, labelled.

    Arguments as for :func:`gradient_arrays`; with ``one_sided`` (a family needed), the
    right and left partial derivatives (:func:`one_sided_arrays`).

    Returns
    -------
    DataFrame
        Index: the levers (``lever``); columns: the outputs (for ``one_sided``, a
        MultiIndex (output, side) with sides ``"right"`` and ``"left"``).
        ``frame.attrs["values"]`` holds the outputs' values and
        ``frame.attrs["kinks"]`` where the point is not smooth.
    """
    if one_sided:
        if family is None or x is None:
            raise ConfigError("one-sided derivatives need a rule family and its levers x.")
        right, left = one_sided_arrays(cf, outputs, family=family, x=x, **options)
        columns = pd.MultiIndex.from_product([right.outputs, ("right", "left")])
        data = np.stack([right.jacobian.T, left.jacobian.T], axis=2).reshape(len(right.levers), -1)
        gradient = right
    else:
        gradient = gradient_arrays(cf, outputs, family=family, x=x, **options)
        columns, data = pd.Index(gradient.outputs, dtype=object), gradient.jacobian.T
    index = pd.Index(gradient.levers, dtype=object, name="lever")
    frame = pd.DataFrame(data, index=index, columns=columns)
    frame.attrs["values"] = dict(zip(gradient.outputs, gradient.values.tolist(), strict=True))
    frame.attrs["kinks"] = gradient.kinks
    return frame


def _as_list(outputs: Output | Sequence[Output]) -> list[Output]:
    if isinstance(outputs, str) or callable(outputs):
        return [outputs]
    outputs = list(outputs)
    if not outputs:
        raise ConfigError("give at least one output.")
    return outputs
