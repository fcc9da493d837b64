"""The command line: ``claimkit extract`` (JSONL, CSV, Parquet or HTML out), ``show``, ``evaluate``,
``report`` and ``render``.

Kept at the edge: everything here calls the public API and the readers; no extraction
logic lives in this module.

Every command ends with one of three exit codes (:data:`EXIT_FAILED`, :data:`EXIT_CANNOT_RUN`):
0, done; 1, done, but some inputs or articles failed (each is reported on stderr; the others
are written); 2, could not run (one line on stderr, nothing written): an output that is also
an input, an output that cannot be written (a folder where a file is wanted, no permission,
a full disk), no articles found, no model. What can be checked before the work is checked
first, by creating the output's temporary file before the model is even loaded. Every file
is written through :mod:`claimkit.atomic`: a run that stops leaves the old output, or none,
never half of a new one. Everything from the articles that reaches the terminal goes
through :func:`claimkit.display.terminal_safe`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, Protocol

import typer

from claimkit.atomic import AtomicFile, AtomicFolder, atomic_write
from claimkit.display import terminal_safe
from claimkit.readers import Article, BadRecord, is_walked, read_inputs
from claimkit.text_input import clean_id

if TYPE_CHECKING:
    from spacy.language import Language

    from claimkit.api import Result
    from claimkit.report import ArticleClaims

app = typer.Typer(
    help="claimkit: who said what, citing whom — attributed claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

EXIT_FAILED = 1
"""Exit code: the run finished, but some inputs or articles failed (reported on stderr)."""
EXIT_CANNOT_RUN = 2
"""Exit code: the run could not start or could not write its output; nothing was written."""
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them

LONG_ARTICLE_CHARS = 1_000_000
"""Articles longer than this get a note on stderr: parsing one takes minutes, not seconds."""

EXIT_CODES_HELP = ("Exit code 0: done. 1: some inputs or articles failed (each reported on stderr; the others are "
                   "written). 2: could not run (the output is an input or cannot be written, a full disk, no "
                   "articles found, no model); nothing is written.")


def _stderr(message: str) -> None:
    # One line, whatever the message quotes (ids and reasons come from the input).
    typer.echo(terminal_safe(message, one_line=True), err=True)


class CannotRun(Exception):
    """The run cannot go on: its message is printed as one line and the exit code is 2."""


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that cleanup runs as for Ctrl-C."""


@contextlib.contextmanager
def _exit_codes() -> Iterator[None]:
    """Turn what stops a command into one line on stderr and an exit code; no traceback."""
    try:
        yield
    except CannotRun as error:
        _stderr(str(error))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except OSError as error:  # e.g. no spaCy model (ModelNotFoundError, E002)
        _stderr(f"{error.filename}: {_os_reason(error)}" if error.filename else str(error))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt as error:
        terminated = isinstance(error, _Terminated)
        _stderr(f"{'terminated (SIGTERM)' if terminated else 'interrupted'}; any output file was left as it was")
        raise typer.Exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED) from None


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextlib.contextmanager
def _writing(output: Path) -> Iterator[None]:
    """An OSError while writing ``output`` (a full disk) becomes a :class:`CannotRun` naming it."""
    try:
        yield
    except OSError as error:
        raise CannotRun(f"could not write {output}: {_os_reason(error)}") from error


# -- checks made before the work --------------------------------------------------------------

def _check_output(output: Path, inputs: Iterable[Path], *, folder: bool) -> None:
    """Refuse an output that is an input, or a file where a folder is wanted (or the reverse).

    Raises:
        CannotRun: with the reason, before anything is read or written.
    """
    if not folder and output.is_dir():
        raise CannotRun(f"{output}: is a folder; this output is one file: give a file name with -o")
    if folder and output.exists() and not output.is_dir():
        raise CannotRun(f"{output}: is a file; this output is a folder of pages: give a folder name with -o")
    clash = _input_clash(output, inputs)
    if clash is not None:
        raise CannotRun(f"{output}: would overwrite or be read as the input {clash}; write the output elsewhere")


