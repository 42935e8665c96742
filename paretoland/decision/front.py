"""A Pareto front as the decision methods see it: validated, in minimisation form.

Every decision method takes the objectives in their *own* sense (``gdp`` and
``welfare`` maximised, the gaps minimised; % changes) together with the senses, and
works internally on the minimisation form ``f = x`` for ``"min"``, ``f = −x`` for
``"max"``. This module holds the shared plumbing: validation of the front, of the
senses, of weights and of a reference point; the ideal/nadir normalisation; and the
dominance tests (:func:`pareto_improvements`, :func:`non_dominated`).

Conventions
-----------
* ``objectives`` is an ``ndarray(float, shape=(k, m))`` (k points, m objectives) or a
  :class:`pandas.DataFrame` whose columns name the objectives. With a DataFrame,
  ``senses=None`` takes each column's sense from
  :data:`~paretoland.model.outcomes.aggregate.OBJECTIVE_SENSES`.
* Bad objective values (empty, not 2-D, NaN or infinite) raise
  :class:`~paretoland.exceptions.DataError`; a bad option (an unknown sense, senses,
  weights or a reference point of the wrong length or with unknown names) raises
  :class:`~paretoland.exceptions.ConfigError`.
* Normalisation is by the front's own ideal and nadir, per objective in minimisation
  form: ``(f − ideal) / (nadir − ideal)`` in [0, 1]; a constant column normalises to 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError, DataError
from paretoland.model.outcomes import OBJECTIVE_SENSES
from paretoland.suggest import closest

__all__ = [
    "SENSES",
    "Front",
    "build_front",
    "non_dominated",
    "normalise",
    "pareto_improvements",
    "resolve_reference",
    "resolve_weights",
]

SENSES: tuple[str, ...] = ("max", "min")
"""The two senses an objective may have."""

Objectives: TypeAlias = np.ndarray | pd.DataFrame
WeightsLike = Sequence[float] | np.ndarray | Mapping[str, float] | None


@dataclass(frozen=True, eq=False)
class Front:
    """A validated front in minimisation form.

    Attributes
    ----------
    values : ndarray(float, shape=(k, m))
        The objectives in their own sense, as given (% changes).
    minimised : ndarray(float, shape=(k, m))
        The minimisation form: ``values`` with each ``"max"`` column negated.
    senses : tuple[str, ...]
        ``"max"`` or ``"min"`` per objective (length m).
    names : tuple[str, ...] or None
        Objective names (DataFrame columns or ``names=``), if known.
    """

    values: np.ndarray
    minimised: np.ndarray
    senses: tuple[str, ...]
    names: tuple[str, ...] | None

    @property
    def n_points(self) -> int:
        """Number of points k."""
        return int(self.values.shape[0])

    @property
    def n_objectives(self) -> int:
        """Number of objectives m."""
        return int(self.values.shape[1])

    @property
    def signs(self) -> np.ndarray:
        """``+1`` for ``"min"``, ``−1`` for ``"max"``; ``minimised = values * signs``."""
        return np.array([1.0 if s == "min" else -1.0 for s in self.senses])

    @property
    def ideal(self) -> np.ndarray:
        """Per-objective best value in minimisation form, ``ndarray(shape=(m,))``."""
        return self.minimised.min(axis=0)

    @property
    def nadir(self) -> np.ndarray:
        """Per-objective worst value on the front in minimisation form, ``(m,)``."""
        return self.minimised.max(axis=0)

    def label(self, j: int) -> str:
        """Return the name of objective ``j``, or ``"objective j"`` when names are unknown."""
        return self.names[j] if self.names is not None else f"objective {j}"


def _validate_senses(
    senses: Sequence[str] | None, names: tuple[str, ...] | None, m: int
) -> tuple[str, ...]:
    if senses is None:
        if names is None:
            raise ConfigError(
                "senses is required: give 'max' or 'min' per objective "
                "(or pass a DataFrame whose columns are known outcomes)."
            )
        unknown = [n for n in names if n not in OBJECTIVE_SENSES]
        if unknown:
            raise ConfigError(
                f"no default sense for objective(s) {unknown}; give senses= "
                f"explicitly (defaults exist for {sorted(OBJECTIVE_SENSES)})."
            )
        return tuple(OBJECTIVE_SENSES[n] for n in names)
    if isinstance(senses, str):
        raise ConfigError(
            f"senses must be a sequence with one entry per objective, not the "
            f"string {senses!r}; e.g. ['max', 'min']."
        )
    senses = tuple(senses)
    if len(senses) != m:
        raise ConfigError(
            f"senses has {len(senses)} entries but the objectives have {m} "
            f"columns; give one 'max'/'min' per column."
        )
    for j, sense in enumerate(senses):
        if sense not in SENSES:
            raise ConfigError(
                f"unknown sense {sense!r} for objective {j}"
                + (f" ({names[j]!r})" if names else "")
                + "; use 'max' or 'min'."
            )
    return senses


def _validate_values(values: np.ndarray, names: tuple[str, ...] | None) -> np.ndarray:
    if values.ndim != 2:
        raise DataError(
            f"objectives must be a 2-D array (points × objectives); got shape {values.shape}."
        )
    if values.shape[0] == 0:
        raise DataError("the front is empty (0 points); nothing to choose from.")
    if values.shape[1] == 0:
        raise DataError("objectives has no columns; give at least one objective.")
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        i, j = bad[0]
        col = f"{names[j]!r}" if names else f"column {j}"
        raise DataError(
            f"objectives must be finite; {float(values[i, j])} at point {i}, {col} "
            f"({len(bad)} non-finite values in all). Drop or repair those points."
        )
    return values


def build_front(
    objectives: Objectives, senses: Sequence[str] | None, names: Sequence[str] | None = None
) -> Front:
    """Validate ``objectives`` and ``senses`` and convert to minimisation form.

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m)) or DataFrame
        Objective values in their own sense (% changes); a DataFrame's columns name them.
    senses : sequence of {"max", "min"}, length m, or None
        None only with names that all have a default in ``OBJECTIVE_SENSES``.
    names : sequence of str, length m, optional
        Objective names for an ndarray; with a DataFrame they must equal its columns.

    Returns
    -------
    Front

    Raises
    ------
    DataError
        Empty front, not 2-D, or a non-finite value (the point and column are named).
    ConfigError
        An unknown sense, or senses/names of the wrong length.
    """
    if isinstance(objectives, pd.DataFrame):
        columns = tuple(map(str, objectives.columns))
        if names is not None and tuple(names) != columns:
            raise ConfigError(
                "names= disagrees with the DataFrame's columns; drop names= or rename the columns."
            )
        names = columns
    elif names is not None:
        names = tuple(map(str, names))
    try:
        values = np.array(objectives, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"objectives must be numeric (k × m); {exc}") from None
    if names is not None and values.ndim == 2 and len(names) != values.shape[1]:
        raise ConfigError(
            f"names has {len(names)} entries but the objectives have {values.shape[1]} columns."
        )
    values = _validate_values(values, names)
    senses = _validate_senses(senses, names, values.shape[1])
    signs = np.array([1.0 if s == "min" else -1.0 for s in senses])
    values.setflags(write=False)
    minimised = values * signs
    minimised.setflags(write=False)
    return Front(values=values, minimised=minimised, senses=senses, names=names)


def normalise(front: Front) -> np.ndarray:
    """Min-max normalised minimisation objectives, ``ndarray(float, shape=(k, m))``.

    ``(f − ideal) / (nadir − ideal)`` per column, in [0, 1] with 0 the best point on the
    front; a constant column (nadir = ideal) normalises to 0.
    """
    return _scale(front.minimised, front)


def _scale(minimised: np.ndarray, front: Front) -> np.ndarray:
    """``(f − ideal) / (nadir − ideal)`` by the front's ideal and nadir; 0 where constant."""
    return _safe_ratio(minimised - front.ideal, front.nadir - front.ideal, 0.0)


