"""Larger economies: split each prefecture into county-level units, for scaling tests.

:func:`split_into_counties` turns a :class:`~paretoland.data.dataset.CityData` of
prefectures into one of county-level units whose additive quantities add up exactly
to the prefectures', with a migration matrix consistent with the prefecture one;
:func:`economy_of_size` builds an economy of any number of units from the embedded
dataset. The units are synthetic (random shares, no real county data): they are for
benchmarks and tests of the solver at scale, not for policy results.

Shares. For a prefecture P split into k units, a base share vector
s ~ Dirichlet(c · a) is drawn with a = (core_weight, 1, …, 1) and concentration
c (defaults 5 and 3), and reordered so that the first unit, the urban core, holds
the largest base share. Each additive column j (GDP, goods and real-estate
employment, hukou, land of both uses, and a resident-attraction share r) gets its
own shares s_j ∝ s · exp(noise · z_j), z_j ~ N(0, 1), normalised within P
(``noise`` default 0.1), and the unit value is the prefecture value × s_j, so the
units add up to the prefecture to rounding. Wages, land prices and house prices are
inherited unchanged, so wage bills w·L add up as well. Everything is drawn from
``np.random.default_rng(seed)`` in prefecture order: the result is deterministic
given the seed.

Migration. With M the prefecture matrix, P(o) the prefecture of unit o, r_d the
attraction share of unit d within P(d) (Σ_{d∈Q} r_d = 1) and home bias λ ∈ [0, 1)
(default 0.5), the unit matrix is::

    m(o→d) = M[P(o), P(d)] · r_d                              if P(o) ≠ P(d)
    m(o→d) = M[P, P] · ((1 − λ) r_d + λ · 1[o = d])           if P(o) = P(d) = P

Three properties follow. (a) Rows sum to 1:
``Σ_d m(o→d) = Σ_Q M[P(o), Q] Σ_{d∈Q} r_d (+ λ M[P,P](1 − 1)) = 1``. (b) Aggregation:
Σ_{o∈P, d∈Q} hukou_o m(o→d) = M[P, Q] Σ_{o∈P} hukou_o = H_P M[P, Q], the prefecture
flows weighted by hukou, exactly (the within-block terms again sum to
M[P,P]). (c) Residents are built from the matrix: implied_d = (mᵀ hukou)_d, then
rescaled within each prefecture to its stated residents,
resident_d = implied_d · Res_P / Σ_{d'∈P} implied_{d'}. They add up to Res_P, and
each unit's implied/stated ratio equals its prefecture's, so a prefecture dataset
that passes the resident check of :meth:`CityData.from_frames` gives units that pass
it too (for a dataset with residents = Mᵀ H exactly, residents = mᵀ hukou exactly).

Codes. A unit's code is the first 4 digits of its prefecture's code plus a 2-digit
unit number 01–99; a code already taken (by an earlier unit or by a prefecture kept
whole), or a unit number above 99, falls back to the first free code with the
province's 2-digit prefix (pp0001–pp9999, ascending), so every code is a unique
6-digit string inside its province. A prefecture with k = 1 keeps its code and
names. Names are ``"<prefecture pinyin> <i>"`` (``"<中文名><i>"``), i = 1…k.
Flags of a prefecture are copied to each of its units.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from paretoland.data.dataset import CityData, load_cities
from paretoland.exceptions import ConfigError

__all__ = ["ADDITIVE_COLUMNS", "split_into_counties", "economy_of_size"]

ADDITIVE_COLUMNS: tuple[str, ...] = (
    "gdp_100m_yuan",
    "employment_10k",
    "realestate_employment_10k",
    "hukou_pop_10k",
    "resident_pop_10k",
    "land_productive_km2",
    "land_residential_km2",
)
"""Columns whose unit values add up exactly to the prefecture's."""
_DRAWN_COLUMNS = tuple(c for c in ADDITIVE_COLUMNS if c != "resident_pop_10k")


def _units_array(data: CityData, units_per_city: int | np.ndarray) -> np.ndarray:
    units = np.asarray(units_per_city)
    if units.ndim == 0:
        units = np.full(data.n_cities, units)
    if (
        units.shape != (data.n_cities,)
        or not np.issubdtype(units.dtype, np.integer)
        or (units < 1).any()
    ):
        raise ConfigError(
            "units_per_city must be a positive integer or an integer array of shape "
            f"({data.n_cities},) with every value ≥ 1 (got {units_per_city!r})."
        )
    return units.astype(np.int64)


