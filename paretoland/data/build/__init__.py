"""Rebuild the embedded default dataset from the raw public files.

``paretoland data build --raw DIR`` runs :func:`build_dataset`: it assembles the
2017 city table (:mod:`paretoland.data.build.cities`), constructs the migration matrix
(:mod:`paretoland.data.build.migration`), validates the result exactly as
:func:`paretoland.data.dataset.load_cities` would, and only then writes the files.
The build is deterministic: the same raw files give byte-identical outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.build.migration import MigrationFit, MigrationTargets, build_migration
from paretoland.data.dataset import CityData
from paretoland.data.schema import (
    CITIES_FILE,
    DROPPED_FILE,
    FLAGS_FILE,
    MIGRATION_FILE,
    MIGRATION_ORIGIN_COLUMN,
)
from paretoland.data.writing import DATASET_KIND
from paretoland.exceptions import ConfigError, OutputError
from paretoland.io.folders import check_target, output_folder

__all__ = ["build_dataset", "default_build_dir", "BUILD_INFO_FILE", "DATASET_FILES"]

BUILD_INFO_FILE = "build_info.json"
DATASET_FILES = (CITIES_FILE, MIGRATION_FILE, FLAGS_FILE, DROPPED_FILE, BUILD_INFO_FILE)


def default_build_dir() -> Path:
    """Return the repository's ``data/`` folder (only in a source checkout)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "pyproject.toml").exists():
        raise ConfigError(
            "paretoland is not running from a source checkout, so there is no data/ folder "
            "to rebuild; pass --out DIR."
        )
    return root / "data"


def build_dataset(
    raw_dir: str | Path, out_dir: str | Path, *, land: str = "stocks", overwrite: bool = False
) -> str:
    """Build the dataset from ``raw_dir`` into ``out_dir`` and return a summary.

    Parameters
    ----------
    raw_dir : str or Path
        Folder with the raw files described in ``shared/data/README.md``.
    out_dir : str or Path
        Destination of ``cities.csv``, ``migration.csv``, ``flags.csv``, ``dropped.csv``
        and ``build_info.json``: a new folder (or one this command wrote, with
        ``overwrite``), written whole by :func:`paretoland.io.folders.output_folder`;
        or the source checkout's ``data/``, where only these five files are replaced.
    land : {"stocks", "supply"}
        Land quantities as stocks (the default dataset) or as annual state land supply
        by use, the paper's reading (:mod:`paretoland.data.build.supply`); the rest of
        the dataset, migration included, is the same.
    overwrite : bool
        Replace a dataset built before. A dataset that paretoland did not build is
        never replaced.

    Returns
    -------
    str
        A few lines: cities, provinces, dropped units, migration fit.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ConfigError(f"The raw data folder {raw_dir} does not exist; pass --raw DIR.")
    embedded = _is_embedded(Path(out_dir))
    if embedded:
        _check_build_target(Path(out_dir), overwrite)
    else:
        check_target(out_dir, DATASET_KIND, overwrite=overwrite)
    from paretoland.data.build.cities import build_cities  # the heavy part, imported when needed

    tables = build_cities(raw_dir, land)
    targets = MigrationTargets.for_year(2017)
    fit = build_migration(tables.cities, raw_dir, targets)
    migration = _migration_frame(tables.cities["city_code"], fit.shares)
    data = CityData.from_frames(tables.cities, migration, tables.flags, source=str(raw_dir))
    info = _build_info(raw_dir, targets, fit, land, tables.parameters)
    (_write_embedded if embedded else _write_folder)(
        Path(out_dir),
        overwrite,
        {
            CITIES_FILE: lambda p: tables.cities.to_csv(p, index=False, float_format="%.10g"),
            MIGRATION_FILE: lambda p: migration.to_csv(p, index=False, float_format="%.15g"),
            FLAGS_FILE: lambda p: tables.flags.to_csv(p, index=False),
            DROPPED_FILE: lambda p: tables.dropped.to_csv(p, index=False),
            BUILD_INFO_FILE: lambda p: p.write_text(
                json.dumps(info, indent=2, ensure_ascii=False) + "\n"
            ),
        },
    )
    return "\n".join(
        [
            data.summary(),
            f"dropped units: {len(tables.dropped)} (see {DROPPED_FILE})",
            f"migration: inter-provincial share {fit.interprovincial_share:.4f}, intra-province "
            f"cross-prefecture share {fit.intraprovincial_share:.4f}, IPF margin error "
            f"{fit.max_margin_error:.1e}",
            f"wrote {', '.join(DATASET_FILES)} to {out_dir}",
        ]
    )


def _migration_frame(codes: pd.Series, shares: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(shares, columns=list(codes))
    frame.insert(0, MIGRATION_ORIGIN_COLUMN, list(codes))
    return frame


def _build_info(
    raw_dir: Path, targets: MigrationTargets, fit: MigrationFit, land: str, parameters: Mapping
) -> dict:
    raw_files = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(raw_dir.iterdir())
        if path.is_file()
    }
    return {
        "year": 2017,
        "land": _land_info(land, parameters),
        "raw_files_sha256": raw_files,
        "migration": {
            "method": "census province flows raked to province margins, then a gravity seed "
            "raked to city hukou rows, city resident columns and province-pair blocks (IPF)",
            "target_interprovincial_share": round(targets.interprovincial_share, 10),
            "target_intraprovincial_share": round(targets.intraprovincial_share, 10),
            "distance_elasticity": targets.distance_elasticity,
            "min_distance_km": targets.min_distance_km,
            "achieved_interprovincial_share": round(fit.interprovincial_share, 10),
            "achieved_intraprovincial_share": round(fit.intraprovincial_share, 10),
            "city_stay_weight": round(fit.stay_weight, 10),
            "ipf_iterations": fit.iterations,
            "median_stayer_share": round(float(np.median(np.diag(fit.shares))), 10),
        },
    }


def _is_embedded(out_dir: Path) -> bool:
    """Whether ``out_dir`` is the source checkout's own ``data/`` folder."""
    try:
        return out_dir.resolve() == default_build_dir().resolve()
    except ConfigError:  # not a source checkout: there is no embedded folder
        return False


