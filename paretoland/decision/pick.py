"""One entry point for every decision method: ``pick(objectives, senses, method, ...)``."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from paretoland.decision.front import Objectives, build_front, resolve_weights
from paretoland.decision.knee import compute_tradeoffs, select_knees
from paretoland.decision.methods import (
    achievement_scalarising,
    compromise_programming,
    pseudo_weights,
    topsis,
)
from paretoland.exceptions import ConfigError

__all__ = ["METHODS", "SCORES", "Pick", "pick"]

SCORES: dict[str, tuple[str, str]] = {
    "knee": (
        "trade-off μ",
        "the least loss per unit of gain (normalised objectives) of moving to a "
        "neighbouring point; the knee is the point most expensive to leave",
    ),
    "pseudo_weights": (
        "distance of the point's pseudo-weights to the weights",
        "L1 distance; 0 when the point's position on the front matches the weights",
    ),
    "asf": (
        "achievement scalarising value",
        "the largest weighted shortfall from the reference point (default the ideal) "
        "in normalised objectives (0 = ideal, 1 = nadir)",
    ),
    "compromise": (
        "weighted distance to the reference point",
        "L_p distance (default p = 2) to the reference point (default the ideal) in "
        "normalised objectives (0 = ideal, 1 = nadir)",
    ),
    "topsis": (
        "TOPSIS closeness",
        "distance to the worst point over the sum of the distances to the best and the "
        "worst, from 0 to 1",
    ),
}
"""What each method's score is: a short name and what it measures, by method."""


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
    objectives : Series or None
        The chosen row: the chosen point's objectives in their own sense, labelled by
        objective, named ``index``.
    senses : tuple of str
        ``"max"`` or ``"min"`` per objective.
    """

    index: int
    method: str
    values: np.ndarray
    details: dict[str, Any] = field(default_factory=dict)
    objectives: pd.Series | None = None
    senses: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """The chosen point's value, ``values[index]``."""
        return float(self.values[self.index])

    @property
    def better(self) -> str:
        """``"higher"`` or ``"lower"``: which scores the method prefers."""
        return str(self.details.get("better", "higher"))

    def explain(self) -> str:
        """Return one sentence on the score: what it measures and which way is better."""
        name, meaning = SCORES.get(self.method, ("score", ""))
        if not math.isfinite(self.score):
            return f"{name}: none, the only candidate point (nothing to compare it with)."
        text = f"{name} {self.score:.4g} ({self.better} is better)"
        return f"{text}: {meaning}." if meaning else f"{text}."

    def context(self) -> list[str]:
        """Return how the point was chosen: the candidates and the weights, as lines."""
        lines = []
        candidates = self.details.get("candidates")
        if self.details.get("improving_only") and candidates is not None:
            lines.append(
                f"chosen among the {len(candidates):,} of {len(self.values):,} points that "
                "beat the status quo on every objective"
            )
        weights = self.details.get("weights")
        given = self.details.get("weights_given")
        if given == "equal":
            lines.append("weights: equal (none given)")
        elif weights is not None and self.objectives is not None:
            names = list(self.objectives.index)
            text = "weights (normalised to sum to 1): " + ", ".join(
                f"{name} {w:.3g}" for name, w in zip(names, weights, strict=True)
            )
            left_out = [n for n in names if given is not None and n not in given]
            if left_out:
                verb, weigh = ("is", "weighs") if len(left_out) == 1 else ("are", "weigh")
                listed = ", ".join(left_out[:-1]) + " and " * (len(left_out) > 1) + left_out[-1]
                text += f"; {listed} {verb} not named and {weigh} 0"
            lines.append(text)
        return lines

    def __repr__(self) -> str:
        lines = [f"Pick: point {self.index} by {self.method}; {self.explain()}"]
        lines += [f"  {line}" for line in self.context()]
        if self.objectives is not None:
            for (name, value), sense in zip(self.objectives.items(), self.senses, strict=False):
                lines.append(f"  {name:<14} {value:>12.4f}  ({sense})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        rows = ""
        if self.objectives is not None:
            rows = "".join(
                f"<tr><td>{escape(str(name))}</td><td>{escape(sense)}</td>"
                f"<td style='text-align:right'>{value:.4f}</td></tr>"
                for (name, value), sense in zip(self.objectives.items(), self.senses, strict=False)
            )
            rows = (
                "<table><thead><tr><th>objective</th><th>sense</th><th>chosen</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>"
            )
        notes = "".join(f"<br><small>{escape(line)}</small>" for line in self.context())
        return (
            f"<div><b>Pick</b>: point {self.index} by <code>{escape(self.method)}</code>"
            f"<br><small>{escape(self.explain())}</small>{notes}{rows}</div>"
        )


def _knee(front_args: dict[str, Any], epsilon: float = 0.125, n: int | None = None) -> Pick:
    mu = compute_tradeoffs(epsilon=epsilon, **front_args)
    knees = select_knees(mu, n)
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
        With the chosen row (``objectives``, labelled by name, or ``objective j``
        without names) and the senses.

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
    chosen = func(front_args, **options)
    given = options.get("weights")
    if isinstance(given, Mapping):
        chosen.details["weights_given"] = tuple(given)
    elif given is None and "weights" in chosen.details:
        chosen.details["weights_given"] = "equal"
    labels = [front.label(j) for j in range(front.n_objectives)]
    row = pd.Series(front.values[chosen.index], index=labels, name=chosen.index)
    return replace(chosen, objectives=row, senses=tuple(front.senses))
