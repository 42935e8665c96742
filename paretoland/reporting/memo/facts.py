"""The numbers a memo states, computed once from the run and the chosen allocation.

:func:`memo_facts` gathers them into :class:`MemoFacts`, which holds no text: the
summary, tables and captions of :mod:`paretoland.reporting.memo.summary` and
:mod:`paretoland.reporting.memo.tables` render it in either
language, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.decision.allocation import ChosenAllocation, Selection, local_tradeoffs
from paretoland.decision.prices import LocalTradeoffs
from paretoland.exceptions import ParetolandError
from paretoland.frontier.results import FrontierResult

__all__ = ["LARGE_CHANGE_PCT", "ChangeCounts", "MemoFacts", "channel_table", "memo_facts"]

LARGE_CHANGE_PCT = 5.0
"""A city's change larger than this (in %) counts as large."""
_BIG_CITIES = 10
_NAMED = 3


@dataclass(frozen=True)
class ChangeCounts:
    """How many cities gain and lose on one outcome.

    Attributes
    ----------
    n_cities, n_up, n_down : int
        Cities in all, with a positive change, with a negative change.
    n_down_large, n_up_large : int
        Cities losing, gaining more than :data:`LARGE_CHANGE_PCT` %.
    pop_share_down, pop_share_up : float
        Share (%) of the hukou population in the cities that lose, gain.
    """

    n_cities: int
    n_up: int
    n_down: int
    n_up_large: int
    n_down_large: int
    pop_share_up: float
    pop_share_down: float


def _counts(change: pd.Series, population: pd.Series) -> ChangeCounts:
    total = float(population.sum())
    up, down = change > 0, change < 0
    return ChangeCounts(
        n_cities=len(change),
        n_up=int(up.sum()),
        n_down=int(down.sum()),
        n_up_large=int((change > LARGE_CHANGE_PCT).sum()),
        n_down_large=int((change < -LARGE_CHANGE_PCT).sum()),
        pop_share_up=100.0 * float(population[up].sum()) / total if total else float("nan"),
        pop_share_down=100.0 * float(population[down].sum()) / total if total else float("nan"),
    )


@dataclass(frozen=True, eq=False)
class MemoFacts:
    """Everything the memo's summary states, without words.

    Attributes
    ----------
    result : FrontierResult
    chosen : ChosenAllocation
    selection : Selection
    cities : DataFrame
        The chosen allocation's city table indexed by ``city_code``, with
        ``land_change_pct`` (% of the city's construction land) and
        ``net_receipts_100m_yuan`` added.
    welfare, gdp : ChangeCounts
        Welfare by city of origin, GDP by city.
    welfare_losers, welfare_gainers : Series
        The largest welfare losses and gains (%), by city code, largest first.
    big_cities : Index
        The codes of the ten largest 2017 economies, largest first.
    optima : DataFrame
        Per objective: the best value on the frontier (``best``) and its point.
    tradeoffs : LocalTradeoffs or None
        Trade-off prices near the chosen point
        (:func:`~paretoland.decision.allocation.local_tradeoffs`).
    tradeoffs_error : str
        Why there are none.
    channels : DataFrame or None
        The channel decomposition (:func:`channel_table`).
    channels_error : str
        Why there is none.
    """

    result: FrontierResult
    chosen: ChosenAllocation
    selection: Selection
    cities: pd.DataFrame
    welfare: ChangeCounts
    gdp: ChangeCounts
    welfare_losers: pd.Series
    welfare_gainers: pd.Series
    big_cities: pd.Index
    optima: pd.DataFrame
    tradeoffs: LocalTradeoffs | None
    tradeoffs_error: str
    channels: pd.DataFrame | None
    channels_error: str

    @property
    def objectives(self) -> pd.Series:
        """The chosen point's objectives (% change, own sense), by name."""
        return self.chosen.objectives.astype(float)

    @property
    def improves_all(self) -> bool:
        """Whether the chosen point beats the status quo on every objective."""
        senses = self.result.config.objective_senses
        return all(
            (value > 0) if senses[name] == "max" else (value < 0)
            for name, value in self.objectives.items()
        )

    def trade_totals(self) -> dict[str, float]:
        """Land moved (km²), sellers, buyers and payments (100 million yuan)."""
        summary = self.chosen.counterfactual.summary()
        return {
            "land_km2": float(summary["land_moved_km2"]),
            "n_sellers": int(summary["n_sellers"]),
            "n_buyers": int(summary["n_buyers"]),
            "payments_100m_yuan": float(summary["payments_100m_yuan"]),
        }


def _optima(result: FrontierResult) -> pd.DataFrame:
    objectives = result.objectives
    senses = result.config.objective_senses
    rows = {}
    for name in result.objective_names:
        column = objectives[name].to_numpy(float)
        point = int(np.argmax(column) if senses[name] == "max" else np.argmin(column))
        rows[name] = {"best": float(column[point]), "point": point}
    return pd.DataFrame.from_dict(rows, orient="index")


def channel_table(chosen: ChosenAllocation) -> tuple[pd.DataFrame | None, str]:
    """Return the channel decomposition of the chosen counterfactual, or why there is none.

    :meth:`Counterfactual.decompose`: direct land, migration, infrastructure (TFP) and
    transfers, in percentage points by outcome (Shapley split). Returns
    ``(None, reason)`` when a solve with some channels shut fails.
    """
    try:
        return chosen.counterfactual.decompose(), ""
    except ParetolandError as error:
        return None, str(error)


def _tradeoffs(result: FrontierResult, point: int) -> tuple[LocalTradeoffs | None, str]:
    try:
        return local_tradeoffs(result, point), ""
    except ParetolandError as error:
        return None, str(error)


def memo_facts(result: FrontierResult, chosen: ChosenAllocation, selection: Selection) -> MemoFacts:
    """Compute the numbers of the memo for ``chosen`` (see :class:`MemoFacts`)."""
    from paretoland.reporting.figures import land_change_pct

    cities = chosen.cities.copy()
    cities["city_code"] = cities["city_code"].astype(str).str.zfill(6)
    cities = cities.set_index("city_code")
    cities["land_change_pct"] = land_change_pct(cities)
    cities["net_receipts_100m_yuan"] = (cities["receipts_yuan"] - cities["payments_yuan"]) / 1e8
    population = cities["hukou_labour_persons"]
    welfare = cities["welfare_change_pct"]
    tradeoffs, tradeoffs_error = _tradeoffs(result, chosen.point)
    channels, channels_error = channel_table(chosen)
    return MemoFacts(
        result=result,
        chosen=chosen,
        selection=selection,
        cities=cities,
        welfare=_counts(welfare, population),
        gdp=_counts(cities["gdp_change_pct"], population),
        welfare_losers=welfare[welfare < 0].sort_values(kind="stable").head(_NAMED),
        welfare_gainers=welfare[welfare > 0]
        .sort_values(ascending=False, kind="stable")
        .head(_NAMED),
        big_cities=cities["gdp_before_yuan"].sort_values(ascending=False).index[:_BIG_CITIES],
        optima=_optima(result),
        tradeoffs=tradeoffs,
        tradeoffs_error=tradeoffs_error,
        channels=channels,
        channels_error=channels_error,
    )
