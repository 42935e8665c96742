"""Running a frontier: iterate generation by generation, checkpoint, publish the run.

:func:`run_frontier` runs a :class:`~paretoland.frontier.config.run_config.RunConfig`. While it
runs, everything lives in ``<out>.partial/`` (:class:`~paretoland.io.run_folder.RunFolder`),
locked against a second run of the same name: the config, each generation's front,
the failures and an incremental checkpoint (:mod:`.journal`). ``resume=True``
continues a killed run and ends with the same frontier as an uninterrupted one. When
the run completes, the final files are written and the folder is published as
``<out>``; a finished run is replaced only with ``overwrite=True``, keeping the files a
user added to it. SIGINT and SIGTERM stop the workers and raise
:class:`~paretoland.exceptions.RunInterrupted` naming the generation to resume from.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from paretoland.exceptions import ConfigError, RunInterrupted
from paretoland.frontier.algorithms import make_algorithm, n_iterations
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.assembly import build_model, default_run_dir, warm_up
from paretoland.frontier.baselines import compare_baselines
from paretoland.frontier.config import RunConfig, load_config
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.hybrid import seed_run_record
from paretoland.frontier.journal import Journal, RunState
from paretoland.frontier.parallel import BatchEvaluator
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.quality import write_quality
from paretoland.frontier.results import FrontierResult, load_run, write_results
from paretoland.io.interrupts import exit_code, terminate_as_interrupt
from paretoland.io.provenance import run_metadata
from paretoland.io.run_folder import RunFolder
from paretoland.model.calibration import calibrate

__all__ = ["RESUMABLE_CHANGES", "config_changes", "portable", "run_frontier"]

RESUMABLE_CHANGES = frozenset({"run.n_jobs", "run.backend", "run.scheduler"})
"""Config keys that may change when resuming: results do not depend on them."""


def run_frontier(
    config: RunConfig | str | Path | dict | None = None,
    out_dir: str | Path | None = None,
    *,
    resume: bool = False,
    restart: bool = False,
    overwrite: bool = False,
    progress: bool = True,
    stop_after: int | None = None,
    on_generation: Callable[[int, dict[str, float]], None] | None = None,
    reference: Sequence[str | Path] = (),
) -> FrontierResult:
    """Run a frontier and write the run folder.

    Parameters
    ----------
    config : RunConfig, path, dict or None
        The run (None: the default problem on the embedded data).
    out_dir : path, optional
        The run folder (default ``runs/<run.name>``).
    resume : bool
        Continue the killed run in ``<out_dir>.partial``.
    restart : bool
        Delete the killed run in ``<out_dir>.partial`` and start over.
    overwrite : bool
        Replace a finished run in ``out_dir`` (files the user added there are kept).
    progress : bool
        Show a progress bar (generation, evaluations, hypervolume, ETA) on stderr.
    stop_after : int, optional
        Stop after this many generations in this call, leaving the checkpoint (for tests
        of resuming; a real kill does the same).
    on_generation : callable, optional
        Called with (generation, history row) after each generation.
    reference : sequence of paths
        Finished runs (same objectives) whose union with this one is the best-known
        front: the run's ``quality.json`` and ``quality.csv`` measure it against that
        front (hypervolume, IGD+, additive ε, :mod:`~paretoland.frontier.quality`).
        Default: none, or ``runs/reference`` if that is a finished run.

    Returns
    -------
    FrontierResult
        Loaded back from the written folder (or the partial state when stopped early).

    Raises
    ------
    OutputError
        If ``out_dir`` cannot be written safely (see :mod:`paretoland.io.folders`), is
        locked by another run, or its checkpoint is damaged.
    RunInterrupted
        On SIGINT or SIGTERM, after the workers stopped and the checkpoint was kept.
    """
    config = config if isinstance(config, RunConfig) else load_config(config)
    out = Path(out_dir) if out_dir is not None else default_run_dir(config)
    folder = RunFolder(out, "frontier", resume=resume, restart=restart, overwrite=overwrite)
    references = _references(config, reference)
    started = time.perf_counter()
    data = config.load_data()  # bad input fails here, before any output exists
    calibration = calibrate(data, config.params)
    model = build_model(config, calibration)
    seed_run = seed_run_record(config)  # a bad seed run fails here, before any output
    calibrated = time.perf_counter() - started
    with terminate_as_interrupt(), folder:
        journal = Journal(folder.partial, model, checkpoint=config.run.checkpoint)
        state = _start(config, folder, journal, model)
        _add_time(state, "calibrate", calibrated)
        try:
            with _timed(state, "warm_up"):
                warm_up(model)
            run = config.run
            with BatchEvaluator(
                model, n_jobs=run.n_jobs, backend=run.backend, scheduler=run.scheduler
            ) as evaluator:
                finished = _iterate(
                    config, model, evaluator, state, folder, journal, progress, stop_after,
                    on_generation,
                )  # fmt: skip
                if not finished:
                    return FrontierResult.from_state(config, model, state)
                with _timed(state, "baselines"):
                    baselines = compare_baselines(
                        config, calibration, model, evaluator, state.front
                    )
        except BaseException as error:
            saved = journal.saved_generation(state)
            if not folder.resuming and saved == 0:
                folder.discard()  # nothing to resume: leave no partial folder behind
            if isinstance(error, KeyboardInterrupt):
                message = _interrupted(config, saved)
                raise RunInterrupted(message, exit_code(error)) from None
            raise
        metadata = run_metadata(
            data,
            command="frontier",
            seed=config.run.seed,
            n_evaluations=state.n_evaluations,
            generations=state.generation,
            population=_population_size(state),
            timings_s=state.timings,
            failures=state.failure_counts,
            resumed=folder.resuming,
            generation_seconds=[round(s, 4) for s in state.seconds],
            **({"seed_run": seed_run} if seed_run else {}),
        )
        write_results(folder.partial, config, model, state, baselines, metadata)
        journal.finish(state.front)
        own = FrontierResult.load(folder.partial, finished=False)
        write_quality(own, references, folder.partial)
        folder.publish()
    return FrontierResult.load(out)


def _references(config: RunConfig, paths: Sequence[str | Path]) -> list[FrontierResult]:
    """Load the reference runs, checked against the config's objectives.

    Without ``paths``, ``runs/reference`` is used if it holds a finished run with the
    same objectives (and ignored otherwise).
    """
    kept = Path("runs") / "reference"
    implicit = not paths
    if implicit:
        paths = [kept] if (kept / "pareto_set.parquet").exists() else []
    references = []
    for path in paths:
        run = load_run(path)
        senses = {n: run.config.objective_senses[n] for n in run.objective_names}
        wanted = {n: config.objective_senses[n] for n in config.objective_names}
        if senses != wanted:
            if implicit:
                continue
            raise ConfigError(
                f"the reference run {path} has the objectives {senses}, this run {wanted}; "
                "a reference front needs the same objectives and senses."
            )
        references.append(run)
    return references


def _interrupted(config: RunConfig, saved: int) -> str:
    if saved == 0:
        return "interrupted before the first generation finished; nothing was written"
    where = f"interrupted at generation {saved} of {n_iterations(config)}"
    if not config.run.checkpoint:
        return (
            f"{where}; checkpoints are off ([run] checkpoint = false): start over with `--restart`"
        )
    return f"{where}; continue with `--resume`"


def config_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[str]:
    """Return the dotted keys whose values differ between two config dicts, sorted."""
    changed = []
    for key in sorted(set(old) | set(new)):
        a, b, name = old.get(key), new.get(key), f"{prefix}{key}"
        if isinstance(a, dict) and isinstance(b, dict):
            changed += config_changes(a, b, name + ".")
        elif a != b:
            changed.append(name)
    return changed


def _start(
    config: RunConfig, folder: RunFolder, journal: Journal, model: FrontierModel
) -> RunState:
    """Return a new state, or the killed run's (same config but for workers and scheduler)."""
    archive = ParetoArchive(model.senses, _optimised_columns(config, model), model.family.n_levers)
    if not folder.resuming:
        _write_config(folder, config)
        folder.note(checkpoint=config.run.checkpoint)
        journal.start()
        return RunState(archive=archive)
    changed = [
        key
        for key in config_changes(
            portable(load_config(folder.partial / "config.toml")).to_dict(),
            portable(config).to_dict(),
        )
        if key not in RESUMABLE_CHANGES
    ]
    if changed:
        raise ConfigError(
            f"the config differs from the one of the run in {folder.partial} in "
            f"{', '.join(changed)}; resume with the same config (only n_jobs, backend and "
            "scheduler may change), or start over with `--restart`."
        )
    state = journal.resume(archive)
    _write_config(folder, config)
    return state


