"""The fault suite: what a user can do wrong, and what the machine can do to a run.

Every case checks what the README's "What is safe" promises: no user file is ever
lost, an interrupted run resumes to the same result, errors are one line naming the
path and the fix, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomli_w

from paretoland.cli import main
from paretoland.frontier import run_frontier
from paretoland.io.errors import describe_os_error
from paretoland.io.folders import read_marker
from paretoland.io.locks import lock_path

REPO = Path(__file__).resolve().parents[1]


def _config_file(folder: Path, data_dir: Path, **sections) -> Path:
    config = {
        "run": {"name": "fault", "seed": 3, "n_jobs": 1},
        "data": {"path": str(data_dir)},
        "algorithm": {"pop_size": 8, "n_gen": 3},
        "baseline": {"random_samples": 0, "uniform_rules": False},
    }
    for name, values in sections.items():
        config.setdefault(name, {}).update(values)
    path = folder / "config.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


def _cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paretoland.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _one_line_error(done: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


# ------------------------------------------------------------ output folders
@pytest.mark.parametrize(
    "command",
    [
        ["wedges"],
        ["scenarios", "--no-robustness"],
        ["frontier", "{config}"],
        ["sample", "{config}", "--n", "10"],
        ["data", "build", "--raw", "{raw}"],
    ],
    ids=["wedges", "scenarios", "frontier", "sample", "data-build"],
)
@pytest.mark.slow
def test_out_on_the_current_directory_deletes_nothing(tmp_path, small_data_dir, command) -> None:
    work = tmp_path / "p"
    work.mkdir()
    (work / "keep_me.txt").write_text("mine")
    (work / "sub").mkdir()
    config = _config_file(tmp_path, small_data_dir)
    args = [a.format(config=config, raw=tmp_path) for a in command]
    done = _cli(*args, "--out", ".", cwd=work)
    _one_line_error(done, 2, "current directory")
    assert sorted(p.name for p in work.iterdir()) == ["keep_me.txt", "sub"]


def test_out_on_a_file_or_a_dataset_folder_is_refused(tmp_path, small_data_dir, capsys) -> None:
    target = tmp_path / "results.txt"
    target.write_text("mine")
    assert main(["wedges", "--out", str(target)]) == 2
    assert target.read_text() == "mine" and "is a file" in capsys.readouterr().err
    dataset = tmp_path / "dataset"
    shutil.copytree(small_data_dir, dataset)
    before = sorted(p.name for p in dataset.iterdir())
    config = _config_file(tmp_path, small_data_dir)
    assert main(["frontier", str(config), "--out", str(dataset), "--quiet"]) == 2
    assert "dataset folder" in capsys.readouterr().err
    assert main(["data", "build", "--raw", str(tmp_path), "--out", str(dataset)]) == 2
    assert "dataset folder" in capsys.readouterr().err  # refused before any building
    assert sorted(p.name for p in dataset.iterdir()) == before


def test_rerunning_a_finished_run_keeps_what_the_user_added(
    tmp_path, small_data_dir, capsys
) -> None:
    config = _config_file(tmp_path, small_data_dir)
    out = tmp_path / "run"
    assert main(["frontier", str(config), "--out", str(out), "--quiet"]) == 0
    (out / "notes.md").write_text("my notes")
    (out / "memo").mkdir()
    (out / "memo" / "draft.html").write_text("my draft")
    assert main(["frontier", str(config), "--out", str(out), "--quiet"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["frontier", str(config), "--out", str(out), "--quiet", "--overwrite"]) == 0
    assert (out / "notes.md").read_text() == "my notes"
    assert (out / "memo" / "draft.html").read_text() == "my draft"
    assert read_marker(out)["kind"] == "frontier"


def test_a_killed_run_is_never_wiped_by_a_plain_rerun(tmp_path, small_config) -> None:
    out = tmp_path / "run"
    config = small_config.replace(algorithm={"n_gen": 4})
    run_frontier(config, out, progress=False, stop_after=2)
    checkpoint = (tmp_path / "run.partial" / "checkpoint.pkl").read_bytes()
    with pytest.raises(Exception, match=r"generation 2 of 4.*--resume.*--restart"):
        run_frontier(config, out, progress=False)
    assert (tmp_path / "run.partial" / "checkpoint.pkl").read_bytes() == checkpoint
    whole = run_frontier(config, tmp_path / "whole", progress=False)
    resumed = run_frontier(config, out, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed.pareto_set, whole.pareto_set, check_exact=True)
    restarted = run_frontier(config, tmp_path / "other", progress=False, stop_after=1)
    assert len(restarted.hypervolume) == 1
    again = run_frontier(config, tmp_path / "other", restart=True, progress=False)
    pd.testing.assert_frame_equal(again.pareto_set, whole.pareto_set, check_exact=True)


def test_resume_may_change_the_workers_but_names_any_other_change(tmp_path, small_config) -> None:
    out = tmp_path / "run"
    config = small_config.replace(algorithm={"n_gen": 4})
    run_frontier(config, out, progress=False, stop_after=1)
    with pytest.raises(Exception, match=r"run\.seed.*only n_jobs"):
        run_frontier(config.replace(run={"seed": 9}), out, resume=True, progress=False)
    resumed = run_frontier(config.replace(run={"n_jobs": 2}), out, resume=True, progress=False)
    whole = run_frontier(config, tmp_path / "whole", progress=False)
    pd.testing.assert_frame_equal(resumed.pareto_set, whole.pareto_set, check_exact=True)


def test_checkpoint_false_writes_no_checkpoint_and_cannot_resume(tmp_path, small_config) -> None:
    config = small_config.replace(run={"checkpoint": False}, algorithm={"n_gen": 4})
    run_frontier(config, tmp_path / "run", progress=False, stop_after=2)
    partial = tmp_path / "run.partial"
    assert not (partial / "checkpoint.pkl").exists()
    with pytest.raises(Exception, match="cannot be resumed"):
        run_frontier(config, tmp_path / "run", resume=True, progress=False)


def test_a_damaged_checkpoint_is_named_not_silently_restarted(tmp_path, small_config) -> None:
    out = tmp_path / "run"
    config = small_config.replace(algorithm={"n_gen": 4})
    run_frontier(config, out, progress=False, stop_after=2)
    checkpoint = tmp_path / "run.partial" / "checkpoint.pkl"
    checkpoint.write_bytes(checkpoint.read_bytes()[:-10])
    with pytest.raises(Exception, match="checkpoint.pkl is damaged"):
        run_frontier(config, out, resume=True, progress=False)
    log = tmp_path / "run.partial" / "failures.csv"
    assert log.exists()  # nothing was deleted


def test_pick_refuses_an_incomplete_run_folder(tmp_path, small_data_dir, capsys) -> None:
    config = _config_file(tmp_path, small_data_dir)
    out = tmp_path / "run"
    assert main(["frontier", str(config), "--out", str(out), "--quiet"]) == 0
    (out / "hypervolume.csv").unlink()
    assert main(["pick", str(out)]) == 2
    assert "hypervolume.csv is missing" in capsys.readouterr().err
    partial = tmp_path / "killed.partial"
    partial.mkdir()
    assert main(["pick", str(partial)]) == 2


def test_reading_a_killed_run_asks_for_resume(tmp_path, small_config, capsys) -> None:
    run_frontier(small_config.replace(algorithm={"n_gen": 4}), tmp_path / "cut", stop_after=2)
    partial = str(tmp_path / "cut.partial")
    for command in (["pick", partial], ["memo", partial], ["explore", partial]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "interrupted (generation 2 of 4)" in err and "--resume" in err, command
        assert f"finished folder {tmp_path / 'cut'}" in err


def test_a_library_error_without_strerror_keeps_its_message() -> None:
    error = FileNotFoundError("Failed to open local file 'runs/x/pareto_set.parquet'")
    assert describe_os_error(error).startswith("failed to open local file 'runs/x/pareto_set")


# ------------------------------------------------------------ bad options
def test_bad_pick_options_are_refused(small_run, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["pick", str(small_run.path), "--top", "-1"])
    assert "at least 1" in capsys.readouterr().err
    assert main(["pick", str(small_run.path), "--weights", "gdp=0.5,gdp=0.5"]) == 2
    assert "given twice" in capsys.readouterr().err


def test_pick_and_memo_take_the_runs_dataset_where_it_is_now(small_run, tmp_path, capsys) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(small_run.config.data_path, moved)
    assert main(["pick", str(small_run.path), "--data", str(moved)]) == 0
    other = tmp_path / "other"
    from paretoland.data.synthetic import synthetic_cities

    synthetic_cities(14, seed=8).to_dir(other)
    assert main(["pick", str(small_run.path), "--data", str(other)]) == 2
    assert "fingerprint" in capsys.readouterr().err


def test_nsga3_reports_the_population_it_really_uses(small_config, tmp_path) -> None:
    config = small_config.replace(algorithm={"name": "nsga3", "pop_size": 8, "n_partitions": 4})
    result = run_frontier(config, tmp_path / "run", progress=False)
    assert result.metadata["population"] == 35  # C(4 + 3, 3) reference directions
    assert "population 35 (raised from 8" in result.summary()


# ------------------------------------------------------------ objectives
def nan_objective(cf) -> float:
    """Return NaN for half the candidates (by their GDP change)."""
    return float("nan") if cf.outcomes.gdp > 0 else cf.outcomes.gdp


def raising_objective(cf) -> float:
    """Raise for candidates that raise GDP."""
    if cf.outcomes.gdp > 0:
        raise ValueError("cannot score this one")
    return cf.outcomes.gdp


@pytest.mark.parametrize("function", ["nan_objective", "raising_objective"])
def test_an_objective_that_fails_fails_its_candidate_only(small_config, tmp_path, function) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        config = small_config.replace(
            objectives={
                "names": ["gdp", "mine"],
                "custom": [{"name": "mine", "function": f"test_faults:{function}", "sense": "max"}],
            }
        )
        result = run_frontier(config, tmp_path / "run", progress=False)
    finally:
        sys.path.remove(str(Path(__file__).parent))
    failures = pd.read_csv(tmp_path / "run" / "failures.csv")
    failed = failures[failures["status"] == "objective_failed"]
    assert len(failed) > 0 and failed["message"].str.contains("objective mine").all()
    assert np.isfinite(result.objectives.to_numpy()).all()


def test_a_run_without_a_feasible_point_says_so_and_fails(tmp_path, small_data_dir, capsys) -> None:
    config = _config_file(tmp_path, small_data_dir, solver={"max_iter": 2})
    assert main(["frontier", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 3
    assert "NO FEASIBLE POINT" in capsys.readouterr().err


# ------------------------------------------------------------ the machine
@pytest.mark.slow  # two frontier runs in subprocesses: about 8-10 s
def test_no_space_left_is_one_line_and_the_run_resumes(tmp_path, small_data_dir) -> None:
    """A small tmpfs where root can mount one; otherwise ENOSPC is simulated."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)], capture_output=True
        ).returncode
        == 0
    )
    try:
        config = _config_file(tmp_path, small_data_dir, algorithm={"pop_size": 40, "n_gen": 40})
        args = ["frontier", str(config), "--out", str(disk / "run"), "--quiet"]
        if mounted:
            done = _cli(*args)
        else:  # simulate: the journal's writes fail after a few generations
            done = _cli_with_enospc(args)
        _one_line_error(done, 1, "no space left", "free some disk space")
        assert not (disk / "run").exists()
        if mounted:
            subprocess.run(["mount", "-o", "remount,size=50m", str(disk)], check=True)
            resumed = _cli(*args, "--resume")
            assert resumed.returncode == 0, resumed.stderr
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], check=False)


