"""``claimkit show``: the claims of articles printed as readable blocks, one article at a time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimkit.cli.common import Inputs, ModelOption, app, exit_codes, exit_for, no_articles, stderr_line
from claimkit.display import terminal_safe
from claimkit.readers import BadRecord

if TYPE_CHECKING:
    from spacy.language import Language


@app.command(epilog="Exit code 0: done. 1: some inputs or articles failed (reported on stderr; the others are "
                    "shown). 2: could not run (no articles found, no model).")
def show(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT", help=".txt files or folders to read (JSONL and CSV too).")],
    model: ModelOption = None,
) -> None:
    """Print the claims of articles, one readable block per claim.

    Control characters and bidi overrides from the articles are shown as escapes (\\x1b),
    never sent to the terminal.
    """
    from claimkit.api import extract_batch, load
    from claimkit.display import format_claims

    failures = 0
    with exit_codes():
        records = Inputs(inputs)
        nlp: Language | None = None
        for record in records:
            if isinstance(record, BadRecord):
                failures += 1
                stderr_line(f"{record.where}: {record.reason}")
                continue
            if nlp is None:  # not loaded when no input can be read
                nlp = load(model)
            # One article a batch: its claims are shown as soon as they are found, and a failure
            # is that article's error, not the end of the run.
            result = next(extract_batch([(record.doc_id, record.text)], nlp=nlp))
            typer.echo(f"== {terminal_safe(result.doc_id, one_line=True)}")
            if result.error:
                failures += 1
                stderr_line(f"{result.doc_id}: {result.error}")
            else:
                typer.echo(format_claims(result.claims))
        if not records.count:
            raise no_articles(inputs)
    exit_for(failures)
