"""The exit codes of the ``paretoland`` command, for scripts that run it.

0 is success; SIGINT and SIGTERM exit with 130 and 143
(:func:`paretoland.io.interrupts.exit_code`).
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["EXIT_ERROR", "EXIT_OS_ERROR", "EXIT_NO_FEASIBLE_POINT", "no_feasible_point"]

EXIT_ERROR = 2
"""Exit code of an error the user can fix (bad input, options, paths)."""
EXIT_OS_ERROR = 1
"""Exit code of an operating-system error (permissions, disk space, ...)."""
EXIT_NO_FEASIBLE_POINT = 3
"""Exit code of a frontier or sample that ended without a single feasible point."""


def no_feasible_point(what: str, out: Path) -> int:
    """Say on stderr that a run found no feasible point; return :data:`EXIT_NO_FEASIBLE_POINT`.

    ``what`` says how much was tried (``"100 rules were drawn"``); ``out`` is the run's
    folder, which holds only the failures.
    """
    bar = "!" * 72
    print(
        f"\n{bar}\nNO FEASIBLE POINT: {what}, and not one solved with every constraint "
        f"met.\nThe outputs in {out}/ hold only failures (see failures.csv). Loosen the "
        "constraints, narrow the levers' bounds, or check the solver options.\n"
        f"{bar}",
        file=sys.stderr,
    )
    return EXIT_NO_FEASIBLE_POINT
