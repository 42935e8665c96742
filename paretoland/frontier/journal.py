"""What a frontier run writes as it goes, and reads back to resume.

After each generation a run appends to its partial folder:

- ``generations/gen_NNNN.parquet``: the front of that generation's population;
- ``failures.csv``: the candidates whose equilibrium or objectives failed (the final
  file, written as it grows);
- ``archive.log``: the rows that entered the archive, tagged with their generation
  (kept by the finished run as ``archive_history.parquet``, without the levers);

and then rewrites ``checkpoint.pkl``, a small checksummed state: the generation, the
algorithm (population and random state, without the calibrated model, which is
rebuilt from the config), the hypervolume history, the timings, and each log's length
and checksum (:mod:`paretoland.io.checkpoint`). A generation therefore costs the same
however long the run; resuming replays the archive log, generation by generation,
into the same archive an uninterrupted run holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.exceptions import OutputError
from paretoland.frontier.archive import ParetoArchive
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.results import pareto_frame
from paretoland.io.atomic import atomic_write
from paretoland.io.checkpoint import AppendLog, read_state, write_state

__all__ = ["FAILURE_COLUMNS", "Journal", "RunState"]

CHECKPOINT_FILE = "checkpoint.pkl"
ARCHIVE_LOG = "archive.log"
FAILURES_FILE = "failures.csv"
FAILURE_COLUMNS = ("generation", "evaluation", "status", "message")
HISTORY_FILE = "archive_history.parquet"
SCRATCH_FILES = (CHECKPOINT_FILE, ARCHIVE_LOG)
"""Files of a partial folder that the finished run does not keep."""


@dataclass
class RunState:
    """The state of a run between generations (what the checkpoint holds).

    Attributes
    ----------
    generation, n_evaluations : int
        Generations and evaluations done.
    algorithm : object
        The pymoo algorithm (or :class:`~.algorithms.RandomSearch`), with its random state.
    archive : ParetoArchive or None
        Not pickled: rebuilt from ``archive.log`` on resume.
    history : list of dict
        Per generation: generation, n_evaluations, front_size, hypervolume.
    failure_counts : dict of str to int
        Failed candidates by status.
    timings : dict of str to float
        Seconds by phase.
    population : dict of bytes to (ndarray, bool)
        The current population's objectives and feasibility, keyed by lever bytes.
    logs : dict of str to (int, str)
        Length and SHA-256 of each append-only log at this checkpoint.
    seconds : list of float
        Seconds spent in the generation loop (evaluation and bookkeeping) by the end of
        each generation, for anytime curves against time.
    saved : int
        The last generation whose checkpoint is on disk: where a resumed run continues
        (``generation`` runs ahead of it while a generation is being recorded).
    """

    generation: int = 0
    n_evaluations: int = 0
    algorithm: Any = None
    archive: ParetoArchive | None = None
    history: list[dict[str, float]] = field(default_factory=list)
    failure_counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    population: dict[bytes, tuple[np.ndarray, bool]] = field(default_factory=dict)
    logs: dict[str, tuple[int, str]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    saved: int = 0

    @property
    def front(self) -> ParetoArchive:
        """The running archive: set up with the algorithm, or rebuilt on resume."""
        if self.archive is None:
            raise RuntimeError("the run's archive is set up with its algorithm; none yet.")
        return self.archive

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["archive"] = None  # in archive.log
        return state


class Journal:
    """The files a run keeps in its partial folder while it runs.

    Parameters
    ----------
    folder : Path
        The partial folder.
    model : FrontierModel
        What the run evaluates (for the frames' columns and the algorithm's problem).
    checkpoint : bool
        Whether to keep a checkpoint (``[run] checkpoint``); without one the run
        cannot resume, and only the outputs are written.
    """

    def __init__(self, folder: Path, model: FrontierModel, *, checkpoint: bool = True) -> None:
        self.folder = Path(folder)
        self.model = model
        self.checkpointing = checkpoint
        self.archive_log: AppendLog | None = None
        self.failures: AppendLog | None = None

    # ------------------------------------------------------------------ start
    def start(self) -> None:
        """Create the logs of a new run."""
        (self.folder / "generations").mkdir(exist_ok=True)
        self.failures = AppendLog(self.folder / FAILURES_FILE)
        self.failures.append(_csv_rows([FAILURE_COLUMNS]))
        self.archive_log = AppendLog(self.folder / ARCHIVE_LOG)

    def resume(self, archive: ParetoArchive) -> RunState:
        """Load the checkpoint, cut the logs back to it, and replay the archive.

        Raises
        ------
        OutputError
            If the checkpoint or a log is missing, truncated or altered.
        """
        path = self.folder / CHECKPOINT_FILE
        if not path.exists():
            raise OutputError(
                f"{self.folder} has no checkpoint (the run was started with "
                "[run] checkpoint = false, or was killed before its first generation): it "
                "cannot be resumed. Start over with `--restart`."
            )
        state: RunState = read_state(path)
        self.failures = AppendLog(self.folder / FAILURES_FILE, state.logs["failures"])
        self.archive_log = AppendLog(self.folder / ARCHIVE_LOG, state.logs["archive"])
        state.archive = archive
        self._replay(archive)
        state.algorithm.problem.model = self.model
        return state

    def _replay(self, archive: ParetoArchive) -> None:
        assert self.archive_log is not None
        width = 1 + archive.n_levers + len(archive.senses)
        rows = np.frombuffer(self.archive_log.read(), dtype=np.float64).reshape(-1, width)
        if len(rows) == 0:
            return
        generations = rows[:, 0]
        edges = np.flatnonzero(np.diff(generations)) + 1
        for part in np.split(rows, edges):
            levers, objectives = part[:, 1 : 1 + archive.n_levers], part[:, 1 + archive.n_levers :]
            archive.update(levers, objectives, np.ones(len(part), dtype=bool))

    # ------------------------------------------------------------- each step
    def record(
        self,
        state: RunState,
        accepted: Iterable[tuple[np.ndarray, np.ndarray]],
        failures: list[tuple[int, int, str, str]],
        front: ParetoArchive,
    ) -> None:
        """Write one generation: its front, its failures and the archive's new rows."""
        atomic_write(
            self.folder / "generations" / f"gen_{state.generation:04d}.parquet",
            lambda temporary: pareto_frame(self.model, front).to_parquet(temporary, index=False),
        )
        assert self.failures is not None
        self.failures.append(_csv_rows(failures))
        assert self.archive_log is not None
        for levers, objectives in accepted:
            if len(levers):
                tag = np.full((len(levers), 1), float(state.generation))
                rows = np.hstack([tag, levers, objectives]).astype(np.float64)
                self.archive_log.append(rows.tobytes())

    def checkpoint(self, state: RunState) -> None:
        """Rewrite the checkpoint (nothing when checkpoints are off)."""
        if not self.checkpointing:
            state.saved = state.generation  # recorded, though it cannot be resumed
            return
        assert self.failures is not None and self.archive_log is not None
        state.logs = {"failures": self.failures.position, "archive": self.archive_log.position}
        problem = state.algorithm.problem
        model, problem.model = problem.model, None  # rebuilt from the config on resume
        state.saved = state.generation
        try:
            write_state(self.folder / CHECKPOINT_FILE, state)
        finally:
            problem.model = model

    def saved_generation(self, state: RunState) -> int:
        """Return the generation a resumed run would continue from (0: none).

        Read from the checkpoint on disk: an interrupt may land between writing it and
        the return, so the state in memory cannot tell.
        """
        if not self.checkpointing:
            return state.saved
        try:
            return int(read_state(self.folder / CHECKPOINT_FILE).generation)
        except OutputError:
            return 0

    def finish(self, archive: ParetoArchive) -> None:
        """Keep the archive's history as a table, and remove the scratch files.

        ``archive_history.parquet``: every row that entered the archive, with its
        generation and objectives (own sense), from which the archive of any generation
        is rebuilt (:func:`archive_at`), e.g. for anytime quality curves.
        """
        assert self.archive_log is not None
        width = 1 + archive.n_levers + len(archive.senses)
        rows = np.frombuffer(self.archive_log.read(), dtype=np.float64).reshape(-1, width)
        history = pd.DataFrame(rows[:, 1 + archive.n_levers :], columns=self.model.objective_names)
        history.insert(0, "generation", rows[:, 0].astype(np.int64))
        history.to_parquet(self.folder / HISTORY_FILE, index=False)
        for name in SCRATCH_FILES:
            (self.folder / name).unlink(missing_ok=True)


def _csv_rows(rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_failures(folder: Path) -> pd.DataFrame:
    """Return the failures written so far in ``folder`` (``failures.csv``)."""
    path = folder / FAILURES_FILE
    if not path.exists():
        return pd.DataFrame(columns=list(FAILURE_COLUMNS))
    return pd.read_csv(path)
