"""Rule families: decision vectors (levers) that become quota trades (docs/model.md §6).

A family maps a vector ``x`` of named levers, each with bounds, to sellers' shares and
buyers' weights per traded land use, and those to a
:class:`~paretoland.model.quotas.trade.QuotaTrade` through
:func:`~paretoland.model.quotas.apply.trade_from_shares`. The traded total is conserved
by construction: each pool's land goes to its buyers in proportion to their weights, so
no equality constraint is needed.

- :class:`ParametricFamily`, the paper's rule: for land use k,
  ``φ_sell,d = clip(ω1 x1_d + ω2 x2_d + ω3 x3_d, 0, φ_max)`` for sellers (τ^k < 0) and
  ``φ_buy,d ∝ max(ω4 x1_d + ω5 x2_d + ω6 x3_d, 0)`` for buyers (τ^k > 0), with features
  ``x1 = R^k/L`` (m² per worker), ``x2 = A`` (TFP) and ``x3 = V`` (real income), each
  standardised over all cities. Six weights per use, twelve for both.
- :class:`PerCityFamily`: each eligible seller's share (in [0, φ_max]) and each
  eligible buyer's weight (in [0, 1]) is a lever.

Each family also differentiates its shares and weights (for
:meth:`Counterfactual.gradient <paretoland.model.counterfactual.Counterfactual.gradient>`):
``shares_and_weights_jvp`` (forward; exact one-sided derivatives at the parametric
rule's clip and max(·, 0)), ``shares_and_weights_vjp`` (adjoint; cities at a kink held at
their bound) and ``kinks``. The per-city family is linear, smooth inside its box: its
bounds are the optimiser's, not a clip.

A population of k decision vectors (an array ``X`` of shape ``(k, n_levers)``) becomes
one batch trade with ``(k, n)`` arrays through :meth:`RuleFamily.trades`, in a few
vectorised numpy calls; :meth:`RuleFamily.trade` is the same path with one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2
from paretoland.exceptions import ConfigError
from paretoland.model.calibration import Calibration
from paretoland.model.quotas import (
    QuotaRule,
    QuotaTrade,
    participants,
    trade_from_shares,
    traded_uses,
)
from paretoland.options import Spec

__all__ = [
    "FAMILY_LAND_USE",
    "FEATURE_NAMES",
    "MAX_SHARE",
    "WEIGHT_BOUND",
    "ParametricFamily",
    "PerCityFamily",
    "RuleFamily",
    "standardised_features",
]

FEATURE_NAMES: tuple[str, ...] = ("land_per_worker", "tfp", "real_income")
"""The parametric rule's features x1 = R^k/L, x2 = A, x3 = V (standardised)."""
_USES = ("productive", "residential")
FAMILY_LAND_USE = Spec(choices=("productive", "residential", "both"))
"""The land uses a rule family trades: its levers are per use, so not a
:class:`~.quotas.rule.QuotaRule`'s "split"."""
MAX_SHARE = Spec(above=0.0, below=1.0, meaning="the largest share of its land a seller may give up")
"""φ_max, the largest share of its land of a use a seller may give up."""
WEIGHT_BOUND = Spec(above=0.0, meaning="parametric weights lie in [-weight_bound, weight_bound]")
"""The bound of the parametric rule's weights."""


def standardised_features(calibration: Calibration, use: str) -> np.ndarray:
    """Return the features (x1, x2, x3) of land use ``use``, z-scored over all cities.

    Returns
    -------
    ndarray, shape (n_cities, 3)
        Columns R^k/L (m² per worker), A and V, each with mean 0 and standard
        deviation 1 (a constant column stays 0).
    """
    land = calibration.land_productive if use == "productive" else calibration.land_residential
    raw = np.column_stack([land / calibration.labour, calibration.tfp, calibration.real_income])
    spread = raw.std(axis=0)
    return np.divide(raw - raw.mean(axis=0), spread, out=np.zeros_like(raw), where=spread > 0)


