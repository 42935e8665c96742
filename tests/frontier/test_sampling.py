"""The streaming random-rule sampler (the paper's experiment)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paretoland.cli import main
from paretoland.exceptions import ConfigError
from paretoland.frontier.archive import dominated_by, minimisation_form
from paretoland.frontier.sampling import sample_rules


def test_sample_streams_chunks_and_reports_bests(small_config, tmp_path) -> None:
    out = tmp_path / "s"
    found = sample_rules(small_config, 50, out, chunk=20, progress=False)
    chunks = sorted((out / "chunks").iterdir())
    assert [p.name for p in chunks] == [
        "chunk_00000.parquet",
        "chunk_00001.parquet",
        "chunk_00002.parquet",
    ]
    everything = pd.concat([pd.read_parquet(p) for p in chunks], ignore_index=True)
    assert len(everything) == 50
    feasible = everything[everything["feasible"]]
    senses = np.array([-1.0, -1.0, 1.0, 1.0])
    for k, name in enumerate(["gdp", "welfare", "output_gap", "welfare_gap"]):
        best = found["best"].set_index("objective").loc[name, name]
        expected = feasible[name].max() if senses[k] < 0 else feasible[name].min()
        assert best == expected
    front = minimisation_form(
        found["pareto_set"][["gdp", "welfare", "output_gap", "welfare_gap"]].to_numpy(), senses
    )
    for i, point in enumerate(front):
        assert not dominated_by(np.delete(front, i, axis=0), point).any()
    assert not (tmp_path / "s.partial").exists()


def test_sample_resumes_to_the_same_result(small_config, tmp_path) -> None:
    whole = sample_rules(small_config, 50, tmp_path / "a", chunk=20, progress=False)
    assert (
        sample_rules(small_config, 50, tmp_path / "b", chunk=20, progress=False, stop_after=1)
        is None
    )
    assert len(list((tmp_path / "b.partial" / "chunks").iterdir())) == 1
    resumed = sample_rules(small_config, 50, tmp_path / "b", chunk=20, progress=False, resume=True)
    pd.testing.assert_frame_equal(resumed["best"], whole["best"])
    pd.testing.assert_frame_equal(resumed["pareto_set"], whole["pareto_set"])
    with pytest.raises(ConfigError, match="other options"):
        sample_rules(small_config, 50, tmp_path / "c", chunk=20, progress=False, stop_after=1)
        sample_rules(small_config, 60, tmp_path / "c", chunk=20, progress=False, resume=True)


def test_sample_command(small_config, tmp_path, capsys) -> None:
    config = tmp_path / "c.toml"
    config.write_text(small_config.to_toml(), encoding="utf-8")
    assert (
        main(
            [
                "sample",
                str(config),
                "--n",
                "30",
                "--chunk",
                "10",
                "--out",
                str(tmp_path / "s"),
                "--quiet",
            ]
        )
        == 0
    )
    assert "Best feasible rule" in capsys.readouterr().out
    assert main(["sample", str(config), "--n", "0", "--out", str(tmp_path / "t"), "--quiet"]) == 2


@pytest.mark.slow
def test_sample_on_a_local_dask_cluster_matches_the_local_run(small_config, tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    local = sample_rules(small_config, 24, tmp_path / "local", chunk=12, progress=False)
    cluster = small_config.replace(run={"backend": "dask", "scheduler": "", "n_jobs": 2})
    remote = sample_rules(cluster, 24, tmp_path / "dask", chunk=12, progress=False)
    pd.testing.assert_frame_equal(local["best"], remote["best"])
    pd.testing.assert_frame_equal(local["pareto_set"], remote["pareto_set"])


def test_scheduler_option_points_the_run_at_dask(small_config) -> None:
    from paretoland.cli.frontier import _with_scheduler

    assert _with_scheduler(small_config, None) is small_config
    local = _with_scheduler(small_config, "local")
    assert (local.run.backend, local.run.scheduler) == ("dask", "")
    remote = _with_scheduler(small_config, "tcp://10.0.0.1:8786")
    assert remote.run.scheduler == "tcp://10.0.0.1:8786"
