"""Trade-off prices along a two-objective slice of a front.

How many percentage points of one objective (say GDP) must be given up to close one
percentage point of another (say the output gap)? Along the points of the front that
are non-dominated in that pair alone, sorted from the best ``x`` to the best ``y``,
the price between consecutive points is the marginal rate of substitution::

    price = (x given up) / (y gained)
          = |x_to − x_from| / |y_to − y_from|

both measured as improvements in each objective's own sense, so the price is positive.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from paretoland.decision.front import Front, Objectives, build_front, non_dominated
from paretoland.exceptions import ConfigError

__all__ = ["tradeoff_prices"]


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
