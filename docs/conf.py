"""Sphinx configuration of the paretoland documentation.

Build: ``sphinx-build -W --keep-going -b html docs docs/_build/html`` (what CI runs;
``-W`` turns every warning into an error). Pages are Markdown (MyST); the API reference
is generated from the numpydoc docstrings by autodoc.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # document this checkout, not an installed copy

import paretoland  # noqa: E402

project = "paretoland"
author = "paretoland developers"
copyright = "2026, paretoland developers"
release = paretoland.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# MyST: $...$ math, ::: fences, heading anchors for links such as model.md#2-calibration.
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc + numpydoc: members in the order of each module's __all__ (then source order),
# annotations in the signatures, the numpydoc sections (with shapes and units) below.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "pydata_sphinx_theme"
html_title = f"paretoland {release}"
html_theme_options = {
    "navigation_depth": 3,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
