"""Construct the city-to-city migration share matrix m (docs/model.md §1–2).

No public city-level hukou × residence matrix exists, so ``m`` is built from real
margins and shares, never random numbers:

1. **Province flows.** The census province table (A7, 2010, residence × origin,
   inter-provincial only) is the seed of a province × province flow matrix whose
   diagonal (people living in their own province) gets a common weight. IPF rakes it
   to the 2017 province hukou totals (rows) and resident totals (columns), keeping
   the census interaction pattern (its odds ratios); the diagonal weight is set by
   bisection so that inter-provincial migrants are a given share of the hukou
   population (census 2010 and 2020 totals interpolated to 2017). This gives
   province-pair block totals T[P, Q] consistent with every margin.
2. **Gravity seed.** Between cities the seed is distance^(−δ) (great-circle km
   between centroids); the diagonal gets a common "stay" weight.
3. **IPF.** The seed is raked to three margins at once: each origin's hukou
   population (rows), each destination's residents scaled to the hukou total
   (columns), and the province-pair block totals T. The margins are consistent by
   construction, so IPF converges. The stay weight is set by bisection so that the
   share of people living in another prefecture of their own province matches its
   target.

Rows of the result are divided by the hukou population: ``m[o, d]`` is the share of
origin o's hukou labour living in d, and ``mᵀ hukou`` reproduces the resident shares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from paretoland.exceptions import ConvergenceError, DataError

__all__ = [
    "MigrationTargets",
    "MigrationFit",
    "PROVINCE_MIGRATION_FILE",
    "read_province_migration",
    "province_flow_seed",
    "fit_province_flows",
    "great_circle_km",
    "fit_ipf",
    "build_migration",
]

PROVINCE_MIGRATION_FILE = "province_migration_matrix_census2010_vis2014.csv"
EARTH_RADIUS_KM = 6371.0088
# Census totals (persons). 2010: 6th census (流动人口 221,426,652 of which 跨省 85,876,000);
# 2020: 7th census communiqué no. 7 (跨省 124,837,153; 省内 250,979,606).
CENSUS_INTERPROVINCIAL = {2010: 85_876_000.0, 2020: 124_837_153.0}
CENSUS_INTRAPROVINCIAL = {2010: 221_426_652.0 - 85_876_000.0, 2020: 250_979_606.0}
CENSUS_POPULATION = {2010: 1_339_724_852.0, 2020: 1_411_778_724.0}


@dataclass(frozen=True)
class MigrationTargets:
    """Targets and shape parameters of the migration construction.

    Attributes
    ----------
    interprovincial_share : float
        Inter-provincial migrants (hukou in one province, living in another) as a
        share of the hukou population. Default: census 2010 and 2020 shares
        interpolated linearly to 2017 (≈ 8.1 %).
    intraprovincial_share : float
        People living in another prefecture of their own province, as a share of the
        hukou population. The census reports intra-province migrants (省内流动,
        including moves between counties of one prefecture) but not the
        cross-prefecture part; the default assumes one third of them cross a
        prefecture boundary (≈ 5.2 % in 2017). An assumption, flagged as such.
    distance_elasticity : float
        δ in the gravity seed distance^(−δ).
    min_distance_km : float
        Floor on centroid distances (km) so that adjacent cities stay finite.
    """

    interprovincial_share: float
    intraprovincial_share: float
    distance_elasticity: float = 1.0
    min_distance_km: float = 10.0

    @classmethod
    def for_year(
        cls, year: int = 2017, cross_prefecture_fraction: float = 1.0 / 3.0
    ) -> MigrationTargets:
        """Census-based targets interpolated to ``year`` (2010 ≤ year ≤ 2020)."""
        t = (year - 2010) / 10.0

        def share(counts: dict[int, float]) -> float:
            level = counts[2010] + t * (counts[2020] - counts[2010])
            pop = CENSUS_POPULATION[2010] + t * (CENSUS_POPULATION[2020] - CENSUS_POPULATION[2010])
            return level / pop

        return cls(
            interprovincial_share=share(CENSUS_INTERPROVINCIAL),
            intraprovincial_share=cross_prefecture_fraction * share(CENSUS_INTRAPROVINCIAL),
        )


@dataclass(frozen=True)
class MigrationFit:
    """The constructed migration matrix and how well it fits its targets.

    Attributes
    ----------
    shares : ndarray, shape (n, n)
        m[o, d], rows summing to 1.
    province_flows : ndarray, shape (n_provinces, n_provinces)
        Province-pair flows T[P, Q] (persons, hukou scale; provinces in code order).
    stay_weight : float
        The diagonal weight of the gravity seed found by bisection.
    max_margin_error : float
        Largest relative error over row, column and block margins after IPF.
    iterations : int
        IPF sweeps used in the final fit.
    interprovincial_share, intraprovincial_share : float
        The achieved shares (equal to the targets up to the fit tolerance).
    """

    shares: np.ndarray
    province_flows: np.ndarray
    stay_weight: float
    max_margin_error: float
    iterations: int
    interprovincial_share: float
    intraprovincial_share: float


def read_province_migration(raw_dir: Path) -> pd.DataFrame:
    """Read the census province migration table (A7).

    Returns
    -------
    DataFrame, shape (31, 31)
        Persons by residence province (index, 2-digit code) and origin (hukou)
        province (columns, 2-digit code); diagonal 0.
    """
    path = Path(raw_dir) / PROVINCE_MIGRATION_FILE
    if not path.exists():
        raise DataError(f"Missing raw file {path}: the census province migration table (A7).")
    raw = pd.read_csv(path, dtype={"residence_prov_code": str})
    origin_columns = [c for c in raw.columns if c.startswith("from_")]
    table = raw.set_index("residence_prov_code")[origin_columns].astype(float)
    table.columns = [c.split("_")[1] for c in origin_columns]
    return table


def province_flow_seed(flows: pd.DataFrame, provinces: list[str]) -> np.ndarray:
    """Census inter-provincial flows as an origin × destination seed.

    Parameters
    ----------
    flows : DataFrame
        Residence (index) × origin (columns) persons, 2-digit province codes.
    provinces : list of str
        2-digit codes, in the order wanted.

    Returns
    -------
    ndarray, shape (p, p)
        Rows: origin (hukou) province; columns: destination (residence); zero diagonal.
    """
    missing = sorted((set(provinces) - set(flows.index)) | (set(provinces) - set(flows.columns)))
    if missing:
        raise DataError(
            f"Province(s) {missing} are missing from the census migration table "
            f"{PROVINCE_MIGRATION_FILE}; it must list all 31 mainland provinces."
        )
    seed = flows.loc[provinces, provinces].to_numpy().T.copy()
    np.fill_diagonal(seed, 0.0)
    return seed


def fit_province_flows(
    seed: np.ndarray, hukou: np.ndarray, residents: np.ndarray, interprovincial_share: float
) -> tuple[np.ndarray, float]:
    """Rake the census seed to province margins with a target inter-provincial share.

    Parameters
    ----------
    seed : ndarray, shape (p, p)
        Census flows, origin × destination, zero diagonal.
    hukou, residents : ndarray, shape (p,)
        Province hukou population and residents (persons; equal totals).
    interprovincial_share : float
        Target share of the hukou population living outside its province.

    Returns
    -------
    blocks : ndarray, shape (p, p)
        Province-pair flows T[P, Q] (persons) meeting both margins.
    stay_weight : float
        The diagonal weight of the seed, whose off-diagonal rows are the census
        destination shares (sum 1).
    """
    groups = np.arange(hukou.size)
    shares = seed / seed.sum(axis=1, keepdims=True)

    def fit(log_stay: float) -> np.ndarray:
        weighted = shares.copy()
        np.fill_diagonal(weighted, np.exp(log_stay))
        return fit_ipf(weighted, hukou, residents, groups)[0]

    def excess(log_stay: float) -> float:
        flows = fit(log_stay)
        return float((flows.sum() - np.trace(flows)) / hukou.sum()) - interprovincial_share

    log_stay = _bisect(excess, "inter-provincial share", interprovincial_share)
    return fit(log_stay), float(np.exp(log_stay))


def great_circle_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle distances between points (haversine), shape (n, n), in km."""
    lon_r, lat_r = np.radians(lon), np.radians(lat)
    dlat = lat_r[:, None] - lat_r[None, :]
    dlon = lon_r[:, None] - lon_r[None, :]
    h = (
        np.sin(dlat / 2) ** 2
        + np.cos(lat_r)[:, None] * np.cos(lat_r)[None, :] * np.sin(dlon / 2) ** 2
    )
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def fit_ipf(
    seed: np.ndarray,
    rows: np.ndarray,
    columns: np.ndarray,
    groups: np.ndarray,
    blocks: np.ndarray | None = None,
    *,
    tol: float = 1e-12,
    max_iter: int = 20_000,
) -> tuple[np.ndarray, int, float]:
    """Rake a positive seed to row, column and group-pair block totals (IPF).

    Parameters
    ----------
    seed : ndarray, shape (n, n)
        Positive seed matrix.
    rows, columns : ndarray, shape (n,)
        Target row and column sums (equal totals).
    groups : ndarray of int, shape (n,)
        Group (province) index of each row/column, in 0..g−1.
    blocks : ndarray, shape (g, g), optional
        Target block sums over group pairs, consistent with rows and columns; None
        rakes to rows and columns only.
    tol : float
        Stop when every margin's relative error is below ``tol``.
    max_iter : int
        Iteration cap.

    Returns
    -------
    flows : ndarray, shape (n, n)
    iterations : int
    max_error : float
        Largest relative margin error at exit.

    Raises
    ------
    ConvergenceError
        If the margins are not met within ``max_iter`` sweeps.
    """
    one_hot = np.eye(groups.max() + 1)[groups]
    flows = seed.copy()
    error = np.inf
    for iteration in range(1, max_iter + 1):
        flows *= (rows / flows.sum(axis=1))[:, None]
        flows *= (columns / flows.sum(axis=0))[None, :]
        if blocks is not None:
            block_sums = one_hot.T @ flows @ one_hot
            ratio = np.divide(blocks, block_sums, out=np.zeros_like(blocks), where=block_sums > 0)
            flows *= ratio[np.ix_(groups, groups)]
        error = max(
            np.abs(flows.sum(axis=1) / rows - 1.0).max(),
            np.abs(flows.sum(axis=0) / columns - 1.0).max(),
        )
        if error < tol:
            return flows, iteration, float(error)
    raise ConvergenceError(f"IPF did not converge in {max_iter} sweeps (margin error {error:.3g}).")


