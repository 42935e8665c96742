"""Chongqing land tickets (地票, docs/model.md §7): seller-side pricing and farmers' income.

Seed ``002_88461b2dd0383140.txt`` (Zhang & Wang, 地票交易的内在价值与定价模式分析)
describes how a ticket's price is split:

- the floor price P_D is the offsettable fees (可冲抵费用): the new-construction-land
  paid-use fee C_c (新增建设用地有偿使用费) plus the farmland reclamation fee C_k
  (耕地开垦费), about 73,000 yuan/mu in the main urban area (line 200);
- the option price P_X = P − P_D is what a buyer bids above the floor (line 196–198);
- the net proceeds P − C_FK after the reclamation cost C_FK (37,000 yuan/mu, line 329)
  go μ = 85 % to the farmer and ν = 15 % to the village collective (line 280);
- a farmer supplies a ticket only if the farmer's share I_f beats the outside option
  I_f0 (the participation condition, lines 299–303).

The seed's equation images are missing from the text; I_f = μ (P − C_FK) is read off
the words "地票净收益 85∶15" and "在土地复垦费不变的情况下,地票成交价格越高,农民获得的收益越大"
(line 222). All prices here are yuan per mu unless a name says ``m2``; the quota module
(:mod:`paretoland.model.quotas`) works in m² and yuan/m², hence the explicit conversions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_MU
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.quotas import QuotaTrade

__all__ = [
    "M2_PER_MU",
    "ParticipationShortfall",
    "TicketPricing",
    "farmer_income_by_city",
    "m2_to_mu",
    "mu_to_m2",
    "participation_shortfall",
    "yuan_per_m2_to_mu",
    "yuan_per_mu_to_m2",
]


ArrayLike = float | np.ndarray


def yuan_per_mu_to_m2(price: ArrayLike) -> ArrayLike:
    """Convert a price from yuan/mu to yuan/m² (350,000 yuan/mu → 525 yuan/m²).

    Parameters
    ----------
    price : float or ndarray
        Price (yuan/mu).

    Returns
    -------
    float or ndarray
        Price (yuan/m²), same shape.
    """
    return np.divide(price, M2_PER_MU)


def yuan_per_m2_to_mu(price: ArrayLike) -> ArrayLike:
    """Convert a price from yuan/m² to yuan/mu (525 yuan/m² → 350,000 yuan/mu).

    Parameters
    ----------
    price : float or ndarray
        Price (yuan/m²).

    Returns
    -------
    float or ndarray
        Price (yuan/mu), same shape.
    """
    return np.multiply(price, M2_PER_MU)


def m2_to_mu(area: ArrayLike) -> ArrayLike:
    """Convert an area from m² to mu (666.67 m² → 1 mu)."""
    return np.divide(area, M2_PER_MU)


def mu_to_m2(area: ArrayLike) -> ArrayLike:
    """Convert an area from mu to m² (1 mu → 666.67 m²)."""
    return np.multiply(area, M2_PER_MU)


def _validated_prices(price: ArrayLike, name: str) -> np.ndarray:
    """Return ``price`` as a float array.

    Raise ConfigError naming ``name`` if any entry is negative or not finite.
    """
    values = np.asarray(price, dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        raise ConfigError(
            f"The {name} must be finite and non-negative yuan/mu (got {values[bad].ravel()[:5]}); "
            "convert yuan/m² with yuan_per_m2_to_mu."
        )
    return values


def _out(values: np.ndarray) -> ArrayLike:
    """Return a Python scalar for 0-d results, the array otherwise."""
    return values.item() if values.ndim == 0 else values


# The seed gives only the total offsettable fees for the main urban area, "重庆主城区目前
# 可冲抵费用约为 7.3 万元/亩,与 2008 年首笔地票交易时一致" (seed 002, line 200), and names the
# two parts (C_c 新增建设用地有偿使用费, C_k 耕地开垦费; line 191–194) without their amounts.
# The defaults split the 73,000 yuan/mu evenly: the split is NOT from the seed, and nothing
# here depends on it (only the sum, the floor price, enters any formula).
_DEFAULT_USE_FEE = 36_500.0  # yuan/mu, assumed half of 73,000
_DEFAULT_RECLAMATION_FEE = 36_500.0  # yuan/mu, assumed half of 73,000
# "地票复垦成本 CFK均为 3.7 万元/亩" (seed 002, line 329).
_DEFAULT_RECLAMATION_COST = 37_000.0
# "重庆市现行的分配规则规定:μ=0.85,ν=0.15" (seed 002, line 279–280).
_DEFAULT_FARMER_SHARE = 0.85
_DEFAULT_COLLECTIVE_SHARE = 0.15


@dataclass(frozen=True)
class TicketPricing:
    """How a land ticket's traded price is split (all amounts in yuan/mu).

    Parameters
    ----------
    use_fee : float
        New-construction-land paid-use fee C_c (新增建设用地有偿使用费).
    reclamation_fee : float
        Farmland reclamation fee C_k (耕地开垦费). ``use_fee + reclamation_fee`` is the
        floor price P_D (73,000 in the main urban area; the even default split is an
        assumption, the seed gives only the total).
    reclamation_cost : float
        Cost C_FK of reclaiming the homestead as farmland (seed: 37,000).
    farmer_share, collective_share : float
        Shares μ and ν of the net proceeds going to the farmer and the village
        collective (seed: 0.85 and 0.15); they must sum to 1.
    outside_option : float
        What the farmer gets without supplying the ticket, I_f0 (default 0: the farmer
        takes part whenever the net proceeds are positive).
    """

    use_fee: float = _DEFAULT_USE_FEE
    reclamation_fee: float = _DEFAULT_RECLAMATION_FEE
    reclamation_cost: float = _DEFAULT_RECLAMATION_COST
    farmer_share: float = _DEFAULT_FARMER_SHARE
    collective_share: float = _DEFAULT_COLLECTIVE_SHARE
    outside_option: float = 0.0

    def __post_init__(self) -> None:
        for name in ("use_fee", "reclamation_fee", "reclamation_cost", "outside_option"):
            value = getattr(self, name)
            if not np.isfinite(value) or value < 0:
                raise ConfigError(
                    f"The ticket pricing option {name} must be a finite non-negative amount "
                    f"in yuan/mu (got {value!r})."
                )
        for name in ("farmer_share", "collective_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(
                    f"The ticket pricing option {name} must lie in [0, 1] (got {value!r})."
                )
        if not np.isclose(self.farmer_share + self.collective_share, 1.0, rtol=0, atol=1e-12):
            raise ConfigError(
                "The ticket pricing options farmer_share and collective_share must sum to 1 "
                f"(got {self.farmer_share!r} + {self.collective_share!r}); Chongqing uses "
                "0.85 and 0.15."
            )

    @property
    def floor_price(self) -> float:
        """Floor price P_D = C_c + C_k, the offsettable fees (yuan/mu)."""
        return self.use_fee + self.reclamation_fee

    def option_price(self, traded_price: ArrayLike) -> ArrayLike:
        """Option price P_X = P − P_D a buyer pays above the floor (yuan/mu).

        Parameters
        ----------
        traded_price : float or ndarray
            Traded price P (yuan/mu, non-negative).

        Returns
        -------
        float or ndarray
            Same shape; negative where P is below the floor (not a valid sale under
            Chongqing's rules, where the floor is the lowest price).
        """
        return _out(_validated_prices(traded_price, "traded_price") - self.floor_price)

    def net_proceeds(self, traded_price: ArrayLike) -> ArrayLike:
        """Net proceeds P − C_FK shared between farmer and collective (yuan/mu).

        Parameters
        ----------
        traded_price : float or ndarray
            Traded price P (yuan/mu, non-negative).

        Returns
        -------
        float or ndarray
            Same shape; negative where the price does not cover the reclamation cost.
        """
        return _out(_validated_prices(traded_price, "traded_price") - self.reclamation_cost)

    def farmer_income(self, traded_price: ArrayLike) -> ArrayLike:
        """Farmer's share I_f = μ (P − C_FK) (yuan/mu; same shape as ``traded_price``)."""
        return _out(self.farmer_share * np.asarray(self.net_proceeds(traded_price)))

    def collective_income(self, traded_price: ArrayLike) -> ArrayLike:
        """Village collective's share ν (P − C_FK) (yuan/mu; same shape as ``traded_price``)."""
        return _out(self.collective_share * np.asarray(self.net_proceeds(traded_price)))

    def participation_margin(self, traded_price: ArrayLike) -> ArrayLike:
        """I_f − I_f0: farmer's share minus the outside option (yuan/mu; > 0 takes part)."""
        return _out(np.asarray(self.farmer_income(traded_price)) - self.outside_option)

    def participates(self, traded_price: ArrayLike) -> bool | np.ndarray:
        """Whether the farmer supplies the ticket: I_f > I_f0 (strict, seed line 299).

        At I_f = I_f0 the seed's game has two equilibria; this takes the farmer not to
        supply. Returns a bool, or a bool array of the shape of ``traded_price``.
        """
        takes_part = np.asarray(self.participation_margin(traded_price)) > 0
        return bool(takes_part) if takes_part.ndim == 0 else takes_part


def _seller_prices_m2(
    trade: QuotaTrade, seller_price: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (land sold in m², price sellers receive in yuan/m², NaN for non-sellers)."""
    sold = np.asarray(trade.sold_productive, float) + np.asarray(trade.sold_residential, float)
    receipts = np.asarray(trade.receipts, float)
    if sold.shape != receipts.shape or sold.ndim != 1:
        raise DataError(
            f"The trade's sold land and receipts must be 1-d arrays of one shape (got "
            f"{sold.shape} and {receipts.shape})."
        )
    if (sold < 0).any() or not np.isfinite(sold).all():
        bad = np.flatnonzero(~(np.isfinite(sold) & (sold >= 0))).tolist()
        raise DataError(f"Land sold must be finite and non-negative m² (cities {bad}).")
    seller = sold > 0
    price = np.full(sold.shape, np.nan)
    if seller_price is None:
        price[seller] = receipts[seller] / sold[seller]
        bad = seller & ~(price >= 0)
        if bad.any():
            raise DataError(
                f"Cities {np.flatnonzero(bad).tolist()} sold land for negative or non-finite "
                "receipts; pass seller_price explicitly."
            )
    else:
        given = np.broadcast_to(_validated_prices(seller_price, "seller_price"), sold.shape)
        price[seller] = given[seller]
    return sold, price


def _city_index(codes: np.ndarray | list | None, n: int) -> pd.Index:
    if codes is None:
        return pd.RangeIndex(n, name="city")
    if len(codes) != n:
        raise DataError(f"Got {len(codes)} city codes for a trade of {n} cities.")
    return pd.Index(list(codes), name="city_code")


def farmer_income_by_city(
    trade: QuotaTrade,
    pricing: TicketPricing,
    *,
    seller_price: ArrayLike | None = None,
    codes: np.ndarray | list | None = None,
) -> pd.DataFrame:
    """Farmers' and collectives' income from the land each city sells in a quota trade.

    Every m² a seller city gives up (both uses) is treated as reclaimed homestead sold
    as land tickets at the price the seller receives.

    Parameters
    ----------
    trade : QuotaTrade
        The trade (land in m², money in yuan).
    pricing : TicketPricing
        How the price is split.
    seller_price : float or ndarray(float, shape=(n_cities,)), optional
        Price sellers receive (yuan/m², like :data:`paretoland.model.quotas.rule.SELLER_PRICE`).
        Default: the realised price, receipts / land sold, per city.
    codes : sequence of str, optional
        City codes for the index (e.g. ``calibration.data.codes``); default 0..n−1.

    Returns
    -------
    DataFrame
        One row per city: ``seller`` (bool), ``land_sold_mu`` (mu), ``price_yuan_mu``
        (yuan/mu; NaN for non-sellers), ``farmer_income_yuan`` and
        ``collective_income_yuan`` (yuan; 0 for non-sellers) and ``participates``
        (nullable boolean; <NA> for non-sellers, whose farmers are not asked).
    """
    sold_m2, price_m2 = _seller_prices_m2(trade, seller_price)
    seller = sold_m2 > 0
    land_mu = np.asarray(m2_to_mu(sold_m2))
    price_mu = np.asarray(yuan_per_m2_to_mu(price_m2))
    farmer, collective = np.zeros(sold_m2.shape), np.zeros(sold_m2.shape)
    participates = pd.array([pd.NA] * sold_m2.size, dtype="boolean")
    if seller.any():
        farmer[seller] = land_mu[seller] * pricing.farmer_income(price_mu[seller])
        collective[seller] = land_mu[seller] * pricing.collective_income(price_mu[seller])
        participates[seller] = pricing.participates(price_mu[seller])
    return pd.DataFrame(
        {
            "seller": seller,
            "land_sold_mu": land_mu,
            "price_yuan_mu": price_mu,
            "farmer_income_yuan": farmer,
            "collective_income_yuan": collective,
            "participates": participates,
        },
        index=_city_index(codes, sold_m2.size),
    )


@dataclass(frozen=True)
class ParticipationShortfall:
    """The farmers' participation condition over a trade's seller cities.

    Attributes
    ----------
    margin : Series
        Per seller city, farmer's share minus outside option, I_f − I_f0 (yuan/mu;
        positive = takes part).
    shortfall : Series
        Per seller city, max(0, I_f0 − I_f) (yuan/mu; 0 = satisfied).
    worst : float
        The largest shortfall (yuan/mu; 0 if every seller's farmers take part or there
        are no sellers). As a constraint in ``g ≤ 0`` form: ``worst ≤ 0``.
    """

    margin: pd.Series
    shortfall: pd.Series
    worst: float

    @property
    def satisfied(self) -> bool:
        """Whether farmers in every seller city take part."""
        return self.worst <= 0


def participation_shortfall(
    trade: QuotaTrade,
    pricing: TicketPricing,
    *,
    seller_price: ArrayLike | None = None,
    codes: np.ndarray | list | None = None,
) -> ParticipationShortfall:
    """Evaluate the participation condition I_f > I_f0 in every seller city of a trade.

    Parameters
    ----------
    trade : QuotaTrade
        The trade.
    pricing : TicketPricing
        The price split and the outside option.
    seller_price : float or ndarray, optional
        Price sellers receive (yuan/m²); default the realised receipts / land sold.
    codes : sequence of str, optional
        City codes for labelling; default 0..n−1.

    Returns
    -------
    ParticipationShortfall
        Series indexed by seller cities only.
    """
    table = farmer_income_by_city(trade, pricing, seller_price=seller_price, codes=codes)
    prices = table.loc[table["seller"], "price_yuan_mu"]
    margin = pd.Series(
        np.asarray(pricing.participation_margin(prices.to_numpy()), float),
        index=prices.index,
        name="margin_yuan_mu",
    )
    shortfall = (-margin).clip(lower=0.0).rename("shortfall_yuan_mu")
    worst = float(shortfall.max()) if len(shortfall) else 0.0
    return ParticipationShortfall(margin=margin, shortfall=shortfall, worst=worst)
