"""Articles from .txt files, folders and JSONL; bad inputs become BadRecords, the rest is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimkit.readers import Article, BadRecord, count_articles, read_inputs


def read(*paths: Path, **fields: str) -> list[Article | BadRecord]:
    return list(read_inputs(list(paths), **fields))


def jsonl(path: Path, *lines: object) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_txt_file(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text("The harbour reopened.\n\n“It is safe,” the pilot said.", encoding="utf-8")
    assert read(path) == [Article("harbour.txt", "The harbour reopened.\n\n“It is safe,” the pilot said.")]


def test_txt_file_keeps_text_exactly(tmp_path):
    text = "  Leading spaces, Windows\r\nline ends and a trailing newline.\n"
    path = tmp_path / "raw.txt"
    path.write_bytes(text.encode("utf-8"))
    (article,) = read(path)
    assert article.text == text


def test_folder_is_walked_sorted_and_recursively(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "z.txt").write_text("Zed.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    (tmp_path / "b" / "m.txt").write_text("Em.", encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.txt").write_text("Cee.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "data.jsonl").write_text('{"text": "not walked"}\n', encoding="utf-8")
    records = read(tmp_path)
    assert all(isinstance(r, Article) for r in records)
    assert [r.text for r in records] == ["Ay.", "Cee.", "Em.", "Zed."]  # a.txt, b/deep/c.txt, b/m.txt, z.txt


def test_inputs_are_read_in_the_order_given(tmp_path):
    first, second = tmp_path / "2.txt", tmp_path / "1.txt"
    first.write_text("Two.", encoding="utf-8")
    second.write_text("One.", encoding="utf-8")
    assert [r.text for r in read(first, second)] == ["Two.", "One."]


def test_jsonl_default_fields(tmp_path):
    path = jsonl(tmp_path / "news.jsonl", {"doc_id": "n1", "text": "First."},
                 {"doc_id": "n2", "text": "Second."})
    assert read(path) == [Article("n1", "First."), Article("n2", "Second.")]


def test_jsonl_custom_text_and_id_fields(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl",
                 {"uid": "a-1", "body": "Body one.", "text": "wrong field"},
                 {"uid": 42, "body": "Body two."})
    records = read(path, text_field="body", id_field="uid")
    assert records == [Article("a-1", "Body one."), Article("42", "Body two.")]


def test_jsonl_missing_or_null_id_gets_file_and_line(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", {"text": "No id."}, "", {"doc_id": None, "text": "Null id."})
    assert read(path) == [Article("feed-1", "No id."), Article("feed-3", "Null id.")]


def test_jsonl_ndjson_suffix(tmp_path):
    path = jsonl(tmp_path / "feed.ndjson", {"doc_id": "x", "text": "Fine."})
    assert read(path) == [Article("x", "Fine.")]


def test_missing_text_field(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl",
                 {"doc_id": "ok1", "text": "Fine."},
                 {"doc_id": "bad", "body": "Wrong field."},
                 {"doc_id": "bad2", "text": 17},
                 {"doc_id": "ok2", "text": "Also fine."})
    records = read(path)
    assert records[0] == Article("ok1", "Fine.")
    assert records[3] == Article("ok2", "Also fine.")
    for record, line in zip(records[1:3], (2, 3), strict=True):
        assert isinstance(record, BadRecord)
        assert record.where == f"{path}:{line}"
        assert "text" in record.reason


def test_invalid_json_line(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl",
                 {"doc_id": "ok1", "text": "Fine."},
                 '{"doc_id": "broken", "text": "unterminated',
                 "[1, 2, 3]",
                 {"doc_id": "ok2", "text": "Also fine."})
    records = read(path)
    assert records[0] == Article("ok1", "Fine.")
    assert records[1] == BadRecord(f"{path}:2", records[1].reason)
    assert "JSON" in records[1].reason
    assert isinstance(records[2], BadRecord) and records[2].where == f"{path}:3"
    assert records[3] == Article("ok2", "Also fine.")


def test_blank_lines_are_skipped_but_counted(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", "", {"doc_id": "a", "text": "A."}, "   ", "not json")
    records = read(path)
    assert records[0] == Article("a", "A.")
    assert records[1].where == f"{path}:4"


def test_non_utf8_txt(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("First line.\nThe caf\u00e9 closed.\n".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    records = read(bad, good)
    assert isinstance(records[0], BadRecord)
    assert records[0].where == f"{bad}:2"
    assert "UTF-8" in records[0].reason
    assert records[1] == Article("good.txt", "Fine.")


def test_non_utf8_jsonl_line_spoils_only_that_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"doc_id": "before", "text": "Fine."}\n'
        b'{"doc_id": "latin", "text": "caf\xe9"}\n'
        b'{"doc_id": "after", "text": "Also fine."}\n'
    )
    records = read(path)
    assert records[0] == Article("before", "Fine.")
    assert isinstance(records[1], BadRecord)
    assert records[1].where == f"{path}:2"
    assert "UTF-8" in records[1].reason
    assert records[2] == Article("after", "Also fine.")


def test_jsonl_with_byte_order_mark(tmp_path):
    path = tmp_path / "excel.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"doc_id": "bom", "text": "Fine."}\n')
    assert read(path) == [Article("bom", "Fine.")]


@pytest.mark.parametrize(("name", "content"), [("empty.txt", b""), ("blank.txt", b" \n\n "),
                                                ("empty.jsonl", b""), ("blank.jsonl", b"\n\n")])
def test_empty_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    records = read(path, good)
    assert isinstance(records[0], BadRecord)
    assert records[0].where == f"{path}:1"
    assert "empty" in records[0].reason
    assert records[1] == Article("good.txt", "Fine.")


def test_missing_path(tmp_path):
    missing = tmp_path / "nowhere" / "gone.txt"
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    records = read(missing, good)
    assert records[0] == BadRecord(str(missing), records[0].reason)
    assert records[0].reason
    assert records[1] == Article("good.txt", "Fine.")


def test_one_bad_input_never_stops_the_batch(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "folder" / "two.txt").write_bytes(b"\xff\xfe")
    feed = jsonl(tmp_path / "feed.jsonl", "{", {"doc_id": "f1", "text": "Feed one."})
    records = read(tmp_path / "folder", tmp_path / "missing.jsonl", feed, tmp_path / "folder" / "one.txt")
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["Article", "BadRecord", "BadRecord", "BadRecord", "Article", "Article"]
    assert [r.text for r in records if isinstance(r, Article)] == ["One.", "Feed one.", "One."]


def test_read_inputs_is_lazy(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", {"doc_id": "a", "text": "A."})
    stream = read_inputs([path])
    assert iter(stream) is stream
    assert next(stream) == Article("a", "A.")


# CSV: one article a row, from a text column and an id column, read as a stream.


def csv_file(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_csv_default_columns(tmp_path):
    path = csv_file(tmp_path / "news.csv", "doc_id,text,date\nn1,First.,2024-01-01\nn2,Second.,2024-01-02\n")
    assert read(path) == [Article("n1", "First."), Article("n2", "Second.")]


def test_csv_custom_text_column_and_id_field(tmp_path):
    path = csv_file(tmp_path / "feed.csv", "uid,body,text\na-1,Body one.,wrong column\n42,Body two.,\n")
    assert read(path, text_column="body", id_field="uid") == [Article("a-1", "Body one."), Article("42", "Body two.")]


def test_csv_text_field_is_for_jsonl_only(tmp_path):
    path = csv_file(tmp_path / "feed.csv", "doc_id,body,text\na,Body.,Text.\n")
    assert read(path, text_field="body") == [Article("a", "Text.")]


def test_csv_quoted_fields_keep_commas_quotes_and_newlines(tmp_path):
    text = "“It is safe,” the pilot said, \"again\".\r\n\r\nThe harbour reopened."
    quoted = '"' + text.replace('"', '""') + '"'
    path = csv_file(tmp_path / "feed.csv", f"doc_id,text\nq,{quoted}\nafter,After.\n")
    assert read(path) == [Article("q", text), Article("after", "After.")]


def test_csv_missing_or_empty_id_gets_file_and_line(tmp_path):
    path = csv_file(tmp_path / "feed.csv", 'doc_id,text\n,No id.\n" ",Blank id.\n')
    assert read(path) == [Article("feed-2", "No id."), Article("feed-3", "Blank id.")]
    no_id_column = csv_file(tmp_path / "plain.csv", 'text\n"Multi\nline."\nNext.\n')
    assert read(no_id_column) == [Article("plain-2", "Multi\nline."), Article("plain-4", "Next.")]


def test_csv_row_without_the_text_column_names_file_and_line(tmp_path):
    path = csv_file(tmp_path / "feed.csv",
                    'doc_id,text\nok1,Fine.\n"two\nlines",Fine too.\nshort\nempty,  \nok2,Also fine.\n')
    records = read(path)
    assert records[0] == Article("ok1", "Fine.")
    assert records[1] == Article("two\nlines", "Fine too.")
    for record, line in zip(records[2:4], (5, 6), strict=True):
        assert isinstance(record, BadRecord)
        assert record.where == f"{path}:{line}"  # the line the row starts on, after a two-line row
        assert "'text'" in record.reason
    assert records[4] == Article("ok2", "Also fine.")


def test_csv_without_the_text_column_is_one_error_naming_the_columns(tmp_path):
    path = csv_file(tmp_path / "feed.csv", "id,body,date\n1,One.,x\n2,Two.,y\n")
    (record,) = read(path)
    assert isinstance(record, BadRecord)
    assert str(path) in record.where
    assert "'text'" in record.reason
    assert "'id', 'body', 'date'" in record.reason
    assert "--text-column" in record.reason


def test_csv_row_with_more_fields_than_the_header(tmp_path):
    path = csv_file(tmp_path / "feed.csv", "doc_id,text\na,Hello, world\nb,Fine.\n")
    records = read(path)
    assert records[0] == BadRecord(f"{path}:2", records[0].reason)
    assert "3 fields" in records[0].reason
    assert records[1] == Article("b", "Fine.")


def test_csv_with_byte_order_mark_and_windows_line_ends(tmp_path):
    path = csv_file(tmp_path / "excel.csv", b'\xef\xbb\xbfdoc_id,text\r\nbom,"Fine,\r\nreally."\r\n')
    assert read(path) == [Article("bom", "Fine,\r\nreally.")]


def test_csv_non_utf8_row_spoils_only_that_row(tmp_path):
    path = csv_file(tmp_path / "feed.csv", b'doc_id,text\nbefore,Fine.\nlatin,caf\xe9\nafter,"Also\nfine."\n')
    records = read(path)
    assert records[0] == Article("before", "Fine.")
    assert isinstance(records[1], BadRecord)
    assert records[1].where == f"{path}:3"
    assert "UTF-8" in records[1].reason
    assert records[2] == Article("after", "Also\nfine.")


def test_csv_unclosed_quote_is_reported(tmp_path):
    path = csv_file(tmp_path / "feed.csv", 'doc_id,text\nok,Fine.\nbroken,"never closed\nand on\n')
    records = read(path)
    assert records[0] == Article("ok", "Fine.")
    assert records[1] == BadRecord(f"{path}:3", records[1].reason)
    assert "CSV" in records[1].reason


def test_csv_blank_rows_are_skipped(tmp_path):
    path = csv_file(tmp_path / "sheet.csv", "doc_id,text\n\na,A.\n,\n , \nb,B.\n\n")
    assert read(path) == [Article("a", "A."), Article("b", "B.")]


@pytest.mark.parametrize(("content", "reason"), [(b"", "no CSV header"), (b"\n\n", "no CSV header"),
                                                  (b"doc_id,text\n", "no rows"), (b"doc_id,text\n,\n\n", "no rows")])
def test_empty_csv(tmp_path, content, reason):
    path = csv_file(tmp_path / "empty.csv", content)
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    records = read(path, good)
    assert records[0] == BadRecord(f"{path}:1", records[0].reason)
    assert "empty" in records[0].reason and reason in records[0].reason
    assert records[1] == Article("good.txt", "Fine.")


def test_csv_field_longer_than_the_csv_module_default(tmp_path):
    text = "The harbour reopened. " * 10_000  # 220,000 characters; the csv module's default limit is 131,072
    path = csv_file(tmp_path / "long.csv", f"doc_id,text\nlong,{text}\n")
    assert read(path) == [Article("long", text)]


def test_csv_is_read_lazily(tmp_path):
    path = csv_file(tmp_path / "feed.csv", "doc_id,text\na,A.\nb,B.\n")
    stream = read_inputs([path])
    assert next(stream) == Article("a", "A.")


# Folder walks: ids from the path inside the folder; nothing passed over without a word.


def walk(*paths: Path) -> tuple[list[Article | BadRecord], list[tuple[str, str]]]:
    skipped: list[tuple[str, str]] = []
    records = list(read_inputs(list(paths), on_skip=lambda where, reason: skipped.append((where, reason))))
    return records, skipped


def test_folder_ids_are_paths_inside_the_folder_given(tmp_path):
    for year in ("2020", "2021"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "story.txt").write_text(f"Story of {year}.", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Top.", encoding="utf-8")
    records, _ = walk(tmp_path)
    assert [r.doc_id for r in records] == ["2020/story.txt", "2021/story.txt", "top.txt"]
    assert [r.where for r in records] == [str(tmp_path / "2020" / "story.txt"), str(tmp_path / "2021" / "story.txt"),
                                          str(tmp_path / "top.txt")]
    assert [r.doc_id for r in read(tmp_path / "2020")] == ["story.txt"]


def test_where_is_not_part_of_an_articles_identity(tmp_path):
    path = jsonl(tmp_path / "n.jsonl", {"doc_id": "n1", "text": "First."})
    (article,) = read(path)
    assert article.where == f"{path}:1"
    assert article == Article("n1", "First.")


def test_files_a_walk_passes_over_are_told_to_on_skip(tmp_path):
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "upper.TXT").write_text("Upper.", encoding="utf-8")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("Bee.", encoding="utf-8")
    (tmp_path / "link").symlink_to(elsewhere, target_is_directory=True)
    records, skipped = walk(tmp_path)
    assert [r.doc_id for r in records] == ["a.txt", "upper.TXT"]
    assert skipped == [(str(tmp_path / "link"), "skipped: a link to a folder (links are not followed)"),
                       (str(tmp_path / "notes.md"), "skipped: not a .txt file")]
    assert [r.doc_id for r in read(tmp_path)] == ["a.txt", "upper.TXT"]  # no callback: passed over quietly


def test_a_folder_without_txt_files_is_told_to_on_skip(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    records, skipped = walk(tmp_path)
    assert records == []
    assert skipped[-1] == (str(tmp_path), "skipped: no .txt files in this folder")


def test_an_unreadable_subfolder_is_a_bad_record(tmp_path, monkeypatch):
    import claimkit.readers

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    real = claimkit.readers.os.scandir

    def scandir(path):  # chmod 000 does not lock out root, which may run the tests
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(claimkit.readers.os, "scandir", scandir)
    records, skipped = walk(tmp_path)
    assert records == [Article("a.txt", "Ay."),
                       BadRecord(str(tmp_path / "locked"), "cannot read this folder: Permission denied")]
    assert skipped == []


def test_a_pipe_named_txt_in_a_folder_is_a_bad_record_not_a_hang(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere")
    records, _ = walk(tmp_path)
    assert [(r.where, r.reason) for r in records if isinstance(r, BadRecord)] == [
        (str(tmp_path / "broken.txt"), "not a regular file (a pipe, a device or a broken link)"),
        (str(tmp_path / "pipe.txt"), "not a regular file (a pipe, a device or a broken link)")]


# --- compressed files and JSON arrays (issue 16) ------------------------------------------------

def test_gzipped_jsonl_and_csv_are_read_decompressed(tmp_path):
    import gzip

    jsonl = tmp_path / "corpus.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as handle:
        handle.write('{"doc_id": "a", "text": "One."}\n{"doc_id": "b", "text": "Two."}\n')
    table = tmp_path / "corpus.csv.gz"
    with gzip.open(table, "wt", encoding="utf-8", newline="") as handle:
        handle.write('doc_id,text\nc,"Three."\n')
    records = list(read_inputs([jsonl, table]))
    assert [(r.doc_id, r.text) for r in records] == [("a", "One."), ("b", "Two."), ("c", "Three.")]
    assert count_articles([jsonl, table]) == 3


def test_a_json_array_gives_one_article_an_object_and_names_a_bad_item(tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text('[{"doc_id": "a", "text": "One."}, 7, {"text": "Three."}]', encoding="utf-8")
    records = list(read_inputs([path]))
    assert records[0] == Article("a", "One.")
    assert isinstance(records[1], BadRecord) and records[1].where == f"{path}[1]"
    assert records[2] == Article("corpus-3", "Three.")


def test_a_corrupt_or_truncated_gzip_is_a_bad_record_not_a_crash(tmp_path):
    import gzip

    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_text('{"text": "One."}\n', encoding="utf-8")
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(b'{"doc_id": "a", "text": "One."}\n' * 50)[:40])
    good = tmp_path / "good.jsonl"
    good.write_text('{"doc_id": "g", "text": "Fine."}\n', encoding="utf-8")
    records = list(read_inputs([not_gzip, truncated, good]))
    assert isinstance(records[0], BadRecord) and "plain.jsonl.gz" in records[0].where
    assert any(isinstance(r, BadRecord) and "cut.jsonl.gz" in r.where for r in records)
    assert records[-1] == Article("g", "Fine.")
    assert count_articles([not_gzip, truncated, good]) >= 3


def test_a_json_array_after_a_byte_order_mark_is_counted_by_its_items(tmp_path):
    path = tmp_path / "corpus.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'[{"text": "One."}, {"text": "Two."}, {"text": "Three."}]')
    assert [r.text for r in read_inputs([path])] == ["One.", "Two.", "Three."]
    assert count_articles([path]) == 3
    gz_named = tmp_path / "corpus.jsonl.gz"
    import gzip

    gz_named.write_bytes(gzip.compress(b'{"text": "One."}\n'))
    assert [r.doc_id for r in read_inputs([gz_named])] == ["corpus-1"]  # as for corpus.jsonl
