"""Output folders that never destroy anything by surprise.

Every command that writes a folder writes it whole into a staging folder beside the
target and publishes it with renames, so a failed or interrupted command leaves no
partial output. A published folder carries a marker, ``.paretoland.json``: its kind
(``frontier``, ``sample``, ``memo``, ...), the paretoland version, the time, and the
manifest of the files it wrote (relative path, size, SHA-256).

A command refuses, naming the path and the fix, to write into:

- the current directory or a folder that contains it; a path under /proc, /sys, /dev;
- a file;
- a dataset folder (it holds ``cities.csv`` or ``migration.csv``);
- a non-empty folder without a marker (not written by paretoland);
- a folder written by paretoland as another kind of output;
- a finished output of the same kind, unless ``overwrite`` is given; even then the
  files the user added there are carried over into the new folder, and it refuses,
  naming them, if the user edited files that paretoland wrote there (their edits
  would be lost).

Publishing takes four renames: the old folder aside (``.<name>.old-<pid>-…``), the
user's files from it into the new one, the new one into place, the old one deleted. A
process killed in between leaves hidden folders that the next command on the same
target completes or removes (:func:`recover`); nothing of the user's is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from paretoland._version import __version__
from paretoland.exceptions import OutputError
from paretoland.io.locks import FolderLock, process_alive

__all__ = [
    "MARKER_FILE",
    "check_target",
    "edited_files",
    "output_folder",
    "publish",
    "read_marker",
    "recover",
    "verify_folder",
    "write_marker",
]

MARKER_FILE = ".paretoland.json"
DATASET_FILES = ("cities.csv", "migration.csv")
_OLD, _TMP = ".old-", ".tmp-"
_VIRTUAL = ("proc", "sys", "dev")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every file below ``folder`` except its own marker, as relative paths, sorted."""
    marker = folder / MARKER_FILE
    return sorted(
        p.relative_to(folder)
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p != marker
    )


def write_marker(folder: Path, kind: str, **extra: Any) -> dict[str, Any]:
    """Write the marker of ``folder``: its kind and the manifest of its files.

    Parameters
    ----------
    folder : Path
        A finished output folder.
    kind : str
        What it is (``"frontier"``, ``"memo"``, ...).
    **extra
        More JSON fields (e.g. ``complete=True``).

    Returns
    -------
    dict
        The marker written.
    """
    marker = {
        "kind": kind,
        "paretoland": __version__,
        "written": time.strftime("%Y-%m-%d %H:%M:%S"),
        **extra,
        "files": {
            path.as_posix(): {
                "bytes": (folder / path).stat().st_size,
                "sha256": _sha256(folder / path),
            }
            for path in _files(folder)
        },
    }
    temporary = folder / (MARKER_FILE + ".tmp")
    temporary.write_text(json.dumps(marker, indent=1), encoding="utf-8")
    os.replace(temporary, folder / MARKER_FILE)
    return marker


