"""Decision making on a Pareto front of quota rules (docs/model.md §6–7).

Choosing one quota rule from a four-objective frontier (``gdp`` and ``welfare``
maximised, ``output_gap`` and ``welfare_gap`` minimised; % changes):

* :func:`pareto_improvements` — the points that beat the status quo;
* :func:`knee_points` / :func:`compute_tradeoffs` — high trade-off points;
* :func:`pseudo_weights` / :func:`pick_by_pseudo_weights`, :func:`achievement_scalarising`,
  :func:`compromise_programming`, :func:`topsis` — preference-based picks;
* :func:`tradeoff_prices` — how much of one objective buys a unit of another, between
  neighbouring points; :func:`exact_tradeoff_prices` — the same, exact, at each point;
  :func:`exact_local_prices` and :func:`tangent_prices` — every pair at one point,
  exact or from its neighbours (:class:`LocalTradeoffs`);
* :func:`pick` — one dispatcher over :data:`METHODS`, returning a :class:`Pick`;
* stakeholder weights after seed paper 003 — :func:`ahp_weights`,
  :func:`entropy_weights`, :func:`relative_entropy_combination`,
  :func:`combine_group_weights`, and the TOML route :func:`load_stakeholders` ->
  :func:`stakeholder_weights`.

Every method takes the objectives in their own sense plus the senses and works in
minimisation form internally.
"""

from __future__ import annotations

from paretoland.decision.front import (
    SENSES,
    Front,
    build_front,
    non_dominated,
    normalise,
    pareto_improvements,
)
from paretoland.decision.knee import compute_tradeoffs, knee_points
from paretoland.decision.methods import (
    achievement_scalarising,
    compromise_programming,
    pick_by_pseudo_weights,
    pseudo_weights,
    topsis,
)
from paretoland.decision.pick import METHODS, Pick, pick
from paretoland.decision.prices import (
    LocalTradeoffs,
    exact_local_prices,
    exact_tradeoff_prices,
    tangent_prices,
    tradeoff_prices,
)
from paretoland.decision.stakeholders import (
    Stakeholder,
    load_stakeholders,
    stakeholder_ahp,
    stakeholder_weights,
)
from paretoland.decision.weights import (
    AHP_METHODS,
    CR_THRESHOLD,
    SAATY_RANDOM_INDEX,
    AHPResult,
    RelativeEntropyCombination,
    ahp_weights,
    combine_group_weights,
    entropy_weights,
    information_entropy,
    most_inconsistent_pair,
    relative_entropy_combination,
    validate_pairwise_matrix,
)

__all__ = [
    "AHP_METHODS",
    "CR_THRESHOLD",
    "METHODS",
    "SAATY_RANDOM_INDEX",
    "SENSES",
    "AHPResult",
    "Front",
    "LocalTradeoffs",
    "Pick",
    "RelativeEntropyCombination",
    "Stakeholder",
    "achievement_scalarising",
    "ahp_weights",
    "build_front",
    "combine_group_weights",
    "compromise_programming",
    "compute_tradeoffs",
    "entropy_weights",
    "exact_local_prices",
    "exact_tradeoff_prices",
    "information_entropy",
    "knee_points",
    "load_stakeholders",
    "most_inconsistent_pair",
    "non_dominated",
    "normalise",
    "pareto_improvements",
    "pick",
    "pick_by_pseudo_weights",
    "pseudo_weights",
    "relative_entropy_combination",
    "stakeholder_ahp",
    "stakeholder_weights",
    "tangent_prices",
    "topsis",
    "tradeoff_prices",
    "validate_pairwise_matrix",
]