def _draw_shares(
    rng: np.random.Generator, k: int, concentration: float, core_weight: float, noise: float
) -> dict[str, np.ndarray]:
    """Shares of one prefecture's k units: one vector per drawn column plus ``"attraction"``."""
    if k == 1:
        return {name: np.ones(1) for name in (*_DRAWN_COLUMNS, "attraction")}
    alpha = np.full(k, concentration)
    alpha[0] *= core_weight
    base = rng.dirichlet(alpha)
    top = int(np.argmax(base))
    base[[0, top]] = base[[top, 0]]
    shares = {}
    for name in (*_DRAWN_COLUMNS, "attraction"):
        raw = base * np.exp(noise * rng.standard_normal(k))
        shares[name] = raw / raw.sum()
    return shares


def _candidate_codes(parent: str, k: int) -> Iterator[str]:
    yield from (parent[:4] + f"{i:02d}" for i in range(1, min(k, 99) + 1))
    yield from (parent[:2] + f"{i:04d}" for i in range(1, 10000))


def _unit_codes(codes: np.ndarray, units: np.ndarray) -> list[str]:
    """Return unique 6-digit codes within each province (see the module docstring)."""
    used = {str(c) for c, k in zip(codes, units, strict=True) if k == 1}
    out: list[str] = []
    for code, k in zip(codes, units, strict=True):
        if k == 1:
            out.append(str(code))
            continue
        candidates = _candidate_codes(str(code), int(k))
        for _ in range(k):
            code_i = next((c for c in candidates if c not in used), None)
            if code_i is None:
                raise ConfigError(
                    f"no free 6-digit code left in province {code[:2]}xxxx; "
                    "use fewer units per prefecture."
                )
            used.add(code_i)
            out.append(code_i)
    return out


def _unit_matrix(
    migration: np.ndarray, parent: np.ndarray, attraction: np.ndarray, home_bias: float
) -> np.ndarray:
    """m(o→d) of the module docstring; units of a prefecture are contiguous."""
    matrix = migration[np.ix_(parent, parent)]
    matrix *= attraction[None, :]
    starts = np.flatnonzero(np.r_[True, parent[1:] != parent[:-1]])
    stops = np.r_[starts[1:], parent.size]
    for start, stop in zip(starts, stops, strict=True):
        stay = migration[parent[start], parent[start]]
        block = matrix[start:stop, start:stop]
        block *= 1.0 - home_bias
        block[np.diag_indices(stop - start)] += home_bias * stay
    return matrix


def split_into_counties(
    data: CityData,
    units_per_city: int | np.ndarray,
    seed: int = 0,
    *,
    concentration: float = 5.0,
    core_weight: float = 3.0,
    noise: float = 0.1,
    home_bias: float = 0.5,
) -> CityData:
    """Split every prefecture into county-level units (see the module docstring).

    Parameters
    ----------
    data : CityData
        The prefecture dataset.
    units_per_city : int or ndarray(int, shape=(n_cities,))
        Units k ≥ 1 per prefecture (an int applies to all).
    seed : int
        Seed of ``np.random.default_rng``; the result is deterministic given it.
    concentration : float
        Dirichlet concentration c of the base shares (larger: more equal units).
    core_weight : float
        Dirichlet weight of the core unit relative to the others (≥ 1).
    noise : float
        Standard deviation of the log-normal perturbation of each column's shares.
    home_bias : float
        λ ∈ [0, 1): share of within-prefecture stayers who stay in their own unit
        beyond the attraction-share split.

    Returns
    -------
    CityData
        ``units.sum()`` units, prefecture by prefecture, validated by
        :meth:`CityData.from_frames` with the default resident tolerance.

    Raises
    ------
    ConfigError
        If ``units_per_city`` or an option is out of range.
    """
    if not (concentration > 0 and core_weight >= 1 and noise >= 0 and 0 <= home_bias < 1):
        raise ConfigError(
            "options must satisfy concentration > 0, core_weight ≥ 1, noise ≥ 0 "
            f"and 0 ≤ home_bias < 1 (got {concentration}, {core_weight}, "
            f"{noise}, {home_bias})."
        )
    units = _units_array(data, units_per_city)
    rng = np.random.default_rng(seed)
    parent = np.repeat(np.arange(data.n_cities), units)
    drawn = [_draw_shares(rng, int(k), concentration, core_weight, noise) for k in units]
    share = {name: np.concatenate([d[name] for d in drawn]) for name in drawn[0]}
    cities = data.cities.iloc[parent].reset_index(drop=True)
    for column in _DRAWN_COLUMNS:
        cities[column] = data.cities[column].to_numpy(dtype=np.float64)[parent] * share[column]
    matrix = _unit_matrix(data.migration, parent, share["attraction"], home_bias)
    implied = matrix.T @ cities["hukou_pop_10k"].to_numpy()
    implied_total = np.bincount(parent, weights=implied, minlength=data.n_cities)
    stated = data.cities["resident_pop_10k"].to_numpy(dtype=np.float64)
    cities["resident_pop_10k"] = implied * (stated / implied_total)[parent]
    _rename_units(cities, data, units)
    flags = _unit_flags(data, cities, parent)
    return CityData.from_frames(
        cities, matrix, flags, source=f"counties({data.source}, n={parent.size}, seed={seed})"
    )


