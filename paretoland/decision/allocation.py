"""Choosing one allocation from a frontier run and solving it again in full.

:func:`choose` applies a decision method (:mod:`paretoland.decision`) to a run's Pareto
set; :func:`chosen_allocation` rebuilds the run's model from its config, solves the
chosen point's counterfactual and returns everything a memo shows: the objectives,
the per-city allocation and outcomes, and the province totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.data.city_names import display_names
from paretoland.data.dataset import CityData, load_cities
from paretoland.decision.pick import Pick
from paretoland.decision.prices import LocalTradeoffs, exact_local_prices, tangent_prices
from paretoland.exceptions import ConfigError, ConvergenceError, DataError
from paretoland.frontier.assembly import build_model
from paretoland.frontier.results import FrontierResult
from paretoland.io.provenance import data_fingerprint
from paretoland.model.calibration import calibrate
from paretoland.model.counterfactual import Counterfactual
from paretoland.model.institutions import TicketPricing, farmer_income_by_city, farmland_balance

__all__ = [
    "ChosenAllocation",
    "Selection",
    "check_point",
    "choose",
    "chosen_allocation",
    "local_tradeoffs",
    "run_data",
    "tradeoff_table",
]


def choose(
    result: FrontierResult, method: str = "knee", *, improving_only: bool = False, **options: Any
) -> Pick:
    """Pick one point of ``result``'s Pareto set with a decision method.

    Parameters
    ----------
    result : FrontierResult
        A finished run.
    method : str
        A key of :data:`paretoland.decision.METHODS` (``"knee"``, ``"pseudo_weights"``,
        ``"asf"``, ``"compromise"``, ``"topsis"``).
    improving_only : bool
        Choose only among points that beat the status quo (no change) on every
        objective (:func:`paretoland.decision.pareto_improvements`).
    **options
        The method's options (weights by objective name, reference point ...).

    Returns
    -------
    paretoland.decision.Pick
        ``index`` is the row of ``result.pareto_set``; ``details["candidates"]`` the rows
        the method chose among, ``details["improving_only"]`` the filter.
    """
    from paretoland.decision import pareto_improvements, pick

    senses, names = result.senses, list(result.objective_names)
    objectives = result.objectives.to_numpy()
    rows = np.arange(len(objectives))
    if improving_only and len(rows):
        rows = rows[pareto_improvements(objectives, senses, names=names)]
    if len(rows) == 0:
        raise ConfigError(
            "no point to choose from: the Pareto set is empty"
            + (
                " of points that beat the status quo on every objective; drop --improving-only"
                if improving_only
                else "."
            )
        )
    chosen = pick(objectives[rows], senses, method, names=names, **options)
    chosen.details["candidates"] = rows
    chosen.details["improving_only"] = improving_only
    values = np.full(len(objectives), np.nan)  # NaN: not a candidate
    values[rows] = chosen.values
    index = int(rows[chosen.index])
    row = None if chosen.objectives is None else chosen.objectives.rename(index)
    return replace(chosen, index=index, values=values, objectives=row)


def tradeoff_table(result: FrontierResult, x: str = "gdp", y: str = "output_gap") -> pd.DataFrame:
    """Return trade-off prices along the (x, y) frontier: points of ``x`` per point of ``y``.

    Exact local prices at each point (:func:`paretoland.decision.exact_tradeoff_prices`)
    when the run's Pareto set carries the gradients' trade-off weights; else finite
    differences between neighbouring points (:func:`paretoland.decision.tradeoff_prices`).
    """
    from paretoland.decision import exact_tradeoff_prices, tradeoff_prices

    names = list(result.objective_names)
    if f"weight_{x}" in result.pareto_set and result.pareto_set["stationarity"].notna().all():
        return exact_tradeoff_prices(result.pareto_set, result.senses, x, y, names=names)
    return tradeoff_prices(result.objectives.to_numpy(), result.senses, x, y, names=names)


def local_tradeoffs(
    result: FrontierResult,
    point: int,
    *,
    method: str = "auto",
    n_neighbours: int | None = None,
) -> LocalTradeoffs:
    """Return the trade-off prices at Pareto point ``point`` of a run, every pair.

    The one function a memo calls for the trade-off near its point.

    Parameters
    ----------
    result : FrontierResult
        A finished run.
    point : int
        A row of its Pareto set.
    method : {"auto", "exact", "neighbours"}
        ``"exact"``: from the objectives' derivatives, which a run's Pareto set carries
        as trade-off weights (:func:`paretoland.decision.prices.exact_local_prices`);
        ``"neighbours"``: from the plane of the point's nearest neighbours on the
        frontier (:func:`paretoland.decision.prices.tangent_prices`); ``"auto"``
        (default): exact where the run has the point's weights, else neighbours.
    n_neighbours : int, optional
        For ``"neighbours"``: neighbours used (default ``16 m``).

    Raises
    ------
    ConfigError
        If ``point`` is not a row, the run has no weights for ``"exact"``, or the
        frontier has too few points for ``"neighbours"`` (one more than the objectives).
    """
    names = list(result.objective_names)
    if method not in ("auto", "exact", "neighbours"):
        raise ConfigError(f"method must be 'auto', 'exact' or 'neighbours'; got {method!r}.")
    if method != "neighbours":
        try:
            return exact_local_prices(result.pareto_set, point, names=names)
        except ConfigError:
            if method == "exact":
                raise
    return tangent_prices(
        result.objectives.to_numpy(), result.senses, point, names=names, n_neighbours=n_neighbours
    )


@dataclass(frozen=True, eq=False)
class Selection:
    """How a point was chosen from a run, as a memo states it.

    Attributes
    ----------
    method : str
        The decision method (:data:`paretoland.decision.METHODS`), or ``"given"`` for
        a point named by the user.
    n_points : int
        Points on the frontier.
    n_candidates : int
        Points the method chose among (all of them, or those that improve every
        national objective with ``improving_only``).
    improving_only : bool
        Whether only points better than the status quo on every objective qualified.
    weights : Series or None
        The weights used (summing to 1, by objective), if the method takes weights.
    score : float or None
        The chosen point's value under the method (see :class:`~paretoland.decision.Pick`).
    options : dict
        Other options of the method (``epsilon``, ``reference``, ``p``, ``rho``).
    stakeholders : DataFrame or None
        With weights from stakeholder judgements: the AHP, entropy and combined weights
        (rows objectives), and ``attrs["groups"]`` (names) and ``attrs["source"]``
        (the file).
    """

    method: str
    n_points: int
    n_candidates: int
    improving_only: bool = False
    weights: pd.Series | None = None
    score: float | None = None
    options: dict[str, Any] = field(default_factory=dict)
    stakeholders: pd.DataFrame | None = None

    @classmethod
    def from_pick(
        cls, result: FrontierResult, picked: Pick, *, stakeholders: pd.DataFrame | None = None
    ) -> Selection:
        """Describe the choice :func:`choose` made (``picked`` is its Pick)."""
        details = dict(picked.details)
        weights = details.pop("weights", None)
        candidates = details.pop("candidates", np.arange(len(result.pareto_set)))
        options = {
            key: value
            for key, value in details.items()
            if key in ("epsilon", "reference", "p", "rho") and value is not None
        }
        return cls(
            method=picked.method,
            n_points=len(result.pareto_set),
            n_candidates=len(candidates),
            improving_only=bool(details.get("improving_only", False)),
            weights=None
            if weights is None
            else pd.Series(np.asarray(weights, float), index=list(result.objective_names)),
            score=picked.score,
            options=options,
            stakeholders=stakeholders,
        )

    @classmethod
    def given(cls, result: FrontierResult) -> Selection:
        """Describe a point the user named (no decision method)."""
        n = len(result.pareto_set)
        return cls(method="given", n_points=n, n_candidates=n)


@dataclass(frozen=True, eq=False)
class ChosenAllocation:
    """One Pareto point, solved again in full.

    Attributes
    ----------
    point : int
        Row of the run's Pareto set.
    objectives : pandas.Series
        The point's objectives (own sense, % change).
    levers : pandas.Series
        The point's decision vector.
    allocation : DataFrame
        Per city, indexed by ``city_code`` (also a column): shares, buyer weights, land
        sold and bought (km²), money (yuan).
    counterfactual : Counterfactual
        The solved equilibrium.
    cities : DataFrame
        :meth:`Counterfactual.city_table`, indexed by ``city_code`` (also a column):
        land, GDP, wages, population, welfare, transfers; role, land and money flows.
    provinces : DataFrame
        The same by province.
    """

    point: int
    objectives: pd.Series
    levers: pd.Series
    allocation: pd.DataFrame
    counterfactual: Counterfactual
    cities: pd.DataFrame
    provinces: pd.DataFrame

    def summary_lines(self) -> list[str]:
        """Return the allocation in a few lines: objectives, who trades, who loses."""
        cities = self.cities
        sold = cities["sold_productive_km2"] + cities["sold_residential_km2"]
        bought = cities["bought_productive_km2"] + cities["bought_residential_km2"]
        losing = cities["welfare_change_pct"] < 0
        objectives = ", ".join(f"{name} {value:.4g}" for name, value in self.objectives.items())
        lines = [
            f"objectives: {objectives}",
            f"{len(cities)} cities: {int((sold > 0).sum())} sell "
            f"{sold.sum():,.1f} km² to {int((bought > 0).sum())} for "
            f"{cities['payments_yuan'].sum() / 1e8:,.1f} 亿元; {int(losing.sum())} lose "
            "welfare (by city of origin)",
        ]
        if losing.any():
            worst = cities["welfare_change_pct"].idxmin()
            name = display_names(cities, "en").loc[worst]
            lines[-1] += f", most {name} ({cities.loc[worst, 'welfare_change_pct']:.2f} %)"
        return lines

    def __repr__(self) -> str:
        lines = [f"ChosenAllocation: Pareto point {self.point}", *self.summary_lines()]
        lines.append(
            "tables: .cities and .allocation (by city_code), .provinces; .traders(), "
            ".province_flows(), .counterfactual"
        )
        return "\n  ".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        items = "".join(f"<li>{escape(line)}</li>" for line in self.summary_lines())
        table = self.objectives.to_frame("chosen").to_html(
            float_format=lambda v: f"{v:.4f}", border=0
        )
        return (
            f"<div><b>ChosenAllocation</b>: Pareto point {self.point}<ul>{items}</ul>{table}</div>"
        )

    def traders(self, top: int = 10, *, lang: str = "en") -> dict[str, pd.DataFrame]:
        """Return the top sellers and buyers, and the cities of origin that gain and lose most.

        Sellers are ranked by land sold, buyers by land bought, winners and losers by
        the welfare change of their hukou population.

        Parameters
        ----------
        top : int
            Rows per table.
        lang : {"en", "zh"}
            Language of the ``city`` column (:func:`paretoland.data.city_names.display_names`:
            standard exonyms such as Lhasa and Urumqi in English, 中文 names in Chinese).

        Returns
        -------
        dict of str to DataFrame
            ``"top_sellers"`` (land sold km², receipts 亿元), ``"top_buyers"`` (land bought
            km², payments 亿元), ``"winners"`` and ``"losers"``; each with the city's
            display name (``city``), names, province, GDP and welfare change (%).
        """
        cities = self.cities.copy()
        cities.insert(0, "city", display_names(cities, lang))
        cities["land_sold_km2"] = cities["sold_productive_km2"] + cities["sold_residential_km2"]
        cities["land_bought_km2"] = (
            cities["bought_productive_km2"] + cities["bought_residential_km2"]
        )
        cities["receipts_100m_yuan"] = cities["receipts_yuan"] / 1e8
        cities["payments_100m_yuan"] = cities["payments_yuan"] / 1e8
        names = ["city", "name_pinyin", "name_zh", "province_pinyin"]
        changes = ["gdp_change_pct", "welfare_change_pct"]
        sellers = cities[cities["land_sold_km2"] > 0].nlargest(top, "land_sold_km2")
        buyers = cities[cities["land_bought_km2"] > 0].nlargest(top, "land_bought_km2")
        return {
            "top_sellers": sellers[names + ["land_sold_km2", "receipts_100m_yuan"] + changes],
            "top_buyers": buyers[names + ["land_bought_km2", "payments_100m_yuan"] + changes],
            "winners": cities.nlargest(top, "welfare_change_pct")[names + changes],
            "losers": cities.nsmallest(top, "welfare_change_pct")[names + changes],
        }

    def farmland_and_farmers(self, pricing: TicketPricing | None = None) -> pd.DataFrame:
        """Return farmland and land-ticket income by province (docs/model.md §7).

        Farmland reclaimed, converted and net (km², 1:1 linking) and farmers' and
        collectives' land-ticket income (亿元).
        """
        pricing = TicketPricing() if pricing is None else pricing
        trade, data = self.counterfactual.trade, self.counterfactual.calibration.data
        balance = farmland_balance(trade, data).provinces.set_index("province_code")
        income = farmer_income_by_city(trade, pricing)
        income["province_code"] = data.province_codes
        by_province = (
            income.groupby("province_code")[["farmer_income_yuan", "collective_income_yuan"]].sum()
            / 1e8
        )
        frame = balance[
            ["province_pinyin", "reclaimed_km2", "converted_km2", "net_farmland_km2"]
        ].join(
            by_province.rename(
                columns={
                    "farmer_income_yuan": "farmer_income_100m_yuan",
                    "collective_income_yuan": "collective_income_100m_yuan",
                }
            )
        )
        return frame.reset_index()

    def province_flows(self) -> pd.DataFrame:
        """Return the land (km²) and money (亿元) moved, and the changes (%), by province.

        The changes are GDP, population and welfare.
        """
        provinces = self.provinces
        keep = [
            c
            for c in provinces.columns
            if c.endswith("_change_km2")
            or c
            in (
                "province_pinyin",
                "province_zh",
                "gdp_change_pct",
                "population_change_pct",
                "welfare_change_pct",
            )
        ]
        frame = provinces[keep].copy()
        frame["transfers_100m_yuan"] = provinces["transfers_yuan"] / 1e8
        return frame


def run_data(result: FrontierResult, data: str | Path | None) -> CityData:
    """Return the dataset of a run, checked against the run's data fingerprint.

    Parameters
    ----------
    result : FrontierResult
        A finished run.
    data : str or Path, optional
        Where the run's dataset is now; default the path the run recorded.

    Raises
    ------
    DataError
        If ``data`` is not the dataset the run used (its fingerprint differs).
    """
    if data is None:
        return result.config.load_data()
    loaded = load_cities(data, keep_tibet=result.config.data.keep_tibet)
    recorded = result.metadata.get("data", {}).get("sha256")
    if recorded and data_fingerprint(loaded) != recorded:
        raise DataError(
            f"{data} is not the dataset of the run in {result.path} (its fingerprint "
            f"differs from {recorded[:12]}…): give the folder the run used."
        )
    return loaded


def check_point(result: FrontierResult, point: int) -> None:
    """Refuse a ``point`` that is not a row of the run's Pareto set (:class:`ConfigError`)."""
    if not 0 <= point < len(result.pareto_set):
        raise ConfigError(
            f"point {point} is not in the Pareto set (0 to {len(result.pareto_set) - 1})."
        )