@dataclass(frozen=True, eq=False)
class RuleFamily:
    """A family of quota rules with named, bounded levers.

    Parameters
    ----------
    calibration : Calibration
        The baseline.
    market : QuotaRule
        Land use ("productive", "residential" or "both"), scope, participation and
        prices; its ``transfer_share`` and ``allocation`` are not used.
    max_share : float
        φ_max, the largest share of its land of a use a seller may give up (0, 1).
    """

    calibration: Calibration
    market: QuotaRule
    max_share: float = 0.3
    names: tuple[str, ...] = field(init=False)
    lower: np.ndarray = field(init=False, repr=False)
    upper: np.ndarray = field(init=False, repr=False)
    _sellers: dict = field(init=False, repr=False)
    _buyers: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        label = type(self).__name__
        FAMILY_LAND_USE.checked(self.market.land_use, str, label, "land_use")
        object.__setattr__(
            self, "max_share", MAX_SHARE.checked(self.max_share, float, label, "max_share")
        )
        sellers_ok, buyers_ok = participants(self.calibration, self.market)
        sellers, buyers = {}, {}
        for use, wedge, _ in traded_uses(self.calibration, self.market):
            sellers[use] = sellers_ok & (wedge < 0)
            buyers[use] = buyers_ok & (wedge > 0)
        object.__setattr__(self, "_sellers", sellers)
        object.__setattr__(self, "_buyers", buyers)
        names, lower, upper = self._levers()
        object.__setattr__(self, "names", tuple(names))
        object.__setattr__(self, "lower", np.asarray(lower, dtype=np.float64))
        object.__setattr__(self, "upper", np.asarray(upper, dtype=np.float64))

    @property
    def uses(self) -> tuple[str, ...]:
        """The traded land uses."""
        return tuple(self._sellers)

    @property
    def n_levers(self) -> int:
        """Length of a decision vector."""
        return len(self.names)

    def _levers(self) -> tuple[list[str], list[float], list[float]]:
        raise NotImplementedError

    def shares_and_weights(self, x: np.ndarray) -> tuple[dict, dict]:
        """Return sellers' shares and buyers' weights per use.

        Parameters
        ----------
        x : ndarray, shape (n_levers,) or (k, n_levers)
            One decision vector, or one per row (assumed within bounds: see
            :meth:`check` and :meth:`check_batch`).

        Returns
        -------
        shares, weights : dict of str to ndarray, shape (n,) or (k, n)
        """
        raise NotImplementedError

    def shares_and_weights_jvp(self, x: np.ndarray, dx: np.ndarray) -> tuple[dict, dict]:
        """Return the change of the shares and weights at ``x`` in directions ``dx``.

        Parameters
        ----------
        x : ndarray, shape (n_levers,)
            The point.
        dx : ndarray, shape (n_levers,) or (k, n_levers)
            Directions.

        Returns
        -------
        d_shares, d_weights : dict of str to ndarray, shape (k, n)
            Directional derivatives; at a kink of the parametric rule, the exact
            one-sided derivative in each direction.
        """
        raise NotImplementedError

    def shares_and_weights_vjp(self, x: np.ndarray, d_shares: dict, d_weights: dict) -> np.ndarray:
        """Pull derivatives with respect to the shares and weights back to the levers.

        Parameters
        ----------
        x : ndarray, shape (n_levers,)
            The point.
        d_shares, d_weights : dict of str to ndarray, shape (k, n)
            ∂f/∂φ and ∂f/∂ω per use, one row per scalar f.

        Returns
        -------
        ndarray, shape (k, n_levers)
            ∂f/∂x (at a kink of the parametric rule: the derivative with every city at
            a kink held at its bound, listed by :meth:`kinks`).
        """
        raise NotImplementedError

    def kinks(self, x: np.ndarray) -> tuple[str, ...]:
        """Return where the shares and weights are not differentiable at ``x`` (none here)."""
        return ()

    def trade(self, x: np.ndarray) -> QuotaTrade:
        """Return the quota trade of decision vector ``x`` (shape ``(n_levers,)``).

        :meth:`trades` of one row, as a single trade with ``(n,)`` arrays.
        """
        return self._trades(self.check(x)[None, :]).row(0)

    def trades(self, X: np.ndarray) -> QuotaTrade:
        """Return the batch quota trade of the rows of ``X`` (shape ``(k, n_levers)``).

        Returns
        -------
        QuotaTrade
            Per-city arrays of shape ``(k, n)``; row i is the trade of ``X[i]``
            (:meth:`.QuotaTrade.row`).

        Raises
        ------
        ConfigError
            If ``X`` has the wrong shape or a lever of some row lies out of bounds
            (the message names the row and the lever).
        """
        return self._trades(self.check_batch(X))

    def _trades(self, X: np.ndarray) -> QuotaTrade:
        shares, weights = self.shares_and_weights(X)  # fresh arrays: may be overwritten
        return trade_from_shares(self.calibration, self.market, shares, weights, overwrite=True)

    def check(self, x: np.ndarray) -> np.ndarray:
        """Return ``x`` as floats, or raise :class:`ConfigError` naming a lever out of bounds."""
        x = np.asarray(x, dtype=np.float64)
        if x.shape != (self.n_levers,):
            raise ConfigError(
                f"a decision vector of this family has {self.n_levers} levers; got shape {x.shape}."
            )
        return self._clipped(x[None, :], batch=False)[0]

    def check_batch(self, X: np.ndarray) -> np.ndarray:
        """Return ``X`` (shape ``(k, n_levers)``) as floats clipped to the bounds.

        Raise :class:`ConfigError` naming the first row and lever out of bounds.
        """
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_levers:
            raise ConfigError(
                f"a batch of decision vectors of this family has shape (k, "
                f"{self.n_levers}); got shape {X.shape}."
            )
        return self._clipped(X, batch=True)

    def _clipped(self, X: np.ndarray, *, batch: bool) -> np.ndarray:
        """Bounds check of every row of ``X`` (shape (k, n_levers)), then clip."""
        bad = ~np.isfinite(X) | (X < self.lower - 1e-12) | (X > self.upper + 1e-12)
        if bad.any():
            rows = np.flatnonzero(bad.any(axis=1))
            r = int(rows[0])
            i = int(np.flatnonzero(bad[r])[0])
            where = f"row {r} ({rows.size} bad row(s) in all): " if batch else ""
            raise ConfigError(
                f"{where}lever {self.names[i]} = {float(X[r, i])!r} lies outside "
                f"[{self.lower[i]}, {self.upper[i]}]."
            )
        return np.clip(X, self.lower, self.upper)

    def allocation(self, x: np.ndarray) -> pd.DataFrame:
        """Per-city allocation of ``x``: shares, land sold and bought (km²), money (yuan).

        Returns
        -------
        DataFrame
            One row per city: ``city_code``, ``name_pinyin``, ``province_pinyin``; for
            each traded use ``share_sold_<use>`` and ``buyer_weight_<use>``; for both
            uses ``sold_<use>_km2`` and ``bought_<use>_km2``; ``receipts_yuan``,
            ``payments_yuan`` and ``transfers_yuan``.
        """
        return self.allocations(np.atleast_2d(x)).drop(columns="point")

    def allocations(self, X: np.ndarray) -> pd.DataFrame:
        """Return the :meth:`allocation` of every row of ``X`` (shape ``(k, n_levers)``).

        The allocations are stacked, with a leading column ``point`` (the row of ``X``).
        """
        X = self.check_batch(np.atleast_2d(X))
        shares, weights = self.shares_and_weights(X)
        trade = trade_from_shares(self.calibration, self.market, shares, weights)
        n, k = self.calibration.n_cities, X.shape[0]
        arrays = {}
        for use in self.uses:
            arrays[f"share_sold_{use}"] = shares[use]
            arrays[f"buyer_weight_{use}"] = weights[use]
        for use in _USES:
            arrays[f"sold_{use}_km2"] = getattr(trade, f"sold_{use}") / M2_PER_KM2
            arrays[f"bought_{use}_km2"] = getattr(trade, f"bought_{use}") / M2_PER_KM2
        arrays["receipts_yuan"] = trade.receipts
        arrays["payments_yuan"] = trade.payments
        arrays["transfers_yuan"] = trade.transfers
        ids = self.calibration.data.cities[["city_code", "name_pinyin", "province_pinyin"]]
        frame = pd.DataFrame({"point": np.repeat(np.arange(k), n)})
        for column in ids.columns:
            frame[column] = np.tile(ids[column].to_numpy(), k)
        for name, values in arrays.items():
            frame[name] = np.broadcast_to(values, (k, n)).reshape(-1)
        return frame


