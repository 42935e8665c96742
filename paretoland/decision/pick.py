"""One entry point for every decision method: ``pick(objectives, senses, method, ...)``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paretoland.decision.front import Objectives, build_front, resolve_weights
from paretoland.decision.knee import _check_n, _select_knees, compute_tradeoffs
from paretoland.decision.methods import (
    achievement_scalarising,
    compromise_programming,
    pseudo_weights,
    topsis,
)
from paretoland.exceptions import ConfigError

__all__ = ["METHODS", "Pick", "pick"]


@dataclass(frozen=True, eq=False)
class Pick:
    """The point a decision method chose, and why.

    Attributes
    ----------
    index : int
        Row of the chosen point in the objectives.
    method : str
        One of :data:`METHODS`.
    values : ndarray(float, shape=(k,))
        The per-point values the choice was made by: trade-off μ (``"knee"``, higher
        is better), L1 distance of the pseudo-weights to the target weights
        (``"pseudo_weights"``, lower), ASF value (``"asf"``, lower), weighted L_p
        distance (``"compromise"``, lower), closeness (``"topsis"``, higher).
    details : dict
        Method-specific: ``"better"`` (``"higher"``/``"lower"``), the resolved
        ``"weights"``, ``"knees"``, ``"pseudo_weights"`` and the options used.
    """

    index: int
    method: str
    values: np.ndarray
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """The chosen point's value, ``values[index]``."""
        return float(self.values[self.index])


def _knee(front_args: dict[str, Any], epsilon: float = 0.125, n: int | None = None) -> Pick:
    _check_n(n)
    mu = compute_tradeoffs(epsilon=epsilon, **front_args)
    knees = _select_knees(mu, n)
    return Pick(int(knees[0]), "knee", mu, {"better": "higher", "knees": knees, "epsilon": epsilon})


def _pseudo(front_args: dict[str, Any], weights: Any = None) -> Pick:
    front = build_front(**front_args)
    target = resolve_weights(weights, front)
    pw = pseudo_weights(**front_args)
    distance = np.abs(pw - target).sum(axis=1)
    return Pick(
        int(np.argmin(distance)),
        "pseudo_weights",
        distance,
        {"better": "lower", "weights": target, "pseudo_weights": pw},
    )


def _asf(
    front_args: dict[str, Any], reference: Any = None, weights: Any = None, rho: float = 1e-6
) -> Pick:
    index, values = achievement_scalarising(
        reference=reference, weights=weights, rho=rho, **front_args
    )
    w = resolve_weights(weights, build_front(**front_args))
    return Pick(
        index, "asf", values, {"better": "lower", "weights": w, "reference": reference, "rho": rho}
    )


def _compromise(
    front_args: dict[str, Any], reference: Any = None, weights: Any = None, p: float = 2
) -> Pick:
    index, values = compromise_programming(reference=reference, weights=weights, p=p, **front_args)
    w = resolve_weights(weights, build_front(**front_args))
    return Pick(
        index,
        "compromise",
        values,
        {"better": "lower", "weights": w, "reference": reference, "p": p},
    )


def _topsis(front_args: dict[str, Any], weights: Any = None) -> Pick:
    index, closeness = topsis(weights=weights, **front_args)
    w = resolve_weights(weights, build_front(**front_args))
    return Pick(index, "topsis", closeness, {"better": "higher", "weights": w})


_DISPATCH: dict[str, tuple[Callable[..., Pick], tuple[str, ...]]] = {
    "knee": (_knee, ("epsilon", "n")),
    "pseudo_weights": (_pseudo, ("weights",)),
    "asf": (_asf, ("reference", "weights", "rho")),
    "compromise": (_compromise, ("reference", "weights", "p")),
    "topsis": (_topsis, ("weights",)),
}
METHODS: tuple[str, ...] = tuple(_DISPATCH)
"""The decision methods :func:`pick` knows."""


def pick(
    objectives: Objectives,
    senses: Sequence[str] | None,
    method: str,
    *,
    names: Sequence[str] | None = None,
    **options: Any,
) -> Pick:
    """Choose one point of a front by the named method.

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m)) or DataFrame
        Objectives in their own sense (% changes); a DataFrame's columns name them.
    senses : sequence of {"max", "min"} or None
        Sense per objective (None only for a DataFrame of known outcomes).
    method : str
        One of :data:`METHODS`:

        * ``"knee"`` — options ``epsilon`` (0.125), ``n``: the highest trade-off point
          (:func:`~paretoland.decision.knee.knee_points`);
        * ``"pseudo_weights"`` — ``weights``: the point whose pseudo-weights are closest
          to them (default equal);
        * ``"asf"`` — ``reference``, ``weights``, ``rho``: augmented achievement
          scalarising function;
        * ``"compromise"`` — ``reference``, ``weights``, ``p``: weighted L_p distance;
        * ``"topsis"`` — ``weights``: closeness to the ideal solution.

        Weights are an array in column order or a dict name -> weight.
    names : sequence of str, optional
        Objective names for an ndarray (needed for weights given by name).
    **options
        The method's options, as listed.

    Returns
    -------
    Pick

    Raises
    ------
    ConfigError
        An unknown method or an option the method does not take, or a bad option value.
    DataError
        Invalid objectives.
    """
    if method not in _DISPATCH:
        raise ConfigError(f"unknown decision method {method!r}; choose one of {list(METHODS)}.")
    func, allowed = _DISPATCH[method]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ConfigError(
            f"method {method!r} takes options {list(allowed)}; got unknown {unknown}."
        )
    front = build_front(objectives, senses, names)  # validate once, fail early
    front_args = {"objectives": front.values, "senses": front.senses, "names": front.names}
    return func(front_args, **options)
