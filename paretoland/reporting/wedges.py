"""Writing result folders: tables as CSV, figures as PNG, all or nothing."""

from __future__ import annotations

from pathlib import Path

from paretoland.io.folders import output_folder
from paretoland.model.calibration import Calibration
from paretoland.model.wedges import trading_roles, wedge_shares
from paretoland.reporting.console import format_traders, format_wedge_shares
from paretoland.reporting.figures.wedges import plot_wedge_shares

__all__ = ["export_wedges", "WEDGE_FILES"]

WEDGE_FILES = ("wedge_shares.csv", "wedges_by_city.csv", "wedge_shares.png")


def export_wedges(calibration: Calibration, out_dir: str | Path, *, overwrite: bool = False) -> str:
    """Write the wedge tables and chart to ``out_dir`` and return the console text.

    Parameters
    ----------
    calibration : Calibration
        The calibrated baseline.
    out_dir : str or Path
        Folder for ``wedge_shares.csv`` (share of cities with τ > 0 by area, ours and
        the paper's), ``wedges_by_city.csv`` (τ^Y, τ^H and roles per city) and
        ``wedge_shares.png``. Written whole or not at all; a finished wedges folder is
        replaced only with ``overwrite`` (:func:`paretoland.io.folders.output_folder`).
    overwrite : bool
        Replace a finished wedges folder (files the user added there are kept).

    Returns
    -------
    str
        The share table and the lists of sellers and buyers, for printing.
    """
    shares = wedge_shares(calibration)
    roles = trading_roles(calibration)
    with output_folder(out_dir, "wedges", overwrite=overwrite) as staging:
        shares.to_csv(staging / WEDGE_FILES[0], float_format="%.4f")
        roles.to_csv(staging / WEDGE_FILES[1], index=False, float_format="%.6g")
        figure = plot_wedge_shares(shares)
        figure.savefig(staging / WEDGE_FILES[2])
    written = ", ".join(str(Path(out_dir) / name) for name in WEDGE_FILES)
    return "\n".join(
        [format_wedge_shares(shares), "", format_traders(roles), "", f"wrote {written}"]
    )