def _input_clash(output: Path, inputs: Iterable[Path]) -> Path | None:
    """The input that ``output`` is (the same file or folder, also through links), or that it
    would be read as part of (a ``.txt`` file inside an input folder); else ``None``."""
    target = output.resolve()
    for given in inputs:
        source = given.resolve()
        if target == source or _same_file(output, given):
            return given
        if is_walked(target) and source.is_dir() and target.is_relative_to(source):
            return given
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False


def _created(output: Path, make: Callable[[], Any]) -> Any:
    """``make()`` (which creates the output's temporary file or folder) after creating the
    parent folder; a failure of either is a :class:`CannotRun` naming the output."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotRun(f"cannot create the folder {output.parent}: {_os_reason(error)}") from error
    try:
        return make()
    except OSError as error:
        raise CannotRun(f"cannot write {output}: {_os_reason(error)}") from error


def _no_articles(inputs: list[Path]) -> CannotRun:
    names = ", ".join(str(path) for path in inputs[:3]) + (", ..." if len(inputs) > 3 else "")
    return CannotRun(f"no articles found in {names} (.txt files, folders of them, JSONL or CSV files)")


# -- reading ----------------------------------------------------------------------------------

class _Inputs:
    """The records of a run's inputs, each read once: ids cleaned and made unique, skipped files
    and long articles told on stderr. :attr:`count` says how many records were met.

    A repeated ``doc_id`` is not dropped: the later article gets ``ID#2`` (``#3``, ...) and
    stderr says so, so that no line of the output replaces another downstream (a mapping by
    id, as ``claimkit evaluate`` reads it). Error lines take an id of their own as well.
    """

    def __init__(self, inputs: list[Path], fields: Mapping[str, str] | None = None, *,
                 own: Iterable[Path] = ()) -> None:
        self.inputs = inputs
        self.fields = dict(fields or {})  # read_inputs' text_field, id_field and text_column
        self.own = [path.resolve() for path in own]  # the run's own output: not reported as skipped
        self.count = 0
        self.used: set[str] = set()
        self.next_number: dict[str, int] = {}

    def __iter__(self) -> Iterator[Article | BadRecord]:
        for record in read_inputs(self.inputs, **self.fields, on_skip=self._skipped):
            self.count += 1
            if isinstance(record, BadRecord):
                yield BadRecord(self._unique(record.where), record.reason)
                continue
            doc_id = self._unique(record.doc_id)
            if doc_id != clean_id(record.doc_id):
                _stderr(f"{record.where or record.doc_id}: doc_id {record.doc_id!r} is already used; "
                        f"this article is written as {doc_id!r}")
            _note_if_long(doc_id, record.text)
            yield Article(doc_id, record.text, record.where)

    def _unique(self, doc_id: str) -> str:
        # Ids as they will be written (no lone surrogates), then made unique among those.
        base = clean_id(doc_id)
        unique, number = base, self.next_number.get(base, 1)
        while unique in self.used:
            number += 1
            unique = f"{base}#{number}"
        self.next_number[base] = number
        self.used.add(unique)
        return unique

    def _skipped(self, where: str, reason: str) -> None:
        path = Path(where).resolve()
        if not any(path == own or path.is_relative_to(own) for own in self.own):
            _stderr(f"{where}: {reason}")


# -- claimkit extract ---------------------------------------------------------------------------

class OutputFormat(str, Enum):
    """What ``claimkit extract`` writes: a JSONL line per article, or a table row per claim."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    html = "html"


# --format left out: taken from the output's suffix, else JSONL.
_SUFFIX_FORMATS = {".csv": OutputFormat.csv, ".parquet": OutputFormat.parquet, ".pq": OutputFormat.parquet}


class _Writer(Protocol):
    """Where ``claimkit extract`` puts its output: built beside the target, renamed at the end."""

    temporary: Path

    def article(self, doc_id: str, text: str) -> None: ...

    def bad(self, record: BadRecord) -> None: ...

    def result(self, result: Result) -> None: ...

    def finish(self) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


class _FileWriter:
    """An output file written as ``*.part`` beside the target (:class:`claimkit.atomic.AtomicFile`)."""

    binary = False

    def __init__(self, output: Path) -> None:
        self.file = AtomicFile(output, "wb" if self.binary else "w", newline="")
        self.handle: IO[Any] = self.file.handle
        self.temporary = self.file.path

    def article(self, doc_id: str, text: str) -> None:
        pass

    def finish(self) -> None:
        pass

    def commit(self) -> None:
        self.file.commit()

    def discard(self) -> None:
        self.file.discard()


