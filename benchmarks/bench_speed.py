"""Every speed and scale figure of issue 7, side by side in one run (a script, not a test).

Usage::

    python benchmarks/bench_speed.py [--rules 2000] [--twin-rules 40] [--sample 50000]
                                     [--sizes 100 300 1000 3000] [--out /tmp/bench_speed]

On the embedded dataset with the default problem (``problems/default.toml``: both land
uses, inter-province, all cities; tolerance 1e-10) it measures, after the first numba
call (compilation or numba's cache) has been made:

1. **single solve**: median time of the numba preconditioned Anderson solve against
   the plain damped numpy fixed point (the numpy twin), on the residential test shock;
2. **batched kernel**: equilibria per second of :func:`solve_equilibria` over
   ``--rules`` random parametric rules of the default problem (the paper's draws), with
   one lane and with every core (median of three timings), against the numpy twin (one
   by one, on the first ``--twin-rules``) and against the numba single solver called in
   a Python loop;
3. **evaluation**: rules per second of ``FrontierModel.evaluate`` (rule → trade →
   equilibria → outcomes and constraints), every core;
4. **the paper's experiment**: ``sample_rules`` on ``--sample`` rules as ``paretoland
   sample`` runs them (the default config: two worker processes of one lane each;
   streaming parquet chunks), its rules per second including start-up and summary, the
   time one million would take at that rate, and the peak memory of the main process and
   of each worker (Linux ``/proc``);
5. **scale in N**: time per solve, iterations and memory for N county-level units
   (:func:`paretoland.data.counties.economy_of_size`), numba against the numpy twin (the
   twin once per size), and a log-log plot ``cost_vs_n.png`` in ``--out``.

Each figure is printed with its target. Speeds vary by ±20 % with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scaling import plot  # noqa: E402

from paretoland import QuotaRule, apply_rule, calibrate, load_cities  # noqa: E402
from paretoland.data.counties import economy_of_size  # noqa: E402
from paretoland.frontier.assembly import build_model  # noqa: E402
from paretoland.frontier.config import default_config  # noqa: E402
from paretoland.frontier.sampling import sample_rules  # noqa: E402
from paretoland.model.counterfactual import trade_shock, trade_shocks  # noqa: E402
from paretoland.model.equilibrium import (  # noqa: E402
    IterationConfig,
    solve_equilibria,
    solve_equilibrium,
)
from paretoland.model.equilibrium.inputs import residential_trade_shock  # noqa: E402

NUMPY_DAMPED = IterationConfig(method="damped", precondition=False, backend="numpy")
NUMPY_ANDERSON = IterationConfig(backend="numpy")
REPEATS = 3  # timings of the batched kernel per lane count (the median is reported)


def median_seconds(function, repeats: int) -> float:  # noqa: ANN001
    """Median wall time of ``repeats`` calls (after one untimed call)."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(label: str, value: str, against: str = "", target: str = "") -> None:
    """Print one line of the table."""
    print(f"{label:<46} {value:>20} {against:>26} {target:>22}")


def single_solve(calibration) -> None:  # noqa: ANN001
    """1. One solve: numba Anderson against the plain damped numpy fixed point."""
    shock = residential_trade_shock(calibration)
    fast = median_seconds(lambda: solve_equilibrium(calibration, shock), 30)
    slow = median_seconds(lambda: solve_equilibrium(calibration, shock, NUMPY_DAMPED), 5)
    ratio = slow / fast
    row(
        "1. single solve, numba Anderson",
        f"{fast * 1e3:.2f} ms",
        f"numpy damped {slow * 1e3:.1f} ms = {ratio:.1f}x",
        f">= 20x: {'met' if ratio >= 20 else 'MISSED'}",
    )


def batched(calibration, model, rules: int, twin_rules: int, seed: int) -> None:  # noqa: ANN001
    """2.-3. The batched kernel and the whole evaluation on random parametric rules."""
    family = model.family
    X = np.random.default_rng(seed).uniform(family.lower, family.upper, (rules, family.n_levers))
    shocks = trade_shocks(family.trades(X), calibration.params)
    iteration = model.iteration
    solve_equilibria(calibration, shocks, iteration, lanes=1)
    results = {}
    for lanes in (1, numba.get_num_threads()):  # median of REPEATS timings
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            batch = solve_equilibria(calibration, shocks, iteration, lanes=lanes)
            times.append(time.perf_counter() - start)
        results[lanes] = (rules / statistics.median(times), rules / min(times))
    subset = np.arange(twin_rules)
    twin_shocks = trade_shocks(family.trades(X[subset]), calibration.params)
    start = time.perf_counter()
    solve_equilibria(calibration, twin_shocks, IterationConfig(backend="numpy"))
    twin = twin_rules / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in subset:
        solve_equilibrium(calibration, twin_shocks.shock(int(i)), iteration)
    loop = twin_rules / (time.perf_counter() - start)
    counts = {name: batch.statuses.count(name) for name in dict.fromkeys(batch.statuses)}
    print(
        f"   ({rules} rules: {counts}; {batch.iterations[batch.converged].mean():.1f} map "
        "evaluations per converged solve)"
    )
    one, (best, fastest) = results[1][0], results[numba.get_num_threads()]
    row(
        "2. batched kernel, 1 lane (median)",
        f"{one:,.0f} eq/s",
        f"numpy twin {twin:,.0f} eq/s = {one / twin:.0f}x",
    )
    row(
        f"   batched kernel, {numba.get_num_threads()} lanes (median)",
        f"{best:,.0f} eq/s",
        f"numba 1-by-1 {loop:,.0f}/s = {best / loop:.1f}x",
        f">= 5,000/s: {'met' if best >= 5000 else 'MISSED'}",
    )
    print(f"   (fastest of {REPEATS}: {results[1][1]:,.0f} and {fastest:,.0f} eq/s)")
    model.evaluate(X[:64])
    start = time.perf_counter()
    model.evaluate(X)
    rate = rules / (time.perf_counter() - start)
    row(
        "3. evaluation (trade+solve+outcomes)",
        f"{rate:,.0f} rules/s",
        f"= {rate / twin:.0f}x the twin's solves",
    )


