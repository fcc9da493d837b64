"""Output writers: one class per format behind one interface, and the registry that picks them.

Scope: the files claimkit writes from extraction results. ``claimkit extract`` writes every
format of :data:`FORMATS`; ``claimkit render`` writes :class:`HtmlFolderWriter` pages without
an index, or one :class:`HtmlPageWriter` page. An article's JSON line is built by one
function, :func:`claimkit.export.document_line`, and encoded by one, :func:`json_text`:
:class:`JsonlWriter` writes it (:func:`jsonl_line`), :func:`claimkit.dask.extract_dataframe`
encodes its ``claims`` the same way, and :func:`claimkit.evaluate.extract_predictions` keeps it
as a dict.

A writer is used once: it is made (which creates its temporary file or folder beside the
output, through :mod:`claimkit.atomic`, so an output that cannot be written fails before any
work), given :class:`~claimkit.Result` objects in order with :meth:`Writer.write`, then
:meth:`Writer.commit` moves the output into place or :meth:`Writer.discard` removes what was
written. A run that stops leaves the old output, or none, never half of a new one. Used as a
context manager, it commits when the block ends normally and discards otherwise.

Limits: :class:`ParquetWriter` holds every row until the commit; the HTML writers hold the
text of an article from :meth:`Writer.article` until its result arrives. Adding a format:
see docs/extending.md, "Adding an output format".
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import json
import os
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, ClassVar, TypeVar

from attrs import frozen

from claimkit.atomic import AtomicFile, AtomicFolder, atomic_write
from claimkit.export import document_line

if TYPE_CHECKING:
    from claimkit.api import Result

_W = TypeVar("_W", bound="Writer")


def json_text(value: object) -> str:
    """``value`` as one line of JSON, as every claimkit output has it: characters kept as they
    are (``ensure_ascii=False``), not as ``\\u`` escapes."""
    return json.dumps(value, ensure_ascii=False)


def jsonl_line(result: Result) -> str:
    """The JSONL line of one article, newline included: ``{"doc_id", "claims"}``, and ``"error"``
    when it failed (:func:`claimkit.export.document_line`)."""
    return json_text(document_line(result.doc_id, result.claims, result.error)) + "\n"


@frozen
class Options:
    """Settings a format may read; each writer ignores those that are not its own.

    Attributes:
        raw_cells: CSV only: write every cell as it is. By default a text cell that a
            spreadsheet would run as a formula gets a leading ``'``
            (:func:`claimkit.tables.spreadsheet_safe`).
    """

    raw_cells: bool = False


class OutputError(ValueError):
    """The output cannot be written as asked (e.g. a folder that is not empty); raised when the
    writer is made, before anything is written."""


STDOUT = "-"
"""The output that names standard output (a file format only, not a folder of pages)."""


class StandardOutput:
    """Standard output as a writer's target: written as results come, nothing to move into place.

    What was written cannot be taken back: :meth:`discard` only flushes. (A file output is
    atomic, :class:`~claimkit.atomic.AtomicFile`; a pipe cannot be.)
    """

    def __init__(self, binary: bool) -> None:
        self.path = Path(STDOUT)
        self.handle: IO[Any] = sys.stdout.buffer if binary else sys.stdout

    def commit(self) -> Path:
        self.handle.flush()
        return self.path

    def discard(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed pipe has nothing more to take
            self.handle.flush()


class Writer(ABC):
    """Where results go: built beside the output, moved into place by :meth:`commit`.

    Subclasses set :attr:`target` (an :class:`~claimkit.atomic.AtomicFile` or
    :class:`~claimkit.atomic.AtomicFolder`) in ``__init__`` and implement :meth:`write`; a
    registered format also sets :attr:`name` and :attr:`help`.
    """

    name: ClassVar[str] = ""
    """The format's name (``--format NAME``); empty for a writer that is not in :data:`FORMATS`."""
    help: ClassVar[str] = ""
    """What the output holds, one phrase, for ``claimkit extract --help``."""
    suffixes: ClassVar[tuple[str, ...]] = ()
    """Output suffixes (lower case) that choose this format when none is named."""
    folder: ClassVar[bool] = False
    """True when the output is a folder, not a file."""

    target: AtomicFile | AtomicFolder | StandardOutput

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        self.output = Path(output)
        self.options = options or Options()

    @classmethod  # noqa: B027 - a hook: most formats need nothing here
    def check(cls) -> None:
        """Raise ImportError when something this format needs is not installed; call it before any work."""

    @property
    def temporary(self) -> Path:
        """The temporary file or folder being written (not to be read as an input meanwhile)."""
        return self.target.path

    def article(self, doc_id: str, text: str) -> None:  # noqa: B027 - a hook: most formats need nothing here
        """Told of an article's text before its result; only writers that show the text keep it."""

    @abstractmethod
    def write(self, result: Result) -> None:
        """Write one article's result; a result with an ``error`` is an article (or input) that failed."""

    def finish(self) -> None:  # noqa: B027 - a hook: most formats need nothing here
        """What is written after the last result (an index page, a whole Parquet file); called by :meth:`commit`."""

    def commit(self) -> None:
        """Finish and move the output into place; on any failure, discard and raise (OSError on a full disk)."""
        try:
            self.finish()
        except BaseException:
            self.discard()
            raise
        self.target.commit()

    def discard(self) -> None:
        """Remove what was written; the output is left as it was. Safe to call more than once."""
        self.target.discard()

    def __enter__(self: _W) -> _W:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


