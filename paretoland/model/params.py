"""Model parameters as a validated, frozen object.

Defaults are the paper's baseline (docs/model.md §2): α = 0.67, η = 0.13, κ = 3,
σ = 0.65, ρ = 0.103. The paper's robustness values are available by name through
:meth:`ModelParams.robustness_variants`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

from paretoland.exceptions import ConfigError

__all__ = [
    "ModelParams",
    "WEDGE_BASES",
    "WEDGE_LABOUR",
    "TENURE_YEARS_PRODUCTIVE",
    "TENURE_YEARS_RESIDENTIAL",
]

WEDGE_BASES: tuple[str, ...] = ("uniform", "observed")
WEDGE_LABOUR: tuple[str, ...] = ("employment", "residents")
TENURE_YEARS_PRODUCTIVE = 50
TENURE_YEARS_RESIDENTIAL = 70


SEED_003_SPENDING: dict[str, float] = {
    "urban construction": 0.1951,
    "agriculture": 0.2135,
    "land development": 0.1888,
    "compensation": 0.1915,
    "other": 0.2111,
}
"""Seed 003's combined weights of land-revenue spending (shares of the total)."""
SEED_003_INFRASTRUCTURE = (
    SEED_003_SPENDING["urban construction"] + SEED_003_SPENDING["land development"]
)
"""The infrastructure share of that split: urban construction + land development."""
REVENUE_USE_PRESETS: dict[str, tuple[float, float]] = {
    "paper": (1.0, 1.0),
    "earmarked": (0.0, 1.0),
    "seed_003": (SEED_003_INFRASTRUCTURE, SEED_003_INFRASTRUCTURE),
}
"""(θ_R, θ_G) presets: the paper (all receipts and revenue fund infrastructure);
earmarked (no receipts do: 2018 cross-province rules); seed 003's five-way split
applied to both (38.39 %)."""


