"""The command line: ``claimkit extract`` (JSONL, CSV or Parquet out) and ``claimkit show`` (readable).

Kept at the edge: everything here calls the public API and the readers; no extraction
logic lives in this module.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, Protocol, cast

import typer

from claimkit.readers import Article, BadRecord, read_inputs

if TYPE_CHECKING:
    from claimkit.api import Result

app = typer.Typer(
    help="claimkit: who said what, citing whom — attributed claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


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

    def article(self, doc_id: str, text: str) -> None: ...

    def bad(self, record: BadRecord) -> None: ...

    def result(self, result: Result) -> None: ...

    def finish(self) -> None: ...

    def commit(self, output: Path) -> None: ...

    def discard(self) -> None: ...


class _TemporaryFile:
    """An output file written as ``*.part`` beside the target: no half-written output, ever."""

    def __init__(self, output: Path, binary: bool = False) -> None:
        # Closed in commit() or discard() (SIM115).
        self.handle: IO[Any] = (
            tempfile.NamedTemporaryFile("wb", dir=output.parent, delete=False, suffix=".part")  # noqa: SIM115
            if binary else
            tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=output.parent,  # noqa: SIM115
                                        delete=False, suffix=".part"))

    def article(self, doc_id: str, text: str) -> None:
        pass

    def commit(self, output: Path) -> None:
        self.handle.close()
        os.replace(self.handle.name, output)

    def discard(self) -> None:
        self.handle.close()
        os.unlink(self.handle.name)


class _JsonlWriter(_TemporaryFile):
    """One line per article, as it comes; failed inputs get an error line."""

    def _line(self, line: dict[str, object]) -> None:
        self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    def bad(self, record: BadRecord) -> None:
        self._line({"doc_id": record.where, "claims": [], "error": record.reason})

    def result(self, result: Result) -> None:
        from claimkit.export import document_line

        self._line(document_line(result.doc_id, result.claims, result.error))

    def finish(self) -> None:
        pass


class _CsvWriter(_TemporaryFile):
    """One row per claim (claimkit.tables.COLUMNS), as it comes; a failed input has no row."""

    def __init__(self, output: Path) -> None:
        from claimkit.tables import COLUMNS

        super().__init__(output)
        self.columns = COLUMNS
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def bad(self, record: BadRecord) -> None:
        pass  # reported on stderr; a table of claims has no row for it

    def result(self, result: Result) -> None:
        from claimkit.tables import to_records

        self.writer.writerows([row[name] for name in self.columns] for row in to_records([result]))

    def finish(self) -> None:
        pass


class _ParquetWriter(_TemporaryFile):
    """The rows of every claim, kept and written as one Parquet file at the end."""

    def __init__(self, output: Path) -> None:
        super().__init__(output, binary=True)
        self.rows: list[dict[str, Any]] = []

    def bad(self, record: BadRecord) -> None:
        pass  # reported on stderr; a table of claims has no row for it

    def result(self, result: Result) -> None:
        from claimkit.tables import to_records

        self.rows.extend(to_records([result]))

    def finish(self) -> None:
        from claimkit.tables import write_parquet

        write_parquet(self.rows, self.handle)


class _PageNames:
    """File names for article pages: the id made safe, unique ignoring case."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, doc_id: str) -> str:
        name = re.sub(r"[^\w.-]+", "_", doc_id.removesuffix(".txt")).strip("._") or "article"
        stem, number = name, 1
        while name.casefold() in self.used:  # ids that differ only in characters a file name cannot keep
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.casefold())
        return f"{name}.html"


