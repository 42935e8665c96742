"""Land wedges by region and the trading roles they imply (docs/model.md §2, §5).

A city with τ^k > 0 is short of land k relative to its labour (a natural buyer of
quotas); τ^k < 0 marks a surplus (a natural seller).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.provinces import REGIONS
from paretoland.model.calibration import Calibration

__all__ = ["PAPER_POSITIVE_SHARES_2017", "LAND_USES", "wedge_shares", "trading_roles"]

LAND_USES: tuple[str, ...] = ("productive", "residential")

# Share (%) of cities with a positive wedge in 2017, paper section 三(三): 80.20 % for
# productive land (附图2) and 66.75 % for residential land (附图3). The regional bars
# of those figures are not given in the text.
PAPER_POSITIVE_SHARES_2017: dict[str, float] = {"productive": 80.20, "residential": 66.75}


def trading_roles(calibration: Calibration) -> pd.DataFrame:
    """One row per city: wedges and the role each implies for each land use.

    Returns
    -------
    DataFrame
        ``city_code``, ``name_zh``, ``name_pinyin``, ``province_pinyin``, ``region``,
        ``wedge_productive``, ``wedge_residential`` (τ, unit-free) and
        ``role_productive``, ``role_residential`` ("buyer" if τ > 0, "seller" if
        τ < 0, "neutral" if τ = 0).
    """
    ids = ["city_code", "name_zh", "name_pinyin", "province_pinyin", "region"]
    frame = calibration.data.cities[ids].copy()
    for use, wedge in zip(
        LAND_USES, (calibration.wedge_productive, calibration.wedge_residential), strict=True
    ):
        frame[f"wedge_{use}"] = wedge
        frame[f"role_{use}"] = np.select([wedge > 0, wedge < 0], ["buyer", "seller"], "neutral")
    return frame


def wedge_shares(calibration: Calibration) -> pd.DataFrame:
    """Share of cities with a positive wedge, nationally and by NBS region.

    Returns
    -------
    DataFrame
        Index ``National`` then the four regions; columns ``n_cities``,
        ``productive_positive_pct``, ``residential_positive_pct`` (ours, %) and
        ``paper_productive_pct``, ``paper_residential_pct`` (the paper's 2017
        figures, national only; NaN where the paper gives none).
    """
    roles = trading_roles(calibration)
    groups = {"National": roles} | {region: roles[roles["region"] == region] for region in REGIONS}
    rows = []
    for name, group in groups.items():
        row: dict[str, float] = {"n_cities": float(len(group))}
        for use in LAND_USES:
            positive = (group[f"wedge_{use}"] > 0).mean() * 100 if len(group) else np.nan
            row[f"{use}_positive_pct"] = positive
        for use in LAND_USES:
            paper = PAPER_POSITIVE_SHARES_2017[use] if name == "National" else np.nan
            row[f"paper_{use}_pct"] = paper
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index(list(groups), name="area"))
    table["n_cities"] = table["n_cities"].astype(int)
    return table
