"""The frontier's commands: ``paretoland frontier``, ``compare``, ``sample`` and ``presets``.

``frontier`` maps the efficiency-equity Pareto frontier of quota rules from a run config
(the main job), ``compare`` measures finished runs against each other, ``sample`` is the
paper's random search over parametric rules, and ``presets`` shows how the frontier
moves between the revenue-use presets.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from paretoland.cli.arguments import add_data_options, add_output_options
from paretoland.cli.exits import no_feasible_point
from paretoland.io.folders import check_target

if TYPE_CHECKING:  # the commands import what they need when they run
    from paretoland.frontier.config import RunConfig

__all__ = ["add_frontier", "add_compare", "add_sample", "add_presets"]

CONFIG_DATA_HELP = "dataset folder (default: the config's [data] path)"


def add_frontier(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland frontier [CONFIG]``: map the Pareto frontier of quota rules."""
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
    add_data_options(frontier, CONFIG_DATA_HELP)
    add_output_options(frontier, resumable=True)
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


def add_compare(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland compare RUN ...``: hypervolume, IGD+, additive ε and curves."""
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
    add_output_options(compare)
    compare.set_defaults(handler=_run_compare)


def add_sample(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland sample [CONFIG]``: many random parametric rules, to parquet."""
    sample = commands.add_parser(
        "sample", help="the paper's random search: many parametric rules, streamed to parquet"
    )
    _add_config_argument(sample)
    sample.add_argument("--n", type=int, default=100_000, help="rules to draw (default 100000)")
    sample.add_argument("--chunk", type=int, default=5000, help="rules per parquet chunk")
    sample.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / "sample",
        help="sample folder (default: runs/sample)",
    )
    add_data_options(sample, CONFIG_DATA_HELP)
    add_output_options(sample, resumable=True)
    sample.add_argument("--quiet", action="store_true", help="no progress bar")
    sample.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="evaluate on a dask.distributed cluster; 'local' starts a LocalCluster",
    )
    sample.set_defaults(handler=_run_sample)


def add_presets(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland presets [CONFIG]``: the frontier under each revenue-use preset."""
    presets = commands.add_parser(
        "presets", help="how the frontier moves between revenue-use presets"
    )
    _add_config_argument(presets)
    presets.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / "presets",
        help="folder for the runs (default: runs/presets)",
    )
    presets.add_argument("--quiet", action="store_true", help="no progress bar")
    add_data_options(presets, CONFIG_DATA_HELP)
    add_output_options(presets)
    presets.set_defaults(handler=_run_presets)


def _add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add the optional run config of ``sample`` and ``presets``."""
    parser.add_argument(
        "config",
        nargs="?",
        type=Path,
        default=None,
        help="run config (default: the default problem)",
    )


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


def _frontier_config(args: argparse.Namespace) -> RunConfig:
    """Return the run config with the options of ``paretoland frontier`` applied."""
    from paretoland.frontier.config import load_config

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
    return config


def _run_frontier(args: argparse.Namespace) -> int:
    from paretoland.frontier.run import default_run_dir, run_frontier

    config = _frontier_config(args)
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
        return no_feasible_point(f"{evaluations} candidates were evaluated", out)
    return 0


def _run_compare(args: argparse.Namespace) -> None:
    from paretoland.frontier.comparison import compare_runs
    from paretoland.reporting.comparison import write_comparison

    check_target(args.out, "comparison", overwrite=args.overwrite)  # before the long part
    comparison = compare_runs(args.runs, args.reference)
    print(comparison.to_console())
    written = write_comparison(comparison, args.out, overwrite=args.overwrite)
    print(f"\nwrote {len(written)} files to {args.out}/ (comparison.csv, anytime.csv, figures)")


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
        return no_feasible_point(f"{args.n} rules were drawn", args.out)
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


def _run_presets(args: argparse.Namespace) -> None:
    from paretoland.frontier.config import load_config
    from paretoland.frontier.presets import compare_revenue_use

    config = _with_data(load_config(args.config), args.data, args.keep_tibet)
    table = compare_revenue_use(config, args.out, progress=not args.quiet, overwrite=args.overwrite)
    print("The frontier under each revenue-use preset (θ: share funding infrastructure):")
    print(table.round(4).to_string())
    print(f"wrote {args.out}/presets.csv and one run per preset")
