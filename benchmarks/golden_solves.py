"""Bit-for-bit record of a few hundred equilibrium solves (a script, not a test).

Usage::

    python benchmarks/golden_solves.py --record   # write benchmarks/golden_solves.json
    python benchmarks/golden_solves.py            # compare today's solves with it

A refactoring of the solver kernels that claims to change no result is checked with it:
record before, check after. Every solve of the default problem is kept as its status,
iterations, failing city, residual and a SHA-256 digest of the bits of its final
iterate and hats; the cases cover random parametric rules through the frontier's batch
evaluation, both methods, batched and single, the numpy twin, the plain (not
preconditioned) iteration, and shocks made infeasible, stalled or capped at a few
iterations. The record holds a fingerprint of the machine's numerics (CPU, BLAS,
numpy, numba): the sums run through BLAS and SIMD code whose rounding depends on
them, so a record is only comparable on the machine that made it. The last line is
``golden=match`` or ``golden=differ``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import platform
import sys
from collections.abc import Iterator
from pathlib import Path

import numba
import numpy as np

from paretoland import calibrate, load_cities
from paretoland.frontier.config import default_config
from paretoland.frontier.evaluation import FrontierModel
from paretoland.frontier.run import build_model
from paretoland.model.counterfactual import trade_shocks
from paretoland.model.equilibrium import (
    ShockBatch,
    solve_equilibria,
    solve_equilibrium,
    solver,
)
from paretoland.model.equilibrium import batch as batch_module
from paretoland.model.equilibrium.solver import _HAT_FIELDS

GOLDEN = Path(__file__).with_suffix(".json")
HATS = ("warm_start", *_HAT_FIELDS)
RULES, SINGLE, TWIN = 200, 30, 6


def fingerprint() -> dict[str, str]:
    """Return what the rounding of the sums depends on: CPU, BLAS, numpy and numba."""
    from threadpoolctl import threadpool_info

    cpu = ""
    if Path("/proc/cpuinfo").exists():
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), "")
    blas = sorted(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}"
        for i in threadpool_info()
        if i.get("user_api") == "blas"
    )
    return {
        "cpu": cpu or platform.processor(),
        "blas": "; ".join(blas),
        "numpy": np.__version__,
        "numba": numba.__version__,
    }


def digest(*arrays: np.ndarray) -> str:
    """SHA-256 of the arrays' float64 bits, in order."""
    hasher = hashlib.sha256()
    for array in arrays:
        hasher.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    return hasher.hexdigest()[:24]


def record_of(solve: object, i: int | None = None) -> list:
    """Return [status, iterations, city, residual (hex), digest] of one solve.

    ``solve`` is an Equilibrium (whose message, naming the failing city, stands for
    the city) or, with ``i``, an EquilibriumBatch.
    """
    if i is None:  # an Equilibrium: its message names the failing city
        fields = [getattr(solve, name) for name in HATS]
        return [
            solve.status,
            int(solve.iterations),
            solve.message,
            float(solve.max_residual).hex(),
            digest(*fields),
        ]
    fields = [getattr(solve, name)[i] for name in HATS]
    return [
        solve.statuses[i],
        int(solve.iterations[i]),
        int(solve.failing_city[i]),
        float(solve.max_residual[i]).hex(),
        digest(*fields),
    ]


def scaled(shocks: ShockBatch, factor: float) -> ShockBatch:
    """Return the shocks with every transfer times ``factor`` (harder, often infeasible)."""
    return ShockBatch(
        shocks.land_productive_hat,
        shocks.land_residential_hat,
        shocks.transfers * factor,
        shocks.mobility_cost_hat,
    )


