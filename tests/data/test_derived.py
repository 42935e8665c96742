"""Optional columns: residents derived from migration, real-estate employment defaulted."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import CityData, DataError, load_cities
from paretoland.data.validation.derived import (
    DERIVED_RESIDENTS,
    REALESTATE_DEFAULT,
    REALESTATE_SHARE,
)


def test_residents_are_derived_when_left_out(four_city_frames, tmp_path) -> None:
    cities, migration = four_city_frames
    given = CityData.from_frames(cities, migration)
    derived = CityData.from_frames(cities.drop(columns="resident_pop_10k"), migration)
    np.testing.assert_allclose(derived.residents, given.residents, rtol=1e-13)
    assert list(derived.cities.columns) == list(given.cities.columns)  # schema order
    flags = derived.flags[derived.flags["method"] == DERIVED_RESIDENTS]
    assert list(flags["city_code"]) == list(derived.codes)
    assert derived.flagged("resident_pop_10k").all() and not given.flagged("resident_pop_10k").any()
    again = load_cities(derived.to_dir(tmp_path / "d"))
    assert again == derived


def test_an_empty_residents_column_is_left_out(four_city_frames) -> None:
    cities, migration = four_city_frames
    data = CityData.from_frames(cities.assign(resident_pop_10k=""), migration)
    np.testing.assert_allclose(data.residents, data.migration.T @ data.hukou, rtol=1e-13)


def test_half_filled_residents_are_refused(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.astype({"resident_pop_10k": object})
    cities.loc[1, "resident_pop_10k"] = ""
    with pytest.raises(DataError, match="leave the column out") as error:
        CityData.from_frames(cities, migration)
    assert "130100 石家庄市" in str(error.value)


def test_inconsistent_residents_point_to_the_rake(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.assign(resident_pop_10k=cities["resident_pop_10k"] * [1.0, 1.2, 1.0, 1.0])
    with pytest.raises(DataError, match="paretoland data rake"):
        CityData.from_frames(cities, migration)


def test_realestate_employment_defaults_to_the_national_share(four_city_frames) -> None:
    cities, migration = four_city_frames
    data = CityData.from_frames(cities.drop(columns="realestate_employment_10k"), migration)
    np.testing.assert_allclose(
        data.realestate_employment, REALESTATE_SHARE * data.employment, rtol=1e-15
    )
    flags = data.flags[data.flags["method"] == REALESTATE_DEFAULT]
    assert list(flags["city_code"]) == list(data.codes)
    assert "2.6%" in flags["note"].iloc[0]


def test_only_empty_realestate_cells_are_filled(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.astype({"realestate_employment_10k": object})
    cities.loc[2, "realestate_employment_10k"] = "NA"
    data = CityData.from_frames(cities, migration)
    np.testing.assert_array_equal(
        data.cities["realestate_employment_10k"][[0, 1, 3]], [52.6, 2.9, 12.4]
    )
    assert data.cities.at[2, "realestate_employment_10k"] == REALESTATE_SHARE * 72.1
    assert list(data.flags["city_code"]) == ["130200"]


def test_other_columns_stay_required(four_city_frames) -> None:
    cities, migration = four_city_frames
    with pytest.raises(DataError, match="missing 1 required column"):
        CityData.from_frames(cities.drop(columns="wage_yuan"), migration)
