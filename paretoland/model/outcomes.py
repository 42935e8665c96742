"""Aggregate outcomes of a counterfactual and their city and province tables (docs/model.md §4).

The functions take plain hat arrays (``x̂ = x'/x``, shape ``(n_cities,)``) and the
:class:`~paretoland.model.calibration.Calibration`, so they do not depend on the solver.
Outcomes are % changes (×100): GDP ``Σ Y'/Σ Y − 1``; the output gap, the change of the
labour-weighted dispersion of output per worker ``Y_d/L_d``; welfare ``W'/W − 1`` with
``W = Σ_o λ_o W_o`` (λ fixed); the welfare gap, the change of the λ-weighted dispersion
of ``W_o``. The dispersion measure is chosen explicitly (:data:`DISPERSION_MEASURES`).

:func:`compute_outcomes_batch` computes the outcomes of k candidates at once from
``(k, n)`` hats; :func:`compute_outcomes` and the ``weighted_*`` measures are its
one-row case (they share the same row-wise implementation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.calibration import Calibration

__all__ = [
    "DISPERSION_MEASURES",
    "OBJECTIVE_SENSES",
    "OUTCOME_LABELS",
    "OUTCOME_NAMES",
    "Outcomes",
    "city_table",
    "compute_dispersion",
    "compute_outcomes",
    "compute_outcomes_batch",
    "province_table",
    "weighted_cv",
    "weighted_gini",
    "weighted_theil",
    "weighted_var_log",
]

OUTCOME_NAMES: tuple[str, ...] = ("gdp", "output_gap", "welfare", "welfare_gap")
"""The four outcomes, in reporting order."""
OBJECTIVE_SENSES: dict[str, str] = {
    "gdp": "max",
    "welfare": "max",
    "output_gap": "min",
    "welfare_gap": "min",
}
"""Efficiency outcomes are maximised, gap outcomes minimised (docs/model.md §4)."""
OUTCOME_LABELS: dict[str, str] = {
    "gdp": "GDP",
    "output_gap": "Output gap",
    "welfare": "Welfare",
    "welfare_gap": "Welfare gap",
}
"""Readable names of the outcomes, for tables and figures."""


def _all_in_range(values: np.ndarray, *, low: float | None, strict: bool = True) -> bool:
    """Return whether every entry is finite (and > low, or >= low unless ``strict``).

    Two reductions instead of boolean arrays (a NaN makes the minimum NaN).
    """
    if values.size == 0:
        return True
    lowest, highest = values.min(), values.max()
    if not (np.isfinite(lowest) and np.isfinite(highest)):
        return False
    return low is None or (lowest > low if strict else lowest >= low)


def _validated_rows(
    x: np.ndarray, w: np.ndarray, *, batch: bool, own_weights: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Check rows of values and weights, vectorised, and normalise the weights.

    Values ``x`` have shape (k, n) and weights ``w`` shape (k, n) or (n,); ``w`` is
    normalised to sum to 1 per row (in place if ``own_weights``). Messages name the
    row if ``batch``.
    """
    if not _all_in_range(x, low=0.0):
        bad = ~(np.isfinite(x) & (x > 0))
        r, i = np.argwhere(bad)[0]
        where = f"row {r}, index {i}" if batch else f"index {i}"
        raise DataError(
            f"dispersion needs positive finite values; value {x[r, i]!r} at "
            f"{where} ({int(bad.sum())} bad in all)."
        )
    if not _all_in_range(w, low=0.0, strict=False):
        w2 = np.atleast_2d(w)
        bad = ~(np.isfinite(w2) & (w2 >= 0))
        r, i = np.argwhere(bad)[0]
        where = f"row {r}, index {i}" if batch and w.ndim == 2 else f"index {i}"
        raise DataError(
            f"weights must be non-negative and finite; weight {w2[r, i]!r} at "
            f"{where} ({int(bad.sum())} bad in all)."
        )
    total = w.sum(axis=-1, keepdims=True)
    if not (total > 0).all():
        r = int(np.flatnonzero(~(total.reshape(-1) > 0))[0])
        where = f" (row {r})" if batch and w.ndim == 2 else ""
        raise DataError(f"weights sum to zero{where}; give at least one positive weight.")
    if own_weights:
        w /= total
        return x, w
    return x, w / total


