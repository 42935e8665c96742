"""The land-supply variant of the build (paretoland.data.build.supply)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland.data.build.fill import constructed
from paretoland.data.build.supply import RESIDENTIAL_SHARE, land_supply

RAW = Path(os.environ.get("PARETOLAND_SHARED", Path(__file__).resolve().parents[4] / "shared"))
RAW = RAW / "data" / "raw"
LAND = ["land_productive_km2", "land_residential_km2"]


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Ten cities: eight with L2 areas in 2016–2018 (one with a zero year), two without."""
    codes = [f"1{i:02d}100" for i in range(10)]
    rng = np.random.default_rng(2)
    drivers = pd.DataFrame(
        {"gdp_per_capita_yuan": rng.uniform(3e4, 1.2e5, 10)}, index=pd.Index(codes)
    )
    stock_y, stock_h = rng.uniform(50, 500, 10), rng.uniform(30, 300, 10)
    stocks = {
        "land_productive_km2": constructed(pd.Series(stock_y, index=codes), "x", "stock"),
        "land_residential_km2": constructed(pd.Series(stock_h, index=codes), "x", "stock"),
    }
    rows = []
    for i, code in enumerate(codes[:8]):
        for year in (2015, 2016, 2017, 2018):
            industrial = 0.0 if (i == 0 and year == 2017) else stock_y[i] * (1 + year % 3)
            rows.append((code, year, industrial, stock_h[i] * (2 + year % 2)))
    l2 = pd.DataFrame(
        rows, columns=["city_code", "year", "industrial_area_ha", "commercial_residential_area_ha"]
    )
    return drivers, l2, stocks


def test_supply_by_use_from_the_2016_2018_mean() -> None:
    drivers, l2, stocks = _inputs()
    estimates, params = land_supply(drivers, l2, stocks)
    assert params["n_observed"] == 8 and params["residential_share"] == RESIDENTIAL_SHARE
    window = l2[l2["year"].between(2016, 2018)].set_index("city_code")
    mean = window.where(window > 0).groupby(level=0).mean()
    for column in LAND:
        est = estimates[column]
        assert list(est.index) == list(drivers.index)
        assert est["value"].notna().all() and (est["value"] > 0).all()
        plain = est["method"] == "l2_supply_mean_2016_2018"
        assert plain.sum() >= 6
        observed = est.index[plain]
        cr = mean.loc[observed, "commercial_residential_area_ha"] / 100
        if column == "land_residential_km2":
            expected = RESIDENTIAL_SHARE * cr
        else:
            expected = mean.loc[observed, "industrial_area_ha"] / 100 + (1 - RESIDENTIAL_SHARE) * cr
        np.testing.assert_allclose(est.loc[observed, "value"], expected, rtol=1e-12)
        assert set(est["method"].iloc[8:]) == {"regression_imputed"}
        assert (
            est["method"]
            .iloc[:8]
            .isin(["l2_supply_mean_2016_2018", "l2_supply_mean_2016_2018_winsorised"])
            .all()
        )
    # the zero industrial area of 2017 is missing, not a zero: the mean of 2016 (×1) and
    # 2018 (×3) of the stock
    stock = stocks["land_productive_km2"]["value"].iloc[0]
    assert mean.iloc[0]["industrial_area_ha"] == pytest.approx(stock * (1 + 3) / 2)


@pytest.mark.needs_shared
@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw files absent ({RAW})")
def test_supply_variant_changes_only_the_land_columns() -> None:
    from paretoland.data.build.cities import build_cities

    stocks, supply = build_cities(RAW), build_cities(RAW, land="supply")
    others = [c for c in stocks.cities.columns if c not in LAND]
    pd.testing.assert_frame_equal(stocks.cities[others], supply.cities[others])
    assert (supply.cities[LAND] < stocks.cities[LAND].to_numpy()).all().all()  # a year's flow
    methods = supply.flags[supply.flags["column"].isin(LAND)].groupby("column")["method"]
    for column in LAND:
        counts = methods.get_group(column).value_counts()
        assert counts["l2_supply_mean_2016_2018"] >= 195  # ~208 L2 cities
        assert (
            counts["regression_imputed"]
            == len(supply.cities) - counts.sum() + counts["regression_imputed"]
        )
    assert "land_supply" in supply.parameters
