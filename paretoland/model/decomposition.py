"""Where each outcome of a counterfactual comes from: a channel decomposition (docs/model.md §6).

A quota trade changes land (R̂^Y, R̂^H) and moves money (F). The economy responds
through three mechanisms of the map of docs/model.md §3:

- **migration** (L̂): workers move towards cities whose real income rose;
- **infrastructure** (Â): land revenue Ĝ changes, and productivity with it (Â = Ĝ^ρ);
- **transfers** (F): quota receipts and payments enter Ĝ, so they act through Â.

A mechanism is *shut* by holding its block of the same map at its no-trade value
(:func:`~paretoland.model.equilibrium.solve_equilibrium` with ``hold``): migration shut
means L̂ ≡ 1 and m' = m (nobody moves; an origin's welfare is then what its stayers
get, Σ_g m_og V̂_g); infrastructure shut means Â ≡ 1 (and transfers, which act only
through Â, have no effect); transfers shut means F = 0. Nothing else changes: it is
one model, solved with some responses switched off.

The outcome with every mechanism shut is the **direct land** effect: the partial
equilibrium of the new land alone (for residential land it moves GDP not at all,
since R^H does not enter production). The rest of the change, the general-equilibrium
part, is split among the three mechanisms in one of three ways (``method``):

``"shapley"`` (default)
    The Shapley value of each mechanism over the 2³ = 8 combinations of mechanisms:
    its marginal effect averaged over the 3! = 6 orders in which the three can be
    switched on after the direct effect. Order-free; every joint effect is shared
    equally among the mechanisms that make it, so ``interaction`` is zero (to
    rounding) and the row adds up exactly.
``"sequential"``
    Marginal effects when the mechanisms are switched on one after the other in
    ``order`` (default migration, infrastructure, transfers). Adds up exactly too,
    but depends on the order.
``"one_at_a_time"``
    Each mechanism switched on alone after the direct effect (transfers with
    infrastructure on, since they act only through it: transfers = v(Â, F) − v(Â)),
    and ``interaction`` = the remainder, i.e. what the mechanisms do only together.

Every row adds up to ``total`` (the counterfactual's own outcome) to rounding, far
below 1e-9 percentage points.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError, ConvergenceError
from paretoland.model.calibration import Calibration
from paretoland.model.equilibrium import IterationConfig, solve_equilibrium
from paretoland.model.outcomes import OBJECTIVE_SENSES, OUTCOME_NAMES, compute_outcomes
from paretoland.model.shocks import trade_shock

if TYPE_CHECKING:
    from paretoland.model.counterfactual import Counterfactual
    from paretoland.model.quotas import QuotaTrade

__all__ = [
    "CHANNELS",
    "DECOMPOSITION_COLUMNS",
    "DECOMPOSITION_METHODS",
    "MECHANISMS",
    "channel_outcomes",
    "channel_sentence",
    "decompose",
]

MECHANISMS: tuple[str, ...] = ("migration", "infrastructure", "transfers")
"""The general-equilibrium mechanisms, in the default order of ``"sequential"``."""
CHANNELS: tuple[str, ...] = ("direct_land", *MECHANISMS)
"""The channels of a decomposition: the direct land effect, then the mechanisms."""
DECOMPOSITION_COLUMNS: tuple[str, ...] = (*CHANNELS, "interaction", "total")
"""The columns of :func:`decompose`'s table (percentage points)."""
DECOMPOSITION_METHODS: tuple[str, ...] = ("shapley", "sequential", "one_at_a_time")
_BLOCKS = (("labour", "migration"), ("tfp", "infrastructure"))
"""The map's block (solve_equilibrium's ``hold``) that shuts each solved-for mechanism."""


def channel_outcomes(
    calibration: Calibration,
    trade: QuotaTrade,
    mechanisms: Sequence[str],
    *,
    iteration: IterationConfig | None = None,
    measure: str = "cv",
) -> dict[str, float]:
    """Solve a trade with only ``mechanisms`` switched on and return its outcomes (%).

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    trade : QuotaTrade
        A single trade (land hats, receipts, payments, optional ĉ).
    mechanisms : sequence of str
        The mechanisms left on, a subset of :data:`MECHANISMS`; the others are shut.
    iteration : IterationConfig, optional
        Solver options.
    measure : str
        Dispersion measure of the gaps.

    Returns
    -------
    dict of str to float
        The four outcomes by name, % changes.

    Raises
    ------
    ConvergenceError
        If the solve fails, naming the shut mechanisms and the solver's message.
    """
    on = frozenset(mechanisms)
    unknown = sorted(on - set(MECHANISMS))
    if unknown:
        raise ConfigError(f"unknown mechanism(s) {unknown}; choose from {MECHANISMS}.")
    shock = trade_shock(trade, calibration.params)
    if not {"infrastructure", "transfers"} <= on:  # F acts only through Â
        shock = replace(shock, transfers=np.zeros(calibration.n_cities))
    held = [block for block, mechanism in _BLOCKS if mechanism not in on]
    equilibrium = solve_equilibrium(calibration, shock, iteration, hold=held)
    if not equilibrium.converged:
        shut = ", ".join(m for m in MECHANISMS if m not in on) or "nothing"
        raise ConvergenceError(
            f"the trade has no equilibrium with {shut} shut ({equilibrium.status}): "
            f"{equilibrium.message}"
        )
    return compute_outcomes(
        calibration,
        output_hat=equilibrium.output_hat,
        labour_hat=equilibrium.labour_hat,
        welfare_hat=equilibrium.welfare_hat,
        measure=measure,
    ).as_dict()