class _JsonlWriter(_FileWriter):
    """One line per article, as it comes; failed inputs get an error line."""

    def _line(self, line: dict[str, object]) -> None:
        self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    def bad(self, record: BadRecord) -> None:
        self._line({"doc_id": record.where, "claims": [], "error": record.reason})

    def result(self, result: Result) -> None:
        from claimkit.export import document_line

        self._line(document_line(result.doc_id, result.claims, result.error))


class _CsvWriter(_FileWriter):
    """One row per claim (claimkit.tables.COLUMNS), as it comes; a failed input has no row.

    Text cells that a spreadsheet would run as a formula get a leading ``'``
    (:func:`claimkit.tables.spreadsheet_safe`) unless ``raw_cells``.
    """

    def __init__(self, output: Path, raw_cells: bool = False) -> None:
        from claimkit.tables import COLUMNS, spreadsheet_safe

        super().__init__(output)
        self.columns = COLUMNS
        self.cell: Callable[[Any], Any] = (lambda value: value) if raw_cells else spreadsheet_safe
        self.writer = csv.writer(self.handle, lineterminator="\n")
        # With "\n" as line end, the csv module does not quote a field holding a lone "\r",
        # and every reader then splits the row there; such rows are written fully quoted.
        self.quoted = csv.writer(self.handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self.writer.writerow(COLUMNS)

    def bad(self, record: BadRecord) -> None:
        pass  # reported on stderr; a table of claims has no row for it

    def result(self, result: Result) -> None:
        from claimkit.tables import to_records

        for record in to_records([result]):
            row = [self.cell(record[name]) for name in self.columns]
            has_cr = any(isinstance(cell, str) and "\r" in cell for cell in row)
            (self.quoted if has_cr else self.writer).writerow(row)


class _ParquetWriter(_FileWriter):
    """The rows of every claim, kept and written as one Parquet file at the end (typed: no cell is changed)."""

    binary = True

    def __init__(self, output: Path) -> None:
        super().__init__(output)
        self.rows: list[dict[str, Any]] = []

    def bad(self, record: BadRecord) -> None:
        pass  # reported on stderr; a table of claims has no row for it

    def result(self, result: Result) -> None:
        from claimkit.tables import to_records

        self.rows.extend(to_records([result]))

    def finish(self) -> None:
        from claimkit.tables import write_parquet

        write_parquet(self.rows, self.handle)


# A page's file name keeps at most this many UTF-8 bytes of the id (file systems allow 255).
PAGE_NAME_BYTES = 100


class _PageNames:
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


class _HtmlWriter:
    """A folder: one highlighted page per article (claimkit.render) and an index.html.

    Built as a temporary folder beside the target and renamed at the end; the target must be
    new or an empty folder.
    """

    def __init__(self, output: Path) -> None:
        if output.exists() and (not output.is_dir() or any(output.iterdir())):
            raise CannotRun(f"{output}: --format html writes a folder; give a new or empty folder.")
        self.folder = AtomicFolder(output)
        self.temporary = self.folder.path
        self.texts: dict[str, str] = {}  # only articles in flight are held
        self.names = _PageNames(reserved=["index"])  # an article "index" must not be replaced by the index
        self.rows: list[str] = []

    def article(self, doc_id: str, text: str) -> None:
        self.texts[doc_id] = text

    def bad(self, record: BadRecord) -> None:
        self.rows.append(f"<li>{html.escape(record.where)}: {html.escape(record.reason)}</li>")

    def result(self, result: Result) -> None:
        from claimkit.viz import render as render_html

        text = self.texts.pop(result.doc_id, "")
        if result.error:
            self.rows.append(f"<li>{html.escape(result.doc_id)}: {html.escape(result.error)}</li>")
            return
        name = self.names(result.doc_id)
        render_html(text, result.claims, title=result.doc_id).save(self.folder.path / name)
        self.rows.append(f'<li><a href="{html.escape(name)}">{html.escape(result.doc_id)}</a>: '
                         f"{len(result.claims)} claims</li>")

    def finish(self) -> None:
        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>claimkit</title></head>"
                f"<body><h1>Articles ({len(self.rows)})</h1><ul>{''.join(self.rows)}</ul></body></html>\n")
        with atomic_write(self.folder.path / "index.html") as handle:
            handle.write(page)

    def commit(self) -> None:
        self.folder.commit()

    def discard(self) -> None:
        self.folder.discard()


