"""Batch evaluation of a population with joblib: sequential, loky, or dask.distributed.

The model reaches each worker once, not with every task:

- ``loky``: the model is pickled once to a file; a task carries only the file's path
  and a token, and a worker unpickles the model the first time it sees the token and
  keeps it (module-level cache) for every later batch of the run.
- ``dask``: the model is scattered to every worker once per evaluator
  (``client.scatter(model, broadcast=True, hash=False)``) and the future is held until
  :meth:`BatchEvaluator.close`; tasks carry that future. (joblib's own ``scatter=``
  re-scatters under the same content-hash key on every ``Parallel`` call, which races
  with the release of the previous call's copy: dask/distributed#3703.)

The population is split into one contiguous batch per worker; results come back in
order, so the same seed gives the same frontier with any number of workers. Each
worker solves its batch with the batched kernel in one lane (one thread); with
``n_jobs=1`` the whole population is solved in this process with every core
as a lane, which on one machine is usually the fastest choice. A candidate's result
never depends on its batch, its lane or its worker.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from joblib import Parallel, delayed, parallel_config

from paretoland.exceptions import ConfigError
from paretoland.frontier.evaluation import Evaluation, FrontierModel
from paretoland.io.locks import process_alive

if TYPE_CHECKING:  # dask.distributed is optional (the cluster extra)
    from distributed import Client, Future, LocalCluster

__all__ = [
    "BACKENDS",
    "BatchEvaluator",
    "remove_stale_model_files",
    "split_batches",
    "stop_workers",
]

BACKENDS = ("sequential", "loky", "dask")
_WORKER_MODELS: dict[str, FrontierModel] = {}
_WATCHDOG: threading.Thread | None = None


def split_batches(n_rows: int, n_batches: int) -> list[slice]:
    """Split ``range(n_rows)`` into at most ``n_batches`` contiguous, near-equal slices."""
    n_batches = max(1, min(n_batches, n_rows))
    edges = np.linspace(0, n_rows, n_batches + 1).round().astype(int)
    return [slice(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]


MODEL_FILE_PREFIX = "paretoland-model-"
"""Temporary model files are ``$TMPDIR/paretoland-model-<pid>-<random>.pkl``."""
_WATCHDOG_SECONDS = 1.0


def remove_stale_model_files() -> list[Path]:
    """Delete the temporary model files of paretoland processes that no longer run.

    A run killed with SIGKILL cannot remove its model file; the next run does.

    Returns
    -------
    list of Path
        The files removed.
    """
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{MODEL_FILE_PREFIX}*.pkl"):
        pid = path.name[len(MODEL_FILE_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _watch_parent(parent: int) -> None:
    """Exit this worker within a second or so once ``parent`` (the run) is gone."""
    while True:
        time.sleep(_WATCHDOG_SECONDS)
        if os.getppid() != parent and not process_alive(parent):
            os._exit(1)


def _ensure_watchdog(parent: int) -> None:
    """Start, once per worker process, a daemon thread that ends it with its parent.

    loky keeps idle workers for minutes; when the main process is killed with SIGKILL
    nothing would tell them to go.
    """
    global _WATCHDOG
    if _WATCHDOG is None and os.getpid() != parent:
        _WATCHDOG = threading.Thread(target=_watch_parent, args=(parent,), daemon=True)
        _WATCHDOG.start()


def stop_workers() -> None:
    """Kill loky's reusable worker processes now (after an interrupt), if there are any."""
    from joblib.externals.loky import reusable_executor

    executor = getattr(reusable_executor, "_executor", None)
    if executor is not None:
        executor.shutdown(wait=True, kill_workers=True)


def _worker_model(token: str, path: str, parent: int) -> FrontierModel:
    """Return the run's model in this worker, unpickled once per token."""
    _ensure_watchdog(parent)
    model = _WORKER_MODELS.get(token)
    if model is None:
        with open(path, "rb") as handle:
            model = pickle.load(handle)
        _WORKER_MODELS.clear()
        _WORKER_MODELS[token] = model
    return model


def _evaluate_from_file(token: str, path: str, X: np.ndarray, parent: int) -> Evaluation:
    return _worker_model(token, path, parent).evaluate(X, lanes=1)


def _evaluate_with(model: FrontierModel, X: np.ndarray) -> Evaluation:
    return model.evaluate(X, lanes=1)


def _task_from_file(token: str, path: str, parent: int, function: Callable, task: Any) -> Any:
    return function(_worker_model(token, path, parent), task)


