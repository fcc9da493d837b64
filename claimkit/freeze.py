"""Freezing: a finished draft becomes a :class:`~claimkit.claims.Claim` with character offsets only.

The confidences are computed here, from the draft's features (:mod:`claimkit.confidence`),
and the names of the rules that made and shaped the draft become ``evidence.rules``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from claimkit import confidence
from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.drafts import Draft
from claimkit.lexicon import Lexicon


def frozen_claim(text: str, draft: Draft, lexicon: Lexicon, paragraph: tuple[int, int] | None = None) -> Claim:
    """The claim of a finished draft; ``paragraph`` is its paragraph's character range (a confidence feature)."""
    fragments = tuple(TextSpan.from_offsets(text, s, e) for s, e in draft.fragments)
    content = TextSpan.from_offsets(text, draft.start, draft.end)
    cue = None
    if draft.cue is not None:
        cue = Cue(span=TextSpan.from_span(draft.cue.span), lemma=draft.cue.lemma,
                  stance=lexicon.stance(draft.cue.lemma))
    features: dict[str, Any] = confidence.features(draft, lexicon, paragraph)
    probabilities = confidence.confidences(features)
    speaker = None
    if draft.mention is not None:
        m = draft.mention
        entity = draft.entity
        name = entity.name if entity is not None and entity.named else m.name
        role = m.role or (entity.roles[0] if entity is not None and entity.roles else None)
        if draft.written is not None and name is None and role is None:
            role = m.span.text  # "the engineers, who said": the description "who" stands for
        speaker = Speaker(
            mention=TextSpan.from_span(draft.written if draft.written is not None else m.span),
            name=name,
            kind=(entity.kind if entity is not None and m.pronoun else m.kind),  # type: ignore[arg-type]
            role=role,
            anonymous=m.anonymous or (entity.anonymous if entity is not None else False),
            entity_id=entity.id if entity is not None else None,
            confidence=probabilities["speaker"],
            # Only a person has a gender; a person the text never gave one has none.
            gender=entity.gender if entity is not None and entity.kind == "person" else None,
            gender_source=entity.gender_source if entity is not None and entity.kind == "person" else None,
        )
    via = tuple(Source(span=TextSpan.from_span(span), name=name, confidence=probabilities["relay"])
                for span, name in _unique_relays(draft.via))
    flags = tuple(dict.fromkeys(draft.flags))
    return Claim(
        content=content,
        fragments=fragments,
        kind=draft.kind,  # type: ignore[arg-type]
        cue=cue,
        speaker=speaker,
        via=via,
        confidence=probabilities["claim"],
        content_confidence=probabilities["content"],
        evidence=Evidence(rule=draft.rule, rules=draft.rules, flags=flags, features=tuple(sorted(features.items()))),
    )


def _unique_relays(relays: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    seen: set[tuple[int, int]] = set()
    out = []
    for span, name in relays:
        key = (span.start_char, span.end_char)
        if key not in seen:
            seen.add(key)
            out.append((span, name))
    return out