def cases(model: FrontierModel) -> Iterator[tuple[str, list]]:
    """Yield (case name, records) for every case (see the module docstring)."""
    calibration, family = model.calibration, model.family
    rng = np.random.default_rng(20240613)
    X = rng.uniform(family.lower, family.upper, (RULES, family.n_levers))
    shocks = trade_shocks(family.trades(X), calibration.params)
    anderson = model.iteration
    damped = dataclasses.replace(anderson, method="damped")
    batch = model.counterfactuals(X, lanes=2).equilibria
    yield "frontier batch, anderson", [record_of(batch, i) for i in range(RULES)]
    for name, iteration in (("anderson", anderson), ("damped", damped)):
        if name == "damped":
            batch = solve_equilibria(calibration, shocks, iteration, lanes=2)
            yield "batch, damped", [record_of(batch, i) for i in range(RULES)]
        single = [solve_equilibrium(calibration, shocks.shock(i), iteration) for i in range(SINGLE)]
        yield f"single, {name}", [record_of(eq) for eq in single]
        hard = scaled(_head(shocks, 60), 2.0)
        batch = solve_equilibria(calibration, hard, iteration, lanes=2)
        yield f"hard transfers, batch, {name}", [record_of(batch, i) for i in range(60)]
        single = [solve_equilibrium(calibration, hard.shock(i), iteration) for i in range(10)]
        yield f"hard transfers, single, {name}", [record_of(eq) for eq in single]
        capped = dataclasses.replace(iteration, max_iter=9, patience=3)
        batch = solve_equilibria(calibration, scaled(shocks, 3.0), capped, lanes=1)
        yield (
            f"capped (max_iter 9, patience 3), batch, {name}",
            [record_of(batch, i) for i in range(RULES)],
        )
        plain = dataclasses.replace(iteration, precondition=False, max_iter=400)
        batch = solve_equilibria(calibration, _head(shocks, 30), plain)
        yield f"plain, batch, {name}", [record_of(batch, i) for i in range(30)]
        twin = dataclasses.replace(iteration, backend="numpy")
        single = [solve_equilibrium(calibration, shocks.shock(i), twin) for i in range(TWIN)]
        yield f"numpy twin, single, {name}", [record_of(eq) for eq in single]
        batch = solve_equilibria(calibration, _head(hard, TWIN), twin)
        yield f"numpy twin, hard batch, {name}", [record_of(batch, i) for i in range(TWIN)]
    with anderson_growth(0.3):  # many rejected Anderson points, some at the cap
        capped = dataclasses.replace(anderson, max_iter=12)
        batch = solve_equilibria(calibration, _head(shocks, 60), capped, lanes=2)
        yield (
            "rejections (growth 0.3, max_iter 12), batch",
            [record_of(batch, i) for i in range(60)],
        )
        single = [solve_equilibrium(calibration, shocks.shock(i), capped) for i in range(20)]
        yield "rejections (growth 0.3, max_iter 12), single", [record_of(eq) for eq in single]


@contextlib.contextmanager
def anderson_growth(growth: float) -> Iterator[None]:
    """Reject Anderson points whose residual exceeds ``growth`` times the current one.

    Temporarily sets the solver's private constant (10 by default).
    """
    modules = [m for m in (solver, batch_module) if hasattr(m, "_ANDERSON_GROWTH")]
    saved = [m._ANDERSON_GROWTH for m in modules]
    for module in modules:
        module._ANDERSON_GROWTH = growth
    try:
        yield
    finally:
        for module, value in zip(modules, saved, strict=True):
            module._ANDERSON_GROWTH = value


def _arrays(shocks: ShockBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return shocks.land_productive_hat, shocks.land_residential_hat, shocks.transfers


def _head(shocks: ShockBatch, k: int) -> ShockBatch:
    """Return the first k shocks."""
    return ShockBatch(*(a[:k] for a in _arrays(shocks)), shocks.mobility_cost_hat)


def default_model() -> FrontierModel:
    """Return the frontier model of the default problem on the embedded dataset."""
    config = default_config()
    calibration = calibrate(load_cities(config.data_path), config.params)
    return build_model(config, calibration, "parametric")


def main() -> int:
    """Record or check; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="overwrite the record")
    args = parser.parse_args()
    today = dict(cases(default_model()))
    if args.record:
        GOLDEN.write_text(
            json.dumps({"fingerprint": fingerprint(), "cases": today}, indent=0) + "\n"
        )
        total = sum(len(r) for r in today.values())
        print(f"recorded {total} solves in {len(today)} cases to {GOLDEN}")
        for name, records in today.items():
            counts = {}
            for status, *_ in records:
                counts[status] = counts.get(status, 0) + 1
            print(f"  {name}: {counts}")
        return 0
    golden = json.loads(GOLDEN.read_text())
    if golden["fingerprint"] != fingerprint():
        print(f"note: recorded on {golden['fingerprint']}, running on {fingerprint()}")
    differ = 0
    for name, records in today.items():
        for i, (got, want) in enumerate(zip(records, golden["cases"][name], strict=True)):
            if got != want:
                differ += 1
                print(f"{name} #{i}: got {got}, recorded {want}")
    total = sum(len(r) for r in today.values())
    print(f"{total - differ} of {total} solves match the record bit for bit")
    print(f"golden={'match' if differ == 0 else 'differ'}")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
