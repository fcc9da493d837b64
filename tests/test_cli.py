"""The command line: extract, show, evaluate; bad input is reported, the rest processed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimkit
from claimkit.cli import app
from claimkit.export import claim_to_json

runner = CliRunner()

TEXTS = {
    "a1": "“The bridge will reopen in March,” Mayor Jane Doe said on Monday.",
    "a2": "Officials said the budget was balanced, according to the Harbour Times.",
    "a3": "Reuters quoted Ivan Petrov, a local official, as saying the road was closed.",
}


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_extract_jsonl_gives_the_same_claims_as_the_python_api(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    lines = read_jsonl(out)
    assert [line["doc_id"] for line in lines] == list(TEXTS)
    for line, text in zip(lines, TEXTS.values(), strict=True):
        assert line["claims"] == [claim_to_json(c) for c in claimkit.extract(text)]


def test_extract_n_process_2_gives_the_same_output(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()])
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    assert runner.invoke(app, ["extract", str(source), "-o", str(serial), "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(source), "-o", str(parallel), "-q", "--n-process", "2"]).exit_code == 0
    assert read_jsonl(serial) == read_jsonl(parallel)


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_processed(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [
        json.dumps({"doc_id": "good", "text": TEXTS["a1"]}),
        "{not json",
        json.dumps({"doc_id": "no-text"}),
        json.dumps({"doc_id": "good2", "text": TEXTS["a2"]}),
    ])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert f"{source}:2" in result.output and f"{source}:3" in result.output
    lines = read_jsonl(out)
    assert [line["doc_id"] for line in lines if "error" not in line] == ["good", "good2"]
    assert sum("error" in line for line in lines) == 2


def test_text_files_and_folders(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for doc_id, text in TEXTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"]).exit_code == 0
    assert [line["doc_id"] for line in read_jsonl(out)] == [f"{k}.txt" for k in TEXTS]


def test_missing_input_exits_non_zero_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "absent.jsonl"), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert not list(tmp_path.glob("*.part"))


def test_min_confidence_filters_claims(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()])
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--min-confidence", "0.99"]).exit_code == 0
    kept = [c for line in read_jsonl(out) for c in line["claims"]]
    assert all(c["confidence"] >= 0.99 for c in kept)


def test_show_prints_claims(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXTS["a1"], encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 0
    assert "Jane Doe" in result.output and "[direct]" in result.output


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["evaluate", "--help"]])
def test_help_reads(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Usage" in result.output
