"""A CJK font for Chinese figure text, found at run time.

:func:`find_cjk_font` returns the family name of a font that covers simplified
Chinese, registering it with matplotlib's font manager if needed. It looks, in order:

1. at the file named by the environment variable ``PARETOLAND_CJK_FONT``;
2. among the fonts matplotlib already knows (:data:`PREFERRED_FAMILIES`);
3. in the PyPI package ``noto-cjk-sans-otc`` (Noto Sans CJK, SIL OFL 1.1):
   ``pip install noto-cjk-sans-otc``;
4. among the system fonts, e.g. Debian's ``fonts-noto-cjk`` or ``fonts-wqy-microhei``
   (``apt-get install fonts-wqy-microhei``).

Without one, :func:`resolve_language` warns (:class:`CJKFontWarning`) and the figure
falls back to English text instead of drawing empty boxes.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import warnings
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from paretoland.reporting.figures.labels import check_language

__all__ = [
    "CJKFontWarning",
    "FONT_ENV",
    "PREFERRED_FAMILIES",
    "apply_fonts",
    "find_cjk_font",
    "font_context",
    "resolve_language",
]

FONT_ENV = "PARETOLAND_CJK_FONT"
"""Environment variable naming a font file to use for Chinese text."""
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Source Han Sans",
)
"""Families that cover simplified Chinese, best first."""
_FILE_PATTERNS = (
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "wqy-microhei",
    "wqy-zenhei",
    "simhei",
    "msyh",
)
_LATIN_FALLBACK = "DejaVu Sans"


class CJKFontWarning(UserWarning):
    """No font for Chinese text was found; the figure is drawn with English text."""


def _known_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def _first_preferred() -> str | None:
    known = _known_families()
    return next((family for family in PREFERRED_FAMILIES if family in known), None)


def _candidate_files() -> Iterator[Path]:
    spec = importlib.util.find_spec("noto_cjk_sans_otc")
    if spec is not None and spec.origin:
        yield Path(spec.origin).parent / "NotoSansCJK-Regular.ttc"
    for name in sorted(font_manager.findSystemFonts(fontext="ttf")):
        if any(pattern in Path(name).name.lower() for pattern in _FILE_PATTERNS):
            yield Path(name)


def _register(path: Path) -> bool:
    try:
        font_manager.fontManager.addfont(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Return the family name of a font covering simplified Chinese, or None.

    Registers the font with matplotlib's font manager when it is not yet known
    (see the module docstring for where it looks). Cached: the search runs once.
    """
    explicit = os.environ.get(FONT_ENV)
    if explicit and Path(explicit).is_file() and _register(Path(explicit)):
        return font_manager.FontProperties(fname=explicit).get_name()
    family = _first_preferred()
    if family is not None:
        return family
    for path in _candidate_files():
        if path.is_file() and _register(path):
            family = _first_preferred()
            if family is not None:
                return family
    return None


def resolve_language(lang: str) -> tuple[str, list[str] | None]:
    """Return the language a figure will really use, and its font families.

    Parameters
    ----------
    lang : {"en", "zh"}

    Returns
    -------
    (str, list of str or None)
        ``("zh", [cjk_family, "DejaVu Sans"])`` when a CJK font is found;
        ``("en", None)`` for English, or for Chinese without a CJK font, after a
        :class:`CJKFontWarning` saying how to install one.
    """
    if check_language(lang) == "en":
        return "en", None
    family = find_cjk_font()
    if family is None:
        warnings.warn(
            "No font with Chinese characters was found, so this figure uses English text. "
            "Install one with `pip install noto-cjk-sans-otc` (or `apt-get install "
            f"fonts-wqy-microhei`), or set {FONT_ENV} to a font file.",
            CJKFontWarning,
            stacklevel=3,
        )
        return "en", None
    return "zh", [family, _LATIN_FALLBACK]


def font_context(families: list[str] | None) -> AbstractContextManager:
    """Return an rc context that draws text with ``families`` (none for None)."""
    if not families:
        return nullcontext()
    return matplotlib.rc_context({"font.family": families})


def apply_fonts(fig: Figure, families: list[str] | None) -> None:
    """Set ``families`` on every text of ``fig``, so it keeps them outside the context."""
    if not families:
        return
    for text in fig.findobj(Text):
        text.set_fontfamily(families)
