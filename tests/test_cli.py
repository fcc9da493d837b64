"""The command line: extract, show, evaluate; bad input is reported, the rest processed."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimkit
from claimkit.cli import app
from claimkit.export import claim_to_json
from claimkit.tables import COLUMNS, to_records

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


# CSV input, and --format jsonl|csv|parquet output.


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def api_results() -> list[claimkit.Result]:
    return list(claimkit.extract_batch(TEXTS.items()))


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(COLUMNS)
        return list(reader)


def as_csv_text(value: object) -> str:
    return "" if value is None else str(value)


def test_extract_csv_input_gives_the_same_claims_as_the_python_api(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["doc_id", "text"], *[[k, v] for k, v in TEXTS.items()]])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    lines = read_jsonl(out)
    assert [line["doc_id"] for line in lines] == list(TEXTS)
    for line, text in zip(lines, TEXTS.values(), strict=True):
        assert line["claims"] == [claim_to_json(c) for c in claimkit.extract(text)]


def test_extract_csv_text_column_and_id_field(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["uid", "body"], *[[k, v] for k, v in TEXTS.items()]])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--text-column", "body",
                                 "--id-field", "uid"])
    assert result.exit_code == 0, result.output
    assert [line["doc_id"] for line in read_jsonl(out)] == list(TEXTS)


def test_extract_csv_bad_rows_are_reported_and_the_rest_processed(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["doc_id", "text"], ["good", TEXTS["a1"]], ["short"],
                                             ["good2", TEXTS["a2"]]])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert f"{source}:3" in result.output and "'text'" in result.output
    lines = read_jsonl(out)
    assert [line["doc_id"] for line in lines if "error" not in line] == ["good", "good2"]
    assert sum("error" in line for line in lines) == 1


def test_extract_csv_without_the_text_column_is_one_error(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["doc_id", "body"], ["a", TEXTS["a1"]], ["b", TEXTS["a2"]]])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert str(source) in result.output
    assert "'doc_id', 'body'" in result.output
    assert len(read_jsonl(out)) == 1


def test_format_csv_one_row_per_claim(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()])
    out = tmp_path / "claims.csv"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = read_csv_rows(out)
    expected = to_records(api_results())
    assert len(rows) == len(expected) >= 3
    assert rows == [{name: as_csv_text(value) for name, value in row.items()} for row in expected]
    assert {row["doc_id"] for row in rows} == set(TEXTS)


def test_format_csv_skips_failed_inputs_but_exits_1(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "good", "text": TEXTS["a1"]}), "{not json"])
    out = tmp_path / "claims.csv"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", "csv"])
    assert result.exit_code == 1
    assert f"{source}:2" in result.output
    assert {row["doc_id"] for row in read_csv_rows(out)} == {"good"}


def test_format_parquet_matches_to_arrow(tmp_path):
    import pyarrow.parquet as pq

    from claimkit.tables import to_arrow

    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()])
    out = tmp_path / "claims.parquet"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", "parquet"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.schema.names == list(COLUMNS)
    assert table.equals(to_arrow(api_results()))
    assert not list(tmp_path.glob("*.part"))


def test_format_from_the_output_suffix(tmp_path):
    import pyarrow.parquet as pq

    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    as_csv, as_parquet, as_jsonl = tmp_path / "c.CSV", tmp_path / "p.parquet", tmp_path / "j.txt"
    for out in (as_csv, as_parquet, as_jsonl):
        assert runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"]).exit_code == 0
    assert read_csv_rows(as_csv)[0]["doc_id"] == "a1"
    assert pq.read_table(as_parquet).column("doc_id").to_pylist() == ["a1"]
    assert read_jsonl(as_jsonl)[0]["doc_id"] == "a1"
    forced = tmp_path / "forced.csv"
    assert runner.invoke(app, ["extract", str(source), "-o", str(forced), "-q", "--format", "jsonl"]).exit_code == 0
    assert read_jsonl(forced)[0]["doc_id"] == "a1"


def test_format_parquet_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    out = tmp_path / "claims.parquet"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", "parquet"])
    assert result.exit_code == 2
    assert "claimkit[tables]" in result.output
    assert not out.exists()


def test_format_parquet_failure_leaves_no_file(tmp_path, monkeypatch):
    import claimkit.tables

    def fail(rows, where):
        raise OSError("disk full")

    monkeypatch.setattr(claimkit.tables, "write_parquet", fail)
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    out = tmp_path / "claims.parquet"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", "parquet"])
    assert result.exit_code != 0
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_format_rejects_unknown_values(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / "x.xlsx"), "--format", "xlsx"])
    assert result.exit_code == 2


def test_extract_html_writes_a_folder_of_pages_and_an_index(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()]
                         + ["{broken"])
    out = tmp_path / "pages"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "--format", "html", "-q"])
    assert result.exit_code == 1  # the broken line
    assert sorted(p.name for p in out.iterdir()) == ["a1.html", "a2.html", "a3.html", "index.html"]
    assert "Jane Doe" in (out / "a1.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a1.html"' in index and f"{source}:4" in index
    assert not list(tmp_path.glob("*.part"))


def test_extract_html_refuses_a_folder_that_is_not_empty(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    out = tmp_path / "pages"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "--format", "html", "-q"])
    assert result.exit_code == 2
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_an_article_failing_inside_the_pipeline_becomes_an_error_line_and_the_rest_go_on(tmp_path, monkeypatch):
    import claimkit.component as component

    real = component.extract_claims

    def fragile(doc, *args, **kwargs):
        if "boom" in doc.text:
            raise RuntimeError("simulated failure")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(component, "extract_claims", fragile)
    lines = [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]}), json.dumps({"doc_id": "bad", "text": "boom"}),
             json.dumps({"doc_id": "a2", "text": TEXTS["a2"]})]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "simulated failure" in result.output
    written = read_jsonl(out)
    assert [line["doc_id"] for line in written] == ["a1", "bad", "a2"]
    assert "simulated failure" in written[1]["error"] and written[1]["claims"] == []
    assert written[0]["claims"] and written[2]["claims"]
