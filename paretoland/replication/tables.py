"""Tables, findings and files for the paper's experiments (:func:`paretoland.run_scenarios`).

:class:`ScenarioResults` holds one row per solved rule (the long ``results`` frame)
and lays it out as the paper does: Tables 1–3 with our numbers beside the published
ones, a robustness summary, and the paper's qualitative findings checked on our data.
It prints to the console, renders Markdown for a memo, and writes CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.io.folders import output_folder
from paretoland.io.provenance import write_json
from paretoland.model.outcomes import OBJECTIVE_SENSES, OUTCOME_NAMES
from paretoland.model.outcomes import OUTCOME_LABELS as LABELS
from paretoland.replication.channels import decomposition_table
from paretoland.replication.published import PAPER_TABLE2, PAPER_TABLE3

__all__ = ["ScenarioResults", "SCENARIO_FILES", "markdown_table"]

_PANELS = {"equal_area": "A: equal-area", "equal_proportion": "B: equal-proportion"}
_HEADLINE = {"allocation": "equal_area", "land_use": "both", "participation": "all"}
SCENARIO_FILES = (
    "results.csv",
    "table1.csv",
    "table2.csv",
    "table3.csv",
    "robustness.csv",
    "findings.csv",
    "decomposition.csv",
    "scenarios.md",
    "run.json",
)


def markdown_table(frame: pd.DataFrame) -> str:
    """Render a frame as a GitHub Markdown table.

    Its index is included, left-aligned; values are right-aligned.
    """
    n_index = frame.index.nlevels
    flat = frame.reset_index()
    header = [str(c) for c in flat.columns]
    align = ["---"] * n_index + ["---:"] * (len(header) - n_index)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in flat.itertuples(index=False)]
    return "\n".join(lines)


def _better(outcome: str, a: float, b: float) -> bool:
    """Whether ``a`` beats ``b`` on ``outcome`` in its own sense (max or min)."""
    return a > b if OBJECTIVE_SENSES[outcome] == "max" else a < b


def _improves(outcome: str, value: float) -> bool:
    return _better(outcome, value, 0.0)


def _cell(value: float, status: str) -> str:
    if np.isfinite(value):
        return f"{value:.3f}"
    return status if status not in ("converged", "") else "—"


@dataclass(frozen=True, eq=False)
class ScenarioResults:
    """The solved experiments, laid out the paper's way.

    Attributes
    ----------
    results : DataFrame
        One row per rule: ``experiment``, ``title``, ``group``, the rule (``scope``,
        ``allocation``, ``land_use``, ``participation``, ``mobility``,
        ``transfer_share``), the four outcomes (%), the paper's (``paper_gdp`` ...,
        NaN where it prints none), the trade (``land_moved_km2``, ``n_sellers``,
        ``n_buyers``, receipts, payments and the intermediary balance in 亿元) and
        the solve (``status``, ``iterations``, ``max_residual``, ``message``).
    experiments : list of Experiment
        What was run.
    measure : str
        The gaps' dispersion measure.
    timings : dict of str to float
        Seconds spent calibrating, solving and in total.
    metadata : dict
        Versions, data fingerprint and options (written as ``run.json``).
    decomposition : DataFrame
        Channels of every converged Table 2–3 cell, one row per cell and outcome:
        ``experiment``, ``allocation``, ``land_use``, ``participation``, ``outcome``,
        then ``direct_land``, ``migration``, ``infrastructure``, ``transfers``,
        ``interaction`` and ``total`` (percentage points); empty if not computed.
    """

    results: pd.DataFrame
    experiments: list = field(default_factory=list)
    measure: str = "cv"
    timings: dict[str, float] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    decomposition: pd.DataFrame = field(default_factory=pd.DataFrame)

    # ----------------------------------------------------------------- tables
    def _rows(self, experiment: str) -> pd.DataFrame:
        return self.results[self.results["experiment"] == experiment]

    def grid_table(self, experiment: str = "table3") -> pd.DataFrame:
        """Return a grid experiment in the layout of Table 2 or 3.

        Rows panel × outcome × source (ours, paper), columns land use × participation;
        strings, 3 decimals.

        A failed solve shows its status, a number the paper does not print "—".
        """
        rows = self._rows(experiment)
        if rows.empty:
            raise KeyError(
                f"no results for experiment {experiment!r}; have "
                f"{sorted(self.results['experiment'].unique())}"
            )
        columns = [(u, p) for u in ("productive", "residential", "both") for p in ("pilot", "all")]
        index, body = [], []
        for allocation in _PANELS:
            panel = rows[rows["allocation"] == allocation].set_index(["land_use", "participation"])
            if panel.empty:
                continue
            for outcome in OUTCOME_NAMES:
                for source, prefix in (("ours", ""), ("paper", "paper_")):
                    index.append((_PANELS[allocation], LABELS[outcome], source))
                    body.append(
                        [
                            _cell(panel.at[c, prefix + outcome], panel.at[c, "status"])
                            if c in panel.index
                            else ""
                            for c in columns
                        ]
                    )
        frame = pd.DataFrame(
            body,
            columns=[f"{u} / {p}" for u, p in columns],
            index=pd.MultiIndex.from_tuples(index, names=["panel", "outcome", "source"]),
        )
        return frame

    def table1(self) -> pd.DataFrame:
        """Table 1 layout: rows outcome × source, columns the three land-use cases."""
        rows = self._rows("table1").set_index("land_use")
        if rows.empty:
            raise KeyError("no Table 1 results: run with a recorded-transactions file.")
        cases = {
            "productive": "all productive",
            "residential": "all residential",
            "split": "half and half",
        }
        index, body = [], []
        for outcome in OUTCOME_NAMES:
            for source, prefix in (("ours", ""), ("paper", "paper_")):
                index.append((LABELS[outcome], source))
                body.append(
                    [_cell(rows.at[c, prefix + outcome], rows.at[c, "status"]) for c in cases]
                )
        return pd.DataFrame(
            body,
            columns=list(cases.values()),
            index=pd.MultiIndex.from_tuples(index, names=["outcome", "source"]),
        )

    def robustness_table(self) -> pd.DataFrame:
        """One row per robustness or mobility experiment (and the Table 3 baseline).

        Columns: the four outcomes (%) of the headline cell (inter-province, both uses,
        all provinces, equal-area), ``same_direction`` (cells × outcomes whose sign
        matches our Table 3, e.g. "48/48"), ``failed`` (solves that did not converge).
        """
        base = self._rows("table3").set_index(["allocation", "land_use", "participation"])
        records = []
        for name in [
            "table3",
            *self.results.loc[self.results["group"] != "paper", "experiment"].unique(),
        ]:
            rows = self._rows(name).set_index(["allocation", "land_use", "participation"])
            if rows.empty:
                continue
            head = (
                rows.loc[[tuple(_HEADLINE.values())]]
                if tuple(_HEADLINE.values()) in rows.index
                else rows.iloc[:1]
            )
            shared = rows.index.intersection(base.index)
            ours = rows.loc[shared, list(OUTCOME_NAMES)].to_numpy()
            theirs = base.loc[shared, list(OUTCOME_NAMES)].to_numpy()
            same = int(np.sum(np.sign(np.round(ours, 12)) == np.sign(np.round(theirs, 12))))
            record = {"experiment": name, "title": rows["title"].iloc[0]}
            record.update({LABELS[o]: float(head[o].iloc[0]) for o in OUTCOME_NAMES})
            record["same_direction"] = f"{same}/{ours.size}"
            record["failed"] = int((~rows["status"].isin(["converged", "no_trade"])).sum())
            records.append(record)
        return pd.DataFrame.from_records(records).set_index("experiment")

    def findings(self) -> pd.DataFrame:
        """Return the paper's qualitative findings, checked cell by cell on both sets of numbers.

        Rows: finding × outcome. Columns ``paper`` and ``ours`` (share of comparable
        cells where the finding holds for that outcome, in its own sense: higher GDP
        and welfare, lower gaps), ``cells`` and ``reproduced`` ("yes" when both shares
        are on the same side of one half, "no" otherwise, "mixed" at exactly one half).
        """
        ours = {
            name: self._rows(name).set_index(["allocation", "land_use", "participation"])
            for name in ("table2", "table3")
        }
        if any(frame.empty for frame in ours.values()):
            raise KeyError("findings need both Table 2 and Table 3 results.")
        paper = {"table2": PAPER_TABLE2, "table3": PAPER_TABLE3}
        records = []
        for finding, pairs in _FINDINGS.items():
            for outcome in OUTCOME_NAMES:
                shares = {}
                for source in ("paper", "ours"):
                    held = [_holds(source, outcome, a, b, ours, paper) for a, b in pairs]
                    shares[source] = float(np.mean(held))
                records.append(
                    {
                        "finding": finding,
                        "outcome": LABELS[outcome],
                        "paper": shares["paper"],
                        "ours": shares["ours"],
                        "cells": len(pairs),
                        "reproduced": _agreement(shares["paper"], shares["ours"]),
                    }
                )
        return pd.DataFrame.from_records(records).set_index(["finding", "outcome"])

    # ---------------------------------------------------------------- output
    def to_console(self) -> str:
        """All tables as plain text, in the paper's order, with timings."""
        parts = [f"Outcomes in % change; gaps by the {self.measure} dispersion measure.", ""]
        for title, frame in self._sections():
            parts += [title, "=" * len(title), frame.to_string(), ""]
        total = self.timings.get("total", float("nan"))
        parts.append(
            f"{len(self.results)} rules solved in {total:.1f} s "
            f"({int((self.results['status'] == 'converged').sum())} converged)."
        )
        return "\n".join(parts)

    def to_markdown(self) -> str:
        """All tables as Markdown, ready for a memo."""
        parts = [
            f"Outcomes in % change; gaps by the {self.measure} dispersion measure. "
            '"paper" rows are Ma and Ni\'s published figures.',
            "",
        ]
        for title, frame in self._sections():
            parts += [f"### {title}", "", markdown_table(frame), ""]
        return "\n".join(parts)

    def _sections(self) -> list[tuple[str, pd.DataFrame]]:
        sections = []
        experiments = set(self.results["experiment"])
        if "table1" in experiments:
            sections.append(("Table 1: recorded transactions", self.table1()))
        for name, title in (
            ("table2", "Table 2: intra-province trading"),
            ("table3", "Table 3: inter-province trading"),
        ):
            if name in experiments:
                sections.append((title, self.grid_table(name)))
        if "table3" in experiments and len(experiments - {"table1", "table2", "table3"}):
            robust = self.robustness_table()
            numbers = robust[[LABELS[o] for o in OUTCOME_NAMES]].map(lambda v: f"{v:.3f}")
            sections.append(
                (
                    "Robustness (inter-province, both uses, all provinces, "
                    "equal-area; same_direction: cells × outcomes with the sign "
                    "of our Table 3)",
                    pd.concat([numbers, robust[["same_direction", "failed"]]], axis=1),
                )
            )
        if {"table2", "table3"} <= experiments:
            found = self.findings()
            shown = found.assign(
                paper=found["paper"].map("{:.0%}".format), ours=found["ours"].map("{:.0%}".format)
            )
            sections.append(
                ("The paper's findings on our data (share of cells where each holds)", shown)
            )
        decomposed = set(self.decomposition.get("experiment", ()))
        for name, title in (("table2", "Table 2"), ("table3", "Table 3")):
            if name in decomposed:
                sections.append(
                    (
                        f"Where the outcomes come from, {title} (percentage points; direct "
                        "land, then the Shapley split of migration, infrastructure and "
                        "transfers)",
                        decomposition_table(self.decomposition, name),
                    )
                )
        return sections

    def write(self, out_dir: str | Path, *, overwrite: bool = False) -> list[Path]:
        """Write the CSV tables, ``scenarios.md`` and ``run.json`` to ``out_dir``.

        Written whole or not at all; a finished scenarios folder is replaced only with
        ``overwrite`` (files the user added there are kept).
        """
        experiments = set(self.results["experiment"])
        with output_folder(out_dir, "scenarios", overwrite=overwrite) as staging:
            self.results.to_csv(staging / "results.csv", index=False, float_format="%.10g")
            if "table1" in experiments:
                self.table1().to_csv(staging / "table1.csv")
            for name in ("table2", "table3"):
                if name in experiments:
                    self.grid_table(name).to_csv(staging / f"{name}.csv")
            if "table3" in experiments and len(experiments - {"table1", "table2", "table3"}):
                self.robustness_table().to_csv(staging / "robustness.csv", float_format="%.6f")
            if {"table2", "table3"} <= experiments:
                self.findings().to_csv(staging / "findings.csv", float_format="%.4f")
            if not self.decomposition.empty:
                self.decomposition.to_csv(
                    staging / "decomposition.csv", index=False, float_format="%.10g"
                )
            (staging / "scenarios.md").write_text(self.to_markdown() + "\n", encoding="utf-8")
            write_json(
                {**self.metadata, "timings_s": self.timings, "measure": self.measure},
                staging / "run.json",
            )
            written = sorted(p.name for p in staging.iterdir())
        return [Path(out_dir) / name for name in written]


