"""What the readers hand on, and the file-level pieces they share: an :class:`Article` or a
:class:`BadRecord`, a ``.txt`` file read whole, a file opened (decompressed when gzipped), the
name its articles are numbered after, and a read that fails part-way turned into a record.
Used by :mod:`claimkit.readers`.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, cast

from attrs import field, frozen

STDIN = Path("-")
"""The input that names standard input: JSON lines if it starts with ``{``, else one article."""

TEXT_SUFFIX = ".txt"
"""The files a folder walk reads (any case: ``.TXT`` too); every other file is skipped and reported."""


@frozen
class Article:
    doc_id: str
    text: str
    # Where it was read ("file:line", or the file), for messages; not part of its identity.
    where: str = field(default="", eq=False)


@frozen
class BadRecord:
    where: str  # "file:line"
    reason: str


Skipped = Callable[[str, str], None]
"""``on_skip(where, reason)``: told of each file a folder walk passes over."""


def not_utf8(path: Path, data: bytes, error: UnicodeDecodeError, first_line: int = 1) -> BadRecord:
    line = first_line + data.count(b"\n", 0, error.start)
    return BadRecord(f"{path}:{line}", f"not UTF-8 text ({error.reason} at byte {error.start})")


def read_txt(path: Path, doc_id: str) -> Article | BadRecord:
    try:
        data = path.read_bytes()
    except OSError as error:
        return BadRecord(str(path), error.strerror or str(error))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return not_utf8(path, data, error)
    if not text.strip():
        return BadRecord(f"{path}:1", "empty file")
    return Article(doc_id, text, str(path))


# What a compressed file that is truncated, corrupt or not gzip at all raises while it is read.
CORRUPT = (OSError, EOFError, zlib.error)


def unless_corrupt(records: Iterator[Article | BadRecord], path: Path) -> Iterator[Article | BadRecord]:
    """``records``, ended by one bad record when the file turns out unreadable part-way (a
    ``.gz`` that is truncated or not gzip), instead of an exception that would stop the run."""
    try:
        yield from records
    except CORRUPT as error:
        yield BadRecord(str(path), f"cannot be read to the end: {error}")


def stem_of(path: Path) -> str:
    """The name an article of ``path`` is numbered after: ``corpus`` for ``corpus.jsonl`` and
    ``corpus.jsonl.gz`` alike, ``stdin`` for standard input."""
    if path == STDIN:
        return "stdin"
    return Path(path.stem).stem if path.suffix.lower() == ".gz" else path.stem


def format_suffix(path: Path) -> str:
    """The suffix that names the format, under a ``.gz``: ``corpus.jsonl.gz`` is JSON lines."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def open_bytes(path: Path) -> IO[bytes]:
    """``path`` open for reading bytes, decompressed when it ends in ``.gz``."""
    return cast(IO[bytes], gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb"))
