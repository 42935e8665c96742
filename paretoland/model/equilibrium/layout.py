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
``options``, shape (N_OPTIONS,)
    The iteration's settings (``OPTION_*``), packed from an ``IterationConfig``; flags
    and counts are stored as floats (exactly).

One candidate's iteration state (the batched solver keeps one per slot, with a leading
slot axis):

``iterates``, shape (N_ITERATES, 2n)
    Its points in logs (``ITERATE_*``). The map is always evaluated at the proposal
    into the image; once the solve stops, the proposal is the final point.
``history``, shape (2, memory, 2n), and ``gram``, shape (memory, memory)
    Anderson's stored differences ΔX and ΔR (``HISTORY_*``, a ring of ``memory``
    rows) and their Gram matrix ΔR ΔRᵀ.
``counters``, shape (N_COUNTERS,) int64, and ``norms``, shape (N_NORMS,)
    Its counts and flags (``COUNTER_*``) and its residual norms (``NORM_*``).
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

# entries of `options`
OPTION_ACCELERATE = 0  # 1: Anderson acceleration; 0: damped iteration
OPTION_DAMPING = 1  # β in (0, 1], of the damped step x + β B (T(x) − x) and of Anderson's mixing
OPTION_PRECONDITION = 2  # 1: B from the preconditioner; 0: B = I
OPTION_MEMORY = 3  # differences Anderson keeps (≥ 1, also when not accelerating)
OPTION_GROWTH = 4  # an Anderson point whose residual exceeds this times x's is rejected
OPTION_TOL = 5  # converged when max |T(x) − x| < tol
OPTION_MAX_ITER = 6  # map evaluations at most (rejected Anderson points included)
OPTION_PATIENCE = 7  # stalled after this many evaluations without progress (0: never)
N_OPTIONS = 8

# rows of `iterates`
ITERATE_X = 0  # the current iterate x
ITERATE_RESIDUAL = 1  # r = T(x) − x
ITERATE_PROPOSAL = 2  # the next point to evaluate (after the stop: the final point)
ITERATE_IMAGE = 3  # T at the proposal, once evaluated
N_ITERATES = 4

# rows of `history`
HISTORY_DX = 0  # differences of successive iterates
HISTORY_DR = 1  # differences of their residuals

# entries of `counters`
COUNTER_PHASE = 0  # what the pending evaluation at the proposal is (PHASE_*)
COUNTER_EVALUATIONS = 1  # map evaluations so far
COUNTER_STORED = 2  # differences in the history (≤ memory)
COUNTER_HEAD = 3  # history row the next difference goes to
COUNTER_MARKED = 4  # evaluations when the residual last made progress
COUNTER_STATUS = 5  # STATUS_* once stopped (−1 before)
COUNTER_CITY = 6  # city of a map failure, else −1
N_COUNTERS = 7

# entries of `norms`
NORM_RESIDUAL = 0  # max |T(x) − x| at x (inf after a map failure)
NORM_MARK = 1  # the residual at the last progress mark
N_NORMS = 2

# Anderson acceleration: Tikhonov weight on the least-squares normal equations,
# relative to their largest diagonal entry.
ANDERSON_REGULARISATION = 1e-12

# A candidate's phase says what the pending map evaluation at its proposal is.
PHASE_IDLE = 0  # none: a batch slot without a candidate
PHASE_START = 1  # at the starting point
PHASE_ACCELERATED = 2  # at an Anderson point (accepted or rejected by its residual)
PHASE_DAMPED = 3  # at a damped step (accepted unless the map fails there)
PHASE_REFRESH = 4  # at x again, after a rejected Anderson point used the last evaluation

# The batched solver (`_solve_batch`): each lane keeps BATCH_WIDTH candidates in flight
# and runs the migration pass for them as matrix products of GEMM_BLOCK columns, always
# of that shape (a candidate's result never depends on its neighbours or on the batch).
BATCH_WIDTH = 32
GEMM_BLOCK = 8
# rows of a lane's `gemm`, shape (N_GEMM, BATCH_WIDTH / GEMM_BLOCK, n, GEMM_BLOCK):
# the migration pass's operands, slot s in block s // GEMM_BLOCK, column s % GEMM_BLOCK
GEMM_WEIGHTS = 0  # V̂^κ of each slot's point
GEMM_ACCESS = 1  # access by origin
GEMM_SCALED = 2  # labour by origin over access
GEMM_LABOUR = 3  # labour by destination
N_GEMM = 4

# The single solver's migration pass runs in parallel from this many cities on (county
# scale), over a fixed number of chunks of origins, so that its sums do not depend on
# the number of threads.
PARALLEL_PASS_MIN = 1024
PASS_CHUNKS = 16