@dataclass(frozen=True, eq=False)
class ParametricFamily(RuleFamily):
    """The paper's parametric rule: six weights per traded use.

    Levers are named ``<use>.sell.<feature>`` and ``<use>.buy.<feature>`` with the
    features of :data:`FEATURE_NAMES`.

    Parameters
    ----------
    weight_bound : float
        Every weight lies in ``[-weight_bound, weight_bound]``.
    """

    weight_bound: float = 3.0
    _features: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bound = WEIGHT_BOUND.checked(self.weight_bound, float, type(self).__name__, "weight_bound")
        object.__setattr__(self, "weight_bound", bound)
        uses = [u for u, _, _ in traded_uses(self.calibration, self.market)]
        object.__setattr__(
            self, "_features", {use: standardised_features(self.calibration, use) for use in uses}
        )
        super().__post_init__()

    def _levers(self) -> tuple[list[str], list[float], list[float]]:
        names = [
            f"{use}.{side}.{feature}"
            for use in self.uses
            for side in ("sell", "buy")
            for feature in FEATURE_NAMES
        ]
        bound = self.weight_bound
        return names, [-bound] * len(names), [bound] * len(names)

    def shares_and_weights(self, x: np.ndarray) -> tuple[dict, dict]:
        """Return sellers' shares and buyers' weights per use.

        Shape (n,) or (k, n) for ``x`` of shape (n_levers,) or (k, n_levers).
        """
        x = np.asarray(x, dtype=np.float64)
        shares, weights = {}, {}
        for i, use in enumerate(self.uses):
            omega = x[..., 6 * i : 6 * i + 6]
            z_t = self._features[use].T  # (3, n): scores ω · z, shape (n,) or (k, n)
            share = _scores(omega[..., :3], z_t)
            np.clip(share, 0.0, self.max_share, out=share)
            share *= self._sellers[use]  # 0 for non-sellers (like np.where, in place)
            weight = _scores(omega[..., 3:], z_t)
            np.maximum(weight, 0.0, out=weight)
            weight *= self._buyers[use]
            shares[use], weights[use] = share, weight
        return shares, weights

    def _use_scores(self, x: np.ndarray, use: int) -> tuple[np.ndarray, np.ndarray]:
        """Return sellers' and buyers' scores ω·z of use number ``use`` at x (shape (n,)).

        Summed as :meth:`shares_and_weights` sums them, so a kink is found exactly.
        """
        omega, z_t = x[6 * use : 6 * use + 6], self._features[self.uses[use]].T
        return _scores(omega[:3], z_t), _scores(omega[3:], z_t)

    def shares_and_weights_jvp(self, x: np.ndarray, dx: np.ndarray) -> tuple[dict, dict]:
        """Return directional derivatives of the shares and weights.

        One-sided at the clip and max(·, 0): a score at a bound moves only into the
        interior.
        """
        dx = np.atleast_2d(np.asarray(dx, dtype=np.float64))
        shares, weights = {}, {}
        for i, use in enumerate(self.uses):
            sell, buy = self._use_scores(x, i)
            z_t = self._features[use].T
            d_sell, d_buy = dx[:, 6 * i : 6 * i + 3] @ z_t, dx[:, 6 * i + 3 : 6 * i + 6] @ z_t
            d_sell = np.where(
                (sell > 0.0) & (sell < self.max_share),
                d_sell,
                np.where(sell == 0.0, np.maximum(d_sell, 0.0), 0.0)
                + np.where(sell == self.max_share, np.minimum(d_sell, 0.0), 0.0),
            )
            d_buy = np.where(buy > 0.0, d_buy, np.where(buy == 0.0, np.maximum(d_buy, 0.0), 0.0))
            shares[use], weights[use] = d_sell * self._sellers[use], d_buy * self._buyers[use]
        return shares, weights

    def shares_and_weights_vjp(self, x: np.ndarray, d_shares: dict, d_weights: dict) -> np.ndarray:
        """Return ∂f/∂ω from ∂f/∂φ and ∂f/∂ω per city; cities at a kink count as clipped."""
        rows = np.atleast_2d(next(iter(d_shares.values()))).shape[0]
        out = np.zeros((rows, self.n_levers))
        for i, use in enumerate(self.uses):
            sell, buy = self._use_scores(x, i)
            free_sell = self._sellers[use] & (sell > 0.0) & (sell < self.max_share)
            free_buy = self._buyers[use] & (buy > 0.0)
            z = self._features[use]
            out[:, 6 * i : 6 * i + 3] = (np.atleast_2d(d_shares[use]) * free_sell) @ z
            out[:, 6 * i + 3 : 6 * i + 6] = (np.atleast_2d(d_weights[use]) * free_buy) @ z
        return out

    def kinks(self, x: np.ndarray) -> tuple[str, ...]:
        """Return the cities at a kink of the rule, by use and side.

        A seller's score exactly at 0 or φ_max, a buyer's exactly at 0: there the rule
        has only one-sided derivatives.
        """
        x = self.check(x)
        codes, found = self.calibration.data.codes, []
        for i, use in enumerate(self.uses):
            sell, buy = self._use_scores(x, i)
            for side, at in (
                ("sell", self._sellers[use] & ((sell == 0.0) | (sell == self.max_share))),
                ("buy", self._buyers[use] & (buy == 0.0)),
            ):
                if at.any():
                    found.append(
                        f"{use}.{side}: {int(at.sum())} city(ies) at a kink of the rule "
                        f"(e.g. {codes[at][0]})"
                    )
        return tuple(found)


