"""Sphinx configuration: the Markdown pages of docs/ (MyST) plus an API reference from the docstrings.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``);
``tests/test_docs.py`` runs the same build, warnings as errors.
"""

from __future__ import annotations

import claimkit

project = "claimkit"
author = "the claimkit authors"
copyright = "the claimkit authors"
release = claimkit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: ```{directive}``` fences plus a few conveniences; anchors for "page.md#heading" links.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc / napoleon: Google-style docstrings, members in source order. The docstrings are
# reStructuredText, so api.md wraps the autodoc directives in {eval-rst} blocks.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

html_theme = "furo"
html_title = f"claimkit {release}"
html_static_path: list[str] = []
