"""The record of a quota trade (docs/model.md §5): land and money flows per city.

A :class:`QuotaTrade` holds what the equilibrium solver takes (the land hats R̂^Y and
R̂^H, the transfers F_d in yuan and optional mobility-cost hats ĉ_od) and the record of
the trade (land sold and bought per city and use, money received and paid, the
central intermediary's balance). :func:`trade_from_flows` assembles one from the flows.

Batches: per-city arrays have shape ``(n,)`` (one trade) or ``(k, n)`` (a batch of k
candidates, one per row); :meth:`QuotaTrade.row` is the single trade of one row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration

__all__ = ["QuotaTrade", "trade_from_flows"]


@dataclass(frozen=True, eq=False)
class QuotaTrade:
    """The result of applying a rule, or of a batch of k candidate rules.

    Per-city arrays have shape ``(n,)`` for one trade, or ``(k, n)`` for a batch
    (row i is candidate i; see :attr:`batch_size` and :meth:`row`).

    Attributes
    ----------
    land_productive_hat, land_residential_hat : ndarray, shape (n,) or (k, n)
        R̂^Y and R̂^H (unit-free).
    transfers : ndarray, shape (n,) or (k, n)
        F_d = receipts − payments (yuan).
    mobility_cost_hat : ndarray, shape (n, n), or None
        ĉ_od, or None for unchanged mobility costs (shared by every row of a batch).
    sold_productive, sold_residential, bought_productive, bought_residential : ndarray
        Land sold and bought (m²), shape (n,) or (k, n).
    receipts, payments : ndarray, shape (n,) or (k, n)
        Money received by sellers and paid by buyers (yuan).
    """

    land_productive_hat: np.ndarray
    land_residential_hat: np.ndarray
    transfers: np.ndarray
    mobility_cost_hat: np.ndarray | None
    sold_productive: np.ndarray
    sold_residential: np.ndarray
    bought_productive: np.ndarray
    bought_residential: np.ndarray
    receipts: np.ndarray
    payments: np.ndarray

    @property
    def batch_size(self) -> int | None:
        """The number k of candidates of a batch trade; None for a single trade."""
        return None if self.transfers.ndim == 1 else int(self.transfers.shape[0])

    @property
    def land_moved(self) -> float | np.ndarray:
        """Total land traded, both uses (m²): a float, or shape (k,) for a batch."""
        moved = self.sold_productive.sum(axis=-1) + self.sold_residential.sum(axis=-1)
        return float(moved) if self.batch_size is None else moved

    @property
    def intermediary_balance(self) -> float | np.ndarray:
        """Return the central intermediary's balance −Σ F_d = payments − receipts (yuan).

        A float, or shape (k,) for a batch.
        """
        balance = -self.transfers.sum(axis=-1)
        return float(balance) if self.batch_size is None else balance

    @property
    def sellers(self) -> np.ndarray:
        """Boolean mask of cities that sold land (shape (n,) or (k, n))."""
        return (self.sold_productive + self.sold_residential) > 0

    @property
    def buyers(self) -> np.ndarray:
        """Boolean mask of cities that bought land (shape (n,) or (k, n))."""
        return (self.bought_productive + self.bought_residential) > 0

    def as_batch(self) -> QuotaTrade:
        """Return this trade as a batch trade: a single trade becomes one row (views)."""
        if self.batch_size is not None:
            return self
        return QuotaTrade(
            **{name: getattr(self, name)[None, :] for name in _CITY_FIELDS},
            mobility_cost_hat=self.mobility_cost_hat,
        )

    def row(self, i: int | np.ndarray) -> QuotaTrade:
        """Return the single trade of candidate ``i`` of a batch trade (arrays are views).

        An index array ``i`` gives the sub-batch of those candidates.
        """
        if self.batch_size is None:
            raise ConfigError(
                f"row() needs a batch trade; this trade has arrays of shape {self.transfers.shape}."
            )
        return QuotaTrade(
            **{name: getattr(self, name)[i] for name in _CITY_FIELDS},
            mobility_cost_hat=self.mobility_cost_hat,
        )


_CITY_FIELDS = (
    "land_productive_hat",
    "land_residential_hat",
    "transfers",
    "sold_productive",
    "sold_residential",
    "bought_productive",
    "bought_residential",
    "receipts",
    "payments",
)


def trade_from_flows(
    calibration: Calibration,
    *,
    sold_productive: np.ndarray,
    sold_residential: np.ndarray,
    bought_productive: np.ndarray,
    bought_residential: np.ndarray,
    receipts: np.ndarray,
    payments: np.ndarray,
    mobility_cost_hat: np.ndarray | None = None,
) -> QuotaTrade:
    """Assemble a :class:`QuotaTrade` from land and money flows per city.

    Parameters
    ----------
    calibration : Calibration
        The baseline (land stocks R^Y, R^H in m²).
    sold_productive, sold_residential, bought_productive, bought_residential : ndarray
        Land sold and bought per city and use (m², shape ``(n,)`` or ``(k, n)`` for a
        batch of k candidates, non-negative).
    receipts, payments : ndarray
        Money received for land sold and paid for land bought (yuan, shape ``(n,)`` or
        ``(k, n)``).
    mobility_cost_hat : ndarray, shape (n, n), optional
        ĉ_od, or None (one matrix for every row of a batch).

    Returns
    -------
    QuotaTrade
        With ``R̂^k = 1 + (bought^k − sold^k) / R^k`` and ``F = receipts − payments``.
        Callers make sure no city sells all its land of a use (the hats stay positive).
    """
    hats = []
    for bought, sold, land in (
        (bought_productive, sold_productive, calibration.land_productive),
        (bought_residential, sold_residential, calibration.land_residential),
    ):
        hat = np.subtract(bought, sold, dtype=np.float64)  # 1 + (bought − sold) / R, in place
        hat /= land
        hat += 1.0
        hats.append(hat)
    return QuotaTrade(
        land_productive_hat=hats[0],
        land_residential_hat=hats[1],
        transfers=receipts - payments,
        mobility_cost_hat=mobility_cost_hat,
        sold_productive=sold_productive,
        sold_residential=sold_residential,
        bought_productive=bought_productive,
        bought_residential=bought_residential,
        receipts=receipts,
        payments=payments,
    )
