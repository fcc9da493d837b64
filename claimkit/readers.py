"""Articles from files: ``.txt`` files, folders of them, and JSONL with an id and a text field.

Every reader yields :class:`Article` records, or :class:`BadRecord` for an input it could
not read (naming the file and line), so that one bad line never stops a batch.
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


def _read_txt(path: Path) -> Article | BadRecord:
    try:
        return Article(path.name, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        return BadRecord(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})")
    except OSError as error:
        return BadRecord(str(path), error.strerror or str(error))


def _read_jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Article | BadRecord]:
    try:
        handle = path.open(encoding="utf-8", errors="strict")
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                yield _jsonl_record(line, f"{path}:{number}", text_field, id_field, f"{path.stem}-{number}")
    except UnicodeDecodeError as error:
        yield BadRecord(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})")


def _jsonl_record(line: str, where: str, text_field: str, id_field: str, default_id: str) -> Article | BadRecord:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return BadRecord(where, f"not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        return BadRecord(where, "a JSON object was expected on each line")
    text = record.get(text_field)
    if not isinstance(text, str):
        return BadRecord(where, f"no string field {text_field!r} (use --text-field to name another)")
    doc_id = record.get(id_field, default_id)
    return Article(str(doc_id), text)
