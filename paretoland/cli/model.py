"""The model's commands: ``paretoland baseline``, ``wedges`` and ``scenarios``.

``baseline`` calibrates a dataset and prints the report, ``wedges`` writes the land
wedges by region, sellers and buyers (CSV and PNG), and ``scenarios`` runs the paper's
trading experiments (Tables 1-3 and the robustness runs). All three take the model's
parameters as options (default: the paper's baseline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paretoland.cli.arguments import add_data_options, add_output_options, load_data
from paretoland.io.folders import check_target

if TYPE_CHECKING:  # the commands import what they need when they run
    from paretoland.model.calibration import Calibration
    from paretoland.model.params import ModelParams

__all__ = ["add_baseline", "add_wedges", "add_scenarios"]

DEFAULT_WEDGES_DIR = Path("runs") / "wedges"
DEFAULT_SCENARIOS_DIR = Path("runs") / "scenarios"


def add_baseline(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland baseline``: print the calibrated baseline report."""
    baseline = commands.add_parser("baseline", help="print the calibrated baseline report")
    _add_model_options(baseline)
    baseline.set_defaults(handler=_run_baseline)


def add_wedges(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland wedges``: land wedges by region, written as CSV and PNG."""
    wedges = commands.add_parser("wedges", help="land wedges by region; writes CSV and PNG")
    _add_model_options(wedges)
    wedges.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_WEDGES_DIR,
        help=f"output folder (default: {DEFAULT_WEDGES_DIR})",
    )
    add_output_options(wedges)
    wedges.set_defaults(handler=_run_wedges)


def add_scenarios(commands: argparse._SubParsersAction) -> None:
    """Add ``paretoland scenarios``: the paper's trading experiments."""
    scenarios = commands.add_parser(
        "scenarios", help="the paper's trading experiments (Tables 1-3, robustness)"
    )
    _add_model_options(scenarios)
    _add_experiment_options(scenarios)
    scenarios.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_SCENARIOS_DIR,
        help=f"output folder (default: {DEFAULT_SCENARIOS_DIR})",
    )
    scenarios.add_argument("--quiet", action="store_true", help="no progress bar")
    add_output_options(scenarios)
    scenarios.set_defaults(handler=_run_scenarios)


def _add_experiment_options(parser: argparse.ArgumentParser) -> None:
    """Add what ``scenarios`` runs: transactions, robustness, decomposition, measure."""
    parser.add_argument(
        "--transactions",
        type=Path,
        default=None,
        metavar="CSV",
        help="recorded transactions (seller, buyer, area, price[, use]) "
        "for Table 1; see problems/transactions_example.csv",
    )
    parser.add_argument(
        "--no-robustness",
        dest="robustness",
        action="store_false",
        help="only Tables 1-3, without the robustness runs",
    )
    parser.add_argument(
        "--no-decomposition",
        dest="decompose",
        action="store_false",
        help="skip the channel decomposition of the Table 2-3 cells",
    )
    parser.add_argument(
        "--measure",
        default="cv",
        choices=("cv", "theil", "gini", "var_log"),
        help="dispersion measure of both gaps (default: cv)",
    )


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    """Add the dataset, the sample and the model's parameters."""
    add_data_options(parser)
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


def _params_from(args: argparse.Namespace) -> ModelParams:
    """Return the paper's baseline parameters with the ones given on the command line."""
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

    return calibrate(load_data(args), _params_from(args))


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
    data = load_data(args)
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
