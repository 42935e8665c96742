"""Output folders never destroy anything by surprise (paretoland.io.folders, run_folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paretoland.exceptions import OutputError
from paretoland.io.folders import (
    MARKER_FILE,
    check_target,
    output_folder,
    read_marker,
    recover,
    verify_folder,
)
from paretoland.io.run_folder import RunFolder


def _write(folder: Path, kind: str = "report", overwrite: bool = False, **files: str) -> None:
    with output_folder(folder, kind, overwrite=overwrite) as staging:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text)


def test_a_new_folder_is_written_whole_with_its_marker(tmp_path) -> None:
    _write(tmp_path / "out", a="1", **{"sub/b": "2"})
    marker = read_marker(tmp_path / "out")
    assert marker["kind"] == "report" and set(marker["files"]) == {"a", "sub/b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no lock, no staging left


def test_the_current_directory_is_refused_and_kept(tmp_path, monkeypatch) -> None:
    (tmp_path / "keep_me.txt").write_text("mine")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="current directory"):
        _write(Path("."), a="1")
    with pytest.raises(OutputError, match="current directory"):
        _write(tmp_path.parent, a="1")  # a folder that contains the current one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep_me.txt", "sub"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p.write_text("a file"), "is a file"),
        (lambda p: (p.mkdir(), (p / "cities.csv").write_text("x")), "dataset folder"),
        (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "did not write"),
    ],
    ids=["file", "dataset", "foreign-folder"],
)
def test_folders_paretoland_did_not_write_are_refused(tmp_path, setup, message) -> None:
    target = tmp_path / "target"
    setup(target)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    with pytest.raises(OutputError, match=message):
        _write(target, a="1")
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_another_kind_of_output_is_never_replaced(tmp_path) -> None:
    _write(tmp_path / "out", kind="memo", a="1")
    with pytest.raises(OutputError, match="paretoland memo output"):
        _write(tmp_path / "out", kind="wedges", overwrite=True, a="2")


def test_a_finished_output_needs_overwrite_and_keeps_the_users_files(tmp_path) -> None:
    out = tmp_path / "out"
    _write(out, a="old", b="old")
    (out / "notes.txt").write_text("my notes")
    (out / "memo").mkdir()
    (out / "memo" / "memo.html").write_text("my memo")
    with pytest.raises(OutputError, match="--overwrite"):
        _write(out, a="new")
    assert (out / "a").read_text() == "old"
    _write(out, overwrite=True, a="new")
    assert (out / "a").read_text() == "new" and not (out / "b").exists()
    assert (out / "notes.txt").read_text() == "my notes"
    assert (out / "memo" / "memo.html").read_text() == "my memo"
    assert set(read_marker(out)["files"]) == {"a"}


def test_overwrite_refuses_to_lose_the_users_edits_of_an_output_file(tmp_path) -> None:
    out = tmp_path / "out"
    _write(out, a="old", b="old")
    (out / "a").write_text("old, with my corrections")
    with pytest.raises(OutputError, match=r"out/a changed since paretoland wrote it"):
        _write(out, overwrite=True, a="new")
    assert (out / "a").read_text() == "old, with my corrections"
    (out / "a").rename(out / "a_mine")  # renamed: the user's own file, kept
    _write(out, overwrite=True, a="new")
    assert (out / "a").read_text() == "new"
    assert (out / "a_mine").read_text() == "old, with my corrections"


def test_a_users_file_clashing_with_a_new_output_stops_the_replacement(tmp_path) -> None:
    out = tmp_path / "out"
    _write(out, a="old")
    (out / "b").write_text("mine")
    with pytest.raises(OutputError, match="have the names of new output files"):
        _write(out, overwrite=True, a="new", b="ours")
    assert (out / "a").read_text() == "old" and (out / "b").read_text() == "mine"


def test_a_failure_inside_leaves_the_old_output_and_no_staging(tmp_path) -> None:
    out = tmp_path / "out"
    _write(out, a="old")
    with pytest.raises(RuntimeError), output_folder(out, "report", overwrite=True) as staging:
        (staging / "a").write_text("half")
        raise RuntimeError("disk full")
    assert (out / "a").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_publish_killed_between_renames_is_completed_next_time(tmp_path) -> None:
    """The old folder set aside by a dead process, the new one waiting in staging."""
    out = tmp_path / "out"
    _write(out, a="old")
    (out / "notes.txt").write_text("mine")
    staging = tmp_path / ".out.tmp-999999999-x"
    _write(tmp_path / "new", a="new")
    os.replace(tmp_path / "new", staging)
    marker = read_marker(staging)
    (staging / MARKER_FILE).write_text(json.dumps({**marker, "complete": True}))
    os.replace(out, tmp_path / ".out.old-999999999-y")  # killed here
    recover(out)
    assert (out / "a").read_text() == "new" and (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_verify_folder_names_a_missing_or_damaged_file(tmp_path) -> None:
    out = tmp_path / "out"
    _write(out, a="12345", b="x")
    verify_folder(out, "report")
    (out / "a").write_text("12346")
    with pytest.raises(OutputError, match="a is damaged"):
        verify_folder(out, "report")
    (out / "a").unlink()
    with pytest.raises(OutputError, match="a is missing"):
        verify_folder(out, "report")
    with pytest.raises(OutputError, match="not a report"):
        _write(tmp_path / "m", kind="memo", a="1")
        verify_folder(tmp_path / "m", "report")


def test_check_target_accepts_new_and_empty_folders(tmp_path) -> None:
    check_target(tmp_path / "new", "report")
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty", "report")


def test_a_killed_run_needs_resume_or_restart(tmp_path) -> None:
    target = tmp_path / "run"
    with RunFolder(target, "frontier") as folder:
        (folder.partial / "checkpoint.pkl").write_text("state")
        folder.note(progress="generation 3 of 10")
    with pytest.raises(OutputError, match=r"generation 3 of 10.*--resume.*--restart"):
        RunFolder(target, "frontier").__enter__()
    with RunFolder(target, "frontier", resume=True) as folder:
        assert folder.resuming and (folder.partial / "checkpoint.pkl").exists()
    with RunFolder(target, "frontier", restart=True) as folder:
        assert not folder.resuming and not (folder.partial / "checkpoint.pkl").exists()


def test_a_foreign_partial_folder_is_never_deleted(tmp_path) -> None:
    (tmp_path / "run.partial").mkdir()
    (tmp_path / "run.partial" / "mine.txt").write_text("x")
    with pytest.raises(OutputError, match="did not create it"):
        RunFolder(tmp_path / "run", "frontier", restart=True).__enter__()
    assert (tmp_path / "run.partial" / "mine.txt").exists()


def test_resume_without_a_partial_run_is_refused(tmp_path) -> None:
    with pytest.raises(OutputError, match="nothing to resume"):
        RunFolder(tmp_path / "run", "frontier", resume=True).__enter__()
    with pytest.raises(OutputError, match="not both"):
        RunFolder(tmp_path / "run", "frontier", resume=True, restart=True)
