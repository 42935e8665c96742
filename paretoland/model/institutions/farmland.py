"""Farmland accounting of quota trading (docs/model.md §7, seed 001 on farmland protection).

Under the linking policy (城乡建设用地增减挂钩) a construction-land quota is created by
reclaiming rural construction land as farmland, and using it converts farmland into
urban construction land. So every allocation of quotas has a farmland side:

- a seller reclaims ``linking_ratio`` m² of farmland per m² of quota it sells (both
  uses);
- a buyer converts one m² of farmland per m² of quota it buys (both uses).

:func:`farmland_balance` accounts farmland gained and lost by city, province and for
the nation; :func:`farmland_loss_constraint` turns a cap on any province's net
farmland loss into a pymoo-style inequality ``g ≤ 0``.

Seed 001 (王兴杰 et al. 2011, 山东省典型案例区耕地保护经济合理性研究) argues that the
controllable driver of farmland loss is the ratio of land-sale revenue per unit of land
(单位面积土地出让收益) to farming revenue per unit of land (种植业收益), and that
keeping farmland stable requires holding the annual change of this ratio within bounds.
:func:`revenue_ratio_report` computes that ratio by province where the data allow.
The embedded dataset has land prices but no farming revenue per unit of land, so the
farming side must be supplied by the user (see :data:`FARMING_DATA_NOTE`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.data.dataset import M2_PER_KM2, M2_PER_MU, CityData
from paretoland.data.provinces import province_by_code
from paretoland.exceptions import ConfigError, DataError
from paretoland.model.calibration import Calibration
from paretoland.model.quotas import QuotaTrade

__all__ = [
    "FARMING_DATA_NOTE",
    "FarmlandBalance",
    "FarmlandConstraint",
    "RevenueRatioReport",
    "farmland_balance",
    "farmland_loss_constraint",
    "revenue_ratio_report",
]

FARMING_DATA_NOTE = (
    "Farming revenue per unit of land is not in the data: the dataset (cities.csv) and its "
    "raw sources hold no cultivated (耕地) or sown (播种) area and no crop-farming (种植业) "
    "output by province or city. The only related series, CSMAR GDP_PrimInd (第一产业增加值, "
    "万元, by city), covers all primary industry and has no land area to divide it by, so no "
    "per-mu figure can be formed. Supply a frame with columns province_code, "
    "farming_revenue_yuan_per_mu (yuan per mu per year) as farming_revenue=."
)
"""What the farming columns of :func:`revenue_ratio_report` lack, and how to fill them."""

_FLOW_FIELDS = ("sold_productive", "sold_residential", "bought_productive", "bought_residential")
_PROVINCE_KEYS = ["province_code", "province_pinyin"]
_AREA_COLUMNS = ["reclaimed_km2", "converted_km2", "net_farmland_km2"]
_MU_PER_KM2 = M2_PER_KM2 / M2_PER_MU
_PRICE_BASES = ("observed", "implied")


@dataclass(frozen=True, eq=False)
class FarmlandBalance:
    """Farmland reclaimed and converted by a quota trade.

    Attributes
    ----------
    cities : DataFrame
        One row per city, in the dataset's order: ``city_code``, ``name_pinyin``,
        ``province_code``, ``province_pinyin``, ``reclaimed_km2``, ``converted_km2``,
        ``net_farmland_km2`` (reclaimed − converted), and the same three in mu
        (``reclaimed_mu``, ``converted_mu``, ``net_farmland_mu``).
    provinces : DataFrame
        The same columns summed by province (no city columns), sorted by province code.
    linking_ratio : float
        m² of farmland reclaimed per m² of quota sold.
    """

    cities: pd.DataFrame
    provinces: pd.DataFrame
    linking_ratio: float

    @property
    def reclaimed_km2(self) -> float:
        """National farmland reclaimed (km²)."""
        return float(self.cities["reclaimed_km2"].sum())

    @property
    def converted_km2(self) -> float:
        """National farmland converted (km²)."""
        return float(self.cities["converted_km2"].sum())

    @property
    def national_net_km2(self) -> float:
        """National net farmland change, reclaimed − converted (km²).

        Zero when ``linking_ratio == 1`` and the trade conserves land (Σ sold = Σ bought);
        ``(linking_ratio − 1) × land moved`` in general for a conserving trade.
        """
        return self.reclaimed_km2 - self.converted_km2

    @property
    def net_loss_km2(self) -> pd.Series:
        """Net farmland loss by province (km², = −net_farmland_km2; negative is a gain)."""
        return pd.Series(
            -self.provinces["net_farmland_km2"].to_numpy(),
            index=self.provinces["province_pinyin"].to_numpy(),
            name="net_loss_km2",
        )

    @property
    def max_net_loss_km2(self) -> float:
        """The largest net farmland loss of any province (km²; negative if all gain)."""
        return float(self.net_loss_km2.max())

    @property
    def worst_province(self) -> str:
        """Pinyin name of the province with the largest net farmland loss."""
        return str(self.net_loss_km2.idxmax())


@dataclass(frozen=True, eq=False)
class FarmlandConstraint:
    """A cap on every province's net farmland loss, evaluated for one trade.

    Attributes
    ----------
    value : float
        pymoo-style constraint ``G = max_p(net loss_p) − cap`` (km²); satisfied if ≤ 0.
    cap_km2 : float
        The cap (km²).
    exceedances : DataFrame
        Provinces whose net loss exceeds the cap: ``province_code``, ``province_pinyin``,
        ``net_loss_km2``, ``excess_km2`` (loss − cap > 0), largest excess first.
    """

    value: float
    cap_km2: float
    exceedances: pd.DataFrame

    @property
    def satisfied(self) -> bool:
        """Whether no province loses more than the cap."""
        return self.value <= 0.0


@dataclass(frozen=True, eq=False)
class RevenueRatioReport:
    """Land-sale revenue per unit of land against farming revenue per unit of land.

    Attributes
    ----------
    table : DataFrame
        One row per province, sorted by code: ``province_code``, ``province_pinyin``,
        ``land_km2`` (construction land R^Y + R^H), ``land_price_productive_yuan_m2``,
        ``land_price_residential_yuan_m2``, ``land_price_yuan_m2`` (land-weighted over
        cities, and over both uses for the last), ``land_revenue_yuan_per_mu``
        (``land_price_yuan_m2 × M2_PER_MU``), ``farming_revenue_yuan_per_mu`` (NaN where
        not supplied), ``revenue_ratio`` (land over farming, unit-free; NaN where farming
        revenue is missing), and ``note``. With a trade also ``converted_km2``,
        ``land_price_converted_yuan_m2`` (weighted by the land bought per use; NaN where
        nothing is bought) and ``revenue_ratio_converted``.
    note : str
        What data are missing, or ``""`` if the ratio is available for every province.
    price_basis : str
        ``"observed"`` (the dataset's transaction prices) or ``"implied"`` (the
        calibration's wedge-implied prices p^k = (1 + τ^k) P^k).
    """

    table: pd.DataFrame
    note: str
    price_basis: str

    @property
    def complete(self) -> bool:
        """Whether the ratio is available for every province."""
        return bool(self.table["revenue_ratio"].notna().all())


# ------------------------------------------------------------------ balance
def _validate_flows(trade: QuotaTrade, n_cities: int) -> dict[str, np.ndarray]:
    flows = {}
    for name in _FLOW_FIELDS:
        values = np.asarray(getattr(trade, name), dtype=np.float64)
        if values.shape != (n_cities,):
            raise ConfigError(
                f"trade.{name} has shape {values.shape} but the dataset has {n_cities} cities; "
                "build the trade from a calibration of this dataset."
            )
        bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
        if bad.size:
            raise DataError(
                f"trade.{name} must be finite and non-negative (m²); city index "
                f"{int(bad[0])} has {values[bad[0]]!r}."
            )
        flows[name] = values
    return flows


def _with_mu(frame: pd.DataFrame) -> pd.DataFrame:
    for column in _AREA_COLUMNS:
        frame[column.replace("_km2", "_mu")] = frame[column] * _MU_PER_KM2
    return frame


def farmland_balance(
    trade: QuotaTrade, data: CityData, *, linking_ratio: float = 1.0
) -> FarmlandBalance:
    """Account farmland reclaimed and converted by a quota trade, by city and province.

    Parameters
    ----------
    trade : QuotaTrade
        The trade; its ``sold_*`` and ``bought_*`` arrays (m², shape ``(n_cities,)``).
    data : CityData
        The dataset the trade was built on (identifiers and provinces).
    linking_ratio : float
        m² of farmland reclaimed per m² of quota sold (> 0; 1 is strict 1:1 linking).

    Returns
    -------
    FarmlandBalance
        ``reclaimed = linking_ratio × (sold^Y + sold^H)``, ``converted = bought^Y +
        bought^H``, ``net = reclaimed − converted``, in km² and mu.

    Raises
    ------
    ConfigError
        If ``linking_ratio`` is not finite and positive, or the trade's arrays do not
        match the dataset's cities.
    DataError
        If a land flow is negative or not finite.
    """
    if not (np.isfinite(linking_ratio) and linking_ratio > 0):
        raise ConfigError(f"linking_ratio must be finite and positive (got {linking_ratio!r}).")
    flows = _validate_flows(trade, data.n_cities)
    sold = flows["sold_productive"] + flows["sold_residential"]
    bought = flows["bought_productive"] + flows["bought_residential"]
    reclaimed = linking_ratio * sold / M2_PER_KM2
    converted = bought / M2_PER_KM2
    cities = pd.DataFrame(
        {
            "city_code": data.codes,
            "name_pinyin": data.names,
            "province_code": data.province_codes,
            "province_pinyin": data.provinces,
            "reclaimed_km2": reclaimed,
            "converted_km2": converted,
            "net_farmland_km2": reclaimed - converted,
        }
    )
    provinces = cities.groupby(_PROVINCE_KEYS, sort=True, as_index=False)[_AREA_COLUMNS].sum()
    return FarmlandBalance(
        cities=_with_mu(cities), provinces=_with_mu(provinces), linking_ratio=float(linking_ratio)
    )


def farmland_loss_constraint(balance: FarmlandBalance, cap_km2: float) -> FarmlandConstraint:
    """Evaluate a cap on every province's net farmland loss.

    Parameters
    ----------
    balance : FarmlandBalance
        From :func:`farmland_balance`.
    cap_km2 : float
        Largest net farmland loss allowed in any province (km², ≥ 0; 0 means no
        province may lose farmland on net).

    Returns
    -------
    FarmlandConstraint
        ``value = max_p(net loss_p) − cap_km2`` (≤ 0: satisfied), for ``out["G"]``,
        and the provinces over the cap.

    Raises
    ------
    ConfigError
        If ``cap_km2`` is negative or not finite.
    """
    if not (np.isfinite(cap_km2) and cap_km2 >= 0):
        raise ConfigError(
            f"cap_km2 must be finite and non-negative (got {cap_km2!r}); "
            "it is the largest net farmland loss (km²) a province may have."
        )
    loss = -balance.provinces["net_farmland_km2"].to_numpy()
    table = balance.provinces[_PROVINCE_KEYS].assign(net_loss_km2=loss, excess_km2=loss - cap_km2)
    over = table[table["excess_km2"] > 0].sort_values("excess_km2", ascending=False)
    return FarmlandConstraint(
        value=float(loss.max() - cap_km2),
        cap_km2=float(cap_km2),
        exceedances=over.reset_index(drop=True),
    )


# ------------------------------------------------------------------ revenue ratio
def _validate_farming(frame: pd.DataFrame) -> pd.Series:
    """Return farming revenue (yuan/mu) indexed by province code, or raise DataError."""
    required = ("province_code", "farming_revenue_yuan_per_mu")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(
            f"farming_revenue is missing column(s) {missing}; expected {list(required)}."
        )
    codes = frame["province_code"].astype(str).str.strip()
    values = pd.to_numeric(frame["farming_revenue_yuan_per_mu"], errors="coerce")
    for row, code, value in zip(frame.index, codes, values, strict=True):
        if province_by_code(code) is None:
            raise DataError(
                f"farming_revenue row {row}: unknown province_code {code!r}; "
                "use 6-digit division codes such as '370000' (Shandong)."
            )
        if not np.isfinite(value):
            raise DataError(
                f"farming_revenue row {row} (province {code}): "
                "farming_revenue_yuan_per_mu is missing or not a number."
            )
        if value <= 0:
            raise DataError(
                f"farming_revenue row {row} (province {code}): "
                f"farming_revenue_yuan_per_mu must be positive (got {value!r})."
            )
    duplicated = codes[codes.duplicated()]
    if len(duplicated):
        raise DataError(
            f"farming_revenue row {duplicated.index[0]}: province_code "
            f"{duplicated.iloc[0]!r} appears more than once."
        )
    return pd.Series(values.to_numpy(), index=codes.to_numpy())


def _city_prices(calibration: Calibration, price_basis: str) -> tuple[np.ndarray, np.ndarray]:
    if price_basis not in _PRICE_BASES:
        raise ConfigError(f"price_basis must be one of {_PRICE_BASES} (got {price_basis!r}).")
    if price_basis == "implied":
        return calibration.land_price_productive, calibration.land_price_residential
    return calibration.data.land_price_productive, calibration.data.land_price_residential


def _weighted(frame: pd.DataFrame, value: str, weight: str) -> pd.Series:
    sums = frame.groupby("province_code", sort=True)[[value, weight]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums[value] / sums[weight].where(sums[weight] > 0)


def _land_prices(
    calibration: Calibration, price_basis: str, trade: QuotaTrade | None
) -> pd.DataFrame:
    data = calibration.data
    price_y, price_h = _city_prices(calibration, price_basis)
    land_y, land_h = data.land_productive, data.land_residential
    cities = pd.DataFrame(
        {
            "province_code": data.province_codes,
            "province_pinyin": data.provinces,
            "value_y": price_y * land_y,
            "land_y": land_y,
            "value_h": price_h * land_h,
            "land_h": land_h,
            "value": price_y * land_y + price_h * land_h,
            "land": land_y + land_h,
        }
    )
    table = cities.groupby(_PROVINCE_KEYS, sort=True, as_index=False)[["land"]].sum()
    table["land_km2"] = table.pop("land") / M2_PER_KM2
    for column, value, weight in (
        ("land_price_productive_yuan_m2", "value_y", "land_y"),
        ("land_price_residential_yuan_m2", "value_h", "land_h"),
        ("land_price_yuan_m2", "value", "land"),
    ):
        table[column] = _weighted(cities, value, weight).to_numpy()
    if trade is not None:
        flows = _validate_flows(trade, data.n_cities)
        bought_y, bought_h = flows["bought_productive"], flows["bought_residential"]
        cities["bought_value"] = price_y * bought_y + price_h * bought_h
        cities["bought"] = bought_y + bought_h
        bought = cities.groupby("province_code", sort=True)["bought"].sum().to_numpy()
        table["converted_km2"] = bought / M2_PER_KM2
        converted_price = _weighted(cities, "bought_value", "bought")
        table["land_price_converted_yuan_m2"] = converted_price.to_numpy()
    return table


def revenue_ratio_report(
    calibration: Calibration,
    trade: QuotaTrade | None = None,
    *,
    farming_revenue: pd.DataFrame | None = None,
    price_basis: str = "observed",
) -> RevenueRatioReport:
    """Ratio of land-sale revenue to farming revenue per unit of land, by province.

    Seed 001's control indicator: 单位面积土地出让收益与种植业收益比. Land-sale revenue
    per unit of land is proxied by the land price (yuan/m², gross of acquisition costs
    and fees), land-weighted over the province's cities and both uses.

    Parameters
    ----------
    calibration : Calibration
        The baseline (dataset, land stocks, prices).
    trade : QuotaTrade, optional
        If given, the ratio is also computed on the land the trade converts, with the
        province's price weighted by the land bought per use.
    farming_revenue : DataFrame, optional
        Columns ``province_code`` (6-digit) and ``farming_revenue_yuan_per_mu`` (yuan per
        mu per year, > 0). Provinces it names that are not in the dataset are ignored;
        provinces of the dataset it omits get NaN ratios.
    price_basis : {"observed", "implied"}
        The dataset's observed prices, or the calibration's wedge-implied prices.

    Returns
    -------
    RevenueRatioReport
        Without ``farming_revenue`` the farming and ratio columns are NaN and ``note``
        is :data:`FARMING_DATA_NOTE`.

    Raises
    ------
    DataError
        If ``farming_revenue`` lacks a column, or a row has an unknown province code,
        a missing, non-numeric or non-positive value, or a repeated code.
    ConfigError
        If ``price_basis`` is unknown or the trade does not match the dataset.
    """
    table = _land_prices(calibration, price_basis, trade)
    table["land_revenue_yuan_per_mu"] = table["land_price_yuan_m2"] * M2_PER_MU
    if farming_revenue is None:
        farming = pd.Series(np.nan, index=table["province_code"])
    else:
        farming = _validate_farming(farming_revenue).reindex(table["province_code"])
    table["farming_revenue_yuan_per_mu"] = farming.to_numpy()
    farming_per_mu = table["farming_revenue_yuan_per_mu"]
    table["revenue_ratio"] = table["land_revenue_yuan_per_mu"] / farming_per_mu
    if trade is not None:
        converted_per_mu = table["land_price_converted_yuan_m2"] * M2_PER_MU
        table["revenue_ratio_converted"] = converted_per_mu / farming_per_mu
    absent = farming_per_mu.isna()
    if farming_revenue is None:
        note = FARMING_DATA_NOTE
        table["note"] = "no farming revenue per mu in the data"
    else:
        table["note"] = np.where(absent, "province not in farming_revenue", "")
        names = ", ".join(table.loc[absent, "province_pinyin"])
        note = f"farming_revenue has no row for: {names}." if names else ""
    return RevenueRatioReport(table=table, note=note, price_basis=price_basis)
