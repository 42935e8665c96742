"""The options several commands share, and the values a command line gives them.

``--data`` and ``--keep-tibet`` say which dataset and sample a command works on;
``--overwrite`` (with ``--resume`` and ``--restart`` for the long runs) says what may
happen to an output folder; :func:`positive_int` and :func:`pairs` read option values
the way every command reads them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from paretoland.exceptions import ConfigError

if TYPE_CHECKING:  # the commands import what they need when they run
    from paretoland.data.dataset import CityData

__all__ = [
    "add_data_options",
    "add_output_options",
    "load_data",
    "positive_int",
    "pairs",
]


def add_data_options(
    parser: argparse.ArgumentParser,
    help_text: str = "dataset folder or cities CSV (default: the embedded dataset)",
) -> None:
    """Add ``--data`` (``help_text`` says its default) and ``--keep-tibet``: the sample.

    The paper leaves Tibet's cities out; :func:`load_data` reads what they say.
    """
    parser.add_argument("--data", type=Path, default=None, help=help_text)
    parser.add_argument(
        "--keep-tibet",
        action="store_true",
        help="keep Tibet's cities (default: left out, as in the paper; "
        "a dataset without Tibet is unaffected)",
    )


def add_output_options(parser: argparse.ArgumentParser, *, resumable: bool = False) -> None:
    """Add ``--overwrite``, and ``--resume`` or ``--restart`` for a ``resumable`` run."""
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


def load_data(args: argparse.Namespace) -> CityData:
    """Load the dataset and sample given by ``--data`` and ``--keep-tibet``."""
    from paretoland.data.dataset import load_cities

    return load_cities(args.data, keep_tibet=args.keep_tibet)


def positive_int(text: str) -> int:
    """Read a count of at least 1 (an ``argparse`` type: a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of at least 1 (got {text!r})")
    return value


def pairs(text: str | None, option: str) -> dict[str, float] | None:
    """Read ``NAME=NUMBER,...`` given to ``option`` (None when the option was not given).

    Raises
    ------
    ConfigError
        A pair without ``=`` or a number, or a name given twice.
    """
    if text is None:
        return None
    found = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if name in found:
            raise ConfigError(f"{option}: {name!r} is given twice; give each name once.")
        try:
            found[name] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise ConfigError(
                f"{option}: cannot read {item!r}; write NAME=NUMBER pairs "
                "separated by commas, e.g. gdp=0.5,welfare=0.5."
            )
    return found
