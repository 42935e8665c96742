"""Evaluating candidate rules: objectives in their own sense, constraints, statuses.

A :class:`FrontierModel` is everything a worker needs to score a decision vector: the
calibrated economy, the rule family, the objectives and constraints, and the solver
options. It is picklable and is sent to each worker once (:mod:`.parallel`).

Constraints follow pymoo's convention, ``g ≤ 0`` satisfied:

- ``feasible``: 0 when the equilibrium converged and every objective is a finite
  number, :data:`FAILED_VIOLATION` otherwise (always on);
- ``pareto``: ``100 (1 − min_o Ŵ_o) − max_origin_loss``, the largest welfare loss of
  any origin in %, beyond the loss allowed (on with ``pareto_improvement``);
- ``seller_receipts``: ``(floor − min receipts of a selling city) / floor`` (on with a
  positive ``min_seller_receipts``, in yuan).

A candidate whose equilibrium fails, or one of whose objectives raises or returns
NaN, an infinity or something that is not a number (status ``"objective_failed"``),
scores 0 (no change) on every objective, 0 on every other constraint and
:data:`FAILED_VIOLATION` on ``feasible``: a violation larger than any converged
candidate can reach, so that constraint domination ranks every failed candidate
below every converged one. Its status and message are returned for the run's log,
and it never stops the run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.frontier.gradient_evaluation import GradientEvaluation, evaluate_gradients
from paretoland.frontier.indicators import (
    INSTITUTION_SENSES,
    institution_objective_batch,
    participation_worst_batch,
    worst_farmland_loss_km2_batch,
)
from paretoland.frontier.levers import RuleFamily
from paretoland.frontier.objectives import (  # also importable from here
    Objective,
    load_objective_function,
)
from paretoland.model.calibration import Calibration
from paretoland.model.counterfactual import (
    Counterfactual,
    CounterfactualBatch,
    run_counterfactual,
    run_counterfactuals,
)
from paretoland.model.equilibrium import IterationConfig
from paretoland.model.institutions import TicketPricing
from paretoland.model.quotas import QuotaTrade

__all__ = [
    "FAILED_VIOLATION",
    "OBJECTIVE_FAILED",
    "Evaluation",
    "FrontierModel",
]

FAILED_VIOLATION = 1e9
"""The ``feasible`` violation of a failed candidate: above any attainable violation."""
OBJECTIVE_FAILED = "objective_failed"
"""Status of a converged candidate whose objective raised or was not a finite number."""


@dataclass(frozen=True)
class Evaluation:
    """Scores of a batch of k candidates with m objectives and c constraints.

    Attributes
    ----------
    objectives : ndarray, shape (k, m)
        In each objective's own sense and units (% change for the outcomes).
    constraints : ndarray, shape (k, c)
        ``≤ 0`` satisfied.
    statuses : tuple of str
        The solver status per candidate.
    messages : tuple of str
        ``""`` when converged, else the solver's message (naming the city).
    """

    objectives: np.ndarray
    constraints: np.ndarray
    statuses: tuple[str, ...]
    messages: tuple[str, ...]

    @staticmethod
    def concatenate(parts: list[Evaluation]) -> Evaluation:
        """Join batches in order."""
        return Evaluation(
            np.concatenate([p.objectives for p in parts]),
            np.concatenate([p.constraints for p in parts]),
            tuple(s for p in parts for s in p.statuses),
            tuple(s for p in parts for s in p.messages),
        )


@dataclass(frozen=True, eq=False)
class FrontierModel:
    """Score decision vectors of a rule family.

    Parameters
    ----------
    family : RuleFamily
        The levers (and, through it, the calibrated economy).
    objectives : tuple of Objective
    pareto_improvement : bool
        Require that no origin's welfare falls (by more than ``max_origin_loss``).
    max_origin_loss : float
        The welfare loss (%) an origin may bear under ``pareto_improvement``; ≥ 0.
    min_seller_receipts : float
        Yuan every selling city must receive at least (0: off).
    iteration : IterationConfig
        Solver options.
    measure : str
        Dispersion measure of the gaps.
    ticket_pricing : TicketPricing
        Land-ticket pricing (fees, reclamation cost, 85/15 split, farmers' outside
        option) for ``farmer_income`` and the participation constraint.
    participation : bool
        Require that every seller's farmers take part at the price sellers receive.
    max_farmland_loss_km2 : float
        Cap on any province's net farmland loss (km²; ``inf``: off).
    """

    family: RuleFamily
    objectives: tuple[Objective, ...]
    pareto_improvement: bool = False
    max_origin_loss: float = 0.0
    min_seller_receipts: float = 0.0
    iteration: IterationConfig = field(default_factory=IterationConfig)
    measure: str = "cv"
    ticket_pricing: TicketPricing = field(default_factory=TicketPricing)
    participation: bool = False
    max_farmland_loss_km2: float = float("inf")

    def __post_init__(self) -> None:
        if not self.objectives:
            raise ConfigError("a frontier needs at least one objective.")
        names = [o.name for o in self.objectives]
        if len(set(names)) != len(names):
            raise ConfigError(f"objective names must be unique (got {names}).")
        if not (np.isfinite(self.max_origin_loss) and self.max_origin_loss >= 0):
            raise ConfigError(
                f"max_origin_loss must be a non-negative % (got {self.max_origin_loss!r})."
            )
        if not (np.isfinite(self.min_seller_receipts) and self.min_seller_receipts >= 0):
            raise ConfigError(
                "min_seller_receipts must be a non-negative number of yuan "
                f"(got {self.min_seller_receipts!r})."
            )

    @property
    def calibration(self) -> Calibration:
        """The baseline economy."""
        return self.family.calibration

    @property
    def objective_names(self) -> tuple[str, ...]:
        """Objective names, in column order."""
        return tuple(o.name for o in self.objectives)

    @property
    def senses(self) -> np.ndarray:
        """+1 for minimised and −1 for maximised objectives (pymoo minimises ``sense·f``)."""
        return np.array([1.0 if o.sense == "min" else -1.0 for o in self.objectives])

    @property
    def constraint_names(self) -> tuple[str, ...]:
        """Names of the constraint columns."""
        names = ["feasible"]
        if self.pareto_improvement:
            names.append("pareto")
        if self.min_seller_receipts > 0:
            names.append("seller_receipts")
        if self.participation:
            names.append("participation")
        if np.isfinite(self.max_farmland_loss_km2):
            names.append("farmland")
        return tuple(names)

    def counterfactual(self, x: np.ndarray) -> Counterfactual:
        """Solve the counterfactual of one decision vector."""
        return run_counterfactual(
            self.calibration, self.family.trade(x), iteration=self.iteration, measure=self.measure
        )

    def counterfactuals(
        self, X: np.ndarray, *, lanes: int | None = None, warm_start: np.ndarray | None = None
    ) -> CounterfactualBatch:
        """Solve the counterfactuals of the rows of ``X`` (shape ``(k, n_levers)``).

        One batched call (:func:`~paretoland.model.counterfactual.run_counterfactuals`);
        ``warm_start``: a nearby solution's iterate (``Equilibrium.warm_start``).
        """
        return run_counterfactuals(
            self.calibration,
            self.family.trades(X),
            iteration=self.iteration,
            measure=self.measure,
            lanes=lanes,
            warm_start=warm_start,
        )

    def evaluate(self, X: np.ndarray, *, lanes: int | None = None) -> Evaluation:
        """Score a batch of decision vectors ``X`` (shape ``(k, n_levers)``).

        One batched solve (``lanes`` parallel threads, default all cores), vectorised
        outcomes and constraints; user objectives are called per converged candidate.
        """
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        return self.score_batch(self.counterfactuals(X, lanes=lanes))

    def score_batch(self, batch: CounterfactualBatch) -> Evaluation:
        """Score a solved batch (:meth:`counterfactuals`): objectives, constraints, statuses."""
        statuses = list(batch.equilibria.statuses)
        messages = [
            "" if good else batch.equilibria.message(i) for i, good in enumerate(batch.converged)
        ]
        rows = np.flatnonzero(batch.converged)
        objectives = np.zeros((len(batch), len(self.objectives)))
        constraints = np.zeros((len(batch), len(self.constraint_names)))
        if rows.size:
            objectives[rows], constraints[rows], problems = self._score_rows(
                lambda: batch.trade.row(rows),
                batch.equilibria.welfare_hat[rows],
                {name: values[rows] for name, values in batch.outcomes.items()},
                lambda i: batch[int(rows[i])],
            )
            for i, message in problems.items():
                statuses[rows[i]], messages[rows[i]] = OBJECTIVE_FAILED, message
        failed = np.array([status != "converged" for status in statuses])
        objectives[failed] = 0.0
        constraints[failed] = 0.0
        constraints[failed, 0] = FAILED_VIOLATION
        return Evaluation(objectives, constraints, tuple(statuses), tuple(messages))

    def evaluate_gradients(self, X: np.ndarray, **options: Any) -> GradientEvaluation:
        """Score a batch and give the exact Jacobians of objectives and constraints.

        ``options``: ``origins``, ``extra``, ``lanes``, ``config``; see
        :func:`paretoland.frontier.gradient_evaluation.evaluate_gradients`.
        """
        return evaluate_gradients(self, X, **options)

    def score(self, cf: Counterfactual) -> np.ndarray:
        """Return the objectives (own sense) of a converged counterfactual, shape (m,).

        Raises
        ------
        ConfigError
            If an objective raised or was not a finite number (the message says which).
        """
        objectives, _, problem = self.score_one(cf)
        if problem:
            raise ConfigError(problem)
        return objectives

    def constraint_values(self, cf: Counterfactual) -> np.ndarray:
        """Return the constraint values (≤ 0 satisfied) of a converged counterfactual, (c,)."""
        return self.score_one(cf)[1]

    def score_one(self, cf: Counterfactual) -> tuple[np.ndarray, np.ndarray, str]:
        """Return objectives (m,), constraints (c,) and the problem ("" if none) of ``cf``.

        The problem is the message of the first objective that raised or was not a
        finite number (its value is then NaN).
        """
        outcomes = {name: np.array([value]) for name, value in cf.outcomes.as_dict().items()}  # type: ignore[union-attr]
        objectives, constraints, problems = self._score_rows(
            cf.trade.as_batch, cf.equilibrium.welfare_hat[None, :], outcomes, lambda i: cf
        )
        return objectives[0], constraints[0], problems.get(0, "")

    def _score_rows(
        self,
        trade_rows: Callable[[], QuotaTrade],
        welfare_hat: np.ndarray,
        outcomes: dict[str, np.ndarray],
        counterfactual: Callable[[int], Counterfactual],
    ) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
        """Return objectives (k, m), constraints (k, c) and problems of k converged candidates.

        trade_rows() : their batch trade (k, n), called only if an objective or
        constraint needs it; welfare_hat : Ŵ_o (k, n); outcomes : (k,) by name;
        counterfactual(i) : candidate i as a Counterfactual (for user objectives).
        The problems map a row to the message of its first objective that raised or
        was not a finite number.
        """
        trade = functools.cache(trade_rows)
        k = welfare_hat.shape[0]
        objectives = np.empty((k, len(self.objectives)))
        problems: dict[int, str] = {}
        for j, objective in enumerate(self.objectives):
            if objective.function:
                function = load_objective_function(objective.function)
                for i in range(k):
                    objectives[i, j] = _user_value(
                        objective, function, counterfactual(i), problems, i
                    )
            elif objective.name in INSTITUTION_SENSES:
                objectives[:, j] = institution_objective_batch(
                    objective.name, trade(), self.calibration, self.ticket_pricing
                )
            else:
                objectives[:, j] = outcomes[objective.name]
            for row in np.flatnonzero(~np.isfinite(objectives[:, j])):
                problems.setdefault(int(row), f"objective {objective.name} is {objectives[row, j]}")
        columns = [np.zeros(k)]
        if self.pareto_improvement:
            columns.append(100.0 * (1.0 - welfare_hat.min(axis=1)) - self.max_origin_loss)
        if self.min_seller_receipts > 0:
            floor = self.min_seller_receipts
            lowest = np.where(trade().sellers, trade().receipts, np.inf).min(axis=1)
            columns.append((floor - np.where(np.isinf(lowest), floor, lowest)) / floor)
        if self.participation:  # yuan/mu short of the outside option, in 10,000 yuan/mu
            columns.append(participation_worst_batch(trade(), self.ticket_pricing) / 1e4)
        if np.isfinite(self.max_farmland_loss_km2):
            columns.append(
                worst_farmland_loss_km2_batch(trade(), self.calibration)
                - self.max_farmland_loss_km2
            )
        return objectives, np.column_stack(columns), problems


def _user_value(
    objective: Objective,
    function: Callable[[Counterfactual], Any],
    counterfactual: Counterfactual,
    problems: dict[int, str],
    row: int,
) -> float:
    """Call a user objective; a raise or a value that is not a finite number is a problem.

    Returns the value, or NaN after recording the problem of ``row``.
    """
    try:
        value = function(counterfactual)
    except Exception as error:  # the user's code: any error fails this candidate only
        problems.setdefault(
            row, f"objective {objective.name} ({objective.function}) raised {error!r}"
        )
        return float("nan")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        problems.setdefault(
            row,
            f"objective {objective.name} ({objective.function}) returned {value!r}, not a number",
        )
        return float("nan")
    return float(value)
