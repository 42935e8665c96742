"""Consistent sub-economies (paretoland.data.sample) and the default sample without Tibet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paretoland import CityData, load_cities
from paretoland.data.sample import PAPER_SAMPLE_REASON, RESIDENTS_RECOMPUTED
from paretoland.data.synthetic import synthetic_frames
from paretoland.exceptions import ConfigError, DataError

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"
needs_data = pytest.mark.skipif(
    not (_REPO_DATA / "cities.csv").exists(), reason="data/cities.csv not built yet"
)


@pytest.fixture
def economy() -> CityData:
    """40 synthetic cities over the 31 provinces in turn (cities 25 and 56 would be Tibet)."""
    cities, migration = synthetic_frames(40, np.random.default_rng(5))
    flags = pd.DataFrame(
        {
            "city_code": cities["city_code"].iloc[:3],
            "column": "gdp_100m_yuan",
            "method": "typed_in",
            "note": "a test flag",
        }
    )
    return CityData.from_frames(cities, migration, flags)


def _check_consistent(sub: CityData) -> None:
    np.testing.assert_allclose(sub.migration.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    implied = sub.migration.T @ sub.hukou
    np.testing.assert_allclose(
        implied / implied.sum(), sub.residents / sub.residents.sum(), rtol=1e-12
    )


def test_subset_is_consistent(economy: CityData) -> None:
    codes = economy.codes[::2]
    sub = economy.subset(codes, reason="every other city")
    assert list(sub.codes) == list(codes)
    _check_consistent(sub)
    # each kept row is the old row restricted to kept cities, rescaled: shares in proportion
    keep = np.isin(economy.codes, codes)
    block = economy.migration[np.ix_(keep, keep)]
    np.testing.assert_allclose(sub.migration, block / block.sum(axis=1, keepdims=True))
    # residents keep the kept cities' stated total
    assert sub.residents.sum() == pytest.approx(economy.residents[keep].sum(), rel=1e-12)
    # everything else is untouched
    untouched = [c for c in economy.cities.columns if c != "resident_pop_10k"]
    pd.testing.assert_frame_equal(
        sub.cities[untouched], economy.cities.loc[keep, untouched].reset_index(drop=True)
    )


def test_subset_carries_flags_and_records_the_left_out(economy: CityData) -> None:
    sub = economy.subset(economy.codes[1:], reason="testing")
    carried = sub.flags[sub.flags["method"] == "typed_in"]
    assert list(carried["city_code"]) == list(economy.codes[1:3])  # the first city's flag left
    recomputed = sub.flags[sub.flags["method"] == RESIDENTS_RECOMPUTED]
    assert list(recomputed["city_code"]) == list(sub.codes)
    assert set(recomputed["column"]) == {"resident_pop_10k"}
    assert recomputed["note"].str.contains("testing").all()
    assert list(sub.excluded["city_code"]) == [economy.codes[0]]
    assert list(sub.excluded["reason"]) == ["testing"]
    assert sub.sample.startswith(f"{economy.n_cities - 1} of {economy.n_cities} cities")
    assert sub.flagged("resident_pop_10k").all()


def test_subsets_accumulate_the_left_out(economy: CityData) -> None:
    once = economy.subset(economy.codes[1:], reason="first")
    twice = once.subset(once.codes[1:], reason="second")
    assert list(twice.excluded["reason"]) == ["first", "second"]
    assert list(twice.excluded["city_code"]) == list(economy.codes[:2])
    _check_consistent(twice)


def test_subset_of_everything_is_the_same_object(economy: CityData) -> None:
    assert economy.subset(economy.codes) is economy
    assert economy.drop_provinces([]) is economy
    no_tibet = economy.drop_provinces(["Tibet"])  # city 25 is in Tibet
    assert no_tibet.drop_provinces(["Tibet"]) is no_tibet


def test_subset_refuses_unknown_codes_and_empty_result(economy: CityData) -> None:
    with pytest.raises(ConfigError, match="not in the dataset: 999999"):
        economy.subset(["999999"])
    with pytest.raises(DataError, match="no city would be left"):
        economy.subset([])


def test_subset_refuses_an_origin_whose_migrants_all_leave(four_city_frames) -> None:
    cities, migration = four_city_frames
    shares = migration.drop(columns="origin").to_numpy(dtype=float, copy=True)
    shares[1] = [0.0, 0.0, 0.0, 1.0]  # 石家庄's whole hukou population lives in 成都
    cities = cities.assign(resident_pop_10k=shares.T @ cities["hukou_pop_10k"].to_numpy())
    data = CityData.from_frames(cities, shares)
    with pytest.raises(DataError, match="130100 石家庄市"):
        data.drop_provinces(["四川"])


def test_drop_and_keep_provinces_accept_any_name(four_city_frames) -> None:
    data = CityData.from_frames(*four_city_frames)
    for name in ("Hebei", "河北", "河北省", "hebei province", "130000"):
        kept = data.drop_provinces([name])
        assert list(kept.codes) == ["110000", "510100"]
        _check_consistent(kept)
    assert list(data.keep_provinces(["河北", "Sichuan"]).codes) == ["130100", "130200", "510100"]
    with pytest.raises(ConfigError, match="did you mean 'Hebei'"):
        data.drop_provinces(["Hebie"])


def _with_tibet() -> tuple[pd.DataFrame, np.ndarray]:
    """31 synthetic cities, one per province: the 26th (index 25) is in Tibet."""
    cities, migration = synthetic_frames(31, np.random.default_rng(3))
    assert cities.at[25, "province_code"] == "540000"
    return cities, migration


def test_load_leaves_tibet_out_by_default(tmp_path: Path) -> None:
    folder = CityData.from_frames(*_with_tibet()).to_dir(tmp_path / "d")
    full = load_cities(folder, keep_tibet=True)
    paper = load_cities(folder)
    assert full.n_cities == 31 and full.excluded.empty
    assert paper.n_cities == 30 and "540000" not in set(paper.province_codes)
    assert list(paper.excluded["city_code"]) == [full.codes[25]]
    assert list(paper.excluded["reason"]) == [PAPER_SAMPLE_REASON]
    _check_consistent(paper)
    assert paper == full.drop_provinces(["Tibet"], reason=PAPER_SAMPLE_REASON)
    assert "Sample:" in paper.summary() and "keep-tibet" in paper.summary()


def test_dataset_without_tibet_is_unaffected(four_city_frames, tmp_path: Path) -> None:
    data = CityData.from_frames(*four_city_frames)
    folder = data.to_dir(tmp_path / "d")
    loaded = load_cities(folder)
    assert loaded == data and loaded == load_cities(folder, keep_tibet=True)
    assert loaded.excluded.empty and loaded.flags.empty
    assert "Sample:" not in loaded.summary()


def test_a_tibet_only_dataset_says_how_to_keep_it(tmp_path: Path) -> None:
    cities, migration = _with_tibet()
    only = CityData.from_frames(cities.iloc[[25]], np.ones((1, 1)))
    folder = only.to_dir(tmp_path / "d")
    with pytest.raises(DataError, match="keep_tibet=True"):
        load_cities(folder)
    assert load_cities(folder, keep_tibet=True).n_cities == 1


def test_subset_round_trips_through_a_folder(economy: CityData, tmp_path: Path) -> None:
    sub = economy.keep_provinces(["Beijing", "Hebei", "Sichuan", "Guangdong"])
    again = load_cities(sub.to_dir(tmp_path / "d"))
    assert again == sub


@needs_data
def test_embedded_default_sample_is_the_papers() -> None:
    paper, full = load_cities(), load_cities(keep_tibet=True)
    tibet = full.province_codes == "540000"
    assert tibet.sum() == 6 and paper.n_cities == full.n_cities - 6
    assert list(paper.excluded["city_code"]) == list(full.codes[tibet])
    _check_consistent(paper)
    # a remaining origin's migrants to Tibet are spread over the others in proportion
    keep = ~tibet
    block = full.migration[np.ix_(keep, keep)]
    np.testing.assert_allclose(paper.migration, block / block.sum(axis=1, keepdims=True))
    # residents move by no more than the migrants Tibet received from each city's origins
    assert np.abs(paper.residents / full.residents[keep] - 1).max() < 1e-2
