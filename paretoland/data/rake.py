"""Make a migration matrix consistent with observed residents (``paretoland data rake``).

The model reads residents off the matrix, ``L = mᵀ L^o``, so a dataset's stated
residents must equal ``mᵀ hukou`` in shares. A user with census residents and a
matrix from elsewhere rarely has that. :func:`rake_migration` fixes the matrix, not
the residents, by iterative proportional fitting (IPF, the method the default
dataset's matrix is built with, :func:`paretoland.data.build.migration.fit_ipf`):

- the seed is the flow matrix ``F_od = hukou_o · m_od``;
- IPF scales its rows and columns in turn until every origin's row sums to its hukou
  population and every destination's column to its residents (scaled to the hukou
  total), to a relative error of 1e-12;
- the raked shares are ``m'_od = F'_od / hukou_o``: rows sum to 1, ``m'ᵀ hukou`` is the
  observed residents, and among all matrices with these margins it is the one closest
  to the given one in the Kullback–Leibler sense (zeros stay zeros).

:class:`RakeReport` says how far it moved: iterations, margin error, the largest
change of a share and of a stayer share, and the residents misfit it removed.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from paretoland.data.build.migration import fit_ipf
from paretoland.data.dataset import CityData, load_cities
from paretoland.data.schema import DROPPED_FILE
from paretoland.data.validation import read_table
from paretoland.data.writing import write_dataset_folder
from paretoland.exceptions import ConvergenceError, DataError

__all__ = ["RAKE_REPORT_FILE", "RakeReport", "rake_dataset", "rake_migration"]

RAKE_REPORT_FILE = "rake_report.json"


@dataclass(frozen=True)
class RakeReport:
    """How the matrix was raked.

    Attributes
    ----------
    iterations : int
        IPF sweeps.
    max_margin_error : float
        Largest relative row or column error at exit.
    misfit_before : float
        Largest relative difference between stated and implied resident shares before.
    max_share_change : float
        Largest absolute change of a share m_od (fraction of the origin's hukou).
    max_stayer_change : float
        Largest absolute change of a stayer share m_oo.
    mean_share_change : float
        Mean absolute change over the non-zero shares.
    """

    iterations: int
    max_margin_error: float
    misfit_before: float
    max_share_change: float
    max_stayer_change: float
    mean_share_change: float

    def summary(self) -> str:
        """Return a few lines for the console."""
        return (
            f"IPF: {self.iterations} sweeps, margin error {self.max_margin_error:.1e}.\n"
            f"Residents misfit before: {self.misfit_before:.3%} (largest share error); "
            "after: none.\n"
            f"Shares moved by at most {self.max_share_change:.4f} (stayers "
            f"{self.max_stayer_change:.4f}); mean change {self.mean_share_change:.2e}."
        )


def rake_migration(
    migration: np.ndarray, hukou: np.ndarray, residents: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, RakeReport]:
    """Rake ``migration`` so that ``migrationᵀ hukou`` has the shares of ``residents``.

    Parameters
    ----------
    migration : ndarray, shape (n, n)
        Shares m_od, rows origin, summing to 1.
    hukou, residents : ndarray, shape (n,)
        Hukou and resident populations (any common unit).
    codes : ndarray of str, shape (n,)
        City codes, for messages.

    Returns
    -------
    raked : ndarray, shape (n, n)
        The new shares (rows sum to 1).
    report : RakeReport

    Raises
    ------
    DataError
        If a city with residents has no inflow at all (an empty column), or IPF does
        not converge.
    """
    seed = hukou[:, None] * migration
    columns = residents * (hukou.sum() / residents.sum())
    empty = np.flatnonzero((seed.sum(axis=0) <= 0) & (columns > 0))
    if empty.size:
        raise DataError(
            f"cannot rake: nobody lives in {', '.join(codes[empty][:10])} according to the "
            "migration matrix (an empty column), yet it has residents.\nFix: give those "
            "cities a stayer share (m_oo > 0) or some inflow."
        )
    try:
        flows, iterations, error = fit_ipf(seed, hukou, columns, np.zeros(len(hukou), dtype=int))
    except ConvergenceError as exc:
        raise DataError(
            f"cannot rake the migration matrix to the residents: {exc} The zeros of the "
            "matrix leave no way to reach them; give the cities more non-zero shares."
        ) from None
    raked = flows / flows.sum(axis=1, keepdims=True)
    implied = migration.T @ hukou
    change = np.abs(raked - migration)
    report = RakeReport(
        iterations=int(iterations),
        max_margin_error=float(error),
        misfit_before=float(
            np.max(np.abs(implied / implied.sum() / (columns / columns.sum()) - 1))
        ),
        max_share_change=float(change.max()),
        max_stayer_change=float(np.diag(change).max()),
        mean_share_change=float(change[migration > 0].mean()),
    )
    return raked, report


def rake_dataset(source: str | Path, out: str | Path, *, overwrite: bool = False) -> RakeReport:
    """Rake a dataset's migration matrix to its residents and write it to a new folder.

    The cities, flags and ``dropped.csv`` are carried over unchanged; the new folder
    gets the raked ``migration.csv`` and :data:`RAKE_REPORT_FILE`.

    Parameters
    ----------
    source : str or Path
        A dataset folder whose residents may disagree with its matrix.
    out : str or Path
        A new folder (see :func:`~paretoland.data.writing.write_dataset_folder`).
    overwrite : bool
        Replace a dataset paretoland wrote there before.

    Returns
    -------
    RakeReport
    """
    data = load_cities(source, keep_tibet=True, residents_rtol=math.inf)
    raked, report = rake_migration(data.migration, data.hukou, data.residents, data.codes)
    dropped_file = Path(source) / DROPPED_FILE
    dropped = read_table(dropped_file, "dropped") if dropped_file.is_file() else None
    write_dataset_folder(
        CityData.from_frames(data.cities, raked, data.flags, source=str(source)),
        out,
        dropped=dropped,
        extra={
            RAKE_REPORT_FILE: lambda path: path.write_text(
                json.dumps({"source": str(source), **asdict(report)}, indent=2) + "\n"
            )
        },
        overwrite=overwrite,
    )
    return report
