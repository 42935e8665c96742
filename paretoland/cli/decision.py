"""The decision's commands: ``paretoland pick``, ``memo`` and ``explore`` of a finished run.

Each chooses one point of a frontier run, by a decision method (default: the knee;
TOPSIS when weights are given, from ``--weights`` or from stakeholders' pairwise
matrices) or as given with ``--point``. ``pick`` prints the chosen allocation, ``memo``
writes the policy memo (HTML, PDF, figures, CSV) and ``explore`` the interactive
explorer of the whole run (one HTML file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paretoland.cli.arguments import add_output_options, pairs, positive_int
from paretoland.exceptions import ConfigError

if TYPE_CHECKING:  # the commands import what they need when they run
    import pandas as pd

    from paretoland.decision.allocation import ChosenAllocation, Selection
    from paretoland.decision.pick import Pick
    from paretoland.frontier.results import FrontierResult

__all__ = ["add_pick", "add_memo", "add_explore"]


def add_pick(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland pick RUN_DIR``: choose one allocation and print it."""
    pick = commands.add_parser("pick", help="choose one allocation from a frontier run")
    _add_choice_options(pick)
    pick.add_argument(
        "--top", type=positive_int, default=10, help="sellers and buyers listed (>= 1)"
    )
    pick.set_defaults(handler=_run_pick)


