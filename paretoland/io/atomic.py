"""All-or-nothing output folders.

A command that writes several files writes them into a hidden temporary folder next
to the target and renames it into place only when everything succeeded, so a failed
run never leaves partial or corrupt output behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_output_dir", "atomic_write", "publish_folder"]


@contextmanager
def atomic_output_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``target`` when the block succeeds.

    Parameters
    ----------
    target : str or Path
        The folder the outputs belong in. An existing folder is replaced as a whole
        on success and left untouched on failure.

    Yields
    ------
    Path
        A fresh empty folder on the same file system as ``target``.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
    staging.rename(target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write a file through ``write(temporary_path)`` and rename it into place, so
    ``path`` is either the old file or the complete new one, never half written.
    """
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    write(temporary)
    os.replace(temporary, path)
    return path


def publish_folder(staging: str | Path, target: str | Path) -> None:
    """Replace ``target`` by the finished ``staging`` folder (renames, no copies)."""
    staging, target = Path(staging), Path(target)
    if not target.exists():
        os.replace(staging, target)
        return
    trash = target.with_name(target.name + ".old")
    shutil.rmtree(trash, ignore_errors=True)
    os.replace(target, trash)
    os.replace(staging, target)
    shutil.rmtree(trash, ignore_errors=True)
