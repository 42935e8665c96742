"""Stakeholder judgements: a strictly checked TOML file and the weights it implies.

A stakeholder file holds one ``[[stakeholder]]`` table per group::

    [[stakeholder]]
    name = "central_government"          # unique
    weight = 2.0                         # optional group weight, > 0 (default 1)
    criteria = ["gdp", "welfare", "output_gap", "welfare_gap"]
    matrix = [                           # a_ij: importance of criterion i over j
      [1,     3,     5,   5],
      ["1/3", 1,     3,   3],
      ["1/5", "1/3", 1,   1],
      ["1/5", "1/3", 1,   1],
    ]

Judgements are numbers or exact fractions written as strings (``"1/3"``), since TOML
has no fractions and a rounded 0.333 fails the reciprocity check. Every stakeholder
must compare the same criteria (in any order). :func:`stakeholder_weights` then
follows the seed paper 003 (see :mod:`paretoland.decision.weights`): AHP weights per
stakeholder, aggregated over groups; entropy weights of the criteria over the frontier
points, if given; and their relative-entropy combination.

Errors: a malformed file, an unknown key or section, a wrong type, a duplicate name or
criteria that differ between stakeholders raise
:class:`~paretoland.exceptions.ConfigError`; an invalid or too inconsistent matrix
raises :class:`~paretoland.exceptions.DataError`. Messages name the file and the
stakeholder.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from paretoland.decision.weights import (
    CR_THRESHOLD,
    AHPResult,
    ahp_weights,
    combine_group_weights,
    entropy_weights,
    relative_entropy_combination,
    validate_pairwise_matrix,
)
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.outcomes import OBJECTIVE_SENSES

__all__ = [
    "STAKEHOLDER_KEYS",
    "Stakeholder",
    "load_stakeholders",
    "stakeholder_ahp",
    "stakeholder_weights",
]

STAKEHOLDER_KEYS: tuple[str, ...] = ("name", "criteria", "matrix", "weight")
"""The keys a ``[[stakeholder]]`` table may have (``weight`` is optional)."""
_REQUIRED = ("name", "criteria", "matrix")


@dataclass(frozen=True, eq=False)
class Stakeholder:
    """One stakeholder group's pairwise judgements over the criteria.

    Attributes
    ----------
    name : str
        Unique, non-empty.
    criteria : tuple[str, ...]
        Criterion (objective) names, unique, e.g. ``("gdp", "welfare", ...)``.
    matrix : ndarray(float, shape=(n, n))
        Reciprocal pairwise comparison matrix on Saaty's scale, rows and columns in
        ``criteria`` order.
    weight : float, default 1
        Group weight, > 0 (relative; normalised over the stakeholders).
    """

    name: str
    criteria: tuple[str, ...]
    matrix: np.ndarray
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(
                f"a stakeholder's name must be a non-empty string; got {self.name!r}."
            )
        who = f"stakeholder {self.name!r}"
        criteria = tuple(self.criteria)
        if not criteria or not all(isinstance(c, str) and c for c in criteria):
            raise ConfigError(
                f"{who}: criteria must be a non-empty list of names; got {list(criteria)!r}."
            )
        if len(set(criteria)) != len(criteria):
            dup = sorted({c for c in criteria if criteria.count(c) > 1})
            raise ConfigError(f"{who}: criteria {dup} appear more than once.")
        weight = self.weight
        if (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float))
            or not (math.isfinite(weight) and weight > 0)
        ):
            raise ConfigError(f"{who}: weight must be a positive number; got {weight!r}.")
        try:
            matrix = validate_pairwise_matrix(self.matrix, "", criteria)
        except DataError as exc:
            raise DataError(f"{who}: {exc}") from None
        matrix.setflags(write=False)
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "weight", float(weight))
        object.__setattr__(self, "matrix", matrix)

    def aligned(self, criteria: Sequence[str]) -> np.ndarray:
        """Return the matrix with rows and columns reordered to ``criteria`` (same set)."""
        order = [self.criteria.index(c) for c in criteria]
        return self.matrix[np.ix_(order, order)]


def _judgement(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f'{where}: {value!r} is not a judgement; use a number or "1/3".')
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            pass
    raise ConfigError(
        f'{where}: {value!r} is not a judgement; use a number or a fraction string such as "1/3".'
    )


def _parse_matrix(raw: Any, who: str) -> list[list[float]]:
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise ConfigError(f"{who}: matrix must be a list of rows (lists); got {raw!r}.")
    return [
        [_judgement(v, f"{who}: matrix[{i}][{j}]") for j, v in enumerate(row)]
        for i, row in enumerate(raw)
    ]


def _parse_table(table: Any, position: int, source: str) -> Stakeholder:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: stakeholder #{position} must be a table.")
    name = table.get("name")
    who = (
        f"{source}: stakeholder {name!r}"
        if isinstance(name, str)
        else f"{source}: stakeholder #{position}"
    )
    for key in table:
        if key not in STAKEHOLDER_KEYS:
            close = difflib.get_close_matches(key, STAKEHOLDER_KEYS, n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; allowed keys are {list(STAKEHOLDER_KEYS)}."
            )
            raise ConfigError(f"{who}: unknown key {key!r}{hint}")
    missing = [k for k in _REQUIRED if k not in table]
    if missing:
        raise ConfigError(f"{who}: missing key(s) {missing}.")
    criteria = table["criteria"]
    if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
        raise ConfigError(f"{who}: criteria must be a list of strings; got {criteria!r}.")
    matrix = _parse_matrix(table["matrix"], who)
    try:
        return Stakeholder(  # name and matrix are checked and converted by __post_init__
            name=cast(str, name),
            criteria=tuple(criteria),
            matrix=cast(np.ndarray, matrix),
            weight=table.get("weight", 1.0),
        )
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    except DataError as exc:
        raise DataError(f"{source}: {exc}") from None


def _check_common_criteria(stakeholders: Sequence[Stakeholder], source: str) -> None:
    first = stakeholders[0]
    for s in stakeholders[1:]:
        if set(s.criteria) != set(first.criteria):
            extra = sorted(set(s.criteria) - set(first.criteria))
            lacking = sorted(set(first.criteria) - set(s.criteria))
            raise ConfigError(
                f"{source}stakeholder {s.name!r} compares different criteria "
                f"from stakeholder {first.name!r}: extra {extra}, missing "
                f"{lacking}. Every stakeholder must compare the same criteria."
            )
    names = [s.name for s in stakeholders]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ConfigError(f"{source}stakeholder name(s) {dup} are used more than once.")


def load_stakeholders(path: str | Path) -> list[Stakeholder]:
    """Read and check a stakeholder TOML file (format in the module docstring).

    Parameters
    ----------
    path : str or Path
        The TOML file.

    Returns
    -------
    list[Stakeholder]
        In file order.

    Raises
    ------
    ConfigError
        Unreadable or malformed file, unknown top-level or stakeholder key, wrong types,
        duplicate names, or criteria that differ between stakeholders.
    DataError
        A matrix that is not square, positive, reciprocal and on Saaty's scale.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            doc = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read stakeholder file {str(path)!r}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"stakeholder file {str(path)!r} is not valid TOML: {exc}") from None
    source = str(path)
    unknown = [k for k in doc if k != "stakeholder"]
    if unknown:
        raise ConfigError(
            f"{source}: unknown top-level key {unknown[0]!r}; the file holds "
            f"only [[stakeholder]] tables."
        )
    tables = doc.get("stakeholder")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{source}: no [[stakeholder]] tables; give at least one.")
    stakeholders = [_parse_table(t, i + 1, source) for i, t in enumerate(tables)]
    _check_common_criteria(stakeholders, f"{source}: ")
    return stakeholders


