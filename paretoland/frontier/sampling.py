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

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError, RunInterrupted
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.assembly import build_model, warm_up
from paretoland.frontier.config import RunConfig, load_config
from paretoland.frontier.evaluation import Evaluation, FrontierModel
from paretoland.frontier.parallel import BatchEvaluator, split_batches
from paretoland.frontier.results import pareto_frame
from paretoland.frontier.run import RESUMABLE_CHANGES, config_changes, portable
from paretoland.io.atomic import atomic_write
from paretoland.io.checkpoint import read_state, write_state
from paretoland.io.interrupts import exit_code, terminate_as_interrupt
from paretoland.io.provenance import run_metadata, write_json
from paretoland.io.run_folder import RunFolder
from paretoland.model.calibration import calibrate

__all__ = ["SampleState", "sample_rules"]

_STATE = "state.pkl"


@dataclass
class SampleState:
    """Running results of a sample: chunks done, the front and the bests."""

    archive: ParetoArchive
    done: set[int] = field(default_factory=set)
    n_evaluations: int = 0
    n_feasible: int = 0
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


def _write_chunk(
    folder: Path, index: int, model: FrontierModel, X: np.ndarray, scores: Evaluation
) -> None:
    frame = pd.concat(
        [
            pd.DataFrame(scores.objectives, columns=list(model.objective_names)),
            pd.DataFrame(X, columns=list(model.family.names)),
        ],
        axis=1,
    )
    frame.insert(0, "feasible", np.all(scores.constraints <= 0, axis=1))
    frame.insert(1, "status", list(scores.statuses))
    atomic_write(
        folder / "chunks" / f"chunk_{index:05d}.parquet",
        lambda temporary: frame.to_parquet(temporary, index=False),
    )


def sample_rules(
    config: RunConfig | str | Path | dict | None,
    n: int,
    out_dir: str | Path,
    *,
    chunk: int = 5000,
    resume: bool = False,
    restart: bool = False,
    overwrite: bool = False,
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
    restart : bool
        Delete the killed sample in ``<out_dir>.partial`` and start over.
    overwrite : bool
        Replace a finished sample in ``out_dir`` (files the user added there are kept).
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
    config = config if isinstance(config, RunConfig) else load_config(config)
    if not (isinstance(n, int) and n >= 1 and isinstance(chunk, int) and chunk >= 1):
        raise ConfigError(f"n and chunk must be positive integers (got n={n!r}, chunk={chunk!r}).")
    model = build_model(  # bad input fails here, before any output exists
        config, calibrate(config.load_data(), config.params), "parametric"
    )
    parts = split_batches(n, -(-n // chunk))
    folder = RunFolder(out_dir, "sample", resume=resume, restart=restart, overwrite=overwrite)
    with terminate_as_interrupt(), folder:
        state = _start(config, folder, n, chunk, model)
        try:
            finished = _evaluate_chunks(config, model, state, folder, parts, progress, stop_after)
        except BaseException as error:
            if not folder.resuming and not state.done:
                folder.discard()  # nothing to resume: leave no partial folder behind
            if isinstance(error, KeyboardInterrupt):
                message = (
                    f"interrupted after {len(state.done)} of {len(parts)} chunks; continue "
                    "with `--resume`"
                    if state.done
                    else "interrupted before the first chunk finished; nothing was written"
                )
                raise RunInterrupted(message, exit_code(error)) from None
            raise
        if not finished:
            return None
        return _finish(config, model, state, folder)


def _evaluate_chunks(
    config: RunConfig,
    model: FrontierModel,
    state: SampleState,
    folder: RunFolder,
    parts: list[slice],
    progress: bool,
    stop_after: int | None,
) -> bool:
    """Evaluate the chunks not done yet, checkpointing after each; False if stopped early."""
    from tqdm import tqdm

    warm_up(model)
    n = parts[-1].stop
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
                return False
            done_here += 1
            started = time.perf_counter()
            X = _chunk_levers(model, config.run.seed, index, part.stop - part.start)
            scores = evaluator(X)
            feasible = np.all(scores.constraints <= 0, axis=1)
            _write_chunk(folder.partial, index, model, X, scores)
            state.archive.update(X, scores.objectives, feasible)
            _update_best(state, model, X, scores.objectives, feasible)
            state.done.add(index)
            state.n_evaluations += len(X)
            state.n_feasible += int(feasible.sum())
            state.seconds += time.perf_counter() - started
            write_state(folder.partial / _STATE, state)
            folder.note(progress=f"{len(state.done)} of {len(parts)} chunks")
            bar.set_postfix(front=len(state.archive), refresh=False)
            bar.update(len(X))
    return True


def _start(
    config: RunConfig, folder: RunFolder, n: int, chunk: int, model: FrontierModel
) -> SampleState:
    """Return a new state, or the killed sample's (same config, n and chunk)."""
    partial = folder.partial
    if folder.resuming:
        stored = (partial / "sample.txt").read_text().split()
        changed = [
            key
            for key in config_changes(
                portable(load_config(partial / "config.toml")).to_dict(), portable(config).to_dict()
            )
            if key not in RESUMABLE_CHANGES
        ]
        if stored != [str(n), str(chunk)] or changed:
            options = ", ".join(
                changed + (["n or chunk"] if stored != [str(n), str(chunk)] else [])
            )
            raise ConfigError(
                f"the sample in {partial} was started with other options ({options}); resume "
                "with the same config, n and chunk, or start over with `--restart`."
            )
        return read_state(partial / _STATE)
    (partial / "chunks").mkdir()
    (partial / "config.toml").write_text(portable(config).to_toml(), encoding="utf-8")
    (partial / "sample.txt").write_text(f"{n} {chunk}\n")
    return SampleState(
        archive=ParetoArchive(model.senses, np.arange(len(model.senses)), model.family.n_levers)
    )


def _finish(
    config: RunConfig, model: FrontierModel, state: SampleState, folder: RunFolder
) -> dict[str, pd.DataFrame]:
    partial = folder.partial
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
            config.load_data(),
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
    folder.publish()
    return {"best": best, "pareto_set": pareto}
