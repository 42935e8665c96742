"""The explorer page: its data (:func:`explorer_payload`) and its file (:func:`write_explorer`).

The page is one self-contained HTML file: plotly.js, the explorer's script (the files of
``js/`` beside this module, joined in the order of :data:`SCRIPTS`), its stylesheet
(``explorer.css``) and the data, as JSON in a ``<script type="application/json">``
element. It needs no server and no network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from paretoland.data.city_names import display_names
from paretoland.decision.allocation import check_point
from paretoland.exceptions import ConfigError, OutputError
from paretoland.frontier.archive import dominated_by, minimisation_form
from paretoland.frontier.config import ALGORITHM_NAMES
from paretoland.frontier.results import FrontierResult, load_run
from paretoland.io.atomic import atomic_write
from paretoland.reporting.explore.geometry import base_map
from paretoland.reporting.explore.points import (
    CITY_VARIABLES,
    SUMMARIES,
    PointData,
    encode,
    point_data,
    spread_subset,
)
from paretoland.reporting.explore.text import HTML_LANG, TEXT, objective_meta
from paretoland.reporting.figures.markers import OPTIMUM_COLOURS, special_points

__all__ = [
    "DEFAULT_DETAIL_POINTS",
    "EXPLORER_FILE",
    "explorer_html",
    "explorer_payload",
    "write_explorer",
]

DEFAULT_DETAIL_POINTS = 5000
"""Points with a map and city tables at most (the default run's 4,507 all have them)."""
EXPLORER_FILE = "explorer.html"
"""The file name :func:`write_explorer` uses inside a run folder by default."""
SCRIPTS = ("state.js", "data.js", "plots.js", "table.js", "detail.js", "map.js", "main.js")
"""The explorer's script files (``js/``), in the order the page joins them."""
_GENERATOR = '<meta name="generator" content="paretoland explore">'
_MAX_LEVERS_SHOWN = 24
_DIGITS = 6


def write_explorer(
    run: FrontierResult | str | Path,
    path: str | Path | None = None,
    *,
    overwrite: bool = False,
    **options: Any,
) -> Path:
    """Write the interactive explorer of a frontier run: one self-contained HTML file.

    Parameters
    ----------
    run : FrontierResult, str or Path
        A finished run, or its folder.
    path : str or Path, optional
        The HTML file (default ``<run folder>/explorer.html``). Written atomically.
    overwrite : bool
        Replace an explorer page already at ``path``. A file that is not an explorer
        page is never replaced.
    **options
        ``chosen``, ``method``, ``weights``, ``improving_only``, ``lang``,
        ``detail_points``, ``data``: see :func:`explorer_payload`.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    OutputError
        If ``path`` is a folder, or an existing file that may not be replaced.
    """
    result = run if isinstance(run, FrontierResult) else load_run(run)
    if path is None:
        if result.path is None:
            raise ConfigError("this run has no folder; pass the path of the HTML file to write.")
        path = result.path / EXPLORER_FILE
    path = Path(path)
    _check_target(path, overwrite=overwrite)
    page = explorer_html(explorer_payload(result, **options))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda temporary: temporary.write_text(page, encoding="utf-8"))
    return path