def _rename_units(cities: pd.DataFrame, data: CityData, units: np.ndarray) -> None:
    index = np.concatenate([np.arange(1, k + 1) for k in units])
    whole = np.repeat(units == 1, units)
    cities["city_code"] = _unit_codes(data.codes, units)
    for column, sep in (("name_pinyin", " "), ("name_zh", "")):
        names = cities[column].astype(str)
        cities[column] = np.where(whole, names, names + sep + index.astype(str))


def _unit_flags(data: CityData, cities: pd.DataFrame, parent: np.ndarray) -> pd.DataFrame:
    if data.flags.empty:
        return data.flags
    units = pd.DataFrame({"parent_code": data.codes[parent], "unit_code": cities["city_code"]})
    merged = data.flags.merge(units, left_on="city_code", right_on="parent_code")
    merged["city_code"] = merged["unit_code"]
    return merged[list(data.flags.columns)].reset_index(drop=True)


def _allocate_extra(weights: np.ndarray, extra: int) -> np.ndarray:
    """Largest-remainder allocation of ``extra`` units proportional to ``weights``."""
    quota = extra * weights / weights.sum()
    whole = np.floor(quota).astype(np.int64)
    left = extra - int(whole.sum())
    order = np.argsort(-(quota - whole), kind="stable")
    whole[order[:left]] += 1
    return whole


def economy_of_size(n: int, seed: int = 0) -> CityData:
    """Return an economy of exactly ``n`` units built from the embedded dataset.

    For n ≥ 319 (the number of prefectures, Tibet's included), each prefecture gets one
    unit plus a share of the n − 319 extra units proportional to its resident population
    (largest remainders), so the largest prefectures are split the most, and
    :func:`split_into_counties` does the split with ``seed``. For n < 319 the n
    most populous prefectures (residents) are kept whole as a consistent sub-economy
    (:meth:`~paretoland.data.dataset.CityData.subset`: migration rows renormalised
    among them, residents recomputed from mᵀ hukou): it is NOT the real one (migrants
    to the dropped cities are reassigned) and is meant only for scaling benchmarks.
    ``seed`` is then unused.

    Parameters
    ----------
    n : int
        Number of units, ≥ 1.
    seed : int
        Seed of the split.

    Returns
    -------
    CityData
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ConfigError(f"n must be a positive integer (got {n!r}).")
    data = load_cities(keep_tibet=True)  # every prefecture: a size benchmark, not a sample
    residents = data.cities["resident_pop_10k"].to_numpy(dtype=np.float64)
    if n >= data.n_cities:
        units = 1 + _allocate_extra(residents, int(n) - data.n_cities)
        return split_into_counties(data, units, seed)
    keep = np.sort(np.argsort(-residents, kind="stable")[:n])
    return data.subset(data.codes[keep], reason=f"not among the {n} most populous")