def add_memo(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland memo RUN_DIR``: the policy memo of a chosen allocation."""
    memo = commands.add_parser("memo", help="write a policy memo for a chosen allocation")
    _add_choice_options(memo)
    memo.add_argument("--lang", choices=("en", "zh"), default="en", help="figure labels")
    memo.add_argument("--out", type=Path, default=None, help="memo folder (default: RUN_DIR/memo)")
    add_output_options(memo)
    memo.set_defaults(handler=_run_memo)


def add_explore(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland explore RUN_DIR``: the interactive explorer of a run."""
    explore = commands.add_parser(
        "explore", help="write an interactive HTML explorer of a frontier run (works offline)"
    )
    _add_choice_options(explore)
    explore.add_argument("--lang", choices=("en", "zh"), default="en", help="page language")
    explore.add_argument(
        "--out", type=Path, default=None, help="HTML file (default: RUN_DIR/explorer.html)"
    )
    explore.add_argument(
        "--detail-points",
        type=int,
        default=5000,
        metavar="N",
        help="most points with a map and city tables (default 5000; more: a spread subset)",
    )
    add_output_options(explore)
    explore.set_defaults(handler=_run_explore)


def _add_choice_options(parser: argparse.ArgumentParser) -> None:
    """Add the run and how to choose its point: method, preferences, point, data."""
    parser.add_argument("run_dir", type=Path, help="a finished frontier run folder")
    parser.add_argument(
        "--method",
        default=None,
        choices=("knee", "pseudo_weights", "asf", "compromise", "topsis"),
        help="decision method (default: knee; topsis when weights are given)",
    )
    _add_preference_options(parser)
    parser.add_argument(
        "--point",
        type=int,
        default=None,
        help="take this Pareto point instead of applying a method",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the run's dataset folder, if it has moved since the run (checked against "
        "the run's data fingerprint)",
    )
    parser.add_argument(
        "--improving-only",
        action="store_true",
        help="choose only among points that beat the status quo on every objective",
    )


def _add_preference_options(parser: argparse.ArgumentParser) -> None:
    """Add the decision maker's preferences: weights, stakeholders, reference point."""
    parser.add_argument(
        "--weights",
        default=None,
        metavar="NAME=W,...",
        help="objective weights, e.g. gdp=0.4,welfare=0.3,output_gap=0.2,welfare_gap=0.1; "
        "objectives not named weigh 0 (normalised to sum to 1)",
    )
    parser.add_argument(
        "--stakeholders",
        type=Path,
        default=None,
        metavar="TOML",
        help="stakeholder pairwise matrices (AHP + entropy weights, see "
        "problems/stakeholders_example.toml)",
    )
    parser.add_argument(
        "--reference",
        default=None,
        metavar="NAME=V,...",
        help="reference point for asf / compromise (default: the ideal)",
    )


def _choice(
    args: argparse.Namespace,
) -> tuple[FrontierResult, ChosenAllocation, Selection, Pick | None]:
    """Load the run and choose its point: ``(result, chosen, selection, picked)``.

    ``selection`` says how the point was chosen (what the memo states); ``picked`` is
    the :class:`~paretoland.decision.Pick` (None for ``--point``).
    """
    from paretoland.decision.allocation import chosen_allocation

    result, point, selection, picked = _chosen_point(args)
    return result, chosen_allocation(result, point, data=args.data), selection, picked


def _chosen_point(
    args: argparse.Namespace,
) -> tuple[FrontierResult, int, Selection, Pick | None]:
    """Load the run and choose its point without solving it: ``(result, point, ...)``."""
    from paretoland.decision.allocation import Selection, check_point, choose
    from paretoland.frontier.results import load_run

    result = load_run(args.run_dir)
    weights, stakeholders = _weights(args, result)
    if args.point is not None:
        check_point(result, args.point)
        return result, args.point, Selection.given(result), None
    method = args.method or ("topsis" if weights is not None else "knee")
    options = {}
    if weights is not None:
        options["weights"] = weights
    reference = pairs(args.reference, "--reference")
    if reference is not None:
        options["reference"] = reference
    picked = choose(result, method, improving_only=args.improving_only, **options)
    selection = Selection.from_pick(result, picked, stakeholders=stakeholders)
    return result, picked.index, selection, picked


def _weights(
    args: argparse.Namespace, result: FrontierResult
) -> tuple[dict[str, float] | None, pd.DataFrame | None]:
    """Return the objective weights and the stakeholders' table (None: not given)."""
    weights = pairs(args.weights, "--weights")
    if args.stakeholders is None:
        return weights, None
    if weights is not None:
        raise ConfigError("give --weights or --stakeholders, not both.")
    return _stakeholder_weights(args.stakeholders, result)


def _stakeholder_weights(
    path: Path, result: FrontierResult
) -> tuple[dict[str, float], pd.DataFrame]:
    """Return the stakeholders' combined weights and their table; print the table."""
    import pandas as pd

    from paretoland.decision import load_stakeholders, stakeholder_weights

    groups = load_stakeholders(path)
    found = stakeholder_weights(groups, objectives=result.objectives, senses=result.senses)
    weights = dict(found["combined"])
    stakeholders = pd.DataFrame(found)
    stakeholders.attrs = {"groups": [group.name for group in groups], "source": str(path)}
    print("Stakeholder weights (AHP, entropy, combined):")
    for name in weights:
        print(
            f"  {name:<12} {found['ahp'][name]:.4f} {found['entropy'][name]:.4f} "
            f"{weights[name]:.4f}"
        )
    return weights, stakeholders


def _score_note(picked: Pick | None) -> str:
    """`` (score 1.107)`` for a point a method chose, else nothing."""
    return "" if picked is None else f" (score {picked.score:.4g})"


def _method_name(selection: Selection) -> str:
    """Return the decision method as the console names it."""
    return "given point" if selection.method == "given" else selection.method


def _run_pick(args: argparse.Namespace) -> None:
    result, chosen, selection, picked = _choice(args)
    how = "given with --point" if picked is None else f"chosen by {selection.method}"
    print(f"Pareto point {chosen.point} of {len(result.pareto_set):,}, {how}.")
    if picked is not None:
        print(f"Score: {picked.explain()}")
        for line in picked.context():
            print(line[0].upper() + line[1:] + ".")
    print("\nObjectives (outcomes in % change; the status quo is no trade, 0 on every objective):")
    print(_objective_table(result, chosen).to_string())
    for title, frame in chosen.traders(args.top).items():
        print(f"\n{title.replace('_', ' ').capitalize()}:")
        print(frame.round(3).to_string(index=False))
    print("\nBy province:")
    print(chosen.province_flows().round(3).to_string(index=False))


def _objective_table(result: FrontierResult, chosen: ChosenAllocation) -> pd.DataFrame:
    """Return the chosen point's objectives beside the status quo, with their senses."""
    import pandas as pd

    senses = {"max": "max (higher is better)", "min": "min (lower is better)"}
    names = list(result.objective_names)
    return pd.DataFrame(
        {
            "sense": [senses[s] for s in result.senses],
            "chosen": chosen.objectives[names].to_numpy(float).round(4),
            "status quo": 0.0,
        },
        index=names,
    )


def _run_memo(args: argparse.Namespace) -> None:
    import warnings

    from paretoland.reporting.memo import write_memo

    result, chosen, selection, picked = _choice(args)
    note = _score_note(picked)
    out = args.out if args.out is not None else args.run_dir / "memo"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = write_memo(
            result, chosen, out, selection=selection, lang=args.lang, overwrite=args.overwrite
        )
    for warning in caught:
        print(f"paretoland: warning: {warning.message}", file=sys.stderr)
    print(f"Pareto point {chosen.point}, chosen by {_method_name(selection)}{note}.")
    pdf = f"{out}/memo.pdf, " if out / "memo.pdf" in written else "(no PDF: see the warning) "
    print(f"wrote {out}/memo.html, {pdf}figures/ and data/")


def _run_explore(args: argparse.Namespace) -> None:
    from paretoland.reporting.explore import write_explorer

    result, point, selection, picked = _chosen_point(args)  # the page solves it itself
    note = _score_note(picked)
    given = args.point is not None
    method = _method_name(selection)
    path = write_explorer(
        result,
        args.out,
        chosen=point,
        method=method,
        weights=None if given else pairs(args.weights, "--weights"),
        improving_only=args.improving_only and not given,
        lang=args.lang,
        detail_points=args.detail_points,
        data=args.data,
        overwrite=args.overwrite,
    )
    print(f"Pareto point {point}, chosen by {method}{note}.")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")
