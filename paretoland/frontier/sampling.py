"""The paper's experiment: many random parametric rules, streamed to parquet in chunks.

:func:`sample_rules` draws ``n`` decision vectors of the parametric rule uniformly within
their bounds, evaluates them chunk by chunk (in parallel through the run's
:class:`~.parallel.BatchEvaluator`), and writes each chunk to
``chunks/chunk_NNNNN.parquet`` as soon as it is done: levers, objectives (own sense),
feasibility and solver status. Memory stays bounded by one chunk plus the running
non-dominated set and the single-objective bests. Chunk ``i`` is drawn from a generator
seeded with ``(seed, i)``, so a killed run resumes (``resume=True``) by skipping the
chunks already on disk and ends with exactly the uninterrupted result. While running,
everything lives in ``<out>.partial``; the finished folder holds ``config.toml``,
``metadata.json``, ``chunks/``, ``best.csv`` (the best feasible rule for each
objective: the paper's Table 4) and ``pareto_set.parquet`` (the non-dominated subset).
"""

from __future__ import annotations

import pickle
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.dataset import load_cities
from paretoland.exceptions import ConfigError
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.config import RunConfig, load_config
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.parallel import BatchEvaluator, split_batches
from paretoland.frontier.results import pareto_frame
from paretoland.frontier.run import atomic_parquet, atomic_pickle, build_model, warm_up
from paretoland.io.atomic import publish_folder
from paretoland.io.provenance import run_metadata, write_json
from paretoland.model.calibration import calibrate

__all__ = ["SampleState", "sample_rules"]

_STATE = "state.pkl"


@dataclass
class SampleState:
    """Running results of a sample: chunks done, the front and the bests."""

    done: set[int] = field(default_factory=set)
    n_evaluations: int = 0
    n_feasible: int = 0
    archive: ParetoArchive | None = None
    best: dict[str, tuple[float, np.ndarray, np.ndarray]] = field(default_factory=dict)
    seconds: float = 0.0


def _chunk_levers(model: FrontierModel, seed: int, index: int, size: int) -> np.ndarray:
    family = model.family
    rng = np.random.default_rng([seed, index])
    return rng.uniform(family.lower, family.upper, size=(size, family.n_levers))


def _update_best(
    state: SampleState,
    model: FrontierModel,
    X: np.ndarray,
    objectives: np.ndarray,
    feasible: np.ndarray,
) -> None:
    for k, (name, sense) in enumerate(zip(model.objective_names, model.senses, strict=True)):
        if not feasible.any():
            return
        rows = np.flatnonzero(feasible)
        i = rows[np.argmin(objectives[rows, k] * sense)]
        value = float(objectives[i, k] * sense)
        if name not in state.best or value < state.best[name][0]:
            state.best[name] = (value, X[i].copy(), objectives[i].copy())


def _write_chunk(folder: Path, index: int, model: FrontierModel, X: np.ndarray, scores) -> None:  # noqa: ANN001
    frame = pd.concat(
        [
            pd.DataFrame(scores.objectives, columns=list(model.objective_names)),
            pd.DataFrame(X, columns=list(model.family.names)),
        ],
        axis=1,
    )
    frame.insert(0, "feasible", np.all(scores.constraints <= 0, axis=1))
    frame.insert(1, "status", list(scores.statuses))
    atomic_parquet(frame, folder / "chunks" / f"chunk_{index:05d}.parquet")


