"""Output writers: one class per format behind one interface, and the registry that picks them.

Scope: the files claimkit writes from extraction results. ``claimkit extract`` writes every
format of :data:`FORMATS`; ``claimkit render`` writes :class:`HtmlFolderWriter` pages without
an index, or one :class:`HtmlPageWriter` page. An article's JSON line is built by one
function, :func:`claimkit.export.document_line`, and encoded by one, :func:`json_text`:
:class:`JsonlWriter` writes it (:func:`jsonl_line`), :func:`claimkit.dask.extract_article_frame`
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

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimkit.html_writers import PAGE_NAME_BYTES, HtmlFolderWriter, HtmlPageWriter, PageNames, index_page
from claimkit.writer_base import (
    STDOUT,
    FileWriter,
    Options,
    OutputError,
    StandardOutput,
    Writer,
    json_text,
    jsonl_line,
)

if TYPE_CHECKING:
    from claimkit.api import Result

__all__ = ["DEFAULT_FORMAT", "FORMATS", "PAGE_NAME_BYTES", "STDOUT", "CsvWriter", "FileWriter", "HtmlFolderWriter",
           "HtmlPageWriter", "JsonlWriter", "Options", "OutputError", "PageNames", "ParquetWriter", "StandardOutput",
           "Writer", "index_page", "json_text", "jsonl_line", "open_writer", "writer_class"]

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
