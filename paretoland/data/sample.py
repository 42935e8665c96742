"""Consistent sub-economies: which cities a dataset keeps, and the paper's default sample.

Leaving cities out of a dataset is more than dropping rows. The migration matrix
loses their rows and columns; each remaining origin's row is rescaled to sum to 1
(its migrants to the dropped cities are redistributed over the other destinations in
proportion to their shares); residents are recomputed as ``mᵀ hukou``, scaled to the
kept cities' stated total, so that they stay consistent with the matrix; flags of the
kept cities are carried over, with one more per kept city saying that its residents
were recomputed; and the dropped cities are recorded with the reason. The same
operation serves the default sample without Tibet (:func:`paretoland.load_cities`),
``CityData.subset``, ``CityData.drop_provinces`` and ``paretoland data subset``.

The paper leaves Tibet out (seed 000: 西藏暂未纳入本文的分析样本), and so does
paretoland by default (docs/model.md §2, decided 2026-12-05); ``keep_tibet=True`` (the
``--keep-tibet`` flag, ``[data] keep_tibet = true``) keeps it. A dataset without Tibetan
cities is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

import numpy as np
import pandas as pd

from paretoland.data.provinces import province_by_code, resolve_province
from paretoland.data.schema import DROPPED_COLUMNS, FLAG_COLUMNS
from paretoland.data.validation._cells import short
from paretoland.exceptions import ConfigError, DataError

__all__ = [
    "PAPER_EXCLUDED_PROVINCES",
    "PAPER_SAMPLE_REASON",
    "RESIDENTS_RECOMPUTED",
    "SubEconomies",
    "SubsetFrames",
    "empty_excluded",
    "province_codes_of",
    "subset_frames",
]

PAPER_EXCLUDED_PROVINCES: tuple[str, ...] = ("540000",)
"""Province codes the default sample leaves out: Tibet (西藏自治区), as the paper does."""
PAPER_SAMPLE_REASON = (
    "not in the paper's sample (seed 000: 西藏暂未纳入本文的分析样本); "
    "keep_tibet=True or --keep-tibet keeps it"
)
"""The reason recorded for the cities the default sample leaves out."""
RESIDENTS_RECOMPUTED = "subset_recomputed"
"""Flag method of residents recomputed for a sub-economy."""


def empty_excluded() -> pd.DataFrame:
    """Return an empty table of left-out cities (columns ``DROPPED_COLUMNS``)."""
    return pd.DataFrame({c: pd.Series([], dtype=str) for c in DROPPED_COLUMNS})


def province_codes_of(names: Iterable[str]) -> list[str]:
    """Return the 6-digit codes of provinces given by name or by code.

    Names may take any form :func:`~paretoland.data.provinces.province_by_name` accepts.

    Raises
    ------
    ConfigError
        For an unknown name, with the closest known ones.
    """
    codes: list[str] = []
    for name in names:
        province = province_by_code(str(name).strip()) or resolve_province(name)
        if province.code not in codes:
            codes.append(province.code)
    return codes


@dataclass(frozen=True)
class SubsetFrames:
    """The tables of a sub-economy (see :func:`subset_frames`).

    Attributes
    ----------
    cities : DataFrame
        The kept rows, residents recomputed; index ``RangeIndex``.
    migration : ndarray(float, shape=(k, k))
        The kept block, each row rescaled to sum to 1.
    flags : DataFrame
        The kept cities' flags plus one ``subset_recomputed`` flag per kept city.
    excluded : DataFrame
        The cities left out now, after any left out before (``DROPPED_COLUMNS``).
    """

    cities: pd.DataFrame
    migration: np.ndarray
    flags: pd.DataFrame
    excluded: pd.DataFrame


def subset_frames(
    cities: pd.DataFrame,
    migration: np.ndarray,
    flags: pd.DataFrame,
    keep: Sequence[bool] | np.ndarray,
    *,
    reason: str,
    excluded: pd.DataFrame | None = None,
) -> SubsetFrames:
    """Cut a validated dataset down to the cities in ``keep``, consistently.

    Parameters
    ----------
    cities : DataFrame
        The typed cities table (as :class:`~paretoland.data.dataset.CityData` holds it).
    migration : ndarray(float, shape=(n, n))
        Migration shares, rows origin, in the cities' order.
    flags : DataFrame
        The flags table (:data:`~paretoland.data.schema.FLAG_COLUMNS`).
    keep : sequence of bool, shape (n,)
        Which cities stay.
    reason : str
        Why the others leave, recorded in ``excluded``.
    excluded : DataFrame, optional
        Cities left out before; the new ones are appended.

    Returns
    -------
    SubsetFrames

    Raises
    ------
    DataError
        If no city stays, or a kept origin sent all its migrants to left-out cities
        (its row cannot be rescaled).
    """
    keep = np.asarray(keep, dtype=bool)
    if keep.shape != (len(cities),):
        raise ConfigError(f"keep must have shape ({len(cities)},), got {keep.shape}.")
    if not keep.any():
        raise DataError(
            f"no city would be left: all {len(cities)} are {reason}.\nFix: keep at least one "
            "city (check the province names, or keep Tibet if the dataset is only Tibet)."
        )
    block = migration[np.ix_(keep, keep)]
    row_sums = block.sum(axis=1)
    kept = cities.loc[keep].reset_index(drop=True)
    empty = np.flatnonzero(row_sums <= 0.0)
    if empty.size:
        labels = [f"{kept.at[i, 'city_code']} {kept.at[i, 'name_zh']}" for i in empty]
        raise DataError(
            f"{empty.size} kept city(ies) send all their hukou population to cities left out "
            f"({short(labels)}), so their migration rows cannot be rescaled.\nFix: keep their "
            "destinations as well, or leave these cities out too."
        )
    block = block / row_sums[:, None]
    hukou = kept["hukou_pop_10k"].to_numpy(dtype=np.float64)
    stated = kept["resident_pop_10k"].to_numpy(dtype=np.float64)
    implied = block.T @ hukou
    residents = implied * (stated.sum() / implied.sum())
    kept["resident_pop_10k"] = residents
    n_left = int((~keep).sum())
    return SubsetFrames(
        cities=kept,
        migration=np.ascontiguousarray(block),
        flags=_kept_flags(flags, kept, stated, n_left, reason),
        excluded=_excluded(cities.loc[~keep], reason, excluded),
    )


def _kept_flags(
    flags: pd.DataFrame, kept: pd.DataFrame, before: np.ndarray, n_left: int, reason: str
) -> pd.DataFrame:
    """Return the kept cities' flags, then one ``subset_recomputed`` flag per kept city."""
    codes = kept["city_code"].astype(str)
    carried = flags[flags["city_code"].isin(set(codes))]
    note = (
        f"recomputed as mᵀ hukou after leaving out {n_left} city(ies) ({reason}), migration "
        "rows rescaled to 1 and scaled to the kept cities' stated total; was "
    )
    added = pd.DataFrame(
        {
            "city_code": codes.to_numpy(),
            "column": "resident_pop_10k",
            "method": RESIDENTS_RECOMPUTED,
            "note": [note + f"{value:.6g}" for value in before],
        }
    )
    extra = [c for c in carried.columns if c not in FLAG_COLUMNS]
    added = added.assign(**dict.fromkeys(extra, ""))
    return pd.concat([carried, added], ignore_index=True)[list(carried.columns)]


