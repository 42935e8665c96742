"""HTML building blocks of the memo: style sheet, tables, figures and the page shell.

The style sheet serves the screen and A4 print; tables and figures get numbered
captions.

The same HTML is read on screen and printed to the PDF (:mod:`.pdf`): the ``@page``
rules set A4, the margins and the page numbers; links to the CSV files show on screen
only.
"""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure

from paretoland.reporting.memo.figures import MemoFigure
from paretoland.reporting.memo.tables import MemoTable
from paretoland.reporting.memo.words import word

__all__ = ["PAGE_MARGINS_MM", "document", "figure_html", "table_html"]

PAGE_MARGINS_MM = {"top": 18.0, "right": 16.0, "bottom": 18.0, "left": 16.0}
"""The printed page's margins (A4, mm); page numbers sit in the bottom margin."""
_FONTS = {
    "en": '"Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", '
    '"WenQuanYi Micro Hei", sans-serif',
    "zh": '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", '
    '"Microsoft YaHei", "Noto Sans", "DejaVu Sans", sans-serif',
}
_PNG_DPI = 150
_LONG_TABLE = 14  # rows; a longer table may break across pages
_SHORT_TEXT = 16  # characters; a text column no longer than this never wraps

_CSS = """
@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm;
  @bottom-center {{ content: counter(page) " / " counter(pages); font-family: {fonts};
    font-size: 8pt; color: #666; }}
  @top-right {{ content: "{header}"; font-family: {fonts}; font-size: 7.5pt; color: #888; }} }}
@page :first {{ @top-right {{ content: none; }} }}
html {{ font-family: {fonts}; color: #1d1d1d; }}
body {{ max-width: 180mm; margin: 2em auto; padding: 0 1em; font-size: 10.5pt;
  line-height: 1.5; }}
header .kicker {{ text-transform: uppercase; letter-spacing: .08em; font-size: 8pt; color: #8a1c1c;
  margin: 0; }}
h1 {{ font-size: 19pt; line-height: 1.25; margin: .2em 0 .3em; }}
h2 {{ font-size: 13.5pt; margin: 1.4em 0 .4em; padding-bottom: .15em;
  border-bottom: 1.5px solid #8a1c1c; break-after: avoid; }}
h2 .n {{ color: #8a1c1c; margin-right: .5em; }}
p {{ margin: .45em 0; orphans: 3; widows: 3; }}
.meta {{ color: #555; font-size: 9pt; margin-bottom: 1.2em; }}
.summary {{ background: #f6f3ee; border-left: 3px solid #8a1c1c; padding: .5em 1em; }}
.summary p {{ margin: .5em 0; }}
ul.caveats li {{ margin: .3em 0; }}
.table-block {{ margin: 1em 0 1.2em; }}
.table-block.short {{ break-inside: avoid; }}
.caption {{ font-weight: 600; font-size: 9.5pt; margin: 0 0 .3em; break-after: avoid; }}
.caption .n, figcaption .n {{ color: #8a1c1c; margin-right: .35em; }}
table {{ border-collapse: collapse; font-size: 8.5pt; line-height: 1.3; width: 100%;
  font-variant-numeric: tabular-nums; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th {{ text-align: left; vertical-align: bottom; border-bottom: 1px solid #333;
  padding: 3px 5px; font-weight: 600; }}
td {{ padding: 2.5px 5px; border-bottom: 1px solid #e2e2e2; vertical-align: top; }}
th.r, td.r {{ text-align: right; }}
td.r, td.nowrap {{ white-space: nowrap; }}
tbody tr:last-child td {{ border-bottom: 1px solid #333; }}
.note {{ font-size: 8pt; color: #555; margin: .35em 0 0; line-height: 1.4; }}
figure {{ margin: 1.2em 0; break-inside: avoid; }}
figure img {{ display: block; max-width: 100%; max-height: 200mm; margin: 0 auto; }}
figure.map img {{ max-height: 128mm; }}
figcaption {{ font-size: 9pt; margin-top: .4em; }}
.screen {{ color: #555; }}
code {{ font-size: 8.5pt; word-break: break-all; }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; font-size: 10pt; }}
  .screen {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }}
  section.appendix {{ break-before: page; }}
}}
"""

# Lets a headless browser report what it rendered (tests/reporting/test_memo_browser.py).
_PROBE = (
    "<script>window.addEventListener('error',function(e){var d=document.documentElement;"
    "d.dataset.errors=(d.dataset.errors||'')+e.message+';'});"
    "window.addEventListener('load',function(){var i=Array.from(document.images);"
    "var d=document.documentElement;d.dataset.figures=i.length;d.dataset.figuresLoaded="
    "i.filter(function(x){return x.complete&&x.naturalWidth>0}).length;});</script>"
)


def _png_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_PNG_DPI, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _csv_data_uri(text: str) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode()).decode()


def table_html(table: MemoTable, number: int, lang: str) -> str:
    """Return a numbered table with its caption above and its note below."""
    esc = html.escape
    align = table.align or "l" + "r" * (table.cells.shape[1] - 1)
    head = "".join(
        f"<th class='{a}'>{esc(str(c))}</th>"
        for c, a in zip(table.cells.columns, align, strict=True)
    )
    classes = [
        "l nowrap" if a == "l" and table.cells[c].astype(str).str.len().max() <= _SHORT_TEXT else a
        for c, a in zip(table.cells.columns, align, strict=True)
    ]
    rows = "".join(
        "<tr>"
        + "".join(f"<td class='{c}'>{esc(str(v))}</td>" for v, c in zip(row, classes, strict=True))
        + "</tr>"
        for row in table.cells.itertuples(index=False)
    )
    size = "short" if len(table.cells) <= _LONG_TABLE else "long"
    link = (
        f" <a class='screen' download='{table.key[2:]}.csv' "
        f"href='{_csv_data_uri(table.data.to_csv(index=False))}'>{word('data_link', lang)}</a>"
    )
    note = f"<p class='note'>{esc(table.note)}</p>" if table.note else ""
    return (
        f"<div class='table-block {size}' id='{table.key}'><p class='caption'>"
        f"<span class='n'>{esc(word('table', lang, n=number))}</span>"
        f"{esc(word(table.key, lang))}{link}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}</div>"
    )


def figure_html(item: MemoFigure, number: int, lang: str) -> str:
    """Return a numbered figure: the PNG embedded, its caption and (on screen) its data."""
    esc = html.escape
    caption = word(item.caption, lang)
    data = _csv_data_uri(item.data.to_csv(index=False))
    return (
        f"<figure id='{item.name}' class='{item.name.split('_')[0]}'>"
        f"<img alt='{esc(caption)}' src='{_png_data_uri(item.figure)}'>"
        f"<figcaption><span class='n'>{esc(word('figure', lang, n=number))}</span>"
        f"{esc(caption)}<span class='screen'> · <a download='{item.name}.csv' "
        f"href='{data}'>{word('data_link', lang)}</a>; "
        f"{esc(word('print_files', lang, name=item.name))}</span></figcaption></figure>"
    )


def document(title: str, header: str, body: str, lang: str) -> str:
    """Return the whole page: ``lang`` attribute, style sheet, probe script and ``body``."""
    fonts = _FONTS[lang]
    css = _CSS.format(fonts=fonts, header=header.replace('"', "'"), **PAGE_MARGINS_MM)
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        f"<title>{html.escape(title)}</title><style>{css}</style>{_PROBE}</head>"
        f"<body>{body}</body></html>"
    )
