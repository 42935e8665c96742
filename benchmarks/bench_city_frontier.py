"""The city-level frontier against the parametric one (issue 16), in one run (a script).

Usage::

    python benchmarks/bench_city_frontier.py [--out DIR] [--n-jobs 2] [--skip-pareto]

On the embedded dataset, four objectives (GDP, welfare, output gap, welfare gap), all
provinces, both land uses, one national pool:

1. **parametric**: the default run (``problems/default.toml``: NSGA-II, population
   100, 200 generations, 20,000 evaluations);
2. **per-city**: ``problems/per_city_frontier.toml`` (the hybrid the guide recommends),
   seeded with run 1's Pareto set (``seed_run``), numba's cache warm (run 1 and a
   gradient evaluation in this process compiled or loaded every kernel). W is the
   wall time of its ``run_frontier`` call: calibration, the per-city NSGA-II, the
   polishing, the certificates of the final front and the files; the parametric seed
   run's own wall time is printed beside it (W + that = the search from nothing);
3. **per_city_pareto** (unless ``--skip-pareto``): ``problems/per_city_pareto.toml``
   (GDP and output gap under the Pareto-improvement constraint) with NSGA-II at 20,000
   evaluations, its parametric twin, and the unconstrained per-city twin: failed
   equilibria among evaluations and the Pareto sets; then the hybrid on it; then, at
   a rule near no trade (every seller 0.1 % of φ_max, buyers' weights 1), whether a
   common ascent direction of the 313 origins' welfare and the two objectives exists
   (the linear program ``max_{d in box, |d|∞ ≤ 1} min_i ĝ_i · d`` over unit gradients:
   positive means a direction that raises every one of them).

It prints what it measures, and as its last line::

    hv_ratio=H eps_parametric=E wall_s=W median_certificate=S

H: the per-city front's normalised hypervolume over the parametric run's (the
default reference point 0 and scales 1); E: the additive ε by which the per-city
front covers every point of the parametric front (pp; ≤ 0: it weakly dominates all of
them); S: the median Pareto-stationarity certificate over the final per-city front.
Targets (issue 16): H ≥ 1.2, E ≤ 0.05, W ≤ 180 s, S ≤ 1e-3.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import moocore
import numpy as np
from scipy.optimize import linprog

from paretoland.frontier import build_model, load_config, run_frontier
from paretoland.frontier.quality import Front, indicators
from paretoland.frontier.results import FrontierResult
from paretoland.model.calibration import calibrate

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"


def _timed_run(config, out: Path) -> tuple[FrontierResult, float]:
    start = time.perf_counter()
    result = run_frontier(config, out, progress=False, overwrite=True)
    return result, time.perf_counter() - start


def _describe(label: str, result: FrontierResult, wall: float) -> None:
    meta = result.metadata
    failed = sum(meta.get("failures", {}).values())
    evaluations = meta["n_evaluations"]
    hv = indicators(Front.of(result), None)["hypervolume"]
    print(
        f"{label}: {evaluations} evaluations, {failed} failed ({failed / evaluations:.1%}: "
        f"{meta.get('failures') or 'none'}), front {len(result.pareto_set)} points, "
        f"hypervolume {hv:.6g}, wall {wall:.1f} s"
    )
    names = list(result.objective_names)
    if len(result.pareto_set):
        ranges = result.pareto_set[names].agg(["min", "max"]).round(3).to_dict()
        print(f"  ranges: {ranges}")
        print(f"  certificates: {result.pareto_set['stationarity'].describe().round(5).to_dict()}")


def _warm_gradients(config) -> None:
    """Compile or load the sensitivity kernels here, before the timed run."""
    calibration = calibrate(config.load_data(), config.params)
    model = build_model(config, calibration)
    family = model.family
    model.evaluate_gradients((family.lower + 0.5 * (family.upper - family.lower))[None])


def city_frontier(out: Path, n_jobs: int) -> str:
    """Run the parametric and per-city frontiers; return the last line."""
    parametric_config = load_config(PROBLEMS / "default.toml").replace(run={"n_jobs": n_jobs})
    parametric, parametric_wall = _timed_run(parametric_config, out / "parametric")
    _describe("parametric NSGA-II (default run)", parametric, parametric_wall)
    config = load_config(PROBLEMS / "per_city_frontier.toml").replace(
        run={"n_jobs": n_jobs}, algorithm={"seed_run": str(out / "parametric")}
    )
    _warm_gradients(config)
    city, wall = _timed_run(config, out / "per_city")
    _describe("per-city hybrid (seeded with that run)", city, wall)
    print(f"  timings: {city.metadata['timings_s']}")
    hv_parametric = indicators(Front.of(parametric), None)["hypervolume"]
    hv_city = indicators(Front.of(city), None)["hypervolume"]
    epsilon = float(
        moocore.epsilon_additive(Front.of(city).minimised(), ref=Front.of(parametric).minimised())
    )
    median = float(city.pareto_set["stationarity"].median())
    print(
        f"per-city search wall {wall:.1f} s; with the parametric seed run "
        f"{wall + parametric_wall:.1f} s"
    )
    return (
        f"hv_ratio={hv_city / hv_parametric:.4g} eps_parametric={epsilon:.4g} "
        f"wall_s={wall:.1f} median_certificate={median:.3g}"
    )


def pareto_problem(out: Path, n_jobs: int) -> None:
    """Measure the Pareto-improvement problem: failures, fronts, the ascent direction."""
    base = load_config(PROBLEMS / "per_city_pareto.toml").replace(run={"n_jobs": n_jobs})
    variants = {
        "per_city_pareto (NSGA-II, 20,000 evaluations)": base,
        "parametric twin": base.replace(rule={"family": "parametric"}),
        "per-city, no Pareto constraint": base.replace(constraints={"pareto_improvement": False}),
        "per_city_pareto, gradient sweep": base.replace(
            algorithm={
                "name": "gradient",
                "n_partitions": 12,
                "pop_size": 13,
                "chain": 3,
                "max_iter": 100,
                "tolerance": 5e-4,
            }
        ),
    }
    for k, (label, config) in enumerate(variants.items()):
        result, wall = _timed_run(config, out / f"pareto{k}")
        _describe(label, result, wall)
    _common_ascent(base)


def _common_ascent(config) -> None:
    """Print whether a direction raises every origin's welfare and both objectives."""
    calibration = calibrate(config.load_data(), config.params)
    model = build_model(config, calibration)
    family = model.family
    x = np.where([".sell." in n for n in family.names], 1e-3 * family.upper, family.upper)
    result = model.evaluate_gradients(x[None], origins=True)
    rows = np.vstack(
        [
            result.origin_welfare_jacobian[0],
            -(model.senses[:, None] * result.objective_jacobian[0]),
        ]
    )
    unit = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-300)
    p = family.n_levers
    at_lower, at_upper = x <= family.lower, x >= family.upper
    # max s s.t. unit @ d >= s, -1 <= d <= 1, d >= 0 at a lower bound, d <= 0 at an upper one
    bounds = [
        (0.0 if low else -1.0, 0.0 if high else 1.0)
        for low, high in zip(at_lower, at_upper, strict=True)
    ] + [(None, None)]
    cost = np.zeros(p + 1)
    cost[-1] = -1.0
    lp = linprog(
        cost, A_ub=np.hstack([-unit, np.ones((len(unit), 1))]), b_ub=np.zeros(len(unit)),
        bounds=bounds, method="highs",
    )  # fmt: skip
    worst = result.origin_welfare[0].min()
    print(
        f"near no trade (sellers at 0.1 % of φ_max, buyers' weight 1; worst origin "
        f"{worst:+.2e} pp): best common ascent rate over the {len(unit) - 2} origins and "
        f"the 2 objectives (unit gradients, |d|∞ ≤ 1): {-lp.fun:+.4g} "
        f"({'a common ascent direction exists' if -lp.fun > 1e-9 else 'none'})"
    )


def main() -> None:
    """Run the benchmark; the last line is the issue's key=value line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--skip-pareto", action="store_true")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-city-"))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; runs in {out}")
    line = city_frontier(out, args.n_jobs)
    if not args.skip_pareto:
        pareto_problem(out, args.n_jobs)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(line)


if __name__ == "__main__":
    main()
