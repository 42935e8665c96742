"""Load, validate and hold a city dataset: :func:`load_cities` -> :class:`CityData`.

The files follow the schema in :mod:`paretoland.data.schema` (``cities.csv``,
``migration.csv``, optional ``flags.csv``). Every check lives in
:mod:`paretoland.data.validation`; a dataset that loads is complete, numeric, positive,
consistent with the province table, and its migration matrix matches its cities.
:class:`CityData` keeps the values in the units of the CSV columns and hands them to
the model in model units (yuan, persons, m²) through its properties.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paretoland.data.sample import (
    PAPER_EXCLUDED_PROVINCES,
    PAPER_SAMPLE_REASON,
    SubEconomies,
    empty_excluded,
)
from paretoland.data.schema import (
    CITIES_FILE,
    DROPPED_COLUMNS,
    FLAG_COLUMNS,
    FLAGS_FILE,
    MIGRATION_FILE,
    MIGRATION_ORIGIN_COLUMN,
    QUANTITY_COLUMNS,
)
from paretoland.data.validation import read_table, validate_dataset, validate_flags
from paretoland.exceptions import ConfigError, DataError

__all__ = [
    "PERSONS_PER_10K",
    "YUAN_PER_100M_YUAN",
    "M2_PER_KM2",
    "CityData",
    "default_data_dir",
    "load_cities",
]

PERSONS_PER_10K = 1e4
"""Persons per 万人 (``_10k`` columns)."""
YUAN_PER_100M_YUAN = 1e8
"""Yuan per 亿元 (``_100m_yuan`` columns)."""
M2_PER_KM2 = 1e6
"""Square metres per square kilometre (``_km2`` columns)."""
M2_PER_MU = 10000.0 / 15.0
"""Square metres per mu (亩 = 1/15 hectare ≈ 666.67 m²)."""

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The ``paretoland`` package folder."""


def default_data_dir() -> Path:
    """Return the folder of the embedded default dataset.

    In an installed wheel this is ``paretoland/_data``; in a source checkout it is
    the repository's top-level ``data/``. The first of the two holding
    ``cities.csv`` wins.

    Raises
    ------
    DataError
        If neither folder holds ``cities.csv``.
    """
    candidates = (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent / "data")
    for folder in candidates:
        if (folder / CITIES_FILE).is_file():
            return folder
    raise DataError(
        f"no embedded dataset found: neither {candidates[0]} nor {candidates[1]} holds "
        f"{CITIES_FILE}.\nFix: build it (`paretoland data build`) or pass the path of a "
        "dataset folder to load_cities(path)."
    )


def _resolve_paths(
    path: str | Path | None, migration_path: str | Path | None, flags_path: str | Path | None
) -> tuple[Path, Path, Path | None]:
    """Find the cities, migration and (optional) flags files for :func:`load_cities`."""
    base = default_data_dir() if path is None else Path(path)
    if base.is_dir():
        folder, cities = base, base / CITIES_FILE
    elif base.is_file():
        folder, cities = base.parent, base
    else:
        raise DataError(
            f"dataset path not found: {base}.\nFix: pass a folder holding "
            f"{CITIES_FILE} and {MIGRATION_FILE}, or the path of a cities CSV."
        )
    migration = Path(migration_path) if migration_path is not None else folder / MIGRATION_FILE
    if flags_path is not None:
        flags: Path | None = Path(flags_path)
    else:
        flags = folder / FLAGS_FILE if (folder / FLAGS_FILE).is_file() else None
    return cities, migration, flags


