"""Criterion weights from judgements and data: AHP, entropy, and their combination.

Follows the seed paper 003 (李明月、张志鸿、胡竹枝, 2018, "土地出让金支出结构合理化研究",
《南方经济》37(7): 113-124), which weights the five spending directions of land-transfer
revenue by

* **AHP** (subjective): a pairwise comparison matrix, weights by the *geometric-mean
  method* ("采用几何平均法计算判断矩阵权重"), ``λmax = Σ_i (AW)_i / (n W_i)``,
  ``CI = (λmax − n)/(n − 1)``, ``CR = CI/RI`` with Saaty's random index (the paper
  quotes RI = 1.12 for n = 5) and the rule CR < 0.1;
* the **entropy method** (objective): standardise, ``p_ij = x_ij / Σ_i x_ij``,
  ``e_j = −(1/ln n) Σ_i p_ij ln p_ij``, redundancy ``d_j = 1 − e_j``,
  ``w_j = d_j / Σ_j d_j``;
* **relative-entropy combination** ("相对熵组合赋权"): the aggregate weight
  ``r_j = Π_s x_sj^(1/S) / Σ_j Π_s x_sj^(1/S)`` (the minimiser of
  ``Σ_s Σ_j r_j log(r_j / x_sj)``, eq. 2), the relative entropy ``h_s = h[x_s, r]``
  of each method's weights, the combination coefficients ``λ_s = h_s / Σ_s h_s``
  (eq. 3) and the combined weights ``w_j = Σ_s λ_s x_sj`` (eq. 1).

The paper prints neither its judgement matrix (Table 2) nor its survey data (only
Table 1's means and standard deviations survive in the text), so its AHP and entropy
numbers cannot be recomputed from inputs; its combination step can, from the printed
AHP and entropy vectors (see the tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.exceptions import ConfigError, DataError

__all__ = [
    "AHP_METHODS",
    "CR_THRESHOLD",
    "SAATY_RANDOM_INDEX",
    "SAATY_SCALE",
    "AHPResult",
    "RelativeEntropyCombination",
    "ahp_weights",
    "combine_group_weights",
    "entropy_weights",
    "information_entropy",
    "most_inconsistent_pair",
    "relative_entropy_combination",
    "validate_pairwise_matrix",
]

SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
"""Saaty's average random consistency index RI by matrix order n. The seed quotes only
RI = 1.12 for n = 5, which agrees with this table."""
AHP_METHODS: tuple[str, ...] = ("geometric_mean", "eigenvector")
"""``"geometric_mean"``: row geometric means, normalised (the seed's method);
``"eigenvector"``: Saaty's principal right eigenvector."""
SAATY_SCALE = (1.0 / 9.0, 9.0)
"""Smallest and largest admissible judgement (any real value in between is accepted,
since aggregated or ratio-built judgements are rarely integers)."""
CR_THRESHOLD = 0.1
"""Saaty's acceptance rule, used by the seed: a matrix passes when CR < 0.1."""
_RECIPROCAL_RTOL = 1e-6


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Weights and consistency of one pairwise comparison matrix.

    Attributes
    ----------
    weights : ndarray(float, shape=(n,))
        Priorities, positive, summing to 1.
    lambda_max : float
        ``Σ_i (AW)_i / (n W_i)`` (the seed's formula); the principal eigenvalue for the
        eigenvector method, its usual estimate for the geometric-mean method.
    ci : float
        Consistency index ``(λmax − n)/(n − 1)`` (0 for n ≤ 2).
    cr : float
        Consistency ratio ``CI / RI`` (0 for n ≤ 2, where every matrix is consistent).
    method : str
        One of :data:`AHP_METHODS`.
    name : str
        The matrix's name (a stakeholder, a criterion level), for messages.
    """

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    method: str
    name: str = ""


@dataclass(frozen=True, eq=False)
class RelativeEntropyCombination:
    """The seed's relative-entropy combination of S weight vectors over n criteria.

    Attributes
    ----------
    weights : ndarray(float, shape=(n,))
        Combined weights ``Σ_s λ_s x_s`` (eq. 1), summing to 1: the published result.
    aggregate : ndarray(float, shape=(n,))
        Aggregate ("集结") weights ``r``: the normalised geometric mean of the inputs.
    divergence : ndarray(float, shape=(S,))
        ``h[x_s, r] = Σ_j r_j ln(r_j / x_sj)`` ≥ 0, in nats.
    coefficients : ndarray(float, shape=(S,))
        ``λ_s = h_s / Σ h`` (eq. 3); equal when every divergence is 0.
    """

    weights: np.ndarray
    aggregate: np.ndarray
    divergence: np.ndarray
    coefficients: np.ndarray


def _label(name: str) -> str:
    return f"pairwise matrix {name!r}" if name else "pairwise matrix"


def _cell(i: int, j: int, criteria: Sequence[str] | None) -> str:
    where = f"[{i}][{j}]"
    return where + (f" ({criteria[i]!r} vs {criteria[j]!r})" if criteria else "")


def validate_pairwise_matrix(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    name: str = "",
    criteria: Sequence[str] | None = None,
) -> np.ndarray:
    """Check a pairwise comparison matrix and return it as ``ndarray(float, (n, n))``.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        ``a_ij`` = how much more important criterion i is than criterion j.
    name : str
        Named in every message.
    criteria : sequence of str, length n, optional
        Criterion names, used in messages.

    Raises
    ------
    DataError
        Not square, non-finite or non-positive values, a diagonal entry other than 1,
        a value outside Saaty's range [1/9, 9], or ``a_ji ≠ 1/a_ij`` (relative
        tolerance 1e-6); the message names the offending cell.
    """
    label = _label(name)
    try:
        a = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{label} must be numeric; {exc}") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise DataError(f"{label} must be square (n × n) and non-empty; got shape {a.shape}.")
    n = a.shape[0]
    if criteria is not None and len(criteria) != n:
        raise DataError(f"{label} is {n} × {n} but there are {len(criteria)} criteria.")
    for (i, j), value in np.ndenumerate(a):
        if not (np.isfinite(value) and value > 0):
            raise DataError(
                f"{label}: cell {_cell(i, j, criteria)} = {value:g}; judgements "
                f"must be positive and finite."
            )
    lo, hi = SAATY_SCALE
    for (i, j), value in np.ndenumerate(a):
        if i == j and abs(value - 1.0) > _RECIPROCAL_RTOL:
            raise DataError(
                f"{label}: diagonal cell {_cell(i, j, criteria)} = {value:g}; it must be 1."
            )
        if not lo * (1 - _RECIPROCAL_RTOL) <= value <= hi * (1 + _RECIPROCAL_RTOL):
            raise DataError(
                f"{label}: cell {_cell(i, j, criteria)} = {value:g} is outside "
                f"Saaty's scale [1/9, 9]."
            )
        if i < j and abs(value * a[j, i] - 1.0) > _RECIPROCAL_RTOL:
            raise DataError(
                f"{label} is not reciprocal: cell {_cell(i, j, criteria)} = "
                f"{value:g} but cell [{j}][{i}] = {a[j, i]:g}, not 1/{value:g} = "
                f'{1 / value:.6g}. Write reciprocals exactly (e.g. "1/3").'
            )
    return a


def _priorities(a: np.ndarray, method: str) -> np.ndarray:
    if method == "geometric_mean":
        g = np.exp(np.log(a).mean(axis=1))
        return g / g.sum()
    values, vectors = np.linalg.eig(a)
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return v / v.sum()


def most_inconsistent_pair(matrix: np.ndarray, weights: np.ndarray) -> tuple[int, int, float]:
    """Return the judgement farthest from what the weights imply.

    Parameters
    ----------
    matrix : ndarray(float, shape=(n, n))
        A valid pairwise comparison matrix.
    weights : ndarray(float, shape=(n,))
        Its priorities.

    Returns
    -------
    (i, j, deviation)
        The cell with the largest relative deviation ``|a_ij − w_i/w_j| / (w_i/w_j)``
        (the first in row order among ties); 0.0 for a consistent matrix.
    """
    implied = np.outer(weights, 1.0 / weights)
    deviation = np.abs(matrix - implied) / implied
    i, j = np.unravel_index(int(np.argmax(deviation)), deviation.shape)
    return int(i), int(j), float(deviation[i, j])


def ahp_weights(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    name: str = "",
    *,
    criteria: Sequence[str] | None = None,
    method: str = "geometric_mean",
    max_cr: float = CR_THRESHOLD,
) -> AHPResult:
    """AHP priorities and consistency of a pairwise comparison matrix.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        A reciprocal matrix on Saaty's scale (see :func:`validate_pairwise_matrix`).
    name : str
        The matrix's name, used in messages (e.g. the stakeholder).
    criteria : sequence of str, optional
        Criterion names, used in messages.
    method : {"geometric_mean", "eigenvector"}, default "geometric_mean"
        The seed's geometric-mean (row geometric mean) method, or Saaty's principal
        eigenvector. They coincide on a consistent matrix.
    max_cr : float, default 0.1
        Raise when ``CR ≥ max_cr``; pass ``math.inf`` to only report CR.

    Returns
    -------
    AHPResult

    Raises
    ------
    DataError
        An invalid matrix, no random index for n > 15, or ``CR ≥ max_cr``: the message
        names the matrix, its CR and the most inconsistent judgement.
    ConfigError
        An unknown method.
    """
    if method not in AHP_METHODS:
        raise ConfigError(f"unknown AHP method {method!r}; choose one of {list(AHP_METHODS)}.")
    if isinstance(max_cr, bool) or not isinstance(max_cr, (int, float)) or not max_cr > 0:
        raise ConfigError(
            f"max_cr must be a positive number (0.1 by Saaty's rule, math.inf "
            f"to accept any matrix); got {max_cr!r}."
        )
    a = validate_pairwise_matrix(matrix, name, criteria)
    n = a.shape[0]
    if n not in SAATY_RANDOM_INDEX:
        raise DataError(
            f"{_label(name)} has {n} criteria; the random index is tabulated "
            f"only up to n = {max(SAATY_RANDOM_INDEX)}. Group the criteria."
        )
    w = _priorities(a, method)
    lambda_max = float(np.mean((a @ w) / w))
    ci = max(lambda_max - n, 0.0) / (n - 1) if n > 2 else 0.0
    cr = ci / SAATY_RANDOM_INDEX[n] if n > 2 else 0.0
    if cr >= max_cr:
        i, j, dev = most_inconsistent_pair(a, w)
        raise DataError(
            f"{_label(name)} is too inconsistent: CR = {cr:.3f} ≥ {max_cr:g} "
            f"(λmax = {lambda_max:.3f}, CI = {ci:.3f}, RI = {SAATY_RANDOM_INDEX[n]:.2f}). "
            f"The most inconsistent judgement is cell {_cell(i, j, criteria)} = {a[i, j]:g}, "
            f"where the weights imply {w[i] / w[j]:.3g} (off by {100 * dev:.0f}%); revisit "
            f"that comparison."
        )
    return AHPResult(weights=w, lambda_max=lambda_max, ci=ci, cr=cr, method=method, name=name)


def _weight_rows(
    vectors: Sequence[Sequence[float] | np.ndarray] | np.ndarray, what: str
) -> np.ndarray:
    try:
        x = np.array(vectors, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{what} must be numeric vectors of one length; {exc}") from None
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise DataError(
            f"{what} must be a non-empty list of weight vectors of one length; got shape {x.shape}."
        )
    bad = np.argwhere(~(np.isfinite(x) & (x > 0)))
    if bad.size:
        s, j = bad[0]
        raise DataError(
            f"{what}: vector {s} has weight {float(x[s, j])} for criterion {j}; "
            f"weights must be positive and finite."
        )
    return x / x.sum(axis=1, keepdims=True)


def combine_group_weights(
    weight_vectors: Sequence[Sequence[float] | np.ndarray] | np.ndarray,
    group_weights: Sequence[float] | None = None,
    *,
    method: str = "geometric",
) -> np.ndarray:
    """Aggregate several groups' priority vectors into one (AIP aggregation).

    The seed builds one judgement matrix from all respondents of four groups (land
    experts, land administrators, village cadres, villagers) "by the Delphi method",
    treating experts and interested parties equally, but does not print the
    aggregation rule. Here each group's priorities are aggregated by the weighted
    geometric mean (default; the rule that commutes with the AHP's ratio scale,
    Aczél and Saaty 1983; Forman and Peniwati 1998) or the weighted arithmetic mean,
    then normalised.

    Parameters
    ----------
    weight_vectors : array_like, shape (G, n)
        One positive priority vector per group (each normalised to sum to 1 first).
    group_weights : sequence of float, length G, optional
        Relative weight of each group (non-negative, not all zero); default equal.
    method : {"geometric", "arithmetic"}, default "geometric"

    Returns
    -------
    ndarray(float, shape=(n,))
        Positive weights summing to 1.
    """
    if method not in ("geometric", "arithmetic"):
        raise ConfigError(f"unknown group aggregation {method!r}; use 'geometric' or 'arithmetic'.")
    x = _weight_rows(weight_vectors, "group weight vectors")
    if group_weights is None:
        g = np.full(x.shape[0], 1.0 / x.shape[0])
    else:
        g = np.array(group_weights, dtype=np.float64).reshape(-1)
        if g.size != x.shape[0] or not np.all(np.isfinite(g) & (g >= 0)) or g.sum() <= 0:
            raise ConfigError(
                f"group_weights must be {x.shape[0]} non-negative finite "
                f"numbers, not all zero; got {g.tolist()}."
            )
        g = g / g.sum()
    combined = np.exp(g @ np.log(x)) if method == "geometric" else g @ x
    return combined / combined.sum()


def _benefit_mask(senses: Sequence[str] | Sequence[bool] | np.ndarray | None, m: int) -> np.ndarray:
    if senses is None:
        return np.ones(m, dtype=bool)
    items = list(senses)
    if len(items) != m:
        raise ConfigError(f"senses has {len(items)} entries but the matrix has {m} columns.")
    if all(isinstance(s, (bool, np.bool_)) for s in items):
        return np.array(items, dtype=bool)
    bad = [s for s in items if s not in ("max", "min")]
    if bad:
        raise ConfigError(
            f"senses must be 'max'/'min' (or a boolean benefit mask); got {bad[0]!r}."
        )
    return np.array([s == "max" for s in items])


def _standardised(
    values: np.ndarray | pd.DataFrame,
    senses: Sequence[str] | Sequence[bool] | np.ndarray | None,
    shift: float,
) -> np.ndarray:
    x = np.array(
        values.to_numpy() if isinstance(values, pd.DataFrame) else values, dtype=np.float64
    )
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] == 0:
        raise DataError(
            f"the entropy method needs a 2-D matrix with at least 2 rows "
            f"(alternatives) and 1 column (criteria); got shape {x.shape}."
        )
    bad = np.argwhere(~np.isfinite(x))
    if bad.size:
        i, j = bad[0]
        raise DataError(
            f"entropy method: value {float(x[i, j])} at row {i}, column {j} is not finite."
        )
    if not (np.isfinite(shift) and shift >= 0):
        raise ConfigError(f"shift must be a finite number ≥ 0; got {shift!r}.")
    benefit = _benefit_mask(senses, x.shape[1])
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    z = np.where(benefit, (x - lo) / span, (hi - x) / span)
    return np.where(hi > lo, z, 0.0) + shift


def information_entropy(
    values: np.ndarray | pd.DataFrame,
    senses: Sequence[str] | Sequence[bool] | np.ndarray | None = None,
    *,
    shift: float = 0.0,
) -> np.ndarray:
    """Information entropy ``e_j`` of each criterion of a decision matrix.

    Min-max standardisation, ``(x − min)/(max − min)`` for a benefit (``"max"``)
    criterion and ``(max − x)/(max − min)`` for a cost (``"min"``) one, plus ``shift``;
    then ``p_ij = z_ij / Σ_i z_ij`` and ``e_j = −(1/ln n) Σ_i p_ij ln p_ij`` with
    ``0 ln 0 = 0``. A criterion that does not vary carries no information: ``e_j = 1``.

    Parameters
    ----------
    values : ndarray(float, shape=(n, m)) or DataFrame
        Rows are alternatives (n ≥ 2), columns criteria.
    senses : sequence of {"max", "min"}, boolean benefit mask, or None
        None treats every criterion as a benefit.
    shift : float, default 0
        Added after standardisation (some authors use 1e-4 to avoid ``ln 0``); the seed
        does not print its convention, and 0 with ``0 ln 0 = 0`` is the textbook one.

    Returns
    -------
    ndarray(float, shape=(m,))
        ``e_j`` in [0, 1].
    """
    z = _standardised(values, senses, float(shift))
    total = z.sum(axis=0)
    p = z / np.where(total > 0, total, 1.0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(z.shape[0])
    return np.where(total > 0, e, 1.0)


def entropy_weights(
    values: np.ndarray | pd.DataFrame,
    senses: Sequence[str] | Sequence[bool] | np.ndarray | None = None,
    *,
    shift: float = 0.0,
) -> np.ndarray:
    """Entropy-method weights ``w_j = (1 − e_j) / Σ_j (1 − e_j)``, ``ndarray(shape=(m,))``.

    See :func:`information_entropy` for the standardisation and ``e_j``; ``1 − e_j`` is
    the seed's information redundancy ``d_j`` (信息熵冗余度).

    Raises
    ------
    DataError
        Fewer than 2 alternatives, a non-finite value, or no criterion that varies.
    """
    d = 1.0 - information_entropy(values, senses, shift=shift)
    if not d.sum() > 0:
        raise DataError(
            "entropy method: no criterion varies across the alternatives, so "
            "every redundancy 1 − e_j is 0 and the weights are undefined."
        )
    return d / d.sum()


def relative_entropy_combination(
    weight_vectors: Sequence[Sequence[float] | np.ndarray] | np.ndarray,
) -> RelativeEntropyCombination:
    """Combine S weight vectors by the seed's relative-entropy method (eqs. 1-3).

    Parameters
    ----------
    weight_vectors : array_like, shape (S, n)
        One positive weight vector per weighting method (e.g. AHP, entropy); each is
        normalised to sum to 1, so percentages work too.

    Returns
    -------
    RelativeEntropyCombination
        ``weights`` is the published combination ``Σ_s λ_s x_s`` with
        ``λ_s ∝ h[x_s, r]`` as printed in the seed's eq. 3. (Eq. 3 gives the larger
        coefficient to the method *farther* from the aggregate, the opposite of its
        verbal "credibility" reading; with two methods both are ≈ 0.5, as in the
        seed.) ``aggregate`` is the normalised geometric mean ``r``.
    """
    x = _weight_rows(weight_vectors, "weight vectors")
    g = np.exp(np.log(x).mean(axis=0))
    r = g / g.sum()
    h = np.maximum((r * np.log(r / x)).sum(axis=1), 0.0)
    lam = h / h.sum() if h.sum() > 0 else np.full(x.shape[0], 1.0 / x.shape[0])
    return RelativeEntropyCombination(weights=lam @ x, aggregate=r, divergence=h, coefficients=lam)
