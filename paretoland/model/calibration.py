"""Calibration of the baseline economy (docs/model.md §2).

:func:`calibrate` turns a validated :class:`~paretoland.data.dataset.CityData` and a
:class:`~paretoland.model.params.ModelParams` into a :class:`Calibration`: labour by
origin and destination, land wedges τ^Y and τ^H, wedge-implied land prices, local
government revenue and its shares, real income V, origin welfare W_o and
productivity. Everything the counterfactual solver needs is here.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paretoland.data.dataset import CityData
from paretoland.model.params import ModelParams

__all__ = [
    "Calibration",
    "WedgeSignWarning",
    "calibrate",
    "compute_labour",
    "compute_uniform_price",
    "compute_wedges",
    "compute_price_level",
]


class WedgeSignWarning(UserWarning):
    """Every city's wedge has the same sign, so no city would trade that land use."""


@dataclass(frozen=True, eq=False)
class Calibration:
    """The calibrated baseline economy. Arrays have shape ``(n_cities,)`` unless noted.

    Attributes
    ----------
    data : CityData
        The dataset it was calibrated on.
    params : ModelParams
        The parameters used.
    labour_origin : ndarray
        Hukou labour force L^o_o (persons): hukou population scaled so that its total
        equals total urban-unit employment (城镇单位从业人员, which includes real estate).
    labour : ndarray
        Resident labour L_d = Σ_o m_od L^o_o (persons).
    labour_goods, labour_housing : ndarray
        L^Y_d and L^H_d (persons): L_d split by the city's real-estate share of its
        urban-unit employment, L^H = L · L^H_obs / L^Y_obs and L^Y = L − L^H.
    output : ndarray
        GDP Y_d (yuan per year).
    wage : ndarray
        Observed average wage w_d (yuan per worker per year).
    land_productive, land_residential : ndarray
        R^Y_d and R^H_d (m²).
    price_level_productive, price_level_residential : float
        National land price levels P^Y and P^H (yuan/m²): land-weighted means of the
        observed prices, winsorised where the dataset was built (again only if
        ``params.price_winsor`` > 0; P^Y tenure-corrected if requested).
    uniform_price_productive, uniform_price_residential : float
        Undistorted uniform prices P^Y* = ((1−α)/α) Σ w L^Y / Σ R^Y and
        P^H* = ((1−σ)/σ) Σ w L^H / Σ R^H (yuan per m² per year), with the labour
        chosen by ``params.wedge_labour``.
    wedge_productive, wedge_residential : ndarray
        Land wedges τ^Y_d and τ^H_d (unit-free). τ > 0: land is short (a natural
        buyer); τ < 0: land is in surplus (a natural seller).
    land_price_productive, land_price_residential : ndarray
        Wedge-implied city land prices p^k_d = (1 + τ^k_d) P^k (yuan/m², eq. 17).
    revenue : ndarray
        Local land revenue G_d = p^Y R^Y + p^H R^H (yuan), with baseline F_d = 0.
    revenue_share_productive, revenue_share_residential : ndarray
        s^Y_d and s^H_d, the shares of G_d from each land use (sum to 1).
    real_income : ndarray
        V_d = w_d / (P^h_d)^η.
    migration : ndarray, shape (n_cities, n_cities)
        Migration shares m_od (rows: origin, columns: destination).
    welfare_origin : ndarray
        W_o = Γ(1 − 1/κ) V_o m_oo^(−1/κ).
    welfare_weights : ndarray
        λ_o = L^o_o / Σ L^o (sum to 1).
    tfp : ndarray
        Productivity A_d = Y_d / ((L^Y_d)^α (R^Y_d)^(1−α)).
    tfp_fundamental : ndarray
        Exogenous productivity Ā_d = (A_d / G_d^ρ)^(1/(1−ρ)) (eq. 16).
    """

    data: CityData
    params: ModelParams
    labour_origin: np.ndarray
    labour: np.ndarray
    labour_goods: np.ndarray
    labour_housing: np.ndarray
    output: np.ndarray
    wage: np.ndarray
    land_productive: np.ndarray
    land_residential: np.ndarray
    price_level_productive: float
    price_level_residential: float
    uniform_price_productive: float
    uniform_price_residential: float
    wedge_productive: np.ndarray
    wedge_residential: np.ndarray
    land_price_productive: np.ndarray
    land_price_residential: np.ndarray
    revenue: np.ndarray
    revenue_share_productive: np.ndarray
    revenue_share_residential: np.ndarray
    real_income: np.ndarray
    migration: np.ndarray
    welfare_origin: np.ndarray
    welfare_weights: np.ndarray
    tfp: np.ndarray
    tfp_fundamental: np.ndarray

    @property
    def n_cities(self) -> int:
        """Number of cities."""
        return int(self.output.shape[0])

    @property
    def welfare(self) -> float:
        """National welfare W = Σ_o λ_o W_o."""
        return float(self.welfare_weights @ self.welfare_origin)

    @property
    def output_per_worker(self) -> np.ndarray:
        """Output per resident worker Y_d / L_d (yuan per worker per year)."""
        return self.output / self.labour

    def to_frame(self) -> pd.DataFrame:
        """Return one row per city: identifiers and every calibrated quantity, with units."""
        ids = self.data.cities[["city_code", "name_zh", "name_pinyin", "province_pinyin", "region"]]
        frame = ids.copy()
        columns = {
            "labour_origin_persons": self.labour_origin,
            "labour_persons": self.labour,
            "labour_goods_persons": self.labour_goods,
            "labour_housing_persons": self.labour_housing,
            "wedge_productive": self.wedge_productive,
            "wedge_residential": self.wedge_residential,
            "land_price_productive_yuan_m2": self.land_price_productive,
            "land_price_residential_yuan_m2": self.land_price_residential,
            "revenue_yuan": self.revenue,
            "revenue_share_productive": self.revenue_share_productive,
            "revenue_share_residential": self.revenue_share_residential,
            "real_income": self.real_income,
            "welfare_origin": self.welfare_origin,
            "welfare_weight": self.welfare_weights,
            "tfp": self.tfp,
            "tfp_fundamental": self.tfp_fundamental,
        }
        for name, values in columns.items():
            frame[name] = values
        return frame


