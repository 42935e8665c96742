"""Plain-text reports of the calibrated baseline, for the console."""

from __future__ import annotations

import numpy as np
import pandas as pd

from paretoland.data.city_names import display_names
from paretoland.data.dataset import CityData
from paretoland.model.calibration import Calibration
from paretoland.model.wedges import LAND_USES, trading_roles, wedge_shares

__all__ = ["format_wedge_shares", "format_traders", "baseline_report"]

_RULE = "=" * 78


def format_wedge_shares(table: pd.DataFrame) -> str:
    """Fixed-width table of positive-wedge shares, ours beside the paper's."""
    lines = [
        f"{'area':<11}{'cities':>7}   {'productive τ^Y>0 (%)':>22}   {'residential τ^H>0 (%)':>22}",
        f"{'':<11}{'':>7}   {'ours':>10} {'paper':>11}   {'ours':>10} {'paper':>11}",
    ]
    for area, row in table.iterrows():
        cells = []
        for use in LAND_USES:
            paper = row[f"paper_{use}_pct"]
            shown = "" if np.isnan(paper) else f"{paper:.2f}"
            cells.append(f"{row[f'{use}_positive_pct']:>10.1f} {shown:>11}")
        lines.append(f"{area:<11}{int(row['n_cities']):>7}   {cells[0]}   {cells[1]}")
    return "\n".join(lines)


def format_traders(roles: pd.DataFrame, *, limit: int = 12) -> str:
    """Sellers and buyers per land use, strongest wedges first (``limit`` names each)."""
    roles = roles.assign(name=display_names(roles, "en"))
    lines = []
    for use in LAND_USES:
        ranked = roles.sort_values(f"wedge_{use}")
        for role, frame in (
            ("sellers (τ<0)", ranked[ranked[f"role_{use}"] == "seller"]),
            ("buyers (τ>0)", ranked[ranked[f"role_{use}"] == "buyer"][::-1]),
        ):
            names = ", ".join(
                f"{r['name']} {r[f'wedge_{use}']:+.2f}" for _, r in frame.head(limit).iterrows()
            )
            more = f", … (+{len(frame) - limit})" if len(frame) > limit else ""
            lines.append(f"{use} {role}: {len(frame)} cities")
            lines.append(f"    {names}{more}")
    return "\n".join(lines)


def baseline_report(calibration: Calibration) -> str:
    """Return the calibrated baseline economy as a readable console report."""
    data, p = calibration.data, calibration.params
    tenure = (
        "none"
        if p.tenure_rate is None
        else f"r = {p.tenure_rate:.0%} (factor {p.tenure_factor:.4f})"
    )
    sy = calibration.revenue_share_productive
    parts = [
        _RULE,
        "paretoland: calibrated baseline economy (docs/model.md §2)",
        _RULE,
        f"data: {data.source}",
        f"cities: {calibration.n_cities} in {len(set(data.province_codes))} provinces; "
        f"{_flag_line(data)}",
        f"parameters: α={p.alpha} η={p.eta} κ={p.kappa} σ={p.sigma} ρ={p.rho}; "
        f"wedges: {p.wedge_basis} basis, {p.wedge_labour} labour; tenure correction: {tenure}",
        "",
        f"GDP                      {calibration.output.sum() / 1e12:>12.2f} trillion yuan",
        f"labour (employment)      {calibration.labour.sum() / 1e6:>12.2f} million",
        f"  of which real estate   {calibration.labour_housing.sum() / 1e6:>12.2f} million",
        f"productive land R^Y      {calibration.land_productive.sum() / 1e6:>12.0f} km²",
        f"residential land R^H     {calibration.land_residential.sum() / 1e6:>12.0f} km²",
        f"land price level P^Y     {calibration.price_level_productive:>12.1f} yuan/m²",
        f"land price level P^H     {calibration.price_level_residential:>12.1f} yuan/m²",
        f"uniform price P^Y*       {calibration.uniform_price_productive:>12.2f} yuan/m² per year",
        f"uniform price P^H*       {calibration.uniform_price_residential:>12.2f} yuan/m² per year",
        f"land revenue G           {calibration.revenue.sum() / 1e12:>12.2f} trillion yuan",
        f"revenue share s^Y        median {np.median(sy):.3f} (p10 {np.quantile(sy, 0.1):.3f}, "
        f"p90 {np.quantile(sy, 0.9):.3f})",
        f"stayers m_oo             median {np.median(np.diag(calibration.migration)):.3f}",
        f"national welfare W       {calibration.welfare:>12.1f}",
        "",
        "Share of cities with a positive land wedge (land short relative to labour)",
        format_wedge_shares(wedge_shares(calibration)),
        "",
        format_traders(trading_roles(calibration)),
        _RULE,
    ]
    return "\n".join(parts)


def _flag_line(data: CityData) -> str:
    flagged = data.flag_report()["n_flagged"]
    if flagged.sum() == 0:
        return "no constructed or imputed values flagged"
    return (
        f"{int((flagged > 0).sum())} columns carry constructed or imputed values "
        "(see: paretoland data flags)"
    )
