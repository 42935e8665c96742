"""What `paretoland pick` prints: senses, the status quo, the score, the filter, the weights."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland.cli import main
from paretoland.decision import pareto_improvements
from paretoland.frontier import load_config, run_frontier


@pytest.fixture(scope="module")
def improving_run(small_data_dir, tmp_path_factory):
    """Return a small run with a few points that beat the status quo on every objective."""
    config = load_config(
        {
            "run": {"name": "improving", "seed": 4, "n_jobs": 1},
            "data": {"path": str(small_data_dir)},
            "algorithm": {"pop_size": 24, "n_gen": 10},
            "baseline": {"random_samples": 16},
        }
    )
    run = run_frontier(config, tmp_path_factory.mktemp("runs") / "improving", progress=False)
    better = pareto_improvements(run.objectives, run.senses, names=list(run.objective_names))
    # 5 of 142 points when written; if a model change leaves none, pick another seed
    assert 0 < better.sum() < len(better), "no point of this run beats the status quo"
    return run


def _objective_rows(out: str, names: list[str]) -> dict[str, list[str]]:
    rows = {}
    for line in out.splitlines():
        words = line.split()
        if words and words[0] in names and "better)" in line:
            rows[words[0]] = words
    return rows


def test_pick_shows_senses_status_quo_and_what_the_score_means(small_run, capsys) -> None:
    assert main(["pick", str(small_run.path), "--top", "2"]) == 0
    out = capsys.readouterr().out
    names = list(small_run.objective_names)
    assert "Score: trade-off μ" in out and "(higher is better)" in out
    assert "the knee is the point most expensive to leave" in out
    assert "the status quo is no trade, 0 on every objective" in out
    assert out.splitlines()[0].startswith("Pareto point ")
    point = int(out.split()[2])
    rows = _objective_rows(out, names)
    assert list(rows) == names
    for name, sense in zip(names, small_run.senses, strict=True):
        words = rows[name]
        assert words[1:4] == [sense, f"({'higher' if sense == 'max' else 'lower'}", "is"]
        assert float(words[5]) == pytest.approx(small_run.pareto_set.loc[point, name], abs=1e-4)
        assert float(words[6]) == 0.0  # the status quo


def test_pick_states_partial_weights_and_refuses_unknown_names(small_run, capsys) -> None:
    run_dir = str(small_run.path)
    assert main(["pick", run_dir, "--weights", "gdp=3,welfare=1", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "chosen by topsis" in out and "TOPSIS closeness" in out
    assert "Weights (normalised to sum to 1): gdp 0.75, welfare 0.25, output_gap 0" in out
    assert "output_gap and welfare_gap are not named and weigh 0" in out
    assert main(["pick", run_dir, "--weights", "gpd=1"]) == 2
    err = capsys.readouterr().err
    assert "'gpd' is not an objective" in err and "did you mean 'gdp'?" in err
    assert main(["pick", run_dir, "--method", "asf", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "(lower is better)" in out and "Weights: equal (none given)" in out
    assert main(["pick", run_dir, "--point", "1", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "given with --point" in out and "Score" not in out


def test_pick_says_how_many_points_qualified(improving_run, capsys) -> None:
    names = list(improving_run.objective_names)
    better = pareto_improvements(improving_run.objectives, improving_run.senses, names=names)
    assert main(["pick", str(improving_run.path), "--improving-only", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert (
        f"Chosen among the {int(better.sum())} of {len(better)} points that beat the status "
        "quo on every objective." in out
    )
    point = int(out.split()[2])
    assert better[point]
    rows = _objective_rows(out, names)
    values = np.array([float(rows[n][5]) for n in names])
    signs = np.array([1.0 if s == "max" else -1.0 for s in improving_run.senses])
    assert (values * signs > 0).all()  # better than the status quo (0) on every objective