def _writer(fmt: OutputFormat, output: Path, raw_cells: bool) -> _Writer:
    if fmt is OutputFormat.csv:
        return _CsvWriter(output, raw_cells)
    writers: dict[OutputFormat, Callable[[Path], _Writer]] = {
        OutputFormat.jsonl: _JsonlWriter, OutputFormat.parquet: _ParquetWriter, OutputFormat.html: _HtmlWriter}
    return writers[fmt](output)


@app.command(epilog=EXIT_CODES_HELP)
def extract(
    inputs: Annotated[list[Path], typer.Argument(
        help=".txt files, folders of them, JSONL files (one article a line) or CSV files (one a row).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the claims.")],
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", case_sensitive=False,
        help="jsonl: one line per article. csv, parquet: one row per claim, the columns of claimkit.to_frame "
             "(parquet needs the 'tables' extra). html: a folder with a highlighted page per article and an "
             "index.html. Default: from the output's suffix (.csv, .parquet), "
             "else jsonl.")] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    text_column: Annotated[str, typer.Option(help="CSV column holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field or CSV column holding the article id.")] = "doc_id",
    model: Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop claims below this confidence.")] = 0.0,
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes for parsing.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Texts per spaCy batch.")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    split_quote_sentences: Annotated[bool, typer.Option(
        help="One claim per quotation: “A,” she said. “B.” gives two claims, not one with two fragments.")] = False,
    raw_cells: Annotated[bool, typer.Option(
        "--raw-cells", help="CSV: write every cell as it is. By default a text cell starting with = + - @, a tab or "
                            "a carriage return gets a leading ' so that a spreadsheet does not run it as a "
                            "formula.")] = False,
) -> None:
    """Extract claims from articles into JSONL ({"doc_id": ..., "claims": [...]} per line), CSV or Parquet.

    Unreadable inputs and articles that fail are reported on stderr (and written as
    {"doc_id", "error"} lines in JSONL); the others are processed and the exit code is 1.
    A repeated doc_id is kept, as ID#2 (reported on stderr). A folder's articles are named
    by their path inside it (2020/story.txt); its other files are skipped, with a warning.
    """
    with _exit_codes():
        fmt = output_format or _SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.jsonl)
        _check_output(output, inputs, folder=fmt is OutputFormat.html)
        if fmt is OutputFormat.parquet:
            _require_parquet()
        writer: _Writer = _created(output, lambda: _writer(fmt, output, raw_cells))
        try:
            failures = _extract_into(writer, output, inputs, fields={
                "text_field": text_field, "id_field": id_field, "text_column": text_column},
                model=model, min_confidence=min_confidence, n_process=n_process, batch_size=batch_size,
                quiet=quiet, split_quote_sentences=split_quote_sentences)
        except BaseException:
            writer.discard()
            raise
    _exit_for(failures)


def _require_parquet() -> None:
    from claimkit.tables import require

    try:
        require("pyarrow.parquet")
    except ImportError as error:
        raise CannotRun(str(error)) from error


