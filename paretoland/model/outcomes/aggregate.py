"""The four aggregate outcomes of a counterfactual (docs/model.md §4), in % changes (×100).

GDP ``Σ Y'/Σ Y − 1``; the output gap, the change of the labour-weighted dispersion of
output per worker ``Y_d/L_d`` (weights L before, L' after); welfare ``W'/W − 1`` with
``W = Σ_o λ_o W_o`` (λ fixed); the welfare gap, the change of the λ-weighted dispersion
of ``W_o``. The dispersion measure is chosen explicitly
(:data:`~.dispersion.DISPERSION_MEASURES`). Efficiency outcomes are maximised, gaps
minimised (:data:`OBJECTIVE_SENSES`).

The functions take plain hat arrays (``x̂ = x'/x``) and the
:class:`~paretoland.model.calibration.Calibration`, so they do not depend on the solver.
:func:`compute_outcomes_batch` computes the outcomes of k candidates at once from
``(k, n)`` hats; :func:`compute_outcomes` is its one-row case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from paretoland.exceptions import DataError
from paretoland.model.calibration import Calibration
from paretoland.model.outcomes.dispersion import _check_measure, _dispersion_rows, _rowdot
from paretoland.model.outcomes.hats import _hat_rows

__all__ = [
    "OBJECTIVE_SENSES",
    "OUTCOME_LABELS",
    "OUTCOME_NAMES",
    "Outcomes",
    "compute_outcomes",
    "compute_outcomes_batch",
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
        The dispersion measure of both gaps (a key of :data:`~.dispersion.DISPERSION_MEASURES`).
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
        Dispersion measure of both gaps: a key of :data:`~.dispersion.DISPERSION_MEASURES`.

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
        Dispersion measure of both gaps: a key of :data:`~.dispersion.DISPERSION_MEASURES`.

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
