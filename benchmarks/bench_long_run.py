"""Benchmark whether long frontier runs stay fast (a script, not a test).

    python benchmarks/bench_long_run.py [--short 20000] [--long 100000] [--repeats 1]

Runs the default problem (NSGA-II, population 100, the embedded data, 2 workers) for
``--short`` and ``--long`` evaluations, each in a fresh process, side by side in one
run, without the paper's baselines (they do not grow with the run). For each run it
reports the evaluations per second of the generation loop (evaluation plus the
per-generation bookkeeping: archive, hypervolume, generation front, failures log and
checkpoint) and the peak resident memory of the run's process and of its workers.

The last line is ``long_run_ratio=R peak_rss_mb=M``: R is the long run's evaluations
per second over the short run's (1 = no slowdown as the archive grows), M the largest
peak RSS (MB) of any process of the long run. Targets: R >= 0.85, M < 1000.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import json, resource, sys, time
from paretoland.frontier import load_config, run_frontier
from paretoland.frontier.parallel import stop_workers

n_gen, out = int(sys.argv[1]), sys.argv[2]
config = load_config(None).replace(
    run={"name": "long"}, algorithm={"n_gen": n_gen},
    baseline={"random_samples": 0, "uniform_rules": False},
)
result = run_frontier(config, out, progress=False)
stop_workers()
timings = result.metadata["timings_s"]
loop = timings["generations"] + timings.get("checkpoint", 0.0)
print(json.dumps({
    "n_evaluations": result.metadata["n_evaluations"],
    "loop_s": loop,
    "per_second": result.metadata["n_evaluations"] / loop,
    "front": len(result.pareto_set),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "workers_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def run_once(evaluations: int, folder: Path) -> dict[str, float]:
    """Run the default problem for ``evaluations`` (population 100) in a fresh process."""
    n_gen = max(1, evaluations // 100)
    out = folder / f"run-{evaluations}"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(n_gen), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure both budgets and print the comparison and the last line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=20_000, help="evaluations of the short run")
    parser.add_argument("--long", type=int, default=100_000, help="evaluations of the long run")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each budget (median)")
    args = parser.parse_args()
    results: dict[int, list[dict[str, float]]] = {args.short: [], args.long: []}
    with tempfile.TemporaryDirectory(prefix="bench-long-run-") as tmp:
        for repeat in range(args.repeats):
            for budget in (args.short, args.long):
                measured = run_once(budget, Path(tmp) / str(repeat))
                results[budget].append(measured)
                print(
                    f"{budget:>7} evaluations: {measured['per_second']:7.0f} per second in the "
                    f"generation loop ({measured['loop_s']:.1f} s), front {measured['front']}, "
                    f"peak RSS {measured['rss_mb']:.0f} MB "
                    f"(workers {measured['workers_rss_mb']:.0f} MB)",
                    flush=True,
                )
    rate = {b: statistics.median(r["per_second"] for r in runs) for b, runs in results.items()}
    peak = max(max(r["rss_mb"], r["workers_rss_mb"]) for r in results[args.long])
    print(f"long_run_ratio={rate[args.long] / rate[args.short]:.3f} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main()
