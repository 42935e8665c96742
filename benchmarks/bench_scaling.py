"""Benchmark how the equilibrium solver scales with the number of units (a script, not a test).

Usage::

    python benchmarks/bench_scaling.py [--sizes 100 300 1000 3000] [--repeats 7]
                                       [--seed 0] [--out /tmp/bench_scaling.png]

For each size N it builds :func:`paretoland.data.counties.economy_of_size` (N < 319: the N
most populous prefectures, renormalised; N ≥ 319: prefectures split into county-level
units), calibrates it, applies the default ``QuotaRule()`` (both uses, inter-province,
all cities) and solves with the default solver (numba, preconditioned Anderson, tol
1e-10). The first numba call (JIT compilation or loading numba's cache) is excluded;
the table gives the median wall time per solve over ``--repeats``, the iterations,
the tracemalloc peak of one extra (untimed) solve, and the process peak RSS
(``resource.getrusage``, cumulative: it includes the dataset, calibration and numba).
A log-log plot of time against N is written to ``--out``. The target (issue): N =
3,000 solves in under 100 ms with under 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from paretoland import QuotaRule, apply_rule, calibrate  # noqa: E402
from paretoland.data.counties import economy_of_size  # noqa: E402
from paretoland.model.counterfactual import trade_shock  # noqa: E402
from paretoland.model.equilibrium import solve_equilibrium  # noqa: E402

TARGET_N, TARGET_SECONDS, TARGET_BYTES = 3000, 0.100, 1 << 30


def bench_size(n: int, repeats: int, seed: int) -> dict[str, float | int | str]:
    """Build, calibrate, apply the rule and time the solves for one size."""
    start = time.perf_counter()
    calibration = calibrate(economy_of_size(n, seed=seed))
    shock = trade_shock(apply_rule(calibration, QuotaRule()), calibration.params)
    setup = time.perf_counter() - start
    solve_equilibrium(calibration, shock)  # warm-up: JIT / cache load, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        eq = solve_equilibrium(calibration, shock)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    solve_equilibrium(calibration, shock)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    return {
        "n": calibration.n_cities,
        "setup_s": setup,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "iterations": eq.iterations,
        "status": eq.status,
        "traced_peak": peak,
        "rss_peak": rss,
    }


def plot(rows: list[dict], out: str) -> None:
    """Log-log plot of median solve time against N."""
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ns = [r["n"] for r in rows]
    ax.loglog(ns, [r["median_s"] * 1e3 for r in rows], "o-", label="median solve")
    ax.axhline(TARGET_SECONDS * 1e3, color="grey", ls="--", label="target 100 ms")
    ax.set_xlabel("units N")
    ax.set_ylabel("time per solve (ms)")
    ax.set_title("Equilibrium solve time vs economy size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main() -> None:
    """Run the benchmark, print the table and write the plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="/tmp/bench_scaling.png")
    args = parser.parse_args()

    rows = [bench_size(n, args.repeats, args.seed) for n in args.sizes]
    mib = 1 << 20
    print(
        f"{'N':>6} {'setup s':>8} {'status':<10} {'iter':>5} {'median ms':>10} "
        f"{'min ms':>8} {'traced MiB':>11} {'RSS MiB':>8}"
    )
    for r in rows:
        print(
            f"{r['n']:>6} {r['setup_s']:>8.2f} {r['status']:<10} {r['iterations']:>5} "
            f"{r['median_s'] * 1e3:>10.2f} {r['min_s'] * 1e3:>8.2f} "
            f"{r['traced_peak'] / mib:>11.1f} {r['rss_peak'] / mib:>8.1f}"
        )
    plot(rows, args.out)
    print(f"\nplot: {args.out}")
    target = [r for r in rows if r["n"] == TARGET_N]
    if target:
        r = target[0]
        ok_time = r["median_s"] < TARGET_SECONDS
        ok_mem = max(r["traced_peak"], r["rss_peak"]) < TARGET_BYTES
        print(
            f"target N={TARGET_N}: {r['median_s'] * 1e3:.1f} ms "
            f"({'meets' if ok_time else 'misses'} < 100 ms), memory "
            f"{max(r['traced_peak'], r['rss_peak']) / mib:.0f} MiB "
            f"({'meets' if ok_mem else 'misses'} < 1 GiB)"
        )


if __name__ == "__main__":
    main()