def _extract_into(writer: _Writer, output: Path, inputs: list[Path], *, fields: dict[str, str],
                  model: str | None, min_confidence: float, n_process: int, batch_size: int, quiet: bool,
                  split_quote_sentences: bool) -> int:
    """Run the extraction into ``writer`` and commit it; the number of failed inputs and articles."""
    from tqdm import tqdm

    from claimkit.api import extract_batch, load

    nlp = load(model, merge_quote_sentences=not split_quote_sentences)
    records = _Inputs(inputs, fields, own=[output, writer.temporary])
    failures = 0

    def good_articles() -> Iterator[tuple[str, str]]:
        # Streams: bad inputs are reported as they are met, good ones go on to the pipeline.
        nonlocal failures
        for record in records:
            if isinstance(record, BadRecord):
                failures += 1
                _stderr(f"{record.where}: {record.reason}")
                writer.bad(record)
            else:
                writer.article(record.doc_id, record.text)
                yield record.doc_id, record.text

    with _writing(output), tqdm(unit="article", disable=quiet or not sys.stderr.isatty()) as progress:
        for result in extract_batch(good_articles(), nlp=nlp, min_confidence=min_confidence,
                                    batch_size=batch_size, n_process=n_process):
            if result.error:
                failures += 1
                _stderr(f"{result.doc_id}: {result.error}")
            writer.result(result)
            progress.update()
        if not records.count:
            raise _no_articles(inputs)
        writer.finish()
        writer.commit()
    return failures


def _exit_for(failures: int) -> None:
    if failures:
        _stderr(f"{failures} input(s) failed; see the messages above.")
        raise typer.Exit(EXIT_FAILED)


# -- claimkit show --------------------------------------------------------------------------------

@app.command(epilog="Exit code 0: done. 1: some inputs or articles failed (reported on stderr; the others are "
                    "shown). 2: could not run (no articles found, no model).")
def show(
    inputs: Annotated[list[Path], typer.Argument(help=".txt files or folders to read (JSONL and CSV too).")],
    model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
) -> None:
    """Print the claims of articles, one readable block per claim.

    Control characters and bidi overrides from the articles are shown as escapes (\\x1b),
    never sent to the terminal.
    """
    from claimkit.api import extract_batch, load
    from claimkit.display import format_claims

    failures = 0
    with _exit_codes():
        records = _Inputs(inputs)
        nlp: Language | None = None
        for record in records:
            if isinstance(record, BadRecord):
                failures += 1
                _stderr(f"{record.where}: {record.reason}")
                continue
            if nlp is None:  # not loaded when no input can be read
                nlp = load(model)
            # One article a batch: its claims are shown as soon as they are found, and a failure
            # is that article's error, not the end of the run.
            result = next(extract_batch([(record.doc_id, record.text)], nlp=nlp))
            typer.echo(f"== {terminal_safe(result.doc_id, one_line=True)}")
            if result.error:
                failures += 1
                _stderr(f"{result.doc_id}: {result.error}")
            else:
                typer.echo(format_claims(result.claims))
        if not records.count:
            raise _no_articles(inputs)
    _exit_for(failures)


# -- claimkit evaluate ------------------------------------------------------------------------------

