"""Many articles, one :class:`Result` each: a failure stays with its own article.

Texts are parsed with ``nlp.pipe`` in memory zones. Three things can go wrong with one
article, and none of them may cost the others their claims:

* claimkit's component fails on it: the component records the error on the Doc
  (``doc._.claimkit_error``) and the pipeline goes on;
* a component outside claimkit (tokenizer, parser, NER, a user's own) raises: that ends
  ``nlp.pipe`` for the whole batch, so the articles not yet returned are parsed again one by
  one, and only the one that raises gets an error result;
* a component whose own error handler swallows its failure makes ``nlp.pipe`` yield nothing
  for that article: it is parsed again on its own;
* the item is not a str (``None``, a float NaN from a DataFrame), or not a ``(doc_id, text)``
  pair: an error result naming its type.

Text is cleaned first (:func:`claimkit.text_input.clean_text`: lone surrogates become
U+FFFD, one code point for one, so offsets hold). The same functions serve one process
(:func:`serial_results`) and each worker of :mod:`claimkit.parallel`.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterable, Iterator, Sequence

from attrs import frozen
from spacy.language import Language
from spacy.tokens import Doc

from claimkit import errors
from claimkit.attribution_model import load_model as load_attribution_model
from claimkit.claims import Claim
from claimkit.component import USER_DATA_KEY, ClaimkitComponent, stored_claims
from claimkit.lexicon import load_lexicon
from claimkit.long_texts import PIECE_CHARS, pieces, shifted
from claimkit.pipeline import extract_claims
from claimkit.text_input import clean_text

# Texts per memory zone in one process: small, so memory reaches its plateau within the
# first few hundred articles.
ZONE_TEXTS = 250


@frozen
class Result:
    """One article's outcome in a batch: its claims, or the error that stopped it (claims then empty)."""

    doc_id: str
    claims: list[Claim]
    error: str | None = None


def check_options(min_confidence: float, batch_size: int, n_process: int) -> None:
    """Raise :class:`~claimkit.errors.ArgumentError` (E005) for an option no run could use."""
    if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)) \
            or math.isnan(min_confidence) or not 0.0 <= min_confidence <= 1.0:
        raise errors.bad_argument("min_confidence", min_confidence, "a number from 0 to 1")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise errors.bad_argument("batch_size", batch_size, "a whole number of at least 1")
    if isinstance(n_process, bool) or not isinstance(n_process, int) or (n_process < 1 and n_process != -1):
        raise errors.bad_argument("n_process", n_process, "a whole number of at least 1, or -1 for one per core")


def claims_of_doc(doc: Doc, min_confidence: float, nlp: Language | None = None) -> list[Claim]:
    """The claims of a parsed Doc: those the component stored, else extracted now, with the
    settings (lexicon, beliefs, merged quote sentences, learned stage) of ``nlp``'s claimkit component when
    it has one, else the defaults.

    Raises:
        UnparsedDocError: E003, the Doc has no dependency parse.
        ExtractionError: E006, the component recorded a failure on this Doc.
    """
    stored = doc.user_data.get(USER_DATA_KEY)
    if stored is not None:
        if stored.get("error"):
            raise errors.extraction_failed("this article", stored["error"])
        claims = stored_claims(stored)
    else:
        if not doc.has_annotation("DEP"):
            raise errors.unparsed_doc()
        component = nlp.get_pipe("claimkit") if nlp is not None and "claimkit" in nlp.pipe_names else None
        if isinstance(component, ClaimkitComponent):
            claims, _ = extract_claims(doc, component.lexicon, include_beliefs=component.include_beliefs,
                                       merge_quote_sentences=component.merge_quote_sentences,
                                       learned=component.attribution_model)
        else:
            claims, _ = extract_claims(doc, load_lexicon(), learned=load_attribution_model())
    return [c for c in claims if c.confidence >= min_confidence]


def claims_of_text(nlp: Language, text: str, min_confidence: float) -> list[Claim]:
    """Claims of one cleaned text, parsed in pieces when it is too long for one parse."""
    limit = min(PIECE_CHARS, nlp.max_length)
    if len(text) <= limit:
        return claims_of_doc(nlp(text), min_confidence)
    claims: list[Claim] = []
    for start, end in pieces(text, limit):
        claims.extend(shifted(claims_of_doc(nlp(text[start:end]), min_confidence), start))
    return claims