def _holds(source: str, outcome: str, a: tuple, b: tuple, ours: dict, paper: dict) -> bool:
    """Whether cell ``a`` beats cell ``b`` (each ``(table, allocation, use, part)``)."""

    def value(cell: tuple) -> float:
        if source == "paper":
            return paper[cell[0]][cell[1:]][outcome]
        return ours[cell[0]].at[cell[1:], outcome]

    if b[0] == "zero":
        return _improves(outcome, value(a))
    return _better(outcome, value(a), value(b))


def _agreement(paper: float, ours: float) -> str:
    side = [np.sign(round(x - 0.5, 12)) for x in (paper, ours)]
    if 0 in side:
        return "mixed"
    return "yes" if side[0] == side[1] else "no"


def _finding_pairs() -> dict[str, list[tuple[tuple, tuple]]]:
    allocations = tuple(_PANELS)
    uses = ("productive", "residential", "both")
    parts = ("pilot", "all")
    tables = ("table2", "table3")
    cells = [(a, u, p) for a in allocations for u in uses for p in parts]

    return {
        "trading improves the outcome (vs no trade)": [
            ((t, *c), ("zero", *c)) for t in tables for c in cells
        ],
        "inter-province beats intra-province": [(("table3", *c), ("table2", *c)) for c in cells],
        "all provinces beat pilot provinces only": [
            ((t, a, u, "all"), (t, a, u, "pilot"))
            for t in tables
            for a in allocations
            for u in uses
        ],
        "residential beats productive": [
            ((t, a, "residential", p), (t, a, "productive", p))
            for t in tables
            for a in allocations
            for p in parts
        ],
    }


_FINDINGS = _finding_pairs()
