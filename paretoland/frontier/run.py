"""Running a frontier: build the model from a config, iterate, checkpoint, write the run.

:func:`run_frontier` runs a :class:`~paretoland.frontier.config.RunConfig`. While it
runs, everything lives in ``<out>.partial/``: the config, a checkpoint after every
generation (algorithm with its random state, archive, hypervolume history, failures,
timings) and each generation's front. ``resume=True`` continues from the checkpoint
and ends with the same frontier as an uninterrupted run. When the run completes, the
final files are written and the folder is renamed to ``<out>`` in one step; a run that
fails or is killed never leaves a partial ``<out>``.
"""

from __future__ import annotations

import pickle
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pandas as pd

from paretoland.data.dataset import load_cities
from paretoland.exceptions import ConfigError
from paretoland.frontier.algorithms import make_algorithm, random_batches
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.config import RunConfig, load_config
from paretoland.frontier.evaluation import FrontierModel, Objective
from paretoland.frontier.levers import ParametricFamily, PerCityFamily, RuleFamily
from paretoland.frontier.parallel import BatchEvaluator
from paretoland.frontier.problem import QuotaProblem
from paretoland.frontier.results import (
    FrontierResult,
    compare_baselines,
    pareto_frame,
    write_results,
)
from paretoland.io.atomic import atomic_write, publish_folder
from paretoland.io.provenance import run_metadata
from paretoland.model.calibration import Calibration, calibrate
from paretoland.model.institutions import TicketPricing
from paretoland.model.quotas import QuotaRule

__all__ = ["build_family", "build_model", "default_run_dir", "run_frontier"]

CHECKPOINT = "checkpoint.pkl"
PARTIAL_SUFFIX = ".partial"


def default_run_dir(config: RunConfig) -> Path:
    """``runs/<name>`` under the current folder."""
    return Path("runs") / config.run.name


def market_rule(config: RunConfig) -> QuotaRule:
    """The market (land use, scope, participation, prices) of a config's rule section."""
    rule = config.rule
    return QuotaRule(
        land_use=rule.land_use,
        scope=rule.scope,
        participation=rule.participation,
        seller_provinces=tuple(rule.seller_provinces),
        buyer_provinces=tuple(rule.buyer_provinces),
        seller_price=rule.seller_price,
        default_buyer_price=rule.default_buyer_price,
        buyer_prices=dict(rule.buyer_prices),
    )


def build_family(
    config: RunConfig, calibration: Calibration, family: str | None = None
) -> RuleFamily:
    """The config's rule family (or ``family``: "parametric" / "per_city")."""
    family = config.rule.family if family is None else family
    market = market_rule(config)
    if family == "parametric":
        return ParametricFamily(
            calibration, market, config.rule.max_share, weight_bound=config.rule.weight_bound
        )
    return PerCityFamily(calibration, market, config.rule.max_share)


def build_model(
    config: RunConfig, calibration: Calibration, family: str | None = None
) -> FrontierModel:
    """The :class:`FrontierModel` of a config."""
    custom = {c.name: c for c in config.objectives.custom}
    objectives = tuple(
        Objective(name, custom[name].sense, custom[name].function)
        if name in custom
        else Objective.builtin(name)
        for name in config.objectives.names
    )
    constraints = config.constraints
    return FrontierModel(
        build_family(config, calibration, family),
        objectives,
        pareto_improvement=constraints.pareto_improvement,
        min_seller_receipts=1e8 * constraints.min_seller_receipts,
        iteration=config.solver,
        measure=config.objectives.measure,
        ticket_pricing=TicketPricing(outside_option=constraints.farmer_outside_option),
        participation=constraints.participation,
        max_farmland_loss_km2=(
            constraints.max_farmland_loss_km2 if constraints.farmland_cap else float("inf")
        ),
    )


