"""The writer interface every output format implements, and its shared pieces.

A :class:`Writer` is made (creating its temporary file or folder beside the output, through
:mod:`claimkit.atomic`), given results in order, then committed or discarded; a
:class:`FileWriter` writes one file, or standard output for ``-``. The formats themselves
are in :mod:`claimkit.writers` (JSONL, CSV, Parquet, the registry) and
:mod:`claimkit.html_writers` (the HTML pages).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, ClassVar, TypeVar

from attrs import frozen

from claimkit.atomic import AtomicFile, AtomicFolder
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
