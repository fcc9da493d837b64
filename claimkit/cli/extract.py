"""``claimkit extract``: articles in, claims out, in any format of :data:`claimkit.writers.FORMATS`.

The format is named with ``--format`` or chosen from the output's suffix by
:func:`claimkit.writers.writer_class`; this module only runs the extraction into the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from claimkit.cli.common import (
    EXIT_CODES_HELP,
    CannotRun,
    IdFieldOption,
    Inputs,
    LearnedOption,
    MinConfidenceOption,
    ModelOption,
    QuietOption,
    TextColumnOption,
    TextFieldOption,
    app,
    check_output,
    created,
    exit_codes,
    exit_for,
    no_articles,
    progress_bar,
    stderr_line,
    writing,
)
from claimkit.readers import BadRecord, count_articles
from claimkit.writers import DEFAULT_FORMAT, FORMATS, Options, Writer, writer_class


def _format_name(value: str) -> str:
    # Checked here rather than by an Enum, so that the choices are the registry's.
    try:
        return writer_class("", value).name
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


_FORMATS_HELP = (" ".join(f"{name}: {writer.help}." for name, writer in FORMATS.items())
                 + " Default: from the output's suffix ("
                 + ", ".join(suffix for writer in FORMATS.values() for suffix in writer.suffixes)
                 + f"), else {DEFAULT_FORMAT}.")


@app.command(epilog=EXIT_CODES_HELP)
def extract(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT",
        help=".txt files, folders of them, JSONL files (one article a line) or CSV files (one a row); - reads "
             "standard input (JSON lines if it starts with {, else one article).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH",
        help="Where to write the claims; - writes to standard output (JSONL unless --format says otherwise).")],
    output_format: Annotated[str | None, typer.Option(
        "--format", metavar=f"[{'|'.join(FORMATS)}]", parser=_format_name, help=_FORMATS_HELP)] = None,
    text_field: TextFieldOption = "text",
    text_column: TextColumnOption = "text",
    id_field: IdFieldOption = "doc_id",
    model: ModelOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    n_process: Annotated[int, typer.Option(metavar="N", min=1, help="Worker processes for parsing.")] = 1,
    batch_size: Annotated[int, typer.Option(metavar="N", min=1, help="Texts per spaCy batch.")] = 32,
    quiet: QuietOption = False,
    split_quote_sentences: Annotated[bool, typer.Option(
        help="One claim per quotation: “A,” she said. “B.” gives two claims, not one with two fragments.")] = False,
    learned: LearnedOption = True,
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
    with exit_codes():
        try:
            kind = writer_class(output, output_format)
        except ValueError as error:  # "claims.xlsx": a suffix no format writes
            raise CannotRun(str(error)) from None
        check_output(output, inputs, folder=kind.folder)
        try:
            kind.check()
        except ImportError as error:
            raise CannotRun(str(error)) from error
        writer: Writer = created(output, lambda: kind(output, Options(raw_cells=raw_cells)))
        try:
            failures = _extract_into(writer, output, inputs, fields={
                "text_field": text_field, "id_field": id_field, "text_column": text_column},
                model=model, min_confidence=min_confidence, n_process=n_process, batch_size=batch_size,
                quiet=quiet, split_quote_sentences=split_quote_sentences, learned=learned)
        except BaseException:
            writer.discard()
            raise
    exit_for(failures)


def _extract_into(writer: Writer, output: Path, inputs: list[Path], *, fields: dict[str, str],
                  model: str | None, min_confidence: float, n_process: int, batch_size: int, quiet: bool,
                  split_quote_sentences: bool, learned: bool) -> int:
    """Run the extraction into ``writer`` and commit it; the number of failed inputs and articles."""
    from claimkit.api import extract_batch, load
    from claimkit.batch import Unreadable

    nlp = load(model, merge_quote_sentences=not split_quote_sentences, learned=learned)
    records = Inputs(inputs, fields, own=[output, writer.temporary])
    failures = 0

    def articles() -> Iterator[tuple[str, object]]:
        # Streams. An input that could not be read goes through the batch as an error result
        # in its place, so the output keeps the order of the input.
        for record in records:
            if isinstance(record, BadRecord):
                yield record.where, Unreadable(record.reason)
            else:
                writer.article(record.doc_id, record.text)
                yield record.doc_id, record.text

    with writing(output), progress_bar(count_articles(inputs), quiet) as progress:
        for result in extract_batch(articles(), nlp=nlp, min_confidence=min_confidence,  # type: ignore[arg-type]
                                    batch_size=batch_size, n_process=n_process):
            if result.error:
                failures += 1
                stderr_line(f"{result.doc_id}: {result.error}")
            writer.write(result)
            progress.update()
        if not records.count:
            raise no_articles(inputs)
        writer.commit()
    return failures
