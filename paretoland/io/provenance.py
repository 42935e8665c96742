"""What a run needs to be reproduced: versions, the data's fingerprint, timings."""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # io sits below data: the type only
    from paretoland.data.dataset import CityData

__all__ = ["Stopwatch", "data_fingerprint", "package_versions", "run_metadata", "write_json"]

_PACKAGES = (
    "paretoland",
    "numpy",
    "scipy",
    "pandas",
    "numba",
    "pymoo",
    "joblib",
    "matplotlib",
    "pyarrow",
    "tqdm",
    "dask",
    "distributed",
)


def package_versions() -> dict[str, str]:
    """Return the installed versions of Python and paretoland's dependencies."""
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def data_fingerprint(data: CityData) -> str:
    """Return a SHA-256 of the city table and migration matrix (their CSV text).

    Two datasets with the same fingerprint calibrate to the same economy.
    """
    digest = hashlib.sha256()
    for frame in (data.cities, data.migration):
        digest.update(pd.DataFrame(frame).to_csv(index=False, float_format="%.17g").encode())
    return digest.hexdigest()


class Stopwatch:
    """Accumulated wall-clock seconds by name; nestable: ``with watch("solve"): ...``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        """Add the seconds the block takes to ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def run_metadata(data: CityData, **fields: Any) -> dict[str, Any]:
    """Return the record of a run.

    Time, command line, versions, platform, data source, sample (cities left out and
    why) and fingerprint, plus any ``fields`` (config, seed, timings ...).
    """
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "argv": sys.argv,
        "versions": package_versions(),
        "platform": platform.platform(),
        "data": {
            "source": str(data.source),
            "n_cities": data.n_cities,
            "sample": data.sample,
            "excluded_cities": [str(c) for c in data.excluded["city_code"]],
            "sha256": data_fingerprint(data),
        },
        **fields,
    }


def write_json(record: dict[str, Any], path: str | Path) -> Path:
    """Write ``record`` as indented UTF-8 JSON (non-JSON values as strings)."""
    path = Path(path)
    path.write_text(
        json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return path