def calibrate(data: CityData, params: ModelParams | None = None) -> Calibration:
    """Calibrate the baseline economy to a dataset (docs/model.md §2).

    Parameters
    ----------
    data : CityData
        A validated dataset (see :func:`paretoland.data.dataset.load_cities`).
    params : ModelParams, optional
        Parameters and calibration options; the paper's baseline by default.

    Returns
    -------
    Calibration
        The calibrated economy.

    Warns
    -----
    WedgeSignWarning
        With ``wedge_basis="observed"``, when every wedge of a land use has one sign.
    """
    params = ModelParams.paper_baseline() if params is None else params
    labour_origin, labour, labour_goods, labour_housing = compute_labour(
        data.hukou, data.employment, data.realestate_employment, data.migration
    )
    level_y = (
        compute_price_level(data.land_price_productive, data.land_productive, params.price_winsor)
        * params.tenure_factor
    )
    level_h = compute_price_level(
        data.land_price_residential, data.land_residential, params.price_winsor
    )
    if params.wedge_labour == "employment":
        wedge_goods, wedge_housing = data.employment, data.realestate_employment
    else:
        wedge_goods, wedge_housing = labour_goods, labour_housing
    uniform_y = compute_uniform_price(data.wage, wedge_goods, data.land_productive, params.alpha)
    uniform_h = compute_uniform_price(data.wage, wedge_housing, data.land_residential, params.sigma)
    uniform = params.wedge_basis == "uniform"
    wedge_y = compute_wedges(
        data.wage,
        wedge_goods,
        data.land_productive,
        params.alpha,
        uniform_y if uniform else level_y,
    )
    wedge_h = compute_wedges(
        data.wage,
        wedge_housing,
        data.land_residential,
        params.sigma,
        uniform_h if uniform else level_h,
    )
    if not uniform:
        _warn_if_one_sided(wedge_y, "productive")
        _warn_if_one_sided(wedge_h, "residential")
    price_y = (1.0 + wedge_y) * level_y
    price_h = (1.0 + wedge_h) * level_h
    revenue = price_y * data.land_productive + price_h * data.land_residential
    real_income = data.wage / data.house_price**params.eta
    weights = labour_origin / labour_origin.sum()
    welfare_origin = (
        math.gamma(1.0 - 1.0 / params.kappa)
        * real_income
        * np.diag(data.migration) ** (-1.0 / params.kappa)
    )
    tfp = data.gdp / (labour_goods**params.alpha * data.land_productive ** (1.0 - params.alpha))
    return Calibration(
        data=data,
        params=params,
        labour_origin=labour_origin,
        labour=labour,
        labour_goods=labour_goods,
        labour_housing=labour_housing,
        output=data.gdp,
        wage=data.wage,
        land_productive=data.land_productive,
        land_residential=data.land_residential,
        price_level_productive=level_y,
        price_level_residential=level_h,
        uniform_price_productive=uniform_y,
        uniform_price_residential=uniform_h,
        wedge_productive=wedge_y,
        wedge_residential=wedge_h,
        land_price_productive=price_y,
        land_price_residential=price_h,
        revenue=revenue,
        revenue_share_productive=price_y * data.land_productive / revenue,
        revenue_share_residential=price_h * data.land_residential / revenue,
        real_income=real_income,
        migration=data.migration,
        welfare_origin=welfare_origin,
        welfare_weights=weights,
        tfp=tfp,
        tfp_fundamental=(tfp / revenue**params.rho) ** (1.0 / (1.0 - params.rho)),
    )


