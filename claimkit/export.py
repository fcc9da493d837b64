"""Claims to and from plain data: the JSONL contract and the records stored on a Doc.

Two forms:

* records (:func:`claims_to_records`): the attrs classes unstructured by cattrs, nested as
  the classes are; lossless, used inside ``Doc.user_data``.
* the serialised claim (:func:`claim_to_json`): the flat form of docs/format.md that
  ``claimkit extract`` writes and every downstream tool reads, one article per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import cattrs

from claimkit.claims import Claim, TextSpan

_converter = cattrs.Converter()


def claims_to_records(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Plain dicts (lossless) of ``claims``."""
    return [_converter.unstructure(claim) for claim in claims]


def claims_from_records(records: Iterable[dict[str, Any]]) -> list[Claim]:
    """The inverse of :func:`claims_to_records`."""
    return [_converter.structure(record, Claim) for record in records]


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The serialised claim: flat fields, every span with its offsets and text."""
    speaker = claim.speaker
    out: dict[str, Any] = {
        "kind": claim.kind,
        "content": _span(claim.content),
        "content_fragments": [_span(f) for f in claim.fragments],
        "cue": None,
        "speaker": _span(speaker.mention) if speaker else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_kind": speaker.kind if speaker else None,
        "speaker_role": speaker.role if speaker else None,
        "anonymous": speaker.anonymous if speaker else False,
        "via": [{**(_span(s.span) or {}), "name": s.name} for s in claim.via],
        "confidence": claim.confidence,
        "confidences": {
            "content": claim.content_confidence,
            "speaker": speaker.confidence if speaker else None,
            "via": min((s.confidence for s in claim.via), default=None),
        },
        "evidence": {"rule": claim.evidence.rule, "flags": list(claim.evidence.flags)},
    }
    if claim.cue is not None:
        out["cue"] = {**(_span(claim.cue.span) or {}), "lemma": claim.cue.lemma, "stance": claim.cue.stance}
    return out


def document_line(doc_id: str, claims: Iterable[Claim], error: str | None = None) -> dict[str, Any]:
    """One JSONL line: ``{"doc_id", "claims"}``, plus ``"error"`` when the article failed."""
    line: dict[str, Any] = {"doc_id": doc_id, "claims": [claim_to_json(c) for c in claims]}
    if error is not None:
        line["error"] = error
    return line