def load_cities(
    path: str | Path | None = None,
    *,
    migration_path: str | Path | None = None,
    flags_path: str | Path | None = None,
    residents_rtol: float = 1e-4,
    keep_tibet: bool = False,
) -> CityData:
    """Load and validate a city dataset, in the paper's sample unless told otherwise.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding ``cities.csv``, ``migration.csv`` and optionally
        ``flags.csv``, or the path of a cities CSV file (its companions are then
        looked for beside it). Default: the embedded dataset, :func:`default_data_dir`.
    migration_path : str or Path, optional
        The migration matrix CSV, if not ``migration.csv`` beside the cities file.
    flags_path : str or Path, optional
        The flags CSV, if not ``flags.csv`` beside the cities file (which is optional).
    residents_rtol : float
        Largest accepted relative difference between a city's stated resident share
        and the share implied by hukou population and migration (``m.T @ hukou``).
    keep_tibet : bool
        Keep Tibet's cities. By default they are left out, as in the paper (docs/model.md
        §2): the migration matrix loses their rows and columns, each remaining row is
        rescaled to 1 and residents are recomputed (:meth:`CityData.drop_provinces`).
        A dataset without Tibetan cities is returned exactly as validated.

    Returns
    -------
    CityData
        The validated dataset; its :attr:`~CityData.excluded` lists the cities left
        out of the sample and :attr:`~CityData.sample` describes it.

    Raises
    ------
    DataError
        If a file is missing or unreadable, or any check of
        :func:`paretoland.data.validation.validate_dataset` fails.
    """
    cities_file, migration_file, flags_file = _resolve_paths(path, migration_path, flags_path)
    cities = read_table(cities_file, "cities")
    migration = read_table(migration_file, "migration")
    flags = read_table(flags_file, "flags") if flags_file is not None else None
    source = str(cities_file.parent if path is None or Path(path).is_dir() else cities_file)
    data = CityData.from_frames(
        cities, migration, flags, residents_rtol=residents_rtol, source=source
    )
    if keep_tibet:
        return data
    return data.drop_provinces(PAPER_EXCLUDED_PROVINCES, reason=PAPER_SAMPLE_REASON)


def _empty_flags() -> pd.DataFrame:
    return validate_flags(None, pd.DataFrame())