def _safe_ratio(numerator: np.ndarray, denominator: np.ndarray, fill: float) -> np.ndarray:
    """``numerator / denominator`` where ``denominator > 0``, else ``fill`` (broadcast)."""
    positive = denominator > 0
    return np.where(positive, numerator / np.where(positive, denominator, 1.0), fill)


def resolve_weights(weights: WeightsLike, front: Front, *, what: str = "weights") -> np.ndarray:
    """Weights as ``ndarray(float, shape=(m,))``, non-negative and summing to 1.

    Parameters
    ----------
    weights : None, sequence of float (length m) or mapping name -> weight
        None gives equal weights. A mapping needs objective names (DataFrame columns or
        ``names=``); objectives it does not name weigh 0 (``{"gdp": 1}`` weighs GDP
        alone), and a name that is not an objective is refused.
    front : Front
    what : str
        How to call the weights in error messages.

    Raises
    ------
    ConfigError
        Wrong length, unknown or missing names, a negative or non-finite weight, or all
        weights zero.
    """
    m = front.n_objectives
    if weights is None:
        return np.full(m, 1.0 / m)
    w = _objective_vector(weights, front, what, missing=0.0)
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if bad.size:
        j = int(bad[0])
        raise ConfigError(
            f"{what} must be finite and non-negative; got {float(w[j])} for {front.label(j)}."
        )
    if w.sum() <= 0:
        raise ConfigError(f"{what} are all zero; give at least one positive weight.")
    return w / w.sum()


