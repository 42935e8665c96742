"""Trade-off prices along a two-objective slice of a front.

How many percentage points of one objective (say GDP) must be given up to close one
percentage point of another (say the output gap)? Along the points of the front that
are non-dominated in that pair alone, sorted from the best ``x`` to the best ``y``,
the price between consecutive points is the marginal rate of substitution::

    price = (x given up) / (y gained)
          = |x_to − x_from| / |y_to − y_from|

both measured as improvements in each objective's own sense, so the price is positive.

:func:`exact_tradeoff_prices` gives the exact local price at every point instead, from
the objectives' gradients (a run's Pareto set carries them as trade-off weights).
:func:`tangent_prices` gives the prices *at one point* of a front of any number of
objectives: the plane through the point that fits its nearest neighbours on the front
is the local trade-off surface, and its normal prices each objective in units of every
other, the rest held fixed (:class:`LocalTradeoffs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.decision.front import Front, Objectives, build_front, non_dominated
from paretoland.exceptions import ConfigError

__all__ = [
    "LocalTradeoffs",
    "exact_local_prices",
    "exact_tradeoff_prices",
    "tangent_prices",
    "tradeoff_prices",
]


def _column(front: Front, key: str | int, what: str) -> int:
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        if not 0 <= key < front.n_objectives:
            raise ConfigError(f"{what}={key} is out of range for {front.n_objectives} objectives.")
        return int(key)
    if front.names is None:
        raise ConfigError(
            f"{what}={key!r} names an objective, but the objectives have no "
            f"names: pass a DataFrame or names=, or give a column index."
        )
    if key not in front.names:
        raise ConfigError(f"{what}={key!r} is not an objective; choose one of {list(front.names)}.")
    return front.names.index(key)


def tradeoff_prices(
    objectives: Objectives,
    senses: Sequence[str] | None,
    x: str | int = "gdp",
    y: str | int = "output_gap",
    *,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Marginal rates of ``x`` given up per unit of ``y`` gained along the (x, y) front.

    Parameters
    ----------
    objectives, senses, names
        As in :func:`~paretoland.decision.front.build_front`.
    x, y : str or int
        The objective given up and the objective gained: names (DataFrame columns or
        ``names=``) or column indices. Default GDP given up for output gap closed.

    Returns
    -------
    DataFrame
        One row per consecutive pair of the points non-dominated in (x, y) (exact
        duplicates kept once), from the best ``x`` towards the best ``y``; columns
        ``from_point`` and ``to_point`` (row indices into ``objectives``),
        ``{x}_from``, ``{x}_to``, ``{y}_from``, ``{y}_to`` (values in their own sense,
        % changes) and ``price`` (units of x per unit of y, > 0). Empty when the pair
        does not conflict (one point is best in both).
    """
    front = build_front(objectives, senses, names)
    jx, jy = _column(front, x, "x"), _column(front, y, "y")
    if jx == jy:
        raise ConfigError(
            f"x and y are the same objective ({front.label(jx)!r}); choose "
            f"two different objectives."
        )
    pair = front.minimised[:, [jx, jy]]
    rows = np.flatnonzero(non_dominated(pair))
    rows = rows[np.argsort(pair[rows, 0], kind="stable")]  # best x first; y improves down
    fx, fy = pair[rows, 0], pair[rows, 1]
    x_name, y_name = front.label(jx), front.label(jy)
    values = front.values
    return pd.DataFrame(
        {
            "from_point": rows[:-1],
            "to_point": rows[1:],
            f"{x_name}_from": values[rows[:-1], jx],
            f"{x_name}_to": values[rows[1:], jx],
            f"{y_name}_from": values[rows[:-1], jy],
            f"{y_name}_to": values[rows[1:], jy],
            "price": np.diff(fx) / -np.diff(fy),
        }
    )


