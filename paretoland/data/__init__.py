"""The data layer: what a city dataset is, and where one comes from.

The dataset schema, provinces, loading and validation, the build from raw public files,
and synthetic and county-level economies.
"""