def sample_rules(
    config: RunConfig | str | Path | dict | None,
    n: int,
    out_dir: str | Path,
    *,
    chunk: int = 5000,
    resume: bool = False,
    progress: bool = True,
    stop_after: int | None = None,
) -> dict[str, pd.DataFrame] | None:
    """Evaluate ``n`` random parametric rules, streaming chunks to parquet.

    Parameters
    ----------
    config : RunConfig, path, dict or None
        Data, parameters, market, objectives, constraints, workers and seed (the
        ``[algorithm]`` section is not used; the rule family is always parametric).
    n : int
        Number of rules.
    out_dir : path
        The sample folder.
    chunk : int
        Rules per chunk (one parquet file each).
    resume : bool
        Continue the killed sample in ``<out_dir>.partial``.
    progress : bool
        Progress bar.
    stop_after : int, optional
        Stop after this many chunks in this call and return None, leaving the partial
        folder to resume (for tests; a real kill does the same).

    Returns
    -------
    dict of str to DataFrame or None
        ``"best"``: per objective, the best feasible rule's objectives and levers;
        ``"pareto_set"``: the non-dominated feasible subset.
    """
    from tqdm import tqdm

    config = config if isinstance(config, RunConfig) else load_config(config)
    if not (isinstance(n, int) and n >= 1 and isinstance(chunk, int) and chunk >= 1):
        raise ConfigError(f"n and chunk must be positive integers (got n={n!r}, chunk={chunk!r}).")
    out = Path(out_dir)
    partial = out.with_name(out.name + ".partial")
    model = build_model(
        config, calibrate(load_cities(config.data_path), config.params), "parametric"
    )
    parts = split_batches(n, -(-n // chunk))
    state = _start(config, partial, resume, n, chunk, model)
    warm_up(model)
    with (
        BatchEvaluator(
            model,
            n_jobs=config.run.n_jobs,
            backend=config.run.backend,
            scheduler=config.run.scheduler,
        ) as evaluator,
        tqdm(
            total=n, initial=state.n_evaluations, unit="rule", disable=not progress, desc="sample"
        ) as bar,
    ):
        done_here = 0
        for index, part in enumerate(parts):
            if index in state.done:
                continue
            if stop_after is not None and done_here >= stop_after:
                return None
            done_here += 1
            started = time.perf_counter()
            X = _chunk_levers(model, config.run.seed, index, part.stop - part.start)
            scores = evaluator(X)
            feasible = np.all(scores.constraints <= 0, axis=1)
            _write_chunk(partial, index, model, X, scores)
            state.archive.update(X, scores.objectives, feasible)
            _update_best(state, model, X, scores.objectives, feasible)
            state.done.add(index)
            state.n_evaluations += len(X)
            state.n_feasible += int(feasible.sum())
            state.seconds += time.perf_counter() - started
            atomic_pickle(state, partial / _STATE)
            bar.set_postfix(front=len(state.archive), refresh=False)
            bar.update(len(X))
    return _finish(config, model, state, partial, out)


def _start(
    config: RunConfig, partial: Path, resume: bool, n: int, chunk: int, model: FrontierModel
) -> SampleState:
    if resume:
        if not (partial / _STATE).exists():
            raise ConfigError(f"nothing to resume: {partial / _STATE} does not exist.")
        stored = (partial / "sample.txt").read_text().split()
        if (
            stored != [str(n), str(chunk)]
            or load_config(partial / "config.toml").to_dict() != config.to_dict()
        ):
            raise ConfigError(
                f"the sample in {partial} was started with other options; "
                "resume with the same config, n and chunk."
            )
        with open(partial / _STATE, "rb") as handle:
            return pickle.load(handle)
    if partial.exists():
        shutil.rmtree(partial)
    (partial / "chunks").mkdir(parents=True)
    (partial / "config.toml").write_text(config.to_toml(), encoding="utf-8")
    (partial / "sample.txt").write_text(f"{n} {chunk}\n")
    return SampleState(
        archive=ParetoArchive(model.senses, np.arange(len(model.senses)), model.family.n_levers)
    )


def _finish(
    config: RunConfig, model: FrontierModel, state: SampleState, partial: Path, out: Path
) -> dict[str, pd.DataFrame]:
    names = list(model.objective_names)
    best = pd.DataFrame(
        [
            {
                "objective": name,
                **dict(zip(names, values, strict=True)),
                **dict(zip(model.family.names, levers, strict=True)),
            }
            for name, (_, levers, values) in state.best.items()
        ]
    )
    pareto = pareto_frame(model, state.archive)
    best.to_csv(partial / "best.csv", index=False, float_format="%.10g")
    pareto.to_parquet(partial / "pareto_set.parquet", index=False)
    write_json(
        run_metadata(
            load_cities(config.data_path),
            command="sample",
            seed=config.run.seed,
            n_evaluations=state.n_evaluations,
            n_feasible=state.n_feasible,
            seconds_evaluating=state.seconds,
            per_second=state.n_evaluations / max(state.seconds, 1e-9),
        ),
        partial / "metadata.json",
    )
    (partial / _STATE).unlink()
    publish_folder(partial, out)
    return {"best": best, "pareto_set": pareto}
