"""Progress on long commands (issue 16): a bar with a total and time left where the total is
knowable, on extract, report, render and evaluate; off with --quiet or when stderr is no terminal."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimkit.cli import app
from claimkit.cli import audit as audit_cli
from claimkit.cli import evaluate as evaluate_cli
from claimkit.cli import extract as extract_cli
from claimkit.cli.common import progress_bar
from claimkit.readers import STDIN, count_articles

runner = CliRunner()
TEXT = "The mayor said the bridge would close."


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_count_total_and_time_left_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(3, quiet=False) as bar:
        for _ in range(3):
            bar.update()
    shown = terminal.getvalue()
    assert "3/3" in shown and "article" in shown


@pytest.mark.parametrize("quiet", [True, False])
def test_no_bar_when_quiet_or_stderr_is_not_a_terminal(monkeypatch, quiet):
    stream = _Terminal() if quiet else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    with progress_bar(3, quiet=quiet) as bar:
        bar.update(3)
    assert stream.getvalue() == ""


def test_count_articles_counts_lines_rows_and_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text('doc_id,text\n1,"a\nb"\n2,c\n', encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("x", encoding="utf-8")
    (folder / "sub" / "two.TXT").write_text("y", encoding="utf-8")
    (folder / "notes.md").write_text("skipped", encoding="utf-8")
    assert count_articles([tmp_path / "a.jsonl"]) == 2
    assert count_articles([tmp_path / "b.csv"]) == 2
    assert count_articles([folder]) == 2
    assert count_articles([tmp_path / "a.jsonl", tmp_path / "missing.txt"]) == 3
    assert count_articles([STDIN]) is None


def _totals(monkeypatch, module) -> list[int | None]:
    seen: list[int | None] = []

    def recording(total, quiet, unit="article"):
        seen.append(total)
        return progress_bar(total, quiet, unit)

    monkeypatch.setattr(module, "progress_bar", recording)
    return seen


def _corpus(tmp_path: Path) -> Path:
    lines = [json.dumps({"doc_id": f"a{n}", "text": TEXT}) for n in range(2)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_extract_report_and_render_give_the_bar_its_total(tmp_path, monkeypatch):
    source = _corpus(tmp_path)
    for module, args in ((extract_cli, ["extract", str(source), "-o", str(tmp_path / "o.jsonl")]),
                         (audit_cli, ["report", str(source), "-o", str(tmp_path / "r.md")]),
                         (audit_cli, ["render", str(source), "-o", str(tmp_path / "pages")])):
        seen = _totals(monkeypatch, module)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert seen == [2], args[0]


def test_evaluate_gives_the_bar_its_total(tmp_path, monkeypatch):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"doc_id": f"g{n}", "text": TEXT, "claims": []}) for n in range(3)) + "\n",
                    encoding="utf-8")
    seen = _totals(monkeypatch, evaluate_cli)
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code == 0, result.output
    assert seen == [3]
