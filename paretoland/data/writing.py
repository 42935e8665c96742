"""Write a dataset folder safely (``paretoland data template``, ``subset``, ``rake``).

A dataset folder is written whole into a staging folder and published with the
safe-output machinery of :mod:`paretoland.io.folders` (kind ``"dataset"``): it never
replaces the current directory, a file, a folder paretoland did not write (a user's
dataset above all) or another kind of output, and it replaces a dataset it wrote only
with ``overwrite`` and only if none of its files was edited since (a filled-in
template is the user's data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from paretoland.data.dataset import CityData, load_cities
from paretoland.data.schema import DROPPED_COLUMNS, DROPPED_FILE
from paretoland.data.validation import read_table
from paretoland.exceptions import ConfigError
from paretoland.io.folders import output_folder

__all__ = ["DATASET_KIND", "subset_dataset", "write_dataset_folder"]

DATASET_KIND = "dataset"
"""The marker kind of a dataset folder written by paretoland."""


def write_dataset_folder(
    data: CityData,
    out: str | Path,
    *,
    dropped: pd.DataFrame | None = None,
    extra: dict[str, Callable[[Path], object]] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``data`` as a dataset folder (``cities.csv``, ``migration.csv``, ``flags.csv``).

    Parameters
    ----------
    data : CityData
        The dataset.
    out : str or Path
        The folder; a new one, or a dataset paretoland wrote there (with ``overwrite``).
    dropped : DataFrame, optional
        Cities left out, written as ``dropped.csv`` (columns ``DROPPED_COLUMNS``).
    extra : dict of str to callable, optional
        More files: name -> ``write(path)``.
    overwrite : bool
        Replace a dataset paretoland wrote in ``out`` (refused if one of its files was
        edited since).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    OutputError
        If ``out`` cannot be written safely (see :mod:`paretoland.io.folders`).
    """
    target = Path(out)
    with output_folder(target, DATASET_KIND, overwrite=overwrite) as staging:
        data.to_dir(staging)
        if dropped is not None and not dropped.empty:
            dropped[list(DROPPED_COLUMNS)].to_csv(staging / DROPPED_FILE, index=False)
        for name, write in (extra or {}).items():
            write(staging / name)
    return target


def subset_dataset(
    source: str | Path,
    out: str | Path,
    *,
    provinces: Sequence[str] = (),
    drop_provinces: Sequence[str] = (),
    overwrite: bool = False,
) -> CityData:
    """Write the consistent sub-economy of some provinces of a dataset to a new folder.

    The same machinery as the default sample without Tibet
    (:meth:`~paretoland.data.dataset.CityData.drop_provinces`): migration rows rescaled to
    1, residents recomputed, flags carried over; ``dropped.csv`` lists the source's
    dropped cities and the ones left out now.

    Parameters
    ----------
    source : str or Path
        A dataset folder (read whole, Tibet included).
    out : str or Path
        A new folder.
    provinces, drop_provinces : sequence of str
        Keep only these provinces, or leave these out (exactly one of the two); names
        in any form :func:`~paretoland.data.provinces.province_by_name` accepts, or codes.
    overwrite : bool
        Replace a dataset paretoland wrote there before.

    Returns
    -------
    CityData
        The sub-economy written.
    """
    if bool(provinces) == bool(drop_provinces):
        raise ConfigError("give the provinces to keep or the provinces to drop (one of the two).")
    data = load_cities(source, keep_tibet=True)
    sub = data.keep_provinces(provinces) if provinces else data.drop_provinces(drop_provinces)
    dropped_file = Path(source) / DROPPED_FILE
    before = read_table(dropped_file, "dropped") if dropped_file.is_file() else None
    frames = [f[list(DROPPED_COLUMNS)] for f in (before, sub.excluded) if f is not None]
    write_dataset_folder(
        sub, out, dropped=pd.concat(frames, ignore_index=True), overwrite=overwrite
    )
    return sub
