"""The pymoo problem: levers in, objectives (sign-flipped for pymoo) and constraints out."""

from __future__ import annotations

from typing import Any

import numpy as np
from pymoo.core.problem import Problem

from paretoland.frontier.evaluation import Evaluation, FrontierModel
from paretoland.frontier.parallel import BatchEvaluator

__all__ = ["QuotaProblem"]


class QuotaProblem(Problem):
    """Quota rules as a pymoo problem.

    pymoo minimises, so the problem hands it ``sense · f`` (``sense = −1`` for a
    maximised objective); everything paretoland reports is in the objective's own
    sense. Every evaluated batch is also kept in :attr:`log` (levers, own-sense
    objectives, constraints, statuses) for the run's archive and failure record.

    Parameters
    ----------
    model : FrontierModel
        Levers, objectives and constraints.
    evaluator : BatchEvaluator
        How batches are evaluated (sequentially or in parallel).
    optimised : tuple of str, optional
        The objectives pymoo optimises (default: all of the model's); the others are
        still computed and recorded.
    """

    def __init__(
        self,
        model: FrontierModel,
        evaluator: BatchEvaluator | None,
        optimised: tuple[str, ...] | None = None,
    ) -> None:
        names = model.objective_names
        optimised = names if optimised is None else optimised
        self.columns = np.array([names.index(name) for name in optimised])
        self.signs = model.senses[self.columns]
        self.model = model
        self.evaluator = evaluator
        self.log: list[tuple[np.ndarray, Evaluation, np.ndarray | None]] = []
        family = model.family
        super().__init__(
            n_var=family.n_levers,
            n_obj=len(self.columns),
            n_ieq_constr=len(model.constraint_names),
            xl=family.lower,
            xu=family.upper,
        )

    def _evaluate(self, X: np.ndarray, out: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        if self.evaluator is None:
            raise RuntimeError("attach a BatchEvaluator (problem.evaluator = ...) first.")
        scores = self.evaluator(X)
        self.log.append((np.array(X, copy=True), scores, None))
        out["F"] = scores.objectives[:, self.columns] * self.signs
        out["G"] = scores.constraints

    def drain(self) -> list[tuple[np.ndarray, Evaluation, np.ndarray | None]]:
        """Return and clear the batches evaluated since the last call.

        Each is (levers, scores, candidates): ``candidates`` (bool, (k,)) marks the
        rows that may enter the archive (None: all; a gradient search's solver steps
        are evaluations but not candidates).
        """
        batches, self.log = self.log, []
        return batches

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["evaluator"] = None  # workers and files are not part of a checkpoint
        state["log"] = []
        return state