def _scores(omega: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Return ``ω₁ z₁ + ω₂ z₂ + ω₃ z₃`` per city, in that order of additions.

    Not a matrix product: BLAS may sum a row differently depending on the number of
    rows and its place among them, and a candidate's rule must not depend on its batch.

    Parameters
    ----------
    omega : ndarray, shape (3,) or (k, 3)
        Weights of the three standardised features.
    features : ndarray, shape (3, n)
        The features z, one row each.

    Returns
    -------
    ndarray, shape (n,) or (k, n)
    """
    return (
        omega[..., 0:1] * features[0]
        + omega[..., 1:2] * features[1]
        + omega[..., 2:3] * features[2]
    )


@dataclass(frozen=True, eq=False)
class PerCityFamily(RuleFamily):
    """Each eligible seller's share and each eligible buyer's weight is a lever.

    Levers are named ``<use>.sell.<city code>`` (bounds ``[0, max_share]``) and
    ``<use>.buy.<city code>`` (bounds ``[0, 1]``).
    """

    def _levers(self) -> tuple[list[str], list[float], list[float]]:
        codes = self.calibration.data.codes
        names, lower, upper = [], [], []
        for use in self.uses:
            for side, mask, top in (
                ("sell", self._sellers[use], self.max_share),
                ("buy", self._buyers[use], 1.0),
            ):
                picked = codes[mask]
                names += [f"{use}.{side}.{code}" for code in picked]
                lower += [0.0] * picked.size
                upper += [top] * picked.size
        if not names:
            raise ConfigError(
                "no city may sell or buy under this market; widen participation or the land use."
            )
        return names, lower, upper

    def shares_and_weights(self, x: np.ndarray) -> tuple[dict, dict]:
        """Return sellers' shares and buyers' weights per use.

        Shape (n,) or (k, n) for ``x`` of shape (n_levers,) or (k, n_levers).
        """
        x = np.asarray(x, dtype=np.float64)
        n = self.calibration.n_cities
        shares: dict[str, np.ndarray] = {}
        weights: dict[str, np.ndarray] = {}
        start = 0
        for use in self.uses:
            for target, mask in ((shares, self._sellers[use]), (weights, self._buyers[use])):
                values = np.zeros((*x.shape[:-1], n))
                count = int(mask.sum())
                values[..., mask] = x[..., start : start + count]
                target[use] = values
                start += count
        return shares, weights

    def shares_and_weights_jvp(self, x: np.ndarray, dx: np.ndarray) -> tuple[dict, dict]:
        """Return directional derivatives of the shares and weights.

        The levers placed in their cities (the family is linear, smooth within its box).
        """
        return self.shares_and_weights(np.atleast_2d(np.asarray(dx, dtype=np.float64)))

    def shares_and_weights_vjp(self, x: np.ndarray, d_shares: dict, d_weights: dict) -> np.ndarray:
        """Return ∂f/∂x: each lever's city entry of ∂f/∂φ or ∂f/∂ω (rows (k, n_levers))."""
        parts = [
            np.atleast_2d(target[use])[:, mask]
            for use in self.uses
            for target, mask in ((d_shares, self._sellers[use]), (d_weights, self._buyers[use]))
        ]
        return np.concatenate(parts, axis=1)
