"""Plain-numpy twins of :mod:`paretoland.model.equilibrium.kernels` (the test oracle).

Same names, signatures, argument layouts (:mod:`~paretoland.model.equilibrium.layout`),
modules and algorithms as the numba kernels, written with whole-array numpy operations.
They back ``IterationConfig(backend="numpy")`` and the kernel tests; the batched
solver's twin solves its candidates one by one with the single solver.
"""

from __future__ import annotations

from paretoland.model.equilibrium.reference.anderson import (
    _anderson_proposal,
    _anderson_push,
    _cholesky_solve,
)
from paretoland.model.equilibrium.reference.batch import (
    _batch_map,
    _batch_migration_totals,
    _solve_batch,
    _solve_lane,
)
from paretoland.model.equilibrium.reference.equations import (
    _equilibrium_map,
    _log_hats,
    _map_after_migration,
    _map_before_migration,
    _migration_pass,
    _migration_totals,
    _report_hats,
)
from paretoland.model.equilibrium.reference.exp_log import (
    _exp_into,
    _log_into,
)
from paretoland.model.equilibrium.reference.iteration import (
    _advance,
    _damped_step,
    _iteration_state,
    _move,
    _propose,
    _reject,
    _result,
    _slot,
    _solve,
    _start,
    _stop_status,
)
from paretoland.model.equilibrium.reference.steps import (
    _max_abs_diff,
    _mix,
    _preconditioner,
)

# every kernel, re-exported (private names: listed for the re-export only)
__all__ = [
    "_advance",
    "_anderson_proposal",
    "_anderson_push",
    "_batch_map",
    "_batch_migration_totals",
    "_cholesky_solve",
    "_damped_step",
    "_equilibrium_map",
    "_exp_into",
    "_iteration_state",
    "_log_hats",
    "_log_into",
    "_map_after_migration",
    "_map_before_migration",
    "_max_abs_diff",
    "_migration_pass",
    "_migration_totals",
    "_mix",
    "_move",
    "_preconditioner",
    "_propose",
    "_reject",
    "_report_hats",
    "_result",
    "_slot",
    "_solve",
    "_solve_batch",
    "_solve_lane",
    "_start",
    "_stop_status",
]
