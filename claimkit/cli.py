"""The command line: ``claimkit extract`` (JSONL out) and ``claimkit show`` (readable).

Kept at the edge: everything here calls the public API and the readers; no extraction
logic lives in this module.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from claimkit.readers import Article, BadRecord, read_inputs

app = typer.Typer(
    help="claimkit: who said what, citing whom — attributed claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(
        help=".txt files, folders of them, or JSONL files (one article a line).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the JSONL (one line per article).")],
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the article id.")] = "doc_id",
    model: Annotated[str | None, typer.Option(help="spaCy model name or path (default: en_core_web_sm).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop claims below this confidence.")] = 0.0,
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes for parsing.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Texts per spaCy batch.")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    split_quote_sentences: Annotated[bool, typer.Option(
        help="One claim per quotation: “A,” she said. “B.” gives two claims, not one with two fragments.")] = False,
) -> None:
    """Extract claims from articles into JSONL: {"doc_id": ..., "claims": [...]} per line.

    Unreadable inputs and articles that fail are reported on stderr and written as
    {"doc_id", "error"} lines; the others are processed and the exit code is 1.
    """
    from tqdm import tqdm

    from claimkit.api import extract_batch, load
    from claimkit.component import ClaimkitComponent
    from claimkit.export import document_line

    nlp = load(model, merge_quote_sentences=not split_quote_sentences)
    # spaCy 3.8's Cython components reject set_error_handler; ours is the one that needs it.
    component = nlp.get_pipe("claimkit")
    assert isinstance(component, ClaimkitComponent)
    # spaCy types the handler as never returning; ours reports and lets the batch go on.
    component.set_error_handler(cast(Any, _report_pipeline_error))
    failures = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed at the end: no half-written output file.
    # Closed by the with block below (SIM115).
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output.parent, delete=False, suffix=".part")  # noqa: SIM115

    def write(line: dict[str, object]) -> None:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    def good_articles() -> Iterator[tuple[str, str]]:
        # Streams: bad inputs are reported as they are met, good ones go on to the pipeline.
        nonlocal failures
        for record in _ids_unique(read_inputs(inputs, text_field=text_field, id_field=id_field)):
            if isinstance(record, BadRecord):
                failures += 1
                _stderr(f"{record.where}: {record.reason}")
                write({"doc_id": record.where, "claims": [], "error": record.reason})
            else:
                yield record.doc_id, record.text

    try:
        with handle, tqdm(unit="article", disable=quiet or not sys.stderr.isatty()) as progress:
            for result in extract_batch(good_articles(), nlp=nlp, min_confidence=min_confidence,
                                        batch_size=batch_size, n_process=n_process):
                if result.error:
                    failures += 1
                    _stderr(f"{result.doc_id}: {result.error}")
                write(document_line(result.doc_id, result.claims, result.error))
                progress.update()
        os.replace(handle.name, output)
    except BaseException:
        os.unlink(handle.name)
        raise
    if failures:
        _stderr(f"{failures} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)


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
