"""The memo's PDF: its HTML printed on A4 by a headless Chromium or Chrome.

:func:`print_pdf` runs the browser's own print-to-PDF on ``memo.html`` (the page's
``@page`` rules give A4, margins and page numbers; the browser's header and footer
are off), so the PDF is exactly the HTML on paper. :func:`find_browser` looks for the
browser named by ``PARETOLAND_BROWSER``, else for ``chromium``, ``chromium-browser``,
``google-chrome``, ``google-chrome-stable`` or ``chrome`` on the PATH (Debian:
``apt-get install chromium``). Without one, the memo is written without its PDF and
:class:`MemoPDFWarning` says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from paretoland.exceptions import OutputError

__all__ = ["BROWSER_ENV", "BROWSERS", "MemoPDFWarning", "find_browser", "print_pdf"]

BROWSER_ENV = "PARETOLAND_BROWSER"
"""Environment variable naming the Chromium or Chrome executable to print with."""
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Executables looked for on the PATH, in order."""
NO_BROWSER = (
    "no Chromium or Chrome was found to print memo.pdf, so only memo.html was written "
    "(print it from a browser, or install one, e.g. `apt-get install chromium`, or set "
    f"{BROWSER_ENV} to its path)"
)


class MemoPDFWarning(UserWarning):
    """The memo was written without its PDF (no browser, or the browser failed)."""


def find_browser() -> str | None:
    """Return the path of a Chromium or Chrome executable, or None."""
    explicit = os.environ.get(BROWSER_ENV)
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _command(browser: str, html_path: Path, pdf_path: Path, profile: str) -> list[str]:
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        "--virtual-time-budget=20000",
        f"--print-to-pdf={pdf_path}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
    return [*command, html_path.resolve().as_uri()]


def print_pdf(
    html_path: str | Path, pdf_path: str | Path, *, browser: str | None = None, timeout: float = 180
) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4, as the page's ``@page`` rules ask).

    Parameters
    ----------
    html_path, pdf_path : str or Path
    browser : str, optional
        The Chromium or Chrome executable (default: :func:`find_browser`).
    timeout : float
        Seconds before the browser is stopped.

    Raises
    ------
    OutputError
        Without a browser, or when it fails or writes no PDF (its last error lines
        are in the message).
    """
    browser = browser or find_browser()
    if browser is None:
        raise OutputError(NO_BROWSER)
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="paretoland-browser-") as profile:
        try:
            done = subprocess.run(
                _command(browser, html_path, pdf_path, profile),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"{browser} did not print {html_path} within {timeout:g} s."
            ) from None
        except OSError as error:
            raise OutputError(f"{browser} could not be started: {error}") from None
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise OutputError(f"{browser} failed to print {html_path} (exit {done.returncode}): {tail}")
    return pdf_path
