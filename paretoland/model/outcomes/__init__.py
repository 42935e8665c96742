"""Aggregate outcomes of a counterfactual and their city and province tables (docs/model.md §4).

The functions take plain hat arrays (``x̂ = x'/x``, shape ``(n_cities,)``) and the
:class:`~paretoland.model.calibration.Calibration`, so they do not depend on the solver.
Outcomes are % changes (×100): GDP ``Σ Y'/Σ Y − 1``; the output gap, the change of the
labour-weighted dispersion of output per worker ``Y_d/L_d``; welfare ``W'/W − 1`` with
``W = Σ_o λ_o W_o`` (λ fixed); the welfare gap, the change of the λ-weighted dispersion
of ``W_o``. The dispersion measure is chosen explicitly
(:data:`~paretoland.model.outcomes.dispersion.DISPERSION_MEASURES`).

:func:`~paretoland.model.outcomes.aggregate.compute_outcomes_batch` computes the
outcomes of k candidates at once from ``(k, n)`` hats;
:func:`~paretoland.model.outcomes.aggregate.compute_outcomes` and the ``weighted_*``
measures are its one-row case (they share the same row-wise implementation).

The modules: ``aggregate`` (the four outcomes), ``dispersion`` (the weighted dispersion
measures of the gaps), ``tables`` (city and province tables) and ``hats`` (checks of
the hat arrays). Every public name is importable from this package.
"""

from __future__ import annotations

from paretoland.model.outcomes.aggregate import (
    OBJECTIVE_SENSES,
    OUTCOME_LABELS,
    OUTCOME_NAMES,
    Outcomes,
    compute_outcomes,
    compute_outcomes_batch,
)
from paretoland.model.outcomes.dispersion import (
    DISPERSION_MEASURES,
    compute_dispersion,
    weighted_cv,
    weighted_gini,
    weighted_theil,
    weighted_var_log,
)
from paretoland.model.outcomes.tables import city_table, province_table

__all__ = [
    "DISPERSION_MEASURES",
    "OBJECTIVE_SENSES",
    "OUTCOME_LABELS",
    "OUTCOME_NAMES",
    "Outcomes",
    "city_table",
    "compute_dispersion",
    "compute_outcomes",
    "compute_outcomes_batch",
    "province_table",
    "weighted_cv",
    "weighted_gini",
    "weighted_theil",
    "weighted_var_log",
]