def explorer_payload(
    result: FrontierResult,
    *,
    chosen: int | None = None,
    method: str = "knee",
    weights: Mapping[str, float] | None = None,
    improving_only: bool = False,
    lang: str = "en",
    detail_points: int = DEFAULT_DETAIL_POINTS,
    data: str | Path | None = None,
) -> dict[str, Any]:
    """Return the data of the explorer page (JSON-ready).

    Parameters
    ----------
    result : FrontierResult
        A finished run with a non-empty Pareto set.
    chosen : int, optional
        The chosen point (a row of the Pareto set). Default: the point
        :func:`paretoland.decision.allocation.choose` picks with ``method``,
        ``weights`` and ``improving_only``.
    method : str
        The decision method that chose (or chooses) the point; ``"given point"`` for a
        point picked by hand.
    weights : mapping of str to float, optional
        Objective weights of the method (shown on the page).
    improving_only : bool
        Whether the point was chosen among the points that beat the status quo.
    lang : {"en", "zh"}
        The page's language (texts, ``lang`` attribute, city names).
    detail_points : int
        Most points with a map and city tables; a larger Pareto set gets them for a
        well-spread subset that keeps the marked points.
    data : str or Path, optional
        The run's dataset, if it has moved since the run (checked against the run's
        data fingerprint).
    """
    if lang not in TEXT:
        raise ConfigError(f"language {lang!r} is not supported; use one of {', '.join(TEXT)}.")
    if result.pareto_set.empty:
        raise ConfigError(f"the run in {result.path} has an empty Pareto set: nothing to explore.")
    if detail_points < 1:
        raise ConfigError(f"detail_points must be at least 1 (got {detail_points}).")
    if chosen is None:
        from paretoland.decision.allocation import choose

        extra = {} if weights is None else {"weights": dict(weights)}
        chosen = choose(result, method, improving_only=improving_only, **extra).index
    check_point(result, chosen)
    marks = special_points(result, chosen=chosen, lang=lang)
    keep = list(dict.fromkeys([chosen, *(int(p) for p in marks["point"].dropna())]))
    rows = spread_subset(result.objectives.to_numpy(float), max(detail_points, len(keep)), keep)
    points = point_data(result, rows, data=data)
    return {
        "lang": lang,
        "text": TEXT[lang],
        "run": _run_info(result),
        "objectives": [
            objective_meta(n, s, lang)
            for n, s in zip(result.objective_names, result.senses, strict=True)
        ],
        "marks": _marks(result, marks),
        "chosen": {
            "point": int(chosen),
            "method": method,
            "weights": None if weights is None else {k: float(v) for k, v in weights.items()},
            "improving_only": bool(improving_only),
        },
        "optimum_colours": OPTIMUM_COLOURS,
        **_point_sections(result, points, lang),
        "map": base_map(lang, codes=points.city_table["city_code"]).to_dict(),
    }


def _point_sections(result: FrontierResult, data: PointData, lang: str) -> dict[str, Any]:
    """Return the ``points``, ``cities`` and ``detail`` sections of the payload."""
    pareto = result.pareto_set
    where = np.full(len(pareto), -1)
    where[data.detail_rows] = np.arange(len(data.detail_rows))
    return {
        "points": {
            "values": [_rounded(pareto[n]) for n in result.objective_names],
            "summaries": {c: _rounded(data.summaries[c]) for c in SUMMARIES},
            "detail": where.tolist(),
            "levers": _levers(result),
        },
        "cities": _cities(data.city_table, lang),
        "detail": {
            "n": len(data.detail_rows),
            "variables": {name: encode(data.cities[name]) for name in CITY_VARIABLES},
        },
    }


def _check_target(path: Path, *, overwrite: bool) -> None:
    """Refuse, naming the path and the fix, a target the page must not replace."""
    if path.is_dir():
        raise OutputError(
            f"refusing to write the explorer to {path}: it is a folder. Give the path of "
            "an HTML file, e.g. --out explorer.html."
        )
    if not path.exists():
        return
    with open(path, "rb") as stream:
        ours = _GENERATOR.encode() in stream.read(4096)
    if not ours:
        raise OutputError(
            f"refusing to replace {path}: it is not an explorer page that paretoland wrote. "
            "Give another path with --out."
        )
    if not overwrite:
        raise OutputError(
            f"{path} already holds an explorer page; pass --overwrite to replace it, or give "
            "another path with --out."
        )


def explorer_html(payload: dict[str, Any]) -> str:
    """Return the page: the template with plotly.js, the script, the stylesheet and ``payload``."""
    from plotly.offline import get_plotlyjs

    folder = resources.files("paretoland.reporting.explore")
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    parts = {
        "{{LANG}}": HTML_LANG[payload["lang"]],
        "{{TITLE}}": f"{payload['text']['title']}: {payload['run']['name']}",
        "{{CSS}}": (folder / "explorer.css").read_text(encoding="utf-8"),
        "{{PLOTLY}}": _script_safe(get_plotlyjs()),
        "{{APP}}": _script_safe(_app_script(folder)),
        "{{DATA}}": _script_safe(data),
    }
    page = (folder / "template.html").read_text(encoding="utf-8")
    for key, value in parts.items():
        page = page.replace(key, value)
    return page


