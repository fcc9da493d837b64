"""The result types: what one attributed claim looks like.

Plain frozen attrs classes with no spaCy objects inside, so that claims pickle, cross
process boundaries and outlive the ``Doc`` they came from. Serialisation lives in
:mod:`claimkit.export`, not here.

Every span carries character offsets into the *original* text, end exclusive, and its
text: ``text[span.start:span.end] == span.text`` always holds for spans claimkit emits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs
from attrs import field, frozen

if TYPE_CHECKING:
    from spacy.tokens import Span

FRAGMENT_JOINER = " … "
"""What :attr:`Claim.text` puts between the fragments of a split quote."""
_REPR_WORDS = 12  # words of the content a claim's repr shows

ClaimKind = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group", "document"]
Stance = Literal["neutral", "assertive", "distancing"]


def _end_not_before_start(instance: TextSpan, attribute: attrs.Attribute, value: int) -> None:
    if value < instance.start:
        raise ValueError(f"TextSpan end ({value}) is before its start ({instance.start})")


@frozen
class TextSpan:
    """A piece of the original text: ``text[start:end] == self.text``."""

    start: int = field(validator=attrs.validators.ge(0))
    end: int = field(validator=_end_not_before_start)
    text: str

    @classmethod
    def from_span(cls, span: Span) -> TextSpan:
        """The character span of a spaCy ``Span`` (or ``Token`` via ``doc[i:i+1]``)."""
        return cls(span.start_char, span.end_char, span.text)

    @classmethod
    def from_offsets(cls, text: str, start: int, end: int) -> TextSpan:
        """The span ``text[start:end]``; the one way spans are cut from raw text."""
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start


@frozen(kw_only=True)
class Cue:
    """The words that mark the attribution: "said", "according to", "quoted ... as saying"."""

    span: TextSpan
    lemma: str
    stance: Stance = "neutral"


@frozen(kw_only=True)
class Speaker:
    """Who the claim is attributed to.

    ``mention`` is the span as written ("he", "the spokesman"); ``name`` the resolved proper
    name when the document gives one ("Dmitry Peskov"), else ``None``.
    """

    mention: TextSpan | None
    name: str | None = None
    kind: SpeakerKind | None = None
    role: str | None = None
    anonymous: bool = False
    entity_id: int | None = None
    confidence: float = 0.5
    gender: str | None = None  # a person's, when known: "male" or "female"
    gender_source: str | None = None  # "text" (the article's pronouns and titles) or "name" (first-name list)


@frozen(kw_only=True)
class SpeakerEntity:
    """One entry of an article's entity table: a source, under all the names the text uses.

    ``name`` is the canonical name (the fullest proper-name mention) when ``named``; for a
    source the text only describes ("local officials") it is that description. Claims
    point here through ``Speaker.entity_id``.
    """

    id: int
    name: str
    kind: str
    named: bool = True
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    gender: str | None = None
    anonymous: bool = False
    speaks: bool = False
    gender_source: str | None = None


@frozen(kw_only=True)
class Source:
    """One relay in the chain through which a claim reaches the reader ("via RIA Novosti")."""

    span: TextSpan
    name: str
    confidence: float = 0.5


@frozen(kw_only=True)
class Evidence:
    """Why a claim was extracted: the rules that made and shaped it, and flags raised on the way.

    ``rule`` is the rule that made the claim (stage ``claim``); ``rules`` every rule that made
    and shaped it, in stage order: claim, content, speaker, resolution, relay (see
    :mod:`claimkit.rules` and docs/architecture.md for the list). Flags are the states of its
    quotation marks: ``unclosed_quote`` (a mark without its pair), ``continued_quote`` (a
    quote left open at a paragraph's end because the next paragraph opens with a mark, as
    news style continues a quote) and ``mismatched_marks`` (a pair of different styles).
    ``features`` are the numbers the confidences were computed from.
    """

    rule: str
    rules: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    features: tuple[tuple[str, float], ...] = ()


@frozen(kw_only=True, repr=False)
class Claim:
    """One attribution relation: a source, the cue that marks it, and the content attributed.

    ``content`` is the covering span, from the first fragment to the last: for a split quote
    ("“A,” she said. “B.”") it runs across the cue. :attr:`text` is what was said: the
    fragments joined with " … ". ``repr()`` is short (kind, speaker, first words);
    :meth:`to_dict` and :meth:`to_json` give the serialised form of docs/format.md.
    """

    content: TextSpan
    fragments: tuple[TextSpan, ...]
    kind: ClaimKind
    cue: Cue | None
    speaker: Speaker | None
    via: tuple[Source, ...] = ()
    confidence: float = 0.5
    content_confidence: float = 0.5
    evidence: Evidence = field(factory=lambda: Evidence(rule="unknown"))

    @property
    def speaker_name(self) -> str | None:
        """The resolved speaker name, or ``None``."""
        return self.speaker.name if self.speaker else None

    @property
    def text(self) -> str:
        """What was said: the content's fragments joined with " … " (the cue and speaker of a
        split quote left out); the content's text when it has one fragment."""
        return FRAGMENT_JOINER.join(f.text for f in self.fragments) if self.fragments else self.content.text

    def __repr__(self) -> str:
        speaker = self.speaker_name or (self.speaker.mention.text if self.speaker and self.speaker.mention else None)
        words = self.text.split()
        shown = " ".join(words[:_REPR_WORDS]) + (" …" if len(words) > _REPR_WORDS else "")
        return f"<Claim {self.kind} by {speaker!r}: {shown!r} ({self.confidence:.2f})>"

    def to_dict(self) -> dict[str, object]:
        """The claim as docs/format.md serialises it (the same as :func:`claimkit.claim_to_json`):
        plain JSON types, ready for ``json.dumps``."""
        from claimkit.export import claim_to_json  # export reads this module: imported on use

        return claim_to_json(self)

    def to_json(self, **kwargs: object) -> str:
        """:meth:`to_dict` as a JSON string; ``kwargs`` go to :func:`json.dumps` (``indent=2`` ...)."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        """A small table for Jupyter: kind, speaker, cue, relays, confidence and what was said."""
        from html import escape

        speaker = self.speaker
        rows = [("kind", self.kind),
                ("speaker", (speaker.mention.text if speaker and speaker.mention else "") +
                 (f" → {speaker.name}" if speaker and speaker.name else "")),
                ("cue", self.cue.span.text if self.cue else "(continues the quote before)"),
                ("via", " ← ".join(s.name for s in self.via)),
                ("confidence", f"{self.confidence:.2f}"),
                ("text", self.text)]
        body = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                       for k, v in rows if v)
        return f"<table class='claimkit-claim'>{body}</table>"

    def spans(self) -> list[TextSpan]:
        """Every span this claim emits (content, fragments, cue, speaker, relays)."""
        out = [self.content, *self.fragments]
        # "is not None", not truth: an empty TextSpan is falsy (it has a length) and is still emitted.
        if self.cue is not None:
            out.append(self.cue.span)
        if self.speaker is not None and self.speaker.mention is not None:
            out.append(self.speaker.mention)
        out.extend(source.span for source in self.via)
        return out
