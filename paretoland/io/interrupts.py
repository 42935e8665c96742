"""SIGINT and SIGTERM as exceptions, so that every ``with`` block cleans up on the way out.

:func:`terminate_as_interrupt` turns SIGINT into :class:`KeyboardInterrupt` (as Python
does) and SIGTERM into :class:`Terminated`, a subclass of it, so both unwind the stack
the same way: workers are stopped, temporary files and staging folders removed, locks
released, and the command exits with 128 + the signal number (130, 143) after one line
that says where it stopped and how to continue.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Terminated", "exit_code", "terminate_as_interrupt"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like SIGINT's :class:`KeyboardInterrupt`."""


def exit_code(interrupt: BaseException) -> int:
    """Return the shell's exit code of an interrupt: 143 for SIGTERM, else 130 (SIGINT)."""
    return 128 + (signal.SIGTERM if isinstance(interrupt, Terminated) else signal.SIGINT)


_interrupted = threading.Event()


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    _interrupted.set()
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _quiet_after_interrupt(args: threading.ExceptHookArgs) -> None:
    """Drop the errors of background threads once the command is interrupted.

    When an interrupt stops the run, the worker pool's helper threads (loky's queue
    feeder and executor manager) can fail as their workers go; their tracebacks say
    nothing to the user, who gets the one line on where the run stopped instead.
    """
    if not _interrupted.is_set():
        threading.__excepthook__(args)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`KeyboardInterrupt`/:class:`Terminated`.

    Main thread only. After an interrupt, errors of background threads are not
    printed (:func:`_quiet_after_interrupt`), up to the end of the process.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, _raise_interrupt) for signum in signals}
    hook = threading.excepthook
    threading.excepthook = _quiet_after_interrupt
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if not _interrupted.is_set():
            threading.excepthook = hook