def _app_script(folder: Any) -> str:
    """Return the explorer's script: the files of ``js/`` in one strict-mode closure."""
    parts = [(folder / "js" / name).read_text(encoding="utf-8") for name in SCRIPTS]
    return "(function () {\n'use strict';\n\n" + "\n".join(parts) + "})();\n"


def _script_safe(text: str) -> str:
    """Text that cannot close its ``<script>`` element early."""
    return text.replace("</", "<\\/")


def _rounded(values: pd.Series) -> list:
    array = values.to_numpy(float)
    if np.all(array == np.round(array)):
        return array.astype(np.int64).tolist()
    return np.round(array, _DIGITS).tolist()


def _run_info(result: FrontierResult) -> dict[str, Any]:
    meta, config = result.metadata, result.config
    return {
        "name": config.run.name,
        "algorithm": ALGORITHM_NAMES.get(config.algorithm.name, config.algorithm.name),
        "evaluations": int(meta.get("n_evaluations", 0)),
        "seed": int(config.run.seed),
        "family": config.rule.family,
        "created": str(meta.get("created", "")),
        "n_points": len(result.pareto_set),
    }


def _levers(result: FrontierResult) -> dict[str, Any] | None:
    names = [c for c in result.pareto_set.columns[1:] if c not in result.objective_names]
    if not names or len(names) > _MAX_LEVERS_SHOWN:
        return None
    return {"names": names, "values": [_rounded(result.pareto_set[n]) for n in names]}


def _cities(table: pd.DataFrame, lang: str) -> dict[str, list]:
    names = display_names(table, lang)
    provinces = table["province_zh"] if lang == "zh" else table["province_pinyin"]
    return {
        "code": table["city_code"].astype(str).tolist(),
        "name": names.tolist(),
        "province": provinces.tolist(),
        "land_km2": np.round(table["land_km2"].to_numpy(float), 3).tolist(),
    }


def _marks(result: FrontierResult, marks: pd.DataFrame) -> dict[str, Any]:
    names = list(result.objective_names)

    def values(row: pd.Series) -> list[float]:
        return [round(float(row[n]), _DIGITS) for n in names]

    def point(row: pd.Series) -> int | None:
        return None if pd.isna(row["point"]) else int(row["point"])

    optima = marks[marks["kind"] == "optimum"]
    return {
        "status_quo": [0.0] * len(names),
        "optima": [
            {
                "objective": r["objective"],
                "label": r["label"],
                "point": point(r),
                "values": values(r),
            }
            for _, r in optima.iterrows()
        ],
        "uniform": _uniform(result),
    }


def _uniform(result: FrontierResult) -> list[dict[str, Any]]:
    """Return the paper's uniform rules that solved, with the frontier point beating each most."""
    table, names = result.uniform_rules, list(result.objective_names)
    if table is None or table.empty or not set(names) <= set(table.columns):
        return []
    solved = table[(table["status"] == "converged") & table[names].notna().all(axis=1)]
    senses = np.array([1.0 if s == "min" else -1.0 for s in result.senses])
    front = minimisation_form(result.objectives.to_numpy(float), senses)
    rules = []
    for _, row in solved.iterrows():
        rule = minimisation_form(row[names].to_numpy(float), senses)
        margins = (rule - front).min(axis=1)
        best = int(np.argmax(margins))
        rules.append(
            {
                "table": row["table"],
                "allocation": row["allocation"],
                "land_use": row["land_use"],
                "participation": row["participation"],
                "values": [round(float(row[n]), _DIGITS) for n in names],
                "n_dominating": int(dominated_by(front, rule).sum()),
                "witness": best if margins[best] > 0 else None,
                "margin": round(float(margins[best]), 4),
            }
        )
    return rules
