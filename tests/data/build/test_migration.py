"""Migration matrix construction: IPF margins, census targets, distances."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import DataError
from paretoland.data.build.migration import (
    MigrationTargets,
    build_migration,
    fit_ipf,
    fit_province_flows,
    great_circle_km,
)
from paretoland.data.provinces import PROVINCES

SHARED = Path(os.environ.get("PARETOLAND_SHARED", Path(__file__).resolve().parents[4] / "shared"))
RAW = SHARED / "data" / "raw"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data folder {RAW} is absent")


def test_great_circle_beijing_shanghai() -> None:
    d = great_circle_km(np.array([116.40, 121.47]), np.array([39.90, 31.23]))
    assert d[0, 0] == 0.0 and d[0, 1] == d[1, 0]
    assert d[0, 1] == pytest.approx(1067.0, abs=10.0)


def test_ipf_meets_rows_columns_and_blocks() -> None:
    seed = np.array([[5.0, 1.0, 1.0], [1.0, 5.0, 2.0], [1.0, 1.0, 5.0]])
    rows, cols = np.array([10.0, 20.0, 30.0]), np.array([15.0, 15.0, 30.0])
    groups = np.array([0, 0, 1])
    blocks = np.array([[25.0, 5.0], [5.0, 25.0]])  # consistent with rows and columns
    flows, iterations, error = fit_ipf(seed, rows, cols, groups, blocks)
    np.testing.assert_allclose(flows.sum(axis=1), rows, rtol=1e-11)
    np.testing.assert_allclose(flows.sum(axis=0), cols, rtol=1e-11)
    one_hot = np.eye(2)[groups]
    np.testing.assert_allclose(one_hot.T @ flows @ one_hot, blocks, rtol=1e-11)
    assert error < 1e-12 and iterations > 1


def test_ipf_two_by_two_closed_form() -> None:
    # A uniform seed raked to rows r and columns c gives the independence table r cᵀ / N.
    rows, cols = np.array([3.0, 7.0]), np.array([4.0, 6.0])
    flows, _, _ = fit_ipf(np.ones((2, 2)), rows, cols, np.array([0, 1]))
    np.testing.assert_allclose(flows, np.outer(rows, cols) / 10.0, rtol=1e-12)


def test_province_flows_hit_the_interprovincial_target() -> None:
    seed = np.array([[0.0, 3.0, 1.0], [2.0, 0.0, 2.0], [1.0, 1.0, 0.0]])
    hukou = np.array([100.0, 80.0, 60.0])
    residents = np.array([90.0, 95.0, 55.0])
    blocks, _ = fit_province_flows(seed, hukou, residents, 0.10)
    assert (blocks.sum() - np.trace(blocks)) / hukou.sum() == pytest.approx(0.10, rel=1e-8)
    np.testing.assert_allclose(blocks.sum(axis=1), hukou, rtol=1e-10)
    np.testing.assert_allclose(blocks.sum(axis=0), residents, rtol=1e-10)


def test_unreachable_interprovincial_target_is_a_data_error() -> None:
    seed = np.array([[0.0, 1.0], [1.0, 0.0]])
    # net migration alone needs 20 % of people outside their province: 1 % is impossible
    with pytest.raises(DataError, match="inter-provincial share target"):
        fit_province_flows(seed, np.array([100.0, 100.0]), np.array([60.0, 140.0]), 0.01)


def test_census_targets_interpolate_2010_and_2020() -> None:
    t2010, t2020 = MigrationTargets.for_year(2010), MigrationTargets.for_year(2020)
    assert t2010.interprovincial_share == pytest.approx(85_876_000 / 1_339_724_852)
    assert t2020.interprovincial_share == pytest.approx(124_837_153 / 1_411_778_724)
    t2017 = MigrationTargets.for_year(2017)
    assert t2010.interprovincial_share < t2017.interprovincial_share < t2020.interprovincial_share


@needs_raw
def test_build_migration_on_synthetic_cities_meets_every_margin() -> None:
    rows = []
    for i, province in enumerate(PROVINCES):
        for j in range(1 if i < 4 else 3):
            hukou = 300.0 + 37.0 * ((7 * i + 3 * j) % 11)
            rows.append(
                {
                    "province_code": province.code,
                    "hukou_pop_10k": hukou,
                    "resident_pop_10k": hukou * (0.92 + 0.02 * ((5 * i + j) % 9)),
                    "lon_deg": 90.0 + 1.1 * i + 0.5 * j,
                    "lat_deg": 22.0 + 0.6 * i + 0.4 * j,
                }
            )
    cities = pd.DataFrame(rows)
    targets = MigrationTargets.for_year(2017)
    fit = build_migration(cities, RAW, targets)
    m = fit.shares
    hukou = cities["hukou_pop_10k"].to_numpy()
    residents = cities["resident_pop_10k"].to_numpy()
    np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-14)
    assert np.all(m > 0)
    np.testing.assert_allclose((m.T @ hukou) / hukou.sum(), residents / residents.sum(), rtol=1e-10)
    assert fit.interprovincial_share == pytest.approx(targets.interprovincial_share, rel=1e-6)
    assert fit.intraprovincial_share == pytest.approx(targets.intraprovincial_share, rel=1e-6)
    # most people live where their hukou is
    assert np.median(np.diag(m)) > 0.8
