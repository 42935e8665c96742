"""Frontier runs end to end on a small synthetic economy."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from paretoland.cli import main
from paretoland.exceptions import ConfigError, OutputError
from paretoland.frontier import load_run, run_frontier
from paretoland.frontier.archive import dominated_by, epsilon_distance, minimisation_form
from paretoland.frontier.baselines import BEAT_TOLERANCE

SENSES = np.array([-1.0, -1.0, 1.0, 1.0])  # gdp, welfare max; output_gap, welfare_gap min


def _front(result) -> pd.DataFrame:
    return result.pareto_set.drop(columns="point")


def test_run_writes_a_complete_folder(small_config, tmp_path) -> None:
    out = tmp_path / "run"
    result = run_frontier(small_config, out, progress=False)
    names = {p.name for p in out.iterdir()}
    assert {
        "config.toml",
        "metadata.json",
        "pareto_set.parquet",
        "pareto_set.csv",
        "allocations.parquet",
        "generations",
        "hypervolume.csv",
        "failures.csv",
        "table4.csv",
        "uniform_rules.csv",
        "summary.txt",
    } <= names
    assert "checkpoint.pkl" not in names and not (tmp_path / "run.partial").exists()
    assert sorted(p.name for p in (out / "generations").iterdir()) == [
        "gen_0001.parquet",
        "gen_0002.parquet",
        "gen_0003.parquet",
    ]
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["seed"] == 3 and meta["n_evaluations"] == 24 and meta["generations"] == 3
    assert meta["data"]["sha256"] and meta["versions"]["pymoo"]
    loaded = load_run(out)
    pd.testing.assert_frame_equal(loaded.pareto_set, result.pareto_set)
    assert "Pareto set" in str(loaded) and "Table 4" in loaded.summary()
    allocations = loaded.allocations()
    assert set(allocations["point"]) == set(loaded.pareto_set["point"])


def test_front_is_non_dominated_and_objectives_keep_their_sense(small_config, tmp_path) -> None:
    result = run_frontier(small_config, tmp_path / "run", progress=False)
    objectives = result.objectives
    assert list(objectives.columns) == ["gdp", "welfare", "output_gap", "welfare_gap"]
    minimised = minimisation_form(objectives.to_numpy(), SENSES)
    for i, point in enumerate(minimised):
        others = np.delete(minimised, i, axis=0)
        assert not dominated_by(others, point).any()
    # own sense: the best GDP reported is the largest GDP change of any point
    assert result.objectives["gdp"].max() == _front(result)["gdp"].max()


def test_hypervolume_never_falls(small_config, tmp_path) -> None:
    config = small_config.replace(algorithm={"n_gen": 5})
    result = run_frontier(config, tmp_path / "run", progress=False)
    hv = result.hypervolume["hypervolume"].to_numpy()
    assert len(hv) == 5 and np.all(np.diff(hv) >= -1e-12)


def test_same_seed_same_frontier_and_other_seed_differs(small_config, tmp_path) -> None:
    first = run_frontier(small_config, tmp_path / "a", progress=False)
    second = run_frontier(small_config, tmp_path / "b", progress=False)
    pd.testing.assert_frame_equal(first.pareto_set, second.pareto_set)
    other = run_frontier(small_config.replace(run={"seed": 4}), tmp_path / "c", progress=False)
    assert not _front(other).equals(_front(first))


def test_one_or_two_workers_give_bit_identical_files(small_config, tmp_path) -> None:
    """The README's promise: results never depend on the number of workers."""
    config = small_config.replace(solver={"max_iter": 9})  # some candidates fail too
    run_frontier(config, tmp_path / "one", progress=False)
    run_frontier(config.replace(run={"n_jobs": 2}), tmp_path / "two", progress=False)
    for name in ("pareto_set.parquet", "allocations.parquet", "failures.csv", "hypervolume.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert len(pd.read_csv(tmp_path / "one" / "failures.csv")) > 0
    assert len(pd.read_parquet(tmp_path / "one" / "pareto_set.parquet")) > 0


def test_resume_ends_with_the_uninterrupted_frontier(small_config, tmp_path) -> None:
    config = small_config.replace(algorithm={"n_gen": 5})
    whole = run_frontier(config, tmp_path / "whole", progress=False)
    out = tmp_path / "killed"
    partial = run_frontier(config, out, progress=False, stop_after=2)
    assert len(partial.hypervolume) == 2
    assert not out.exists() and (tmp_path / "killed.partial" / "checkpoint.pkl").exists()
    resumed = run_frontier(config, out, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed.pareto_set, whole.pareto_set)
    pd.testing.assert_frame_equal(resumed.hypervolume, whole.hypervolume)
    assert resumed.metadata["resumed"] is True


def test_resume_needs_a_checkpoint_and_the_same_config(small_config, tmp_path) -> None:
    with pytest.raises(OutputError, match="nothing to resume"):
        run_frontier(small_config, tmp_path / "none", resume=True, progress=False)
    out = tmp_path / "killed"
    run_frontier(small_config, out, progress=False, stop_after=1)
    with pytest.raises(ConfigError, match="differs"):
        run_frontier(small_config.replace(run={"seed": 9}), out, resume=True, progress=False)


def test_failed_equilibria_are_logged_not_fatal(small_config, tmp_path) -> None:
    config = small_config.replace(solver={"max_iter": 2})
    result = run_frontier(config, tmp_path / "run", progress=False)
    failures = pd.read_csv(tmp_path / "run" / "failures.csv")
    assert len(failures) > 0 and set(failures["status"]) <= {
        "max_iter",
        "stalled",
        "infeasible",
        "non_finite",
    }
    assert sum(result.metadata["failures"].values()) == len(failures)


def test_a_crash_leaves_no_run_folder(small_config, tmp_path, monkeypatch) -> None:
    import paretoland.frontier.run as run_module

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run_module, "write_results", crash)
    with pytest.raises(RuntimeError):
        run_frontier(small_config, tmp_path / "run", progress=False)
    assert not (tmp_path / "run").exists()


