"""The run-file sections of the problem: what a frontier search optimises.

``[rule]`` gives the family of quota rules searched over and its market
(:class:`RuleSection`; docs/model.md §5–6), ``[objectives]`` the objectives and their
dispersion measure, built-in or user-defined (:class:`ObjectivesSection`,
:class:`CustomObjective`), and ``[constraints]`` the optional constraints every rule
must meet (:class:`ConstraintsSection`). Each is a frozen options class
(:mod:`paretoland.options`) whose fields declare their type, choices and range once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from paretoland.frontier.indicators import BUILTIN_SENSES
from paretoland.frontier.levers import FAMILY_LAND_USE, MAX_SHARE, WEIGHT_BOUND
from paretoland.model.outcomes import DISPERSION_MEASURES
from paretoland.model.quotas import QuotaRule
from paretoland.options import (
    OptionError,
    Options,
    check_keys,
    hint,
    option,
    render,
    table_of,
)

__all__ = [
    "MARKET_KEYS",
    "RULE_FAMILIES",
    "SENSES",
    "ConstraintsSection",
    "CustomObjective",
    "ObjectivesSection",
    "RuleSection",
]

RULE_FAMILIES: tuple[str, ...] = ("parametric", "per_city")
"""The families of rules searched over: the paper's 12 weights, or one variable per city."""
SENSES: tuple[str, ...] = ("max", "min")
"""Whether an objective is maximised or minimised."""
MARKET_KEYS: tuple[str, ...] = (
    "land_use",
    "scope",
    "participation",
    "seller_provinces",
    "buyer_provinces",
    "seller_price",
    "default_buyer_price",
    "buyer_prices",
)
"""The :class:`~paretoland.model.quotas.rule.QuotaRule` options a ``[rule]`` table sets: the
market a rule family trades in."""
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_FUNCTION = re.compile(f"{_DOTTED}:{_DOTTED}")


