"""Check a dataset without running a model (``paretoland data check``).

:func:`check_dataset` loads a folder exactly as :func:`~paretoland.data.dataset.load_cities`
would (every check of :mod:`paretoland.data.validation`, Tibet kept), and reports what a
user needs before running anything: the summary, the flags per column, values outside
the typical ranges (the likely unit mistakes), whether residents and real-estate
employment were given or derived, and what the default sample leaves out. An error
(impossible values, inconsistent residents, a bad matrix...) raises
:class:`~paretoland.exceptions.DataError` with the fix, as loading would.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from paretoland.data.dataset import CityData, load_cities
from paretoland.data.sample import PAPER_EXCLUDED_PROVINCES
from paretoland.data.validation import PlausibilityWarning, plausibility_findings
from paretoland.data.validation.derived import DERIVED_RESIDENTS, REALESTATE_DEFAULT

__all__ = ["CheckReport", "check_dataset"]


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check_dataset` found.

    Attributes
    ----------
    data : CityData
        The dataset as loaded (every city).
    unusual : list of str
        Values outside their typical range, one line each with the likely mistake.
    """

    data: CityData
    unusual: list[str]

    def _count(self, method: str) -> int:
        return int((self.data.flags["method"] == method).sum())

    def text(self) -> str:
        """Return the report for the console."""
        data = self.data
        lines = [data.summary(), "", "Constructed or imputed values per column:"]
        lines += [data.flag_report().to_string(), ""]
        if self.unusual:
            lines.append(
                f"{len(self.unusual)} value(s) outside the typical range (a rule of thumb; "
                "check the units):"
            )
            lines += [f"  {line}" for line in self.unusual]
        else:
            lines.append("Every value lies within its typical range.")
        derived = self._count(DERIVED_RESIDENTS)
        lines.append(
            "Residents: derived as mᵀ hukou (none given)."
            if derived
            else "Residents: given, and consistent with the migration matrix (mᵀ hukou)."
        )
        defaulted = self._count(REALESTATE_DEFAULT)
        lines.append(
            f"Real-estate employment: the national share for {defaulted} city(ies)."
            if defaulted
            else "Real-estate employment: given for every city."
        )
        tibet = int(sum(code in PAPER_EXCLUDED_PROVINCES for code in data.province_codes))
        lines.append(
            f"Sample: the default sample leaves out Tibet's {tibet} city(ies) (--keep-tibet "
            "keeps them)."
            if tibet
            else "Sample: every city is in the default sample."
        )
        lines.append(f"OK: {data.source} loads ({data.n_cities} cities).")
        return "\n".join(lines)


def check_dataset(path: str | Path) -> CheckReport:
    """Validate a dataset folder and report on it (see the module docstring).

    Raises
    ------
    DataError
        As :func:`~paretoland.data.dataset.load_cities`, naming the city, column and fix.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlausibilityWarning)  # listed in the report instead
        data = load_cities(path, keep_tibet=True)
    _, unusual = plausibility_findings(data.cities)
    return CheckReport(data, unusual)
