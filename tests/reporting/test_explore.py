"""The explorer's data against independent computations, its file, and the explore command."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from paretoland.cli import main
from paretoland.data.city_names import display_names
from paretoland.data.dataset import load_cities
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


def test_path_data_rounds_and_drops_collapsed_rings() -> None:
    from matplotlib.path import Path as MplPath

    from paretoland.reporting.explore.geometry import line_data, path_data

    square = MplPath(
        [(0.2, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.4), (0.0, 0.0)],
        [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY],
    )
    assert path_data(square) == "M0 0l10 0 0 -10 -10 0z"  # km, y down, whole km
    assert path_data(square, digits=1) == "M.2 0l9.8 0 0 -10 -10 -.4z"
    sliver = MplPath([(0, 0), (0.1, 0.1), (0.2, 0), (0, 0)])
    assert path_data(sliver) == ""
    assert line_data([np.array([[0.0, 0.0], [3.0, -4.0]]), np.array([[1, 1], [1.2, 1.1]])]) == (
        "M0 0l3 4"
    )


def _segments(data: str) -> list[str]:
    """Split SVG path data into its subpaths (one per ring or polyline)."""
    return [part for part in re.split(r"(?=M)", data) if part]


def _bounds(data: str) -> tuple[float, float, float, float]:
    """Return x min, x max, y min, y max of path data made of moves and relative steps."""
    xs, ys = [], []
    for part in _segments(data):
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", part)]
        x = np.cumsum([numbers[0], *numbers[2::2]])
        y = np.cumsum([numbers[1], *numbers[3::2]])
        xs += [x.min(), x.max()]
        ys += [y.min(), y.max()]
    return min(xs), max(xs), min(ys), max(ys)


def _inside(bounds, box) -> bool:
    x0, x1, y0, y1 = bounds
    return box[0] <= x0 and x1 <= box[0] + box[2] and box[1] <= y0 and y1 <= box[1] + box[3]


def test_base_map_is_the_printed_maps_base_map() -> None:
    from paretoland.reporting.explore.geometry import base_map

    codes = set(load_cities().cities["city_code"])
    found = base_map(codes=codes)
    assert set(found.cities) == codes and found.drawn_within == {}  # Laiwu has its polygon
    statuses = {code: status for code, status, _ in found.areas}
    assert statuses["710000"] == statuses["810000"] == statuses["820000"] == "outside_dataset"
    assert statuses["460300"] == "not_in_sample"  # Sansha
    left_out = set(base_map().cities) - codes  # e.g. Tibet, out of the default sample
    assert all(statuses[code] == "not_in_sample" for code in left_out)
    assert len(found.areas) == len(base_map().areas) + len(left_out)
    taiwan = next(d for code, _, d in found.areas if code == "710000")
    assert len(_segments(taiwan)) >= 1 and _inside(_bounds(taiwan), found.main_box)
    dashes = _segments(found.lines["ten_dash_line"])
    assert len(dashes) == 10
    assert all(_inside(_bounds(dash), found.inset_box) for dash in dashes)
    assert len(_segments(found.islands)) > 100  # reefs kept at 0.1 km
    assert _inside(_bounds(found.islands), found.inset_box)
    # the inset stands in the main map's lower-right corner, east of Taiwan
    x, y, width, height = found.inset_at
    mx, my, mwidth, mheight = found.main_box
    assert x + width == pytest.approx(mx + mwidth) and y + height == pytest.approx(my + mheight)
    assert _bounds(taiwan)[1] < x
    assert all(found.lines[name].startswith("M") for name in ("province_borders", "outline"))
    assert found.neighbouring_land.startswith("M")
    assert 4000 < mwidth < 7000 and 3500 < mheight < 5000  # km: China north of 17.5° N
    assert [text for *_, text, kind in found.labels if kind == "inset-title"] == [
        "South China Sea islands"
    ]
    assert "审图号" in base_map("zh").source[1] and "GS No." in found.source[1]
    assert set(found.legend) == {"not_in_sample", "outside_dataset", "no_value"}
    assert "Taiwan" in found.legend["outside_dataset"]


def test_the_page_carries_the_compliant_base_map(small_run, payload) -> None:
    drawn = payload["map"]
    assert any(code == "710000" for code, _, _ in drawn["areas"])
    assert set(drawn["cities"]) == set(payload["cities"]["code"])  # the run's sample
    assert len(_segments(drawn["lines"]["ten_dash_line"])) == 10
    assert "审图号" not in drawn["source"][1] and "approval" in drawn["source"][1]
    cities = load_cities(small_run.config.data_path).cities
    assert payload["cities"]["code"] == cities["city_code"].tolist()
    assert payload["cities"]["name"] == display_names(cities, "en").tolist()


def test_city_names_are_the_standard_exonyms() -> None:
    from paretoland.reporting.explore.page import _cities

    table = pd.DataFrame(
        {
            "city_code": ["540100", "650100", "320500", "341300"],
            "name_zh": ["拉萨市", "乌鲁木齐市", "苏州市", "宿州市"],
            "name_pinyin": ["Lasa", "Wulumuqi", "Suzhou", "Suzhou"],
            "province_zh": ["西藏", "新疆", "江苏", "安徽"],
            "province_pinyin": ["Xizang", "Xinjiang", "Jiangsu", "Anhui"],
            "land_km2": [1.0, 2.0, 3.0, 4.0],
        }
    )
    assert _cities(table, "en")["name"] == [
        "Lhasa",
        "Urumqi",
        "Suzhou (Jiangsu)",
        "Suzhou (Anhui)",
    ]
    assert _cities(table, "zh")["name"] == ["拉萨市", "乌鲁木齐市", "苏州市", "宿州市"]
