"""Per-point data of the explorer: every Pareto point solved again, city by city.

:func:`point_data` rebuilds a run's model, solves its Pareto points again in batches
(checking that each reproduces the objectives the run recorded), and keeps

- for every point, a few summaries of its allocation (sellers, buyers, land traded,
  money paid, cities losing welfare, the largest welfare loss);
- for the detail points (all, or a well-spread subset from :func:`spread_subset`), the
  per-city values the page maps and ranks (:data:`CITY_VARIABLES`).

:func:`encode` packs a per-city table into int16 codes at a round resolution,
gzipped and base64-encoded: the page decodes it with the browser's
``DecompressionStream``.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2
from paretoland.decision.allocation import run_data
from paretoland.exceptions import ConvergenceError
from paretoland.frontier.assembly import build_model
from paretoland.frontier.results import FrontierResult
from paretoland.model.calibration import calibrate
from paretoland.model.counterfactual import CounterfactualBatch
from paretoland.model.outcomes import OUTCOME_NAMES

__all__ = [
    "CITY_VARIABLES",
    "SUMMARIES",
    "PointData",
    "decode",
    "encode",
    "per_city",
    "point_data",
    "resolution",
    "spread_subset",
]

CITY_VARIABLES: tuple[str, ...] = (
    "gdp_change_pct",
    "welfare_change_pct",
    "land_sold_km2",
    "land_bought_km2",
    "transfers_100m_yuan",
)
"""Per-city values of a detail point: GDP change (%, by city), welfare change (%, by
city of origin), land sold and bought (km², both uses), net transfers (亿元, > 0 received).
"""
SUMMARIES: tuple[str, ...] = (
    "n_sellers",
    "n_buyers",
    "land_traded_km2",
    "paid_100m_yuan",
    "n_losing_welfare",
    "largest_welfare_loss_pct",
)
"""Per-point summaries of an allocation (the last is the lowest city welfare change, %)."""
_CHUNK = 512
_MATCH_ATOL = 1e-6
_INT16_MAX = 32767


@dataclass(frozen=True, eq=False)
class PointData:
    """What the explorer shows of each Pareto point.

    Attributes
    ----------
    summaries : DataFrame
        One row per Pareto point (in ``pareto_set`` order), the columns of
        :data:`SUMMARIES`.
    detail_rows : ndarray(int, shape=(d,))
        Rows of the Pareto set with per-city detail, ascending.
    cities : dict of str to ndarray(float, shape=(d, n_cities))
        The :data:`CITY_VARIABLES` of the detail rows, in the calibration's city order.
    city_table : DataFrame
        The cities: ``city_code``, ``name_zh``, ``name_pinyin``, ``province_zh``,
        ``province_pinyin`` and ``land_km2`` (baseline construction land, both uses).
    """

    summaries: pd.DataFrame
    detail_rows: np.ndarray
    cities: dict[str, np.ndarray]
    city_table: pd.DataFrame


def point_data(
    result: FrontierResult,
    detail_rows: Sequence[int] | np.ndarray,
    *,
    data: str | Path | None = None,
) -> PointData:
    """Solve every Pareto point of ``result`` again and collect its explorer data.

    Parameters
    ----------
    result : FrontierResult
        A finished run.
    detail_rows : sequence of int
        Rows of ``result.pareto_set`` whose per-city values are kept.
    data : str or Path, optional
        The run's dataset, where it is now (default: the path the run recorded); checked
        against the run's data fingerprint.

    Raises
    ------
    DataError
        If ``data`` is not the dataset the run used.
    ConvergenceError
        If a point no longer solves, or solves to other objectives than recorded (the
        dataset or the code changed since the run).
    """
    config = result.config
    calibration = calibrate(run_data(result, data), config.params)
    model = build_model(config, calibration)
    X = result.pareto_set[list(model.family.names)].to_numpy(float)
    rows_kept = np.unique(np.asarray(detail_rows, dtype=np.int64))
    where = np.full(len(X), -1)
    where[rows_kept] = np.arange(len(rows_kept))
    n = len(calibration.labour)
    cities = {name: np.empty((len(rows_kept), n)) for name in CITY_VARIABLES}
    summaries = []
    for start in range(0, len(X), _CHUNK):
        rows = np.arange(start, min(start + _CHUNK, len(X)))
        batch = model.counterfactuals(X[rows])
        _check_solved(batch, result, rows)
        values = per_city(batch)
        summaries.append(_summaries(values, batch.trade.payments / 1e8))
        keep = where[rows] >= 0
        for name in CITY_VARIABLES:
            cities[name][where[rows][keep]] = values[name][keep]
    frame = calibration.data.cities[
        ["city_code", "name_zh", "name_pinyin", "province_zh", "province_pinyin"]
    ].reset_index(drop=True)
    frame["land_km2"] = (calibration.land_productive + calibration.land_residential) / M2_PER_KM2
    return PointData(
        summaries=pd.concat(summaries, ignore_index=True)
        if summaries
        else pd.DataFrame(columns=list(SUMMARIES)),
        detail_rows=rows_kept,
        cities=cities,
        city_table=frame,
    )


def per_city(batch: CounterfactualBatch) -> dict[str, np.ndarray]:
    """Return the :data:`CITY_VARIABLES` of a solved batch, each of shape (k, n_cities)."""
    trade, equilibria = batch.trade, batch.equilibria
    return {
        "gdp_change_pct": 100.0 * (equilibria.output_hat - 1.0),
        "welfare_change_pct": 100.0 * (equilibria.welfare_hat - 1.0),
        "land_sold_km2": (trade.sold_productive + trade.sold_residential) / M2_PER_KM2,
        "land_bought_km2": (trade.bought_productive + trade.bought_residential) / M2_PER_KM2,
        "transfers_100m_yuan": trade.transfers / 1e8,
    }


def _summaries(values: dict[str, np.ndarray], payments: np.ndarray) -> pd.DataFrame:
    """Return the per-point summaries of a batch.

    ``values`` are its :func:`per_city` arrays, ``payments`` (k, n_cities) in 亿元.
    """
    sold, bought = values["land_sold_km2"], values["land_bought_km2"]
    welfare = values["welfare_change_pct"]
    paid = payments
    return pd.DataFrame(
        {
            "n_sellers": (sold > 0).sum(axis=1),
            "n_buyers": (bought > 0).sum(axis=1),
            "land_traded_km2": sold.sum(axis=1),
            "paid_100m_yuan": paid.sum(axis=1),
            "n_losing_welfare": (welfare < -1e-9).sum(axis=1),
            "largest_welfare_loss_pct": np.minimum(welfare.min(axis=1), 0.0),
        }
    )


def _check_solved(batch: CounterfactualBatch, result: FrontierResult, rows: np.ndarray) -> None:
    """Raise ConvergenceError unless every row converged to its recorded outcomes."""
    failed = np.flatnonzero(~batch.converged)
    if failed.size:
        i = int(failed[0])
        raise ConvergenceError(
            f"Pareto point {int(rows[i])} did not solve again ({batch.equilibria.message(i)}); "
            "was the dataset or the code changed since the run? Run the frontier again."
        )
    pareto = result.pareto_set.iloc[rows]
    for name in (n for n in OUTCOME_NAMES if n in result.objective_names):
        stored = pareto[name].to_numpy(float)
        off = np.flatnonzero(~np.isclose(batch.outcomes[name], stored, rtol=1e-6, atol=_MATCH_ATOL))
        if off.size:
            i = int(off[0])
            raise ConvergenceError(
                f"Pareto point {int(rows[i])} solves to {name} = {batch.outcomes[name][i]:.6g} "
                f"but the run recorded {stored[i]:.6g}; was the dataset or the code changed "
                "since the run? Run the frontier again."
            )


def spread_subset(objectives: np.ndarray, limit: int, keep: Sequence[int] = ()) -> np.ndarray:
    """Rows of a well-spread subset of at most ``limit`` points (all if there are fewer).

    The rows ``keep`` come first; the rest follow by farthest-point sampling in the
    objectives scaled to [0, 1] each (deterministic).

    Parameters
    ----------
    objectives : ndarray(float, shape=(k, m))
    limit : int
        At least ``len(set(keep))``.
    keep : sequence of int
        Rows that must be in the subset (the marked points).

    Returns
    -------
    ndarray(int, shape=(min(k, limit),))
        Ascending rows.
    """
    k = len(objectives)
    if k <= limit:
        return np.arange(k)
    low, high = objectives.min(axis=0), objectives.max(axis=0)
    scaled = (objectives - low) / np.where(high > low, high - low, 1.0)
    chosen = list(dict.fromkeys(int(r) for r in keep)) or [0]
    distance = np.full(k, np.inf)
    for row in chosen:
        distance = np.minimum(distance, ((scaled - scaled[row]) ** 2).sum(axis=1))
    while len(chosen) < limit:
        row = int(np.argmax(distance))
        chosen.append(row)
        distance = np.minimum(distance, ((scaled - scaled[row]) ** 2).sum(axis=1))
    return np.sort(np.asarray(chosen[:limit]))


def resolution(values: np.ndarray) -> float:
    """Return the finest round step (1, 2 or 5 × 10^e) at which ``values`` fit in int16."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    if not np.isfinite(largest):
        raise ValueError("per-city values must be finite.")
    if largest == 0.0:
        return 1.0
    need = largest / _INT16_MAX
    exponent = int(np.floor(np.log10(need)))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * 10.0**exponent >= need:
            return step * 10.0**exponent
    raise AssertionError("unreachable")  # pragma: no cover


def encode(values: np.ndarray) -> dict[str, object]:
    """Pack a (d, n_cities) table for the page.

    Returns
    -------
    dict
        ``resolution`` (the step of the codes, in the values' unit) and ``data``:
        base64 of the gzipped little-endian int16 codes ``round(values / resolution)``,
        city-major (code of point ``p`` and city ``c`` at ``c * d + p``).
    """
    step = resolution(values)
    codes = np.round(values / step).astype("<i2")
    raw = np.ascontiguousarray(codes.T).tobytes()
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    return {"resolution": step, "data": base64.b64encode(packed).decode("ascii")}


def decode(packed: dict[str, object], shape: tuple[int, int]) -> np.ndarray:
    """Invert :func:`encode` (for tests): the (d, n_cities) values at their resolution."""
    raw = gzip.decompress(base64.b64decode(str(packed["data"])))
    codes = np.frombuffer(raw, dtype="<i2").reshape(shape[1], shape[0]).T
    return codes.astype(float) * float(packed["resolution"])  # type: ignore[arg-type]
