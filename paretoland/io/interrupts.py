"""SIGINT and SIGTERM as exceptions, so that every ``with`` block cleans up on the way out.

Python turns SIGINT into :class:`KeyboardInterrupt`. :func:`terminate_as_interrupt`
turns SIGTERM into :class:`Terminated`, a subclass of it, so both unwind the stack
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


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