def exact_tradeoff_prices(
    pareto_set: pd.DataFrame,
    senses: Sequence[str],
    x: str = "gdp",
    y: str = "output_gap",
    *,
    names: Sequence[str],
) -> pd.DataFrame:
    """Exact local prices of ``x`` given up per unit of ``y`` gained, at each point.

    From the objectives' gradients at every frontier point (a run's Pareto set holds
    them as the trade-off weights ``weight_<objective>`` of
    :mod:`paretoland.frontier.stationarity`): with Σ_j μ_j df_j = 0 along the frontier,
    one unit of ``y`` gained costs μ_y / μ_x units of ``x``, the other objectives held
    fixed. Exact where the point is Pareto-stationary (``stationarity`` 0); the further
    from 0, the rougher.

    Parameters
    ----------
    pareto_set : DataFrame
        A run's Pareto set: the objectives, ``stationarity`` and the weights.
    senses, names
        The objectives' senses and names (columns of ``pareto_set``).
    x, y : str
        The objective given up and the objective gained.

    Returns
    -------
    DataFrame
        The points non-dominated in (x, y), from the best ``x`` towards the best ``y``:
        ``point`` (row of ``pareto_set``), ``x``, ``y`` (own sense), ``stationarity``
        and ``price`` (units of x per unit of y; inf where x has no weight).
    """
    missing = [c for c in (f"weight_{x}", f"weight_{y}", "stationarity") if c not in pareto_set]
    if missing:
        raise ConfigError(
            f"the Pareto set has no column(s) {missing}: it was made without gradients "
            "(an older run, or a user objective without one); use tradeoff_prices."
        )
    front = build_front(pareto_set[list(names)], senses, names)
    jx, jy = _column(front, x, "x"), _column(front, y, "y")
    pair = front.minimised[:, [jx, jy]]
    rows = np.flatnonzero(non_dominated(pair))
    rows = rows[np.argsort(pair[rows, 0], kind="stable")]
    weight_x = pareto_set[f"weight_{x}"].to_numpy()[rows]
    weight_y = pareto_set[f"weight_{y}"].to_numpy()[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.where(weight_x > 0, weight_y / weight_x, np.inf)
    return pd.DataFrame(
        {
            "point": rows,
            x: front.values[rows, jx],
            y: front.values[rows, jy],
            "stationarity": pareto_set["stationarity"].to_numpy()[rows],
            "price": price,
        }
    )


@dataclass(frozen=True, eq=False)
class LocalTradeoffs:
    """The trade-off prices at one point of a front, from its local tangent plane.

    Along a smooth front, small moves satisfy ``Σ_j μ_j df_j = 0`` (each ``df_j`` an
    improvement in objective j's own sense), so one unit of objective j gained costs
    ``μ_j / μ_i`` units of objective i, the other objectives held fixed.

    Attributes
    ----------
    point : int
        Row of the point in the objectives.
    weights : Series
        ``μ`` by objective, scaled so that ``Σ |μ_j| = 1``. A negative weight means
        that, near the point, the objective improves together with the others (no
        trade-off against it).
    prices : DataFrame
        ``prices.loc[j, i]``: units (percentage points) of objective ``i`` given up per
        unit of objective ``j`` gained, the others held fixed; NaN on the diagonal and
        where the two objectives do not trade off.
    method : str
        ``"neighbours"`` (the plane through the point fitted to its nearest neighbours
        on the front) or ``"exact"`` (from the objectives' derivatives).
    neighbours : ndarray(int)
        Rows used for the fit (empty for ``"exact"``).
    flatness : float
        For ``"neighbours"``: smallest over second-smallest singular value of the
        neighbours' offsets (normalised objectives), in [0, 1]. Near 0 the neighbours
        lie on a plane and the prices are well determined; near 1 they do not.
        NaN for ``"exact"``.
    low, high : DataFrame
        The range of each price over the fits with half and twice the neighbours
        (``"neighbours"``; equal to ``prices`` for ``"exact"``); NaN where one of the
        fits finds no trade-off.
    stationarity : float
        For ``"exact"``: the point's Pareto-stationarity certificate
        (:mod:`paretoland.frontier.stationarity`; 0: the prices are exact, the larger
        the rougher); NaN for ``"neighbours"``.
    """

    point: int
    weights: pd.Series
    prices: pd.DataFrame
    method: str
    neighbours: np.ndarray
    flatness: float
    low: pd.DataFrame
    high: pd.DataFrame
    stationarity: float = float("nan")

    def price(self, gained: str, given_up: str) -> float:
        """Units of ``given_up`` per unit of ``gained`` (NaN when they do not trade off)."""
        return float(self.prices.loc[gained, given_up])


def exact_local_prices(
    pareto_set: pd.DataFrame, point: int, *, names: Sequence[str]
) -> LocalTradeoffs:
    """Exact trade-off prices at one point, from the run's gradient weights.

    A run's Pareto set holds, per point, the trade-off weights ``weight_<objective>``
    (μ, improvement sense, from the objectives' gradients) and the stationarity
    certificate (:mod:`paretoland.frontier.stationarity`). With Σ_j μ_j df_j = 0 along
    the frontier, one unit of objective j gained costs μ_j / μ_i units of objective i,
    the others held fixed.

    Parameters
    ----------
    pareto_set : DataFrame
        A run's Pareto set with ``stationarity`` and ``weight_<name>`` per objective.
    point : int
        The row whose prices are wanted.
    names : sequence of str
        The objectives.

    Raises
    ------
    ConfigError
        If the columns are missing (a run made without gradients), ``point`` is not a
        row, or the point has no finite weights.
    """
    columns = [f"weight_{name}" for name in names]
    missing = [c for c in [*columns, "stationarity"] if c not in pareto_set]
    if missing:
        raise ConfigError(
            f"the Pareto set has no column(s) {missing}: it was made without gradients "
            "(an older run, or a user objective without one); use tangent_prices."
        )
    if not 0 <= point < len(pareto_set):
        raise ConfigError(
            f"point {point} is not a row of the Pareto set (0 to {len(pareto_set) - 1})."
        )
    mu = pareto_set[columns].iloc[point].to_numpy(float)
    certificate = float(pareto_set["stationarity"].iloc[point])
    if not (np.isfinite(mu).all() and np.isfinite(certificate) and np.abs(mu).sum() > 0):
        raise ConfigError(f"point {point} has no trade-off weights (its gradients failed).")
    weights = mu / np.abs(mu).sum()
    prices = pd.DataFrame(_prices(weights), index=list(names), columns=list(names))
    return LocalTradeoffs(
        point=point,
        weights=pd.Series(weights, index=list(names), name="weight"),
        prices=prices,
        method="exact",
        neighbours=np.array([], dtype=int),
        flatness=float("nan"),
        low=prices,
        high=prices,
        stationarity=certificate,
    )


def tangent_prices(
    objectives: Objectives,
    senses: Sequence[str] | None,
    point: int,
    *,
    names: Sequence[str] | None = None,
    n_neighbours: int | None = None,
) -> LocalTradeoffs:
    """Trade-off prices at ``point`` from the plane its nearest neighbours span.

    The front is normalised by its ideal and nadir; the ``n_neighbours`` points nearest
    to ``point`` are offset from it, and the plane through ``point`` that fits the
    offsets best (total least squares: the right singular vector of the smallest
    singular value is its normal) gives the weights ``μ``, turned back into the
    objectives' own units. On a front whose points lie on a smooth surface the prices
    tend to the exact ones as the neighbours close in; on an evolutionary algorithm's
    approximate front they are estimates, so the fits with half and twice the
    neighbours give each price a range (``low``, ``high``).

    Parameters
    ----------
    objectives, senses, names
        As in :func:`~paretoland.decision.front.build_front` (k points, m objectives).
    point : int
        The row whose prices are wanted.
    n_neighbours : int, optional
        Neighbours used; default ``min(k − 1, 16 m)``. At least ``m``.

    Returns
    -------
    LocalTradeoffs

    Raises
    ------
    ConfigError
        If ``point`` is not a row, the front has fewer than ``m + 1`` points, or
        ``n_neighbours`` is out of range.
    """
    front = build_front(objectives, senses, names)
    k, m = front.n_points, front.n_objectives
    if not 0 <= point < k:
        raise ConfigError(f"point {point} is not a row of the front (0 to {k - 1}).")
    if k < m + 1:
        raise ConfigError(
            f"local trade-off prices need at least {m + 1} points on the front "
            f"(one more than the {m} objectives); this front has {k}."
        )
    count = min(k - 1, 16 * m) if n_neighbours is None else int(n_neighbours)
    if not m <= count <= k - 1:
        raise ConfigError(f"n_neighbours must be between {m} and {k - 1}; got {count}.")
    scale = front.nadir - front.ideal
    scale[scale <= 0] = 1.0
    z = front.minimised / scale
    distance = np.sqrt(((z - z[point]) ** 2).sum(axis=1))
    distance[point] = np.inf
    order = np.argsort(distance, kind="stable")
    fits = [
        _tangent_weights(z, point, order[:size], scale)
        for size in (count, max(m, count // 2), min(k - 1, 2 * count))
    ]
    prices = [_prices(weights) for weights, _ in fits]
    stacked = np.stack(prices)
    labels = [front.label(j) for j in range(m)]

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=labels, columns=labels)

    return LocalTradeoffs(
        point=point,
        weights=pd.Series(fits[0][0], index=labels, name="weight"),
        prices=frame(prices[0]),
        method="neighbours",
        neighbours=order[:count],
        flatness=fits[0][1],
        low=frame(stacked.min(axis=0)),  # NaN anywhere stays NaN
        high=frame(stacked.max(axis=0)),
    )


def _tangent_weights(
    z: np.ndarray, point: int, rows: np.ndarray, scale: np.ndarray
) -> tuple[np.ndarray, float]:
    """Return the normal weights μ (Σ|μ| = 1, own units, minimisation form) and flatness."""
    m = z.shape[1]
    singular, basis = np.linalg.svd(z[rows] - z[point], full_matrices=True)[1:]
    normal = basis[-1] / scale  # Σ ν_j dz_j = 0  ⇔  Σ (ν_j / s_j) df_j = 0
    normal = normal if normal.sum() >= 0 else -normal
    flatness = float(singular[m - 1] / singular[m - 2]) if singular[m - 2] > 0 else 1.0
    return normal / np.abs(normal).sum(), flatness


def _prices(weights: np.ndarray) -> np.ndarray:
    """``μ_j / μ_i`` where both are positive, NaN elsewhere and on the diagonal."""
    with np.errstate(divide="ignore", invalid="ignore"):
        prices = weights[:, None] / weights[None, :]
    trade = (weights[:, None] > 0) & (weights[None, :] > 0)
    np.fill_diagonal(trade, False)
    return np.where(trade, prices, np.nan)