def _cli_with_enospc(args: list[str]) -> subprocess.CompletedProcess:
    code = (
        "import errno, sys\n"
        "import paretoland.io.atomic as atomic\n"
        "import paretoland.frontier.journal as journal\n"
        "calls = [0]\n"
        "def full(path, write):\n"
        "    calls[0] += 1\n"
        "    if calls[0] > 3:\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device', str(path))\n"
        "    return atomic.atomic_write(path, write)\n"
        "journal.atomic_write = full\n"
        "from paretoland.cli import main\n"
        f"sys.exit(main({args!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_paths_the_os_refuses_are_one_line(tmp_path, small_data_dir) -> None:
    done = _cli("wedges", "--out", "/proc/paretoland-out")
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert "/proc/paretoland-out" in done.stderr


def _wait_for(predicate, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("the run did not get there in time")
        time.sleep(0.05)


def _generation(partial: Path) -> int:
    marker = read_marker(partial) or {}
    text = str(marker.get("progress", ""))
    return int(text.split()[1]) if text.startswith("generation") else 0


def _long_run(tmp_path: Path, data_dir: Path, n_jobs: int = 2) -> tuple[list[str], Path]:
    config = _config_file(
        tmp_path, data_dir, run={"n_jobs": n_jobs}, algorithm={"pop_size": 16, "n_gen": 400}
    )
    out = tmp_path / "run"
    return ["frontier", str(config), "--out", str(out), "--quiet"], out


def _model_files(pid: int) -> list[Path]:
    import tempfile

    return list(Path(tempfile.gettempdir()).glob(f"paretoland-model-{pid}-*.pkl"))


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            lines = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            if int(lines.get("PPid", "0").strip()) == pid:
                found.append(int(status.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_stops_cleanly_and_resumes(tmp_path, small_data_dir, signum, code) -> None:
    args, out = _long_run(tmp_path, small_data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "paretoland.cli", *args], stderr=subprocess.PIPE, text=True
    )
    partial = out.with_name("run.partial")
    _wait_for(lambda: _generation(partial) >= 3)
    workers = _children(process.pid)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "continue with `--resume`" in stderr
    generation = int(stderr.split("interrupted at generation ")[1].split()[0])
    from paretoland.io.checkpoint import read_state

    assert generation >= 3 and read_state(partial / "checkpoint.pkl").generation == generation
    assert not _model_files(process.pid) and not lock_path(out).exists()
    _wait_for(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 10)


@pytest.mark.slow
def test_kill_9_at_random_generations_resumes_to_the_same_result(tmp_path, small_data_dir) -> None:
    config = _config_file(
        tmp_path, small_data_dir, run={"n_jobs": 2}, algorithm={"pop_size": 16, "n_gen": 200}
    )
    whole = tmp_path / "whole"
    assert _cli("frontier", str(config), "--out", str(whole), "--quiet").returncode == 0
    out = tmp_path / "killed"
    partial = out.with_name("killed.partial")
    args = [sys.executable, "-m", "paretoland.cli", "frontier", str(config), "--out", str(out)]
    rng = np.random.default_rng(11)
    for stop in sorted(rng.choice(np.arange(5, 150), size=3, replace=False)):
        process = subprocess.Popen(
            [*args, "--quiet", *(["--resume"] if partial.exists() else [])],
            stderr=subprocess.DEVNULL,
        )
        with contextlib.suppress(TimeoutError):
            _wait_for(
                lambda stop=stop, process=process: (
                    _generation(partial) >= stop or process.poll() is not None
                )
            )
        workers = _children(process.pid)
        process.kill()
        process.wait()
        # the workers notice their parent died and exit within a few seconds
        _wait_for(lambda workers=workers: not any(Path(f"/proc/{w}").exists() for w in workers), 15)
    # a model file left behind by SIGKILL (if the kill came after the workers started) is
    # removed at the next start
    done = _cli("frontier", str(config), "--out", str(out), "--quiet", "--resume")
    assert done.returncode == 0, done.stderr
    assert not _model_files(process.pid)
    for name in ("pareto_set.parquet", "hypervolume.csv", "failures.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name
    generations = sorted(p.name for p in (out / "generations").iterdir())
    assert generations == sorted(p.name for p in (whole / "generations").iterdir())


@pytest.mark.slow
def test_two_runs_of_one_name_at_once(tmp_path, small_data_dir) -> None:
    args, out = _long_run(tmp_path, small_data_dir, n_jobs=1)
    first = subprocess.Popen(
        [sys.executable, "-m", "paretoland.cli", *args], stderr=subprocess.PIPE
    )
    try:
        _wait_for(
            lambda: lock_path(out).exists() and _generation(out.with_name("run.partial")) >= 1
        )
        second = _cli(*args)
        _one_line_error(second, 2, f"PID {first.pid}")
        again = _cli(*args, "--resume")
        _one_line_error(again, 2, f"PID {first.pid}")
    finally:
        first.kill()
        first.wait()
    holder = json.loads(lock_path(out).read_text())
    assert holder["pid"] == first.pid  # SIGKILL left the lock; the next run takes it over
    done = _cli(*args, "--resume")
    assert "stale lock" in done.stderr


@pytest.mark.slow
def test_a_read_only_file_system_is_one_line(tmp_path) -> None:
    disk = tmp_path / "ro"
    disk.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(disk)], capture_output=True
        ).returncode
    ):
        pytest.skip("mounting a read-only tmpfs needs root")
    try:
        done = _cli("wedges", "--out", str(disk / "wedges"))
        _one_line_error(done, 1, "read-only", str(disk))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_bad_input_leaves_no_partial_run_behind(tmp_path, small_data_dir, capsys) -> None:
    config = _config_file(tmp_path, small_data_dir)
    out = tmp_path / "runs" / "x"
    assert main(["frontier", str(config), "--out", str(out), "--data", str(tmp_path)]) == 2
    assert "cities" in capsys.readouterr().err
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert main(["frontier", str(config), "--out", str(out), "--quiet"]) == 0  # no --restart


def test_a_failure_before_the_first_generation_leaves_nothing(tmp_path, small_config, monkeypatch):
    import paretoland.frontier.run as run_module

    def broken(model):
        raise RuntimeError("compiler crashed")

    monkeypatch.setattr(run_module, "warm_up", broken)
    with pytest.raises(RuntimeError):
        run_frontier(small_config, tmp_path / "run", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_stale_model_files_of_dead_processes_are_removed(tmp_path, monkeypatch) -> None:
    import tempfile

    from paretoland.frontier.parallel import MODEL_FILE_PREFIX, remove_stale_model_files

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"{MODEL_FILE_PREFIX}{int(dead.stdout)}-abc.pkl"
    alive = tmp_path / f"{MODEL_FILE_PREFIX}{os.getpid()}-abc.pkl"
    stale.write_bytes(b"model")
    alive.write_bytes(b"model")
    assert remove_stale_model_files() == [stale]
    assert not stale.exists() and alive.exists()