def _excluded(left: pd.DataFrame, reason: str, before: pd.DataFrame | None) -> pd.DataFrame:
    now = pd.DataFrame(
        {
            "city_code": left["city_code"].astype(str).to_numpy(),
            "name_zh": left["name_zh"].astype(str).to_numpy(),
            "province_zh": left["province_zh"].astype(str).to_numpy(),
            "reason": reason,
        }
    )
    if before is None or before.empty:
        return now.reset_index(drop=True)
    return pd.concat([before[list(DROPPED_COLUMNS)], now], ignore_index=True)


class SubEconomies:
    """Sub-economy methods of :class:`~paretoland.data.dataset.CityData`.

    A mixin: it uses the dataset's ``cities``, ``migration``, ``flags``, ``excluded``,
    ``codes``, ``province_codes``, ``source`` and ``from_frames``.
    """

    cities: pd.DataFrame
    migration: np.ndarray
    flags: pd.DataFrame
    excluded: pd.DataFrame
    source: str

    if TYPE_CHECKING:  # read-only properties of CityData

        @property
        def codes(self) -> np.ndarray:
            """6-digit city codes."""

        @property
        def province_codes(self) -> np.ndarray:
            """6-digit province codes."""

        @property
        def n_cities(self) -> int:
            """Number of cities."""

    def subset(self, codes: Iterable[str], *, reason: str = "left out of the subset") -> Self:
        """Return the consistent sub-economy of the cities ``codes`` (in this order of rows).

        Their migration rows are restricted to the kept cities and rescaled to sum to
        1, residents are recomputed as ``mᵀ hukou`` (scaled to the kept cities' stated
        total), flags are carried over (plus a ``subset_recomputed`` flag per kept
        city) and the left-out cities are added to :attr:`excluded` with ``reason``.

        Raises
        ------
        ConfigError
            If a code is not in the dataset.
        DataError
            If nothing is kept, or a kept origin has no migrants left to rescale.
        """
        wanted = [str(c) for c in codes]
        unknown = sorted(set(wanted) - set(self.codes))
        if unknown:
            raise ConfigError(
                f"city code(s) not in the dataset: {', '.join(unknown[:10])}"
                f"{' ...' if len(unknown) > 10 else ''}; see data.codes."
            )
        keep = np.isin(self.codes, wanted)
        if keep.all():
            return self
        frames = subset_frames(
            self.cities, self.migration, self.flags, keep, reason=reason, excluded=self.excluded
        )
        dataset: Any = type(self)  # CityData: its from_frames and its constructor
        data = dataset.from_frames(
            frames.cities, frames.migration, frames.flags, source=self.source
        )
        return dataset(data.cities, data.migration, data.flags, self.source, frames.excluded)

    def drop_provinces(self, names: Iterable[str], *, reason: str | None = None) -> Self:
        """Return the sub-economy without the cities of the provinces ``names``.

        Names may be codes, Chinese (陕西省, 陕西) or pinyin (Shaanxi); the same
        machinery as :meth:`subset`. Provinces without cities are ignored, so a
        dataset without them is returned unchanged.
        """
        codes = province_codes_of(names)
        why = reason or "in a left-out province (" + ", ".join(codes) + ")"
        return self.subset(self.codes[~np.isin(self.province_codes, codes)], reason=why)

    def keep_provinces(self, names: Iterable[str]) -> Self:
        """Return the sub-economy of the cities of the provinces ``names``.

        Names as for :meth:`drop_provinces`; the same machinery as :meth:`subset`.
        """
        codes = province_codes_of(names)
        return self.subset(
            self.codes[np.isin(self.province_codes, codes)],
            reason="outside the kept provinces (" + ", ".join(codes) + ")",
        )

    @property
    def sample(self) -> str:
        """One line saying which cities this sample leaves out of its source, and why."""
        total = self.n_cities + len(self.excluded)
        if self.excluded.empty:
            return f"all {total} cities of the source"
        parts = []
        for reason, group in self.excluded.groupby("reason", sort=False):
            names = list(dict.fromkeys(group["province_zh"]))
            provinces = ", ".join(names) if len(names) <= 5 else f"{len(names)} provinces"
            parts.append(f"{len(group)} left out ({provinces}): {reason}")
        return f"{self.n_cities} of {total} cities; " + "; ".join(parts)
