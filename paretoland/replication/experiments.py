"""The paper's trading experiments on our data (seed ``000``, sections 四–六).

An :class:`Experiment` is a named set of quota rules solved under one set of model
parameters. :func:`paper_experiments` lists the paper's: Table 2 (intra-province) and
Table 3 (inter-province), each the grid equal-area / equal-proportion × productive /
residential / both × pilot provinces / all provinces, and the robustness runs on the
Table 3 grid (transfer share 20 %; α, η, κ, σ, ρ variants; the land-tenure correction
at r = 4, 5, 6 %) plus the 10 % mobility-cost cuts within and between the pilot
provinces (inter-province, both uses, all provinces). :func:`run_scenarios` solves
them (and Table 1's three land-use cases for a recorded-transactions file) and
returns :class:`~paretoland.replication.tables.ScenarioResults`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

import pandas as pd

from paretoland.data.dataset import CityData
from paretoland.exceptions import ConfigError
from paretoland.io.provenance import Stopwatch, run_metadata
from paretoland.model.calibration import Calibration, calibrate
from paretoland.model.counterfactual import Counterfactual, run_counterfactual
from paretoland.model.equilibrium import IterationConfig
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.params import ModelParams
from paretoland.model.quotas import QuotaRule
from paretoland.model.transactions import Transactions, transactions_trade
from paretoland.replication.channels import decomposition_records
from paretoland.replication.published import paper_cell
from paretoland.replication.tables import ScenarioResults

__all__ = [
    "GRID_ALLOCATIONS",
    "GRID_LAND_USES",
    "GRID_PARTICIPATION",
    "TABLE1_CASES",
    "Experiment",
    "grid_rules",
    "paper_experiments",
    "run_scenarios",
]

GRID_ALLOCATIONS: tuple[str, ...] = ("equal_area", "equal_proportion")
"""Panels A and B of Tables 2–3."""
GRID_LAND_USES: tuple[str, ...] = ("productive", "residential", "both")
GRID_PARTICIPATION: tuple[str, ...] = ("pilot", "all")
TABLE1_CASES: tuple[str, ...] = ("productive", "residential", "split")
"""Table 1's land-use cases for recorded transactions (``split``: half and half)."""
_MOBILITY_CASES = ("within_pilot", "between_pilot")
_GRID_TABLES = ("table2", "table3")


@dataclass(frozen=True)
class Experiment:
    """A named set of quota rules solved under one set of model parameters.

    Attributes
    ----------
    name : str
        Short key: ``"table2"``, ``"table3"``, ``"transfer_share=0.2"``, ``"alpha=0.83"``,
        ``"tenure r=0.05"``, ``"mobility within_pilot"`` ...
    title : str
        A readable title for tables.
    params : ModelParams
        The model parameters (the economy is calibrated with them).
    rules : tuple of QuotaRule
        The rules, in the order of the paper's layout.
    group : {"paper", "robustness", "mobility"}
        Where the experiment sits in the report.
    """

    name: str
    title: str
    params: ModelParams
    rules: tuple[QuotaRule, ...]
    group: str = "paper"


def grid_rules(scope: str, **changes: object) -> tuple[QuotaRule, ...]:
    """Return the 12 rules of a Table 2–3 grid, in the paper's order.

    Parameters
    ----------
    scope : {"intra", "inter"}
        Table 2 or Table 3.
    **changes
        Further :class:`~.quotas.rule.QuotaRule` options applied to every rule
        (``transfer_share``...).

    Returns
    -------
    tuple of QuotaRule
        Allocation (equal-area, then equal-proportion) × land use (productive,
        residential, both) × participation (pilot, all).
    """
    return tuple(
        QuotaRule(land_use=use, scope=scope, participation=part, allocation=allocation, **changes)  # type: ignore[arg-type]
        for allocation in GRID_ALLOCATIONS
        for use in GRID_LAND_USES
        for part in GRID_PARTICIPATION
    )


def paper_experiments(
    params: ModelParams | None = None, *, robustness: bool = True
) -> list[Experiment]:
    """Return the paper's experiments: Tables 2–3 and, optionally, the robustness runs.

    Parameters
    ----------
    params : ModelParams, optional
        Baseline parameters (default: the paper's); every robustness variant changes
        one of them.
    robustness : bool
        Include the transfer-share, parameter, land-tenure and mobility-cost runs.
    """
    base = ModelParams.paper_baseline() if params is None else params
    experiments = [
        Experiment("table2", "Table 2: intra-province trading", base, grid_rules("intra")),
        Experiment("table3", "Table 3: inter-province trading", base, grid_rules("inter")),
    ]
    if not robustness:
        return experiments
    experiments.append(
        Experiment(
            "transfer_share=0.2",
            "Inter-province, transfer share 20 % (附表1)",
            base,
            grid_rules("inter", transfer_share=0.20),
            "robustness",
        )
    )
    for name, variant in ModelParams.robustness_variants(base).items():
        experiments.append(
            Experiment(name, f"Inter-province, {name}", variant, grid_rules("inter"), "robustness")
        )
    for mobility in _MOBILITY_CASES:
        rules = tuple(
            QuotaRule(
                land_use="both",
                scope="inter",
                participation="all",
                allocation=allocation,
                mobility=mobility,
            )
            for allocation in GRID_ALLOCATIONS
        )
        experiments.append(
            Experiment(
                f"mobility {mobility}",
                f"Inter-province, both uses, all provinces, mobility costs −10 % "
                f"{mobility.replace('_', ' ')} provinces (附表4)",
                base,
                rules,
                "mobility",
            )
        )
    return experiments