def decompose(
    counterfactual: Counterfactual,
    *,
    method: str = "shapley",
    order: Sequence[str] = MECHANISMS,
) -> pd.DataFrame:
    """Split each outcome of a solved counterfactual among its channels.

    See the module docstring for the channels and the three methods.

    Parameters
    ----------
    counterfactual : Counterfactual
        A converged counterfactual (:func:`~paretoland.model.counterfactual.run_counterfactual`).
    method : {"shapley", "sequential", "one_at_a_time"}
        How the general-equilibrium part is split among the mechanisms.
    order : sequence of str
        With ``method="sequential"``: the order in which the mechanisms are switched on.

    Returns
    -------
    DataFrame
        Index ``outcome`` (:data:`~paretoland.model.outcomes.aggregate.OUTCOME_NAMES`), columns
        :data:`DECOMPOSITION_COLUMNS` (percentage points): ``direct_land``,
        ``migration``, ``infrastructure``, ``transfers``, ``interaction`` and
        ``total``, the counterfactual's outcome. Each row adds up to ``total``.
        ``attrs`` records the method and order.

    Raises
    ------
    ConvergenceError
        If the counterfactual did not converge, or a solve with channels shut fails.
    """
    if method not in DECOMPOSITION_METHODS:
        raise ConfigError(f"method must be one of {DECOMPOSITION_METHODS}, got {method!r}.")
    order = tuple(order)
    if sorted(order) != sorted(MECHANISMS):
        raise ConfigError(f"order must list each of {MECHANISMS} once, got {order!r}.")
    counterfactual.equilibrium.raise_for_status()
    assert counterfactual.outcomes is not None
    total = counterfactual.outcomes.as_dict()
    values = _CoalitionValues(counterfactual, total)
    if method == "shapley":
        shares = _shapley(values)
    elif method == "sequential":
        shares = _sequential(values, order)
    else:
        shares = _one_at_a_time(values)
    rows = {}
    for outcome in OUTCOME_NAMES:
        row = {"direct_land": values(())[outcome]}
        row |= {m: shares[m][outcome] for m in MECHANISMS}
        row["interaction"] = total[outcome] - math.fsum(row.values())
        row["total"] = total[outcome]
        rows[outcome] = row
    table = pd.DataFrame.from_dict(rows, orient="index")[list(DECOMPOSITION_COLUMNS)]
    table.index.name = "outcome"
    table.attrs = {"method": method, "order": list(order) if method == "sequential" else []}
    return table


class _CoalitionValues:
    """Outcomes with only some mechanisms on, solved once each and cached."""

    def __init__(self, counterfactual: Counterfactual, total: dict[str, float]) -> None:
        self._cf = counterfactual
        self._cache: dict[frozenset[str], dict[str, float]] = {frozenset(MECHANISMS): total}

    def __call__(self, mechanisms: Sequence[str]) -> dict[str, float]:
        key = frozenset(mechanisms)
        if key not in self._cache:
            cf = self._cf
            self._cache[key] = channel_outcomes(
                cf.calibration,
                cf.trade,
                sorted(key),
                iteration=cf.equilibrium.iteration,
                measure=cf.outcomes.measure if cf.outcomes is not None else "cv",
            )
        return self._cache[key]


def _marginal(values: _CoalitionValues, before: Sequence[str], mechanism: str) -> np.ndarray:
    after = values((*before, mechanism))
    base = values(before)
    return np.array([after[o] - base[o] for o in OUTCOME_NAMES])


