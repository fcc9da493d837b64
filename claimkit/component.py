"""The spaCy components: ``claimkit_paragraphs`` (before the parser) and ``claimkit`` (last).

``claimkit`` stores the :class:`~claimkit.claims.Claim` objects themselves in
``doc.user_data["claimkit"]`` (with the entity table as plain dicts) and exposes
``Doc._.claims`` and ``Doc._.claim_entities`` as getters. Claims pickle as they are; for
msgpack (``Doc.to_bytes``, ``DocBin``, ``nlp.pipe(n_process=2)``) this module registers an
encoder and a decoder with srsly (:func:`claimkit.export.encode_claim`), so a claim is
converted only when its Doc is serialised. Nothing of claimkit runs on ``import spacy``: in
a process that has not imported claimkit, a DocBin's claims stay tagged records until
``doc._.claims`` (or :func:`claimkit.extract`) reads them. It also fills
``doc.spans["claims"]`` (labelled spans for displaCy's span view; spaCy serialises those
itself). Both components are registered as entry points, so ``nlp.add_pipe("claimkit")``
works in a process that never imported claimkit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import srsly
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from claimkit.attribution_model import load_model as load_attribution_model
from claimkit.claims import Claim, ClaimKind, SpeakerEntity, TextSpan
from claimkit.confidence import load_model
from claimkit.export import claim_from_stored, decode_claim, encode_claim
from claimkit.lexicon import Lexicon
from claimkit.pipeline import extract_claims
from claimkit.segment import set_paragraph_boundaries

USER_DATA_KEY = "claimkit"
SPANS_KEY = "claims"
"""The ``doc.spans`` key of the claims' spans (see :func:`claim_spans`)."""
CONTENT_LABELS: dict[ClaimKind, str] = {"direct": "CONTENT_DIRECT", "indirect": "CONTENT_INDIRECT",
                                        "mixed": "CONTENT_MIXED"}
CUE_LABEL = "CUE"
SPEAKER_LABEL = "SPEAKER"
VIA_LABEL = "VIA"
DISPLACY_COLORS: dict[str, str] = {
    CONTENT_LABELS["direct"]: "#ffe27a", CONTENT_LABELS["indirect"]: "#fff1b8", CONTENT_LABELS["mixed"]: "#ffd3a8",
    CUE_LABEL: "#f0a8b2", SPEAKER_LABEL: "#9fc8ff", VIA_LABEL: "#9fd8b4",
}
"""Colours of the span labels, as in :mod:`claimkit.viz`: ``options={"colors": DISPLACY_COLORS}``."""


# Registered on import, not through srsly's entry points: those would import claimkit in
# every process that imports spaCy, and a broken claimkit install would break spaCy itself.
srsly.msgpack_encoders.register("claimkit", func=encode_claim)
srsly.msgpack_decoders.register("claimkit", func=decode_claim)


def _stored(doc: Doc) -> dict[str, Any] | None:
    return doc.user_data.get(USER_DATA_KEY)


def stored_claims(stored: dict[str, Any]) -> list[Claim]:
    """The claims of a Doc's ``user_data["claimkit"]``, as a new list (the stored one stays as it is)."""
    return [claim_from_stored(claim) for claim in stored["claims"]]


def _claims_getter(doc: Doc) -> list[Claim]:
    stored = _stored(doc)
    return stored_claims(stored) if stored else []


def stored_entities(stored: dict[str, Any]) -> list[SpeakerEntity]:
    """The entity table of a Doc's ``user_data["claimkit"]`` as :class:`~claimkit.SpeakerEntity`
    objects, as :func:`claimkit.speakers` gives them."""
    return [SpeakerEntity(id=e["id"], name=e["name"], kind=e["kind"], named=e["named"], aliases=tuple(e["aliases"]),
                          roles=tuple(e["roles"]), gender=e["gender"], anonymous=e["anonymous"], speaks=e["speaks"],
                          gender_source=e.get("gender_source"))
            for e in stored["entities"]]


def _entities_getter(doc: Doc) -> list[SpeakerEntity]:
    stored = _stored(doc)
    return stored_entities(stored) if stored else []


def _error_getter(doc: Doc) -> str | None:
    stored = _stored(doc)
    return stored.get("error") if stored else None


for _name, _getter in (("claims", _claims_getter), ("claim_entities", _entities_getter),
                       ("claimkit_error", _error_getter)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)


