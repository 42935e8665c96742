"""The memo folder: written whole or not at all, and without its PDF when no browser is found."""

from __future__ import annotations

import pytest

from paretoland.decision.allocation import chosen_allocation
from paretoland.reporting.memo import MemoPDFWarning, write_memo
from paretoland.reporting.memo.pdf import BROWSER_ENV


@pytest.fixture
def no_figures(monkeypatch) -> None:
    """Skip drawing the memo's figures (for tests of the folder, not of the pages)."""
    import paretoland.reporting.memo.write as write_module

    monkeypatch.setattr(write_module, "memo_figures", lambda facts, lang: [])


@pytest.mark.usefixtures("no_figures")
def test_without_a_browser_the_html_is_written_and_a_warning_says_why(
    small_run, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-browser"))
    with pytest.warns(MemoPDFWarning, match="no Chromium or Chrome"):
        files = write_memo(small_run, chosen_allocation(small_run, 0), tmp_path / "memo")
    assert tmp_path / "memo" / "memo.html" in files
    assert not (tmp_path / "memo" / "memo.pdf").exists()


@pytest.mark.usefixtures("no_figures")
def test_a_failed_memo_leaves_nothing(small_run, tmp_path, monkeypatch) -> None:
    import paretoland.reporting.memo.write as write_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write_module, "print_pdf", broken)
    with pytest.raises(RuntimeError):
        write_memo(small_run, chosen_allocation(small_run, 0), tmp_path / "m2")
    assert not (tmp_path / "m2").exists()
    assert list(tmp_path.iterdir()) == []
