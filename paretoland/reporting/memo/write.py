"""Writing the memo folder: HTML, its PDF, the figures and the data behind everything."""

from __future__ import annotations

import warnings
from pathlib import Path

from paretoland._version import __version__
from paretoland.decision.allocation import ChosenAllocation, Selection, tradeoff_table
from paretoland.exceptions import OutputError
from paretoland.frontier.results import FrontierResult
from paretoland.io.folders import check_target, output_folder
from paretoland.reporting import figures
from paretoland.reporting.figures.labels import check_language
from paretoland.reporting.memo.compose import compose_memo
from paretoland.reporting.memo.facts import memo_facts
from paretoland.reporting.memo.figures import memo_figures
from paretoland.reporting.memo.pdf import MemoPDFWarning, print_pdf

__all__ = ["MEMO_FILES", "write_memo"]

MEMO_FILES = ("memo.html", "memo.pdf", "figures", "data")
"""What a memo folder holds."""


def write_memo(
    result: FrontierResult,
    chosen: ChosenAllocation,
    out_dir: str | Path,
    *,
    selection: Selection | None = None,
    lang: str = "en",
    pdf: bool = True,
    formats: tuple[str, ...] = ("png", "svg", "pdf"),
    overwrite: bool = False,
) -> list[Path]:
    """Write the memo folder for ``chosen``; returns its files.

    Parameters
    ----------
    result : FrontierResult
        The run the allocation comes from.
    chosen : ChosenAllocation
        The allocation (:func:`paretoland.decision.allocation.chosen_allocation`).
    out_dir : str or Path
        The memo folder. A finished memo there is replaced only with ``overwrite``
        (files the user added are kept); see :func:`paretoland.io.folders.output_folder`.
    selection : Selection, optional
        How the point was chosen (method, weights, filter, stakeholders), which the
        summary states; default: a point named by the user.
    lang : {"en", "zh"}
        Language of the whole memo: text, tables, figures, city names and the PDF.
    pdf : bool
        Print ``memo.pdf`` from the HTML with a headless Chromium or Chrome
        (:mod:`paretoland.reporting.memo.pdf`). Without a browser, or when printing
        fails, the rest is written and a :class:`MemoPDFWarning` says why.
    formats : tuple of str
        Formats of the files in ``figures/`` (300 dpi for raster formats); the HTML
        embeds its own PNGs either way.

    Returns
    -------
    list of Path
        Every file written, sorted.
    """
    check_language(lang)
    check_target(out_dir, "memo", overwrite=overwrite)
    selection = Selection.given(result) if selection is None else selection
    facts = memo_facts(result, chosen, selection)
    made = memo_figures(facts, lang)
    composed = compose_memo(facts, lang, made, version=__version__)
    with output_folder(out_dir, "memo", overwrite=overwrite) as staging:
        (staging / "figures").mkdir()
        (staging / "data").mkdir()
        for item in made:
            figures.save_figure(
                item.figure, staging / "figures" / item.name, formats=formats, data=False
            )
            item.data.to_csv(staging / "data" / f"{item.name}.csv", index=False)
        for table in composed.tables:
            table.data.to_csv(staging / "data" / f"{table.key[2:]}.csv", index=False)
        for x, y in (("gdp", "output_gap"), ("welfare", "welfare_gap")):
            if {x, y} <= set(result.objective_names):
                frame = tradeoff_table(result, x, y)
                frame.to_csv(staging / "data" / f"tradeoff_{x}_{y}.csv", index=False)
        facts.cities.to_csv(staging / "data" / "cities.csv")
        html_path = staging / "memo.html"
        html_path.write_text(composed.html, encoding="utf-8")
        if pdf:
            try:
                print_pdf(html_path, staging / "memo.pdf")
            except OutputError as error:
                warnings.warn(str(error), MemoPDFWarning, stacklevel=2)
    return sorted(Path(out_dir).rglob("*"))