def claim_spans(doc: Doc, claims: Sequence[Claim]) -> list[Span]:
    """The spans of ``claims`` as spaCy spans of ``doc``, for ``doc.spans["claims"]`` and displaCy.

    Per claim, in this order: one ``CONTENT_DIRECT``, ``CONTENT_INDIRECT`` or ``CONTENT_MIXED``
    span (after the claim's kind) for each content fragment, ``CUE`` for the cue, ``SPEAKER``
    for the speaker mention and ``VIA`` for each relay. ``span.id_`` is the claim's index in
    ``doc._.claims`` (``"0"``, ``"1"``, ...), which groups the spans of one claim.

    A span is cut to whole tokens (``doc.char_span(..., alignment_mode="expand")``), so it may
    be wider than the claim's character offsets when a boundary falls inside a token (a
    quotation mark glued to a word, say); the claims keep the exact offsets. A piece with no
    token in it (empty, white space only, outside the text) gives no span.
    """
    spans: list[Span] = []
    for index, claim in enumerate(claims):
        pieces: list[tuple[str, TextSpan]] = [(CONTENT_LABELS[claim.kind], fragment)
                                              for fragment in (claim.fragments or (claim.content,))]
        if claim.cue is not None:
            pieces.append((CUE_LABEL, claim.cue.span))
        if claim.speaker is not None and claim.speaker.mention is not None:
            pieces.append((SPEAKER_LABEL, claim.speaker.mention))
        pieces.extend((VIA_LABEL, source.span) for source in claim.via)
        for label, piece in pieces:
            if piece.end <= piece.start:  # char_span would widen an empty piece to a whole token
                continue
            span = doc.char_span(piece.start, piece.end, label=label, span_id=str(index), alignment_mode="expand")
            if span is not None and len(span) > 0:
                spans.append(span)
    return spans


@Language.factory(
    "claimkit_paragraphs",
    assigns=["token.is_sent_start"],
    default_config={},
)
def make_paragraph_splitter(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Paragraph breaks as hard sentence boundaries; add it before the parser."""
    return set_paragraph_boundaries


class ClaimkitComponent(Pipe):
    """Extracts attributed claims into ``doc.user_data``; read them with ``doc._.claims``.

    It also sets ``doc.spans["claims"]`` to the claims' spans (:func:`claim_spans`), for
    ``displacy.render(doc, style="span", spans_key="claims")``. Those are token spans, which
    may be wider than the character offsets of ``doc._.claims`` (a boundary inside a token
    widens to the whole token); the claims keep the exact offsets.

    A document whose extraction fails gets no claims, no ``doc.spans["claims"]``, and its
    error in ``doc._.claimkit_error``; the pipeline goes on with the next document.
    """

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon, include_beliefs: bool,
                 merge_quote_sentences: bool, learned: bool = True) -> None:
        self.name = name
        self.lexicon = lexicon
        self.include_beliefs = include_beliefs
        self.merge_quote_sentences = merge_quote_sentences
        # Read and checked now (E004), not at the first claim; None: the rules alone.
        self.attribution_model = load_attribution_model() if learned else None

    def __call__(self, doc: Doc) -> Doc:
        try:
            claims, table = extract_claims(doc, self.lexicon, include_beliefs=self.include_beliefs,
                                           merge_quote_sentences=self.merge_quote_sentences,
                                           learned=self.attribution_model)
            stored = {"claims": list(claims), "entities": table.as_dicts()}
            spans = claim_spans(doc, claims)
            # Both are set once everything is computed, so a failure leaves neither half-done.
            doc.user_data[USER_DATA_KEY] = stored
            doc.spans[SPANS_KEY] = spans
        except Exception as error:  # one bad document must not kill a batch
            doc.user_data[USER_DATA_KEY] = {"claims": [], "entities": [],
                                            "error": f"{type(error).__name__}: {error}"}
            doc.spans.pop(SPANS_KEY, None)  # a doc run twice keeps no spans of claims it no longer has
            # spaCy's default handler re-raises, which would end nlp.pipe for every document
            # after this one; the error is on the Doc (doc._.claimkit_error) instead. A handler
            # set on this component (nlp.get_pipe("claimkit").set_error_handler) is still told, and may raise.
            if hasattr(self, "error_handler"):
                self.error_handler(self.name, self, [doc], error)
        return doc


@Language.factory(
    "claimkit",
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.claims", "doc._.claim_entities", "doc.spans"],
    default_config={"lexicon": {"@misc": "claimkit.reporting_lexicon.v1"}, "include_beliefs": True,
                    "merge_quote_sentences": True, "learned": True},
)
def make_claimkit(nlp: Language, name: str, lexicon: Lexicon, include_beliefs: bool,
                  merge_quote_sentences: bool, learned: bool) -> ClaimkitComponent:
    load_model()  # reads and checks the confidence model now (E004), not at the first claim
    return ClaimkitComponent(nlp, name, lexicon, include_beliefs, merge_quote_sentences, learned)