def _objective_vector(
    value: Sequence[float] | np.ndarray | Mapping[str, float],
    front: Front,
    what: str,
    *,
    missing: float | None = None,
) -> np.ndarray:
    """One number per objective from a sequence (column order) or a mapping by name.

    A mapping must name objectives only; the objectives it leaves out get ``missing``
    (None: it must name every objective).
    """
    m = front.n_objectives
    if isinstance(value, Mapping):
        if front.names is None:
            raise ConfigError(
                f"{what} given by name need objective names: pass a DataFrame "
                f"or names=, or give {what} as an array in column order."
            )
        for name in value:
            if name not in front.names:
                close = _closest(str(name), front.names)
                hint = f"did you mean {close!r}? " if close else ""
                raise ConfigError(
                    f"{what}: {name!r} is not an objective of this front; {hint}"
                    f"The objectives are {', '.join(front.names)}."
                )
        left_out = [n for n in front.names if n not in value]
        if left_out and missing is None:
            raise ConfigError(
                f"{what} must name every objective; missing: {', '.join(left_out)} "
                f"(objectives: {', '.join(front.names)})."
            )
        default = np.nan if missing is None else missing  # NaN never used: all are named
        value = [value.get(n, default) for n in front.names]
    try:
        vector = np.array(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{what} must be numbers; {exc}") from None
    if vector.size != m:
        raise ConfigError(f"{what} has {vector.size} entries but there are {m} objectives.")
    return vector


def _closest(name: str, names: Sequence[str]) -> str | None:
    """Return the objective name most like a mistyped ``name``, if one is close."""
    lowered = {n.lower(): n for n in names}
    close = closest(name.lower(), lowered, cutoff=0.45)
    return lowered[close[0]] if close else None


def _objective_point(
    value: Sequence[float] | np.ndarray | Mapping[str, float], front: Front, what: str
) -> np.ndarray:
    """Check a finite point given in the objectives' own sense; return it in minimisation form."""
    point = _objective_vector(value, front, what)
    if not np.all(np.isfinite(point)):
        raise ConfigError(f"{what} must be finite; got {point.tolist()}.")
    return point * front.signs


def resolve_reference(reference: WeightsLike, front: Front) -> np.ndarray:
    """Return a reference point in normalised minimisation units, ``ndarray(shape=(m,))``.

    Parameters
    ----------
    reference : None, sequence of float (length m) or mapping name -> value
        In the objectives' own sense and units (% changes); None is the front's ideal
        point (0 in normalised units). It is converted to minimisation form and scaled
        by the front's ideal and nadir like the front itself (it may lie outside [0, 1]);
        on a constant column it normalises to 0.
    front : Front

    Raises
    ------
    ConfigError
        Wrong length, unknown or missing names, or a non-finite value.
    """
    if reference is None:
        return np.zeros(front.n_objectives)
    return _scale(_objective_point(reference, front, "reference"), front)


def pareto_improvements(
    objectives: Objectives,
    senses: Sequence[str] | None,
    status_quo: WeightsLike = None,
    *,
    strict: bool = True,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Which points beat the status quo, ``ndarray(bool, shape=(k,))``.

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m)) or DataFrame
        Objectives in their own sense (% changes).
    senses : sequence of {"max", "min"} or None
        See :func:`build_front`.
    status_quo : sequence (length m) or mapping name -> value, optional
        The status quo in the objectives' own sense and units; default zeros, i.e. no
        change (outcomes are % changes against the no-trade baseline).
    strict : bool, default True
        True: strictly better than the status quo on *every* objective (the reading of
        "beats the status quo on all four objectives"). False: Pareto-dominates it,
        i.e. at least as good on every objective and strictly better on one.
    names : sequence of str, optional
        Objective names for an ndarray.
    """
    front = build_front(objectives, senses, names)
    if status_quo is None:
        base = np.zeros(front.n_objectives)
    else:
        base = _objective_point(status_quo, front, "status_quo")
    if strict:
        return np.all(front.minimised < base, axis=1)
    return np.all(front.minimised <= base, axis=1) & np.any(front.minimised < base, axis=1)


def non_dominated(minimised: np.ndarray) -> np.ndarray:
    """Mask of the non-dominated rows of a minimisation matrix, ``ndarray(bool, (k,))``.

    A row is dropped if another row is at least as good everywhere and strictly better
    somewhere; of exact duplicates only the first is kept. O(k² m); meant for fronts
    of up to a few thousand points.

    Parameters
    ----------
    minimised : ndarray(float, shape=(k, m))
        Objectives in minimisation form.
    """
    k = minimised.shape[0]
    keep = np.ones(k, dtype=bool)
    for i in range(k):
        weakly = np.all(minimised <= minimised[i], axis=1)
        strictly = np.any(minimised < minimised[i], axis=1)
        duplicate_before = weakly[:i] & ~strictly[:i]
        keep[i] = not (np.any(weakly & strictly) or np.any(duplicate_before))
    return keep
