"""The folders of a resumable run: ``<out>.partial`` while it runs, ``<out>`` when done.

A run (a frontier, a sample) keeps everything in ``<out>.partial`` while it runs,
including its checkpoint, and publishes it as ``<out>`` when it has finished
(:func:`~paretoland.io.folders.publish`). The partial folder carries a marker of its
kind, so that paretoland never deletes a folder it did not create. Starting a run whose
partial folder exists (a killed run) refuses with "continue with ``--resume``, or
start over with ``--restart``"; ``--restart`` deletes that partial folder only.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from paretoland.exceptions import OutputError
from paretoland.io.folders import (
    MARKER_FILE,
    check_target,
    publish,
    read_marker,
    recover,
    write_marker,
)
from paretoland.io.locks import FolderLock

__all__ = ["PARTIAL_SUFFIX", "RunFolder", "partial_path"]

PARTIAL_SUFFIX = ".partial"


def partial_path(target: str | Path) -> Path:
    """Return the folder ``<target>.partial`` in which a run lives until it finishes."""
    target = Path(target)
    return target.with_name(target.name + PARTIAL_SUFFIX)


class RunFolder:
    """The output folders of one resumable run, locked while it is open.

    Parameters
    ----------
    target : str or Path
        The finished run's folder.
    kind : str
        ``"frontier"`` or ``"sample"``: recorded in the markers.
    resume : bool
        Continue the killed run in ``<target>.partial``.
    restart : bool
        Delete the killed run's ``<target>.partial`` (it must carry this kind's marker)
        and start over.
    overwrite : bool
        Allow replacing a finished run in ``target`` (the user's files in it are kept).
    command : str
        Shown to a second run that finds the folder locked.

    Attributes
    ----------
    resuming : bool
        After entry: whether a killed run is being continued.
    """

    def __init__(
        self,
        target: str | Path,
        kind: str,
        *,
        resume: bool = False,
        restart: bool = False,
        overwrite: bool = False,
        command: str = "",
    ) -> None:
        if resume and restart:
            raise OutputError("give --resume or --restart, not both.")
        self.target = Path(target).resolve()
        self.partial = partial_path(self.target)
        self.kind = kind
        self.resume, self.restart, self.overwrite = resume, restart, overwrite
        self.lock = FolderLock(self.target, command)
        self.resuming = False
        self.created = False

    def __enter__(self) -> RunFolder:
        check_target(self.target, self.kind, overwrite=self.overwrite, edits=False)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            recover(self.target, self.partial)
            check_target(self.target, self.kind, overwrite=self.overwrite)
            self.resuming = self._open_partial()
        except BaseException:
            self.lock.release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()

    def _open_partial(self) -> bool:
        """Continue, clear or create ``<target>.partial``; return whether it resumes."""
        partial = self.partial
        if partial.exists() or partial.is_symlink():
            marker = read_marker(partial) if partial.is_dir() else None
            if marker is None or marker["kind"] != self.kind:
                raise OutputError(
                    f"{partial} exists, but paretoland did not create it as a {self.kind} run; "
                    "move it away or choose another --out."
                )
            if self.resume:
                return True
            if not self.restart:
                progress = marker.get("progress")
                at = f" ({progress})" if progress else ""
                raise OutputError(
                    f"{partial} holds a {self.kind} run that was interrupted{at}. Continue it "
                    "with `--resume`, or start over with `--restart` (which deletes it)."
                )
            shutil.rmtree(partial)
        elif self.resume:
            raise OutputError(
                f"nothing to resume: {partial} does not exist. Run without --resume to start."
            )
        partial.mkdir()
        self.created = True
        self.note(progress="starting")
        return False

    def discard(self) -> None:
        """Delete ``<target>.partial`` if this run created it.

        For a run that failed or was interrupted before it had anything worth resuming.
        """
        if self.created and self.partial.exists():
            shutil.rmtree(self.partial)

    def note(self, **fields: Any) -> None:
        """Record ``fields`` (e.g. ``progress="generation 12 of 200"``) in the partial marker."""
        path = self.partial / MARKER_FILE
        marker = read_marker(self.partial) or {"kind": self.kind, "complete": False}
        marker.update(fields)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(marker, indent=1), encoding="utf-8")
        os.replace(temporary, path)

    def publish(self, **fields: Any) -> None:
        """Seal the finished partial folder (marker with its manifest) and publish it."""
        write_marker(self.partial, self.kind, complete=True, **fields)
        publish(self.partial, self.target)
