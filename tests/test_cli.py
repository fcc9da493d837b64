"""The command line: extract, show, evaluate; bad input is reported, the rest processed."""

from __future__ import annotations

import csv
import json
import os
import re
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


COMMANDS = ["extract", "show", "evaluate", "report", "render"]


@pytest.mark.parametrize("args", [["--help"]] + [[command, "--help"] for command in COMMANDS])
def test_help_reads_at_80_columns_without_python_type_names(args):
    result = runner.invoke(app, args, prog_name="claimkit", terminal_width=80, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert result.output.startswith("Usage: claimkit")
    assert not re.search(r"<(list\[|path|str|int|float|bool)", result.output), result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    if args != ["--help"]:
        assert "Options:" in result.output


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
    """A record's value as the CSV writer writes it: a list (content_fragments) as JSON text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
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
    as_csv, as_parquet, as_jsonl = tmp_path / "c.CSV", tmp_path / "p.parquet", tmp_path / "j"
    for out in (as_csv, as_parquet, as_jsonl):
        assert runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"]).exit_code == 0
    assert read_csv_rows(as_csv)[0]["doc_id"] == "a1"
    assert pq.read_table(as_parquet).column("doc_id").to_pylist() == ["a1"]
    assert read_jsonl(as_jsonl)[0]["doc_id"] == "a1"  # no suffix: JSONL
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
    assert sorted(p.name for p in out.iterdir()) == ["a1.html", "a2.html", "a3.html", "index.html", "report.html"]
    page = (out / "a1.html").read_text(encoding="utf-8")
    assert "Jane Doe" in page and 'href="index.html"' in page and 'href="report.html"' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a1.html"' in index and f"{source}:4" in index and 'href="report.html"' in index
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in report and 'href="a1.html"' in report
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


# Issue 12, the CLI and files: nothing lost, nothing half-written, one line and a clear exit code.


def jsonl_of(path: Path, records: list[dict]) -> Path:
    return write_jsonl(path, [json.dumps(record) for record in records])


def no_part_files(folder: Path) -> bool:
    return not list(folder.rglob("*.part"))


def test_exit_codes_are_documented_in_the_help_of_every_command():
    for command in ("extract", "report", "render", "evaluate", "show"):
        text = " ".join(runner.invoke(app, [command, "--help"]).output.split())
        assert "Exit code 0" in text and "1: some" in text and "2: could not run" in text, command


def test_output_equal_to_the_input_is_refused_and_the_input_kept(tmp_path):
    source = jsonl_of(tmp_path / "same.jsonl", [{"doc_id": "a1", "text": TEXTS["a1"]}])
    before = source.read_bytes()
    result = runner.invoke(app, ["extract", str(source), "-o", str(source), "-q"])
    assert result.exit_code == 2
    assert "would overwrite or be read as the input" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert source.read_bytes() == before and no_part_files(tmp_path)


def test_output_through_another_path_to_the_input_is_refused(tmp_path):
    source = jsonl_of(tmp_path / "same.jsonl", [{"doc_id": "a1", "text": TEXTS["a1"]}])
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    hard = tmp_path / "hard.jsonl"
    os.link(source, hard)
    for output in (link, hard, tmp_path / "sub" / ".." / "same.jsonl"):
        assert runner.invoke(app, ["extract", str(source), "-o", str(output), "-q"]).exit_code == 2, output


def test_a_txt_output_inside_an_input_folder_is_refused_but_other_outputs_there_are_not(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a1.txt").write_text(TEXTS["a1"], encoding="utf-8")
    refused = runner.invoke(app, ["extract", str(folder), "-o", str(folder / "claims.txt"), "-q"])
    assert refused.exit_code == 2 and not (folder / "claims.txt").exists()
    kept = folder / "claims.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(kept), "-q"])
    assert result.exit_code == 0, result.output
    assert [line["doc_id"] for line in read_jsonl(kept)] == ["a1.txt"]
    assert "skipped" not in result.stderr  # neither its own temporary file nor its output
    again = runner.invoke(app, ["extract", str(folder), "-o", str(kept), "-q"])
    assert again.exit_code == 0 and "skipped" not in again.stderr


def test_folder_articles_are_named_by_their_path_inside_the_folder(tmp_path):
    folder = tmp_path / "corpus"
    for year, text in (("2020", TEXTS["a1"]), ("2021", TEXTS["a2"])):
        (folder / year).mkdir(parents=True)
        (folder / year / "story.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert [line["doc_id"] for line in read_jsonl(out)] == ["2020/story.txt", "2021/story.txt"]


def test_files_a_folder_walk_skips_are_warnings_not_failures(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a1.txt").write_text(TEXTS["a1"], encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0
    assert f"{folder / 'notes.md'}: skipped: not a .txt file" in result.stderr
    assert len(read_jsonl(out)) == 1


def test_an_unreadable_subfolder_is_a_failure_with_an_error_line(tmp_path, monkeypatch):
    import claimkit.readers

    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text(TEXTS["a2"], encoding="utf-8")
    (folder / "a1.txt").write_text(TEXTS["a1"], encoding="utf-8")
    real = os.scandir

    def scandir(path):  # the tests may run as root, which chmod cannot lock out
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(claimkit.readers.os, "scandir", scandir)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert f"{folder / 'locked'}: cannot read this folder: Permission denied" in result.stderr
    lines = {line["doc_id"]: line for line in read_jsonl(out)}
    assert set(lines) == {"a1.txt", str(folder / "locked")}
    assert "Permission denied" in lines[str(folder / "locked")]["error"]


@pytest.mark.parametrize("contents", [[], ["notes.md"]], ids=["empty", "no-txt"])
def test_no_articles_found_is_could_not_run_and_writes_nothing(tmp_path, contents):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in contents:
        (folder / name).write_text("x", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith("no articles found in")
    assert not out.exists() and no_part_files(tmp_path)


def test_repeated_ids_are_kept_under_a_distinct_id_and_reported(tmp_path):
    from claimkit.evaluate import load_jsonl

    records = [{"doc_id": "story", "text": TEXTS["a1"]}]
    records += [{"doc_id": f"filler{i}", "text": TEXTS["a3"]} for i in range(3)]  # more than a batch between
    records += [{"doc_id": "story", "text": TEXTS["a2"]}, {"doc_id": "story", "text": TEXTS["a2"]},
                {"doc_id": "story#2", "text": TEXTS["a2"]}]
    source = jsonl_of(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    ids = [line["doc_id"] for line in read_jsonl(out)]
    assert ids[0] == "story" and ids[4:] == ["story#2", "story#3", "story#2#2"]
    assert f"{source}:5: doc_id 'story' is already used; this article is written as 'story#2'" in result.stderr
    assert f"{source}:7: doc_id 'story#2' is already used" in result.stderr
    scored = load_jsonl(out)  # as `claimkit evaluate` reads it: no line replaces another
    assert len(scored) == len(records) and not any("error" in line for line in scored.values())


def test_a_doc_id_with_a_lone_surrogate_is_written_as_u_fffd_in_every_format(tmp_path):
    import pyarrow.parquet as pq

    source = tmp_path / "in.jsonl"
    source.write_text('{"doc_id": "a\\ud800", "text": ' + json.dumps(TEXTS["a1"]) + "}\n"
                      '{"doc_id": "a\\udfff", "text": ' + json.dumps(TEXTS["a2"]) + "}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert [line["doc_id"] for line in read_jsonl(out)] == ["a\ufffd", "a\ufffd#2"]  # still two articles
    as_csv, as_parquet, pages = tmp_path / "out.csv", tmp_path / "out.parquet", tmp_path / "pages"
    for output, extra in ((as_csv, []), (as_parquet, []), (pages, ["--format", "html"])):
        result = runner.invoke(app, ["extract", str(source), "-o", str(output), "-q", *extra])
        assert result.exit_code == 0, result.output
    assert {row["doc_id"] for row in read_csv_rows(as_csv)} == {"a\ufffd", "a\ufffd#2"}
    assert set(pq.read_table(as_parquet).column("doc_id").to_pylist()) == {"a\ufffd", "a\ufffd#2"}
    assert "a\ufffd" in (pages / "index.html").read_text(encoding="utf-8")


def test_a_300_character_id_gives_a_short_unique_page_name(tmp_path):
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": long_a, "text": TEXTS["a1"]},
                                              {"doc_id": long_b, "text": TEXTS["a2"]},
                                              {"doc_id": "é" * 200, "text": TEXTS["a3"]}])
    out = tmp_path / "pages"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "--format", "html", "-q"])
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in out.iterdir() if p.name not in ("index.html", "report.html"))
    assert len(pages) == 3 and all(len(name.encode("utf-8")) <= 120 for name in pages)
    assert len({name[:100] for name in pages[:2]}) == 1  # the same beginning, told apart by the hash


def test_an_output_that_is_a_folder_is_refused_before_the_model_is_loaded(tmp_path, monkeypatch):
    import claimkit.api

    monkeypatch.setattr(claimkit.api, "load", lambda *a, **k: pytest.fail("loaded the model"))
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "a1", "text": TEXTS["a1"]}])
    folder = tmp_path / "claims.jsonl"
    folder.mkdir()
    result = runner.invoke(app, ["extract", str(source), "-o", str(folder), "-q"])
    assert result.exit_code == 2
    assert result.stderr == f"{folder}: is a folder; this output is one file: give a file name with -o\n"
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(source), "-o", str(a_file / "claims.jsonl"), "-q"])
    assert result.exit_code == 2 and result.stderr.startswith(f"cannot create the folder {a_file}:")
    result = runner.invoke(app, ["extract", str(source), "-o", str(a_file), "--format", "html", "-q"])
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_an_unwritable_output_is_found_before_the_model_is_loaded(tmp_path, monkeypatch):
    import claimkit.api
    import claimkit.atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(claimkit.api, "load", lambda *a, **k: pytest.fail("loaded the model"))
    monkeypatch.setattr(claimkit.atomic.tempfile, "mkstemp", refuse)
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "a1", "text": TEXTS["a1"]}])
    out = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert result.stderr == f"cannot write {out}: Permission denied\n"


def fill_the_disk(monkeypatch):
    import errno

    import claimkit.atomic

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(claimkit.atomic.os, "fsync", full)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "html"])
def test_a_full_disk_is_could_not_run_and_keeps_the_old_output(tmp_path, monkeypatch, fmt):
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": k, "text": v} for k, v in TEXTS.items()])
    out = tmp_path / ("pages" if fmt == "html" else f"claims.{fmt}")
    if fmt != "html":
        out.write_bytes(b"the previous run")
    fill_the_disk(monkeypatch)
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q", "--format", fmt])
    assert result.exit_code == 2
    assert result.stderr == f"could not write {out}: No space left on device\n"
    assert not out.exists() if fmt == "html" else out.read_bytes() == b"the previous run"
    assert no_part_files(tmp_path)


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_unless_raw_cells(tmp_path):
    ids = ["=HYPERLINK(\"http://x\")", "+1", "-5", "@SUM(A1)", "\tx", "\rx", "plain"]
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": doc_id, "text": TEXTS["a1"]} for doc_id in ids])
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert runner.invoke(app, ["extract", str(source), "-o", str(safe), "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(source), "-o", str(raw), "-q", "--raw-cells"]).exit_code == 0
    safe_rows, raw_rows = read_csv_rows(safe), read_csv_rows(raw)
    assert [row["doc_id"] for row in safe_rows] == ["'" + doc_id for doc_id in ids[:-1]] + ["plain"]
    assert [row["doc_id"] for row in raw_rows] == ids  # "\rx" too: its row is quoted, not split
    for row in safe_rows:  # numbers stay numbers
        assert int(row["claim_index"]) == 0 and float(row["confidence"]) > 0 and int(row["content_start"]) >= 0


def test_show_never_sends_control_characters_from_the_article_to_the_terminal(tmp_path):
    text = ("“The bridge \x1b]0;owned\x07will reopen \x1b]52;c;ZXZpbA==\x07in March,” Mayor Jane\u202e Doe "
            "said on Monday.\x9b31m")
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "evil\x1b[2J\u2066", "text": text}])
    result = runner.invoke(app, ["show", str(source)])
    assert result.exit_code == 0, result.output
    for char in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
        assert char not in result.output
    assert "== evil\\x1b[2J\\u2066" in result.stdout and "\\x1b]52;c;ZXZpbA==\\x07" in result.stdout


def test_messages_that_quote_the_input_are_one_line_without_control_characters(tmp_path):
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "x\x1b]0;t\x07\ny", "text": TEXTS["a1"]},
                                              {"doc_id": "x\x1b]0;t\x07\ny", "text": TEXTS["a2"]}])
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 0
    (message,) = result.stderr.splitlines()
    assert "\x1b" not in message and "'x\\x1b]0;t\\x07\\ny#2'" in message
    missing = tmp_path / "gone\x1b]0;t\x07\u202e.txt"
    result = runner.invoke(app, ["extract", str(missing), "-o", str(tmp_path / "out2.jsonl"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path}/gone\\x1b]0;t\\x07\\u202e.txt: no such file or folder"


def test_show_reports_a_bad_input_and_goes_on(tmp_path):
    good = tmp_path / "a1.txt"
    good.write_text(TEXTS["a1"], encoding="utf-8")
    result = runner.invoke(app, ["show", str(tmp_path / "absent.txt"), str(good)])
    assert result.exit_code == 1
    assert "absent.txt: no such file or folder" in result.stderr and "Jane Doe" in result.stdout


def test_a_long_article_gets_a_note_before_it_is_parsed(tmp_path, monkeypatch):
    import claimkit.cli.common

    monkeypatch.setattr(claimkit.cli.common, "LONG_ARTICLE_CHARS", 50)
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "long", "text": TEXTS["a1"]},
                                              {"doc_id": "short", "text": "Ana said no."}])
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 0
    assert result.stderr == "long: 0.0 MB, long article; this may take a few minutes\n"


def test_evaluate_reports_a_repeated_doc_id(tmp_path):
    gold = jsonl_of(tmp_path / "gold.jsonl", [{"doc_id": "a1", "text": TEXTS["a1"], "claims": []}])
    pred = jsonl_of(tmp_path / "pred.jsonl", [{"doc_id": "a1", "claims": []},
                                              {"doc_id": "a1", "claims": [], "error": "boom"}])
    result = runner.invoke(app, ["evaluate", str(gold), str(pred)])
    assert result.exit_code == 1
    assert f"{pred}:2: doc_id 'a1' repeats line 1; this later line is used" in result.stderr


def test_articles_named_index_and_report_keep_their_pages_beside_the_index_and_report(tmp_path):
    source = jsonl_of(tmp_path / "in.jsonl", [{"doc_id": "index", "text": TEXTS["a1"]},
                                              {"doc_id": "report", "text": TEXTS["a2"]}])
    out = tmp_path / "pages"
    assert runner.invoke(app, ["extract", str(source), "-o", str(out), "--format", "html", "-q"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["index-2.html", "index.html", "report-2.html", "report.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="index-2.html"' in index and 'href="report-2.html"' in index


def test_extract_predictions_refuses_repeated_ids_before_any_work(monkeypatch):
    import claimkit.api
    from claimkit.evaluate import extract_predictions

    monkeypatch.setattr(claimkit.api, "load", lambda *a, **k: pytest.fail("loaded the model"))
    with pytest.raises(ValueError, match="doc_id 'a1' repeats"):
        extract_predictions([("a1", TEXTS["a1"]), ("a2", TEXTS["a2"]), ("a1", TEXTS["a3"])])


def test_a_bad_line_keeps_its_place_in_the_output(tmp_path):
    lines = [json.dumps({"doc_id": f"a{i}", "text": '"We will win," Mayor Jane Doe said.'}) for i in range(6)]
    lines[3] = "{not json"
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 1
    ids = [line["doc_id"] for line in read_jsonl(out)]
    assert ids[:3] == ["a0", "a1", "a2"] and ids[4:] == ["a4", "a5"]
    assert ids[3].endswith("in.jsonl:4")


def test_a_configuration_error_means_could_not_run(tmp_path, monkeypatch):
    import claimkit.api
    from claimkit.errors import ConfigurationError

    def broken(*args, **kwargs):
        raise ConfigurationError("reporting_verbs.tsv line 3: expected 3 tab-separated fields")

    monkeypatch.setattr(claimkit.api, "load", broken)
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a", "text": "The mayor said so."})])
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 2
    assert "[E004]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists() and not list(tmp_path.glob("*.part"))


def test_render_never_replaces_an_input_file_in_the_output_folder(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    page_input = folder / "z.html"
    page_input.write_text('"We will win," Mayor Jane Doe said.', encoding="utf-8")
    other = tmp_path / "z.txt"
    other.write_text('"We will rebuild," the governor said.', encoding="utf-8")
    result = runner.invoke(app, ["render", str(page_input), str(other), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert page_input.read_text(encoding="utf-8") == '"We will win," Mayor Jane Doe said.'
    assert len(list(folder.glob("*.html"))) == 3  # the input, and a page for each article


@pytest.mark.parametrize("name", ["claims.xlsx", "claims.json", "claims.txt"])
def test_an_output_suffix_no_format_writes_is_an_error_and_nothing_is_written(tmp_path, name):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / name), "-q"])
    assert result.exit_code == 2
    assert "no output format is written as" in result.output and "--format" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_dash_reads_standard_input_and_writes_standard_output(tmp_path):
    lines = "\n".join(json.dumps({"doc_id": k, "text": v}) for k, v in TEXTS.items()) + "\n"
    result = runner.invoke(app, ["extract", "-", "-o", "-", "-q"], input=lines)
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [line["doc_id"] for line in written] == list(TEXTS)
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_plain_text_on_standard_input_is_one_article(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", "-", "-o", str(out), "-q"], input=TEXTS["a1"])
    assert result.exit_code == 0, result.output
    assert {row["doc_id"] for row in read_csv_rows(out)} == {"stdin"}


def test_a_folder_of_pages_cannot_go_to_standard_output(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    result = runner.invoke(app, ["extract", str(source), "-o", "-", "-q", "--format", "html"])
    assert result.exit_code == 2 and "folder" in result.output


def test_plain_text_on_standard_input_that_starts_with_a_bracket_is_one_article(tmp_path):
    out = tmp_path / "out.jsonl"
    text = "[Updated] " + TEXTS["a1"]
    result = runner.invoke(app, ["extract", "-", "-o", str(out), "-q"], input=text)
    assert result.exit_code == 0, result.output
    assert [line["doc_id"] for line in read_jsonl(out)] == ["stdin"]


def test_report_to_standard_output_prints_and_writes_no_file(tmp_path, monkeypatch):
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"doc_id": "a1", "text": TEXTS["a1"]})])
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", str(source), "-o", "-", "-q"])
    assert result.exit_code == 0, result.output
    assert "Who is quoted" in result.stdout and not (tmp_path / "-").exists()