def build_migration(
    cities: pd.DataFrame, raw_dir: Path, targets: MigrationTargets | None = None
) -> MigrationFit:
    """Construct the migration share matrix for a city table.

    Parameters
    ----------
    cities : DataFrame
        Needs ``province_code``, ``hukou_pop_10k``, ``resident_pop_10k``, ``lon_deg``,
        ``lat_deg`` (schema.py), one row per city, in the order of the output.
    raw_dir : Path
        Folder holding the census province migration table.
    targets : MigrationTargets, optional
        Defaults to :meth:`MigrationTargets.for_year` (2017).

    Returns
    -------
    MigrationFit
    """
    targets = MigrationTargets.for_year(2017) if targets is None else targets
    prov_codes, groups = np.unique(cities["province_code"].str[:2].to_numpy(), return_inverse=True)
    hukou = cities["hukou_pop_10k"].to_numpy(float) * 1e4
    residents = cities["resident_pop_10k"].to_numpy(float) * 1e4
    residents = residents * hukou.sum() / residents.sum()
    one_hot = np.eye(prov_codes.size)[groups]
    seed = province_flow_seed(read_province_migration(raw_dir), list(prov_codes))
    blocks, _ = fit_province_flows(
        seed, one_hot.T @ hukou, one_hot.T @ residents, targets.interprovincial_share
    )
    distance = np.maximum(
        great_circle_km(cities["lon_deg"].to_numpy(float), cities["lat_deg"].to_numpy(float)),
        targets.min_distance_km,
    )
    gravity = distance ** (-targets.distance_elasticity)
    same_province = groups[:, None] == groups[None, :]
    off_diagonal = ~np.eye(hukou.size, dtype=bool)

    def fit(log_stay: float) -> tuple[np.ndarray, int, float]:
        seed = gravity.copy()
        np.fill_diagonal(seed, np.exp(log_stay))
        return fit_ipf(seed, hukou, residents, groups, blocks)

    def intra_share(flows: np.ndarray) -> float:
        return float(flows[same_province & off_diagonal].sum() / hukou.sum())

    log_stay = _bisect(
        lambda x: intra_share(fit(x)[0]) - targets.intraprovincial_share,
        "intra-province cross-prefecture share",
        targets.intraprovincial_share,
    )
    flows, iterations, error = fit(log_stay)
    return MigrationFit(
        shares=flows / flows.sum(axis=1, keepdims=True),
        province_flows=blocks,
        stay_weight=float(np.exp(log_stay)),
        max_margin_error=error,
        iterations=iterations,
        interprovincial_share=float(flows[~same_province].sum() / hukou.sum()),
        intraprovincial_share=intra_share(flows),
    )


def _bisect(excess: Callable[[float], float], what: str, target: float) -> float:
    """Root of ``excess(log_weight)``, which decreases in the log stay weight.

    The bracket is found by stepping outward from 0 in steps of 2; a target that
    needs a weight outside [-12, 16] (or whose fits stop converging) is out of reach.
    """
    try:
        low, high = 0.0, 0.0
        while excess(low) < 0:
            low -= 2.0
            if low < -12:
                raise DataError("too high")
        while excess(high) > 0:
            high += 2.0
            if high > 16:
                raise DataError("too low")
    except (DataError, ConvergenceError) as err:
        raise DataError(
            f"The {what} target {target:.4g} cannot be met with these hukou and resident "
            f"margins ({err}); check the margins or change the target."
        ) from err
    if low == high:
        return low
    return float(brentq(excess, low, high, xtol=1e-8))