def chosen_allocation(
    result: FrontierResult, point: int, *, data: str | Path | None = None
) -> ChosenAllocation:
    """Rebuild the run's model and solve Pareto point ``point``.

    Parameters
    ----------
    result : FrontierResult
        A finished run.
    point : int
        A row of its Pareto set.
    data : str or Path, optional
        The run's dataset, where it is now (default: the path the run recorded). It
        must be the same data: its fingerprint is checked against the run's.

    Raises
    ------
    ConfigError
        If ``point`` is not a row of the Pareto set.
    DataError
        If ``data`` is not the dataset the run used.
    ConvergenceError
        If the point no longer solves (e.g. the data changed since the run).
    """
    check_point(result, point)
    pareto = result.pareto_set
    config = result.config
    calibration = calibrate(run_data(result, data), config.params)
    model = build_model(config, calibration)
    row = pareto.iloc[point]
    levers = row[list(model.family.names)].astype(float)
    cf = model.counterfactual(levers.to_numpy())
    if not cf.converged:
        raise ConvergenceError(
            f"Pareto point {point} did not solve again: {cf.equilibrium.message}"
        )
    stored = row[list(result.objective_names)].to_numpy(float)
    solved = model.score(cf)
    if not np.allclose(stored, solved, rtol=1e-6, atol=1e-8):
        raise ConvergenceError(
            f"Pareto point {point} solves to {solved} but the run recorded "
            f"{stored}; was the dataset or the code changed since the run?"
        )
    cities = cf.city_table()
    return ChosenAllocation(
        point=point,
        objectives=row[list(result.objective_names)],
        levers=levers,
        allocation=_by_city(model.family.allocation(levers.to_numpy())),
        counterfactual=cf,
        cities=cities,
        provinces=cf.province_table(),
    )


def _by_city(frame: pd.DataFrame) -> pd.DataFrame:
    """Index a per-city table by ``city_code``, keeping the column."""
    return frame.set_index(pd.Index(frame["city_code"].to_numpy(), name="city_code"))
