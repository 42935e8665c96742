"""The points marked on every frontier figure, and how each kind is drawn.

:func:`special_points` collects, in the objectives' own sense (% change): the status
quo (no trade, every objective 0), the paper's uniform rules of Tables 2–3 that
converged (``uniform_intra`` / ``uniform_inter``), the frontier's single-objective
optima (the ``frontier`` rows of ``result.table4``, one per objective) and the chosen
compromise. :func:`draw_points` draws a frame of points with the styles of
:data:`STYLES`, so the marks look the same on every figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures.labels import label, objective_label

if TYPE_CHECKING:
    from paretoland.frontier.results import FrontierResult

__all__ = ["OPTIMUM_COLOURS", "STYLES", "draw_points", "pareto_points", "special_points"]

STYLES: dict[str, dict] = {
    "pareto": {
        "marker": "o",
        "s": 10,
        "color": "#b9b9b9",
        "alpha": 0.7,
        "linewidths": 0,
        "zorder": 1,
    },
    "front_2d": {"marker": "o", "s": 16, "color": "#1f4e79", "zorder": 3},
    "status_quo": {"marker": "X", "s": 90, "color": "black", "zorder": 5},
    "uniform_intra": {
        "marker": "^",
        "s": 42,
        "facecolors": "none",
        "edgecolors": "#2ca02c",
        "linewidths": 1.2,
        "zorder": 4,
    },
    "uniform_inter": {
        "marker": "s",
        "s": 36,
        "facecolors": "none",
        "edgecolors": "#9467bd",
        "linewidths": 1.2,
        "zorder": 4,
    },
    "optimum": {"marker": "D", "s": 52, "edgecolors": "black", "linewidths": 0.6, "zorder": 6},
    "chosen": {
        "marker": "*",
        "s": 280,
        "color": "#d62728",
        "edgecolors": "black",
        "linewidths": 0.6,
        "zorder": 7,
    },
}
OPTIMUM_COLOURS = {
    "gdp": "#1f77b4",
    "welfare": "#ff7f0e",
    "output_gap": "#8c564b",
    "welfare_gap": "#e377c2",
}
_TABLES = {"table2": "uniform_intra", "table3": "uniform_inter"}
_COLUMNS = ["kind", "label", "point", "objective"]


def pareto_points(result: FrontierResult) -> pd.DataFrame:
    """Return the Pareto set as points: ``kind`` = ``"pareto"``, ``point``, the objectives."""
    names = list(result.objective_names)
    frame = result.pareto_set[["point", *names]].copy()
    frame.insert(0, "kind", "pareto")
    frame.insert(1, "label", "")
    frame.insert(3, "objective", "")
    return frame.astype({"point": "Int64"})


def special_points(
    result: FrontierResult, *, chosen: int | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Return the marked points of a frontier result (see the module docstring).

    Parameters
    ----------
    result : FrontierResult
    chosen : int, optional
        The ``point`` of the chosen compromise in ``result.pareto_set``.
    lang : {"en", "zh"}
        Language of the ``label`` column.

    Returns
    -------
    DataFrame
        ``kind``, ``label``, ``point`` (the Pareto point, where there is one),
        ``objective`` (the objective an optimum maximises or minimises) and the
        objectives (% change, own sense).
    """
    names = list(result.objective_names)
    rows = [
        {
            "kind": "status_quo",
            "label": label("status_quo", lang),
            "point": pd.NA,
            "objective": "",
            **dict.fromkeys(names, 0.0),
        }
    ]
    rows += _uniform_rows(result.uniform_rules, names)
    rows += _optimum_rows(result, names, lang)
    if chosen is not None:
        rows.append(
            {
                "kind": "chosen",
                "label": label("chosen", lang, point=chosen),
                "point": chosen,
                "objective": "",
                **_point_values(result, chosen),
            }
        )
    return pd.DataFrame.from_records(rows, columns=[*_COLUMNS, *names]).astype({"point": "Int64"})


def _point_values(result: FrontierResult, point: int) -> dict[str, float]:
    names = list(result.objective_names)
    match = result.pareto_set.loc[result.pareto_set["point"] == point, names]
    if match.empty:
        raise ConfigError(
            f"chosen point {point} is not in the Pareto set (points 0 to "
            f"{int(result.pareto_set['point'].max())}); pass a value of "
            "result.pareto_set['point']."
        )
    return match.iloc[0].astype(float).to_dict()


def _uniform_rows(table: pd.DataFrame | None, names: list[str]) -> list[dict]:
    if table is None or table.empty or not set(names) <= set(table.columns):
        return []
    solved = table[(table["status"] == "converged") & table[names].notna().all(axis=1)]
    return [
        {
            "kind": _TABLES.get(row["table"], "uniform_inter"),
            "label": f"{row['allocation']} / {row['land_use']} / {row['participation']}",
            "point": pd.NA,
            "objective": "",
            **{n: float(row[n]) for n in names},
        }
        for _, row in solved.iterrows()
    ]


def _optimum_rows(result: FrontierResult, names: list[str], lang: str) -> list[dict]:
    """One row per objective: the table4 ``frontier`` row, else the Pareto set's best."""
    senses = result.config.objective_senses
    table = result.table4
    frontier = (
        table[table["source"] == "frontier"].set_index("objective")
        if table is not None and len(table)
        else pd.DataFrame()
    )
    pareto = result.pareto_set
    rows = []
    for name in names:
        if name in frontier.index and frontier.loc[name, names].notna().all():
            values = frontier.loc[name, names].astype(float)
        elif len(pareto):
            column = pareto[name].to_numpy(float)
            best = np.argmax(column) if senses[name] == "max" else np.argmin(column)
            values = pareto.iloc[best][names].astype(float)
        else:
            continue
        same = np.isclose(pareto[names].to_numpy(float), values.to_numpy(), rtol=0, atol=1e-9)
        hits = pareto["point"].to_numpy()[same.all(axis=1)]
        rows.append(
            {
                "kind": "optimum",
                "label": label("optimum", lang, name=objective_label(name, lang)),
                "point": int(hits[0]) if len(hits) else pd.NA,
                "objective": name,
                **values.to_dict(),
            }
        )
    return rows


def draw_points(
    ax: Axes, frame: pd.DataFrame, x: str, y: str, *, lang: str = "en", legend: bool = True
) -> None:
    """Scatter the rows of ``frame`` on ``ax`` with the styles of :data:`STYLES`.

    ``frame`` has the columns ``kind``, ``label``, ``objective``, ``x`` and ``y``; the
    legend gets one entry per kind (per objective for the optima).
    """
    for kind, group in frame.groupby("kind", sort=False):
        style = dict(STYLES[kind])
        if kind == "optimum":
            for _, row in group.iterrows():
                ax.scatter(
                    row[x],
                    row[y],
                    color=OPTIMUM_COLOURS.get(row["objective"], "C0"),
                    label=row["label"] if legend else "_nolegend_",
                    **style,
                )
            continue
        text = group["label"].iloc[0] if kind in ("status_quo", "chosen") else label(kind, lang)
        ax.scatter(group[x], group[y], label=text if legend else "_nolegend_", **style)