def _validated(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Copy 1-D ``x`` and ``w`` to float arrays of shape (1, n) and check them.

    ``w`` is normalised to sum to 1.
    """
    x = np.array(x, dtype=np.float64)  # a copy: the row cores overwrite x
    w = np.asarray(w, dtype=np.float64)
    if x.ndim != 1 or x.shape != w.shape or x.size == 0:
        raise DataError(
            f"values and weights must be non-empty 1-D arrays of one shape; got "
            f"shapes {x.shape} and {w.shape}."
        )
    return _validated_rows(x[None, :], w[None, :], batch=False)


def _matmul_rowdot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return ``a · b`` along the last axis as a stack of vector dot products."""
    return np.matmul(a[..., None, :], b[..., :, None])[..., 0, 0]


_rowdot = getattr(np, "vecdot", _matmul_rowdot)  # np.vecdot needs numpy >= 2.0
"""Dot products along the last axis: one BLAS dot per row, so a row gives exactly the
``w @ x`` of the row alone, whatever k."""


# Row-wise cores: x (k, n) positive, OVERWRITTEN; w (k, n) or (n,) normalised per row;
# -> shape (k,).
def _cv_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    mean = _rowdot(w, x)
    x -= mean[:, None]  # deviations, squared
    x *= x
    return np.sqrt(_rowdot(w, x)) / mean


def _theil_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    x /= _rowdot(w, x)[:, None]  # ratios x / μ
    terms = np.log(x)
    terms *= x
    return _rowdot(w, terms)


def _gini_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    order = np.argsort(x, axis=-1)  # ties may come in any order: they cancel
    xs = np.take_along_axis(x, order, axis=-1)
    ws = w[order] if w.ndim == 1 else np.take_along_axis(w, order, axis=-1)
    rank_term = np.cumsum(ws, axis=-1)  # 2 C − w − 1
    rank_term *= 2.0
    rank_term -= ws
    rank_term -= 1.0
    xs *= ws
    return np.maximum(_rowdot(xs, rank_term) / _rowdot(w, x), 0.0)


def _var_log_rows(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    logs = np.log(x, out=x)
    logs -= _rowdot(w, logs)[:, None]
    logs *= logs
    return _rowdot(w, logs)


_ROW_MEASURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "cv": _cv_rows,
    "theil": _theil_rows,
    "gini": _gini_rows,
    "var_log": _var_log_rows,
}


def _dispersion_rows(
    x: np.ndarray, w: np.ndarray, measure: str, *, batch: bool = True, own_weights: bool = False
) -> np.ndarray:
    """Return the dispersion of every row of ``x``, shape (k,).

    ``x`` has shape (k, n) and is overwritten; weights ``w`` have shape (k, n) or (n,)
    and are normalised in place if ``own_weights``. Validated row by row, vectorised.
    """
    return _ROW_MEASURES[measure](*_validated_rows(x, w, batch=batch, own_weights=own_weights))


def weighted_cv(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted coefficient of variation ``sqrt(Σ w (x − μ)²) / μ``, ``μ = Σ w x``.

    The population (ddof = 0) CV: with equal weights, ``np.std(x) / np.mean(x)``.

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values (any unit; every measure is unit-free) and non-negative
        weights (normalised to sum to 1 inside).
    """
    return float(_cv_rows(*_validated(x, w))[0])


def weighted_theil(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted Theil T index ``Σ w (x/μ) ln(x/μ)``, ``μ = Σ w x``; 0 iff all x are equal.

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).
    """
    return float(_theil_rows(*_validated(x, w))[0])


def weighted_gini(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted Gini ``Σ_i Σ_j w_i w_j |x_i − x_j| / (2μ)``, ``μ = Σ w x``.

    Computed in O(n log n) on sorted values: ``Σ_i w_i x_i (2 C_i − w_i − 1) / μ``
    with ``C_i`` the cumulative weight up to and including i (ties cancel).

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).

    Returns
    -------
    float
        In [0, 1): e.g. 0.25 for ``x = [1, 3]`` with equal weights.
    """
    return float(_gini_rows(*_validated(x, w))[0])


def weighted_var_log(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted variance of logs ``Σ w (ln x − m)²``, ``m = Σ w ln x`` (ddof = 0).

    Parameters
    ----------
    x, w : ndarray(float, shape=(n,))
        Positive values and non-negative weights (normalised inside).
    """
    return float(_var_log_rows(*_validated(x, w))[0])


DISPERSION_MEASURES: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "cv": weighted_cv,
    "theil": weighted_theil,
    "gini": weighted_gini,
    "var_log": weighted_var_log,
}
"""Dispersion measures by name; ``"cv"`` is the default (docs/model.md §4)."""


def _check_measure(measure: str) -> None:
    if measure not in DISPERSION_MEASURES:
        raise ConfigError(
            f"unknown dispersion measure {measure!r}; choose one of "
            f"{', '.join(map(repr, DISPERSION_MEASURES))}."
        )


def compute_dispersion(x: np.ndarray, w: np.ndarray, measure: str = "cv") -> float:
    """Dispersion of ``x`` under weights ``w`` by the named measure (see the ``weighted_*``)."""
    _check_measure(measure)
    return DISPERSION_MEASURES[measure](x, w)


@dataclass(frozen=True)
class Outcomes:
    """The four aggregate outcomes of a counterfactual, in % changes (×100).

    Attributes
    ----------
    gdp : float
        ``100 (Σ Y' / Σ Y − 1)``.
    output_gap : float
        ``100 (D' / D − 1)``, D the labour-weighted dispersion of ``Y_d / L_d``.
    welfare : float
        ``100 (W' / W − 1)``, ``W = Σ_o λ_o W_o``.
    welfare_gap : float
        ``100 (D' / D − 1)``, D the λ-weighted dispersion of ``W_o``.
    measure : str
        The dispersion measure of both gaps (a key of :data:`DISPERSION_MEASURES`).
    """

    gdp: float
    output_gap: float
    welfare: float
    welfare_gap: float
    measure: str = "cv"

    def __post_init__(self) -> None:
        _check_measure(self.measure)
        for name in OUTCOME_NAMES:
            object.__setattr__(self, name, float(getattr(self, name)))

    def as_dict(self) -> dict[str, float]:
        """Return the four outcomes by name, in :data:`OUTCOME_NAMES` order (% changes)."""
        return {name: getattr(self, name) for name in OUTCOME_NAMES}

    def __str__(self) -> str:
        width = 44
        lines = [
            f"Outcomes (dispersion: {self.measure})".center(width),
            "=" * width,
            f"{'Outcome':<16}{'Change (%)':>14}{'Sense':>14}",
            "-" * width,
        ]
        lines += [
            f"{OUTCOME_LABELS[name]:<16}{value:>+14.6f}{OBJECTIVE_SENSES[name]:>14}"
            for name, value in self.as_dict().items()
        ]
        return "\n".join([*lines, "=" * width])


def _hat(
    calibration: Calibration, name: str, values: np.ndarray, *, allow_zero: bool = False
) -> np.ndarray:
    """Check that a hat (or transfer) array has shape (n,), is finite and in range."""
    return _hat_rows(calibration, name, values, batch=False, allow_zero=allow_zero)


def _hat_rows(
    calibration: Calibration,
    name: str,
    values: np.ndarray,
    *,
    batch: bool,
    allow_zero: bool = False,
) -> np.ndarray:
    """Check a hat array of shape (k, n) (``batch``) or (n,), vectorised.

    Finite, and positive (non-negative with ``allow_zero``) unless it is the transfers.
    The message names the first bad city (and row).
    """
    values = np.asarray(values, dtype=np.float64)
    n = calibration.n_cities
    if values.ndim != (2 if batch else 1) or values.shape[-1] != n:
        expected = f"(k, {n}), one row per candidate" if batch else f"({n},), one per city"
        raise DataError(f"{name} has shape {values.shape}; expected {expected}.")
    low = None if name == "transfers" else 0.0
    if _all_in_range(values, low=low, strict=not allow_zero):
        return values
    ok = np.isfinite(values)
    rule = "finite"
    if name != "transfers":
        ok &= (values >= 0) if allow_zero else (values > 0)
        rule += (" and non-negative" if allow_zero else " and positive") + (
            "; was the equilibrium infeasible or unconverged?"
        )
    if not ok.all():
        bad = np.argwhere(~ok)
        index = tuple(bad[0])
        code = calibration.data.codes[index[-1]]
        where = f"row {index[0]}, index {index[1]}" if batch else f"index {index[0]}"
        raise DataError(
            f"{name} is {values[index]!r} for city {code} ({where}; "
            f"{bad.shape[0]} bad in all); it must be {rule}"
        )
    return values


def _gap_change(
    before: np.ndarray,
    w_before: np.ndarray,
    after: np.ndarray,
    w_after: np.ndarray,
    measure: str,
    label: str,
    *,
    own_weights: bool = False,
) -> np.ndarray:
    """Return the % change of the dispersion of every row of ``after`` from ``before``.

    ``after`` has shape (k, n) and ``before`` shape (n,); both are overwritten.
    """
    base = _dispersion_rows(before[None, :], w_before, measure, batch=False)[0]
    if base == 0.0:
        raise DataError(
            f"the baseline {label} has zero dispersion ({measure}), so its "
            "% change is undefined; use another outcome or dataset."
        )
    after = _dispersion_rows(after, w_after, measure, own_weights=own_weights)
    return 100.0 * (after / base - 1.0)


def _outcome_rows(
    calibration: Calibration,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    welfare_hat: np.ndarray,
    measure: str,
    *,
    batch: bool,
) -> dict[str, np.ndarray]:
    """Return the four outcomes (shape (k,)) of validated hats of shape (k, n)."""
    _check_measure(measure)
    output_hat, labour_hat, welfare_hat = (
        np.atleast_2d(_hat_rows(calibration, name, values, batch=batch))
        for name, values in (
            ("output_hat", output_hat),
            ("labour_hat", labour_hat),
            ("welfare_hat", welfare_hat),
        )
    )
    output, labour = calibration.output, calibration.labour
    weights, welfare = calibration.welfare_weights, calibration.welfare_origin
    output_after, labour_after = output * output_hat, labour * labour_hat
    welfare_after = welfare * welfare_hat
    outcomes = {"gdp": 100.0 * (output_after.sum(axis=-1) / output.sum() - 1.0)}
    output_after /= labour_after  # now output per worker Y'/L', in place
    outcomes["output_gap"] = _gap_change(
        output / labour,
        labour,
        output_after,
        labour_after,
        measure,
        "output per worker",
        own_weights=True,
    )
    outcomes["welfare"] = 100.0 * (_rowdot(weights, welfare_after) / (weights @ welfare) - 1.0)
    outcomes["welfare_gap"] = _gap_change(
        welfare.copy(), weights, welfare_after, weights, measure, "origin welfare"
    )
    return outcomes


def compute_outcomes(
    calibration: Calibration,
    *,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    welfare_hat: np.ndarray,
    measure: str = "cv",
) -> Outcomes:
    """Compute GDP, output gap, welfare and welfare gap changes (docs/model.md §4).

    Parameters
    ----------
    calibration : Calibration
        The baseline: ``output`` Y (yuan), ``labour`` L (persons), ``welfare_origin``
        W_o and ``welfare_weights`` λ (kept fixed: hukou shares do not change).
    output_hat, labour_hat, welfare_hat : ndarray(float, shape=(n_cities,))
        Ŷ_d, L̂_d (by destination) and Ŵ_o (by origin); positive and finite.
    measure : str
        Dispersion measure of both gaps: a key of :data:`DISPERSION_MEASURES`.

    Returns
    -------
    Outcomes
        % changes. All hats equal to 1 give exactly 0.0 for every outcome.

    Raises
    ------
    ConfigError
        For an unknown ``measure``.
    DataError
        For a hat of the wrong shape or a non-positive or non-finite hat.
    """
    rows = _outcome_rows(calibration, output_hat, labour_hat, welfare_hat, measure, batch=False)
    return Outcomes(**{name: values[0] for name, values in rows.items()}, measure=measure)


def compute_outcomes_batch(
    calibration: Calibration,
    *,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    welfare_hat: np.ndarray,
    measure: str = "cv",
) -> dict[str, np.ndarray]:
    """:func:`compute_outcomes` of k candidates at once, vectorised.

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    output_hat, labour_hat, welfare_hat : ndarray(float, shape=(k, n_cities))
        Ŷ_d, L̂_d and Ŵ_o of each candidate (one row each); positive and finite.
    measure : str
        Dispersion measure of both gaps: a key of :data:`DISPERSION_MEASURES`.

    Returns
    -------
    dict of str to ndarray(float, shape=(k,))
        The outcomes by name, in :data:`OUTCOME_NAMES` order (% changes); row i equals
        ``compute_outcomes`` of row i. Rows of hats all equal to 1 give exactly 0.0.

    Raises
    ------
    ConfigError
        For an unknown ``measure``.
    DataError
        For hats not of shape (k, n), or a non-positive or non-finite hat (the message
        names the row and the city).
    """
    return _outcome_rows(calibration, output_hat, labour_hat, welfare_hat, measure, batch=True)


_ID_COLUMNS = [
    "city_code",
    "name_zh",
    "name_pinyin",
    "province_code",
    "province_zh",
    "province_pinyin",
    "region",
]


def city_table(
    calibration: Calibration,
    *,
    output_hat: np.ndarray,
    labour_hat: np.ndarray,
    wage_hat: np.ndarray,
    welfare_hat: np.ndarray,
    land_productive_hat: np.ndarray,
    land_residential_hat: np.ndarray,
    transfers: np.ndarray,
) -> pd.DataFrame:
    """One row per city: land, GDP, wage, population, welfare and transfers, before and after.

    Parameters
    ----------
    calibration : Calibration
        The baseline economy.
    output_hat, labour_hat, wage_hat, welfare_hat : ndarray(float, shape=(n_cities,))
        Ŷ, L̂, ŵ (by destination) and Ŵ_o (by origin, row o = the city's hukou holders).
    land_productive_hat, land_residential_hat : ndarray(float, shape=(n_cities,))
        R̂^Y and R̂^H (non-negative).
    transfers : ndarray(float, shape=(n_cities,))
        F_d in yuan: quota receipts − payments (> 0: the city receives money).

    Returns
    -------
    DataFrame
        Indexed by ``city_code`` (kept as a column too), in the calibration's city
        order: the identifiers ``city_code``, ``name_zh``,
        ``name_pinyin``, ``province_code``, ``province_zh``, ``province_pinyin``,
        ``region``; for k in (productive, residential) ``land_k_before_km2``,
        ``land_k_after_km2`` and ``land_k_change_km2`` (after − before, km²);
        ``gdp_before_yuan``, ``gdp_after_yuan``, ``gdp_change_pct``;
        ``wage_change_pct`` (ŵ − 1, %); ``population_before_persons``,
        ``population_after_persons`` (resident labour L, L'), ``population_change_pct``;
        ``hukou_labour_persons`` (L^o, fixed, ∝ λ); ``welfare_before``,
        ``welfare_after`` (W_o and W_o Ŵ_o, the real-income index of docs/model.md §1),
        ``welfare_change_pct``;
        ``transfers_yuan`` (F_d).
    """
    hats = {
        name: _hat(calibration, name, values)
        for name, values in (
            ("output_hat", output_hat),
            ("labour_hat", labour_hat),
            ("wage_hat", wage_hat),
            ("welfare_hat", welfare_hat),
        )
    }
    frame = calibration.data.cities[_ID_COLUMNS].copy()
    for use, land, hat in (
        ("productive", calibration.land_productive, land_productive_hat),
        ("residential", calibration.land_residential, land_residential_hat),
    ):
        hat = _hat(calibration, f"land_{use}_hat", hat, allow_zero=True)
        frame[f"land_{use}_before_km2"] = land / M2_PER_KM2
        frame[f"land_{use}_after_km2"] = land * hat / M2_PER_KM2
        frame[f"land_{use}_change_km2"] = land * (hat - 1.0) / M2_PER_KM2
    frame["gdp_before_yuan"] = calibration.output
    frame["gdp_after_yuan"] = calibration.output * hats["output_hat"]
    frame["gdp_change_pct"] = 100.0 * (hats["output_hat"] - 1.0)
    frame["wage_change_pct"] = 100.0 * (hats["wage_hat"] - 1.0)
    frame["population_before_persons"] = calibration.labour
    frame["population_after_persons"] = calibration.labour * hats["labour_hat"]
    frame["population_change_pct"] = 100.0 * (hats["labour_hat"] - 1.0)
    frame["hukou_labour_persons"] = calibration.labour_origin
    frame["welfare_before"] = calibration.welfare_origin
    frame["welfare_after"] = calibration.welfare_origin * hats["welfare_hat"]
    frame["welfare_change_pct"] = 100.0 * (hats["welfare_hat"] - 1.0)
    frame["transfers_yuan"] = _hat(calibration, "transfers", transfers)
    frame.index = pd.Index(frame["city_code"].to_numpy(), name="city_code")
    return frame


_SUMMED = [
    f"land_{use}_{stage}_km2"
    for use in ("productive", "residential")
    for stage in ("before", "after", "change")
] + [
    "gdp_before_yuan",
    "gdp_after_yuan",
    "population_before_persons",
    "population_after_persons",
    "hukou_labour_persons",
    "transfers_yuan",
]


def province_table(cities: pd.DataFrame) -> pd.DataFrame:
    """Aggregate a :func:`city_table` to one row per province (sorted by province code).

    Parameters
    ----------
    cities : DataFrame
        The output of :func:`city_table` (or a subset of its rows).

    Returns
    -------
    DataFrame
        ``province_code``, ``province_zh``, ``province_pinyin``, ``region``,
        ``n_cities``; sums over the province's cities of every land column (km²),
        ``gdp_before_yuan``, ``gdp_after_yuan``, ``population_before_persons``,
        ``population_after_persons``, ``hukou_labour_persons`` and ``transfers_yuan``;
        and changes where sums make no sense:

        - ``gdp_change_pct``, ``population_change_pct``: of the province sums.
        - ``wage_change_pct``: mean of the cities' wage changes weighted by baseline
          labour (``population_before_persons``).
        - ``welfare_change_pct``: ``W'_p / W_p − 1`` with ``W_p = Σ_{o∈p} λ_o W_o``
          (λ ∝ ``hukou_labour_persons``), the province analogue of national welfare;
          i.e. the mean of the cities' welfare changes weighted by ``λ_o W_o``. With
          every city in one province it equals :attr:`Outcomes.welfare`.
    """
    missing = [
        c
        for c in [*_ID_COLUMNS, *_SUMMED, "wage_change_pct", "welfare_before", "welfare_after"]
        if c not in cities.columns
    ]
    if missing:
        raise DataError(
            f"city table is missing column(s) {', '.join(missing)}; build it "
            "with paretoland.model.outcomes.city_table."
        )
    work = cities.assign(
        _wage_weighted=cities["wage_change_pct"] * cities["population_before_persons"],
        _welfare_before=cities["welfare_before"] * cities["hukou_labour_persons"],
        _welfare_after=cities["welfare_after"] * cities["hukou_labour_persons"],
    )
    groups = work.groupby("province_code", sort=True)
    names = groups[["province_zh", "province_pinyin", "region"]].first()
    sums = groups[[*_SUMMED, "_wage_weighted", "_welfare_before", "_welfare_after"]].sum()
    table = names.assign(n_cities=groups.size()).join(sums)
    table["gdp_change_pct"] = 100.0 * (table["gdp_after_yuan"] / table["gdp_before_yuan"] - 1.0)
    table["population_change_pct"] = 100.0 * (
        table["population_after_persons"] / table["population_before_persons"] - 1.0
    )
    table["wage_change_pct"] = table["_wage_weighted"] / table["population_before_persons"]
    table["welfare_change_pct"] = 100.0 * (table["_welfare_after"] / table["_welfare_before"] - 1.0)
    table = table.drop(columns=["_wage_weighted", "_welfare_before", "_welfare_after"])
    return table.reset_index()