def read_marker(folder: Path) -> dict[str, Any] | None:
    """Return the marker of ``folder``, or None when it has none (or an unreadable one)."""
    try:
        marker = json.loads((Path(folder) / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and "kind" in marker else None


def _inside_cwd(target: Path) -> bool:
    cwd = Path.cwd().resolve()
    return target == cwd or target in cwd.parents


def check_target(
    target: str | Path, kind: str, *, overwrite: bool = False, edits: bool = True
) -> None:
    """Refuse, naming the path and the fix, a target that writing ``kind`` could destroy.

    Parameters
    ----------
    target : str or Path
        The output folder.
    kind : str
        The kind of output about to be written.
    overwrite : bool
        Allow replacing a finished output of the same kind.
    edits : bool
        Check (by hashing) that the user edited none of its files; off for a first look
        that a check under the folder's lock repeats.

    Raises
    ------
    OutputError
        See the module docstring for the cases.
    """
    target = Path(target).resolve()
    if target.parts[1:2] and target.parts[1] in _VIRTUAL:
        raise OutputError(
            f"refusing to write the {kind} output into {target}: /{target.parts[1]} is a "
            "virtual file system that holds no files. Choose a normal folder (--out DIR)."
        )
    if _inside_cwd(target):
        raise OutputError(
            f"refusing to write the {kind} output into {target}: it is the current directory "
            "(or contains it), and writing there would replace it. Give a new folder, e.g. "
            f"--out {kind}-out."
        )
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_dir():
        raise OutputError(
            f"refusing to write the {kind} output to {target}: it is a file. Give a folder path "
            "that does not exist yet."
        )
    if not any(target.iterdir()):
        return
    marker = read_marker(target)
    if marker is None:
        if any((target / name).exists() for name in DATASET_FILES):
            what = "a dataset folder"
        else:
            what = "a non-empty folder that paretoland did not write"
        raise OutputError(
            f"refusing to write the {kind} output into {target}: it is {what}, and its files "
            "would be at risk. Give a new folder, e.g. --out "
            f"{target.parent / (target.name + '-' + kind)}."
        )
    if marker["kind"] != kind:
        raise OutputError(
            f"refusing to write the {kind} output into {target}: it holds a paretoland "
            f"{marker['kind']} output. Give another folder."
        )
    if not overwrite:
        raise OutputError(
            f"{target} already holds a finished {kind} output (written "
            f"{marker.get('written', '?')}). Add --overwrite to replace it (files you added "
            "there are kept), or give another folder."
        )
    edited = edited_files(target, marker) if edits else []
    if edited:
        names = ", ".join(str(target / name) for name in edited[:5])
        raise OutputError(
            f"refusing to replace the {kind} output in {target}: {names} changed since "
            "paretoland wrote it, and --overwrite would lose your edits. Copy or rename the "
            "file(s) (a renamed file is kept as yours), or give another folder."
        )


def edited_files(folder: Path, marker: dict[str, Any] | None = None) -> list[str]:
    """Files of a paretoland-written ``folder`` that changed since it was written.

    Files its manifest (``marker``, read from the folder if not given) lists that now
    differ in size or SHA-256; missing files do not count (nothing of the user's is in
    them).
    """
    marker = marker if marker is not None else read_marker(folder) or {}
    edited = []
    for name, record in marker.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            continue
        if path.stat().st_size != record.get("bytes") or _sha256(path) != record.get("sha256"):
            edited.append(name)
    return edited


def _user_files(old: Path) -> list[Path]:
    """Files in the published folder ``old`` that its manifest does not list."""
    marker = read_marker(old) or {"files": {}}
    ours = set(marker.get("files", {}))
    return [path for path in _files(old) if path.as_posix() not in ours]


def _move_user_files(old: Path, new: Path) -> None:
    for path in _user_files(old):
        destination = new / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old / path, destination)


def publish(staging: Path, target: Path) -> None:
    """Put the finished folder ``staging`` in place of ``target``, keeping the user's files.

    ``staging`` must carry its marker already. Files in ``target`` that its manifest
    does not list (a user's notes, a memo folder) are moved into the new folder; if
    the new folder has a file of the same name, nothing is changed and
    :class:`OutputError` names the files.
    """
    staging, target = Path(staging), Path(target)
    if not target.exists():
        os.replace(staging, target)
        return
    clashes = [p for p in _user_files(target) if (staging / p).exists()]
    if clashes:
        names = ", ".join(str(target / p) for p in clashes[:5])
        raise OutputError(
            f"cannot replace {target}: files you added there ({names}) have the names of new "
            f"output files. Move them elsewhere and run again; the new output waits in {staging}."
        )
    old = target.with_name(f".{target.name}{_OLD}{os.getpid()}-{os.urandom(4).hex()}")
    os.replace(target, old)
    _move_user_files(old, staging)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _leftovers(target: Path, infix: str) -> list[tuple[Path, int]]:
    """Hidden folders ``.<name><infix><pid>-…`` beside ``target``, with their PIDs."""
    found: list[tuple[Path, int]] = []
    prefix = f".{target.name}{infix}"
    if not target.parent.is_dir():
        return found
    for path in target.parent.iterdir():
        if path.name.startswith(prefix):
            pid = path.name[len(prefix) :].split("-", 1)[0]
            found.append((path, int(pid) if pid.isdigit() else -1))
    return found


def recover(target: str | Path, partial: Path | None = None) -> None:
    """Complete or undo what a killed command left beside ``target``.

    A folder set aside by an interrupted :func:`publish` is either deleted (the new
    folder is in place), or finished (the new folder waits in a complete staging
    folder or ``partial``), or put back. Staging folders of dead processes that never
    reached :func:`publish` hold only their own output and are removed. Call it while
    holding the target's lock.
    """
    target = Path(target).resolve()
    for old, pid in _leftovers(target, _OLD):
        if process_alive(pid):
            continue
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            continue
        candidates = [p for p, q in _leftovers(target, _TMP) if q == pid]
        if partial is not None:
            candidates.append(partial)
        waiting = [p for p in candidates if (read_marker(p) or {}).get("complete")]
        if waiting:
            _move_user_files(old, waiting[0])
            os.replace(waiting[0], target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)
    for staging, pid in _leftovers(target, _TMP):
        if not process_alive(pid):
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def output_folder(
    target: str | Path, kind: str, *, overwrite: bool = False, command: str = ""
) -> Iterator[Path]:
    """Yield a staging folder that becomes ``target`` when the block succeeds.

    The target is checked (:func:`check_target`) and locked for the whole block. On
    success the staging folder gets its marker and is published (:func:`publish`); on
    any error or interruption it is removed and ``target`` is left as it was.

    Parameters
    ----------
    target : str or Path
        The output folder.
    kind : str
        The kind of output (recorded in the marker; an existing output of another kind
        is never replaced).
    overwrite : bool
        Replace a finished output of the same kind (the user's files in it are kept).
    command : str
        Shown to a second command that finds the folder locked.

    Yields
    ------
    Path
        An empty folder on the same file system as ``target``.
    """
    target = Path(target).resolve()
    check_target(target, kind, overwrite=overwrite, edits=False)  # hashed under the lock
    target.parent.mkdir(parents=True, exist_ok=True)
    with FolderLock(target, command):
        recover(target)
        check_target(target, kind, overwrite=overwrite)  # again, now that we hold the lock
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name}{_TMP}{os.getpid()}-", dir=target.parent)
        )
        try:
            yield staging
            write_marker(staging, kind, complete=True)
            publish(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def verify_folder(folder: str | Path, kind: str, *, required: tuple[str, ...] = ()) -> None:
    """Check that ``folder`` is a complete, intact ``kind`` output before reading it.

    Parameters
    ----------
    folder : str or Path
        A published output folder.
    kind : str
        The kind expected.
    required : tuple of str
        Files that must exist (checked also for folders written before markers
        existed, which have none).

    Raises
    ------
    OutputError
        Naming the folder and the missing, truncated or altered file, with the fix.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder; give the folder of a finished {kind}.")
    missing = [name for name in required if not (folder / name).exists()]
    marker = read_marker(folder)
    if marker is None:
        if missing:
            raise OutputError(
                f"{folder} is not a complete {kind} output: {', '.join(missing)} missing. A "
                "killed run lives in <name>.partial and continues with --resume."
            )
        return
    if marker["kind"] != kind:
        raise OutputError(f"{folder} holds a {marker['kind']} output, not a {kind}.")
    if not marker.get("complete", True):
        progress = marker.get("progress")
        at = f" ({progress})" if progress else ""
        finished = folder.with_name(folder.name.removesuffix(".partial"))
        raise OutputError(
            f"{folder} holds a {kind} that was interrupted{at} and has not finished. Continue "
            f"it with the same command and `--resume`, then read the finished folder {finished}."
        )
    for name, entry in marker.get("files", {}).items():
        path = folder / name
        if not path.exists():
            raise OutputError(
                f"{folder} is incomplete: {name} is missing. Rerun the {kind} with --overwrite."
            )
        if path.stat().st_size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            raise OutputError(
                f"{path} is damaged (its size or checksum differs from what was written). "
                f"Rerun the {kind} with --overwrite."
            )
    if missing:
        raise OutputError(
            f"{folder} is incomplete: {', '.join(missing)} is missing. Rerun "
            f"the {kind} with --overwrite."
        )
