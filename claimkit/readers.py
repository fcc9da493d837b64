"""Articles from files: ``.txt`` files, folders of them, JSONL with an id and a text field, and CSV.

Every reader yields :class:`Article` records, or :class:`BadRecord` for an input it could
not read (naming the file and line), so that one bad line never stops a batch. An empty
file is a bad record too: it is almost always a failed download or export, not an article.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import frozen


@frozen
class Article:
    doc_id: str
    text: str


@frozen
class BadRecord:
    where: str  # "file:line"
    reason: str


def read_inputs(paths: Iterable[Path], text_field: str = "text", id_field: str = "doc_id",
                text_column: str = "text") -> Iterator[Article | BadRecord]:
    """Articles from every path, in order: folders are walked for ``*.txt`` files, sorted.

    ``.jsonl`` (``.ndjson``, ``.json``) files give one article a line, from ``text_field`` and
    ``id_field``; ``.csv`` files one article a row, from the columns ``text_column`` and
    ``id_field``. Anything else is read as one plain-text article.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*.txt")):
                yield _read_txt(child)
        elif not path.exists():
            yield BadRecord(str(path), "no such file or folder")
        elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            yield from _read_jsonl(path, text_field, id_field)
        elif path.suffix.lower() == ".csv":
            yield from _read_csv(path, text_column, id_field)
        else:
            yield _read_txt(path)


def _not_utf8(path: Path, data: bytes, error: UnicodeDecodeError, first_line: int = 1) -> BadRecord:
    line = first_line + data.count(b"\n", 0, error.start)
    return BadRecord(f"{path}:{line}", f"not UTF-8 text ({error.reason} at byte {error.start})")


def _read_txt(path: Path) -> Article | BadRecord:
    try:
        data = path.read_bytes()
    except OSError as error:
        return BadRecord(str(path), error.strerror or str(error))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(path, data, error)
    if not text.strip():
        return BadRecord(f"{path}:1", "empty file")
    return Article(path.name, text)


def _read_jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Article | BadRecord]:
    # Read as bytes and decode line by line: one bad byte spoils its own line, not the file.
    try:
        handle = path.open("rb")
    except OSError as error:
        yield BadRecord(str(path), error.strerror or str(error))
        return
    records = 0
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                records += 1
                yield _not_utf8(path, raw, error, number)
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")  # a byte order mark, as some exporters write
            if not line.strip():
                continue
            records += 1
            yield _jsonl_record(line, f"{path}:{number}", text_field, id_field, f"{path.stem}-{number}")
    if not records:
        yield BadRecord(f"{path}:1", "empty file: no JSON lines")


def json_object(line: str, where: str) -> dict[str, Any] | BadRecord:
    """One JSONL line as a dict, or a :class:`BadRecord` saying why it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return BadRecord(where, f"not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        return BadRecord(where, "a JSON object was expected on each line")
    return record


def _jsonl_record(line: str, where: str, text_field: str, id_field: str,
                  default_id: str) -> Article | BadRecord:
    record = json_object(line, where)
    if isinstance(record, BadRecord):
        return record
    text = record.get(text_field)
    if not isinstance(text, str):
        return BadRecord(where, f"no string field {text_field!r} (use --text-field to name another)")
    doc_id = record.get(id_field)
    return Article(default_id if doc_id is None else str(doc_id), text)


# The csv module's default limit (128 KiB a field) is below a long article; raised, never lowered.
CSV_FIELD_LIMIT = 1 << 30


def _read_csv(path: Path, text_column: str, id_field: str) -> Iterator[Article | BadRecord]:
    """One article a row of a CSV with a header; a record may span lines (quoted newlines).

    Streams. Lines are decoded one by one, as for JSONL: a byte that is not UTF-8 spoils the
    record it is in, not the file. Records are named by the line they start on.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        yield BadRecord(str(path), error.strerror or str(error))
        return
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    undecodable: dict[int, BadRecord] = {}  # line number -> the report, once its record is known

    def lines() -> Iterator[str]:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                undecodable[number] = _not_utf8(path, raw, error, number)
                line = raw.decode("utf-8", errors="replace")  # parsed on, so the next record is found
            yield line.removeprefix("\ufeff") if number == 1 else line

    header: list[str] | None = None
    records = 0
    with handle:
        reader = csv.reader(lines(), strict=True)
        while True:
            first = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                records += 1
                yield BadRecord(f"{path}:{first}", f"not valid CSV ({error})")
                continue
            spoiled = [undecodable.pop(n) for n in range(first, reader.line_num + 1) if n in undecodable]
            if not spoiled and not any(field.strip() for field in row):
                continue  # a blank line, or a row of empty fields as spreadsheets write
            if header is None:
                if spoiled:
                    yield BadRecord(f"{path}:{first}", f"the CSV header is {spoiled[0].reason}")
                    return
                header = row
                if text_column not in header:
                    columns = ", ".join(repr(name) for name in header)
                    yield BadRecord(str(path), f"no column {text_column!r} in the CSV header; its columns are "
                                               f"{columns} (use --text-column to name another)")
                    return
                continue
            records += 1
            yield spoiled[0] if spoiled else _csv_record(row, header, text_column, id_field, f"{path}:{first}",
                                                         f"{path.stem}-{first}")
    if header is None:
        yield BadRecord(f"{path}:1", "empty file: no CSV header")
    elif not records:
        yield BadRecord(f"{path}:1", "empty file: a CSV header but no rows")


def _csv_record(row: list[str], header: list[str], text_column: str, id_field: str, where: str,
                default_id: str) -> Article | BadRecord:
    if len(row) > len(header):
        return BadRecord(where, f"{len(row)} fields where the header has {len(header)} "
                                "(a comma or quote in a field that is not quoted?)")
    text_at = header.index(text_column)
    if text_at >= len(row):
        return BadRecord(where, f"no value in column {text_column!r}: the row has {len(row)} "
                                f"of the header's {len(header)} fields")
    text = row[text_at]
    if not text.strip():
        return BadRecord(where, f"empty column {text_column!r}")
    doc_id = row[header.index(id_field)] if id_field in header[:len(row)] else ""
    return Article(doc_id if doc_id.strip() else default_id, text)
