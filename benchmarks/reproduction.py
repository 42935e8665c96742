"""How many of the paper's Table 2-3 results each dataset and wedge labour reproduces.

Builds the land-supply variant (``paretoland data build --land supply``) from the raw
files into a temporary folder, runs Tables 2-3 on it and on the embedded stocks, each
with the wedges on observed employment (the default) and on residents, and prints one
row per run: cell-outcome signs agreeing with the paper (of 96), the paper's four
findings reproduced (of 4 outcomes each, the others named) and the largest GDP gain
of a residential-only trade (the paper: up to +3.227 %). Nothing is tuned.

Usage: ``python benchmarks/reproduction.py [--raw ../shared/data/raw] [--keep-tibet]``.
The last line is ``signs_agree=<stocks/employment>,<stocks/residents>,<supply/employment>,
<supply/residents>``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from paretoland import load_cities
from paretoland.data.build import build_dataset
from paretoland.replication.reproduction import reproduction_table
from paretoland.replication.tables import markdown_table

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARETOLAND_SHARED", REPO.parent / "shared"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=SHARED / "data" / "raw")
    parser.add_argument("--keep-tibet", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="supply-") as folder:
        build_dataset(args.raw, folder, land="supply")
        datasets = {
            "stocks": load_cities(keep_tibet=args.keep_tibet),
            "supply": load_cities(folder, keep_tibet=args.keep_tibet),
        }
        table = reproduction_table(datasets)
    shown = table.assign(residential_gdp_max=table["residential_gdp_max"].map("{:+.3f}".format))
    print(markdown_table(shown))
    print(f"\n{len(table)} runs of Tables 2-3 in {time.perf_counter() - started:.1f} s")
    print("signs_agree=" + ",".join(s.split("/")[0] for s in table["signs_agree"]))


if __name__ == "__main__":
    main()
