"""The committed dataset is exactly what the build script makes from the raw files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import load_cities
from paretoland.data.build import BUILD_INFO_FILE, DATASET_FILES, build_dataset
from paretoland.data.schema import CITIES_FILE, DROPPED_FILE, FLAGS_FILE, MIGRATION_FILE
from paretoland.io.folders import MARKER_FILE, read_marker

REPO = Path(__file__).resolve().parents[3]
RAW = Path(os.environ.get("PARETOLAND_SHARED", REPO.parent / "shared")) / "data" / "raw"
COMMITTED = REPO / "data"

pytestmark = [
    pytest.mark.needs_shared,
    pytest.mark.slow,  # the full build from the raw files takes about 30 s
    pytest.mark.skipif(
        not RAW.is_dir(),
        reason=f"the raw files are not beside the repository ({RAW} is absent); "
        "the build can only be checked where ../shared/data/raw exists",
    ),
]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    build_dataset(RAW, out)
    return out


def test_build_writes_every_file(rebuilt: Path) -> None:
    assert sorted(p.name for p in rebuilt.iterdir()) == sorted([*DATASET_FILES, MARKER_FILE])
    assert set(read_marker(rebuilt)["files"]) == set(DATASET_FILES)


@pytest.mark.parametrize("name", [CITIES_FILE, FLAGS_FILE, DROPPED_FILE])
def test_tables_match_the_committed_ones(rebuilt: Path, name: str) -> None:
    ours = pd.read_csv(rebuilt / name, dtype=str, keep_default_na=False)
    committed = pd.read_csv(COMMITTED / name, dtype=str, keep_default_na=False)
    assert list(ours.columns) == list(committed.columns)
    pd.testing.assert_frame_equal(ours, committed)


def test_migration_matches_the_committed_one(rebuilt: Path) -> None:
    ours = pd.read_csv(rebuilt / MIGRATION_FILE, dtype={"origin": str})
    committed = pd.read_csv(COMMITTED / MIGRATION_FILE, dtype={"origin": str})
    assert list(ours.columns) == list(committed.columns)
    assert list(ours["origin"]) == list(committed["origin"])
    np.testing.assert_allclose(
        ours.drop(columns="origin").to_numpy(),
        committed.drop(columns="origin").to_numpy(),
        rtol=1e-9,
        atol=1e-15,
    )


def test_build_info_matches(rebuilt: Path) -> None:
    ours = json.loads((rebuilt / BUILD_INFO_FILE).read_text())
    committed = json.loads((COMMITTED / BUILD_INFO_FILE).read_text())
    assert ours["raw_files_sha256"] == committed["raw_files_sha256"]
    for key, value in committed["migration"].items():
        if isinstance(value, float):
            assert ours["migration"][key] == pytest.approx(value, rel=1e-6), key
        else:
            assert ours["migration"][key] == value, key


def test_rebuilt_dataset_loads_and_validates(rebuilt: Path) -> None:
    data = load_cities(rebuilt, keep_tibet=True)
    assert data.n_cities >= 280
    assert len(set(data.province_codes)) == 31
    assert len(set(load_cities(rebuilt).province_codes)) == 30  # the paper's sample
