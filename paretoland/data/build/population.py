"""Resident population and centroids of the 2017 cities, from the census (A4).

The census file gives 2010 and 2020 resident population on 2020 boundaries and each
unit's boundary polygon. Two boundary changes matter for 2017:

* **Laiwu** (371200) was merged into Jinan (370100) in 2019, so the census Jinan
  includes Laiwu in both years. The interpolated 2017 total is split between them
  by their 2010 census populations on 2010 boundaries (Ma–Tang A6: 济南 681.40,
  莱芜 129.85 万人). Laiwu's coordinates come from A6 (city seat); Jinan keeps the
  centroid of the merged polygon (flagged).
* **Code changes** (Danzhou, Nagqu, Turpan, Kumul, the municipalities) are handled
  by :data:`~paretoland.data.build.names.CSMAR_TO_CENSUS`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.build.fill import TARGET_YEAR, constructed, first_available, observed
from paretoland.data.build.geo import wkt_centroid
from paretoland.data.build.names import JINAN, LAIWU, census_code, log_unmatched
from paretoland.exceptions import DataError

__all__ = ["CENSUS_WEIGHT_2017", "resident_population", "coordinates", "ma_tang_code"]

CENSUS_WEIGHT_2017 = (TARGET_YEAR - 2010) / 10.0
"""Weight of the 2020 census in the geometric interpolation to 2017 (0.7)."""


def ma_tang_code(city_code: str) -> str:
    """Return the 4-digit A6 key of a CSMAR code (municipalities: 110000 → 1101)."""
    return city_code[:2] + "01" if city_code.endswith("0000") else city_code[:4]


def _census_rows(codes: pd.Index, census: pd.DataFrame) -> pd.DataFrame:
    """Census rows of the CSMAR ``codes`` (index city_code); Laiwu has none."""
    lookup = pd.Series({c: census_code(c) for c in codes}, name="census_code")
    rows = census.set_index("census_code").reindex(lookup.to_numpy())
    rows.index = lookup.index
    unmatched = rows["pop_2010"].isna() & (rows.index != LAIWU)
    log_unmatched(pd.Series(rows.index[unmatched]), "CSMAR units", "census 2010/2020 population")
    return rows


def _laiwu_share(ma_tang: pd.DataFrame) -> float:
    pop = ma_tang.set_index("code4")["census_pop_2010_10k"]
    if not {"3701", "3712"} <= set(pop.index):
        raise DataError(
            "Ma–Tang file lacks 济南 (3701) or 莱芜 (3712); cannot split the census Jinan."
        )
    return float(pop["3712"] / (pop["3701"] + pop["3712"]))


def resident_population(
    codes: pd.Index, census: pd.DataFrame, ma_tang: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    """Resident population 2017 (万人) by geometric interpolation of the 2010 and 2020 censuses.

    ``P2017 = P2010 · (P2020 / P2010)^0.7`` (persons → 万人). Jinan and Laiwu split
    the merged census value by Laiwu's 2010 share (see the module docstring).

    Returns
    -------
    estimate : DataFrame
        Every value flagged ``census_interpolation`` (or ``census_interpolation_split``).
    parameters : dict
        ``census_weight_2017`` and ``laiwu_share``.
    """
    rows = _census_rows(codes, census)
    p10, p20 = rows["pop_2010"] / 1e4, rows["pop_2020"] / 1e4
    value = np.exp(np.log(p10) + CENSUS_WEIGHT_2017 * (np.log(p20) - np.log(p10)))
    note = (
        "census resident population 2010 ("
        + p10.map("{:.2f}".format)
        + ") and 2020 ("
        + p20.map("{:.2f}".format)
        + " 万人) interpolated geometrically to 2017"
    )
    share = _laiwu_share(ma_tang)
    plain = constructed(value.drop([JINAN, LAIWU], errors="ignore"), "census_interpolation", note)
    split = pd.Series(np.nan, index=pd.Index([], dtype=object))
    if JINAN in codes and LAIWU in codes:
        merged = value[JINAN]
        split = pd.Series({JINAN: merged * (1 - share), LAIWU: merged * share})
    split_note = (
        f"census Jinan (2020 boundaries, includes Laiwu) interpolated to 2017 "
        f"({value.get(JINAN, np.nan):.2f} 万人), split by Laiwu's 2010 census share "
        f"{share:.4f} (Ma–Tang A6)"
    )
    estimate = first_available(plain, constructed(split, "census_interpolation_split", split_note))
    return estimate.reindex(codes), {"census_weight_2017": CENSUS_WEIGHT_2017, "laiwu_share": share}


def coordinates(
    codes: pd.Index, census: pd.DataFrame, ma_tang: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Longitude and latitude (degrees) of each city.

    The area-weighted centroid of the census polygon; cities without a polygon of
    their own (Laiwu) take the Ma–Tang city-seat point (``ma_tang_coordinates``).
    Jinan's polygon includes Laiwu and is flagged ``census_centroid_merged``.
    """
    rows = _census_rows(codes, census).dropna(subset=["wkt"])
    centroids = pd.DataFrame(
        [wkt_centroid(w) for w in rows["wkt"]], index=rows.index, columns=["lon_deg", "lat_deg"]
    )
    points = ma_tang.set_index("code4")
    fallback = pd.DataFrame(
        {
            c: points[c].reindex([ma_tang_code(k) for k in codes]).to_numpy()
            for c in ("lon_deg", "lat_deg")
        },
        index=codes,
    )
    out = {}
    for col in ("lon_deg", "lat_deg"):
        cen = centroids[col]
        direct = observed(cen.drop(JINAN, errors="ignore"))
        merged = constructed(
            cen.reindex([JINAN]).dropna(),
            "census_centroid_merged",
            "centroid of the census 2020 polygon of Jinan, which includes Laiwu (merged 2019)",
        )
        point = constructed(
            fallback[col].reindex(codes.difference(cen.index)),
            "ma_tang_coordinates",
            "no census polygon: city-seat coordinates of Ma & Tang (A6)",
        )
        out[col] = first_available(direct, merged, point).reindex(codes)
    return out
