"""The memo written to disk, opened in headless Chromium, and its PDF's pages checked.

The PDF's pages are rendered to images (pypdfium2) and every page must be A4 with all
its ink inside the margins (the page number and running header in theirs). Slow:
each memo draws ten figures and prints through Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from paretoland.cli import main
from paretoland.decision.allocation import Selection, choose, chosen_allocation
from paretoland.reporting.memo import find_browser, print_pdf, write_memo
from paretoland.reporting.memo.page import PAGE_MARGINS_MM

pytestmark = pytest.mark.slow

STAKEHOLDERS = Path(__file__).resolve().parents[3] / "problems" / "stakeholders_example.toml"
A4_PT = (595.28, 841.89)
N_FIGURES = 10
CJK = re.compile(r"[\u4e00-\u9fff]")


def _browser() -> str:
    browser = find_browser()
    if browser is None:
        pytest.skip("no chromium: apt-get install chromium to run the browser checks")
    return browser


@pytest.fixture(scope="module")
def memos(small_run, tmp_path_factory) -> dict[str, Path]:
    """Write an English memo and a Chinese one.

    English through the command line (TOPSIS on the example stakeholders, every figure
    format), Chinese through the API (knee, PNG figures).
    """
    _browser()
    out = tmp_path_factory.mktemp("memos")
    args = ["memo", str(small_run.path), "--out", str(out / "en"), "--stakeholders"]
    assert main([*args, str(STAKEHOLDERS)]) == 0
    picked = choose(small_run, "knee")
    write_memo(
        small_run,
        chosen_allocation(small_run, picked.index),
        out / "zh",
        selection=Selection.from_pick(small_run, picked),
        lang="zh",
        formats=("png",),
    )
    return {"en": out / "en", "zh": out / "zh"}


def test_memo_folder_holds_every_file(memos) -> None:
    out = memos["en"]
    assert (out / "memo.pdf").read_bytes()[:4] == b"%PDF"
    stems = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert len(stems) == N_FIGURES
    for stem in stems:
        for suffix in (".svg", ".pdf"):
            assert (out / "figures" / f"{stem}{suffix}").stat().st_size > 0
        assert (out / "data" / f"{stem}.csv").exists()
    for table in ("key", "counts", "big", "sellers", "buyers", "stakeholders", "provinces"):
        assert (out / "data" / f"{table}.csv").exists()
    text = (out / "memo.html").read_text(encoding="utf-8")
    assert text.count("<img") == N_FIGURES
    assert text.count("data:text/csv") >= N_FIGURES + 8
    assert "illustrative" in text and "stakeholders_example.toml" in text
    assert sorted(p.name for p in (memos["zh"] / "figures").iterdir()) == sorted(
        f"{s}.png" for s in stems
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_memo_renders_in_chromium(memos, lang: str) -> None:
    dom = subprocess.run(
        [
            _browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=15000",
            "--dump-dom",
            (memos[lang] / "memo.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in root
    assert f'data-figures="{N_FIGURES}"' in root and f'data-figures-loaded="{N_FIGURES}"' in root
    assert "data-errors" not in root
    body = re.sub(r"<[^>]+>|data:[^'\"]+", " ", dom.split("<body>", 1)[1])
    chinese = len(CJK.findall(body))
    if lang == "zh":
        assert chinese > 2000 and "内容摘要" in body and "Summary" not in body
    else:
        assert "Summary" in body and chinese < 40  # 亿元, 审图号 and names in the caveats


def _ink_outside_margins(image, width_pt: float) -> int:
    """Count dark pixels outside the content box, the footer's and the header's."""
    gray = np.asarray(image.convert("L"))
    ink = gray < 200
    height, width = ink.shape
    mm = width / (width_pt / 72 * 25.4)
    top, right, bottom, left = (PAGE_MARGINS_MM[k] * mm for k in ("top", "right", "bottom", "left"))
    slack = 1.0 * mm
    allowed = np.zeros_like(ink)
    allowed[
        int(top - slack) : int(height - bottom + slack),
        int(left - slack) : int(width - right + slack),
    ] = True
    allowed[: int(top), int(width / 2) : int(width - right + slack)] = True  # running header
    allowed[int(height - bottom) :, int(width / 2 - 25 * mm) : int(width / 2 + 25 * mm)] = True
    return int((ink & ~allowed).sum())


def _pdf_pages(path: Path):
    pdfium = pytest.importorskip("pypdfium2", reason="pip install pypdfium2 to check PDF pages")
    return pdfium.PdfDocument(str(path))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_pages_are_a4_with_everything_inside_the_margins(memos, lang: str, tmp_path) -> None:
    pdf = _pdf_pages(memos[lang] / "memo.pdf")
    n = len(pdf)
    assert n >= 6
    text = []
    for index, page in enumerate(pdf):
        width, height = page.get_size()
        assert width == pytest.approx(A4_PT[0], abs=1.0) and height == pytest.approx(
            A4_PT[1], abs=1.0
        )
        image = page.render(scale=100 / 72).to_pil()
        image.save(tmp_path / f"{lang}-page-{index + 1:02d}.png")  # for a look by eye
        assert _ink_outside_margins(image, width) == 0, f"page {index + 1} crosses a margin"
        page_text = page.get_textpage().get_text_range()
        assert f"{index + 1} / {n}" in page_text
        text.append(page_text)
    everything = "\n".join(text)
    captions = ("图1", "表1", "内容摘要") if lang == "zh" else ("Figure 1.", "Table 1.", "Summary")
    for caption in captions:
        assert caption in everything


def test_margin_check_catches_ink_in_the_margin(tmp_path) -> None:
    _browser()
    from paretoland.reporting.memo.page import document

    page = document("narrow margins", "header", "<p>" + "text " * 2000 + "</p>", "en")
    (tmp_path / "m.html").write_text(page.replace("margin: 18.0mm 16.0mm", "margin: 6mm 4mm"))
    pdf = _pdf_pages(print_pdf(tmp_path / "m.html", tmp_path / "m.pdf"))
    first = pdf[0]
    assert _ink_outside_margins(first.render(scale=100 / 72).to_pil(), first.get_size()[0]) > 0


@pytest.fixture(scope="module")
def print_layout():
    """Lay pages out as printed on A4 in Chromium through Selenium.

    Print media, the width inside the margins; yields a function listing what sticks
    out of the page.
    """
    chromium, chromedriver = _browser(), shutil.which("chromedriver")
    if chromedriver is None:
        pytest.skip("needs chromedriver: apt-get install chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='paretoland-chromium-')}")
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    width = round((210 - PAGE_MARGINS_MM["left"] - PAGE_MARGINS_MM["right"]) / 25.4 * 96)

    def overflowing(path: Path) -> list[str]:
        driver.get(path.as_uri())
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        metrics = {"width": width, "height": 1100, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        return driver.execute_script(OVERFLOW_SCRIPT)

    yield overflowing
    driver.quit()


OVERFLOW_SCRIPT = """
const limit = document.documentElement.clientWidth + 0.5;
return Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > limit)
  .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 60));
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_is_wider_than_the_printed_page(memos, print_layout, lang: str) -> None:
    assert print_layout(memos[lang] / "memo.html") == []


def test_the_layout_check_finds_a_table_wider_than_the_page(print_layout, tmp_path) -> None:
    from paretoland.reporting.memo.page import document

    wide = "<table><tr>" + "".join(f"<td>column{i}</td>" for i in range(40)) + "</tr></table>"
    (tmp_path / "wide.html").write_text(document("wide", "h", wide, "en"), encoding="utf-8")
    assert any(item.startswith("TABLE") for item in print_layout(tmp_path / "wide.html"))