def run_scenarios(
    data: CityData,
    experiments: Iterable[Experiment] | None = None,
    *,
    transactions: Transactions | None = None,
    iteration: IterationConfig | None = None,
    measure: str = "cv",
    progress: Callable[[str], None] | None = None,
    decompose: bool = True,
) -> ScenarioResults:
    """Calibrate, apply every rule, solve and collect the outcomes.

    Parameters
    ----------
    data : CityData
        The dataset.
    experiments : iterable of Experiment, optional
        Default: :func:`paper_experiments` with robustness runs.
    transactions : Transactions, optional
        Recorded transactions; adds Table 1 (productive, residential, half and half)
        under the parameters of the first experiment.
    iteration : IterationConfig, optional
        Solver options.
    measure : str
        Dispersion measure of the gaps.
    progress : callable, optional
        Called with a short label before each solve (for a progress bar).
    decompose : bool
        Decompose every converged rule of Tables 2–3 into its channels (direct land,
        migration, infrastructure, transfers; :mod:`paretoland.model.decomposition`).

    Returns
    -------
    ScenarioResults
        One row per solved rule; a failed solve is a row with its status and NaN
        outcomes, and a rule that moves no land a row with status ``"no_trade"`` and
        zero change. ``decomposition`` holds the channels of the Table 2–3 cells.
    """
    experiments = list(paper_experiments() if experiments is None else experiments)
    if not experiments:
        raise ConfigError("run_scenarios needs at least one experiment.")
    watch = Stopwatch()
    calibrations: dict[ModelParams, Calibration] = {}
    records, channels = [], []
    with watch("total"):
        for experiment in experiments:
            if experiment.params not in calibrations:
                with watch("calibrate"):
                    calibrations[experiment.params] = calibrate(data, experiment.params)
            cal = calibrations[experiment.params]
            for rule in experiment.rules:
                if progress is not None:
                    progress(f"{experiment.name}: {_rule_label(rule)}")
                with watch("solve"):
                    record, cf = _rule_record(experiment, cal, rule, iteration, measure)
                records.append(record)
                if decompose and experiment.name in _GRID_TABLES and cf is not None:
                    with watch("decompose"):
                        channels += decomposition_records(record, cf)
        if transactions is not None:
            cal = calibrations[experiments[0].params]
            for case in TABLE1_CASES:
                if progress is not None:
                    progress(f"table1: {case}")
                with watch("solve"):
                    trade = transactions_trade(cal, transactions, use=case)
                    cf = run_counterfactual(cal, trade, iteration=iteration, measure=measure)
                records.append(
                    _record(
                        "table1",
                        "Table 1: recorded transactions",
                        "paper",
                        {
                            "scope": "recorded",
                            "allocation": "recorded",
                            "land_use": case,
                            "participation": "recorded",
                            "mobility": "",
                            "transfer_share": float("nan"),
                        },
                        cf,
                    )
                )
    metadata = run_metadata(
        data,
        command="scenarios",
        measure=measure,
        iteration=repr(iteration or IterationConfig()),
        experiments={
            e.name: {"params": e.params.to_dict(), "rules": len(e.rules)} for e in experiments
        },
        transactions=None if transactions is None else transactions.n_transactions,
    )
    return ScenarioResults(
        pd.DataFrame.from_records(records),
        experiments=experiments,
        measure=measure,
        timings=watch.seconds,
        metadata=metadata,
        decomposition=pd.DataFrame.from_records(channels),
    )


def _rule_label(rule: QuotaRule) -> str:
    return f"{rule.scope}, {rule.allocation}, {rule.land_use}, {rule.participation}"


def _rule_fields(rule: QuotaRule) -> dict[str, object]:
    return {
        "scope": rule.scope,
        "allocation": rule.allocation,
        "land_use": rule.land_use,
        "participation": rule.participation,
        "mobility": rule.mobility or "",
        "transfer_share": rule.transfer_share,
    }


def _rule_record(
    experiment: Experiment,
    cal: Calibration,
    rule: QuotaRule,
    iteration: IterationConfig | None,
    measure: str,
) -> tuple[dict[str, object], Counterfactual | None]:
    """Solve one rule: its record, and its counterfactual when it converged."""
    fields = _rule_fields(rule)
    try:
        cf = run_counterfactual(cal, rule, iteration=iteration, measure=measure)
    except ConfigError as error:  # the rule moves no land: no change at all
        return {
            **_identity(experiment.name, experiment.title, experiment.group, fields),
            **dict.fromkeys(OUTCOME_NAMES, 0.0),
            "land_moved_km2": 0.0,
            "n_sellers": 0,
            "n_buyers": 0,
            "status": "no_trade",
            "message": str(error),
            **_paper_fields(experiment.name, fields),
        }, None
    record = _record(experiment.name, experiment.title, experiment.group, fields, cf)
    return record, cf if cf.converged else None


def _identity(name: str, title: str, group: str, fields: dict[str, object]) -> dict[str, object]:
    return {"experiment": name, "title": title, "group": group, **fields}


def _paper_fields(name: str, fields: dict[str, object]) -> dict[str, float]:
    published = paper_cell(
        name,
        cast("str | None", fields["allocation"]),
        str(fields["land_use"]),
        cast("str | None", fields["participation"]),
    )
    return {f"paper_{outcome}": published.get(outcome, float("nan")) for outcome in OUTCOME_NAMES}


def _record(
    name: str, title: str, group: str, fields: dict[str, object], cf: Counterfactual
) -> dict[str, object]:
    return {
        **_identity(name, title, group, fields),
        **cf.summary(),
        "message": "" if cf.converged else cf.equilibrium.message,
        **_paper_fields(name, fields),
    }