class BatchEvaluator:
    """Evaluate populations of decision vectors, in parallel batches.

    Use as a context manager, or call :meth:`close`, to release workers and files.

    Parameters
    ----------
    model : FrontierModel
        What to evaluate.
    n_jobs : int
        Workers (−1: all cores). 1 evaluates in this process.
    backend : {"sequential", "loky", "dask"}
        joblib backend.
    scheduler : str
        With ``"dask"``: a scheduler address, or ``""`` to start a LocalCluster with
        ``n_jobs`` single-threaded workers.
    """

    def __init__(
        self, model: FrontierModel, *, n_jobs: int = 1, backend: str = "loky", scheduler: str = ""
    ) -> None:
        if backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {BACKENDS} (got {backend!r}).")
        if n_jobs == -1:
            n_jobs = os.cpu_count() or 1
        if not isinstance(n_jobs, int) or n_jobs < 1:
            raise ConfigError(f"n_jobs must be a positive integer or -1 (got {n_jobs!r}).")
        self.model = model
        self.n_jobs = n_jobs
        self.backend = "sequential" if n_jobs == 1 and backend == "loky" else backend
        self.scheduler = scheduler
        self._token = uuid.uuid4().hex
        self._file: Path | None = None
        self._parallel: Parallel | None = None
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._model_future: Future | None = None

    # -------------------------------------------------------------- lifecycle
    def __enter__(self) -> BatchEvaluator:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close()
        if kind is not None and issubclass(kind, KeyboardInterrupt) and self.backend == "loky":
            stop_workers()

    def close(self) -> None:
        """Remove the model file, leave the pool, close a dask client and cluster."""
        if self._parallel is not None:
            self._parallel.__exit__(None, None, None)
            self._parallel = None
        if self._file is not None:
            self._file.unlink(missing_ok=True)
            self._file = None
        if self._model_future is not None:
            self._model_future.release()
            self._model_future = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    # ------------------------------------------------------------- evaluation
    def __call__(self, X: np.ndarray) -> Evaluation:
        """Evaluate ``X`` (shape ``(k, n_levers)``) in order."""
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        if self.backend == "sequential" or len(X) == 1:
            return self.model.evaluate(X)
        batches = [X[part] for part in split_batches(len(X), self.n_jobs)]
        if self.backend == "loky":
            path = self._model_file()
            parts = self._loky()(
                delayed(_evaluate_from_file)(self._token, path, batch, os.getpid())
                for batch in batches
            )
        else:
            model = self._scattered_model()
            with parallel_config(backend="dask", client=self._client):
                parts = Parallel(n_jobs=self.n_jobs)(
                    delayed(_evaluate_with)(model, batch) for batch in batches
                )
        return Evaluation.concatenate(list(parts))

    def map(self, function: Callable[[FrontierModel, Any], Any], tasks: Sequence[Any]) -> list:
        """Return ``[function(model, task) for task in tasks]``, the tasks spread over workers.

        For work that is more than one batch evaluation (a gradient search's
        subproblems): ``function`` must be a module-level function (it is pickled) and
        must not depend on where it runs; results come back in the order of ``tasks``.
        """
        if self.backend == "sequential" or len(tasks) <= 1:
            return [function(self.model, task) for task in tasks]
        if self.backend == "loky":
            path = self._model_file()
            return list(
                self._loky()(
                    delayed(_task_from_file)(self._token, path, os.getpid(), function, task)
                    for task in tasks
                )
            )
        model = self._scattered_model()
        with parallel_config(backend="dask", client=self._client):
            return list(
                Parallel(n_jobs=self.n_jobs)(delayed(function)(model, task) for task in tasks)
            )

    def _loky(self) -> Parallel:
        """Return the evaluator's joblib pool, kept open between calls (no per-call setup)."""
        if self._parallel is None:
            self._parallel = Parallel(n_jobs=self.n_jobs, backend="loky")
            self._parallel.__enter__()
        return self._parallel

    def _model_file(self) -> str:
        if self._file is None:
            remove_stale_model_files()
            handle, name = tempfile.mkstemp(
                prefix=f"{MODEL_FILE_PREFIX}{os.getpid()}-", suffix=".pkl"
            )
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(self.model, stream, protocol=pickle.HIGHEST_PROTOCOL)
            self._file = Path(name)
        return str(self._file)

    def _scattered_model(self) -> Future:
        """Return the model on every dask worker: a future held for the evaluator's life."""
        if self._model_future is None:
            client = self._dask_client()
            self._model_future = client.scatter(self.model, broadcast=True, hash=False)
        return self._model_future

    def _dask_client(self) -> Client:
        if self._client is not None:
            return self._client
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ConfigError(
                "backend 'dask' needs dask.distributed: pip install 'paretoland[cluster]'."
            ) from error
        if self.scheduler:
            self._client = Client(self.scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=self.n_jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        return self._client
