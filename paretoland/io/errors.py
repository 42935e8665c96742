"""Operating-system errors as one line a user can act on.

The command line shows an :class:`OSError` (permission denied, no space left, a
read-only file system, a path that is a directory, ...) as one line naming the path
and the fix, never as a traceback.
"""

from __future__ import annotations

import errno

__all__ = ["describe_os_error"]

_FIXES = {
    errno.EACCES: "check its permissions, or choose a folder you can write to (--out DIR)",
    errno.EPERM: "check its permissions, or choose a folder you can write to (--out DIR)",
    errno.ENOSPC: "free some disk space, or choose a folder on another disk (--out DIR)",
    errno.EDQUOT: "free some space in your quota, or choose another folder (--out DIR)",
    errno.EROFS: "the file system is read-only: choose a writable folder (--out DIR)",
    errno.EISDIR: "it is a folder: give the path of a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
    errno.ENOENT: "check the path",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.EEXIST: "choose another path, or remove it",
    errno.EXDEV: "keep the output folder on one file system",
    errno.EINVAL: "this path cannot hold files (e.g. under /proc or /sys): choose a normal folder",
}


def describe_os_error(error: OSError) -> str:
    """Return one line: what failed, on which path, and how to fix it.

    Parameters
    ----------
    error : OSError
        The error as raised by the operating system.

    Returns
    -------
    str
        E.g. ``"no space left on device: runs/default.partial/gen_0012.parquet; free some
        disk space, or choose a folder on another disk (--out DIR)"``.
    """
    paths = [str(p) for p in (error.filename, error.filename2) if p is not None]
    if error.strerror:
        reason = error.strerror
        where = f": {' -> '.join(paths)}" if paths else ""
    else:  # raised by a library with only a message (e.g. pyarrow): it names the path
        reason, where = str(error) or type(error).__name__, ""
    reason = reason.rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    fix = _FIXES.get(error.errno or 0, "check the path and try again")
    return f"{reason}{where}; {fix}."