@app.command(epilog="Exit code 0: done. 1: some articles failed to extract (scored as having no claims). "
                    "2: could not run (a file could not be read, is not JSONL, or a gold line lacks text or "
                    "claims; no model).")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: doc_id, text and claims on every line.")],
    pred: Annotated[Path | None, typer.Argument(
        help="Predictions JSONL, as `claimkit extract` writes. Default: extract the gold texts now.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    by_kind: Annotated[bool, typer.Option("--by-kind", help="Also give attribution recall by kind.")] = False,
    model: Annotated[str | None, typer.Option(help="spaCy model name or path, when extracting.")] = None,
    split_quote_sentences: Annotated[bool, typer.Option(
        help="When extracting: one claim per quotation, as `claimkit extract --split-quote-sentences`.")] = False,
) -> None:
    """Score predicted claims against gold annotations (content, attribution, names, cues, via).

    Without PRED, the gold texts are run through the extractor first. A doc_id that repeats
    in a file is reported on stderr; its later line is used.
    """
    from claimkit.evaluate import extract_predictions, format_table, load_jsonl, score

    with _exit_codes():
        try:
            gold_lines = load_jsonl(gold, on_repeat=_stderr)
            incomplete = [str(doc_id) for doc_id, line in gold_lines.items()
                          if "text" not in line or "claims" not in line]
            if incomplete:
                raise ValueError(f"{gold}: gold line(s) without text or claims: {', '.join(incomplete[:5])}")
            pred_lines = load_jsonl(pred, on_repeat=_stderr) if pred is not None else None
        except (OSError, ValueError) as error:
            raise CannotRun(str(error)) from error
        if pred_lines is None:
            from claimkit.api import load

            for doc_id, line in gold_lines.items():
                _note_if_long(str(doc_id), line["text"])
            pred_lines = extract_predictions(((doc_id, line["text"]) for doc_id, line in gold_lines.items()),
                                             nlp=load(model, merge_quote_sentences=not split_quote_sentences))
        else:
            absent = sum(doc_id not in pred_lines for doc_id in gold_lines)
            if absent:
                _stderr(f"{absent} of {len(gold_lines)} gold document(s) have no prediction line; "
                        "scored as no claims.")
    failed = [doc_id for doc_id in gold_lines if (pred_lines.get(doc_id) or {}).get("error")]
    for doc_id in failed:
        _stderr(f"{doc_id}: {pred_lines[doc_id]['error']}")
    result = score(gold_lines, pred_lines, by_kind=by_kind)
    typer.echo(json.dumps(result) if as_json else terminal_safe(format_table(result)))
    if failed:
        _stderr(f"{len(failed)} article(s) failed to extract; scored as having no claims.")
        raise typer.Exit(EXIT_FAILED)


def _note_if_long(doc_id: str, text: object) -> None:
    """A note on stderr for an article of over :data:`LONG_ARTICLE_CHARS`, before it is parsed."""
    if isinstance(text, str) and len(text) > LONG_ARTICLE_CHARS:
        _stderr(f"{doc_id}: {len(text.encode('utf-8', 'surrogatepass')) / 1e6:.1f} MB, long article; "
                "this may take a few minutes")


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise _Terminated


def main() -> None:
    # SIGTERM (kill, a scheduler's time limit) stops a run as Ctrl-C does: the temporary
    # output is removed and worker processes are ended, instead of the process vanishing.
    signal.signal(signal.SIGTERM, _terminate)
    app()


# -- claimkit report / claimkit render: sourcing audits (docs/auditing.md) -----------------------

REPORT_FORMATS = ("markdown", "html")


@app.command(epilog=EXIT_CODES_HELP)
def report(
    inputs: Annotated[list[Path], typer.Argument(
        help="Articles (.txt files, folders of them, JSONL) or, with --from-claims, JSONL from `claimkit extract`.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write the report (default: print it).")
                      ] = None,
    fmt: Annotated[str | None, typer.Option("--format", metavar="[markdown|html]", help=(
        "markdown, or html (a page with bar charts). Default: html when OUTPUT ends in .html, else markdown."))] = None,
    from_claims: Annotated[bool, typer.Option("--from-claims", help=(
        "INPUTS are claims JSONL files written by `claimkit extract`: count them, extract nothing."))] = False,
    top: Annotated[int, typer.Option(min=0, help="Speakers and outlets listed (0: all).")] = 25,
    title: Annotated[str, typer.Option(help="The report's heading.")] = "Sourcing audit",
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the article id.")] = "doc_id",
    text_column: Annotated[str, typer.Option(help="CSV column holding the article text.")] = "text",
    model: Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop claims below this confidence.")] = 0.0,
) -> None:
    """A sourcing audit of an article or a corpus (Markdown, or HTML with charts).

    Who is quoted, anonymous sources, direct and reported speech, relays, distancing cues, per article too.

    Unreadable inputs and failed articles are reported on stderr and in the report; the exit code is then 1.
    """
    from claimkit.report import audit

    if fmt is not None and fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(REPORT_FORMATS)}", param_hint="--format")
    as_html = fmt == "html" or (fmt is None and output is not None and output.suffix.lower() in (".html", ".htm"))
    with _exit_codes():
        file: AtomicFile | None = None
        if output is not None:
            _check_output(output, inputs, folder=False)
            file = _created(output, lambda: AtomicFile(output))
        try:
            articles = (_claims_articles(inputs) if from_claims else
                        _extracted_articles(inputs, model, min_confidence, {
                            "text_field": text_field, "id_field": id_field, "text_column": text_column}))
            result_audit = audit(articles, title=title)
            text = result_audit.to_html(top=top) if as_html else result_audit.to_markdown(top=top)
            if file is None:
                typer.echo(terminal_safe(text), nl=False)
            else:
                with _writing(file.target):
                    file.handle.write(text)
                    file.commit()
        except BaseException:
            if file is not None:
                file.discard()
            raise
    _exit_for(sum(article.error is not None for article in articles))


