"""The shipped boundary file and the choropleth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba

from paretoland.data.dataset import default_data_dir
from paretoland.exceptions import DataError
from paretoland.reporting.figures import city_map, load_boundaries
from paretoland.reporting.figures.maps import BOUNDARIES_FILE, NO_DATA_COLOUR


@pytest.fixture(scope="module")
def dataset_codes() -> pd.Series:
    return pd.read_csv(default_data_dir() / "cities.csv", dtype={"city_code": str})["city_code"]


def test_every_dataset_city_has_a_polygon_or_is_reported(dataset_codes) -> None:
    boundaries = load_boundaries()
    drawn = set(boundaries.table.loc[boundaries.table["in_dataset"], "city_code"])
    reported = set(boundaries.without_polygon["city_code"])
    assert set(dataset_codes) == drawn | reported
    assert not drawn & reported
    assert reported == {"371200"}  # Laiwu, merged into Jinan in 2019
    assert boundaries.without_polygon.loc[0, "drawn_within"] == "370100"


def test_boundary_file_is_small_and_complete() -> None:
    path = default_data_dir() / BOUNDARIES_FILE
    assert path.stat().st_size < 1.5e6
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "Lei Dong" in collection["licence"]
    features = collection["features"]
    assert len(features) == 369  # every unit of the census file, Hong Kong and Macau included
    for feature in features:
        assert {"city_code", "name_zh", "in_dataset"} <= set(feature["properties"])
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    ring = np.asarray(features[0]["geometry"]["coordinates"][0], float)
    np.testing.assert_array_equal(ring, np.round(ring, 3))
    np.testing.assert_array_equal(ring[0], ring[-1])


def test_city_map_colours_cities_and_greys_the_rest(dataset_codes) -> None:
    values = pd.Series(
        np.linspace(-2.0, 4.0, len(dataset_codes)), index=dataset_codes, name="GDP, % change"
    )
    fig = city_map(values, title="GDP")
    ax = fig.axes[0]
    assert len(fig.axes) == 2 and len(ax.child_axes) == 1  # map + colourbar; inset
    assert fig.axes[1].get_ylabel() == "GDP, % change"
    data = fig.paretoland_data
    assert set(data.loc[data["value"].notna(), "city_code"]) == set(dataset_codes)
    assert data.loc[data["city_code"] == "371200", "drawn"].item() is False
    polygons = next(c for c in ax.collections if isinstance(c, PolyCollection))
    colours = polygons.get_facecolor()
    drawn = data[data["drawn"]].reset_index(drop=True)
    outside = np.flatnonzero(~drawn["in_dataset"].to_numpy(bool))
    np.testing.assert_allclose(colours[outside[0]], to_rgba(NO_DATA_COLOUR))
    beijing = drawn.index[drawn["city_code"] == "110000"][0]
    norm_top = polygons.get_facecolor()[drawn["value"].idxmax()]
    assert not np.allclose(colours[beijing], to_rgba(NO_DATA_COLOUR))
    assert norm_top[2] > norm_top[0]  # the largest value is blue on RdBu
    assert any("Laiwu" in t.get_text() for t in fig.texts)


def test_city_map_accepts_integer_codes_and_a_limit() -> None:
    fig = city_map(pd.Series([5.0, -1.0], index=[110000, 310000]), title="t", unit="%", limit=2.0)
    data = fig.paretoland_data.set_index("city_code")
    assert data.loc["110000", "value"] == 5.0 and data["value"].notna().sum() == 2
    assert fig.axes[1].get_ylabel() == "%"


def test_city_map_rejects_duplicated_codes_and_a_missing_file(tmp_path) -> None:
    with pytest.raises(DataError, match="duplicated"):
        city_map(pd.Series([1.0, 2.0], index=["110000", "110000"]), title="t")
    with pytest.raises(DataError, match="paretoland.data.build.boundaries"):
        load_boundaries(tmp_path / "none.geojson")
