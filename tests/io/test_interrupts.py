"""SIGINT and SIGTERM inside a command (paretoland.io.interrupts)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from paretoland.io import interrupts
from paretoland.io.interrupts import Terminated, exit_code, terminate_as_interrupt


@pytest.fixture
def restored(monkeypatch):
    """Give back the excepthook and the interrupted flag after the test."""
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    interrupts._interrupted.clear()


@pytest.mark.parametrize(
    ("signum", "error", "code"),
    [(signal.SIGINT, KeyboardInterrupt, 130), (signal.SIGTERM, Terminated, 143)],
)
def test_a_signal_raises_and_quiets_the_threads_left(restored, capfd, signum, error, code) -> None:
    with pytest.raises(error) as raised, terminate_as_interrupt():
        os.kill(os.getpid(), signum)
        time.sleep(5)  # the handler raises at once
    assert exit_code(raised.value) == code
    assert isinstance(raised.value, Terminated) == (signum == signal.SIGTERM)
    # a worker pool's helper thread failing as the interrupted run goes: no traceback
    thread = threading.Thread(target=lambda: 1 / 0, name="QueueFeederThread")
    thread.start()
    thread.join()
    assert "Traceback" not in capfd.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is not interrupts._raise_interrupt


def test_without_an_interrupt_thread_errors_still_show(restored, capfd) -> None:
    with terminate_as_interrupt():
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
    assert "ZeroDivisionError" in capfd.readouterr().err
    assert threading.excepthook is not interrupts._quiet_after_interrupt
