"""Validation of a city dataset against the schema in :mod:`paretoland.data.schema`.

Each ``validate_*`` function checks one thing and raises
:class:`~paretoland.exceptions.DataError` with a message that names the offending
cities (``city_code`` and ``name_zh``), columns and values, and says how to fix them.
:func:`validate_dataset` runs them all in order and returns the typed tables that
:class:`paretoland.data.dataset.CityData` holds; :func:`read_table` reads a CSV file
strictly (every cell as text, nothing coerced).
"""

from __future__ import annotations

from paretoland.data.validation.cities import (
    validate_codes,
    validate_columns,
    validate_complete,
    validate_numeric,
    validate_positive,
    validate_provinces,
)
from paretoland.data.validation.dataset import validate_dataset
from paretoland.data.validation.files import read_table
from paretoland.data.validation.flags import validate_flags
from paretoland.data.validation.migration import (
    MIGRATION_ROW_SUM_ATOL,
    validate_migration,
    validate_residents,
)
from paretoland.data.validation.plausibility import (
    PlausibilityWarning,
    check_plausibility,
    plausibility_findings,
    plausibility_table,
)

__all__ = [
    "MIGRATION_ROW_SUM_ATOL",
    "PlausibilityWarning",
    "check_plausibility",
    "plausibility_findings",
    "plausibility_table",
    "read_table",
    "validate_codes",
    "validate_columns",
    "validate_complete",
    "validate_dataset",
    "validate_flags",
    "validate_migration",
    "validate_numeric",
    "validate_positive",
    "validate_provinces",
    "validate_residents",
]
