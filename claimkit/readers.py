"""Articles from files: ``.txt`` files, folders of them, JSONL with an id and a text field, and CSV.

Every reader yields :class:`Article` records, or :class:`BadRecord` for an input it could
not read (naming the file and line), so that one bad line never stops a batch. An empty
file is a bad record too: it is almost always a failed download or export, not an article.
A file a folder walk passes over (not a ``.txt`` file, a link to a folder) is not a failure:
it is told to the ``on_skip`` callback of :func:`read_inputs`, so that nothing is left out
without a word.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from claimkit.input_records import (
    CORRUPT,
    STDIN,
    TEXT_SUFFIX,
    Article,
    BadRecord,
    Skipped,
    format_suffix,
    not_utf8,
    open_bytes,
    read_txt,
    stem_of,
    unless_corrupt,
)

__all__ = ["STDIN", "TEXT_SUFFIX", "Article", "BadRecord", "Skipped", "count_articles", "is_walked", "json_object",
           "read_inputs"]

def read_inputs(paths: Iterable[Path], text_field: str = "text", id_field: str = "doc_id",
                text_column: str = "text", *, on_skip: Skipped | None = None) -> Iterator[Article | BadRecord]:
    """Articles from every path, in order.

    A folder is walked for ``*.txt`` files, in sorted order, subfolders included; an
    article's ``doc_id`` is its path inside the folder given, with forward slashes
    (``2020/story.txt``), so that two ``story.txt`` in different subfolders stay two
    articles. A subfolder that cannot be read, and a ``.txt`` entry that is not a regular
    file (a pipe, a device, a broken link: reading it could block), are bad records. Other
    files, links to folders (not followed, to avoid loops) and a folder without any
    ``.txt`` file are passed over and told to ``on_skip(where, reason)``.

    ``.jsonl`` (``.ndjson``, ``.json``) files give one article a line, from ``text_field`` and
    ``id_field`` (or one an object, when the file is a JSON array); ``.csv`` files one article
    a row, from the columns ``text_column`` and ``id_field``; a ``.gz`` after either suffix is
    read decompressed (``corpus.jsonl.gz``). Any other file named on its own is read as one
    plain-text article, whose ``doc_id`` is its file name. ``-`` is standard input: JSON
    lines when it starts with ``{`` (a JSON array with ``[``), else one plain-text article
    with the ``doc_id`` ``stdin``.
    """
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(text_field, id_field)
        elif path.is_dir():
            yield from _read_folder(path, on_skip)
        elif not path.exists():
            yield BadRecord(str(path), "no such file or folder")
        elif format_suffix(path) in (".jsonl", ".ndjson", ".json"):
            yield from _read_jsonl(path, text_field, id_field)
        elif format_suffix(path) == ".csv":
            yield from _read_csv(path, text_column, id_field)
        else:
            yield read_txt(path, path.name)


def count_articles(paths: Iterable[Path]) -> int | None:
    """About how many records :func:`read_inputs` will give for ``paths``, from a quick pass over
    the files (lines, rows, file names; no JSON or text decoded): a progress bar's total.
    ``None`` when it cannot be known before reading (standard input). A file that cannot be
    read counts as one record, as :func:`read_inputs` reports it as one."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        try:
            if path.is_dir():
                total += sum(1 for _, what, _, _ in _walk(path) if what != _SKIP)
            elif format_suffix(path) in (".jsonl", ".ndjson", ".json"):
                with open_bytes(path) as handle:
                    first = handle.peek(64)[:64] if hasattr(handle, "peek") else b""
                    if _opens(first, b"["):  # a JSON array: its items
                        items = json.loads(handle.read().decode("utf-8", errors="replace").removeprefix("\ufeff"))
                        total += max(1, len(items) if isinstance(items, list) else 1)
                    else:  # JSON lines, counted as they stream by
                        total += max(1, sum(1 for raw in handle if raw.strip()))
            elif format_suffix(path) == ".csv":
                with io.TextIOWrapper(open_bytes(path), encoding="utf-8", errors="replace", newline="") as text:
                    total += max(1, sum(1 for _ in csv.reader(text)) - 1)
            else:
                total += 1
        except (*CORRUPT, csv.Error, ValueError):  # ValueError: JSON that does not parse
            total += 1
    return total


def is_walked(path: Path) -> bool:
    """Whether a folder walk reads a file of this name as an article."""
    return path.suffix.lower() == TEXT_SUFFIX


# What a walk finds at one relative path: an article to read, a failure, or a file passed over.
_READ, _BAD, _SKIP = "read", "bad", "skip"


def _walk(top: Path) -> list[tuple[tuple[str, ...], str, Path, str]]:
    """``(relative parts, what, path, reason)`` for everything under ``top``, in no order.

    Uses ``os.scandir`` rather than ``Path.rglob``, which passes over a subfolder it cannot
    read without a word.
    """
    found: list[tuple[tuple[str, ...], str, Path, str]] = []
    pending: list[tuple[Path, tuple[str, ...]]] = [(top, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            found.append((parts, _BAD, folder, f"cannot read this folder: {error.strerror or error}"))
            continue
        for entry in entries:
            path, here = Path(entry.path), (*parts, entry.name)
            if entry.is_dir(follow_symlinks=False):
                pending.append((path, here))
            elif _is_dir(entry):
                found.append((here, _SKIP, path, "skipped: a link to a folder (links are not followed)"))
            elif not is_walked(path):
                found.append((here, _SKIP, path, f"skipped: not a {TEXT_SUFFIX} file"))
            elif _is_file(entry):
                found.append((here, _READ, path, ""))
            else:
                found.append((here, _BAD, path, "not a regular file (a pipe, a device or a broken link)"))
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _read_folder(top: Path, on_skip: Skipped | None) -> Iterator[Article | BadRecord]:
    # Walked in full first (names only, no text), then read lazily one file at a time.
    found = sorted(_walk(top))
    for parts, what, path, reason in found:
        if what == _READ:
            yield read_txt(path, "/".join(parts))
        elif what == _BAD:
            yield BadRecord(str(path), reason)
        else:
            _tell(on_skip, str(path), reason)
    if all(what == _SKIP for _, what, _, _ in found):  # an unreadable folder is a bad record already
        _tell(on_skip, str(top), f"skipped: no {TEXT_SUFFIX} files in this folder")


def _tell(on_skip: Skipped | None, where: str, reason: str) -> None:
    if on_skip is not None:
        on_skip(where, reason)


def _read_jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Article | BadRecord]:
    # Read as bytes and decode line by line: one bad byte spoils its own line, not the file.
    try:
        handle = open_bytes(path)
    except OSError as error:
        yield BadRecord(str(path), error.strerror or str(error))
        return
    with handle:
        yield from unless_corrupt(_jsonl_lines(handle, path, text_field, id_field), path)


def _read_stdin(text_field: str, id_field: str) -> Iterator[Article | BadRecord]:
    """Standard input (``-``): JSON lines when it starts with ``{`` (a JSON array with ``[``),
    else one plain-text article whose ``doc_id`` is ``stdin``."""
    stream = sys.stdin.buffer
    data = stream.read()
    if _opens(data, b"{", b"[") and _looks_like_json(data):
        yield from _jsonl_lines(io.BufferedReader(io.BytesIO(data)), STDIN, text_field, id_field)
        return
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        yield not_utf8(STDIN, data, error)
        return
    if not text.strip():
        yield BadRecord(f"{STDIN}:1", "empty input")
        return
    yield Article("stdin", text, str(STDIN))


def _opens(data: bytes, *marks: bytes) -> bool:
    """Whether ``data`` starts with one of ``marks``, past a byte order mark and white space."""
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(marks)


def _looks_like_json(data: bytes) -> bool:
    """Whether standard input is JSON (an array, or JSON lines whose first line parses), not a
    plain-text article that happens to start with "[Updated]" or "{"."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    try:
        json.loads(text if text.startswith("[") else text.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return True


def _jsonl_lines(handle: IO[bytes], path: Path, text_field: str, id_field: str
                 ) -> Iterator[Article | BadRecord]:
    """The records of JSON lines read from ``handle`` (bytes, decoded line by line), named after
    ``path``; or of a JSON array of objects, when the input starts with ``[``."""
    first = handle.peek(64)[:64] if hasattr(handle, "peek") else b""
    if _opens(first, b"["):
        yield from _json_array(handle.read(), path, text_field, id_field)
        return
    records = 0
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            records += 1
            yield not_utf8(path, raw, error, number)
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte order mark, as some exporters write
        if not line.strip():
            continue
        records += 1
        yield _jsonl_record(line, f"{path}:{number}", text_field, id_field, f"{stem_of(path)}-{number}")
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


def _json_array(data: bytes, path: Path, text_field: str, id_field: str) -> Iterator[Article | BadRecord]:
    """``[{"doc_id": ..., "text": ...}, ...]``: one article an object, named ``path[i]``."""
    try:
        items = json.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        yield BadRecord(f"{path}:1", f"not a JSON array: {error}")
        return
    stem = stem_of(path)
    for number, item in enumerate(items if isinstance(items, list) else [items]):
        where = f"{path}[{number}]"
        if not isinstance(item, dict):
            yield BadRecord(where, f"not a JSON object but {type(item).__name__}")
            continue
        yield _record_of(item, where, text_field, id_field, f"{stem}-{number + 1}")
    if not items:
        yield BadRecord(f"{path}:1", "empty JSON array")


def _jsonl_record(line: str, where: str, text_field: str, id_field: str,
                  default_id: str) -> Article | BadRecord:
    record = json_object(line, where)
    if isinstance(record, BadRecord):
        return record
    return _record_of(record, where, text_field, id_field, default_id)


def _record_of(record: dict[str, Any], where: str, text_field: str, id_field: str,
               default_id: str) -> Article | BadRecord:
    text = record.get(text_field)
    if not isinstance(text, str):
        return BadRecord(where, f"no string field {text_field!r} (use --text-field to name another)")
    doc_id = record.get(id_field)
    return Article(default_id if doc_id is None else str(doc_id), text, where)


# The csv module's default limit (128 KiB a field) is below a long article; raised, never lowered.
CSV_FIELD_LIMIT = 1 << 30


def _read_csv(path: Path, text_column: str, id_field: str) -> Iterator[Article | BadRecord]:
    """:func:`_csv_rows`, ended by a bad record if a compressed file turns out unreadable."""
    yield from unless_corrupt(_csv_rows(path, text_column, id_field), path)


def _csv_rows(path: Path, text_column: str, id_field: str) -> Iterator[Article | BadRecord]:
    """One article a row of a CSV with a header; a record may span lines (quoted newlines).

    Streams. Lines are decoded one by one, as for JSONL: a byte that is not UTF-8 spoils the
    record it is in, not the file. Records are named by the line they start on.
    """
    try:
        handle = open_bytes(path)
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
                undecodable[number] = not_utf8(path, raw, error, number)
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
    return Article(doc_id if doc_id.strip() else default_id, text, where)