def compute_labour(
    hukou: np.ndarray,
    employment: np.ndarray,
    realestate_employment: np.ndarray,
    migration: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Labour by origin and by destination, split by sector (docs/model.md §2).

    Parameters
    ----------
    hukou : ndarray, shape (n,)
        Hukou population (persons).
    employment : ndarray, shape (n,)
        Urban-unit employment (城镇单位从业人员, persons), which includes real estate.
    realestate_employment : ndarray, shape (n,)
        Real-estate employment (房地产业从业人员, persons), part of ``employment``.
    migration : ndarray, shape (n, n)
        Migration shares m_od, rows summing to 1.

    Returns
    -------
    labour_origin, labour, labour_goods, labour_housing : ndarray, shape (n,)
        L^o (hukou scaled so that Σ L^o = Σ employment), L = mᵀ L^o, and L split into
        L^H = L · realestate / employment and L^Y = L − L^H (persons).
    """
    labour_origin = hukou * (employment.sum() / hukou.sum())
    labour = migration.T @ labour_origin
    housing_share = realestate_employment / employment
    return labour_origin, labour, labour * (1.0 - housing_share), labour * housing_share


def compute_uniform_price(
    wage: np.ndarray, labour: np.ndarray, land: np.ndarray, labour_share: float
) -> float:
    """Undistorted uniform land price ((1−β)/β) Σ w L / Σ R (yuan per m² per year).

    Parameters
    ----------
    wage : ndarray, shape (n,)
        Wages (yuan per worker per year).
    labour : ndarray, shape (n,)
        Sector labour (persons).
    land : ndarray, shape (n,)
        Sector land (m²).
    labour_share : float
        The sector's labour share β (α for goods, σ for housing).
    """
    return (1.0 - labour_share) / labour_share * float(wage @ labour) / float(land.sum())


def compute_wedges(
    wage: np.ndarray, labour: np.ndarray, land: np.ndarray, labour_share: float, price: float
) -> np.ndarray:
    """Land wedges 1 + τ_d = ((1−β)/β) w_d L_d / (P R_d) (paper eq. 4 and 15).

    Parameters
    ----------
    wage, labour, land : ndarray, shape (n,)
        Wages (yuan per worker per year), sector labour (persons), sector land (m²).
    labour_share : float
        The sector's labour share β.
    price : float
        The reference land price P. With the uniform price of
        :func:`compute_uniform_price` the wedge is unit-free:
        1 + τ_d = (w_d L_d / R_d) / (Σ w L / Σ R).

    Returns
    -------
    ndarray, shape (n,)
        τ_d (unit-free).
    """
    return (1.0 - labour_share) / labour_share * wage * labour / (price * land) - 1.0


def compute_price_level(prices: np.ndarray, land: np.ndarray, winsor: float) -> float:
    """Land-weighted national mean of observed land prices, after winsorising.

    Parameters
    ----------
    prices : ndarray, shape (n,)
        Observed city land prices (yuan/m²).
    land : ndarray, shape (n,)
        Land areas used as weights (m²).
    winsor : float
        Share clipped at each tail (0 keeps the prices as they are).

    Returns
    -------
    float
        Σ p̃_d R_d / Σ R_d with p̃ the winsorised prices (yuan/m²).
    """
    if winsor > 0.0:
        low, high = np.quantile(prices, [winsor, 1.0 - winsor])
        prices = np.clip(prices, low, high)
    return float(prices @ land) / float(land.sum())


def _warn_if_one_sided(wedge: np.ndarray, use: str) -> None:
    if np.all(wedge > 0) or np.all(wedge < 0):
        warnings.warn(
            f"Every {use} land wedge is {'positive' if wedge[0] > 0 else 'negative'} under "
            "wedge_basis='observed': the paper's literal formula compares an annual wage bill "
            f"with an asset price, so no city would trade {use} land. Use "
            "wedge_basis='uniform' (the default).",
            WedgeSignWarning,
            stacklevel=3,
        )