def _check_build_target(out_dir: Path, overwrite: bool) -> None:
    """Refuse to replace the embedded dataset unless built before and ``overwrite``.

    The source checkout's ``data/`` also holds the README and the base maps, which a
    build leaves alone: it replaces only its five files there.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file; give a folder for the dataset (--out DIR).")
    present = [name for name in DATASET_FILES if (out_dir / name).exists()]
    if not present:
        return
    if not (out_dir / BUILD_INFO_FILE).exists():
        raise OutputError(
            f"{out_dir} holds a dataset that paretoland did not build ({', '.join(present)}); "
            "it is never replaced. Give another folder (--out DIR)."
        )
    if not overwrite:
        raise OutputError(
            f"{out_dir} holds a dataset built before; add --overwrite to rebuild it there "
            "(other files in the folder are left alone), or give another folder (--out DIR)."
        )


def _land_info(land: str, parameters: Mapping) -> dict:
    """Describe the land quantities, and for the supply variant how they were built."""
    if land == "stocks":
        return {"quantities": "stocks", "unit": "km²"}
    supply = parameters["land_supply"]
    return {
        "quantities": "supply",
        "unit": "km² per year",
        "years": supply["years"],
        "residential_share_of_commercial_residential": supply["residential_share"],
        "n_observed": supply["n_observed"],
        **{
            column: {
                "intensity_bounds": [
                    round(float(b), 10) for b in supply[column]["intensity_bounds"]
                ],
                "n_winsorised": supply[column]["n_winsorised"],
                "regression": supply[column]["regression"].describe(4),
            }
            for column in ("land_productive_km2", "land_residential_km2")
        },
    }


def _write_folder(out_dir: Path, overwrite: bool, writers: dict) -> None:
    """Write a dataset folder of the user's whole (:mod:`paretoland.io.folders`)."""
    with output_folder(out_dir, DATASET_KIND, overwrite=overwrite) as staging:
        for name, write in writers.items():
            write(staging / name)


def _write_embedded(out_dir: Path, overwrite: bool, writers: dict) -> None:
    """Write every file into a staging folder, then move them into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        for name, write in writers.items():
            write(staging / name)
        for name in writers:
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
