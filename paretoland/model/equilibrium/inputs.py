"""Inputs of the counterfactual solver.

:class:`IterationConfig`, :class:`Shock` and :class:`ShockBatch` (many shocks to one
economy).

Both are frozen dataclasses validated once in ``__post_init__``: a bad option
raises :class:`~paretoland.exceptions.ConfigError` naming the field, a bad shock
array raises :class:`~paretoland.exceptions.DataError` naming the field and the
city index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from paretoland.exceptions import ConfigError, DataError

if TYPE_CHECKING:
    from paretoland.model.calibration import Calibration

__all__ = [
    "BACKENDS",
    "HELD_BLOCKS",
    "METHODS",
    "IterationConfig",
    "Shock",
    "ShockBatch",
    "residential_trade_shock",
]

METHODS: tuple[str, ...] = ("anderson", "damped")
BACKENDS: tuple[str, ...] = ("numba", "numpy")
HELD_BLOCKS: tuple[str, ...] = ("labour", "tfp")
"""Blocks of the map that a solve can hold at their no-trade value (channel decomposition):
``"labour"``, L̂ ≡ 1 (nobody moves, m' = m); ``"tfp"``, Â ≡ 1."""


def check_held(hold: object) -> frozenset[str]:
    """Return the blocks to hold as a frozenset, or raise ConfigError naming a bad one."""
    if isinstance(hold, str):
        hold = (hold,)
    try:
        blocks = frozenset(cast(Iterable[str], hold))
    except TypeError:
        raise ConfigError(f"hold must be a collection of {HELD_BLOCKS}, got {hold!r}.") from None
    unknown = sorted(map(str, blocks - set(HELD_BLOCKS)))
    if unknown:
        raise ConfigError(
            f"hold: unknown block(s) {unknown}; the map's blocks are {HELD_BLOCKS} "
            "(labour: L̂ ≡ 1, tfp: Â ≡ 1)."
        )
    return blocks


@dataclass(frozen=True)
class IterationConfig:
    """How to iterate to the fixed point of docs/model.md §3.

    Parameters
    ----------
    method : {"anderson", "damped"}
        ``"anderson"`` (default): type-II Anderson acceleration with a damped-step
        safeguard; ``"damped"``: x ← x + β B (T(x) − x) (see ``damping`` and
        ``precondition``; with ``precondition=False`` the plain damped fixed point).
    tol : float
        Convergence tolerance on the fixed-point residual ``max |T(x) − x|``, taken over
        the unknowns in logs, x = (log L̂, log Â): the largest relative change any
        unknown would make in one undamped step. Default 1e-10.
    max_iter : int
        Largest number of evaluations of the map T (Anderson's rejected steps count).
    damping : float or None
        β ∈ (0, 1]: the step x ← x + β B (T(x) − x) of the damped method and of
        Anderson's mixing (its steps are x + β B r − (ΔX + β B ΔR) γ, r = T(x) − x).
        ``None`` (default) means 1.0 with preconditioning and 0.5 without (see
        :attr:`step`).
    memory : int
        Number of past differences Anderson keeps (≥ 1).
    backend : {"numba", "numpy"}
        ``"numba"`` (default) runs the compiled kernels; ``"numpy"`` their plain
        numpy twins in :mod:`paretoland.model.equilibrium.reference` (slower, for checks).
    precondition : bool
        If True (default), B is block-diagonal: each city's 2×2 block is
        (I − J_d)⁻¹, J_d the own-city block of the map's Jacobian in (log L̂_d,
        log Â_d), so that a step with β = 1 is a block-Jacobi Newton step; about
        2× fewer iterations. If False, B = I: the plain (damped) fixed point.
    patience : int
        Stop with status ``"stalled"`` after this many map evaluations in which the
        residual has not fallen below half its last marked value (a fold where no
        equilibrium exists makes Anderson hover instead of diverging); 0 never
        stops early. Default 100.
    """

    method: str = "anderson"
    tol: float = 1e-10
    max_iter: int = 2000
    damping: float | None = None
    memory: int = 5
    backend: str = "numba"
    precondition: bool = True
    patience: int = 100

    def __post_init__(self) -> None:
        _check_choice("method", self.method, METHODS)
        _check_choice("backend", self.backend, BACKENDS)
        if not _is_real(self.tol) or not 0.0 < self.tol < 1.0:
            raise ConfigError(
                f"The iteration option tol must be a number in (0, 1), e.g. 1e-10 (got "
                f"{self.tol!r}); it bounds max |T(x) − x| in logs."
            )
        if not _is_integer(self.max_iter) or self.max_iter < 1:
            raise ConfigError(
                f"The iteration option max_iter must be a positive integer (got {self.max_iter!r})."
            )
        if self.damping is not None and (
            not _is_real(self.damping) or not 0.0 < self.damping <= 1.0
        ):
            raise ConfigError(
                f"The iteration option damping must be None or lie in (0, 1] (got "
                f"{self.damping!r}); smaller values are slower but more stable."
            )
        if not _is_integer(self.patience) or self.patience < 0:
            raise ConfigError(
                f"The iteration option patience must be a non-negative integer (got "
                f"{self.patience!r}); 0 disables the stall check."
            )
        if not isinstance(self.precondition, (bool, np.bool_)):
            raise ConfigError(
                f"The iteration option precondition must be True or False (got "
                f"{self.precondition!r})."
            )
        if not _is_integer(self.memory) or not 1 <= self.memory <= 50:
            raise ConfigError(
                f"The iteration option memory must be an integer from 1 to 50 (got "
                f"{self.memory!r}); 3 to 10 is usual for Anderson acceleration."
            )

    @property
    def step(self) -> float:
        """The damping β in use: ``damping``, or 1.0 (preconditioned) / 0.5 (plain)."""
        if self.damping is not None:
            return float(self.damping)
        return 1.0 if self.precondition else 0.5


@dataclass(frozen=True, eq=False)
class Shock:
    """A counterfactual: exogenous changes relative to the calibrated baseline.

    The arrays are stored as read-only float64 copies.

    Parameters
    ----------
    land_productive_hat : ndarray(float, shape=(n_cities,))
        R̂^Y_d = R^Y'_d / R^Y_d, positive.
    land_residential_hat : ndarray(float, shape=(n_cities,))
        R̂^H_d, positive.
    transfers : ndarray(float, shape=(n_cities,)), optional
        Net transfers F_d (yuan, in the units of ``Calibration.revenue``): quota
        receipts minus payments. Zero by default.
    mobility_cost_hat : ndarray(float, shape=(n_cities, n_cities)), optional
        ĉ_od = c'_od / c_od (rows origin), positive; ``None`` means no change.
    """

    land_productive_hat: np.ndarray
    land_residential_hat: np.ndarray
    transfers: np.ndarray | None = None
    mobility_cost_hat: np.ndarray | None = None

    def __post_init__(self) -> None:
        productive = _vector("land_productive_hat", self.land_productive_hat, positive=True)
        n = productive.shape[0]
        residential = _vector("land_residential_hat", self.land_residential_hat, positive=True)
        transfers = np.zeros(n) if self.transfers is None else self.transfers
        transfers = _vector("transfers", transfers, positive=False)
        for name, array in (("land_residential_hat", residential), ("transfers", transfers)):
            if array.shape[0] != n:
                raise DataError(
                    f"Shock.{name} has {array.shape[0]} cities but land_productive_hat has {n}."
                )
        object.__setattr__(self, "land_productive_hat", productive)
        object.__setattr__(self, "land_residential_hat", residential)
        object.__setattr__(self, "transfers", transfers)
        if self.mobility_cost_hat is not None:
            object.__setattr__(self, "mobility_cost_hat", _cost_matrix(self.mobility_cost_hat, n))

    @classmethod
    def no_trade(cls, n_cities: int) -> Shock:
        """Return the baseline: R̂ = 1, F = 0, ĉ = 1 (every equilibrium hat is exactly 1)."""
        if not _is_integer(n_cities) or n_cities < 1:
            raise ConfigError(f"n_cities must be a positive integer (got {n_cities!r}).")
        return cls(np.ones(n_cities), np.ones(n_cities), np.zeros(n_cities))

    @property
    def n_cities(self) -> int:
        """Number of cities."""
        return int(self.land_productive_hat.shape[0])

    def check_cities(self, n_cities: int) -> None:
        """Raise :class:`DataError` unless the shock has ``n_cities`` cities."""
        if self.n_cities != n_cities:
            raise DataError(
                f"The shock has {self.n_cities} cities but the calibration has {n_cities}; "
                "build the shock for the calibrated dataset (same cities, same order)."
            )


@dataclass(frozen=True, eq=False)
class ShockBatch:
    """k counterfactuals of one economy, solved together.

    See :func:`~paretoland.model.equilibrium.solve_equilibria`. The arrays are stored
    as read-only float64 copies; a bad entry raises
    :class:`~paretoland.exceptions.DataError` naming the row and the city.

    Parameters
    ----------
    land_productive_hat, land_residential_hat : ndarray(float, shape=(k, n_cities))
        R̂^Y and R̂^H of each candidate (row), positive.
    transfers : ndarray(float, shape=(k, n_cities)), optional
        F_d (yuan) of each candidate; zero by default.
    mobility_cost_hat : ndarray(float, shape=(n_cities, n_cities)), optional
        ĉ_od, the same for every candidate; ``None`` means no change.
    """

    land_productive_hat: np.ndarray
    land_residential_hat: np.ndarray
    transfers: np.ndarray | None = None
    mobility_cost_hat: np.ndarray | None = None

    def __post_init__(self) -> None:
        productive = _matrix("land_productive_hat", self.land_productive_hat, positive=True)
        residential = _matrix("land_residential_hat", self.land_residential_hat, positive=True)
        transfers = np.zeros_like(productive) if self.transfers is None else self.transfers
        transfers = _matrix("transfers", transfers, positive=False)
        for name, array in (("land_residential_hat", residential), ("transfers", transfers)):
            if array.shape != productive.shape:
                raise DataError(
                    f"ShockBatch.{name} has shape {array.shape} but "
                    f"land_productive_hat has {productive.shape}."
                )
        object.__setattr__(self, "land_productive_hat", productive)
        object.__setattr__(self, "land_residential_hat", residential)
        object.__setattr__(self, "transfers", transfers)
        if self.mobility_cost_hat is not None:
            object.__setattr__(
                self, "mobility_cost_hat", _cost_matrix(self.mobility_cost_hat, productive.shape[1])
            )

    @classmethod
    def stack(cls, shocks: list[Shock]) -> ShockBatch:
        """Stack single shocks that share one mobility-cost hat (or none)."""
        if not shocks:
            raise DataError("ShockBatch.stack needs at least one shock.")
        cost = shocks[0].mobility_cost_hat
        for i, shock in enumerate(shocks):
            same = (cost is None and shock.mobility_cost_hat is None) or (
                cost is not None
                and shock.mobility_cost_hat is not None
                and np.array_equal(cost, shock.mobility_cost_hat)
            )
            if not same:
                raise DataError(
                    f"shock {i} has another mobility_cost_hat than shock 0; a "
                    "batch shares one (solve such shocks in separate batches)."
                )
        return cls(
            np.stack([s.land_productive_hat for s in shocks]),
            np.stack([s.land_residential_hat for s in shocks]),
            np.stack([cast(np.ndarray, s.transfers) for s in shocks]),  # set by __post_init__
            cost,
        )

    @property
    def n_shocks(self) -> int:
        """Number of candidates k."""
        return int(self.land_productive_hat.shape[0])

    @property
    def n_cities(self) -> int:
        """Number of cities."""
        return int(self.land_productive_hat.shape[1])

    def __len__(self) -> int:
        return self.n_shocks

    def check_cities(self, n_cities: int) -> None:
        """Raise :class:`DataError` unless the shocks have ``n_cities`` cities."""
        if self.n_cities != n_cities:
            raise DataError(
                f"The shocks have {self.n_cities} cities but the calibration has {n_cities}; "
                "build them for the calibrated dataset (same cities, same order)."
            )

    def shock(self, i: int) -> Shock:
        """Candidate ``i`` as a single :class:`Shock`."""
        return Shock(
            self.land_productive_hat[i],
            self.land_residential_hat[i],
            cast(np.ndarray, self.transfers)[i],  # set by __post_init__
            self.mobility_cost_hat,
        )


def _matrix(name: str, value: object, *, positive: bool) -> np.ndarray:
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"ShockBatch.{name} is not numeric: {exc}") from exc
    if array.ndim != 2 or 0 in array.shape:
        raise DataError(f"ShockBatch.{name} must have shape (k, n_cities), got {array.shape}.")
    _check_values(name, array, positive, axes=("row", "city index"), owner="ShockBatch")
    array.flags.writeable = False
    return array


