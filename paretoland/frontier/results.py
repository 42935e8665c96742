"""A frontier run's results: comparison with the paper, files, and loading them back.

Files of a run folder (``runs/<name>/``):

- ``config.toml``: the run's config; ``metadata.json``: versions, data fingerprint,
  seed, timings, evaluations, solver failures by status;
- ``pareto_set.parquet`` and ``.csv``: the final Pareto set, one row per point: the
  objectives in their own sense (% change), the Pareto-stationarity certificate
  ``stationarity`` in [0, 1] (0: no feasible direction improves every objective),
  ``binding`` (other constraints binding there) and the trade-off weights
  ``weight_<objective>`` (:mod:`paretoland.frontier.stationarity`), then the levers;
- ``allocations.parquet``: the per-city allocation of each point (``point`` then the
  columns of :meth:`~paretoland.frontier.levers.RuleFamily.allocation`);
- ``generations/gen_NNNN.parquet``: the front after each generation;
- ``hypervolume.csv``: generation, evaluations, front size, normalised hypervolume;
- ``failures.csv``: every candidate whose equilibrium failed, with status and message;
- ``table4.csv``: the paper's method (random search over the parametric rule) against
  the frontier for each single objective, beside the paper's Table 4;
- ``uniform_rules.csv``: the paper's Table 2–3 rules against the frontier;
- ``summary.txt``: :meth:`FrontierResult.summary`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.baselines import BEAT_TOLERANCE
from paretoland.frontier.config import ALGORITHM_NAMES, RunConfig, load_config
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.levers import RuleFamily
from paretoland.frontier.stationarity import compute_stationarity
from paretoland.io.folders import verify_folder
from paretoland.io.provenance import write_json
from paretoland.model.outcomes import OUTCOME_LABELS as _LABELS
from paretoland.model.outcomes import OUTCOME_NAMES

__all__ = [
    "RUN_FILES",
    "FrontierResult",
    "load_run",
    "pareto_frame",
    "write_allocations",
    "write_results",
]

RUN_FILES = (
    "config.toml",
    "metadata.json",
    "pareto_set.parquet",
    "hypervolume.csv",
    "failures.csv",
    "allocations.parquet",
    "summary.txt",
)
"""Files every finished frontier run folder holds."""


# ---------------------------------------------------------------------- files
def pareto_frame(model: FrontierModel, archive: ParetoArchive) -> pd.DataFrame:
    """Return an archive as a frame: ``point``, the objectives (own sense), the levers."""
    frame = pd.concat(
        [
            pd.DataFrame(archive.objectives, columns=list(model.objective_names)),
            pd.DataFrame(archive.levers, columns=list(model.family.names)),
        ],
        axis=1,
    )
    frame.insert(0, "point", np.arange(len(frame)))
    return frame


def write_results(
    folder: Path,
    config: RunConfig,
    model: FrontierModel,
    state: Any,
    baselines: dict[str, pd.DataFrame],
    metadata: dict[str, Any],
) -> None:
    """Write the final files of a run into ``folder`` (the run's partial folder).

    ``failures.csv`` and ``generations/`` are already there: the run writes them as it
    goes (:mod:`paretoland.frontier.journal`).
    """
    archive = state.archive
    pareto = pareto_frame(model, archive)
    start = time.perf_counter()
    certificates = _certificates(model, archive, metadata)
    metadata.setdefault("timings_s", {})["stationarity"] = time.perf_counter() - start
    for offset, column in enumerate(certificates.columns):
        pareto.insert(1 + len(model.objectives) + offset, column, certificates[column].to_numpy())
    pareto.to_parquet(folder / "pareto_set.parquet", index=False)
    pareto.to_csv(folder / "pareto_set.csv", index=False, float_format="%.10g")
    write_allocations(model.family, archive.levers, folder / "allocations.parquet")
    pd.DataFrame.from_records(state.history).to_csv(folder / "hypervolume.csv", index=False)
    for name, frame in baselines.items():
        frame.to_csv(folder / f"{name}.csv", index=False, float_format="%.10g")
    write_json(metadata, folder / "metadata.json")
    result = FrontierResult(
        config=config,
        pareto_set=pareto,
        hypervolume=pd.DataFrame.from_records(state.history),
        metadata=metadata,
        table4=baselines.get("table4"),
        uniform_rules=baselines.get("uniform_rules"),
        path=folder,
    )
    (folder / "summary.txt").write_text(result.summary() + "\n", encoding="utf-8")


def write_allocations(
    family: RuleFamily, levers: np.ndarray, path: Path, *, points_per_group: int = 256
) -> None:
    """Write the per-city allocation of every row of ``levers`` to parquet, in pieces.

    One row group per ``points_per_group`` points, so that memory stays bounded
    whatever the size of the Pareto set (each point has a row per city).

    Parameters
    ----------
    family : RuleFamily
        The run's rule family.
    levers : ndarray, shape (k, n_levers)
        The Pareto set's levers; ``k`` may be 0 (the file then has the columns only).
    path : Path
        The parquet file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if len(levers) == 0:
        family.allocations(family.lower[None, :]).iloc[0:0].to_parquet(path, index=False)
        return
    writer = None
    try:
        for start in range(0, len(levers), points_per_group):
            frame = family.allocations(levers[start : start + points_per_group])
            frame["point"] += start
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _certificates(
    model: FrontierModel, archive: ParetoArchive, metadata: dict[str, Any]
) -> pd.DataFrame:
    """Return each point's certificate and trade-off weights.

    NaN, with the reason in ``metadata["stationarity"]``, when the objectives have no
    gradient (a user objective without one, or failing in it): the run still ends.
    """
    names = ["stationarity", "binding", *(f"weight_{o.name}" for o in model.objectives)]
    if len(archive) == 0:
        return pd.DataFrame(columns=names, dtype=np.float64)
    try:
        return compute_stationarity(model, archive.levers)
    except Exception as error:  # a user objective without a gradient, or failing in it
        metadata["stationarity"] = f"no certificates: {type(error).__name__}: {error}"
        return pd.DataFrame(np.nan, index=range(len(archive)), columns=names)


# -------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class FrontierResult:
    """A frontier run, loaded back.

    Attributes
    ----------
    config : RunConfig
    pareto_set : DataFrame
        ``point``, the objectives (own sense, % change) and the levers.
    hypervolume : DataFrame
        Per generation: ``generation``, ``n_evaluations``, ``front_size``, ``hypervolume``.
    metadata : dict
    table4, uniform_rules : DataFrame or None
        The comparisons with the paper's methods (see :mod:`.results`).
    path : Path or None
        The run folder.
    """

    config: RunConfig
    pareto_set: pd.DataFrame
    hypervolume: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    table4: pd.DataFrame | None = None
    uniform_rules: pd.DataFrame | None = None
    path: Path | None = None

    @classmethod
    def load(cls, folder: str | Path, *, finished: bool = True) -> FrontierResult:
        """Load a run folder: a finished one, or (``finished=False``) one being finished.

        ``finished=False`` serves the run itself, which reads its own results back
        before it publishes the folder; users read finished runs only.
        """
        folder = Path(folder)
        if finished:
            verify_folder(folder, "frontier", required=RUN_FILES)

        def optional(name: str) -> pd.DataFrame | None:
            path = folder / name
            return pd.read_csv(path) if path.exists() else None

        return cls(
            config=load_config(folder / "config.toml"),
            pareto_set=pd.read_parquet(folder / "pareto_set.parquet"),
            hypervolume=pd.read_csv(folder / "hypervolume.csv"),
            metadata=json.loads((folder / "metadata.json").read_text(encoding="utf-8")),
            table4=optional("table4.csv"),
            uniform_rules=optional("uniform_rules.csv"),
            path=folder,
        )

    @classmethod
    def from_state(cls, config: RunConfig, model: FrontierModel, state: Any) -> FrontierResult:
        """Return the result so far of a run stopped before its end (nothing written)."""
        return cls(
            config=config,
            pareto_set=pareto_frame(model, state.archive),
            hypervolume=pd.DataFrame.from_records(state.history),
        )

    @property
    def objective_names(self) -> tuple[str, ...]:
        """The objectives, in column order."""
        return self.config.objective_names

    @property
    def senses(self) -> list[str]:
        """``"max"`` or ``"min"`` per objective, in column order."""
        return [self.config.objective_senses[name] for name in self.objective_names]

    @property
    def objectives(self) -> pd.DataFrame:
        """The Pareto set's objectives (own sense)."""
        return self.pareto_set[list(self.objective_names)]

    def allocations(self) -> pd.DataFrame:
        """Return the per-city allocation of every Pareto point (``allocations.parquet``)."""
        if self.path is None:
            raise FileNotFoundError("this result has no run folder.")
        return pd.read_parquet(self.path / "allocations.parquet")

    def summary(self) -> str:
        """Return a readable summary: the run, the front, the comparisons with the paper."""
        meta, algo = self.metadata, self.config.algorithm
        population = meta.get("population") or algo.pop_size
        raised = (
            f" (raised from {algo.pop_size} to fit the reference directions)"
            if population != algo.pop_size
            else ""
        )
        lines = [
            f"Frontier run {self.config.run.name!r}: {algo.name}, population "
            f"{population}{raised}, {meta.get('generations', len(self.hypervolume))} "
            f"generations, seed {self.config.run.seed}, rule family "
            f"{self.config.rule.family} ({self.config.rule.land_use}, "
            f"{self.config.rule.scope})"
        ]
        timings = meta.get("timings_s", {})
        evaluations = meta.get("n_evaluations")
        if evaluations and timings.get("generations"):
            lines.append(
                f"{evaluations} evaluations in {timings['generations']:.1f} s "
                f"({evaluations / timings['generations']:.0f} per second); solver "
                f"failures: {meta.get('failures') or 'none'}"
            )
        if len(self.hypervolume):
            hv = self.hypervolume["hypervolume"]
            lines.append(
                f"Hypervolume (normalised): {hv.iloc[0]:.4g} after generation 1, "
                f"{hv.iloc[-1]:.4g} at the end"
            )
        lines += [
            "",
            f"Pareto set: {len(self.pareto_set)} points; objectives in their own "
            "sense (outcomes in % change, farmer_income in 亿元, farmland_loss in km²):",
            _ranges(self.objectives, self.config).to_string(),
        ]
        if self.table4 is not None and len(self.table4):
            lines += [
                "",
                "Single-objective optima: the paper's method (random search over "
                "the parametric rule) vs the frontier, beside the paper's Table 4:",
                _table4_text(self.table4, self.objective_names),
            ]
        if self.uniform_rules is not None and len(self.uniform_rules):
            lines += ["", _uniform_text(self.uniform_rules)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _headline(self) -> tuple[str, str]:
        """Return the run's name and folder, and one line on how it ran."""
        algo, meta = self.config.algorithm, self.metadata
        where = f" in {self.path}" if self.path is not None else ""
        parts = [ALGORITHM_NAMES.get(algo.name, algo.name)]
        if meta.get("n_evaluations"):
            parts.append(f"{int(meta['n_evaluations']):,} evaluations")
        parts += [f"seed {self.config.run.seed}", f"rule family {self.config.rule.family}"]
        return f"{self.config.run.name!r}{where}", ", ".join(parts)

    def __repr__(self) -> str:
        name, how = self._headline()
        ranges = _ranges(self.objectives, self.config)
        return (
            f"FrontierResult {name}\n{how}; {len(self.pareto_set):,} Pareto points\n"
            f"{ranges.to_string(float_format=lambda v: f'{v:.4g}')}"
        )

    def _repr_html_(self) -> str:
        from html import escape

        name, how = self._headline()
        ranges = _ranges(self.objectives, self.config)
        return (
            f"<div><b>FrontierResult</b> {escape(name)}<br><small>{escape(how)}; "
            f"{len(self.pareto_set):,} Pareto points</small>"
            f"{ranges.to_html(float_format=lambda v: f'{v:.4g}', border=0)}</div>"
        )


def load_run(folder: str | Path) -> FrontierResult:
    """Load a finished frontier run (see :class:`FrontierResult`)."""
    return FrontierResult.load(folder)


def _ranges(objectives: pd.DataFrame, config: RunConfig) -> pd.DataFrame:
    senses = config.objective_senses
    frame = pd.DataFrame(
        {
            "sense": [senses[c] for c in objectives.columns],
            "best": [
                objectives[c].max() if senses[c] == "max" else objectives[c].min()
                for c in objectives.columns
            ],
            "worst": [
                objectives[c].min() if senses[c] == "max" else objectives[c].max()
                for c in objectives.columns
            ],
        },
        index=objectives.columns,
    )
    return frame.round(4)


def _table4_text(table: pd.DataFrame, names: tuple[str, ...]) -> str:
    shown = [n for n in OUTCOME_NAMES if n in names]
    frame = table.set_index(["objective", "source"])[shown].round(3)
    frame.columns = [_LABELS[c] for c in shown]
    beaten = table.groupby("objective")["frontier_beats_random"].all()
    verdict = ", ".join(f"{_LABELS[k]}: {'yes' if v else 'NO'}" for k, v in beaten.items())
    return (
        frame.to_string()
        + f"\nFrontier at least as good as random search (±{BEAT_TOLERANCE} pp): {verdict}"
    )


def _uniform_text(table: pd.DataFrame) -> str:
    solved = table[table["status"] == "converged"]
    if solved.empty or "n_dominating" not in solved:
        return (
            f"The paper's uniform rules (Tables 2-3, {len(table)} rules): none solved "
            f"({', '.join(sorted(set(table['status'])))})."
        )
    dominated = int((solved["n_dominating"] > 0).sum())
    inside = solved["inside_by_pp"]
    return (
        f"The paper's uniform rules (Tables 2-3, {len(table)} rules): {dominated} are "
        f"dominated by frontier points; distance inside the frontier (pp, additive ε): "
        f"median {inside.median():.3f}, range {inside.min():.3f} to {inside.max():.3f}."
    )
