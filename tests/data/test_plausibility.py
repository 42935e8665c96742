"""Plausible magnitudes: impossible values are refused, unusual ones warned about."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import CityData, DataError, load_cities
from paretoland.data.synthetic import synthetic_cities
from paretoland.data.validation import PlausibilityWarning, plausibility_table
from paretoland.data.validation.plausibility import PLAUSIBILITY

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def _frames(four_city_frames, **changes) -> tuple[pd.DataFrame, pd.DataFrame]:
    cities, migration = four_city_frames
    return cities.assign(**changes), migration


def _scaled(four_city_frames, column: str, factor: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    cities, migration = four_city_frames
    return cities.assign(**{column: cities[column] * factor}), migration


@pytest.mark.parametrize(
    "make",
    [
        lambda: load_cities(keep_tibet=True) if (_REPO_DATA / "cities.csv").exists() else None,
        lambda: synthetic_cities(1000, seed=1),
        lambda: synthetic_cities(14, seed=7),
    ],
    ids=["embedded", "synthetic-1000", "synthetic-14"],
)
def test_real_and_generated_economies_pass_silently(make) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlausibilityWarning)
        make()


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("gdp_100m_yuan", 1e308, "gdp_100m_yuan, 130200 唐山市: GDP per resident (yuan) = inf"),
        ("land_productive_km2", 1e-300, "land_productive_km2, 130200 唐山市"),
        ("wage_yuan", 1e300, "wage_yuan, 130200 唐山市: average wage (yuan per year) = 1e+300"),
    ],
)
def test_impossible_magnitudes_are_refused(four_city_frames, column, value, fragment) -> None:
    cities, migration = four_city_frames
    cities = cities.copy()
    cities.loc[cities["city_code"] == "130200", column] = value
    with pytest.raises(DataError, match="implausible") as error:
        CityData.from_frames(cities, migration)
    assert fragment in str(error.value)


def test_every_wage_wrong_is_listed(four_city_frames) -> None:
    with pytest.raises(DataError) as error:
        CityData.from_frames(*_frames(four_city_frames, wage_yuan=1e300))
    assert "4 implausible value(s)" in str(error.value)
    for city in ("110000 北京市", "130100 石家庄市", "130200 唐山市", "510100 成都市"):
        assert f"wage_yuan, {city}" in str(error.value)


@pytest.mark.parametrize(
    ("column", "factor", "mistake"),
    [
        ("land_productive_km2", 1e6, "land looks like m², not km²: divide by 1e6"),
        ("gdp_100m_yuan", 1e4, "GDP looks like 万元, not 亿元: divide by 1e4"),
        ("hukou_pop_10k", 1e4, "the population looks like persons, not 万人: divide by 1e4"),
        ("employment_10k", 1e4, "employment looks like persons, not 万人: divide by 1e4"),
        ("wage_yuan", 1e-4, "the wage looks like 万元, not yuan: multiply by 1e4"),
        ("house_price_yuan_m2", 1e-4, "looks like 万元 per m², not yuan: multiply by 1e4"),
        ("land_price_residential_yuan_m2", 10000 / 15, "yuan per mu (亩), not per m²"),
    ],
)
def test_unit_mistakes_are_named(four_city_frames, column, factor, mistake) -> None:
    frames = _scaled(four_city_frames, column, factor)
    if column == "hukou_pop_10k":  # keep residents consistent: the hukou check must speak
        frames[0]["resident_pop_10k"] = frames[0]["resident_pop_10k"] * factor
    with pytest.raises(DataError, match="implausible") as error:
        CityData.from_frames(*frames)
    assert mistake in str(error.value)


@pytest.mark.parametrize(
    ("column", "factor", "mistake"),
    [
        ("land_residential_km2", 100.0, "land looks like hectares (公顷), not km²: divide by 100"),
        ("wage_yuan", 1 / 12, "the wage looks monthly, not annual: multiply by 12"),
        ("land_productive_km2", 1500.0, "land looks like mu (亩), not km²: divide by 1,500"),
    ],
)
def test_unusual_values_warn_with_the_likely_mistake(
    four_city_frames, column, factor, mistake
) -> None:
    with pytest.warns(PlausibilityWarning, match="typical range") as record:
        data = CityData.from_frames(*_scaled(four_city_frames, column, factor))
    assert data.n_cities == 4  # it loads
    assert mistake in str(record[0].message)


def test_realestate_employment_must_be_part_of_employment(four_city_frames) -> None:
    cities, migration = four_city_frames
    cities = cities.assign(realestate_employment_10k=cities["employment_10k"] * 1.5)
    with pytest.raises(DataError, match="real-estate share of urban-unit employment"):
        CityData.from_frames(cities, migration)


def test_the_table_documents_every_check() -> None:
    table = plausibility_table()
    assert len(table) == len(PLAUSIBILITY)
    assert (table["refused_below"] < table["warned_below"]).all()
    assert (table["warned_above"] < table["refused_above"]).all()
    assert {"gdp_100m_yuan", "wage_yuan", "land_productive_km2", "house_price_yuan_m2"} <= set(
        table.index
    )
    assert np.isfinite(table[["refused_below", "refused_above"]].to_numpy()).all()
