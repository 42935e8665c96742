"""Locks, checksummed checkpoints and one-line OS errors (paretoland.io)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest

from paretoland.exceptions import OutputError
from paretoland.io.checkpoint import AppendLog, read_state, write_state
from paretoland.io.errors import describe_os_error
from paretoland.io.locks import FolderLock, lock_path, process_alive


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_a_second_holder_is_refused_with_the_first_pid(tmp_path) -> None:
    with FolderLock(tmp_path / "run", "paretoland frontier"):
        with pytest.raises(OutputError, match=f"PID {os.getpid()}"):
            FolderLock(tmp_path / "run").acquire()
    assert not lock_path(tmp_path / "run").exists()


def test_a_lock_held_by_another_live_process_is_refused(tmp_path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from paretoland.io.locks import FolderLock\n"
            f"lock = FolderLock({str(tmp_path / 'run')!r}); lock.acquire()\n"
            "print('held', flush=True)\n"
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match=f"PID {holder.pid}"):
            FolderLock(tmp_path / "run").acquire()
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_is_taken_over_with_a_message(tmp_path, capsys) -> None:
    dead = _dead_pid()
    assert not process_alive(dead)
    path = lock_path(tmp_path / "run")
    path.write_text(json.dumps({"pid": dead, "host": os.uname().nodename, "started": "then"}))
    with FolderLock(tmp_path / "run"):
        assert json.loads(path.read_text())["pid"] == os.getpid()
    assert "stale lock" in capsys.readouterr().err and not path.exists()


def test_a_reused_pid_is_not_mistaken_for_the_holder(tmp_path) -> None:
    path = lock_path(tmp_path / "run")
    path.write_text(
        json.dumps({"pid": os.getpid(), "host": os.uname().nodename, "start_time": "1"})
    )
    with FolderLock(tmp_path / "run"):  # this process started at another time than "1"
        pass


def test_a_lock_from_another_host_is_left_to_the_user(tmp_path) -> None:
    path = lock_path(tmp_path / "run")
    path.write_text(json.dumps({"pid": 1, "host": "elsewhere", "started": "then"}))
    with pytest.raises(OutputError, match="host 'elsewhere'"):
        FolderLock(tmp_path / "run").acquire()
    assert path.exists()


def test_a_checkpoint_round_trips_and_detects_damage(tmp_path) -> None:
    path = tmp_path / "checkpoint.pkl"
    write_state(path, {"generation": 3, "local": lambda: 1})  # cloudpickle fallback
    assert read_state(path)["generation"] == 3
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(OutputError, match="damaged.*--restart"):
        read_state(path)
    path.write_bytes(bytes(raw[:20]))
    with pytest.raises(OutputError, match="not a paretoland checkpoint"):
        read_state(path)
    with pytest.raises(OutputError, match="missing"):
        read_state(tmp_path / "none.pkl")


def test_a_log_is_cut_back_to_its_checkpoint_and_checked(tmp_path) -> None:
    log = AppendLog(tmp_path / "log")
    log.append(b"generation 1\n")
    position = log.position
    log.append(b"generation 2, written after the checkpoint\n")
    resumed = AppendLog(tmp_path / "log", position)
    assert (
        resumed.read() == b"generation 1\n" and (tmp_path / "log").read_bytes() == b"generation 1\n"
    )
    (tmp_path / "log").write_bytes(b"generation X\n")
    with pytest.raises(OutputError, match="damaged"):
        AppendLog(tmp_path / "log", position)
    (tmp_path / "log").write_bytes(b"gen")
    with pytest.raises(OutputError, match="shorter"):
        AppendLog(tmp_path / "log", position)


@pytest.mark.parametrize(
    ("code", "fix"),
    [
        (errno.EACCES, "permissions"),
        (errno.ENOSPC, "free some disk space"),
        (errno.EROFS, "read-only"),
        (errno.EISDIR, "give the path of a file"),
    ],
)
def test_os_errors_read_as_one_line_with_the_path_and_a_fix(code, fix) -> None:
    text = describe_os_error(OSError(code, os.strerror(code), "runs/default"))
    assert "runs/default" in text and fix in text and "\n" not in text
