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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from paretoland.decision.front import Front, Objectives, build_front, non_dominated
from paretoland.exceptions import ConfigError

__all__ = ["exact_tradeoff_prices", "tradeoff_prices"]


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
