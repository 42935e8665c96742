"""Numba kernels of the counterfactual equilibrium (docs/model.md §3). Private.

Every kernel takes only ndarrays and scalars and writes into preallocated output
arrays: no objects, RNG, I/O or validation, which :func:`~paretoland.model.equilibrium.
solve_equilibrium` does before calling them. The argument layouts (``x``, ``exog``,
``migration``, ``params``, ``blocks``, ``work``, ``options`` and a candidate's iteration
state) are described in :mod:`paretoland.model.equilibrium.layout`. One module per role:

- :mod:`~.compiler`: :func:`~.compiler.kernel`, how every kernel is compiled and cached
  (the cache follows every source below and ``layout.py``);
- :mod:`~.exp_log`: exp and log over whole arrays, vectorised;
- :mod:`~.equations`: the model's equations, the fixed-point map T and its hats;
- :mod:`~.steps`: the damped step x + β B (T(x) − x) and its step matrix B;
- :mod:`~.anderson`: Anderson acceleration's least-squares step and history;
- :mod:`~.iteration`: one iteration step, :func:`~.iteration._advance`, shared by the
  single solver :func:`~.iteration._solve` and the batched lanes;
- :mod:`~.batch`: the batched solver, many candidates per lane in lockstep.

This package re-exports every kernel under its name. Each has a plain-numpy twin with
the same name, signature and module in :mod:`paretoland.model.equilibrium.reference`,
except the helpers that only reorder or block the work of a twinned kernel (``_dot``,
``_migration_pass_chunked``, ``_migration_rows``, ``_batch_pass``, ``_take``).
"""

from __future__ import annotations

from paretoland.model.equilibrium.kernels.anderson import (
    _anderson_proposal,
    _anderson_push,
    _cholesky_solve,
    _dot,
)
from paretoland.model.equilibrium.kernels.batch import (
    _batch_map,
    _batch_migration_totals,
    _batch_pass,
    _solve_batch,
    _solve_lane,
    _take,
)
from paretoland.model.equilibrium.kernels.equations import (
    _equilibrium_map,
    _log_hats,
    _map_after_migration,
    _map_before_migration,
    _migration_pass,
    _migration_pass_chunked,
    _migration_rows,
    _migration_totals,
    _report_hats,
)
from paretoland.model.equilibrium.kernels.exp_log import (
    _exp_into,
    _log_into,
)
from paretoland.model.equilibrium.kernels.iteration import (
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
from paretoland.model.equilibrium.kernels.steps import (
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
    "_batch_pass",
    "_cholesky_solve",
    "_damped_step",
    "_dot",
    "_equilibrium_map",
    "_exp_into",
    "_iteration_state",
    "_log_hats",
    "_log_into",
    "_map_after_migration",
    "_map_before_migration",
    "_max_abs_diff",
    "_migration_pass",
    "_migration_pass_chunked",
    "_migration_rows",
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
    "_take",
]