@dataclass
class _State:
    """What a checkpoint holds."""

    generation: int = 0
    n_evaluations: int = 0
    algorithm: Any = None
    archive: ParetoArchive | None = None
    history: list[dict[str, float]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    population: dict[bytes, tuple[np.ndarray, bool]] = field(default_factory=dict)


def run_frontier(
    config: RunConfig | str | Path | dict | None = None,
    out_dir: str | Path | None = None,
    *,
    resume: bool = False,
    progress: bool = True,
    stop_after: int | None = None,
    on_generation: Callable[[int, dict[str, float]], None] | None = None,
) -> FrontierResult:
    """Run a frontier and write the run folder.

    Parameters
    ----------
    config : RunConfig, path, dict or None
        The run (None: the default problem on the embedded data).
    out_dir : path, optional
        The run folder (default ``runs/<run.name>``).
    resume : bool
        Continue the killed run whose checkpoint is in ``<out_dir>.partial``.
    progress : bool
        Show a progress bar (generation, evaluations, hypervolume, ETA) on stderr.
    stop_after : int, optional
        Stop after this many generations in this call, leaving the checkpoint (for tests
        of resuming; a real kill does the same).
    on_generation : callable, optional
        Called with (generation, history row) after each generation.

    Returns
    -------
    FrontierResult
        Loaded back from the written folder (or the partial state when stopped early).
    """
    config = config if isinstance(config, RunConfig) else load_config(config)
    out = Path(out_dir) if out_dir is not None else default_run_dir(config)
    partial = out.with_name(out.name + PARTIAL_SUFFIX)
    data = load_cities(config.data_path)
    started = time.perf_counter()
    calibration = calibrate(data, config.params)
    model = build_model(config, calibration)
    state = _start(config, partial, resume)
    state.timings["calibrate"] = state.timings.get("calibrate", 0.0) + (
        time.perf_counter() - started
    )
    with _timed(state, "warm_up"):
        warm_up(model)
    run = config.run
    with BatchEvaluator(
        model, n_jobs=run.n_jobs, backend=run.backend, scheduler=run.scheduler
    ) as evaluator:
        finished = _iterate(
            config, model, evaluator, state, partial, progress, stop_after, on_generation
        )
        if not finished:
            return FrontierResult.from_state(config, model, state)
        with _timed(state, "baselines"):
            baselines = compare_baselines(config, calibration, model, evaluator, state.archive)
    metadata = run_metadata(
        data,
        command="frontier",
        seed=run.seed,
        n_evaluations=state.n_evaluations,
        generations=state.generation,
        timings_s=state.timings,
        failures=_failure_counts(state),
        resumed=resume,
    )
    write_results(partial, config, model, state, baselines, metadata)
    _publish(partial, out)
    return FrontierResult.load(out)


def warm_up(model: FrontierModel) -> None:
    """Solve one no-trade candidate here, so that numba compiles (or loads) its kernels
    and writes its on-disk cache once, before workers start and would each compile.
    """
    family = model.family
    model.evaluate(np.clip(np.zeros(family.n_levers), family.lower, family.upper)[None, :])


def _start(config: RunConfig, partial: Path, resume: bool) -> _State:
    checkpoint = partial / CHECKPOINT
    if resume:
        if not checkpoint.exists():
            raise ConfigError(
                f"nothing to resume: {checkpoint} does not exist. Run without "
                "--resume to start the run."
            )
        stored = load_config(partial / "config.toml")
        if stored.to_dict() != config.to_dict():
            raise ConfigError(
                f"the config differs from the one of the run in {partial}; "
                "resume with the same config or start a new run."
            )
        with open(checkpoint, "rb") as handle:
            return pickle.load(handle)
    if partial.exists():
        shutil.rmtree(partial)
    (partial / "generations").mkdir(parents=True)
    (partial / "config.toml").write_text(config.to_toml(), encoding="utf-8")
    return _State()


class _timed:
    def __init__(self, state: _State, name: str) -> None:
        self.state, self.name = state, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        timings = self.state.timings
        timings[self.name] = timings.get(self.name, 0.0) + time.perf_counter() - self.start


def _iterate(
    config: RunConfig,
    model: FrontierModel,
    evaluator: BatchEvaluator,
    state: _State,
    partial: Path,
    progress: bool,
    stop_after: int | None,
    on_generation: Callable | None,
) -> bool:
    """Run generations until the end (True) or ``stop_after`` (False)."""
    from tqdm import tqdm

    algo = config.algorithm
    optimised = (algo.objective,) if algo.name == "ga" else model.objective_names
    if state.algorithm is None:
        problem = QuotaProblem(model, evaluator, optimised)
        state.archive = ParetoArchive(model.senses, problem.columns, model.family.n_levers)
        state.algorithm = make_algorithm(config, problem)
    problem = state.algorithm.problem
    problem.evaluator = evaluator
    total = _n_generations(config)
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
                row = _record(state, problem, reference, scale, partial)
            _checkpoint(state, partial)
            done_here += 1
            bar.set_postfix(
                evals=state.n_evaluations,
                hv=f"{row['hypervolume']:.4g}",
                front=len(state.archive),
                refresh=False,
            )
            bar.update()
            if on_generation is not None:
                on_generation(state.generation, row)
    return True


def _n_generations(config: RunConfig) -> int:
    algo = config.algorithm
    if algo.name == "random":
        return len(random_batches(config))
    return algo.n_gen


def _record(
    state: _State, problem: QuotaProblem, reference: np.ndarray, scale: np.ndarray, partial: Path
) -> dict[str, float]:
    state.generation += 1
    evaluated: dict[bytes, tuple[np.ndarray, bool]] = {}
    for X, scores in problem.drain():
        feasible = np.all(scores.constraints <= 0, axis=1)
        state.archive.update(X, scores.objectives, feasible)
        for i, x in enumerate(X):
            evaluated[x.tobytes()] = (scores.objectives[i], bool(feasible[i]))
            if scores.statuses[i] != "converged":
                state.failures.append(
                    {
                        "generation": state.generation,
                        "evaluation": state.n_evaluations + i,
                        "status": scores.statuses[i],
                        "message": scores.messages[i],
                    }
                )
        state.n_evaluations += len(X)
    front = _generation_front(state, problem, evaluated)
    atomic_parquet(
        pareto_frame(problem.model, front),
        partial / "generations" / f"gen_{state.generation:04d}.parquet",
    )
    row = {
        "generation": state.generation,
        "n_evaluations": state.n_evaluations,
        "front_size": len(state.archive),
        "hypervolume": state.archive.hypervolume(reference, scale),
    }
    state.history.append(row)
    return row


def _generation_front(
    state: _State, problem: QuotaProblem, evaluated: dict[bytes, tuple[np.ndarray, bool]]
) -> ParetoArchive:
    """The non-dominated feasible members of this generation's population (for random
    search: of this generation's samples).
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
    front = ParetoArchive(state.archive.senses, state.archive.columns, X.shape[1])
    if len(X):
        objectives = np.array([members[x.tobytes()][0] for x in X])
        feasible = np.array([members[x.tobytes()][1] for x in X])
        front.update(np.asarray(X, dtype=np.float64), objectives, feasible)
    return front


def atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as parquet, atomically."""
    atomic_write(path, lambda temporary: frame.to_parquet(temporary, index=False))


def atomic_pickle(state: object, path: Path) -> None:
    """Pickle ``state`` to ``path`` atomically (cloudpickle: pymoo keeps local functions)."""

    def dump(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            cloudpickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)

    atomic_write(path, dump)


def _checkpoint(state: _State, partial: Path) -> None:
    atomic_pickle(state, partial / CHECKPOINT)


def _failure_counts(state: _State) -> dict[str, int]:
    counts: dict[str, int] = {}
    for failure in state.failures:
        counts[failure["status"]] = counts.get(failure["status"], 0) + 1
    return counts


def _publish(partial: Path, out: Path) -> None:
    """Replace ``out`` by the finished ``partial`` folder, without its checkpoint."""
    (partial / CHECKPOINT).unlink(missing_ok=True)
    publish_folder(partial, out)
