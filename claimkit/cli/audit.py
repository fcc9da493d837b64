"""``claimkit report`` and ``claimkit render``: sourcing audits (docs/auditing.md) and highlighted pages.

``render`` writes through :mod:`claimkit.writers`: a folder of pages is the
:class:`~claimkit.writers.HtmlFolderWriter` of ``claimkit extract --format html`` (without its
index), one article to one file is an :class:`~claimkit.writers.HtmlPageWriter`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimkit.atomic import AtomicFile
from claimkit.cli.common import (
    EXIT_CODES_HELP,
    IdFieldOption,
    Inputs,
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
from claimkit.display import terminal_safe
from claimkit.readers import Article, BadRecord
from claimkit.writers import HtmlFolderWriter, HtmlPageWriter, Writer

if TYPE_CHECKING:
    from claimkit.report import ArticleClaims

REPORT_FORMATS = ("markdown", "html")


@app.command(epilog=EXIT_CODES_HELP)
def report(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT",
        help="Articles (.txt files, folders of them, JSONL) or, with --from-claims, JSONL from `claimkit extract`.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Where to write the report (default: print it).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", metavar="[markdown|html]", help=(
        "markdown, or html (a page with bar charts). Default: html when the output's name ends in .html, "
        "else markdown."))] = None,
    from_claims: Annotated[bool, typer.Option("--from-claims", help=(
        "The INPUTs are claims JSONL files written by `claimkit extract`: count them, extract nothing."))] = False,
    top: Annotated[int, typer.Option(metavar="N", min=0, help="Speakers and outlets listed (0: all).")] = 25,
    title: Annotated[str, typer.Option(metavar="TEXT", help="The report's heading.")] = "Sourcing audit",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "doc_id",
    text_column: TextColumnOption = "text",
    model: ModelOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    quiet: QuietOption = False,
) -> None:
    """A sourcing audit of an article or a corpus (Markdown, or HTML with charts).

    Who is quoted, anonymous sources, direct and reported speech, relays, distancing cues, per article too.

    Unreadable inputs and failed articles are reported on stderr and in the report; the exit code is then 1.
    """
    from claimkit.report import audit

    if fmt is not None and fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(REPORT_FORMATS)}", param_hint="--format")
    if output is not None and str(output) == "-":
        output = None  # standard output: printed, as without -o
    as_html = fmt == "html" or (fmt is None and output is not None and output.suffix.lower() in (".html", ".htm"))
    with exit_codes():
        file: AtomicFile | None = None
        if output is not None:
            check_output(output, inputs, folder=False)
            file = created(output, lambda: AtomicFile(output))
        try:
            articles = (_claims_articles(inputs) if from_claims else
                        _extracted_articles(inputs, model, min_confidence, {
                            "text_field": text_field, "id_field": id_field, "text_column": text_column}, quiet))
            result_audit = audit(articles, title=title)
            text = result_audit.to_html(top=top) if as_html else result_audit.to_markdown(top=top)
            if file is None:
                typer.echo(terminal_safe(text), nl=False)
            else:
                with writing(file.target):
                    file.handle.write(text)
                    file.commit()
        except BaseException:
            if file is not None:
                file.discard()
            raise
    exit_for(sum(article.error is not None for article in articles))


def _claims_articles(inputs: list[Path]) -> list[ArticleClaims]:
    """The articles of claims JSONL files; bad lines become failed articles, reported on stderr."""
    from claimkit.report import ArticleClaims, read_claims_jsonl

    articles: list[ArticleClaims] = []
    for item in read_claims_jsonl(inputs):
        if isinstance(item, BadRecord):
            item = ArticleClaims(item.where, [], item.reason)
        if item.error is not None:
            stderr_line(f"{item.doc_id}: {item.error}")
        articles.append(item)
    if not articles:
        raise no_articles(inputs)
    return articles


def _extracted_articles(inputs: list[Path], model: str | None, min_confidence: float,
                        fields: dict[str, str], quiet: bool) -> list[ArticleClaims]:
    """The articles of ``inputs`` with their claims, in input order; failures reported on stderr."""
    from claimkit.api import extract_batch, load
    from claimkit.report import ArticleClaims

    records = list(Inputs(inputs, fields))
    if not records:
        raise no_articles(inputs)
    good = [(r.doc_id, r.text) for r in records if isinstance(r, Article)]
    results = iter(extract_batch(good, nlp=load(model), min_confidence=min_confidence) if good else ())
    articles: list[ArticleClaims] = []
    with progress_bar(len(good), quiet) as bar:
        for record in records:
            if isinstance(record, BadRecord):
                stderr_line(f"{record.where}: {record.reason}")
                articles.append(ArticleClaims(record.where, [], record.reason))
                continue
            result = next(results)
            bar.update()
            if result.error:
                stderr_line(f"{result.doc_id}: {result.error}")
            articles.append(ArticleClaims(result.doc_id, list(result.claims), result.error))
    return articles


@app.command(epilog=EXIT_CODES_HELP)
def render(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT", help=".txt files, folders of them, or JSONL files.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="PATH", help=(
        "The HTML file to write for one article; for several, a folder that gets one DOC_ID.html each."))],
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "doc_id",
    text_column: TextColumnOption = "text",
    model: ModelOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write articles as HTML pages with their claims highlighted (content, cue, speaker, relay).

    Pages are written whole: a new folder appears only when every page is done; into an
    existing folder, the pages are moved in at the end, replacing pages of the same name.
    """
    with exit_codes():
        records = list(Inputs(inputs, {"text_field": text_field, "id_field": id_field, "text_column": text_column}))
        if not records:
            raise no_articles(inputs)
        bad = [r for r in records if isinstance(r, BadRecord)]
        for record in bad:
            stderr_line(f"{record.where}: {record.reason}")
        good = [r for r in records if isinstance(r, Article)]
        failures = len(bad)
        if good:
            failures += _render_pages(good, output, inputs, model, quiet)
    exit_for(failures)


def _render_pages(good: list[Article], output: Path, inputs: list[Path], model: str | None, quiet: bool) -> int:
    """Write the pages of ``good``: one file, or a folder; the number of articles that failed."""
    from claimkit.api import extract_batch, load

    one_file = len(good) == 1 and not output.is_dir()
    check_output(output, inputs, folder=not one_file)
    # An input file that sits in the output folder as NAME.html keeps its name: no page replaces it.
    keep = [path.name for path in inputs if path.is_file() and path.suffix.lower() in (".html", ".htm")
            and path.resolve().parent == output.resolve()]
    writer: Writer = created(
        output, (lambda: HtmlPageWriter(output)) if one_file else (lambda: HtmlFolderWriter(output, index=False,
                                                                                           keep=keep)))
    failures = 0
    try:
        results = extract_batch(((a.doc_id, a.text) for a in good), nlp=load(model))
        with writing(output), progress_bar(len(good), quiet) as bar:
            for article, result in zip(good, results, strict=True):
                bar.update()
                if result.error:
                    failures += 1
                    stderr_line(f"{result.doc_id}: {result.error}")
                writer.article(article.doc_id, article.text)
                writer.write(result)  # a failed article gets no page
            writer.commit()
    except BaseException:
        writer.discard()
        raise
    return failures
