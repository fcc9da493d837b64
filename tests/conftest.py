"""Shared fixtures: ``nlp`` (the default pipeline), the dev sets and the reference scorer.

The dev data and the reference scorer live outside the repository, in ``../shared`` (they
may not be copied in). Tests that need them read them at run time through the fixtures
here and are skipped, with the reason, when that folder is absent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_DATA = SHARED / "data"
REFERENCE_SCORER = SHARED / "tools" / "score.py"


class DevSets:
    """Gold dev sets from ``../shared/data`` and claimkit's predictions on them.

    Each article is extracted at most once per test session: asking for the first 40
    articles and later the first 100 extracts only the 60 not seen yet.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._gold: dict[str, dict[str, dict[str, Any]]] = {}
        self._predicted: dict[str, dict[str, dict[str, Any]]] = {}
        self._nlp: Any = None

    def gold(self, name: str, limit: int | None = None) -> dict[str, dict[str, Any]]:
        """``{doc_id: gold line}`` of ``<name>.jsonl`` (e.g. ``"ggt.dev"``), its first ``limit`` lines."""
        from claimkit.evaluate import load_jsonl

        if name not in self._gold:
            self._gold[name] = load_jsonl(self.folder / f"{name}.jsonl")
        lines = self._gold[name]
        return lines if limit is None else dict(list(lines.items())[:limit])

    def predictions(self, name: str, limit: int | None = None) -> dict[str, dict[str, Any]]:
        """claimkit's prediction lines for :meth:`gold` ``(name, limit)``."""
        from claimkit.api import load
        from claimkit.evaluate import extract_predictions

        gold = self.gold(name, limit)
        done = self._predicted.setdefault(name, {})
        todo = [(doc_id, line["text"]) for doc_id, line in gold.items() if doc_id not in done]
        if todo:
            if self._nlp is None:
                self._nlp = load()
            done.update(extract_predictions(todo, nlp=self._nlp))
        return {doc_id: done[doc_id] for doc_id in gold}


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The rules alone, :func:`claimkit.load` with ``learned=False`` (cached there too), loaded
    once for the session: rule tests test rules. The learned stage has tests of its own
    (tests/test_learned.py) and is measured end to end on the dev sets.

    Modules that need a pipeline of their own (another lexicon, another config) define a
    fixture of another name, or build it in the test.
    """
    import claimkit

    return claimkit.load(learned=False)


@pytest.fixture(scope="session")
def dev_sets() -> DevSets:
    """The dev sets with extraction cached for the session; skips when ../shared/data is absent."""
    if not DEV_DATA.is_dir():
        pytest.skip(f"dev data not found at {DEV_DATA} (the shared folder beside the repository)")
    return DevSets(DEV_DATA)


@pytest.fixture(scope="session")
def reference_scorer() -> ModuleType:
    """The shared reference ``score.py``, imported from its file; skips when it is absent."""
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE_SCORER}")
    spec = importlib.util.spec_from_file_location("claimkit_reference_score", REFERENCE_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