class _HtmlWriter:
    """A folder: one highlighted page per article (claimkit.render) and an index.html."""

    def __init__(self, output: Path) -> None:
        if output.exists() and (not output.is_dir() or any(output.iterdir())):
            _stderr(f"{output}: --format html writes a folder; give a new or empty folder.")
            raise typer.Exit(code=2)
        self.folder = Path(tempfile.mkdtemp(dir=output.parent, suffix=".part"))
        self.texts: dict[str, str] = {}  # only articles in flight are held
        self.names = _PageNames()
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
        render_html(text, result.claims, title=result.doc_id).save(self.folder / name)
        self.rows.append(f'<li><a href="{html.escape(name)}">{html.escape(result.doc_id)}</a>: '
                         f"{len(result.claims)} claims</li>")

    def finish(self) -> None:
        page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>claimkit</title></head>"
                f"<body><h1>Articles ({len(self.rows)})</h1><ul>{''.join(self.rows)}</ul></body></html>\n")
        (self.folder / "index.html").write_text(page, encoding="utf-8")

    def commit(self, output: Path) -> None:
        if output.exists():
            output.rmdir()  # checked empty when the writer was made
        os.replace(self.folder, output)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@app.command()
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
) -> None:
    """Extract claims from articles into JSONL ({"doc_id": ..., "claims": [...]} per line), CSV or Parquet.

    Unreadable inputs and articles that fail are reported on stderr (and written as
    {"doc_id", "error"} lines in JSONL); the others are processed and the exit code is 1.
    """
    from tqdm import tqdm

    from claimkit.api import extract_batch, load
    from claimkit.component import ClaimkitComponent

    fmt = output_format or _SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.jsonl)
    if fmt is OutputFormat.parquet:
        from claimkit.tables import require

        try:
            require("pyarrow.parquet")
        except ImportError as error:
            _stderr(str(error))
            raise typer.Exit(code=2) from error
    nlp = load(model, merge_quote_sentences=not split_quote_sentences)
    # spaCy 3.8's Cython components reject set_error_handler; ours is the one that needs it.
    component = nlp.get_pipe("claimkit")
    assert isinstance(component, ClaimkitComponent)
    # spaCy types the handler as never returning; ours reports and lets the batch go on.
    component.set_error_handler(cast(Any, _report_pipeline_error))
    failures = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = _WRITERS[fmt](output)

    def good_articles() -> Iterator[tuple[str, str]]:
        # Streams: bad inputs are reported as they are met, good ones go on to the pipeline.
        nonlocal failures
        for record in _ids_unique(read_inputs(inputs, text_field=text_field, id_field=id_field,
                                              text_column=text_column)):
            if isinstance(record, BadRecord):
                failures += 1
                _stderr(f"{record.where}: {record.reason}")
                writer.bad(record)
            else:
                writer.article(record.doc_id, record.text)
                yield record.doc_id, record.text

    try:
        with tqdm(unit="article", disable=quiet or not sys.stderr.isatty()) as progress:
            for result in extract_batch(good_articles(), nlp=nlp, min_confidence=min_confidence,
                                        batch_size=batch_size, n_process=n_process):
                if result.error:
                    failures += 1
                    _stderr(f"{result.doc_id}: {result.error}")
                writer.result(result)
                progress.update()
        writer.finish()
        writer.commit(output)
    except BaseException:
        writer.discard()
        raise
    if failures:
        _stderr(f"{failures} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)


_WRITERS: dict[OutputFormat, Callable[[Path], _Writer]] = {
    OutputFormat.jsonl: _JsonlWriter,
    OutputFormat.csv: _CsvWriter,
    OutputFormat.parquet: _ParquetWriter,
    OutputFormat.html: _HtmlWriter,
}


def _report_pipeline_error(name: str, pipe: object, docs: list[object], error: Exception) -> None:
    _stderr(f"error in {name}: {error}")


def _ids_unique(records: Iterator[Article | BadRecord]) -> Iterator[Article | BadRecord]:
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Article) and record.doc_id in seen:
            yield BadRecord(record.doc_id, "duplicate doc_id; ids must be unique in one run")
            continue
        if isinstance(record, Article):
            seen.add(record.doc_id)
        yield record


@app.command()
def show(
    inputs: Annotated[list[Path], typer.Argument(help=".txt files or folders to read.")],
    model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
) -> None:
    """Print the claims of articles, one readable block per claim."""
    from claimkit.api import extract, load
    from claimkit.display import format_claims

    nlp = load(model)
    for record in read_inputs(inputs):
        if isinstance(record, BadRecord):
            _stderr(f"{record.where}: {record.reason}")
            raise typer.Exit(code=1)
        typer.echo(f"== {record.doc_id}")
        typer.echo(format_claims(extract(record.text, nlp=nlp)))