def test_table4_and_uniform_rules_compare_with_the_frontier(small_config, tmp_path) -> None:
    result = run_frontier(small_config, tmp_path / "run", progress=False)
    table4 = result.table4
    assert set(table4["source"]) == {"random search", "frontier", "paper (Table 4)"}
    paper = table4[(table4["objective"] == "gdp") & (table4["source"] == "paper (Table 4)")]
    assert paper["gdp"].iloc[0] == 4.003
    for name, sense in zip(["gdp", "welfare", "output_gap", "welfare_gap"], SENSES, strict=True):
        rows = table4[table4["objective"] == name].set_index("source")
        gap = (rows.at["random search", name] - rows.at["frontier", name]) * -sense
        assert rows["frontier_beats_random"].iloc[0] == (gap <= BEAT_TOLERANCE)
    uniform = result.uniform_rules
    assert len(uniform) == 24
    solved = uniform[uniform["status"] == "converged"]
    front = minimisation_form(result.objectives.to_numpy(), SENSES)
    for _, row in solved.iterrows():
        point = minimisation_form(
            row[["gdp", "welfare", "output_gap", "welfare_gap"]].to_numpy(float), SENSES
        )
        assert row["n_dominating"] == dominated_by(front, point).sum()
        assert row["inside_by_pp"] == pytest.approx(-epsilon_distance(front, point))


def test_epsilon_distance_closed_form() -> None:
    front = np.array([[0.0, 0.0], [1.0, -2.0]])
    assert epsilon_distance(front, np.array([1.0, 1.0])) == -1.0
    assert epsilon_distance(front, np.array([-1.0, 0.5])) == 1.0
    assert dominated_by(front, np.array([1.0, 0.0])).tolist() == [True, True]
    assert dominated_by(front, np.array([0.5, -1.0])).tolist() == [False, False]


def test_cli_frontier_runs_a_config_and_rejects_a_bad_one(small_config, tmp_path, capsys) -> None:
    config_file = tmp_path / "run.toml"
    config_file.write_text(small_config.to_toml(), encoding="utf-8")
    out = tmp_path / "cli"
    assert main(["frontier", str(config_file), "--out", str(out), "--quiet"]) == 0
    assert "Pareto set" in capsys.readouterr().out
    assert (out / "pareto_set.parquet").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text(small_config.to_toml().replace("pop_size", "pop_sise"), encoding="utf-8")
    assert main(["frontier", str(bad), "--out", str(tmp_path / "bad"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "pop_sise" in err and "pop_size" in err
    assert not (tmp_path / "bad").exists()
