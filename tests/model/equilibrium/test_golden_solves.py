"""Solves of the default problem reproduce benchmarks/golden_solves.json bit for bit.

The record pins statuses, iterations, residuals and the bits of every hat of 1,164
solves (both methods, batched and single, the numpy twin, failures and caps), so a
refactoring of the kernels that should change no result is checked exactly. Its sums
run through BLAS and SIMD code whose rounding depends on the machine, so the check runs
where the record was made (same CPU, BLAS, numpy and numba) and is skipped elsewhere;
after a deliberate change of the numerics, record again with
``python benchmarks/golden_solves.py --record``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[3] / "benchmarks" / "golden_solves.py"


def test_default_problem_solves_match_the_record() -> None:
    spec = importlib.util.spec_from_file_location("golden_solves", SCRIPT)
    assert spec is not None and spec.loader is not None
    golden = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(golden)
    record = json.loads(golden.GOLDEN.read_text())
    if record["fingerprint"] != golden.fingerprint():
        pytest.skip(f"recorded on {record['fingerprint']}, not on {golden.fingerprint()}")
    today = dict(golden.cases(golden.default_model()))
    assert list(today) == list(record["cases"])
    for name, records in today.items():
        for i, (got, want) in enumerate(zip(records, record["cases"][name], strict=True)):
            assert got == want, f"{name}, solve {i}"
