"""One counterfactual: a quota trade, solved in equilibrium, measured (docs/model.md §3–5).

:func:`run_counterfactual` wires the pieces together: a
:class:`~paretoland.model.quotas.rule.QuotaRule` (or an already built
:class:`~paretoland.model.quotas.trade.QuotaTrade`, e.g. from recorded transactions) becomes
a :class:`~paretoland.model.equilibrium.Shock`, the equilibrium is solved, and the
outcomes of §4 are computed. A failed solve is reported through
``status`` and ``message``, never as numbers: :attr:`Counterfactual.outcomes` is then
``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2
from paretoland.exceptions import ConfigError, ConvergenceError
from paretoland.model.calibration import Calibration
from paretoland.model.decomposition import MECHANISMS, decompose
from paretoland.model.equilibrium import (
    Equilibrium,
    EquilibriumBatch,
    IterationConfig,
    solve_equilibria,
    solve_equilibrium,
)
from paretoland.model.gradients import LeverFamily, Output, compute_gradient
from paretoland.model.outcomes import (
    OUTCOME_NAMES,
    Outcomes,
    city_table,
    compute_outcomes,
    compute_outcomes_batch,
    province_table,
)
from paretoland.model.quotas import QuotaRule, QuotaTrade, apply_rule
from paretoland.model.shocks import trade_shock, trade_shocks  # also importable from here

__all__ = [
    "Counterfactual",
    "CounterfactualBatch",
    "run_counterfactual",
    "run_counterfactuals",
]


@dataclass(frozen=True, eq=False)
class Counterfactual:
    """A solved quota trade.

    Attributes
    ----------
    calibration : Calibration
        The baseline.
    trade : QuotaTrade
        Land sold and bought per city and use (m²), money received and paid (yuan).
    equilibrium : Equilibrium
        The solved hats; check ``status``.
    outcomes : Outcomes or None
        GDP, output gap, welfare and welfare gap in % changes; ``None`` unless the
        equilibrium converged.
    """

    calibration: Calibration
    trade: QuotaTrade
    equilibrium: Equilibrium
    outcomes: Outcomes | None

    @property
    def converged(self) -> bool:
        """Whether the equilibrium converged (and ``outcomes`` exist)."""
        return self.equilibrium.converged

    @property
    def status(self) -> str:
        """The solver status (``"converged"``, ``"infeasible"``, ...)."""
        return self.equilibrium.status

    def summary(self) -> dict[str, float | int | str]:
        """One flat record: the four outcomes (%, NaN on failure), the trade and the solve.

        Keys: the :data:`~paretoland.model.outcomes.aggregate.OUTCOME_NAMES`; ``land_moved_km2``;
        ``n_sellers``, ``n_buyers``; ``receipts_100m_yuan``, ``payments_100m_yuan`` and
        ``intermediary_balance_100m_yuan`` (payments − receipts, 亿元); ``status``,
        ``iterations``, ``max_residual``.
        """
        outcomes = (
            self.outcomes.as_dict()
            if self.outcomes is not None
            else dict.fromkeys(OUTCOME_NAMES, float("nan"))
        )
        trade = self.trade
        return {
            **outcomes,
            "land_moved_km2": float(trade.land_moved) / M2_PER_KM2,
            "n_sellers": int(trade.sellers.sum()),
            "n_buyers": int(trade.buyers.sum()),
            "receipts_100m_yuan": float(trade.receipts.sum()) / 1e8,
            "payments_100m_yuan": float(trade.payments.sum()) / 1e8,
            "intermediary_balance_100m_yuan": float(trade.intermediary_balance) / 1e8,
            "status": self.equilibrium.status,
            "iterations": int(self.equilibrium.iterations),
            "max_residual": float(self.equilibrium.max_residual),
        }

    def city_table(self) -> pd.DataFrame:
        """Return the per-city table of the counterfactual.

        Land, GDP, wages, population, welfare and transfers, with land sold and bought
        (km²) and money received and paid (yuan).

        Raises
        ------
        ConvergenceError
            If the equilibrium did not converge.
        """
        eq = self.equilibrium.raise_for_status()
        trade = self.trade
        frame = city_table(
            self.calibration,
            output_hat=eq.output_hat,
            labour_hat=eq.labour_hat,
            wage_hat=eq.wage_hat,
            welfare_hat=eq.welfare_hat,
            land_productive_hat=trade.land_productive_hat,
            land_residential_hat=trade.land_residential_hat,
            transfers=trade.transfers,
        )
        frame["role"] = np.select(
            [trade.sellers & trade.buyers, trade.sellers, trade.buyers],
            ["both", "seller", "buyer"],
            "",
        )
        for name in (
            "sold_productive",
            "sold_residential",
            "bought_productive",
            "bought_residential",
        ):
            frame[f"{name}_km2"] = getattr(trade, name) / M2_PER_KM2
        frame["receipts_yuan"] = trade.receipts
        frame["payments_yuan"] = trade.payments
        return frame

    def decompose(
        self, method: str = "shapley", order: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Split each outcome among direct land, migration, infrastructure and transfers.

        See :func:`paretoland.model.decomposition.decompose` (``method`` ``"shapley"``,
        ``"sequential"`` with ``order``, or ``"one_at_a_time"``).

        Returns
        -------
        DataFrame
            Index outcome (gdp, output_gap, welfare, welfare_gap); columns
            ``direct_land``, ``migration``, ``infrastructure``, ``transfers``,
            ``interaction``, ``total`` in percentage points; each row adds up to
            ``total``, the outcome of this counterfactual.
        """
        return decompose(self, method=method, order=MECHANISMS if order is None else order)

    def province_table(self) -> pd.DataFrame:
        """Return the :meth:`city_table` aggregated by province.

        See :func:`paretoland.model.outcomes.tables.province_table`.
        """
        return province_table(self.city_table())

    def gradient(
        self,
        outputs: Output | Sequence[Output],
        family: LeverFamily | None = None,
        x: np.ndarray | None = None,
        *,
        one_sided: bool = False,
        **options: Any,
    ) -> pd.DataFrame:
        """Return the exact gradient of outputs with respect to a rule family's levers.

        By the implicit function theorem at the solved equilibrium (docs/model.md §6; see
        :mod:`paretoland.model.gradients`), in adjoint mode: about one equilibrium solve
        per scalar output, whatever the number of levers.

        Parameters
        ----------
        outputs : str, callable, or a sequence of them
            ``"gdp"``, ``"output_gap"``, ``"welfare"``, ``"welfare_gap"``,
            ``"welfare_origin"`` (every origin), ``"farmer_income"``, ``"farmland_loss"``,
            ``"receipts"`` (every city), a hat name (every city), or a function
            ``f(cf)`` with a ``gradient(cf)`` attribute (its partial derivatives).
        family : RuleFamily, optional
            The levers (:class:`~paretoland.frontier.levers.PerCityFamily` or
            :class:`~paretoland.frontier.levers.ParametricFamily`); without it the
            gradient is with respect to the shock: per-city R̂^Y, R̂^H and F (yuan).
        x : ndarray, shape (n_levers,)
            The levers this counterfactual was solved for (checked against its trade).
        one_sided : bool
            Right and left partial derivatives (exact at the parametric rule's kinks).
        **options
            ``measure`` (default this counterfactual's), ``pricing``, ``config``.

        Returns
        -------
        DataFrame
            Index: lever names; columns: outputs. ``attrs["values"]`` holds the outputs'
            values, ``attrs["kinks"]`` where the point is not smooth.

        Raises
        ------
        ConvergenceError
            If the equilibrium did not converge.
        """
        return compute_gradient(self, outputs, family=family, x=x, one_sided=one_sided, **options)


