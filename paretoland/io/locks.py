"""One run at a time per output folder: a lock file naming the process that holds it.

A lock is a small JSON file ``.<name>.lock`` beside the folder ``<name>``, created
with ``O_CREAT | O_EXCL`` (atomic on every local file system): the process id, the
host, the process's start time and the command. A second run of the same folder
refuses with a message naming the first run's PID. A lock whose process is gone
(same host, PID no longer running, or running but started at another time: the PID
was reused) is stale: it is taken over with a message.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from paretoland.exceptions import OutputError

__all__ = ["FolderLock", "lock_path", "process_alive"]


def lock_path(target: Path) -> Path:
    """Return the lock file of the output folder ``target``: ``.<name>.lock`` beside it."""
    return target.with_name(f".{target.name}.lock")


def _start_time(pid: int) -> str | None:
    """Return the start time of process ``pid`` in clock ticks since boot (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces
    return stat.rsplit(")", 1)[1].split()[19]


def process_alive(pid: int, start_time: str | None = None) -> bool:
    """Return whether process ``pid`` runs on this host (and started at ``start_time``).

    Parameters
    ----------
    pid : int
        A process id.
    start_time : str, optional
        Its start time as recorded in a lock (``/proc/<pid>/stat`` field 22); a
        running process with another start time is a reused PID, not the recorded one.
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # runs, under another user
        pass
    if start_time is not None:
        now = _start_time(pid)
        return now is None or now == start_time
    return True


class FolderLock:
    """The lock of one output folder, held for the duration of a ``with`` block.

    Parameters
    ----------
    target : Path
        The output folder (it need not exist).
    command : str
        What holds the lock (shown to a second run).

    Raises
    ------
    OutputError
        On entry, when a live process holds the lock (naming its PID and host), or
        when a lock from another host cannot be checked.
    """

    def __init__(self, target: str | Path, command: str = "") -> None:
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.command = command or " ".join(["paretoland", *sys.argv[1:]])
        self.held = False

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _record(self) -> dict[str, Any]:
        pid = os.getpid()
        return {
            "pid": pid,
            "host": socket.gethostname(),
            "start_time": _start_time(pid),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": self.command,
        }

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise :class:`OutputError` if held."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                self._take_over_if_stale()
                continue
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self._record(), stream)
            self.held = True
            return
        raise OutputError(f"could not take the lock {self.path}; remove it if no run uses it.")

    def _take_over_if_stale(self) -> None:
        holder = self._holder()
        if holder is None:  # vanished, or half written by a starting run: look again
            time.sleep(0.05)
            return
        pid, host = int(holder.get("pid", -1)), str(holder.get("host", ""))
        if host != socket.gethostname():
            raise OutputError(
                f"{self.target} is locked by a run on host {host!r} (PID {pid}, "
                f"{holder.get('command', '?')}, started {holder.get('started', '?')}). "
                f"Wait for it to finish, choose another --out, or remove {self.path} if "
                "that run is gone."
            )
        if process_alive(pid, holder.get("start_time")):
            raise OutputError(
                f"{self.target} is in use by another paretoland run: PID {pid} "
                f"({holder.get('command', '?')}, started {holder.get('started', '?')}). "
                "Wait for it to finish, or choose another --out."
            )
        # stale: move it aside atomically (only one contender succeeds), then retry
        aside = self.path.with_name(f"{self.path.name}.stale-{uuid.uuid4().hex}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return
        aside.unlink(missing_ok=True)
        print(
            f"paretoland: note: took over the stale lock of {self.target} from PID {pid} "
            f"(started {holder.get('started', '?')}), which no longer runs.",
            file=sys.stderr,
        )

    def _holder(self) -> dict[str, Any] | None:
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            holder = None
        if not isinstance(holder, dict):
            # unreadable: stale if older than a few seconds, else a run is writing it
            with contextlib.suppress(OSError):
                if time.time() - self.path.stat().st_mtime > 5:
                    return {"pid": -1, "host": socket.gethostname(), "started": "?"}
            return None
        return holder

    def release(self) -> None:
        """Remove the lock if this process holds it."""
        if not self.held:
            return
        self.held = False
        holder = self._holder()
        if holder is not None and int(holder.get("pid", -1)) == os.getpid():
            self.path.unlink(missing_ok=True)