def _as_shares(effects: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    return {m: dict(zip(OUTCOME_NAMES, map(float, v), strict=True)) for m, v in effects.items()}


def _shapley(values: _CoalitionValues) -> dict[str, dict[str, float]]:
    """Shapley values of the mechanisms: marginal effects averaged over all orders."""
    n = len(MECHANISMS)
    effects = {}
    for mechanism in MECHANISMS:
        others = [m for m in MECHANISMS if m != mechanism]
        total = np.zeros(len(OUTCOME_NAMES))
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for before in itertools.combinations(others, size):
                total += weight * _marginal(values, before, mechanism)
        effects[mechanism] = total
    return _as_shares(effects)


def _sequential(values: _CoalitionValues, order: tuple[str, ...]) -> dict[str, dict[str, float]]:
    effects = {m: _marginal(values, order[:i], m) for i, m in enumerate(order)}
    return _as_shares(effects)


def _one_at_a_time(values: _CoalitionValues) -> dict[str, dict[str, float]]:
    effects = {
        "migration": _marginal(values, (), "migration"),
        "infrastructure": _marginal(values, (), "infrastructure"),
        "transfers": _marginal(values, ("infrastructure",), "transfers"),
    }
    return _as_shares(effects)


# ------------------------------------------------------------------ in words
_WORDS = {
    "en": {
        "direct_land": "the land itself",
        "migration": "migration",
        "infrastructure": "infrastructure (TFP)",
        "transfers": "quota transfers",
        "gdp": "GDP",
        "output_gap": "the output gap",
        "welfare": "welfare",
        "welfare_gap": "the welfare gap",
        "interaction": "interaction",
    },
    "zh": {
        "direct_land": "土地直接效应",
        "migration": "人口流动",
        "infrastructure": "基础设施（全要素生产率）",
        "transfers": "指标交易转移支付",
        "gdp": "GDP",
        "output_gap": "产出差距",
        "welfare": "福利",
        "welfare_gap": "福利差距",
        "interaction": "交互项",
    },
}


def channel_sentence(table: pd.DataFrame, outcome: str = "gdp", lang: str = "en") -> str:
    """Say in one sentence which channel drives one outcome of a decomposition.

    Parameters
    ----------
    table : DataFrame
        A table from :func:`decompose`.
    outcome : str
        One of :data:`~paretoland.model.outcomes.aggregate.OUTCOME_NAMES`.
    lang : {"en", "zh"}
        English or Chinese.

    Returns
    -------
    str
        E.g. "GDP rises by 2.69 %, driven mainly by the land itself (+2.10 points);
        migration +0.40, infrastructure (TFP) +0.15, quota transfers +0.04 points."
    """
    if lang not in _WORDS:
        raise ConfigError(f"lang must be one of {tuple(_WORDS)}, got {lang!r}.")
    if outcome not in table.index:
        raise ConfigError(f"outcome must be one of {list(table.index)}, got {outcome!r}.")
    words = _WORDS[lang]
    row = table.loc[outcome]
    total = float(row["total"])
    ranked = sorted(CHANNELS, key=lambda c: -abs(float(row[c])))
    lead, rest = ranked[0], ranked[1:]
    space = " " if lang == "en" else ""
    parts = [f"{words[c]}{space}{_signed(row[c])}" for c in rest]
    if abs(float(row["interaction"])) >= 0.005:
        parts.append(f"{words['interaction']}{space}{_signed(row['interaction'])}")
    if lang == "zh":
        return _sentence_zh(words, outcome, total, lead, float(row[lead]), parts)
    if abs(total) < 0.005:
        change = f"{words[outcome][0].upper()}{words[outcome][1:]} barely changes ({total:+.3f} %)"
    else:
        rising = total > 0
        verb = ("rises" if rising else "falls") if OBJECTIVE_SENSES[outcome] == "max" else None
        verb = verb or ("widens" if rising else "narrows")
        change = f"{words[outcome][0].upper()}{words[outcome][1:]} {verb} by {abs(total):.2f} %"
    return (
        f"{change}, driven mainly by {words[lead]} ({_signed(row[lead])} points); "
        + ", ".join(parts)
        + " points."
    )


def _sentence_zh(
    words: dict[str, str], outcome: str, total: float, lead: str, value: float, parts: list[str]
) -> str:
    if abs(total) < 0.005:
        change = f"{words[outcome]}几乎不变（{total:+.3f}%）"
    elif OBJECTIVE_SENSES[outcome] == "max":
        change = f"{words[outcome]}{'上升' if total > 0 else '下降'}{abs(total):.2f}%"
    else:
        change = f"{words[outcome]}{'扩大' if total > 0 else '缩小'}{abs(total):.2f}%"
    return (
        f"{change}，主要来自{words[lead]}（{_signed(value)}个百分点）；"
        + "，".join(parts)
        + "个百分点。"
    )


def _signed(value: float, digits: int = 2) -> str:
    """Return ``value`` with its sign and a true minus, "0.00" when it rounds to zero."""
    text = f"{float(value):+.{digits}f}"
    if float(text) == 0.0:
        return f"{0.0:.{digits}f}"
    return text.replace("-", "\u2212")
