"""``claimkit evaluate``: predicted claims scored against gold annotations (:mod:`claimkit.evaluate`).

Without a predictions file, the gold texts are extracted first, as
:func:`claimkit.evaluate.extract_predictions` builds the lines (the same as ``claimkit extract`` writes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimkit.cli.common import (
    EXIT_FAILED,
    LEARNED_HELP,
    MODEL_HELP,
    CannotRun,
    QuietOption,
    app,
    exit_codes,
    note_if_long,
    progress_bar,
    stderr_line,
)
from claimkit.display import terminal_safe


@app.command(epilog="Exit code 0: done. 1: some articles failed to extract (scored as having no claims). "
                    "2: could not run (a file could not be read, is not JSONL, or a gold line lacks text or "
                    "claims; no model).")
def evaluate(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Gold JSONL: doc_id, text and claims on every line.")],
    pred: Annotated[Path | None, typer.Argument(metavar="PRED",
        help="Predictions JSONL, as `claimkit extract` writes. Default: extract the gold texts now.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    by_kind: Annotated[bool, typer.Option("--by-kind", help="Also give attribution recall by kind.")] = False,
    model: Annotated[str | None, typer.Option(help="When extracting: " + MODEL_HELP, metavar="NAME|PATH")] = None,
    split_quote_sentences: Annotated[bool, typer.Option(
        help="When extracting: one claim per quotation, as `claimkit extract --split-quote-sentences`.")] = False,
    learned: Annotated[bool, typer.Option(
        help="When extracting: " + LEARNED_HELP[0].lower() + LEARNED_HELP[1:])] = True,
    quiet: QuietOption = False,
) -> None:
    """Score predicted claims against gold annotations (content, attribution, names, cues, via).

    Without PRED, the gold texts are run through the extractor first. A doc_id that repeats
    in a file is reported on stderr; its later line is used.
    """
    from claimkit.evaluate import extract_predictions, format_table, load_jsonl, score

    with exit_codes():
        try:
            gold_lines = load_jsonl(gold, on_repeat=stderr_line)
            incomplete = [str(doc_id) for doc_id, line in gold_lines.items()
                          if "text" not in line or "claims" not in line]
            if incomplete:
                raise ValueError(f"{gold}: gold line(s) without text or claims: {', '.join(incomplete[:5])}")
            pred_lines = load_jsonl(pred, on_repeat=stderr_line) if pred is not None else None
        except (OSError, ValueError) as error:
            raise CannotRun(str(error)) from error
        if pred_lines is None:
            from claimkit.api import load

            for doc_id, line in gold_lines.items():
                note_if_long(str(doc_id), line["text"])
            nlp = load(model, merge_quote_sentences=not split_quote_sentences, learned=learned)
            with progress_bar(len(gold_lines), quiet) as bar:
                pred_lines = extract_predictions(((doc_id, line["text"]) for doc_id, line in gold_lines.items()),
                                                 nlp=nlp, on_result=bar.update)
        else:
            absent = sum(doc_id not in pred_lines for doc_id in gold_lines)
            if absent:
                stderr_line(f"{absent} of {len(gold_lines)} gold document(s) have no prediction line; "
                            "scored as no claims.")
    failed = [doc_id for doc_id in gold_lines if (pred_lines.get(doc_id) or {}).get("error")]
    for doc_id in failed:
        stderr_line(f"{doc_id}: {pred_lines[doc_id]['error']}")
    result = score(gold_lines, pred_lines, by_kind=by_kind)
    typer.echo(json.dumps(result) if as_json else terminal_safe(format_table(result)))
    if failed:
        stderr_line(f"{len(failed)} article(s) failed to extract; scored as having no claims.")
        raise typer.Exit(EXIT_FAILED)