def _vector(name: str, value: object, *, positive: bool) -> np.ndarray:
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"Shock.{name} is not numeric: {exc}") from exc
    if array.ndim != 1 or array.shape[0] == 0:
        raise DataError(f"Shock.{name} must have shape (n_cities,), got {array.shape}.")
    _check_values(name, array, positive)
    array.flags.writeable = False
    return array


def _cost_matrix(value: object, n: int) -> np.ndarray:
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"Shock.mobility_cost_hat is not numeric: {exc}") from exc
    if array.shape != (n, n):
        raise DataError(
            f"Shock.mobility_cost_hat must have shape ({n}, {n}) (origin × destination), "
            f"got {array.shape}."
        )
    _check_values("mobility_cost_hat", array, positive=True)
    array.flags.writeable = False
    return array


def _check_values(
    name: str,
    array: np.ndarray,
    positive: bool,
    axes: tuple[str, ...] = ("origin", "destination"),
    owner: str = "Shock",
) -> None:
    bad = ~np.isfinite(array) | (array <= 0.0) if positive else ~np.isfinite(array)
    if not bad.any():
        return
    where = np.argwhere(bad)
    index = tuple(int(i) for i in where[0])
    if len(index) == 1:
        city = f"city index {index[0]}"
    else:
        city = f"{axes[0]} {index[0]}, {axes[1]} {index[1]}"
    need = "finite and positive (a hat is new / old)" if positive else "finite"
    raise DataError(
        f"{owner}.{name}{list(index)} = {array[index]!r} ({city}; {len(where)} bad value(s) in "
        f"all): every entry must be {need}."
    )


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"The iteration option {name} must be one of {choices} (got {value!r}).")


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_integer(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def residential_trade_shock(calibration: Calibration, share: float = 0.15) -> Shock:
    """Return a simple test shock without transfers, for tests and benchmarks.

    Sellers (τ^H < 0) give ``share`` of their residential land R^H; buyers (τ^H > 0)
    split the total equally by area.
    """
    land = calibration.land_residential
    sellers, buyers = calibration.wedge_residential < 0, calibration.wedge_residential > 0
    hat = np.ones(calibration.n_cities)
    hat[sellers] = 1.0 - share
    hat[buyers] = 1.0 + share * land[sellers].sum() / buyers.sum() / land[buyers]
    return Shock(np.ones(calibration.n_cities), hat)
