"""All-or-nothing files: written under a temporary name, renamed into place.

Folders are published whole by :mod:`paretoland.io.folders`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write a file through ``write(temporary_path)`` and rename it into place.

    ``path`` is then either the old file or the complete new one, never half written;
    if ``write`` fails, the temporary file is removed.
    """
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
