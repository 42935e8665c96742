"""Checksummed checkpoints whose cost grows with what changed, not with the run.

A run's checkpoint is a small state file, rewritten atomically after every step, plus
append-only logs that only grow (the archive's insertions, the failures). The state
records each log's length and the SHA-256 of its content up to that length, so that:

- a step costs the new log bytes plus one small state file, however long the run;
- on resume each log is cut back to its recorded length (bytes written after the last
  checkpoint by a killed process are dropped) and checked against its checksum;
- a truncated or altered state file or log is detected and named, never silently
  restarted from scratch.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import cloudpickle

from paretoland.exceptions import OutputError

__all__ = ["AppendLog", "read_state", "write_state"]

_MAGIC = b"PARETOLAND-CHECKPOINT-1\n"
_RESTART_HINT = "It cannot be resumed; start over with `--restart`."


def write_state(path: Path, state: Any) -> None:
    """Pickle ``state`` to ``path`` atomically, behind a SHA-256 of the payload.

    The C pickler when it can (several times faster); cloudpickle for states that hold
    local functions.
    """
    try:
        payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        payload = cloudpickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
    os.replace(temporary, path)


def read_state(path: Path) -> Any:
    """Return the state pickled by :func:`write_state`, after checking its checksum.

    Raises
    ------
    OutputError
        If the file is missing, truncated, altered or not a checkpoint, naming it.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OutputError(f"the checkpoint {path} is missing. {_RESTART_HINT}") from None
    head = len(_MAGIC) + 32
    if not raw.startswith(_MAGIC) or len(raw) < head:
        raise OutputError(f"{path} is not a paretoland checkpoint. {_RESTART_HINT}")
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(_MAGIC) : head]:
        raise OutputError(
            f"the checkpoint {path} is damaged (truncated or altered: its checksum does not "
            f"match). {_RESTART_HINT}"
        )
    return pickle.loads(payload)


class AppendLog:
    """An append-only file with a running SHA-256 of its content.

    Parameters
    ----------
    path : Path
        The log file (created empty if absent).
    position : tuple of (int, str), optional
        ``(length, sha256)`` from a checkpoint: the file is cut back to ``length``
        bytes and its content checked against ``sha256`` (resuming).

    Raises
    ------
    OutputError
        When resuming from a log shorter than recorded or whose content differs.
    """

    def __init__(self, path: Path, position: tuple[int, str] | None = None) -> None:
        self.path = Path(path)
        self._digest = hashlib.sha256()
        self.length = 0
        if position is None:
            self.path.write_bytes(b"")
            return
        length, expected = position
        try:
            with open(self.path, "r+b") as stream:
                content = stream.read(length)
                stream.truncate(length)
        except FileNotFoundError:
            content = b""
        self._digest.update(content)
        self.length = len(content)
        if self.length != length or self._digest.hexdigest() != expected:
            raise OutputError(
                f"the log {self.path} is damaged (shorter than the checkpoint records, or "
                f"altered: its checksum does not match). {_RESTART_HINT}"
            )

    def append(self, data: bytes) -> None:
        """Append ``data`` and fold it into the running checksum."""
        if not data:
            return
        with open(self.path, "ab") as stream:
            stream.write(data)
        self._digest.update(data)
        self.length += len(data)

    @property
    def position(self) -> tuple[int, str]:
        """``(length, sha256)`` of the content written so far, for the checkpoint."""
        return self.length, self._digest.hexdigest()

    def read(self) -> bytes:
        """Return the whole content (up to the current length)."""
        with open(self.path, "rb") as stream:
            return stream.read(self.length)