def portable(config: RunConfig) -> RunConfig:
    """Return ``config`` with its dataset path absolute.

    A relative path is relative to the config file it came from, so the run folder's
    copy of the config would read it wrongly.
    """
    path = config.data_path
    return config if path is None else config.replace(data={"path": str(path.resolve())})


def _write_config(folder: RunFolder, config: RunConfig) -> None:
    (folder.partial / "config.toml").write_text(portable(config).to_toml(), encoding="utf-8")


def _optimised_columns(config: RunConfig, model: FrontierModel) -> np.ndarray:
    names = model.objective_names
    optimised = (config.algorithm.objective,) if config.algorithm.name == "ga" else names
    return np.array([names.index(name) for name in optimised])


def _add_time(state: RunState, name: str, seconds: float) -> None:
    state.timings[name] = state.timings.get(name, 0.0) + seconds


class _timed:
    def __init__(self, state: RunState, name: str) -> None:
        self.state, self.name = state, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        _add_time(self.state, self.name, time.perf_counter() - self.start)


def _population_size(state: RunState) -> int:
    """Return the population the algorithm uses (NSGA-III may raise the configured one)."""
    return int(getattr(state.algorithm, "pop_size", 0) or 0)


def _iterate(
    config: RunConfig,
    model: FrontierModel,
    evaluator: BatchEvaluator,
    state: RunState,
    folder: RunFolder,
    journal: Journal,
    progress: bool,
    stop_after: int | None,
    on_generation: Callable | None,
) -> bool:
    """Run generations until the end (True) or ``stop_after`` (False)."""
    from tqdm import tqdm

    if state.algorithm is None:
        optimised = tuple(model.objective_names[i] for i in state.front.columns)
        state.algorithm = make_algorithm(config, QuotaProblem(model, evaluator, optimised))
    problem = state.algorithm.problem
    problem.evaluator = evaluator
    if hasattr(state.algorithm, "attach"):  # the hybrid reads the run's archive
        state.algorithm.attach(state.front)
    total = n_iterations(config)
    reference = np.array([config.hv_reference[n] for n in model.objective_names])
    scale = np.array([config.hv_scale[n] for n in model.objective_names])
    done_here = 0
    with tqdm(
        total=total,
        initial=state.generation,
        unit="gen",
        disable=not progress,
        desc=config.run.name,
        dynamic_ncols=True,
    ) as bar:
        while state.generation < total:
            if stop_after is not None and done_here >= stop_after:
                return False
            with _timed(state, "generations"):
                state.algorithm.next()
                row = _record(state, problem, journal, reference, scale)
            with _timed(state, "checkpoint"):
                state.seconds.append(
                    state.timings["generations"] + state.timings.get("checkpoint", 0.0)
                )
                journal.checkpoint(state)
                folder.note(progress=f"generation {state.generation} of {total}")
            done_here += 1
            bar.set_postfix(
                evals=state.n_evaluations,
                hv=f"{row['hypervolume']:.4g}",
                front=len(state.front),
                refresh=False,
            )
            bar.update()
            if on_generation is not None:
                on_generation(state.generation, row)
    return True


