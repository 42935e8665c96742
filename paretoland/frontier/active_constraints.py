"""Which constraints hold a frontier point, and their outward normals.

The Pareto-stationarity certificate (:mod:`paretoland.frontier.stationarity`) measures
the objectives' improvement directions against the feasible directions at x: those of
the box and of every active constraint c_k(x) ≤ 0 (a direction d with ∇c_k · d ≤ 0).
This module gives the outward normals ∇c_k of the active ones, from a
:class:`~paretoland.frontier.gradient_evaluation.GradientEvaluation`, smooth piece by
smooth piece:

- ``pareto`` (the worst origin's loss, a kinked max over origins): one normal
  −∇(100 (Ŵ_o − 1)) per active origin o, never the kinked column;
- ``seller_receipts`` (the poorest seller's shortfall): one normal −∇R_s / floor per
  selling city s whose receipts are at the floor;
- ``farmland`` (the worst province's loss): its column's gradient;
- ``feasible`` and ``participation`` are piecewise constant: they bind without a
  normal (no first-order information), and are left out.

A constraint is active when its value, in its own units (pp of welfare for an origin,
share of the floor for a seller, km² for farmland), is above −:data:`ACTIVE`, violations
included. 1e-6 is the Pareto-stationarity tolerance of the SQP
(:class:`~paretoland.frontier.sqp.SQPOptions` ``tol``) and ten times its feasibility
tolerance (1e-7): a point the SQP stops on a constraint lies within it of the bound, on
either side, while an origin 1e-6 pp short of its bound is, to the certificate's first
order, on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # evaluation imports stationarity, which imports this module
    from paretoland.frontier.evaluation import FrontierModel
    from paretoland.frontier.gradient_evaluation import GradientEvaluation

__all__ = ["ACTIVE", "active_normals", "gradient_options"]

ACTIVE = 1e-6
"""A constraint whose value (≤ 0 satisfied, own units) is above −this is active."""


def gradient_options(model: FrontierModel) -> dict[str, Any]:
    """Return the options of ``evaluate_gradients`` that give every constraint's pieces.

    The per-origin welfare and per-city receipts are rows the gradient call computes
    anyway for the ``pareto`` and ``seller_receipts`` columns: asking for them costs
    nothing more.
    """
    names = model.constraint_names
    return {
        "origins": "pareto" in names,
        "extra": ("receipts",) if "seller_receipts" in names else (),
    }


def active_normals(
    model: FrontierModel, gradients: GradientEvaluation, X: np.ndarray
) -> list[np.ndarray]:
    """Return the outward normals of the active constraints of every point (see the module).

    Parameters
    ----------
    model : FrontierModel
        The problem.
    gradients : GradientEvaluation
        ``model.evaluate_gradients(X, **gradient_options(model))``.
    X : ndarray, shape (k, p)
        The points.

    Returns
    -------
    list of ndarray, shape (K_i, p) each
        Point i's normals (any length, K_i = 0 when no constraint with a normal is active).
    """
    constraints = gradients.evaluation.constraints
    k, p = X.shape
    normals: list[list[np.ndarray]] = [[] for _ in range(k)]
    for j, name in enumerate(model.constraint_names):
        binding = np.flatnonzero(constraints[:, j] > -ACTIVE)
        if name == "pareto" and binding.size:
            welfare, jacobian = gradients.origin_welfare, gradients.origin_welfare_jacobian
            if welfare is None or jacobian is None:
                raise ValueError("the origins' welfare is missing: pass gradient_options(model).")
            _add_pieces(normals, binding, -welfare - model.max_origin_loss, -jacobian)
        elif name == "seller_receipts" and binding.size:
            floor = model.min_seller_receipts
            receipts, jacobian = gradients.extra["receipts"]
            sellers = model.family.trades(X[binding]).sellers
            values = np.full_like(receipts, -np.inf)
            values[binding] = np.where(sellers, (floor - receipts[binding]) / floor, -np.inf)
            _add_pieces(normals, binding, values, -jacobian / floor)
        elif name == "farmland":
            for i in binding:
                normals[i].append(gradients.constraint_jacobian[i, j][None, :])
    return [np.vstack(rows) if rows else np.zeros((0, p)) for rows in normals]


def _add_pieces(
    normals: list[list[np.ndarray]], points: np.ndarray, values: np.ndarray, jacobian: np.ndarray
) -> None:
    """Append, for each point, the gradients of its active pieces.

    values (k, n): every piece's constraint value (≤ 0 satisfied); jacobian (k, n, p):
    their gradients.
    """
    for i in points:
        active = values[i] > -ACTIVE
        normals[i].append(jacobian[i, active])
