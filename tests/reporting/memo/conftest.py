"""A chosen allocation of the shared small frontier run and its memo facts."""

from __future__ import annotations

import pytest

from paretoland.decision.allocation import Selection, choose, chosen_allocation
from paretoland.reporting.memo import memo_facts

WEIGHTS = {"gdp": 0.4, "welfare": 0.3, "output_gap": 0.2, "welfare_gap": 0.1}


@pytest.fixture(scope="session")
def memo_weights() -> dict[str, float]:
    """Return the TOPSIS weights of :func:`topsis_pick`."""
    return dict(WEIGHTS)


@pytest.fixture(scope="session")
def topsis_pick(small_run):
    """Pick by TOPSIS with :data:`WEIGHTS` on the small run."""
    return choose(small_run, "topsis", weights=WEIGHTS)


@pytest.fixture(scope="session")
def topsis_facts(small_run, topsis_pick):
    """Return the memo facts of the TOPSIS point."""
    chosen = chosen_allocation(small_run, topsis_pick.index)
    return memo_facts(small_run, chosen, Selection.from_pick(small_run, topsis_pick))