def _claims_articles(inputs: list[Path]) -> list[ArticleClaims]:
    """The articles of claims JSONL files; bad lines become failed articles, reported on stderr."""
    from claimkit.report import ArticleClaims, read_claims_jsonl

    articles: list[ArticleClaims] = []
    for item in read_claims_jsonl(inputs):
        if isinstance(item, BadRecord):
            item = ArticleClaims(item.where, [], item.reason)
        if item.error is not None:
            _stderr(f"{item.doc_id}: {item.error}")
        articles.append(item)
    if not articles:
        raise _no_articles(inputs)
    return articles


def _extracted_articles(inputs: list[Path], model: str | None, min_confidence: float,
                        fields: dict[str, str]) -> list[ArticleClaims]:
    """The articles of ``inputs`` with their claims, in input order; failures reported on stderr."""
    from claimkit.api import extract_batch, load
    from claimkit.report import ArticleClaims

    records = list(_Inputs(inputs, fields))
    if not records:
        raise _no_articles(inputs)
    good = [(r.doc_id, r.text) for r in records if isinstance(r, Article)]
    results = iter(extract_batch(good, nlp=load(model), min_confidence=min_confidence) if good else ())
    articles: list[ArticleClaims] = []
    for record in records:
        if isinstance(record, BadRecord):
            _stderr(f"{record.where}: {record.reason}")
            articles.append(ArticleClaims(record.where, [], record.reason))
            continue
        result = next(results)
        if result.error:
            _stderr(f"{result.doc_id}: {result.error}")
        articles.append(ArticleClaims(result.doc_id, list(result.claims), result.error))
    return articles


@app.command(epilog=EXIT_CODES_HELP)
def render(
    inputs: Annotated[list[Path], typer.Argument(help=".txt files, folders of them, or JSONL files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help=(
        "The HTML file to write for one article; for several, a folder that gets one DOC_ID.html each."))],
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the article id.")] = "doc_id",
    text_column: Annotated[str, typer.Option(help="CSV column holding the article text.")] = "text",
    model: Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")] = None,
) -> None:
    """Write articles as HTML pages with their claims highlighted (content, cue, speaker, relay).

    Pages are written whole: a new folder appears only when every page is done; into an
    existing folder, the pages are moved in at the end, replacing pages of the same name.
    """
    with _exit_codes():
        records = list(_Inputs(inputs, {"text_field": text_field, "id_field": id_field, "text_column": text_column}))
        if not records:
            raise _no_articles(inputs)
        bad = [r for r in records if isinstance(r, BadRecord)]
        for record in bad:
            _stderr(f"{record.where}: {record.reason}")
        good = [r for r in records if isinstance(r, Article)]
        failures = len(bad)
        if good:
            failures += _render_pages(good, output, inputs, model)
    _exit_for(failures)


def _render_pages(good: list[Article], output: Path, inputs: list[Path], model: str | None) -> int:
    """Write the pages of ``good``: one file, or a folder; the number of articles that failed."""
    from claimkit.api import extract_batch, load
    from claimkit.viz import render as render_html

    one_file = len(good) == 1 and not output.is_dir()
    _check_output(output, inputs, folder=not one_file)
    target: AtomicFile | AtomicFolder = _created(
        output, (lambda: AtomicFile(output)) if one_file else (lambda: AtomicFolder(output)))
    failures = 0
    try:
        results = extract_batch(((a.doc_id, a.text) for a in good), nlp=load(model))
        names = _PageNames()
        with _writing(output):
            for article, result in zip(good, results, strict=True):
                if result.error:
                    failures += 1
                    _stderr(f"{result.doc_id}: {result.error}")
                    continue
                page = render_html(article.text, result.claims, title=article.doc_id)
                if isinstance(target, AtomicFile):
                    target.handle.write(page.html)
                else:
                    page.save(target.path / names(article.doc_id))
            if one_file and failures:
                target.discard()  # the one article failed: no page, as in a folder
            else:
                target.commit()
    except BaseException:
        target.discard()
        raise
    return failures

