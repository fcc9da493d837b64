"""Articles from files: ``.txt`` files, folders of them, and JSONL with an id and a text field.

Every reader yields :class:`Article` records, or :class:`BadRecord` for an input it could
not read (naming the file and line), so that one bad line never stops a batch. An empty
file is a bad record too: it is almost always a failed download or export, not an article.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from attrs import frozen


@frozen
class Article:
    doc_id: str
    text: str


@frozen
class BadRecord:
    where: str  # "file:line"
    reason: str


def read_inputs(paths: Iterable[Path], text_field: str = "text", id_field: str = "doc_id") -> Iterator[
        Article | BadRecord]:
    """Articles from every path, in order: folders are walked for ``*.txt`` files, sorted."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*.txt")):
                yield _read_txt(child)
        elif not path.exists():
            yield BadRecord(str(path), "no such file or folder")
        elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            yield from _read_jsonl(path, text_field, id_field)
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


def _jsonl_record(line: str, where: str, text_field: str, id_field: str,
                  default_id: str) -> Article | BadRecord:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return BadRecord(where, f"not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        return BadRecord(where, "a JSON object was expected on each line")
    text = record.get(text_field)
    if not isinstance(text, str):
        return BadRecord(where, f"no string field {text_field!r} (use --text-field to name another)")
    doc_id = record.get(id_field)
    return Article(default_id if doc_id is None else str(doc_id), text)
