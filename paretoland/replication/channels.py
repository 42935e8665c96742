"""Channel decompositions of the paper's Table 2–3 cells, for :func:`run_scenarios`.

Each converged rule of a grid experiment is decomposed with
:meth:`~paretoland.model.counterfactual.Counterfactual.decompose` (Shapley over the
mechanisms after the direct land effect; see :mod:`paretoland.model.decomposition`).
:func:`decomposition_records` turns one decomposition into long rows, and
:func:`decomposition_table` lays them out one block of rows per cell.
"""

from __future__ import annotations

import pandas as pd

from paretoland.model.counterfactual import Counterfactual
from paretoland.model.decomposition import DECOMPOSITION_COLUMNS
from paretoland.model.outcomes import OUTCOME_LABELS, OUTCOME_NAMES

__all__ = ["CELL_KEYS", "decomposition_records", "decomposition_table"]

CELL_KEYS: tuple[str, ...] = ("experiment", "allocation", "land_use", "participation")
"""The columns that name a cell in the long decomposition frame."""
_PANELS = {"equal_area": "A: equal-area", "equal_proportion": "B: equal-proportion"}


def decomposition_records(cell: dict[str, object], cf: Counterfactual) -> list[dict[str, object]]:
    """Return one row per outcome: the cell's keys, ``outcome`` and the channels (pp).

    Parameters
    ----------
    cell : dict
        The cell's :data:`CELL_KEYS` values.
    cf : Counterfactual
        The cell's converged counterfactual.
    """
    table = cf.decompose()
    return [
        {**{k: cell[k] for k in CELL_KEYS}, "outcome": outcome, **table.loc[outcome].to_dict()}
        for outcome in OUTCOME_NAMES
    ]


def decomposition_table(frame: pd.DataFrame, experiment: str) -> pd.DataFrame:
    """Lay out one experiment's decompositions: a block of four outcome rows per cell.

    Parameters
    ----------
    frame : DataFrame
        Long rows from :func:`decomposition_records`.
    experiment : str
        E.g. ``"table3"``.

    Returns
    -------
    DataFrame
        Index (panel, cell "land use / participation", outcome); columns
        :data:`~paretoland.model.decomposition.DECOMPOSITION_COLUMNS` (percentage
        points, 3 decimals as text).
    """
    rows = frame[frame["experiment"] == experiment]
    if rows.empty:
        raise KeyError(f"no decomposition for experiment {experiment!r}.")
    index = pd.MultiIndex.from_arrays(
        [
            rows["allocation"].map(_PANELS).fillna(rows["allocation"]),
            rows["land_use"] + " / " + rows["participation"],
            rows["outcome"].map(OUTCOME_LABELS),
        ],
        names=["panel", "cell", "outcome"],
    )
    values = rows[list(DECOMPOSITION_COLUMNS)].map(lambda v: f"{0.0 if abs(v) < 5e-4 else v:.3f}")
    return values.set_axis(index)
