"""Cost and accuracy of the exact derivatives (issue 15), in one run (a script, not a test).

Usage::

    python benchmarks/bench_gradients.py [--levers 12] [--repeats 40] [--county 3000]
                                         [--county-full]

On the embedded dataset, the default problem's market (both land uses, one national
pool, every city, φ_max = 0.3) and the per-city family (626 levers) at the paper's rule
in per-city form (every seller gives 15 %, every buyer has weight 0.5: equal areas), it
measures, after numba's first call:

1. **one solve**: ``solve_equilibrium`` at that point (numba, Anderson, tol 1e-10);
2. **C4**: ``Counterfactual.gradient`` of the four objectives (GDP, output gap, welfare,
   welfare gap; CV) with respect to every lever, labelled, from the solved
   counterfactual (matrix-free adjoint: one block GMRES solve);
3. **CJ**: the same with every origin's welfare added (the 313 Pareto-improvement
   constraints): 317 rows, by the dense path (one matrix product, one LU factorisation);
4. **E**: the worst relative error of those Jacobian entries against fourth-order
   central finite differences of the solver (Richardson of steps h and 2h, h = 0.3 % of
   each lever's range; equilibria solved to tol 1e-14) on a sample of levers, half
   sellers and half buyers:
   |difference − exact| / max(|exact|, 10⁻³ × the output's largest |exact| over all
   levers) — entries below 0.1 % of an output's largest sensitivity are measured
   against that floor, which finite differences cannot resolve better;
5. **N = 3,000** county-level units (``economy_of_size``, 6,000 levers): one solve, C4
   (matrix-free) and E on a few levers; with ``--county-full`` also CJ (dense, slow).

Costs are medians of interleaved timings (solve, gradient, solve, ...), divided by the
median solve: CPU time for the default data, where everything runs on one thread (a
preempted call does not count it, so the ratio does not drift with the load of a shared
machine; the wall-clock medians are printed beside), wall time at N = 3,000, where the
solver's migration pass runs on every core. BLAS runs single-threaded, as in the
batched solver. The last line is::

    objective_gradient_cost_in_solves=C4 full_jacobian_cost_in_solves=CJ fd_max_rel_err=E
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

from paretoland import calibrate, load_cities
from paretoland.data.counties import economy_of_size
from paretoland.frontier.levers import PerCityFamily
from paretoland.model.counterfactual import run_counterfactual, trade_shock
from paretoland.model.equilibrium import IterationConfig, solve_equilibrium
from paretoland.model.quotas import QuotaRule

OBJECTIVES = ["gdp", "output_gap", "welfare", "welfare_gap"]
FULL = [*OBJECTIVES, "welfare_origin"]
TIGHT = IterationConfig(tol=1e-14, patience=0)
STEP = 3e-3  # finite differences: this share of each lever's range


def interleaved(functions: list, repeats: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Median wall and CPU seconds of each function, called in turn (after a warm-up).

    CPU time (the process's, all threads) is what a preempted call does not count: on a
    loaded machine a 2 ms call is preempted far more often than a 0.4 ms one, so the
    ratio of wall medians drifts up with the load while the ratio of CPU medians stays.
    """
    for function in functions:
        function()
    wall: list[list[float]] = [[] for _ in functions]
    cpu: list[list[float]] = [[] for _ in functions]
    for _ in range(repeats):
        for i, function in enumerate(functions):
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            cpu[i].append(time.process_time() - start_cpu)
            wall[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in wall], [statistics.median(t) for t in cpu]


def paper_rule(family: PerCityFamily) -> np.ndarray:
    """Return the paper's uniform rule as per-city levers (15 %, equal buyer weights)."""
    return np.array([0.15 if ".sell." in name else 0.5 for name in family.names])


def fd_error(calibration, family, x, exact, outputs, levers) -> float:  # noqa: ANN001
    """Return the worst relative error of ``exact`` (DataFrame) against differences.

    Fourth-order central differences (Richardson: (4 D(h) − D(2h)) / 3 with
    D(h) = (f(x + h) − f(x − h)) / 2h), h = STEP × the lever's range.
    """
    cf = run_counterfactual(calibration, family.trade(x), iteration=TIGHT)
    rows = exact.loc[[family.names[j] for j in levers]].to_numpy()
    floor = np.maximum(1e-3 * np.abs(exact.to_numpy()).max(axis=0), 1e-300)  # all levers
    worst = 0.0
    for j, row in zip(levers, rows, strict=True):
        step = STEP * (family.upper[j] - family.lower[j])
        values = {}
        for multiple in (-2, -1, 1, 2):
            moved = x.copy()
            moved[j] += multiple * step
            solved = run_counterfactual(
                calibration, family.trade(moved), iteration=TIGHT, warm_start=cf.equilibrium
            )
            values[multiple] = output_values(solved, outputs)
        near = (values[1] - values[-1]) / (2 * step)
        far = (values[2] - values[-2]) / (4 * step)
        difference = (4 * near - far) / 3
        error = np.abs(difference - row) / np.maximum(np.abs(row), floor)
        worst = max(worst, float(error.max()))
    return worst