@dataclass(frozen=True)
class RuleSection(Options):
    """``[rule]``: the family of rules searched over, and its market (docs/model.md §5–6).

    The ``[rule]`` table is flat: ``family``, ``max_share`` and ``weight_bound`` are
    the family's; the other keys (:data:`MARKET_KEYS`) are options of the
    :class:`~paretoland.model.quotas.rule.QuotaRule` that is the market, declared and
    checked there. They read as the section's own: ``rule.land_use`` is
    ``rule.market.land_use``.

    Parameters
    ----------
    family : {"parametric", "per_city"}
        The paper's 12-weight rule, or one decision variable per city.
    market : QuotaRule
        Land use ("productive", "residential" or "both"), scope, participation,
        provinces and prices.
    max_share : float
        φ_max, the largest share of its land a seller may give up, in (0, 1).
    weight_bound : float
        Parametric weights lie in [−weight_bound, weight_bound]; > 0.
    """

    family: str = option("parametric", choices=RULE_FAMILIES)
    market: QuotaRule = field(default_factory=QuotaRule)
    max_share: float = option(0.3, spec=MAX_SHARE)
    weight_bound: float = option(3.0, spec=WEIGHT_BOUND)
    _LABEL = "[rule]"

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return the keys of a ``[rule]`` table, in file order."""
        return ("family", *MARKET_KEYS[:5], "max_share", "weight_bound", *MARKET_KEYS[5:])

    @classmethod
    def from_table(cls, table: Any, label: str | None = None) -> RuleSection:
        """Build one from a flat ``[rule]`` table; the market keys build its QuotaRule."""
        label = cls._LABEL if label is None else label
        check_keys(label, table, cls.keys())
        market = {k: v for k, v in table.items() if k in MARKET_KEYS}
        if "land_use" in market:  # before the QuotaRule, which also allows "split"
            FAMILY_LAND_USE.checked(market["land_use"], str, label, "land_use")
        try:
            rule = QuotaRule(**market)
        except OptionError as exc:
            raise exc.relabel(label) from None
        return cls(market=rule, **{k: v for k, v in table.items() if k not in MARKET_KEYS})

    def to_table(self) -> dict[str, Any]:
        """Return the flat ``[rule]`` table."""
        own, market = super().to_table(), table_of(self.market)
        return {key: own[key] if key in own else market[key] for key in self.keys()}

    def __getattr__(self, name: str) -> Any:
        if name in MARKET_KEYS:
            return getattr(self.market, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _check(self) -> None:
        FAMILY_LAND_USE.check(self._label(), "land_use", self.market.land_use)


@dataclass(frozen=True)
class CustomObjective(Options):
    """``[[objectives.custom]]``: a user-defined objective.

    Parameters
    ----------
    name : str
        Identifier-like name, not one of the built-in outcomes.
    function : str
        ``"module:function"``; imported by the evaluator, not here.
    sense : {"max", "min"}
        Whether the objective is maximised or minimised.
    """

    name: str
    function: str
    sense: str = option(choices=SENSES)

    def _label(self) -> str:
        name = self.name
        ok = isinstance(name, str) and name.isidentifier() and name not in BUILTIN_SENSES
        return f"[objectives] custom {render(name)}" if ok else "[objectives] custom"

    def _check(self) -> None:
        if not self.name.isidentifier():
            self._bad(
                "name",
                "must be identifier-like (letters, digits and '_', not starting "
                'with a digit), e.g. name = "beijing_gdp".',
            )
        if self.name in BUILTIN_SENSES:
            self._bad(
                "name",
                "clashes with the built-in objective of that name; list the "
                "built-in in [objectives] names, or choose another name.",
            )
        if not _FUNCTION.fullmatch(self.function):
            self._bad(
                "function",
                'must have the form "module:function", e.g. '
                'function = "mypackage.objectives:beijing_gdp".',
            )


@dataclass(frozen=True)
class ObjectivesSection(Options):
    """``[objectives]``: the objectives, their dispersion measure and custom ones.

    Parameters
    ----------
    names : tuple of str
        Objectives, in column order: built-in outcomes or custom names.
    measure : str
        Dispersion measure of the gap outcomes (a key of ``DISPERSION_MEASURES``).
    custom : tuple of CustomObjective
        User-defined objectives; one is used only if ``names`` lists it.
    """

    names: tuple[str, ...] = ("gdp", "welfare", "output_gap", "welfare_gap")
    measure: str = option("cv", choices=tuple(DISPERSION_MEASURES))
    custom: tuple[CustomObjective, ...] = ()
    _LABEL = "[objectives]"

    def _check(self) -> None:
        if not self.names:
            self._bad("names", 'name at least one objective, e.g. names = ["gdp", "welfare"].')
        custom = [c.name for c in self.custom]
        for names, key in ((self.names, "names"), (custom, "custom")):
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:
                self._bad(key, f"{render(twice[0])} appears twice; give each objective once.")
        known = (*BUILTIN_SENSES, *custom)
        for i, name in enumerate(self.names):
            if name not in known:
                self._bad(
                    f"names[{i}]",
                    f"not a built-in outcome or a custom objective{hint(name, known)}"
                    f"The built-ins are {', '.join(map(render, BUILTIN_SENSES))}, and a custom "
                    "objective is defined in an [[objectives.custom]] table.",
                    name,
                )


@dataclass(frozen=True)
class ConstraintsSection(Options):
    """``[constraints]``: optional constraints; feasibility is always enforced.

    Parameters
    ----------
    pareto_improvement : bool
        No origin's welfare may fall (by more than ``max_origin_loss``).
    max_origin_loss : float
        With ``pareto_improvement``: the largest welfare loss an origin may bear, in
        % (0: a strict Pareto improvement; > 0: a weaker guarantee), ≥ 0.
    min_seller_receipts : float
        亿元 (10⁸ yuan) every selling city must receive at least; 0 disables.
    participation : bool
        Every seller's farmers must take part: their 85 % of the net proceeds per mu
        beats ``farmer_outside_option`` (land tickets, seed 002).
    farmer_outside_option : float
        Yuan per mu a farmer gets without selling, ≥ 0.
    farmland_cap : bool
        Cap any province's net farmland loss at ``max_farmland_loss_km2`` (seed 001).
    max_farmland_loss_km2 : float
        The cap, km², ≥ 0.
    """

    pareto_improvement: bool = False
    max_origin_loss: float = option(0.0, at_least=0.0, meaning="% of an origin's welfare")
    min_seller_receipts: float = option(
        0.0, at_least=0.0, meaning="亿元; 0 disables the constraint"
    )
    participation: bool = False
    farmer_outside_option: float = option(0.0, at_least=0.0, meaning="yuan per mu")
    farmland_cap: bool = False
    max_farmland_loss_km2: float = option(
        0.0, at_least=0.0, meaning="km² of net farmland loss per province"
    )
    _LABEL = "[constraints]"
