"""A policy memo for one chosen allocation: HTML, PDF, figures and CSVs, English or Chinese.

:func:`write_memo` writes, atomically, a folder with

- ``memo.html``: self-contained (figures embedded, each figure's and table's CSV as a
  download link), readable offline. It opens with an executive summary: what was
  chosen and how (method, weights, filter and how many points qualified), the
  trade-off near the chosen point, who gains and who loses (cities losing welfare,
  large losses by name, the largest economies' GDP) and which channel drives the
  result (:meth:`~paretoland.model.counterfactual.Counterfactual.decompose`). Then
  come the key numbers and trade-off prices; who gains and who loses (counts, the
  largest economies, maps, ranked bars); the channels; the allocation (province
  flows, top sellers and buyers); the frontier; the caveats (findings of the paper
  not reproduced, constructed data, illustrative weights); the method and data; and
  an appendix by province. Tables and figures are numbered and captioned; tables
  state units and sign conventions.
- ``memo.pdf``: the same HTML printed on A4 with page numbers by a headless Chromium
  (:mod:`.pdf`); without a browser only the HTML is written, with a warning;
- ``figures/<name>.png|svg|pdf`` at print quality and ``data/<name>.csv``: the data
  behind each figure, every table, ``cities.csv`` (every city's outcomes) and the
  trade-off prices along the 2-D frontiers.

``lang="zh"`` writes all of it in Chinese: the ``lang`` attribute, headings, prose,
tables, every figure, city names. The numbers behind the text are computed once
(:func:`memo_facts`), so both languages say the same.
"""

from __future__ import annotations

from paretoland.reporting.memo.compose import ComposedMemo, compose_memo
from paretoland.reporting.memo.facts import LARGE_CHANGE_PCT, ChangeCounts, MemoFacts, memo_facts
from paretoland.reporting.memo.pdf import MemoPDFWarning, find_browser, print_pdf
from paretoland.reporting.memo.summary import executive_summary, tradeoff_sentence
from paretoland.reporting.memo.write import MEMO_FILES, write_memo

__all__ = [
    "LARGE_CHANGE_PCT",
    "MEMO_FILES",
    "ChangeCounts",
    "ComposedMemo",
    "MemoFacts",
    "MemoPDFWarning",
    "compose_memo",
    "executive_summary",
    "find_browser",
    "memo_facts",
    "print_pdf",
    "tradeoff_sentence",
    "write_memo",
]
