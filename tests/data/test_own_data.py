"""Bring your own economy: template, check, rake, subset (paretoland.data and the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import CityData, DataError, load_cities
from paretoland.cli import main
from paretoland.data.check import check_dataset
from paretoland.data.rake import RAKE_REPORT_FILE, rake_dataset, rake_migration
from paretoland.data.schema import IDENTIFIER_COLUMNS
from paretoland.data.template import TEMPLATE_CITIES, column_guide, write_template
from paretoland.data.writing import subset_dataset
from paretoland.exceptions import ConfigError, OutputError

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"
needs_data = pytest.mark.skipif(
    not (_REPO_DATA / "cities.csv").exists(), reason="data/cities.csv not built yet"
)


def _census_residents(data: CityData, rng: np.random.Generator) -> pd.DataFrame:
    """Return the cities with residents off the matrix by up to ±15 % (like a census)."""
    cities = data.cities.copy()
    cities["resident_pop_10k"] = cities["resident_pop_10k"] * rng.uniform(0.85, 1.15, len(cities))
    return cities


# ------------------------------------------------------------------ template
@needs_data
def test_template_is_a_valid_dataset_with_its_guide(tmp_path: Path) -> None:
    out = write_template(tmp_path / "t")
    data = load_cities(out)
    assert list(data.codes) == list(TEMPLATE_CITIES)
    assert {"columns.csv", "columns.md", "flags.csv"} <= {p.name for p in out.iterdir()}
    guide = pd.read_csv(out / "columns.csv")
    assert list(guide["column"][:7]) == [c.name for c in IDENTIFIER_COLUMNS]
    required = dict(zip(guide["column"], guide["required"], strict=True))
    assert required["wage_yuan"] == "required"
    assert required["resident_pop_10k"].startswith("optional")
    assert required["realestate_employment_10k"].startswith("optional")
    assert "land per resident" in (out / "columns.md").read_text(encoding="utf-8")


def test_column_guide_covers_the_schema() -> None:
    guide = column_guide()
    assert guide["source"].str.len().gt(0).all()
    land = guide.set_index("column").loc["land_productive_km2"]
    assert "[1e-06, 100000]" in land["refused_outside"]


@needs_data
def test_template_refuses_to_overwrite_edited_or_foreign_folders(tmp_path: Path) -> None:
    out = write_template(tmp_path / "t")
    with pytest.raises(OutputError, match="--overwrite"):
        write_template(out)
    write_template(out, overwrite=True)  # unedited: replaced
    (out / "cities.csv").write_text((out / "cities.csv").read_text() + "\n", encoding="utf-8")
    with pytest.raises(OutputError, match="cities.csv changed since paretoland wrote it"):
        write_template(out, overwrite=True)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="did not write"):
        write_template(mine)
    assert (mine / "notes.txt").read_text() == "keep me"


# ------------------------------------------------------------------ check
def test_check_reports_derived_columns_and_unusual_values(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    cities = cities.drop(columns=["resident_pop_10k", "realestate_employment_10k"])
    cities["land_residential_km2"] = cities["land_residential_km2"] * 100  # hectares
    folder = tmp_path / "d"
    folder.mkdir()
    cities.to_csv(folder / "cities.csv", index=False)
    migration.to_csv(folder / "migration.csv", index=False)
    report = check_dataset(folder)
    text = report.text()
    assert "Residents: derived as mᵀ hukou" in text
    assert "national share for 4 city(ies)" in text
    assert "hectares" in text and len(report.unusual) >= 1
    assert text.endswith("loads (4 cities).")


def test_a_derived_value_replaces_the_flags_of_its_cell(tmp_path: Path) -> None:
    folder = write_template(tmp_path / "mine")
    cities = pd.read_csv(folder / "cities.csv", dtype={"city_code": str})
    cities["realestate_employment_10k"] = np.nan  # left empty: derived from the national share
    cities.to_csv(folder / "cities.csv", index=False)
    flags = load_cities(folder, keep_tibet=True).flags
    cells = flags[flags["column"] == "realestate_employment_10k"]
    assert len(cells) == len(cities) and cells["city_code"].is_unique
    assert set(cells["method"]) == {"national_share_default"}


def test_check_refuses_what_loading_refuses(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    folder = CityData.from_frames(cities, migration).to_dir(tmp_path / "d")
    table = pd.read_csv(folder / "cities.csv", dtype=str)
    table.loc[0, "gdp_100m_yuan"] = "1e308"
    table.to_csv(folder / "cities.csv", index=False)
    with pytest.raises(DataError, match="gdp_100m_yuan, 110000 北京市"):
        check_dataset(folder)


# ------------------------------------------------------------------ rake
def test_rake_matches_the_residents_and_keeps_rows(four_city_frames) -> None:
    cities, migration = four_city_frames
    m = migration.drop(columns="origin").to_numpy(dtype=float)
    hukou = cities["hukou_pop_10k"].to_numpy()
    residents = (m.T @ hukou) * np.array([1.1, 0.9, 1.0, 1.05])
    raked, report = rake_migration(m, hukou, residents, cities["city_code"].to_numpy())
    np.testing.assert_allclose(raked.sum(axis=1), 1.0, atol=1e-14)
    implied = raked.T @ hukou
    np.testing.assert_allclose(implied / implied.sum(), residents / residents.sum(), rtol=1e-11)
    assert report.max_margin_error < 1e-12 and report.misfit_before > 0.05
    assert report.max_share_change == pytest.approx(np.abs(raked - m).max())
    # IPF keeps the odds ratios: raked = diag(a) m diag(b)
    ratio = raked / m
    np.testing.assert_allclose(ratio / ratio[0] / (ratio[:, :1] / ratio[0, 0]), 1.0, rtol=1e-9)


def test_rake_refuses_an_empty_column(four_city_frames) -> None:
    cities, migration = four_city_frames
    m = np.eye(4)
    m[3] = [0.5, 0.5, 0.0, 0.0]  # nobody lives in 成都 (510100)
    hukou = cities["hukou_pop_10k"].to_numpy()
    with pytest.raises(DataError, match="nobody lives in 510100"):
        rake_migration(m, hukou, hukou, cities["city_code"].to_numpy())


def test_rake_dataset_writes_a_consistent_folder(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    data = CityData.from_frames(cities, migration)
    folder = tmp_path / "d"
    folder.mkdir()
    _census_residents(data, np.random.default_rng(0)).to_csv(folder / "cities.csv", index=False)
    migration.to_csv(folder / "migration.csv", index=False)
    with pytest.raises(DataError, match="paretoland data rake"):
        load_cities(folder)
    report = rake_dataset(folder, tmp_path / "raked")
    raked = load_cities(tmp_path / "raked")
    np.testing.assert_allclose(
        raked.residents, pd.read_csv(folder / "cities.csv")["resident_pop_10k"].to_numpy() * 1e4
    )
    saved = json.loads((tmp_path / "raked" / RAKE_REPORT_FILE).read_text())
    assert saved["iterations"] == report.iterations
    with pytest.raises(OutputError, match="dataset folder"):
        rake_dataset(folder, folder)  # never into the user's own dataset


# ------------------------------------------------------------------ subset
@needs_data
def test_subset_dataset_by_short_and_pinyin_names(tmp_path: Path) -> None:
    sub = subset_dataset(_REPO_DATA, tmp_path / "nw", provinces=["陕西", "gansu", "Ningxia Hui"])
    assert set(sub.province_codes) == {"610000", "620000", "640000"}
    again = load_cities(tmp_path / "nw")
    assert again == sub
    dropped = pd.read_csv(tmp_path / "nw" / "dropped.csv", dtype=str)
    assert len(dropped) == 19 + 319 - sub.n_cities  # the build's dropped units, then ours
    assert dropped["reason"].iloc[-1].startswith("outside the kept provinces")
    no_tibet = subset_dataset(_REPO_DATA, tmp_path / "nt", drop_provinces=["西藏"])
    default = load_cities()  # the same machinery as the default sample (only the reason differs)
    pd.testing.assert_frame_equal(no_tibet.cities, default.cities)
    np.testing.assert_array_equal(no_tibet.migration, default.migration)
    with pytest.raises(ConfigError, match="one of the two"):
        subset_dataset(_REPO_DATA, tmp_path / "x", provinces=["Hebei"], drop_provinces=["Hebei"])


# ------------------------------------------------------------------ command line
@needs_data
def test_cli_template_check_subset(tmp_path: Path, capsys) -> None:
    assert main(["data", "template", str(tmp_path / "t")]) == 0
    assert "paretoland data check" in capsys.readouterr().out
    assert main(["data", "check", str(tmp_path / "t")]) == 0
    assert "OK:" in capsys.readouterr().out
    assert main(["data", "template", str(tmp_path / "t")]) == 2
    assert "--overwrite" in capsys.readouterr().err
    args = ["data", "subset", str(_REPO_DATA), "--drop-provinces", "Shanxii", "--out"]
    assert main([*args, str(tmp_path / "s")]) == 2
    assert "did you mean 'Shanxi' or 'Shaanxi'" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