def worker_peaks_mib() -> list[float]:
    """Peak resident memory (MiB) of this process's live child processes (Linux)."""
    peaks = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid():
                status = (stat.parent / "status").read_text()
                peaks.append(int(status.split("VmHWM:")[1].split()[0]) / 1024)
        except (OSError, IndexError, ValueError):
            continue
    return peaks


def sampling(config, n: int, out: Path) -> None:  # noqa: ANN001
    """Time figure 4: the paper's experiment, streamed as ``paretoland sample`` runs it.

    The default config's workers; the wall time includes start-up and the summary.
    """
    start = time.perf_counter()
    sample_rules(config, n, out / "sample", chunk=5000, progress=False)
    wall = time.perf_counter() - start
    rate = n / wall
    million = 1e6 / rate
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = ", ".join(f"{peak:.0f}" for peak in worker_peaks_mib())
    row(
        f"4. sample --n {n:,} (n_jobs {config.run.n_jobs})",
        f"{rate:,.0f} rules/s",
        f"wall {wall:.1f} s, peak RSS {rss:.0f} MiB (workers: {workers or 'none'})",
    )
    row(
        "   projected: one million rules",
        f"{million / 60:.1f} min",
        "",
        f"< 5 min: {'met' if million < 300 else 'MISSED'}",
    )


def scaling(sizes: list[int], out: Path, seed: int) -> None:
    """5. Time per solve against N, numba and the numpy twin."""
    rows = []
    for n in sizes:
        calibration = calibrate(economy_of_size(n, seed=seed))
        shock = trade_shock(apply_rule(calibration, QuotaRule()), calibration.params)
        eq = solve_equilibrium(calibration, shock)
        fast = median_seconds(
            lambda c=calibration, s=shock: solve_equilibrium(c, s), 7 if n <= 1000 else 3
        )
        start = time.perf_counter()
        twin = solve_equilibrium(calibration, shock, NUMPY_ANDERSON)
        slow = time.perf_counter() - start
        tracemalloc.start()
        solve_equilibrium(calibration, shock)
        peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append({"n": calibration.n_cities, "median_s": fast})
        target = ""
        if n == 3000:
            ok = fast < 0.1 and rss < 1024
            target = f"< 100 ms, < 1 GiB: {'met' if ok else 'MISSED'}"
        row(
            f"5. N = {calibration.n_cities:,} ({eq.status}, {eq.iterations} iter)",
            f"{fast * 1e3:.1f} ms",
            f"twin {slow * 1e3:.0f} ms ({twin.iterations} it) = {slow / fast:.0f}x",
            target,
        )
        print(f"   memory: solve peak {peak:.1f} MiB traced, process RSS {rss:.0f} MiB")
    plot(rows, str(out / "cost_vs_n.png"))
    print(f"   plot: {out / 'cost_vs_n.png'}")


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--twin-rules", type=int, default=40)
    parser.add_argument("--sample", type=int, default=50000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-speed-"))
    out.mkdir(parents=True, exist_ok=True)

    config = default_config().replace(run={"n_jobs": 1})
    calibration = calibrate(load_cities(config.data_path), config.params)
    model = build_model(config, calibration, "parametric")
    start = time.perf_counter()
    solve_equilibria(
        calibration,
        trade_shocks(model.family.trades(np.zeros((2, model.family.n_levers))), calibration.params),
    )
    solve_equilibrium(calibration, residential_trade_shock(calibration))
    print(
        f"default data: {calibration.n_cities} cities; tol {model.iteration.tol:g}; "
        f"{numba.get_num_threads()} numba threads; first numba calls "
        f"{time.perf_counter() - start:.1f} s (excluded)\n"
    )
    row("figure", "value", "against", "target")
    print("-" * 117)
    single_solve(calibration)
    batched(calibration, model, args.rules, args.twin_rules, args.seed)
    sampling(default_config(), args.sample, out)
    scaling(args.sizes, out, args.seed)


if __name__ == "__main__":
    main()
