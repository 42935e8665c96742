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
:class:`~paretoland.exceptions.ConfigError`, checked as a run file's are
(:mod:`paretoland.options`: ``stakeholder 'planner' critera: unknown key; did you mean
'criteria'?``); an invalid or too inconsistent matrix raises
:class:`~paretoland.exceptions.DataError`. Messages name the file and the stakeholder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

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
from paretoland.options import OptionError, Options, option

__all__ = [
    "STAKEHOLDER_KEYS",
    "Stakeholder",
    "load_stakeholders",
    "stakeholder_ahp",
    "stakeholder_weights",
]


def _judgements(raw: Any, label: str, key: str) -> Any:
    """Return the pairwise matrix as rows of floats, from numbers or fractions ("1/3").

    An array is returned as it is (the stakeholder checks its shape and values).
    """
    if isinstance(raw, np.ndarray):
        return raw
    if not isinstance(raw, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in raw):
        problem = 'expected a list of rows (lists), e.g. matrix = [[1, 3], ["1/3", 1]]'
        raise OptionError(label, key, problem, raw)
    return [
        [_judgement(v, label, f"{key}[{i}][{j}]") for j, v in enumerate(row)]
        for i, row in enumerate(raw)
    ]


def _judgement(value: Any, label: str, key: str) -> float:
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            pass
    problem = 'not a judgement; use a number or a fraction in quotes such as "1/3".'
    raise OptionError(label, key, problem, value)


@dataclass(frozen=True, eq=False)
class Stakeholder(Options):
    """One stakeholder group's pairwise judgements over the criteria.

    Attributes
    ----------
    name : str
        Unique, non-empty.
    criteria : tuple[str, ...]
        Criterion (objective) names, unique, e.g. ``("gdp", "welfare", ...)``.
    matrix : ndarray(float, shape=(n, n))
        Reciprocal pairwise comparison matrix on Saaty's scale, rows and columns in
        ``criteria`` order; given as rows of numbers or fraction strings (``"1/3"``).
    weight : float, default 1
        Group weight, > 0 (relative; normalised over the stakeholders).
    """

    name: str
    criteria: tuple[str, ...]
    matrix: np.ndarray = option(parse=_judgements)
    weight: float = option(1.0, above=0.0, meaning="a group weight, relative to the others")

    def _label(self) -> str:
        return _who(self.name, "stakeholder")

    def _check(self) -> None:
        if not self.name.strip():
            self._bad("name", 'must not be empty, e.g. name = "planner".')
        if not self.criteria or not all(self.criteria):
            self._bad("criteria", 'must name the criteria, e.g. criteria = ["gdp", "welfare"].')
        twice = sorted({c for c in self.criteria if self.criteria.count(c) > 1})
        if twice:
            self._bad("criteria", f"the criteria {twice} appear more than once; give each once.")
        try:
            matrix = validate_pairwise_matrix(self.matrix, "", self.criteria)
        except DataError as exc:
            raise DataError(f"{self._label()}: {exc}") from None
        matrix.setflags(write=False)
        object.__setattr__(self, "matrix", matrix)

    def aligned(self, criteria: Sequence[str]) -> np.ndarray:
        """Return the matrix with rows and columns reordered to ``criteria`` (same set)."""
        order = [self.criteria.index(c) for c in criteria]
        return self.matrix[np.ix_(order, order)]


STAKEHOLDER_KEYS: tuple[str, ...] = Stakeholder.keys()
"""The keys a ``[[stakeholder]]`` table may have (``weight`` is optional)."""


def _who(name: Any, unnamed: str) -> str:
    """How messages name a stakeholder: ``stakeholder 'planner'``, else ``unnamed``."""
    return f"stakeholder {name!r}" if isinstance(name, str) else unnamed


def _parse_table(table: Any, position: int) -> Stakeholder:
    name = table.get("name") if isinstance(table, Mapping) else None
    return Stakeholder.from_table(table, _who(name, f"stakeholder #{position}"))


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
    try:
        stakeholders = [_parse_table(t, i + 1) for i, t in enumerate(tables)]
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    except DataError as exc:
        raise DataError(f"{source}: {exc}") from None
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
        :data:`~paretoland.model.outcomes.aggregate.OBJECTIVE_SENSES`.
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
