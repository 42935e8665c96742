"""The explorer's data against independent computations, its file, and the explore command."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from paretoland.cli import main
from paretoland.decision.allocation import choose, chosen_allocation
from paretoland.exceptions import ConfigError, OutputError
from paretoland.reporting.explore import explorer_payload, write_explorer
from paretoland.reporting.explore.points import (
    CITY_VARIABLES,
    decode,
    encode,
    resolution,
    spread_subset,
)


@pytest.fixture(scope="module")
def payload(small_run):
    return explorer_payload(small_run)


def _city_values(payload, point: int) -> dict[str, np.ndarray]:
    row = payload["points"]["detail"][point]
    assert row >= 0, f"point {point} has no detail"
    shape = (payload["detail"]["n"], len(payload["cities"]["code"]))
    return {
        name: decode(payload["detail"]["variables"][name], shape)[row] for name in CITY_VARIABLES
    }


def test_city_values_match_a_full_solve_of_the_point(small_run, payload) -> None:
    for point in {payload["chosen"]["point"], len(small_run.pareto_set) - 1}:
        cities = chosen_allocation(small_run, point).cities
        found = _city_values(payload, point)
        expected = {
            "gdp_change_pct": cities["gdp_change_pct"],
            "welfare_change_pct": cities["welfare_change_pct"],
            "land_sold_km2": cities["sold_productive_km2"] + cities["sold_residential_km2"],
            "land_bought_km2": cities["bought_productive_km2"] + cities["bought_residential_km2"],
            "transfers_100m_yuan": cities["transfers_yuan"] / 1e8,
        }
        for name, values in expected.items():
            step = payload["detail"]["variables"][name]["resolution"]
            assert np.abs(found[name] - values.to_numpy()).max() <= step / 2 + 1e-12, name
        # the page maps land change as bought - sold: the model's change of land
        change = cities["land_productive_change_km2"] + cities["land_residential_change_km2"]
        assert np.allclose(expected["land_bought_km2"] - expected["land_sold_km2"], change)
        summaries = payload["points"]["summaries"]
        assert summaries["n_sellers"][point] == int((expected["land_sold_km2"] > 0).sum())
        assert summaries["n_losing_welfare"][point] == int((cities["welfare_change_pct"] < 0).sum())
        assert summaries["land_traded_km2"][point] == pytest.approx(
            expected["land_sold_km2"].sum(), rel=1e-6
        )
        paid = cities["payments_yuan"].sum() / 1e8
        assert summaries["paid_100m_yuan"][point] == pytest.approx(paid, rel=1e-6)


def test_objectives_marks_and_cities(small_run, payload) -> None:
    names = list(small_run.objective_names)
    assert [o["name"] for o in payload["objectives"]] == names
    assert [o["sense"] for o in payload["objectives"]] == small_run.senses
    assert payload["objectives"][0]["unit"] == "% change"
    for j, name in enumerate(names):
        assert np.allclose(payload["points"]["values"][j], small_run.pareto_set[name], atol=1e-6)
    assert payload["chosen"]["point"] == choose(small_run, "knee").index
    assert payload["marks"]["status_quo"] == [0.0] * len(names)
    optima = payload["marks"]["optima"]
    assert [o["objective"] for o in optima] == names
    for optimum in optima:
        j = names.index(optimum["objective"])
        column = small_run.pareto_set[optimum["objective"]]
        best = column.max() if small_run.senses[j] == "max" else column.min()
        assert optimum["values"][j] == pytest.approx(best, abs=1e-6)
    uniform = small_run.uniform_rules
    solved = uniform[uniform["status"] == "converged"]
    assert len(payload["marks"]["uniform"]) == len(solved)
    for rule, (_, row) in zip(payload["marks"]["uniform"], solved.iterrows(), strict=True):
        assert rule["n_dominating"] == row["n_dominating"]
        if rule["witness"] is not None:  # the point beating the rule most: the run's ε
            assert rule["margin"] == pytest.approx(row["inside_by_pp"], abs=1e-4)
    assert payload["cities"]["name"][0] != payload["cities"]["code"][0]


def test_a_thinned_explorer_keeps_the_marked_points(small_run) -> None:
    thinned = explorer_payload(small_run, detail_points=1)
    detail = np.array(thinned["points"]["detail"])
    marked = {thinned["chosen"]["point"]} | {
        o["point"] for o in thinned["marks"]["optima"] if o["point"] is not None
    }
    assert thinned["detail"]["n"] == len(marked) == int((detail >= 0).sum())
    assert all(detail[p] >= 0 for p in marked)


def test_spread_subset_keeps_given_rows_then_spreads() -> None:
    rng = np.random.default_rng(0)
    points = rng.uniform(size=(200, 3))
    points[17] = [5.0, 5.0, 5.0]  # an outlier is taken first after the kept row
    rows = spread_subset(points, 10, keep=[3])
    assert len(rows) == 10 and 3 in rows and 17 in rows
    assert np.array_equal(rows, np.sort(rows))
    assert np.array_equal(rows, spread_subset(points, 10, keep=[3]))
    assert np.array_equal(spread_subset(points[:5], 10), np.arange(5))


def test_encoding_round_trips_at_its_resolution() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(scale=40.0, size=(7, 11))
    values[0, 0] = -168.1
    packed = encode(values)
    step = packed["resolution"]
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9
    assert 168.1 / step <= 32767 < 168.1 / (step / 2.5 + 1e-15)
    assert np.abs(decode(packed, values.shape) - values).max() <= step / 2 + 1e-12
    assert resolution(np.zeros(3)) == 1.0
    assert np.array_equal(decode(encode(np.zeros((2, 3))), (2, 3)), np.zeros((2, 3)))


def test_the_page_is_one_self_contained_file(small_run, tmp_path) -> None:
    path = write_explorer(small_run, tmp_path / "x.html", chosen=0, method="given point")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", text)  # nothing fetched
    assert "Plotly" in text and text.count("</script>") == 4  # errors, plotly, data, app
    data = re.search(
        r'<script type="application/json" id="explorer-data">(.*?)</script>', text, re.S
    ).group(1)
    assert json.loads(data.replace("<\\/", "</"))["chosen"]["point"] == 0
    zh = write_explorer(small_run, tmp_path / "zh.html", lang="zh").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and "帕累托前沿浏览器" in zh
    names_zh = json.loads(
        re.search(r'id="explorer-data">(.*?)</script>', zh, re.S).group(1).replace("<\\/", "</")
    )["cities"]["name"]
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in names_zh)


def test_bad_requests_are_refused_with_a_reason(small_run, tmp_path) -> None:
    with pytest.raises(ConfigError, match="not in the Pareto set"):
        explorer_payload(small_run, chosen=len(small_run.pareto_set))
    with pytest.raises(ConfigError, match="not supported"):
        explorer_payload(small_run, lang="fr")
    with pytest.raises(ConfigError, match="detail_points"):
        explorer_payload(small_run, detail_points=0)
    with pytest.raises(OutputError, match="not a complete frontier output"):
        write_explorer(tmp_path)
    with pytest.raises(OutputError, match="it is a folder"):
        write_explorer(small_run, tmp_path)
    mine = tmp_path / "notes.html"
    mine.write_text("<html>my notes</html>", encoding="utf-8")
    with pytest.raises(OutputError, match="not an explorer page"):
        write_explorer(small_run, mine, overwrite=True)
    assert mine.read_text(encoding="utf-8") == "<html>my notes</html>"


def test_explore_command(small_run, tmp_path, capsys) -> None:
    out = tmp_path / "page" / "explorer.html"
    assert main(["explore", str(small_run.path), "--out", str(out), "--lang", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "chosen by knee" in printed and "MB" in printed and out.stat().st_size > 1_000_000
    assert main(["explore", str(small_run.path), "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["explore", str(small_run.path), "--out", str(out), "--overwrite"]) == 0
    assert '<html lang="en">' in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["explore", str(small_run.path), "--out", str(out), "--point", "999"]) == 2
    assert "not in the Pareto set" in capsys.readouterr().err


def test_base_map_has_a_polygon_per_dataset_city() -> None:
    from matplotlib.path import Path as MplPath

    from paretoland.data.dataset import load_cities
    from paretoland.reporting.explore.geometry import base_map, path_data

    square = MplPath(
        [(0.2, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.4), (0.0, 0.0)],
        [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY],
    )
    assert path_data(square) == "M0 0l10 0 0 -10 -10 0z"  # km, y down, whole km
    sliver = MplPath([(0, 0), (0.1, 0.1), (0.2, 0), (0, 0)])
    assert path_data(sliver) == ""
    codes = set(load_cities().cities["city_code"])
    found = base_map()
    assert set(found.cities) | set(found.drawn_within) == codes
    assert found.drawn_within == {"371200": "370100"}  # Laiwu, merged into Jinan in 2019
    assert found.borders.startswith("M") and len(found.others) > 0
    x, y, width, height = found.main_box
    assert 4000 < width < 6000 and 3500 < height < 5000  # km: China north of 17.5° N