@app.command()
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

    Without PRED, the gold texts are run through the extractor first.
    Exit code 2: a file could not be read. Exit code 1: some articles failed to extract.
    """
    from claimkit.evaluate import extract_predictions, format_table, load_jsonl, score

    try:
        gold_lines = load_jsonl(gold)
        incomplete = [str(doc_id) for doc_id, line in gold_lines.items()
                      if "text" not in line or "claims" not in line]
        if incomplete:
            raise ValueError(f"{gold}: gold line(s) without text or claims: {', '.join(incomplete[:5])}")
        pred_lines = load_jsonl(pred) if pred is not None else None
    except (OSError, ValueError) as error:
        _stderr(str(error))
        raise typer.Exit(code=2) from error
    if pred_lines is None:
        from claimkit.api import load

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
    typer.echo(json.dumps(result) if as_json else format_table(result))
    if failed:
        _stderr(f"{len(failed)} article(s) failed to extract; scored as having no claims.")
        raise typer.Exit(code=1)


def main() -> None:
    app()


# -- claimkit report / claimkit render: sourcing audits (docs/auditing.md) -----------------------

REPORT_FORMATS = ("markdown", "html")


@app.command()
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
    from claimkit.report import ArticleClaims, audit, read_claims_jsonl

    if fmt is not None and fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(REPORT_FORMATS)}", param_hint="--format")
    failures = 0
    articles: list[ArticleClaims] = []
    if from_claims:
        for item in read_claims_jsonl(inputs):
            if isinstance(item, BadRecord):
                item = ArticleClaims(item.where, [], item.reason)
            if item.error is not None:
                failures += 1
                _stderr(f"{item.doc_id}: {item.error}")
            articles.append(item)
    else:
        from claimkit.api import extract_batch, load

        good: list[tuple[str, str]] = []
        slots: list[ArticleClaims | None] = []  # in input order; None: filled by the extraction below
        for record in _ids_unique(read_inputs(inputs, text_field=text_field, id_field=id_field,
                                              text_column=text_column)):
            if isinstance(record, BadRecord):
                failures += 1
                _stderr(f"{record.where}: {record.reason}")
                slots.append(ArticleClaims(record.where, [], record.reason))
            else:
                good.append((record.doc_id, record.text))
                slots.append(None)
        results = iter(extract_batch(good, nlp=load(model), min_confidence=min_confidence) if good else ())
        for slot in slots:
            if slot is None:
                result = next(results)
                if result.error:
                    failures += 1
                    _stderr(f"{result.doc_id}: {result.error}")
                slot = ArticleClaims(result.doc_id, list(result.claims), result.error)
            articles.append(slot)
    as_html = fmt == "html" or (
        fmt is None and output is not None and output.suffix.lower() in (".html", ".htm"))
    result_audit = audit(articles, title=title)
    text = result_audit.to_html(top=top) if as_html else result_audit.to_markdown(top=top)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    if failures:
        _stderr(f"{failures} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)


@app.command()
def render(
    inputs: Annotated[list[Path], typer.Argument(help=".txt files, folders of them, or JSONL files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help=(
        "The HTML file to write for one article; for several, a folder that gets one DOC_ID.html each."))],
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the article id.")] = "doc_id",
    text_column: Annotated[str, typer.Option(help="CSV column holding the article text.")] = "text",
    model: Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")] = None,
) -> None:
    """Write articles as HTML pages with their claims highlighted (content, cue, speaker, relay)."""
    from claimkit.api import extract, load
    from claimkit.viz import render as render_html

    records = list(_ids_unique(read_inputs(inputs, text_field=text_field, id_field=id_field,
                                           text_column=text_column)))
    bad = [r for r in records if isinstance(r, BadRecord)]
    for record in bad:
        _stderr(f"{record.where}: {record.reason}")
    good = [r for r in records if isinstance(r, Article)]
    nlp = load(model) if good else None
    if len(good) == 1 and not output.is_dir():
        output.parent.mkdir(parents=True, exist_ok=True)
        render_html(good[0].text, extract(good[0].text, nlp=nlp), title=good[0].doc_id).save(output)
    elif good:
        output.mkdir(parents=True, exist_ok=True)
        names = _PageNames()
        for article in good:
            page = render_html(article.text, extract(article.text, nlp=nlp), title=article.doc_id)
            page.save(output / names(article.doc_id))
    if bad:
        _stderr(f"{len(bad)} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)
