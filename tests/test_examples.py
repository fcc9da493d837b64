"""The example scripts in examples/ run as a user would run them, on examples/article.txt."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import claimkit

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ARTICLE = EXAMPLES / "article.txt"

pytestmark = pytest.mark.e2e
needs_dask = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="Dask is not installed: pip install -e '.[dask]'")


def run(*args: str | Path, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_audit_article_names_the_sources_and_the_shares() -> None:
    result = run(EXAMPLES / "audit_article.py", ARTICLE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Helen Okafor" in out
    assert "Daniel Reyes" in out
    # "local officials" and the official who declined to be named are anonymous sources (the
    # headline's "officials urge calm" may count too: the learned stage's call, near its threshold)
    assert "local officials (group, unnamed, anonymous)" in out
    assert "A senior emergency official (person, unnamed, anonymous)" in out
    assert re.search(r"Anonymous sources: [23] of", out)
    assert "Kinds: direct" in out and "indirect" in out
    assert "via Northern Courier" in out


def test_audit_article_reports_an_unreadable_file(tmp_path: Path) -> None:
    result = run(EXAMPLES / "audit_article.py", tmp_path / "missing.txt")
    assert result.returncode == 1
    assert "missing.txt" in result.stderr


@needs_dask
def test_dask_extract_writes_the_claims_of_every_article(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = {"a.txt": ARTICLE.read_text(encoding="utf-8"),
             "b.txt": "“The ferry will run again on Friday,” harbour master Ana Costa said.",
             "c.txt": "No one is quoted here."}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    output = tmp_path / "claims.jsonl"

    result = run(EXAMPLES / "dask_extract.py", folder, "-o", output, "--workers", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    names = sorted(texts)
    assert [line["doc_id"] for line in lines] == names
    expected = [claimkit.document_line(name, claims)
                for name, claims in zip(names, claimkit.extract([texts[n] for n in names]), strict=True)]
    assert lines == json.loads(json.dumps(expected, ensure_ascii=False))
    assert any(claim["speaker_name"] == "Helen Okafor" for claim in lines[0]["claims"])


@needs_dask
def test_dask_extract_refuses_a_folder_without_articles(tmp_path: Path) -> None:
    result = run(EXAMPLES / "dask_extract.py", tmp_path, "-o", tmp_path / "out.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert "no .txt files" in result.stderr