def describe(error: BaseException) -> str:
    """An error as a result's one-line ``error``: what failed and why, without claimkit's advice."""
    if isinstance(error, errors.ExtractionError):
        return error.reason
    return f"{type(error).__name__}: {error}"


def zone_results(nlp: Language, chunk: Sequence[tuple[str, object]], min_confidence: float,
                 batch_size: int) -> list[Result]:
    """A result for every ``(doc_id, text)`` of ``chunk``, in order. Call inside ``nlp.memory_zone()``."""
    limit = min(PIECE_CHARS, nlp.max_length)
    results: list[Result | None] = [None] * len(chunk)
    short: list[tuple[str, int]] = []
    long: list[tuple[str, int]] = []
    for i, (doc_id, text) in enumerate(chunk):
        if not isinstance(text, str):
            results[i] = Result(doc_id, [], not_a_text(text))
            continue
        cleaned = clean_text(text)
        (short if len(cleaned) <= limit else long).append((cleaned, i))
    for i, outcome in _parsed_one_by_one_on_failure(nlp, short, batch_size):
        results[i] = _result(chunk[i][0], outcome, min_confidence)
    # A component whose own error handler swallows a failure makes nlp.pipe skip that Doc
    # (spaCy yields nothing for it): such articles, and long ones, are parsed one at a time.
    dropped = [(text, i) for text, i in short if results[i] is None]
    for text, i in [*dropped, *long]:
        try:
            results[i] = Result(chunk[i][0], claims_of_text(nlp, text, min_confidence))
        except Exception as error:
            results[i] = Result(chunk[i][0], [], describe(error))
    filled = [r for r in results if r is not None]
    assert len(filled) == len(chunk), "every article has a result: non-str, parsed, dropped or long"
    return filled


def _parsed_one_by_one_on_failure(nlp: Language, items: list[tuple[str, int]],
                                  batch_size: int) -> Iterator[tuple[int, Doc | BaseException]]:
    """``(index, Doc)`` for every ``(text, index)``; ``(index, error)`` for a text the pipeline raised on."""
    done = 0
    try:
        for doc, i in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            done += 1
            yield i, doc
        return
    except Exception:  # which article raised is found below
        pass
    # The batch that raised was lost whole; parse its articles and the rest one at a time.
    for text, i in items[done:]:
        try:
            doc = nlp(text)
        except Exception as error:
            yield i, error
        else:
            yield i, doc


def _result(doc_id: str, outcome: Doc | BaseException, min_confidence: float) -> Result:
    if isinstance(outcome, BaseException):
        return Result(doc_id, [], describe(outcome))
    try:  # a failure the component recorded comes back as an ExtractionError holding it
        return Result(doc_id, claims_of_doc(outcome, min_confidence))
    except Exception as error:
        return Result(doc_id, [], describe(error))


class NotAPair:
    """What stands for an input item that is not a ``(doc_id, text)`` pair: an error result."""

    def __init__(self, item: object) -> None:
        self.reason = f"InputTypeError: a (doc_id, text) pair was expected, got {type(item).__name__}"


class Unreadable:
    """What stands for an input the caller could not read (a bad line of a file): an error
    result in its place, with the caller's reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def not_a_text(text: object) -> str:
    """The error of an article whose text is not a str."""
    if isinstance(text, (NotAPair, Unreadable)):
        return text.reason
    return f"InputTypeError: the text is {type(text).__name__}, not str"


def chunks(articles: Iterable[object], size: int) -> Iterator[list[tuple[str, object]]]:
    """``(doc_id, text)`` pairs in lists of ``size``; an item that is no pair stays, as :class:`NotAPair`.

    When the caller's iterable raises, the articles read before it are yielded first, then
    the error is raised: nothing read is lost.
    """
    iterator = iter(articles)
    chunk: list[tuple[str, object]] = []
    position = 0
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except Exception:
            if chunk:
                yield chunk
            raise
        if isinstance(item, tuple) and len(item) == 2:
            chunk.append((str(item[0]), item[1]))
        else:
            chunk.append((f"#{position}", NotAPair(item)))
        position += 1
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def serial_results(nlp: Language, articles: Iterable[object], min_confidence: float,
                   batch_size: int) -> Generator[Result, None, None]:
    """Results in one process, :data:`ZONE_TEXTS` articles per memory zone."""
    for chunk in chunks(articles, ZONE_TEXTS):
        # Claims are plain attrs objects, safe to keep after the zone frees the Docs' strings.
        with nlp.memory_zone():
            results = zone_results(nlp, chunk, min_confidence, batch_size)
        yield from results
