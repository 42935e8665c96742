"""Array layouts and status codes shared by the kernels, their twins and the solver.

The kernels take only ndarrays and scalars, so the economy is passed as a few
packed arrays. The integer constants below name their rows; they are module-level
globals, which numba freezes as compile-time constants.

``x`` and ``out``, shape (2n,)
    The unknowns in logs: ``x[:n] = log L̂``, ``x[n:] = log Â``.
``exog``, shape (N_EXOG, n)
    City-level inputs, one row each (``EXOG_*``). The log land hats and the transfer
    ratio F/G come from the shock; the revenue shares and labour from the
    calibration; ``EXOG_ROW_TOTAL`` (Σ_d m_od) and ``EXOG_LABOUR_BASE``
    (Σ_o m_od L^o_o) are computed by the ``_migration_totals`` kernel with exactly the
    summation order the map uses, so that the map sends zeros to zeros bit for bit.
``migration``, shape (n, n)
    m_od ĉ_od^(−κ) (rows origin, columns destination), C-contiguous.
``params``, shape (N_PARAMS,)
    α, σ, η, κ, ρ (``PARAM_*``).
``blocks``, shape (N_BLOCKS, n)
    Per-city 2×2 preconditioner (``BLOCK_*``), see ``_preconditioner``.
``work``, shape (N_WORK, n)
    Intermediate hats written by the map at the point it was evaluated (``WORK_*``).
"""

from __future__ import annotations

__all__: list[str] = []

# rows of `exog`
EXOG_LOG_LAND_PRODUCTIVE = 0  # log R̂^Y
EXOG_LOG_LAND_RESIDENTIAL = 1  # log R̂^H
EXOG_TRANSFER = 2  # F / G
EXOG_SHARE_PRODUCTIVE = 3  # s^Y
EXOG_SHARE_RESIDENTIAL = 4  # s^H
EXOG_LABOUR_ORIGIN = 5  # L^o_o (persons)
EXOG_LABOUR_BASE = 6  # Σ_o m_od L^o_o (persons)
EXOG_ROW_TOTAL = 7  # Σ_d m_od
EXOG_OWN_SHARE = 8  # ω_d = Σ_o L^o_o m_od² / Σ_o L^o_o m_od (preconditioner only)
N_EXOG = 9

# entries of `params`
PARAM_ALPHA = 0
PARAM_SIGMA = 1
PARAM_ETA = 2
PARAM_KAPPA = 3
PARAM_RHO = 4
N_PARAMS = 5

# rows of `blocks`, shape (4, n): each city's 2×2 step matrix [[LL, LA], [AL, AA]]
# acting on the (log L̂_d, log Â_d) part of a residual (identity without preconditioning)
BLOCK_LL = 0
BLOCK_LA = 1
BLOCK_AL = 2
BLOCK_AA = 3
N_BLOCKS = 4
PRECONDITION_MIN_DET = 0.1  # below this det(I − J_d), city d gets the identity block

# rows of `work`: the map fills OUTPUT, REVENUE, ATTRACTION, ACCESS and LABOUR (and uses
# WAGE and HOUSING as scratch);
# `_report_hats` fills WAGE, HOUSING, HOUSE_PRICE, REAL_INCOME and TFP.
WORK_OUTPUT = 0  # Ŷ
WORK_WAGE = 1  # ŵ
WORK_HOUSING = 2  # Ĥ
WORK_HOUSE_PRICE = 3  # P̂h
WORK_REAL_INCOME = 4  # V̂
WORK_REVENUE = 5  # Ĝ
WORK_ATTRACTION = 6  # V̂_d^κ
WORK_ACCESS = 7  # Ŵ_o^κ = Σ_g m_og (V̂_g/ĉ_og)^κ / Σ_g m_og
WORK_LABOUR = 8  # L̂ implied by migration, Σ_o m'_od L^o_o / L_d
WORK_TFP = 9  # Ĝ^ρ (NaN where Ĝ ≤ 0)
N_WORK = 10
# the map's scratch rows (until `_report_hats` fills them): logs, and exp/log's bits
WORK_SCRATCH, WORK_SCRATCH_BITS = WORK_WAGE, WORK_HOUSING

# return codes of the map (MAP_OK) and of the solvers (STATUS_*)
MAP_OK = 0
STATUS_CONVERGED = 0
STATUS_MAX_ITER = 1
STATUS_INFEASIBLE = 2
STATUS_NON_FINITE = 3
STATUS_STALLED = 4
STATUS_NAMES = ("converged", "max_iter", "infeasible", "non_finite", "stalled")
STALL_FACTOR = 0.5  # progress means the residual falls below this times its last mark

# Anderson acceleration: Tikhonov weight on the least-squares normal equations,
# relative to their largest diagonal entry.
ANDERSON_REGULARISATION = 1e-12

# The batched solver (`_solve_batch`): each lane keeps BATCH_WIDTH candidates in flight
# and runs the migration pass for them as matrix products of GEMM_BLOCK columns, always
# of that shape (a candidate's result never depends on its neighbours or on the batch).
# A slot's phase says which point its next map evaluation is at.
BATCH_WIDTH = 32
GEMM_BLOCK = 8
PHASE_IDLE = 0  # no candidate left for this slot
PHASE_START = 1  # evaluate at the starting point
PHASE_ACCELERATED = 2  # evaluate at an Anderson proposal
PHASE_DAMPED = 3  # evaluate at a damped step
PHASE_REFRESH = 4  # re-evaluate at the last accepted point before stopping

# The single solver's migration pass runs in parallel from this many cities on (county
# scale), over a fixed number of chunks of origins, so that its sums do not depend on
# the number of threads.
PARALLEL_PASS_MIN = 1024
PASS_CHUNKS = 16