@dataclass(frozen=True)
class ModelParams:
    """Structural parameters and calibration options.

    Parameters
    ----------
    alpha : float
        Labour share in goods production, α ∈ (0, 1); land gets 1 − α.
    eta : float
        Housing expenditure share, η ∈ (0, 1).
    kappa : float
        Fréchet shape of location tastes (migration elasticity), κ > 1.
    sigma : float
        Labour share in housing production, σ ∈ (0, 1).
    rho : float
        Elasticity of productivity to infrastructure, ρ ∈ [0, 1).
    wedge_basis : {"uniform", "observed"}
        ``"uniform"`` (default) measures land wedges against the undistorted uniform
        price that pays land its Cobb–Douglas share nationally (docs/model.md §2);
        ``"observed"`` is the paper's literal eq. 4/15 with the observed mean land
        price, which mixes annual wage bills with asset prices.
    wedge_labour : {"employment", "residents"}
        Which labour measures the wedges. ``"employment"`` (default, docs/model.md §2,
        decided 2026-12-05): observed urban-unit employment (城镇单位从业人员) for goods
        and real-estate employment (房地产业从业人员) for housing, the paper's own data
        (section 三(一)), whose geography matches the urban-district land data.
        ``"residents"``: the model's L^Y and L^H, i.e. residents split by employment
        shares. Only the wedges (and so the wedge-implied land prices) change.
    tenure_rate : float or None
        If set, the discount rate r of the 70-year land-tenure correction (paper
        eq. 21): productive land prices are put on a 70-year basis. ``None``
        (default) applies no correction.
    price_winsor : float
        Share winsorised at each tail of the observed land prices before the
        land-weighted national price level is taken. Default 0: prices are cleaned and
        winsorised once, where the dataset is built (docs/model.md §2; the embedded data at
        p1/p99). Set it, e.g. 0.01, for a dataset of your own with raw prices.
    receipts_to_infrastructure : float
        θ_R ∈ [0, 1], the share of quota receipts that funds productive infrastructure
        (1 in the paper; 0 when receipts are earmarked for poverty relief and rural
        revitalisation, as the 2018 cross-province rules require).
    revenue_to_infrastructure : float
        θ_G ∈ (0, 1], the share of land revenue (and so of quota payments, which come
        out of it) that funds productive infrastructure. In changes only θ_R/θ_G
        matters: infrastructure Î = s^Y Ŷ + s^H ŵL̂ + (θ_R/θ_G) receipts/G − payments/G.
        See :data:`REVENUE_USE_PRESETS`.
    """

    alpha: float = 0.67
    eta: float = 0.13
    kappa: float = 3.0
    sigma: float = 0.65
    rho: float = 0.103
    wedge_basis: str = "uniform"
    wedge_labour: str = "employment"
    tenure_rate: float | None = None
    price_winsor: float = 0.0
    receipts_to_infrastructure: float = 1.0
    revenue_to_infrastructure: float = 1.0

    def __post_init__(self) -> None:
        _check_open_unit("alpha", self.alpha)
        _check_open_unit("eta", self.eta)
        _check_open_unit("sigma", self.sigma)
        _check_finite("kappa", self.kappa)
        if self.kappa <= 1.0:
            raise ConfigError(
                f"The parameter kappa must be greater than 1 (got {self.kappa!r}): expected "
                "welfare Γ(1 − 1/κ) is undefined otherwise. The paper uses 1.5 to 4."
            )
        _check_finite("rho", self.rho)
        if not 0.0 <= self.rho < 1.0:
            raise ConfigError(f"The parameter rho must lie in [0, 1) (got {self.rho!r}).")
        if self.wedge_basis not in WEDGE_BASES:
            raise ConfigError(
                f"The option wedge_basis must be one of {WEDGE_BASES} (got {self.wedge_basis!r})."
            )
        if self.wedge_labour not in WEDGE_LABOUR:
            raise ConfigError(
                f"The option wedge_labour must be one of {WEDGE_LABOUR} "
                f"(got {self.wedge_labour!r})."
            )
        if self.tenure_rate is not None:
            _check_finite("tenure_rate", self.tenure_rate)
            if not 0.0 < self.tenure_rate < 1.0:
                raise ConfigError(
                    f"The option tenure_rate must lie in (0, 1), e.g. 0.05 for 5 % "
                    f"(got {self.tenure_rate!r}); use None for no tenure correction."
                )
        for name, low_open in (
            ("receipts_to_infrastructure", False),
            ("revenue_to_infrastructure", True),
        ):
            value = getattr(self, name)
            _check_finite(name, value)
            if not (0.0 < value <= 1.0 if low_open else 0.0 <= value <= 1.0):
                interval = "(0, 1]" if low_open else "[0, 1]"
                raise ConfigError(
                    f"The option {name} must lie in {interval} (got {value!r}); "
                    f"presets: {sorted(REVENUE_USE_PRESETS)}."
                )
        _check_finite("price_winsor", self.price_winsor)
        if not 0.0 <= self.price_winsor < 0.5:
            raise ConfigError(
                f"The option price_winsor must lie in [0, 0.5) (got {self.price_winsor!r})."
            )

    @property
    def receipts_weight(self) -> float:
        """Return θ_R/θ_G, the weight of quota receipts in infrastructure.

        How much a yuan of quota receipts counts for infrastructure, relative to a yuan
        of land revenue.
        """
        return self.receipts_to_infrastructure / self.revenue_to_infrastructure

    def with_revenue_use(self, preset: str) -> ModelParams:
        """Return a copy with the revenue-use preset ``preset``.

        See :data:`REVENUE_USE_PRESETS`.
        """
        if preset not in REVENUE_USE_PRESETS:
            raise ConfigError(
                f"Unknown revenue-use preset {preset!r}; choose from {sorted(REVENUE_USE_PRESETS)}."
            )
        receipts, revenue = REVENUE_USE_PRESETS[preset]
        return self.replace(receipts_to_infrastructure=receipts, revenue_to_infrastructure=revenue)

    @classmethod
    def paper_baseline(cls) -> ModelParams:
        """Return the paper's baseline parameters (docs/model.md §2)."""
        return cls()

    @classmethod
    def robustness_variants(cls, base: ModelParams | None = None) -> dict[str, ModelParams]:
        """Return the paper's robustness parameter sets, keyed by a readable name.

        Parameters
        ----------
        base : ModelParams, optional
            The parameters each variant changes one value of (default: the paper's
            baseline).

        Returns
        -------
        dict of str to ModelParams
            ``alpha=0.83``, ``eta=0.31``, ``kappa=1.5``, ``kappa=4``, ``sigma=0.55``,
            ``sigma=0.75``, ``rho=0.05``, ``rho=0.15`` and the land-tenure correction
            at r = 4 %, 5 % and 6 % (``tenure r=0.04`` ...).
        """
        base = cls.paper_baseline() if base is None else base
        variants: dict[str, ModelParams] = {}
        for name, values in (
            ("alpha", (0.83,)),
            ("eta", (0.31,)),
            ("kappa", (1.5, 4.0)),
            ("sigma", (0.55, 0.75)),
            ("rho", (0.05, 0.15)),
        ):
            for value in values:
                variants[f"{name}={value:g}"] = base.replace(**{name: value})
        for rate in (0.04, 0.05, 0.06):
            variants[f"tenure r={rate:g}"] = replace(base, tenure_rate=rate)
        return variants

    @property
    def tenure_factor(self) -> float:
        """Factor putting a 50-year productive land price on a 70-year basis (eq. 21).

        ``(1 − (1+r)^−70) / (1 − (1+r)^−50)``, or 1 when no correction is set.
        """
        if self.tenure_rate is None:
            return 1.0
        r = self.tenure_rate
        return (1.0 - (1.0 + r) ** -TENURE_YEARS_RESIDENTIAL) / (
            1.0 - (1.0 + r) ** -TENURE_YEARS_PRODUCTIVE
        )

    def replace(self, **changes: Any) -> ModelParams:
        """Return a copy with some fields changed (validated again)."""
        unknown = set(changes) - set(asdict(self))
        if unknown:
            raise ConfigError(
                f"Unknown model parameter(s) {sorted(unknown)}; valid names are "
                f"{sorted(asdict(self))}."
            )
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dictionary."""
        return asdict(self)


def _check_finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"The parameter {name} must be a finite number (got {value!r}).")


def _check_open_unit(name: str, value: float) -> None:
    _check_finite(name, value)
    if not 0.0 < value < 1.0:
        raise ConfigError(
            f"The parameter {name} must lie strictly between 0 and 1 (got {value!r})."
        )