class FileWriter(Writer):
    """A writer of one file, open as :attr:`handle` (text, UTF-8, or bytes when :attr:`binary`);
    ``-`` writes to standard output."""

    binary: ClassVar[bool] = False

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        super().__init__(output, options)
        if str(output) == STDOUT:
            stdout = StandardOutput(self.binary)
            self.target = stdout
            self.handle: IO[Any] = stdout.handle
            return
        # newline="": every line ends in "\n" on every system, and the csv module's own line ends are kept.
        file = AtomicFile(self.output, "wb" if self.binary else "w", newline="")
        self.target = file
        self.handle = file.handle


class JsonlWriter(FileWriter):
    """One line per article, as results come (:func:`jsonl_line`); a failed one has an ``error`` line."""

    name = "jsonl"
    help = "one line per article"
    suffixes = (".jsonl",)

    def write(self, result: Result) -> None:
        self.handle.write(jsonl_line(result))


class CsvWriter(FileWriter):
    """One row per claim (:data:`claimkit.tables.COLUMNS`), as results come; a failed article has no row.

    Text cells that a spreadsheet would run as a formula get a leading ``'``
    (:func:`claimkit.tables.spreadsheet_safe`) unless :attr:`Options.raw_cells`.
    """

    name = "csv"
    help = "one row per claim, the columns of claimkit.to_frame"
    suffixes = (".csv",)

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        from claimkit.tables import COLUMNS, spreadsheet_safe

        super().__init__(output, options)
        self.columns = COLUMNS
        self.cell: Callable[[Any], Any] = (lambda value: value) if self.options.raw_cells else spreadsheet_safe
        self.rows = csv.writer(self.handle, lineterminator="\n")
        # With "\n" as line end, the csv module does not quote a field holding a lone "\r",
        # and every reader then splits the row there; such rows are written fully quoted.
        self.quoted = csv.writer(self.handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self.rows.writerow(COLUMNS)

    def write(self, result: Result) -> None:
        from claimkit.tables import to_records

        for record in to_records([result]):
            # A list cell (content_fragments) is written as JSON text.
            row = [self.cell(json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value)
                   for value in (record[name] for name in self.columns)]
            has_cr = any(isinstance(cell, str) and "\r" in cell for cell in row)
            (self.quoted if has_cr else self.rows).writerow(row)


class ParquetWriter(FileWriter):
    """The rows of every claim (as :class:`CsvWriter`), typed, written as one Parquet file at the commit.

    No cell is changed. Needs pyarrow (the ``tables`` extra).
    """

    name = "parquet"
    help = "one row per claim, as csv, typed (needs the 'tables' extra)"
    suffixes = (".parquet", ".pq")
    binary = True

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        super().__init__(output, options)
        self.records: list[dict[str, Any]] = []

    @classmethod
    def check(cls) -> None:
        from claimkit.tables import require

        require("pyarrow.parquet")

    def write(self, result: Result) -> None:
        from claimkit.tables import to_records

        self.records.extend(to_records([result]))

    def finish(self) -> None:
        from claimkit.tables import with_sources, write_parquet

        # All articles are here: each source gets one canonical name across them.
        write_parquet(with_sources(self.records), self.handle)


# A page's file name keeps at most this many UTF-8 bytes of the id (file systems allow 255).
PAGE_NAME_BYTES = 100


class PageNames:
    """File names for article pages: the id made safe, unique ignoring case, never too long.

    An id longer than :data:`PAGE_NAME_BYTES` (in UTF-8) is cut there and given the first 8
    hex digits of its SHA-256, so that two long ids sharing a beginning keep apart.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.used: set[str] = {name.casefold() for name in reserved}  # e.g. the index page's own name

    def __call__(self, doc_id: str) -> str:
        name = re.sub(r"[^\w.-]+", "_", doc_id.removesuffix(".txt")).strip("._") or "article"
        if len(name.encode("utf-8")) > PAGE_NAME_BYTES:
            digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{name.encode('utf-8')[:PAGE_NAME_BYTES].decode('utf-8', 'ignore')}-{digest}"
        stem, number = name, 1
        while name.casefold() in self.used:  # ids that differ only in characters a file name cannot keep
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.casefold())
        return f"{name}.html"


class HtmlFolderWriter(Writer):
    """A folder with one highlighted page per article (:func:`claimkit.render`), and an ``index.html``.

    With ``index`` (``claimkit extract --format html``), the folder must be new or empty, and
    the index lists every article, failed ones with their error. Without it (``claimkit
    render``), failed articles get no page and the folder may hold files: the pages are moved
    in at the commit, replacing pages of the same name (:class:`~claimkit.atomic.AtomicFolder`).

    Raises:
        OutputError: ``index`` and the output is a file or a folder that is not empty.
    """

    name = "html"
    help = "a folder with a highlighted page per article and an index.html"
    folder = True

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None, *, index: bool = True,
                 keep: Iterable[str] = ()) -> None:
        """``keep``: names of files in ``output`` that no page may replace (the run's own inputs)."""
        super().__init__(output, options)
        if index and self.output.exists() and (not self.output.is_dir() or any(self.output.iterdir())):
            raise OutputError(f"{self.output}: the html format writes a folder; give a new or empty folder.")
        self.index = index
        self.pages = AtomicFolder(self.output)
        self.target = self.pages
        self.texts: dict[str, str] = {}  # only articles in flight are held
        # An article "index" must not replace the index page, nor a page an input file.
        self.names = PageNames(reserved=[*(["index"] if index else []), *(Path(name).stem for name in keep)])
        self.rows: list[str] = []

    def article(self, doc_id: str, text: str) -> None:
        self.texts[doc_id] = text

    def write(self, result: Result) -> None:
        from claimkit.viz import render

        text = self.texts.pop(result.doc_id, "")
        if result.error:
            self.rows.append(f"<li>{html.escape(result.doc_id)}: {html.escape(result.error)}</li>")
            return
        name = self.names(result.doc_id)
        render(text, result.claims, title=result.doc_id).save(self.pages.path / name)
        self.rows.append(f'<li><a href="{html.escape(name)}">{html.escape(result.doc_id)}</a>: '
                         f"{len(result.claims)} claims</li>")

    def finish(self) -> None:
        if not self.index:
            return
        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>claimkit</title></head>"
                f"<body><h1>Articles ({len(self.rows)})</h1><ul>{''.join(self.rows)}</ul></body></html>\n")
        with atomic_write(self.pages.path / "index.html") as handle:
            handle.write(page)


class HtmlPageWriter(FileWriter):
    """One article's highlighted page as one file (``claimkit render`` of one article).

    An article that failed gets no page: :meth:`commit` then removes the temporary file and
    leaves the output as it was. Not in :data:`FORMATS`: a folder of pages is :class:`HtmlFolderWriter`.

    Raises:
        ValueError: a second result is written (one page, one article).
    """

    def __init__(self, output: str | os.PathLike[str], options: Options | None = None) -> None:
        super().__init__(output, options)
        self.texts: dict[str, str] = {}
        self.results = 0
        self.written = False

    def article(self, doc_id: str, text: str) -> None:
        self.texts[doc_id] = text

    def write(self, result: Result) -> None:
        from claimkit.viz import render

        self.results += 1
        if self.results > 1:
            raise ValueError(f"{self.output}: one page holds one article; write several into a folder")
        text = self.texts.pop(result.doc_id, "")
        if not result.error:
            self.handle.write(render(text, result.claims, title=result.doc_id).html)
            self.written = True

    def commit(self) -> None:
        if self.written:
            super().commit()
        else:
            self.discard()


FORMATS: dict[str, type[Writer]] = {
    writer.name: writer for writer in (JsonlWriter, CsvWriter, ParquetWriter, HtmlFolderWriter)}
"""The output formats by name, in the order ``--help`` lists them."""

DEFAULT_FORMAT = "jsonl"
"""The format of an output whose suffix no format claims."""


def writer_class(output: str | os.PathLike[str], name: str | None = None) -> type[Writer]:
    """The writer of format ``name`` or, when it is None, the one the output's suffix (any case) chooses.

    This is the one place that decides: no suffix (``claims``, ``-`` for standard output)
    gives :data:`DEFAULT_FORMAT`, JSONL; a suffix no format claims (``.xlsx``, ``.json``) is
    refused rather than written as something else than it says.

    Raises:
        ValueError: ``name`` is not in :data:`FORMATS`, or the suffix names no format.
    """
    if name is not None:
        try:
            return FORMATS[name.lower()]
        except KeyError:
            raise ValueError(f"{name!r} is not an output format; one of {', '.join(FORMATS)}") from None
    suffix = Path(output).suffix.lower()
    if not suffix:
        return FORMATS[DEFAULT_FORMAT]
    chosen = next((writer for writer in FORMATS.values() if suffix in writer.suffixes), None)
    if chosen is None:
        known = ", ".join(s for writer in FORMATS.values() for s in writer.suffixes)
        raise ValueError(f"{os.fspath(output)}: no output format is written as {suffix!r} (the suffixes are "
                         f"{known}); rename the output, or name its format with --format "
                         f"({', '.join(FORMATS)})")
    return chosen


def open_writer(output: str | os.PathLike[str], name: str | None = None, options: Options | None = None) -> Writer:
    """A new writer for ``output`` (:func:`writer_class` picks the format), its temporary file or folder created.

    Raises:
        ValueError: ``name`` is not a format.
        ImportError: the format needs a package that is not installed (:meth:`Writer.check`).
        OutputError: the output cannot take this format (a folder that is not empty, for html).
        OSError: the temporary file or folder cannot be created (no such folder, no permission).
    """
    writer = writer_class(output, name)
    writer.check()
    return writer(output, options)