def run_counterfactual(
    calibration: Calibration,
    rule: QuotaRule | QuotaTrade,
    *,
    iteration: IterationConfig | None = None,
    measure: str = "cv",
    warm_start: Equilibrium | np.ndarray | None = None,
) -> Counterfactual:
    """Apply a quota rule (or take a built trade), solve the equilibrium, measure it.

    Parameters
    ----------
    calibration : Calibration
        The baseline economy.
    rule : QuotaRule or QuotaTrade
        The rule, applied with :func:`paretoland.model.quotas.apply.apply_rule`, or a trade.
    iteration : IterationConfig, optional
        Solver options.
    measure : str
        Dispersion measure of both gaps (``"cv"``, ``"theil"``, ``"gini"``, ``"var_log"``).
    warm_start : Equilibrium or ndarray, optional
        A nearby solution to start from.

    Returns
    -------
    Counterfactual
        With ``outcomes=None`` if the equilibrium did not converge.

    Raises
    ------
    ConfigError
        If the rule moves no land.
    """
    trade = apply_rule(calibration, rule) if isinstance(rule, QuotaRule) else rule
    equilibrium = solve_equilibrium(
        calibration, trade_shock(trade, calibration.params), iteration, warm_start=warm_start
    )
    outcomes = None
    if equilibrium.converged:
        outcomes = compute_outcomes(
            calibration,
            output_hat=equilibrium.output_hat,
            labour_hat=equilibrium.labour_hat,
            welfare_hat=equilibrium.welfare_hat,
            measure=measure,
        )
    return Counterfactual(calibration, trade, equilibrium, outcomes)