@dataclass(frozen=True, eq=False, repr=False)
class CityData(SubEconomies):
    """A validated city dataset.

    Build it with :func:`load_cities` or :meth:`from_frames`, which validate; the
    constructor only checks shapes.

    Attributes
    ----------
    cities : DataFrame
        One row per city: identifier columns (str), quantity columns (float64, in the
        units of the column names), then any extra columns; index ``RangeIndex``, in
        the order of the migration matrix.
    migration : ndarray(float, shape=(n_cities, n_cities))
        Migration shares ``m[o, d]``, rows origin, columns destination; rows sum to 1.
        Read-only.
    flags : DataFrame
        Constructed or imputed values: columns ``city_code``, ``column``, ``method``,
        ``note`` (:data:`~paretoland.data.schema.FLAG_COLUMNS`); empty if none.
    source : str
        Where the data came from (a path, or ``"<memory>"``).
    excluded : DataFrame
        Cities of the source left out of this sample, with the reason
        (:data:`~paretoland.data.schema.DROPPED_COLUMNS`); empty if none.
    """

    cities: pd.DataFrame
    migration: np.ndarray
    flags: pd.DataFrame = field(default_factory=_empty_flags)
    source: str = "<memory>"
    excluded: pd.DataFrame = field(default_factory=empty_excluded)
    _texts: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.cities)
        matrix = np.array(self.migration, dtype=np.float64)
        if matrix.shape != (n, n):
            raise DataError(f"migration matrix has shape {matrix.shape}, expected ({n}, {n}).")
        missing = [c for c in FLAG_COLUMNS if c not in self.flags.columns]
        missing += [c for c in DROPPED_COLUMNS if c not in self.excluded.columns]
        if missing:
            raise DataError(f"flags or excluded table is missing column(s) {', '.join(missing)}.")
        matrix.flags.writeable = False
        object.__setattr__(self, "migration", matrix)

    @classmethod
    def from_frames(
        cls,
        cities: pd.DataFrame,
        migration: pd.DataFrame | np.ndarray,
        flags: pd.DataFrame | None = None,
        *,
        residents_rtol: float = 1e-4,
        source: str = "<memory>",
    ) -> CityData:
        """Validate in-memory tables and build a :class:`CityData`.

        Parameters
        ----------
        cities : DataFrame
            The columns of :data:`~paretoland.data.schema.CITY_COLUMNS` (extra columns are
            kept); quantity cells may be numbers or numeric strings.
        migration : DataFrame or ndarray
            As a DataFrame, the CSV layout (column ``origin`` then one column per
            destination code) or indexed by origin code, rows and columns in any
            order; as an ndarray of shape (n_cities, n_cities), in the cities' order.
        flags : DataFrame, optional
            The flags table (:data:`~paretoland.data.schema.FLAG_COLUMNS`).
        residents_rtol : float
            Tolerance of the resident consistency check (see :func:`load_cities`).
        source : str
            Where the data came from, for messages and summaries.

        Returns
        -------
        CityData
        """
        table, matrix, flag_table = validate_dataset(
            cities, migration, flags, residents_rtol=residents_rtol, source=source
        )
        return cls(cities=table, migration=matrix, flags=flag_table, source=source)

    # ------------------------------------------------------------ identifiers
    @property
    def n_cities(self) -> int:
        """Number of cities."""
        return len(self.cities)

    def _text(self, column: str) -> np.ndarray:
        """Return a text column as a read-only str array, converted once (the table is fixed)."""
        if column not in self._texts:
            values = self.cities[column].to_numpy(dtype=str)
            values.flags.writeable = False
            self._texts[column] = values
        return self._texts[column]

    @property
    def codes(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): 6-digit city codes."""
        return self._text("city_code")

    @property
    def names(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): pinyin city names."""
        return self._text("name_pinyin")

    @property
    def names_zh(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): Chinese city names."""
        return self._text("name_zh")

    @property
    def provinces(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): pinyin province names."""
        return self._text("province_pinyin")

    @property
    def province_codes(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): 6-digit province codes."""
        return self._text("province_code")

    @property
    def regions(self) -> np.ndarray:
        """ndarray(str, shape=(n_cities,)): NBS regions (East, Central, West, Northeast)."""
        return self._text("region")

    # ------------------------------------------------------------ quantities, model units
    def _quantity(self, column: str, factor: float) -> np.ndarray:
        return self.cities[column].to_numpy(dtype=np.float64) * factor

    @property
    def gdp(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): GDP ``Y`` in yuan (亿元 × 1e8)."""
        return self._quantity("gdp_100m_yuan", YUAN_PER_100M_YUAN)

    @property
    def employment(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): goods-sector employment ``L^Y``, persons."""
        return self._quantity("employment_10k", PERSONS_PER_10K)

    @property
    def realestate_employment(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): real-estate employment ``L^H``, persons."""
        return self._quantity("realestate_employment_10k", PERSONS_PER_10K)

    @property
    def wage(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): average wage ``w``, yuan per worker per year."""
        return self._quantity("wage_yuan", 1.0)

    @property
    def hukou(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): hukou (registered) population, persons."""
        return self._quantity("hukou_pop_10k", PERSONS_PER_10K)

    @property
    def residents(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): resident population ``L``, persons."""
        return self._quantity("resident_pop_10k", PERSONS_PER_10K)

    @property
    def land_productive(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): productive land ``R^Y``, m² (km² × 1e6)."""
        return self._quantity("land_productive_km2", M2_PER_KM2)

    @property
    def land_residential(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): residential land ``R^H``, m² (km² × 1e6)."""
        return self._quantity("land_residential_km2", M2_PER_KM2)

    @property
    def land_price_productive(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): observed productive land price ``p^Y``, yuan/m²."""
        return self._quantity("land_price_productive_yuan_m2", 1.0)

    @property
    def land_price_residential(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): observed residential land price ``p^H``, yuan/m²."""
        return self._quantity("land_price_residential_yuan_m2", 1.0)

    @property
    def house_price(self) -> np.ndarray:
        """ndarray(float, shape=(n_cities,)): house price ``P^h``, yuan per m² of floor space."""
        return self._quantity("house_price_yuan_m2", 1.0)

    # ------------------------------------------------------------ flags
    def flagged(self, column: str) -> np.ndarray:
        """Return which cities have a flagged (constructed or imputed) value in ``column``.

        Parameters
        ----------
        column : str
            A column of :attr:`cities`, e.g. ``"land_price_productive_yuan_m2"``.

        Returns
        -------
        ndarray(bool, shape=(n_cities,))
        """
        if column not in self.cities.columns:
            raise ConfigError(
                f"unknown column {column!r}; flags refer to the columns of "
                f"cities.csv: {', '.join(map(str, self.cities.columns))}."
            )
        codes = set(self.flags.loc[self.flags["column"] == column, "city_code"])
        return np.isin(self.codes, list(codes))

    def flag_report(self) -> pd.DataFrame:
        """Summarise the flags per column.

        Returns
        -------
        DataFrame
            Index ``column`` (every quantity column, then any other flagged column);
            columns ``n_flagged`` (cities with a flagged value), ``share_flagged``
            (``n_flagged / n_cities``) and ``methods`` (sorted, comma-separated).
        """
        names = [c.name for c in QUANTITY_COLUMNS]
        names += sorted(set(self.flags["column"]) - set(names))
        rows = []
        for name in names:
            sub = self.flags[self.flags["column"] == name]
            n = int(sub["city_code"].nunique())
            rows.append((name, n, n / self.n_cities, ", ".join(sorted(set(sub["method"])))))
        report = pd.DataFrame(rows, columns=["column", "n_flagged", "share_flagged", "methods"])
        return report.set_index("column")

    # ------------------------------------------------------------ export, display
    def to_dir(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write ``cities.csv``, ``migration.csv`` and ``flags.csv`` to a folder.

        ``load_cities(data.to_dir(path))`` equals ``data``. Floats are written at
        full precision.

        Parameters
        ----------
        path : str or Path
            The folder (created if needed).
        overwrite : bool
            Replace existing dataset files; otherwise they raise :class:`DataError`.

        Returns
        -------
        Path
            The folder.
        """
        folder = Path(path)
        targets = [folder / name for name in (CITIES_FILE, MIGRATION_FILE, FLAGS_FILE)]
        existing = [str(t) for t in targets if t.exists()]
        if existing and not overwrite:
            raise DataError(f"refusing to overwrite {', '.join(existing)}; pass overwrite=True.")
        folder.mkdir(parents=True, exist_ok=True)
        codes = list(self.codes)
        migration = pd.DataFrame(self.migration, columns=codes)
        migration.insert(0, MIGRATION_ORIGIN_COLUMN, codes)
        self.cities.to_csv(targets[0], index=False)
        migration.to_csv(targets[1], index=False)
        self.flags.to_csv(targets[2], index=False)
        return folder

    def summary(self) -> str:
        """Return a short fixed-width summary: counts, totals with units, flagged share."""
        width = 64
        totals = [
            ("GDP", self.gdp, "yuan"),
            ("Goods-sector employment", self.employment, "persons"),
            ("Real-estate employment", self.realestate_employment, "persons"),
            ("Hukou population", self.hukou, "persons"),
            ("Resident population", self.residents, "persons"),
            ("Productive land", self.land_productive, "m²"),
            ("Residential land", self.land_residential, "m²"),
        ]
        quantity_names = {c.name for c in QUANTITY_COLUMNS}
        flags = self.flags[self.flags["column"].isin(quantity_names)]
        n_flagged = len(flags[["city_code", "column"]].drop_duplicates())
        n_cells = self.n_cities * len(QUANTITY_COLUMNS)
        lines = [
            "CityData".center(width),
            "=" * width,
            f"{'Source:':<12}{self.source}",
            f"{'Cities:':<12}{self.n_cities:<10d}{'Provinces:':<12}"
            f"{len(set(self.province_codes)):<10d}{'Regions:':<10}{len(set(self.regions))}",
            *self._sample_lines(width),
            "-" * width,
            f"{'Quantity':<30}{'Total':>20}  {'Unit'}",
            "-" * width,
        ]
        lines += [f"{label:<30}{values.sum():>20.6e}  {unit}" for label, values, unit in totals]
        lines += [
            "-" * width,
            f"Flagged values: {n_flagged} of {n_cells} quantity cells ({n_flagged / n_cells:.1%})",
            "=" * width,
        ]
        return "\n".join(lines)

    def _sample_lines(self, width: int) -> list[str]:
        if self.excluded.empty:
            return []
        return textwrap.wrap(
            self.sample, width, initial_indent=f"{'Sample:':<12}", subsequent_indent=" " * 12
        )

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"CityData(n_cities={self.n_cities}, source={self.source!r})"

    def __eq__(self, other: object) -> bool:
        """Equal tables and matrix (``source`` is ignored)."""
        if not isinstance(other, CityData):
            return NotImplemented
        return (
            self.cities.equals(other.cities)
            and np.array_equal(self.migration, other.migration)
            and self.flags.equals(other.flags)
        )

    __hash__ = None  # type: ignore[assignment]
