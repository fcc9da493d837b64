"""claimkit.writers: every format through the one interface, whole or nothing, and the registry."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

import claimkit
from claimkit.export import document_line
from claimkit.tables import COLUMNS, to_records
from claimkit.writers import (
    DEFAULT_FORMAT,
    FORMATS,
    CsvWriter,
    HtmlFolderWriter,
    HtmlPageWriter,
    JsonlWriter,
    Options,
    OutputError,
    ParquetWriter,
    Writer,
    jsonl_line,
    open_writer,
    writer_class,
)

TEXT = "“The bridge will reopen in March,” Mayor Jane Doe said on Monday."
GOOD_ID = "a1"


@pytest.fixture(scope="module")
def results() -> list[claimkit.Result]:
    """Two results: one article with claims, one that failed."""
    (good,) = claimkit.extract_batch([(GOOD_ID, TEXT)])
    assert good.claims and good.error is None
    return [good, claimkit.Result("broken", [], "simulated failure")]


def write_all(writer: Writer, results: list[claimkit.Result]) -> None:
    """What every caller does, whatever the format: texts, results, commit."""
    for result in results:
        writer.article(result.doc_id, TEXT if result.claims else "")
        writer.write(result)
    writer.commit()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(COLUMNS)
        return list(reader)


def check_jsonl(output: Path, results: list[claimkit.Result]) -> None:
    good, bad = results
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert lines == [document_line(good.doc_id, good.claims), {"doc_id": "broken", "claims": [], "error": bad.error}]
    assert output.read_text(encoding="utf-8") == jsonl_line(good) + jsonl_line(bad)


def check_csv(output: Path, results: list[claimkit.Result]) -> None:
    expected = to_records(results[:1])  # the failed article has no row
    assert read_csv(output) == [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else "" if v is None
                                 else str(v) for k, v in row.items()} for row in expected]


def check_parquet(output: Path, results: list[claimkit.Result]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from claimkit.tables import to_arrow

    assert pq.read_table(output).equals(to_arrow(results[:1]))


def check_html(output: Path, results: list[claimkit.Result]) -> None:
    assert sorted(p.name for p in output.iterdir()) == ["a1.html", "index.html", "report.html"]
    assert "Jane Doe" in (output / "a1.html").read_text(encoding="utf-8")
    index = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="a1.html"' in index and "Articles (2)" in index
    assert "<td>broken</td>" in index and "<td>simulated failure</td>" in index  # a failed article, with its error


CHECKS = {"jsonl": check_jsonl, "csv": check_csv, "parquet": check_parquet, "html": check_html}


def test_every_format_has_a_check_here():
    assert set(FORMATS) == set(CHECKS)  # a new format needs its test in this file


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_writes_two_results_through_the_common_interface(tmp_path, results, name):
    if name == "parquet":
        pytest.importorskip("pyarrow.parquet")
    output = tmp_path / ("out" if FORMATS[name].folder else f"out.{name}")
    writer = open_writer(output, name)
    assert isinstance(writer, FORMATS[name]) and writer.name == name and writer.help
    assert writer.temporary.exists() and not output.exists()  # created before any work, beside the output
    write_all(writer, results)
    CHECKS[name](output, results)
    assert sorted(p.name for p in tmp_path.iterdir()) == [output.name]  # no temporary left


@pytest.mark.parametrize("name", list(FORMATS))
def test_a_failure_keeps_the_old_output_and_leaves_no_temporary(tmp_path, results, name):
    if name == "parquet":
        pytest.importorskip("pyarrow.parquet")
    output = tmp_path / ("out" if FORMATS[name].folder else f"out.{name}")
    if not FORMATS[name].folder:
        output.write_bytes(b"the previous run")
    with pytest.raises(RuntimeError), open_writer(output, name) as writer:
        writer.article(GOOD_ID, TEXT)
        writer.write(results[0])
        raise RuntimeError("stopped")
    assert not output.exists() if FORMATS[name].folder else output.read_bytes() == b"the previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if FORMATS[name].folder else [output.name])


def test_csv_neutralises_formula_cells_unless_raw_cells(tmp_path, results):
    good = results[0]
    risky = claimkit.Result("=HYPERLINK(1)", good.claims)
    with CsvWriter(tmp_path / "safe.csv") as safe, CsvWriter(tmp_path / "raw.csv", Options(raw_cells=True)) as raw:
        safe.write(risky)
        raw.write(risky)
    assert {row["doc_id"] for row in read_csv(tmp_path / "safe.csv")} == {"'=HYPERLINK(1)"}
    assert {row["doc_id"] for row in read_csv(tmp_path / "raw.csv")} == {"=HYPERLINK(1)"}


def test_html_without_an_index_merges_into_a_folder_and_skips_failed_articles(tmp_path, results):
    output = tmp_path / "pages"
    output.mkdir()
    (output / "keep.txt").write_text("mine", encoding="utf-8")
    write_all(HtmlFolderWriter(output, index=False), [*results, claimkit.Result("index", results[0].claims)])
    assert sorted(p.name for p in output.iterdir()) == ["a1.html", "index.html", "keep.txt"]
    assert (output / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_html_with_an_index_refuses_a_folder_that_is_not_empty(tmp_path):
    output = tmp_path / "pages"
    output.mkdir()
    (output / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="give a new or empty folder"):
        HtmlFolderWriter(output)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["keep.txt", "pages"]


def test_one_page_writer_writes_one_article_and_no_file_when_it_failed(tmp_path, results):
    page, failed = tmp_path / "a1.html", tmp_path / "broken.html"
    write_all(HtmlPageWriter(page), results[:1])
    assert "Jane Doe" in page.read_text(encoding="utf-8")
    write_all(HtmlPageWriter(failed), results[1:])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a1.html"]
    writer = HtmlPageWriter(tmp_path / "two.html")
    writer.write(results[1])
    with pytest.raises(ValueError, match="one article"):
        writer.write(results[0])
    writer.discard()


def test_the_registry_picks_a_writer_by_suffix_jsonl_without_one_and_refuses_others():
    assert writer_class("claims.CSV") is CsvWriter
    assert writer_class("claims.parquet") is writer_class("claims.pq") is ParquetWriter
    assert writer_class("claims.jsonl") is JsonlWriter
    # No suffix (standard output is "-") is JSONL; a suffix no format writes is refused, decided
    # here and nowhere else.
    for name in ("claims", "-"):
        assert writer_class(name) is FORMATS[DEFAULT_FORMAT] is JsonlWriter, name
    for name in ("claims.txt", "claims.html", "claims.xlsx", "claims.json"):
        with pytest.raises(ValueError, match="no output format is written as"):
            writer_class(name)


def test_a_named_format_wins_over_the_suffix_and_an_unknown_name_is_refused(tmp_path):
    assert writer_class("claims.csv", "jsonl") is JsonlWriter
    assert writer_class("claims", "CSV") is CsvWriter
    with pytest.raises(ValueError, match="'xlsx' is not an output format; one of jsonl, csv, parquet, html"):
        writer_class("claims.xlsx", "xlsx")
    with pytest.raises(ValueError):
        open_writer(tmp_path / "claims.xlsx", "xlsx")
    assert not list(tmp_path.iterdir())


def test_parquet_without_pyarrow_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"claimkit\[tables\]"):
        open_writer(tmp_path / "claims.parquet")
    assert not list(tmp_path.iterdir())
