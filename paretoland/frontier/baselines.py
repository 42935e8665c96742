"""The paper's methods, run beside a frontier and measured against its archive.

Random search over the parametric rule (Table 4) and the uniform rules of Tables 2–3.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError
from paretoland.frontier.archive import (
    ParetoArchive,
    dominated_by,
    epsilon_distance,
    minimisation_form,
)
from paretoland.frontier.assembly import build_model
from paretoland.frontier.config import RunConfig
from paretoland.frontier.evaluation import OBJECTIVE_FAILED, FrontierModel
from paretoland.frontier.parallel import BatchEvaluator
from paretoland.model.calibration import Calibration
from paretoland.model.counterfactual import run_counterfactual
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.replication.experiments import grid_rules
from paretoland.replication.published import PAPER_TABLE4

__all__ = ["BEAT_TOLERANCE", "compare_baselines"]

BEAT_TOLERANCE = 1e-3
"""Percentage points by which a frontier optimum may fall short of random search's."""


def compare_baselines(
    config: RunConfig,
    calibration: Calibration,
    model: FrontierModel,
    evaluator: BatchEvaluator,
    archive: ParetoArchive,
) -> dict[str, pd.DataFrame]:
    """Run the paper's methods and measure them against the frontier ``archive``.

    Random search over the parametric rule (Table 4) and the uniform rules of
    Tables 2–3.
    """
    baselines: dict[str, pd.DataFrame] = {}
    if config.baseline.random_samples > 0:
        baselines["table4"] = _table4(config, calibration, model, evaluator, archive)
    if config.baseline.uniform_rules:
        baselines["uniform_rules"] = _uniform_rules(calibration, model, archive)
    return baselines


def _random_search(
    config: RunConfig, calibration: Calibration, model: FrontierModel, evaluator: BatchEvaluator
) -> tuple[np.ndarray, np.ndarray]:
    """Objectives and feasibility of ``random_samples`` parametric-rule draws."""
    parametric = (
        model
        if config.rule.family == "parametric"
        else build_model(config, calibration, "parametric")
    )
    rng = np.random.default_rng([config.run.seed, 4])
    family = parametric.family
    X = rng.uniform(
        family.lower, family.upper, size=(config.baseline.random_samples, family.n_levers)
    )
    if parametric is model:
        scores = evaluator(X)
    else:
        with BatchEvaluator(
            parametric,
            n_jobs=evaluator.n_jobs,
            backend=evaluator.backend,
            scheduler=evaluator.scheduler,
        ) as other:
            scores = other(X)
    return scores.objectives, np.all(scores.constraints <= 0, axis=1)


def _table4(
    config: RunConfig,
    calibration: Calibration,
    model: FrontierModel,
    evaluator: BatchEvaluator,
    archive: ParetoArchive,
) -> pd.DataFrame:
    objectives, feasible = _random_search(config, calibration, model, evaluator)
    names = list(model.objective_names)
    senses = model.senses
    records = []
    for name in [n for n in OUTCOME_NAMES if n in names]:
        k = names.index(name)
        rows = {"random search": objectives[feasible], "frontier": archive.objectives}
        best = {}
        for source, values in rows.items():
            if len(values) == 0:
                best[source] = np.full(len(names), np.nan)
                continue
            best[source] = values[np.argmin(values[:, k] * senses[k])]
            records.append(
                {"objective": name, "source": source, **dict(zip(names, best[source], strict=True))}
            )
        records.append({"objective": name, "source": "paper (Table 4)", **PAPER_TABLE4[name]})
        shortfall = (best["random search"][k] - best["frontier"][k]) * -senses[k]
        for record in records[-3:]:
            record["frontier_beats_random"] = bool(shortfall <= BEAT_TOLERANCE)
    return pd.DataFrame.from_records(records)


def _uniform_rules(
    calibration: Calibration, model: FrontierModel, archive: ParetoArchive
) -> pd.DataFrame:
    front = archive.minimised()
    records = []
    for scope, table in (("intra", "table2"), ("inter", "table3")):
        for rule in grid_rules(scope):
            record: dict[str, Any] = {
                "table": table,
                "allocation": rule.allocation,
                "land_use": rule.land_use,
                "participation": rule.participation,
            }
            try:
                cf = run_counterfactual(
                    calibration, rule, iteration=model.iteration, measure=model.measure
                )
            except ConfigError:  # the rule moves no land on this dataset
                records.append({**record, "status": "no_trade"})
                continue
            record["status"] = cf.status
            if not cf.converged:
                records.append(record)
                continue
            values, constraints, problem = model.score_one(cf)
            if problem:
                record.update(status=OBJECTIVE_FAILED, message=problem)
            else:
                point = minimisation_form(values, model.senses)[archive.columns]
                dominating = dominated_by(front, point) if len(front) else np.zeros(0, bool)
                record.update(dict(zip(model.objective_names, values, strict=True)))
                record["feasible"] = bool(np.all(constraints <= 0))
                record["n_dominating"] = int(dominating.sum())
                record["dominating_points"] = " ".join(map(str, np.flatnonzero(dominating)))
                record["inside_by_pp"] = -epsilon_distance(front, point)
            records.append(record)
    return pd.DataFrame.from_records(records)
