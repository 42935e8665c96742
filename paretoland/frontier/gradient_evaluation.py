"""Values and exact Jacobians of a frontier problem's objectives and constraints.

What a gradient-based search needs from a :class:`~paretoland.frontier.evaluation.FrontierModel`:
for a batch of decision vectors X (k × p) of either rule family, one batched equilibrium
solve, then for every converged candidate the Jacobians (adjoint mode, see
:mod:`paretoland.model.gradients`):

- ``objective_jacobian`` (k, m, p): the objectives in their own sense and units (a user
  objective needs a ``gradient`` attribute; see :mod:`paretoland.model.gradients`);
- ``constraint_jacobian`` (k, c, p): the model's constraint columns (g ≤ 0), each a
  (sub)gradient: ``feasible`` and ``participation`` are piecewise constant (zero);
  ``pareto`` = 100 (1 − min_o Ŵ_o) takes the worst origin's; ``seller_receipts`` the
  poorest seller's; ``farmland`` the worst province's;
- ``origin_welfare`` (k, n) = 100 (Ŵ_o − 1) and its Jacobian (k, n, p): the smooth
  Pareto-improvement constraints (Ŵ_o ≥ 1 for every origin o) that a nonlinear
  programming solver should use instead of the kinked ``pareto`` column (given when the
  model asks for Pareto improvement, or ``origins=True``);
- ``extra``: any other output by name (e.g. ``"revenue_hat"``, Ĝ of every city, for a
  smooth margin Ĝ_d ≥ ε away from infeasibility).

A candidate whose equilibrium fails (``statuses``: ``"infeasible"`` when a buyer's land
revenue Ĝ ≤ 0, ``"stalled"`` or ``"max_iter"`` near that boundary), or whose objective
failed, or where a city's own TFP loop has no derivative (``kinks`` says why), has none:
its Jacobian rows are NaN, and its scores are those of
:meth:`FrontierModel.evaluate <paretoland.frontier.evaluation.FrontierModel.evaluate>`
(objectives 0, ``feasible`` violated by ``FAILED_VIOLATION``, other constraints 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from paretoland.exceptions import ConfigError, ConvergenceError
from paretoland.frontier.indicators import INSTITUTION_SENSES
from paretoland.frontier.objectives import Objective, load_objective_function
from paretoland.model.counterfactual import Counterfactual
from paretoland.model.equilibrium.sensitivity import SensitivityConfig
from paretoland.model.gradients import OUTPUT_NAMES, SCALAR_OUTPUTS, Gradient, gradient_arrays
from paretoland.model.quotas import QuotaTrade

if TYPE_CHECKING:  # evaluation imports this module for FrontierModel.evaluate_gradients
    from paretoland.frontier.evaluation import Evaluation, FrontierModel

__all__ = ["GradientEvaluation", "evaluate_gradients"]


@dataclass(frozen=True)
class GradientEvaluation:
    """Scores and exact Jacobians of k candidates (m objectives, c constraints, p levers).

    Attributes
    ----------
    evaluation : Evaluation
        Objectives (k, m), constraints (k, c), statuses and messages, as
        :meth:`FrontierModel.evaluate` gives them.
    objective_jacobian : ndarray, shape (k, m, p)
        ∂objective/∂lever, objectives in their own sense; NaN for failed candidates.
    constraint_jacobian : ndarray, shape (k, c, p)
        ∂constraint/∂lever (subgradients at the min/max kinks); NaN for failed ones.
    origin_welfare, origin_welfare_jacobian : ndarray, shapes (k, n) and (k, n, p), or None
        100 (Ŵ_o − 1) for every origin and its Jacobian (NaN for failed candidates).
    extra : dict of str to (ndarray (k, q), ndarray (k, q, p))
        Values and Jacobians of the extra outputs (q = 1, or n for per-city outputs).
    kinks : tuple of tuple of str
        Per candidate, where it is not smooth (the Jacobian is then a subgradient).
    warm_start : ndarray, shape (k, 2 n) or None
        Each candidate's final solver iterate, to warm-start a nearby solve.
    """

    evaluation: Evaluation
    objective_jacobian: np.ndarray
    constraint_jacobian: np.ndarray
    origin_welfare: np.ndarray | None
    origin_welfare_jacobian: np.ndarray | None
    extra: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    kinks: tuple[tuple[str, ...], ...] = ()
    warm_start: np.ndarray | None = None


def evaluate_gradients(
    model: FrontierModel,
    X: np.ndarray,
    *,
    origins: bool | None = None,
    extra: tuple[str | Callable[..., float], ...] = (),
    lanes: int | None = None,
    config: SensitivityConfig | None = None,
    warm_start: np.ndarray | None = None,
) -> GradientEvaluation:
    """Score decision vectors and give the exact Jacobians of objectives and constraints.

    Parameters
    ----------
    model : FrontierModel
        The problem (family, objectives, constraints, solver options).
    X : ndarray, shape (k, n_levers)
        Decision vectors within the family's bounds.
    origins : bool, optional
        Give every origin's welfare and its Jacobian; default: when the model requires a
        Pareto improvement.
    extra : tuple of str or callable
        Further outputs: names of :data:`~paretoland.model.gradients.OUTPUT_NAMES`, or
        user outputs ``f(cf) -> float`` with a ``gradient`` attribute (keyed by
        ``f.__name__`` in the result).
    lanes : int, optional
        Parallel lanes of the batched solve.
    config : SensitivityConfig, optional
        The linear solves' path and tolerance.
    warm_start : ndarray, shape (2 n,) or (k, 2 n), optional
        Where the equilibrium solver starts (a nearby solution's ``warm_start``).

    Returns
    -------
    GradientEvaluation
    """
    X = model.family.check_batch(np.atleast_2d(X))
    unknown = [name for name in extra if isinstance(name, str) and name not in OUTPUT_NAMES]
    if unknown:
        raise ConfigError(f"unknown extra output(s) {unknown}; choose from {OUTPUT_NAMES}.")
    origins = model.pareto_improvement if origins is None else origins
    plan = _Plan(model, origins, extra)
    batch = model.counterfactuals(X, lanes=lanes, warm_start=warm_start)
    evaluation = model.score_batch(batch)
    k, p = len(X), model.family.n_levers
    values = np.full((k, plan.size), np.nan)
    jacobian = np.full((k, plan.size, p), np.nan)
    kinks: list[tuple[str, ...]] = [()] * k
    scored = np.array([status == "converged" for status in evaluation.statuses])
    for i in np.flatnonzero(scored):
        try:
            gradient = plan.gradient(batch[int(i)], X[i], config)
        except (ConvergenceError, ArithmeticError, ValueError) as error:  # no derivative here
            kinks[i] = (f"no gradient: {error}",)
            continue
        values[i], jacobian[i], kinks[i] = gradient.values, gradient.jacobian, gradient.kinks
    constraints = plan.constraint_jacobian(values, jacobian, batch.trade)
    welfare = plan.block("welfare_origin", values, jacobian) if origins else (None, None)
    return GradientEvaluation(
        evaluation=evaluation,
        objective_jacobian=jacobian[:, : len(model.objectives)],
        constraint_jacobian=constraints,
        origin_welfare=welfare[0],
        origin_welfare_jacobian=welfare[1],
        extra={_label(name): plan.block(name, values, jacobian) for name in extra},
        kinks=tuple(kinks),
        warm_start=batch.equilibria.warm_start,
    )


class _Plan:
    """Which outputs one gradient call computes, and where each lies among its rows."""

    def __init__(
        self, model: FrontierModel, origins: bool, extra: tuple[str | Callable[..., float], ...]
    ) -> None:
        self.model = model
        outputs: list = [_objective_output(o) for o in model.objectives]
        names = set(model.constraint_names)
        wanted: list[str | Callable[..., float]] = []
        if origins or "pareto" in names:
            wanted.append("welfare_origin")
        if "seller_receipts" in names:
            wanted.append("receipts")
        if "farmland" in names:
            wanted.append("farmland_loss")
        wanted += [name for name in extra if name not in wanted]
        n = model.calibration.n_cities
        sizes = [1] * len(outputs) + [_size(name, n) for name in wanted]
        self.outputs = outputs + wanted
        starts = np.concatenate([[0], np.cumsum(sizes)])
        self.rows = {
            name: slice(int(starts[len(outputs) + j]), int(starts[len(outputs) + j + 1]))
            for j, name in enumerate(wanted)
        }
        self.size = int(starts[-1])

    def gradient(
        self, cf: Counterfactual, x: np.ndarray, config: SensitivityConfig | None
    ) -> Gradient:
        """Return the plan's outputs and Jacobian at one converged candidate."""
        model = self.model
        return gradient_arrays(
            cf,
            self.outputs,
            family=model.family,
            x=x,
            measure=model.measure,
            pricing=model.ticket_pricing,
            config=config,
        )

    def block(
        self, name: str | Callable[..., float], values: np.ndarray, jacobian: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the values (k, q) and Jacobian (k, q, p) of one output's rows."""
        rows = self.rows[name]
        return values[:, rows], jacobian[:, rows]

    def constraint_jacobian(
        self, values: np.ndarray, jacobian: np.ndarray, trade: QuotaTrade
    ) -> np.ndarray:
        """Return the Jacobian (k, c, p) of the model's constraint columns (see the module).

        values (k, rows) and jacobian (k, rows, p) of the plan's outputs (NaN for failed
        candidates); trade: the batch trade.
        """
        model = self.model
        k, p = jacobian.shape[0], jacobian.shape[2]
        failed = np.isnan(values[:, 0])
        out = np.zeros((k, len(model.constraint_names), p))
        for j, name in enumerate(model.constraint_names):
            if name == "pareto":
                welfare, rows = self.block("welfare_origin", values, jacobian)
                worst = np.argmin(np.where(np.isnan(welfare), np.inf, welfare), axis=1)
                out[:, j] = -rows[np.arange(k), worst]
            elif name == "seller_receipts":
                receipts, rows = self.block("receipts", values, jacobian)
                selling = np.atleast_2d(trade.sellers)
                poorest = np.argmin(np.where(selling, receipts, np.inf), axis=1)
                has = selling.any(axis=1)
                out[has, j] = -rows[has, poorest[has]] / model.min_seller_receipts
            elif name == "farmland":
                out[:, j] = self.block("farmland_loss", values, jacobian)[1][:, 0]
        out[failed] = np.nan
        return out


def _objective_output(objective: Objective) -> str | Callable[..., float]:
    """Return the gradient output of an objective: its name, or its user function."""
    if not objective.function:
        if objective.name in INSTITUTION_SENSES or objective.name in OUTPUT_NAMES:
            return objective.name
        raise ConfigError(f"objective {objective.name!r} has no gradient.")
    function = load_objective_function(objective.function)
    if not callable(getattr(function, "gradient", None)):
        raise ConfigError(
            f"objective {objective.name!r} ({objective.function}) has no gradient: give the "
            "function an attribute gradient(cf) returning its partial derivatives (see "
            "paretoland.model.gradients)."
        )
    return function


def _size(name: str | Callable[..., float], n: int) -> int:
    return 1 if callable(name) or name in SCALAR_OUTPUTS else n


def _label(name: str | Callable[..., float]) -> str:
    return name if isinstance(name, str) else getattr(name, "__name__", "user")
