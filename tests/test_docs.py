"""The documentation builds: Sphinx over docs/ (MyST pages plus the API reference), warnings as errors.

The same build as ``make docs``, into a temporary folder. Skipped when Sphinx and the MyST
parser are not installed (they come with the ``docs`` extra, which ``dev`` includes).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="Sphinx is not installed: pip install -e '.[docs]'")
pytest.importorskip("myst_parser", reason="myst-parser is not installed: pip install -e '.[docs]'")
pytest.importorskip("furo", reason="the furo theme is not installed: pip install -e '.[docs]'")

# Sphinx and its extensions deprecate their internals release by release; not this test's concern.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::PendingDeprecationWarning")

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_sphinx_build_has_no_warnings(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    out = tmp_path / "html"
    started = time.perf_counter()
    status = build_main(["-W", "--keep-going", "-q", "-E", "-b", "html", "-d", str(tmp_path / "doctrees"),
                         str(DOCS), str(out)])
    elapsed = time.perf_counter() - started
    assert status == 0, "sphinx-build -W failed: see the warnings above (make docs shows the same)"
    assert (out / "index.html").is_file()
    api = (out / "api.html").read_text(encoding="utf-8")
    for name in ("claimkit.extract", "claimkit.Claim", "claimkit.evaluate.score", "claimkit.dask.extract_bag"):
        assert f'id="{name}"' in api, f"{name} missing from the API reference"
    assert elapsed < 60, f"the docs build took {elapsed:.0f} s; keep it well under a minute for CI"