def output_values(cf, outputs: list[str]) -> np.ndarray:  # noqa: ANN001
    """Return the outputs' values from the outcomes and hats (not the gradient code)."""
    parts = [[cf.outcomes.as_dict()[name]] for name in outputs if name in OBJECTIVES]
    if "welfare_origin" in outputs:
        parts.append(100.0 * (cf.equilibrium.welfare_hat - 1.0))
    return np.concatenate(parts)


def sample(family: PerCityFamily, count: int, seed: int = 0) -> list[int]:
    """``count`` levers, half sellers and half buyers."""
    rng = np.random.default_rng(seed)
    sellers = [i for i, name in enumerate(family.names) if ".sell." in name]
    buyers = [i for i, name in enumerate(family.names) if ".buy." in name]
    half = count // 2
    return sorted(
        rng.choice(sellers, half, replace=False).tolist()
        + rng.choice(buyers, count - half, replace=False).tolist()
    )


def measure(calibration, label: str, repeats: int, levers: int, full: bool) -> tuple:  # noqa: ANN001
    """Solve, C4, CJ (if ``full``) and E on one economy; print its rows."""
    family = PerCityFamily(calibration, QuotaRule(), 0.3)
    x = paper_rule(family)
    cf = run_counterfactual(calibration, family.trade(x))
    assert cf.converged, cf.equilibrium.message
    shock = trade_shock(cf.trade, calibration.params)
    calls = [
        lambda: solve_equilibrium(calibration, shock),
        lambda: cf.gradient(OBJECTIVES, family, x),
    ]
    if full:
        calls.append(lambda: cf.gradient(FULL, family, x))
    wall, cpu = interleaved(calls, repeats)
    serial = calibration.n_cities < 1024  # the single solver's pass runs in parallel from 1,024
    times = cpu if serial else wall
    solve = times[0]
    c4 = times[1] / solve
    cj = times[2] / solve if full else float("nan")
    exact = cf.gradient(FULL if full else OBJECTIVES, family, x)
    error = fd_error(
        calibration, family, x, exact, FULL if full else OBJECTIVES, sample(family, levers)
    )
    n = calibration.n_cities
    print(f"{label}: N = {n}, {family.n_levers} levers, {cf.equilibrium.iterations} iterations")
    clock = "CPU" if serial else "wall"
    print(f"  ({clock} time; wall medians: " + ", ".join(f"{t * 1e3:.2f}" for t in wall) + " ms)")
    print(f"  one solve                    {solve * 1e3:10.2f} ms")
    print(f"  4 objectives' gradients (C4) {times[1] * 1e3:10.2f} ms = {c4:6.2f} solves (<= 5)")
    if full:
        rows = f"{n + 4} rows"
        print(f"  full Jacobian, {rows} (CJ) {times[2] * 1e3:10.2f} ms = {cj:6.2f} solves (<= 60)")
    print(f"  worst relative error, FD on {levers} levers: {error:.2e} (<= 1e-6)")
    return c4, cj, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levers", type=int, default=12, help="levers checked by FD")
    parser.add_argument("--repeats", type=int, default=40, help="interleaved timings")
    parser.add_argument("--county", type=int, default=3000, help="county economy size (0: skip)")
    parser.add_argument("--county-full", action="store_true", help="also CJ at the county size")
    args = parser.parse_args()
    with threadpool_limits(1, user_api="blas"):
        if args.county:
            county = calibrate(economy_of_size(args.county))
            measure(county, "county-level", max(3, args.repeats // 10), 4, args.county_full)
        data = calibrate(load_cities())
        c4, cj, error = measure(data, "default data", args.repeats, args.levers, True)
    print(
        f"objective_gradient_cost_in_solves={c4:.2f} full_jacobian_cost_in_solves={cj:.2f} "
        f"fd_max_rel_err={error:.2e}"
    )


if __name__ == "__main__":
    main()
