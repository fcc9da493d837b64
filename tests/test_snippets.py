"""Every Python snippet in README.md and docs/*.md runs (issue 16): documentation that matches the code.

A page's ```python blocks run in order in one namespace, as a reader goes down the page (a
later block may use what an earlier one defined), from a temporary folder that holds a copy
of ``examples/`` (snippets read ``examples/article.txt`` and write files). A block that is
not meant to run stands after an HTML comment ``<!-- not run: reason -->``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"(<!-- not run: [^>]*-->\s*)?```python\n(.*?)```", re.S)


def _snippets(page: Path) -> list[tuple[str, str]]:
    return [(f"{page.relative_to(ROOT)}#{number}", match.group(2))
            for number, match in enumerate(_BLOCK.finditer(page.read_text(encoding="utf-8")), start=1)
            if match.group(1) is None]


PAGES_WITH_SNIPPETS = [page for page in PAGES if _snippets(page)]


def test_the_pages_have_snippets():
    assert sum(len(_snippets(page)) for page in PAGES) >= 8


@pytest.mark.parametrize("page", PAGES_WITH_SNIPPETS, ids=[p.name for p in PAGES_WITH_SNIPPETS])
def test_the_snippets_of_a_page_run(page, tmp_path, monkeypatch, nlp):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__snippet__"}
    for where, code in _snippets(page):
        exec(compile(code, where, "exec"), namespace)
