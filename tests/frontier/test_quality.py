"""Frontier quality and comparison (paretoland.frontier.quality, .comparison)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from paretoland.cli import main
from paretoland.exceptions import ConfigError
from paretoland.frontier import run_frontier
from paretoland.frontier.comparison import MIN_SEEDS, attainment, compare_runs
from paretoland.frontier.quality import Front, anytime, archive_at, indicators, reference_front

SENSES = {"gdp": "max", "output_gap": "min"}


def _front(values) -> Front:
    frame = pd.DataFrame(np.asarray(values, float), columns=list(SENSES))
    return Front(frame, SENSES, {"gdp": 0.0, "output_gap": 0.0}, {"gdp": 1.0, "output_gap": 1.0})


def test_indicators_of_known_fronts() -> None:
    reference = _front([[1.0, -3.0], [2.0, -2.0], [3.0, -1.0]])
    same = indicators(reference, reference)
    assert same["igd_plus"] == 0.0 and same["epsilon"] == 0.0
    # every point worse by 0.5 pp in both objectives (less GDP, a larger gap)
    worse = indicators(_front([[0.5, -2.5], [1.5, -1.5], [2.5, -0.5]]), reference)
    assert worse["epsilon"] == pytest.approx(0.5)
    assert worse["igd_plus"] == pytest.approx(0.5 * np.sqrt(2))
    better = indicators(_front([[3.5, -3.5]]), reference)
    assert better["epsilon"] == pytest.approx(-0.5) and better["igd_plus"] == 0.0
    # hypervolume against (0, 0), maximising gdp and minimising the gap: union of boxes
    assert same["hypervolume"] == pytest.approx(1 * 3 + 1 * 2 + 1 * 1)
    assert np.isnan(indicators(reference, None)["epsilon"])


def test_reference_front_is_the_nondominated_union_and_checks_objectives(small_run) -> None:
    best = reference_front([small_run, small_run])
    assert len(best.objectives) == len(small_run.pareto_set)
    other = _front([[1.0, 1.0]])
    with pytest.raises(ConfigError, match="same objectives"):
        indicators(other, best)


def test_anytime_ends_at_the_final_archive(small_run) -> None:
    best = reference_front([small_run])
    curve = anytime(small_run, best)
    assert list(curve["generation"]) == sorted(curve["generation"])
    final = indicators(Front.of(small_run), best)
    for name, value in final.items():
        assert curve[name].iloc[-1] == pytest.approx(value, abs=1e-12)
    history = pd.read_parquet(small_run.path / "archive_history.parquet")
    rebuilt = archive_at(history, Front.of(small_run), [int(curve["generation"].iloc[-1])])[-1]
    expected = small_run.objectives.to_numpy()
    assert sorted(map(tuple, rebuilt.round(12))) == sorted(map(tuple, expected.round(12)))


@pytest.fixture(scope="module")
def seeds(small_data_dir, tmp_path_factory):
    from paretoland.frontier import load_config

    folder = tmp_path_factory.mktemp("seeds")
    runs = []
    for seed in range(1, MIN_SEEDS + 1):
        config = load_config(
            {
                "run": {"name": f"s{seed}", "seed": seed, "n_jobs": 1},
                "data": {"path": str(small_data_dir)},
                "algorithm": {"pop_size": 8, "n_gen": 3},
                "baseline": {"random_samples": 0, "uniform_rules": False},
            }
        )
        runs.append(run_frontier(config, folder / f"s{seed}", progress=False))
    return runs


def test_compare_groups_seeds_and_summarises_them(seeds) -> None:
    comparison = compare_runs(seeds)
    assert len(comparison.table) == MIN_SEEDS and comparison.table["group"].nunique() == 1
    summary = comparison.summary.iloc[0]
    assert summary["runs"] == MIN_SEEDS
    assert summary["epsilon_q1"] <= summary["epsilon_median"] <= summary["epsilon_q3"]
    assert (comparison.table["epsilon"] >= -1e-12).all()  # no run beats the union of all
    surfaces = attainment(comparison, "gdp", "output_gap")
    assert set(surfaces["percentile"]) == {0.0, 50.0, 100.0}
    best_anyone = surfaces[surfaces["percentile"] == 0]
    assert best_anyone["x"].max() == pytest.approx(comparison.reference.objectives["gdp"].max())


@pytest.mark.slow
def test_cli_compare_and_frontier_reference(seeds, small_config, tmp_path, capsys) -> None:
    out = tmp_path / "cmp"
    assert main(["compare", *(str(r.path) for r in seeds), "--out", str(out)]) == 0
    assert "Reference front" in capsys.readouterr().out
    for name in ("comparison.csv", "anytime.csv", "anytime_seconds.png", "summary.csv"):
        assert (out / name).exists()
    assert len(list(out.glob("attainment_*.png"))) == 6  # every 2-D projection of four
    assert (out / "attainment_gdp_output_gap.csv").exists()  # the standard views first
    result = run_frontier(
        small_config, tmp_path / "run", progress=False, reference=[seeds[0].path, seeds[1].path]
    )
    quality = json.loads((result.path / "quality.json").read_text())
    assert quality["reference_points"] > 0 and np.isfinite(quality["indicators"]["epsilon"])
    assert len(pd.read_csv(result.path / "quality.csv")) >= 1
