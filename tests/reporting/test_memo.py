"""Choosing an allocation from a run, the pick and memo commands, and the memo in a browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from paretoland.cli import main
from paretoland.decision.allocation import choose, chosen_allocation
from paretoland.exceptions import ConfigError
from paretoland.reporting.memo import write_memo

STAKEHOLDERS = Path(__file__).resolve().parents[2] / "problems" / "stakeholders_example.toml"


def test_choose_returns_a_row_of_the_pareto_set(small_run) -> None:
    knee = choose(small_run, "knee")
    assert 0 <= knee.index < len(small_run.pareto_set)
    weighted = choose(
        small_run,
        "topsis",
        weights={"gdp": 1.0, "welfare": 0.0, "output_gap": 0.0, "welfare_gap": 0.0},
    )
    # all weight on GDP: TOPSIS picks the best-GDP point
    assert weighted.index == int(small_run.objectives["gdp"].to_numpy().argmax())
    with pytest.raises(ConfigError):
        choose(small_run, "topsis", weights={"gpd": 1.0})


def test_improving_only_picks_a_point_that_beats_the_status_quo(small_run) -> None:
    objectives = small_run.objectives
    better = (
        (objectives["gdp"] > 0)
        & (objectives["welfare"] > 0)
        & (objectives["output_gap"] < 0)
        & (objectives["welfare_gap"] < 0)
    ).to_numpy()
    if not better.any():
        with pytest.raises(ConfigError, match="status quo"):
            choose(small_run, "knee", improving_only=True)
        return
    picked = choose(small_run, "knee", improving_only=True)
    assert better[picked.index]
    assert np.array_equal(picked.details["candidates"], np.flatnonzero(better))
    # a lone candidate has no trade-off with a distinct point: its knee score is NaN
    assert np.isfinite(picked.score) if better.sum() > 1 else np.isnan(picked.score)


def test_chosen_allocation_solves_the_point_again(small_run) -> None:
    point = len(small_run.pareto_set) // 2
    chosen = chosen_allocation(small_run, point)
    stored = small_run.pareto_set.loc[point, list(small_run.objective_names)].to_numpy(float)
    assert np.allclose(chosen.objectives.to_numpy(float), stored)
    assert chosen.counterfactual.converged
    cities = chosen.cities
    sold = cities[["sold_productive_km2", "sold_residential_km2"]].to_numpy().sum()
    bought = cities[["bought_productive_km2", "bought_residential_km2"]].to_numpy().sum()
    assert sold == pytest.approx(bought, rel=1e-12)
    traders = chosen.traders(3)
    assert set(traders) == {"top_sellers", "top_buyers", "winners", "losers"}
    assert (traders["top_sellers"]["land_sold_km2"] > 0).all()
    winners = traders["winners"]
    assert list(winners.columns[:2]) == ["city", "name_pinyin"]
    assert chosen.traders(3, lang="zh")["winners"]["city"].tolist() == winners["name_zh"].tolist()
    flows = chosen.province_flows()
    assert flows["transfers_100m_yuan"].sum() == pytest.approx(cities["transfers_yuan"].sum() / 1e8)
    farm = chosen.farmland_and_farmers()
    assert farm["net_farmland_km2"].sum() == pytest.approx(0.0, abs=1e-9 * sold)
    assert farm["reclaimed_km2"].sum() == pytest.approx(sold, rel=1e-12)
    assert (farm["farmer_income_100m_yuan"] >= 0).all()
    with pytest.raises(ConfigError, match="not in the Pareto set"):
        chosen_allocation(small_run, len(small_run.pareto_set))


def test_pick_command(small_run, capsys) -> None:
    run_dir = str(small_run.path)
    assert main(["pick", run_dir, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "chosen by knee" in out and "Top sellers" in out and "By province" in out
    assert main(["pick", run_dir, "--stakeholders", str(STAKEHOLDERS)]) == 0
    out = capsys.readouterr().out
    assert "Stakeholder weights" in out and "chosen by topsis" in out
    assert main(["pick", run_dir, "--weights", "gdp=1,welfare=oops"]) == 2
    assert "NAME=NUMBER" in capsys.readouterr().err


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow  # headless chromium prints the memo: about 30 s
def test_memo_command_files_and_browser(small_run, tmp_path, capsys) -> None:
    out = tmp_path / "memo"
    assert main(["memo", str(small_run.path), "--out", str(out), "--point", "0"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (out / "memo.html").stat().st_size > 10_000
    assert (out / "memo.pdf").read_bytes()[:4] == b"%PDF"
    figures = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert len(figures) == 10
    for stem in figures:
        for suffix in (".svg", ".pdf"):
            assert (out / "figures" / f"{stem}{suffix}").stat().st_size > 0
        assert (out / "data" / f"{stem}.csv").exists()
    text = (out / "memo.html").read_text(encoding="utf-8")
    assert text.count("<img") == 10 and text.count("data:text/csv") == 10
    for heading in (
        "Key numbers",
        "The chosen allocation",
        "Top sellers",
        "Farmland and farmers",
        "Assumptions and parameters",
        "Data provenance",
    ):
        assert heading in text
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium: apt-get install chromium to run the browser check")
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            "--dump-dom",
            (out / "memo.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-figures="10"' in root and 'data-figures-loaded="10"' in root
    assert "data-errors" not in root


def test_a_failed_memo_leaves_nothing(small_run, tmp_path, monkeypatch) -> None:
    import paretoland.reporting.memo as memo_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(memo_module.figures, "save_figure", broken)
    with pytest.raises(RuntimeError):
        write_memo(small_run, chosen_allocation(small_run, 0), tmp_path / "m2")
    assert not (tmp_path / "m2").exists()
    assert list(tmp_path.iterdir()) == []