def stakeholder_ahp(
    stakeholders: Sequence[Stakeholder],
    *,
    method: str = "geometric_mean",
    max_cr: float = CR_THRESHOLD,
) -> dict[str, AHPResult]:
    """AHP result of every stakeholder, weights in the first stakeholder's criteria order.

    Raises
    ------
    DataError
        A stakeholder's matrix has ``CR ≥ max_cr`` (the message names the stakeholder
        and the most inconsistent judgement).
    """
    if not stakeholders:
        raise ConfigError("no stakeholders given.")
    _check_common_criteria(stakeholders, "")
    criteria = stakeholders[0].criteria
    results = {}
    for s in stakeholders:
        try:
            results[s.name] = ahp_weights(
                s.aligned(criteria), s.name, criteria=criteria, method=method, max_cr=max_cr
            )
        except DataError as exc:
            raise DataError(f"stakeholder {s.name!r}: {exc}") from None
    return results


def _frontier_matrix(
    objectives: np.ndarray | pd.DataFrame, criteria: tuple[str, ...]
) -> np.ndarray:
    if isinstance(objectives, pd.DataFrame):
        missing = [c for c in criteria if c not in objectives.columns]
        if missing:
            raise ConfigError(
                f"the frontier lacks column(s) {missing} that the stakeholders "
                f"compare; it has {list(map(str, objectives.columns))}."
            )
        return objectives[list(criteria)].to_numpy(dtype=np.float64)
    values = np.asarray(objectives, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != len(criteria):
        raise DataError(
            f"frontier values must have shape (k, {len(criteria)}), one column "
            f"per criterion {list(criteria)}; got {values.shape}."
        )
    return values


def _criteria_senses(
    senses: Sequence[str] | Mapping[str, str] | None, criteria: tuple[str, ...]
) -> list[str]:
    if senses is None:
        unknown = [c for c in criteria if c not in OBJECTIVE_SENSES]
        if unknown:
            raise ConfigError(f"no default sense for criteria {unknown}; give senses=.")
        return [OBJECTIVE_SENSES[c] for c in criteria]
    if isinstance(senses, Mapping):
        missing = [c for c in criteria if c not in senses]
        if missing:
            raise ConfigError(f"senses lacks criteria {missing}.")
        return [senses[c] for c in criteria]
    senses = list(senses)
    if len(senses) != len(criteria):
        raise ConfigError(f"senses has {len(senses)} entries for {len(criteria)} criteria.")
    return senses


def stakeholder_weights(
    stakeholders: Sequence[Stakeholder],
    objectives: np.ndarray | pd.DataFrame | None = None,
    senses: Sequence[str] | Mapping[str, str] | None = None,
    *,
    ahp_method: str = "geometric_mean",
    group_method: str = "geometric",
    max_cr: float = CR_THRESHOLD,
) -> dict[str, dict[str, float]]:
    """Criterion weights implied by the stakeholders (and the frontier), by criterion.

    Parameters
    ----------
    stakeholders : sequence of Stakeholder
        E.g. from :func:`load_stakeholders`.
    objectives : ndarray(float, shape=(k, n)) or DataFrame, optional
        Frontier values for the entropy part: a DataFrame with a column per criterion,
        or an array with the columns in the first stakeholder's criteria order.
    senses : sequence or mapping criterion -> {"max", "min"}, optional
        Senses of the criteria for the entropy standardisation; default from
        :data:`~paretoland.model.outcomes.OBJECTIVE_SENSES`.
    ahp_method : {"geometric_mean", "eigenvector"}, default "geometric_mean"
    group_method : {"geometric", "arithmetic"}, default "geometric"
        How the stakeholders' AHP weights are aggregated (with their group weights).
    max_cr : float, default 0.1

    Returns
    -------
    dict
        ``"ahp"`` (aggregated over stakeholders), ``"entropy"`` (only with
        ``objectives``) and ``"combined"`` (the relative-entropy combination of the two,
        or the AHP weights when there is no frontier), each a dict criterion -> weight
        summing to 1, in the first stakeholder's criteria order.
    """
    results = stakeholder_ahp(stakeholders, method=ahp_method, max_cr=max_cr)
    criteria = stakeholders[0].criteria
    ahp = combine_group_weights(
        [r.weights for r in results.values()], [s.weight for s in stakeholders], method=group_method
    )
    out = {"ahp": dict(zip(criteria, map(float, ahp), strict=True))}
    combined = ahp
    if objectives is not None:
        values = _frontier_matrix(objectives, criteria)
        entropy = entropy_weights(values, _criteria_senses(senses, criteria))
        if np.any(entropy <= 0):
            zero = [c for c, w in zip(criteria, entropy, strict=True) if w <= 0]
            raise DataError(
                f"criteria {zero} do not vary over the frontier, so their "
                f"entropy weight is 0 and cannot be combined; drop them."
            )
        out["entropy"] = dict(zip(criteria, map(float, entropy), strict=True))
        combined = relative_entropy_combination([ahp, entropy]).weights
    out["combined"] = dict(zip(criteria, map(float, combined), strict=True))
    return out