def _record(
    state: RunState,
    problem: QuotaProblem,
    journal: Journal,
    reference: np.ndarray,
    scale: np.ndarray,
) -> dict[str, float]:
    """Fold one generation's evaluations into the state and the journal."""
    state.generation += 1
    evaluated: dict[bytes, tuple[np.ndarray, bool]] = {}
    accepted, failures = [], []
    for X, scores, candidates in problem.drain():
        feasible = np.all(scores.constraints <= 0, axis=1)
        if candidates is not None:
            feasible &= candidates
        rows = state.front.update(X, scores.objectives, feasible)
        accepted.append((X[rows], scores.objectives[rows]))
        for i, x in enumerate(X):
            evaluated[x.tobytes()] = (scores.objectives[i], bool(feasible[i]))
            status = scores.statuses[i]
            if status != "converged":
                failures.append(
                    (state.generation, state.n_evaluations + i, status, scores.messages[i])
                )
                state.failure_counts[status] = state.failure_counts.get(status, 0) + 1
        state.n_evaluations += len(X)
    journal.record(state, accepted, failures, _generation_front(state, evaluated))
    row = {
        "generation": state.generation,
        "n_evaluations": state.n_evaluations,
        "front_size": len(state.front),
        "hypervolume": state.front.hypervolume(reference, scale),
    }
    state.history.append(row)
    return row


def _generation_front(
    state: RunState, evaluated: dict[bytes, tuple[np.ndarray, bool]]
) -> ParetoArchive:
    """Return the non-dominated feasible members of this generation's population.

    For random search: of this generation's samples.
    """
    population = getattr(state.algorithm, "pop", None)
    known = {**state.population, **evaluated}
    if population is not None:
        X = population.get("X")
        state.population = {x.tobytes(): known[x.tobytes()] for x in X}
        members = state.population
    else:
        X = np.array([np.frombuffer(k) for k in evaluated])
        members = evaluated
    archive = state.front
    front = ParetoArchive(archive.senses, archive.columns, archive.n_levers)
    if len(X):
        objectives = np.array([members[x.tobytes()][0] for x in X])
        feasible = np.array([members[x.tobytes()][1] for x in X])
        front.update(np.asarray(X, dtype=np.float64), objectives, feasible)
    return front
