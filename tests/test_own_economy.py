"""End to end, as the README's "Your own data" walks it: template, fill, check, rake, frontier.

A generated economy of another size (50 units; 1,000 marked slow) stands in for the
user's data: census-like residents that disagree with the migration matrix, no
real-estate employment, and every 31st unit in Tibet (left out by the default sample).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import default_data_dir
from paretoland.cli import main
from paretoland.data.synthetic import synthetic_frames


def _has_default_data() -> bool:
    try:
        return (default_data_dir() / "cities.csv").exists()
    except Exception:  # noqa: BLE001 - no embedded data at all
        return False


def _fill(template: Path, n: int, seed: int) -> pd.DataFrame:
    """Replace the template's rows by a generated economy, as a user would fill it."""
    rng = np.random.default_rng(seed)
    cities, migration = synthetic_frames(n, rng)
    cities = cities.drop(columns="realestate_employment_10k")  # no city source: left out
    cities["resident_pop_10k"] *= rng.uniform(0.9, 1.1, n)  # census residents, off the matrix
    cities.to_csv(template / "cities.csv", index=False)
    frame = pd.DataFrame(migration, columns=cities["city_code"])
    frame.insert(0, "origin", cities["city_code"])
    frame.to_csv(template / "migration.csv", index=False)
    (template / "flags.csv").unlink()  # the template's flags are about its own cities
    return cities


def _walkthrough(tmp_path: Path, n: int, capsys) -> None:
    template, raked = tmp_path / "mine", tmp_path / "mine-raked"
    assert main(["data", "template", str(template)]) == 0
    cities = _fill(template, n, seed=n)
    capsys.readouterr()
    assert main(["data", "check", str(template)]) == 2
    assert "paretoland data rake" in capsys.readouterr().err
    assert main(["data", "rake", str(template), "--out", str(raked)]) == 0
    assert "IPF:" in capsys.readouterr().out
    assert main(["data", "check", str(raked)]) == 0
    report = capsys.readouterr().out
    assert "consistent with the migration matrix" in report
    assert f"national share for {n} city(ies)" in report
    tibet = int((cities["province_code"] == "540000").sum())
    assert f"leaves out Tibet's {tibet}" in report
    config = tmp_path / "run.toml"
    config.write_text(
        f'[run]\nname = "mine"\nn_jobs = 1\nbackend = "sequential"\n\n[data]\npath = "{raked}"\n\n'
        "[algorithm]\npop_size = 8\nn_gen = 2\n\n[baseline]\nrandom_samples = 8\n",
        encoding="utf-8",
    )
    out = tmp_path / "runs" / "mine"
    assert main(["frontier", str(config), "--out", str(out), "--quiet"]) in (0, 3)
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["data"]["n_cities"] == n - tibet
    assert len(metadata["data"]["excluded_cities"]) == tibet


@pytest.mark.skipif(not _has_default_data(), reason="the embedded dataset is not built")
def test_own_economy_of_50_units(tmp_path: Path, capsys) -> None:
    _walkthrough(tmp_path, 50, capsys)


@pytest.mark.slow
@pytest.mark.skipif(not _has_default_data(), reason="the embedded dataset is not built")
def test_own_economy_of_1000_units(tmp_path: Path, capsys) -> None:
    _walkthrough(tmp_path, 1000, capsys)
