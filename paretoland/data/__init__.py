"""The data layer: the dataset schema, provinces, loading and validation, the build from
raw public files, and synthetic and county-level economies.
"""
