"""The memo's figures, in its language, each with a caption key and a section.

:func:`memo_figures` draws them with :mod:`paretoland.reporting.figures` (maps on the
compliant base map, ranked bars, province flows, the frontier views); every text in
them, city names included, is in the memo's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from paretoland.reporting import figures
from paretoland.reporting.memo.facts import MemoFacts
from paretoland.reporting.memo.numbers import city_names
from paretoland.reporting.memo.words import word

__all__ = ["MemoFigure", "memo_figures"]

_TOP = 10


@dataclass(frozen=True, eq=False)
class MemoFigure:
    """One figure of the memo.

    Attributes
    ----------
    name : str
        File stem (``figures/<name>.png``, ``data/<name>.csv``).
    caption : str
        Caption key in :data:`~.words.WORDS`.
    section : str
        The section it belongs to (``"who"``, ``"allocation"``, ``"frontier"``).
    figure : Figure
        Carrying ``paretoland_data``.
    """

    name: str
    caption: str
    section: str
    figure: Figure

    @property
    def data(self) -> pd.DataFrame:
        """The data behind the figure."""
        return figures.figure_data(self.figure)


def _maps(facts: MemoFacts, lang: str) -> list[MemoFigure]:
    cities = facts.cities
    return [
        MemoFigure(
            name,
            f"f_{name}",
            "who",
            figures.city_map(cities[column], title=word(f"{name}_title", lang), lang=lang),
        )
        for name, column in (
            ("map_welfare", "welfare_change_pct"),
            ("map_gdp", "gdp_change_pct"),
            ("map_land", "land_change_pct"),
        )
    ]


def _ranked(facts: MemoFacts, lang: str) -> list[MemoFigure]:
    names = city_names(facts.cities, lang)
    out = []
    for name, column in (
        ("ranked_welfare", "welfare_change_pct"),
        ("ranked_gdp", "gdp_change_pct"),
    ):
        values = pd.Series(facts.cities[column].to_numpy(), index=names.to_numpy())
        chart = figures.ranked_bars(
            values,
            top=_TOP,
            title=word(f"{name}_title", lang),
            unit=word("ranked_unit", lang),
            lang=lang,
        )
        out.append(MemoFigure(name, f"f_{name}", "who", chart))
    return out


def _frontier(facts: MemoFacts, lang: str) -> list[MemoFigure]:
    result, point = facts.result, facts.chosen.point
    names = set(result.objective_names)
    out = []
    for name, x, y, caption in (
        ("frontier_gdp_output_gap", "gdp", "output_gap", "f_frontier_gdp"),
        ("frontier_welfare_welfare_gap", "welfare", "welfare_gap", "f_frontier_welfare"),
    ):
        if {x, y} <= names:
            chart = figures.frontier_2d(result, x, y, chosen=point, lang=lang)
            out.append(MemoFigure(name, caption, "frontier", chart))
    out += [
        MemoFigure(
            "scatter_matrix",
            "f_matrix",
            "frontier",
            figures.scatter_matrix(result, chosen=point, lang=lang),
        ),
        MemoFigure(
            "parallel_coordinates",
            "f_parallel",
            "frontier",
            figures.parallel_coordinates(result, chosen=point, lang=lang),
        ),
    ]
    return out


def memo_figures(facts: MemoFacts, lang: str) -> list[MemoFigure]:
    """Draw every figure of the memo, in the order the memo shows them."""
    welfare_map, gdp_map, land_map = _maps(facts, lang)
    ranked_welfare, ranked_gdp = _ranked(facts, lang)
    flows = MemoFigure(
        "province_flows",
        "f_flows",
        "allocation",
        figures.province_flows(facts.chosen.allocation, lang=lang),
    )
    return [
        welfare_map,
        ranked_welfare,
        gdp_map,
        ranked_gdp,
        land_map,
        flows,
        *_frontier(facts, lang),
    ]