@dataclass(frozen=True, eq=False)
class CounterfactualBatch:
    """k solved quota trades of one economy (:func:`run_counterfactuals`).

    Attributes
    ----------
    calibration : Calibration
        The baseline.
    trade : QuotaTrade
        The batch trade: arrays of shape (k, n).
    equilibria : EquilibriumBatch
        The solved hats, shape (k, n); check ``converged``.
    outcomes : dict of str to ndarray, shape (k,)
        The four outcomes (% changes) by name; NaN where the equilibrium failed.
    measure : str
        Their dispersion measure.
    """

    calibration: Calibration
    trade: QuotaTrade
    equilibria: EquilibriumBatch
    outcomes: dict[str, np.ndarray]
    measure: str

    def __len__(self) -> int:
        return len(self.equilibria)

    @property
    def converged(self) -> np.ndarray:
        """Boolean mask (k,) of converged candidates."""
        return self.equilibria.converged

    def __getitem__(self, i: int) -> Counterfactual:
        """Candidate ``i`` as a :class:`Counterfactual`."""
        equilibrium = self.equilibria[i]
        outcomes = None
        if equilibrium.converged:
            outcomes = Outcomes(
                **{name: float(self.outcomes[name][i]) for name in OUTCOME_NAMES},
                measure=self.measure,
            )
        return Counterfactual(self.calibration, self.trade.row(i), equilibrium, outcomes)

    def gradient(
        self,
        outputs: Output | Sequence[Output],
        family: LeverFamily | None = None,
        X: np.ndarray | None = None,
        **options: Any,
    ) -> pd.DataFrame:
        """Return :meth:`Counterfactual.gradient` of every candidate, stacked.

        Parameters
        ----------
        outputs, family, **options
            As for :meth:`Counterfactual.gradient`.
        X : ndarray, shape (k, n_levers)
            The levers of every candidate (with a family).

        Returns
        -------
        DataFrame
            Index (``point``, ``lever``); columns: outputs. Candidates whose equilibrium
            failed have NaN rows.
        """
        if family is not None and (X is None or np.shape(X)[0] != len(self)):
            raise ConfigError(f"give X with one row of levers per candidate ({len(self)}).")
        frames = []
        template = None
        for i in np.flatnonzero(self.converged):
            x = None if family is None else X[i]  # type: ignore[index]
            frames.append((int(i), self[int(i)].gradient(outputs, family, x, **options)))
            template = frames[-1][1]
        if template is None:
            raise ConvergenceError("no candidate converged: no gradient exists.")
        blank = pd.DataFrame(np.nan, index=template.index, columns=template.columns)
        done = dict(frames)
        return pd.concat(
            [done.get(i, blank) for i in range(len(self))],
            keys=range(len(self)),
            names=["point", "lever"],
        )


def run_counterfactuals(
    calibration: Calibration,
    trades: QuotaTrade,
    *,
    iteration: IterationConfig | None = None,
    measure: str = "cv",
    warm_start: EquilibriumBatch | np.ndarray | None = None,
    lanes: int | None = None,
) -> CounterfactualBatch:
    """:func:`run_counterfactual` for a batch trade, in one parallel solve.

    Parameters
    ----------
    calibration : Calibration
        The baseline economy.
    trades : QuotaTrade
        A batch trade (arrays of shape (k, n)), e.g. ``RuleFamily.trades(X)``.
    iteration, measure : as for :func:`run_counterfactual`.
    warm_start, lanes : as for :func:`~paretoland.model.equilibrium.solve_equilibria`.

    Returns
    -------
    CounterfactualBatch
        Row i matches ``run_counterfactual(calibration, trades.row(i))`` to rounding
        in the migration sums.
    """
    equilibria = solve_equilibria(
        calibration,
        trade_shocks(trades, calibration.params),
        iteration,
        warm_start=warm_start,
        lanes=lanes,
    )
    ok = equilibria.converged
    outcomes = {name: np.full(len(equilibria), np.nan) for name in OUTCOME_NAMES}
    if ok.any():
        solved = compute_outcomes_batch(
            calibration,
            output_hat=equilibria.output_hat[ok],
            labour_hat=equilibria.labour_hat[ok],
            welfare_hat=equilibria.welfare_hat[ok],
            measure=measure,
        )
        for name in OUTCOME_NAMES:
            outcomes[name][ok] = solved[name]
    return CounterfactualBatch(calibration, trades, equilibria, outcomes, measure)
