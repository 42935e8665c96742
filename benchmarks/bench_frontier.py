"""Benchmark the default frontier run (a script, not a test).

Usage::

    python benchmarks/bench_frontier.py [--config problems/default.toml] [--n-jobs 1 2]
                                        [--generations 200] [--out /tmp/bench-frontier]

Runs the config (default: the built-in default, NSGA-II, population 100, 200
generations, four objectives, on the embedded data) once per ``--n-jobs`` value and
prints, from each run's metadata: the wall time of the whole run, of the generations
alone, of the baselines (random search and uniform rules) and of calibration; the
evaluations per second; the Pareto set's size; and whether the frontier beats random
search on each single objective. Target (issue 4): the default run under 60 s wall on
2 cores.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from paretoland.frontier import load_config, run_frontier


def main() -> None:
    """Run the benchmark and print one line per worker count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--n-jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--generations", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    base = load_config(args.config)
    if args.generations is not None:
        base = base.replace(algorithm={"n_gen": args.generations})
    out_root = args.out or Path(tempfile.mkdtemp(prefix="bench-frontier-"))
    print(
        f"{base.algorithm.name}, population {base.algorithm.pop_size}, "
        f"{base.algorithm.n_gen} generations, objectives {', '.join(base.objective_names)}"
    )
    print(
        f"{'n_jobs':>6} {'wall s':>8} {'gens s':>8} {'baseline s':>10} {'calib s':>8} "
        f"{'evals':>7} {'evals/s':>8} {'front':>6}  beats random search"
    )
    for n_jobs in args.n_jobs:
        config = base.replace(run={"n_jobs": n_jobs})
        start = time.perf_counter()
        result = run_frontier(config, out_root / f"jobs{n_jobs}", progress=False)
        wall = time.perf_counter() - start
        timings = result.metadata["timings_s"]
        evaluations = result.metadata["n_evaluations"]
        beaten = "n/a"
        if result.table4 is not None:
            verdicts = result.table4.groupby("objective")["frontier_beats_random"].all()
            beaten = " ".join(f"{k}={'yes' if v else 'NO'}" for k, v in verdicts.items())
        print(
            f"{n_jobs:>6} {wall:>8.1f} {timings['generations']:>8.1f} "
            f"{timings.get('baselines', 0.0):>10.1f} {timings['calibrate']:>8.1f} "
            f"{evaluations:>7} {evaluations / timings['generations']:>8.0f} "
            f"{len(result.pareto_set):>6}  {beaten}"
        )
    print(f"runs in {out_root}")


if __name__ == "__main__":
    main()
