"""The package's version, written once: hatch reads it here for the package metadata.

It sits in the base layer, so that any layer can name the version without importing
the root package (which re-exports it as ``paretoland.__version__``).
"""

__version__ = "0.1.0"
