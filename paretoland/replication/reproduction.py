"""How much of the paper's Tables 2–3 a dataset and a labour choice reproduce.

:func:`reproduction_summary` condenses one :class:`ScenarioResults` into the counts
the steering asked for (issue 14.7): how many of the 96 Table 2–3 cell-outcome signs
agree with the paper, whether each of the paper's four qualitative findings is
reproduced for each outcome, and the largest GDP gain of a residential-only trade.
:func:`reproduction_table` runs Tables 2–3 for several datasets and wedge labours and
stacks their summaries; ``benchmarks/reproduction.py`` prints it for the embedded
stocks and the land-supply variant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from paretoland.data.dataset import CityData
from paretoland.model.outcomes import OUTCOME_NAMES
from paretoland.model.params import WEDGE_LABOUR, ModelParams
from paretoland.replication.experiments import paper_experiments, run_scenarios
from paretoland.replication.tables import ScenarioResults

__all__ = ["reproduction_summary", "reproduction_table", "sign_agreement"]

_GRID = ("table2", "table3")
_SHORT = {"trading improves the outcome (vs no trade)": "trade helps"}


def sign_agreement(results: ScenarioResults) -> tuple[int, int]:
    """Count the Table 2–3 cell-outcome signs that agree with the paper.

    A failed solve counts as a disagreement. Returns ``(agreeing, cells)``; cells is
    96 for the full grid (2 tables × 12 cells × 4 outcomes).
    """
    rows = results.results[results.results["experiment"].isin(_GRID)]
    ours = rows[list(OUTCOME_NAMES)].to_numpy(dtype=float)
    paper = rows[[f"paper_{o}" for o in OUTCOME_NAMES]].to_numpy(dtype=float)
    agree = np.sign(np.round(ours, 12)) == np.sign(paper)
    return int((agree & np.isfinite(ours)).sum()), int(paper.size)


def reproduction_summary(results: ScenarioResults) -> dict[str, object]:
    """Summarise how far one set of Table 2–3 results reproduces the paper.

    Returns
    -------
    dict
        ``signs_agree`` ("k/96"); one entry per finding: the number of outcomes for
        which it is reproduced ("k/4"), with the others named; and
        ``residential_gdp_max`` (the largest GDP change, %, of a residential-only
        cell, the paper's being 3.227).
    """
    agree, cells = sign_agreement(results)
    summary: dict[str, object] = {"signs_agree": f"{agree}/{cells}"}
    found = results.findings()
    for finding in dict.fromkeys(found.index.get_level_values("finding")):
        verdicts = found.loc[finding, "reproduced"]
        missed = [label for label, verdict in verdicts.items() if verdict != "yes"]
        text = f"{len(verdicts) - len(missed)}/{len(verdicts)}"
        summary[_SHORT.get(finding, finding)] = text + (
            f" (not: {', '.join(missed)})" if missed else ""
        )
    rows = results.results
    residential = rows[rows["experiment"].isin(_GRID) & (rows["land_use"] == "residential")]
    summary["residential_gdp_max"] = float(residential["gdp"].max())
    return summary


def reproduction_table(
    datasets: Mapping[str, CityData],
    wedge_labours: Sequence[str] = WEDGE_LABOUR,
    params: ModelParams | None = None,
) -> pd.DataFrame:
    """Run Tables 2–3 for every dataset × wedge labour and summarise each run.

    Parameters
    ----------
    datasets : mapping of str to CityData
        Named datasets, e.g. ``{"stocks": load_cities(), "supply": load_cities(dir)}``.
    wedge_labours : sequence of str
        The :attr:`ModelParams.wedge_labour` values to run.
    params : ModelParams, optional
        The other parameters (default: the paper's baseline).

    Returns
    -------
    DataFrame
        Index (``dataset``, ``wedge_labour``); the columns of
        :func:`reproduction_summary`.
    """
    base = ModelParams.paper_baseline() if params is None else params
    records = {}
    for name, data in datasets.items():
        for labour in wedge_labours:
            experiments = paper_experiments(base.replace(wedge_labour=labour), robustness=False)
            results = run_scenarios(data, experiments, decompose=False)
            records[(name, labour)] = reproduction_summary(results)
    table = pd.DataFrame.from_dict(records, orient="index")
    table.index.names = ["dataset", "wedge_labour"]
    return table
