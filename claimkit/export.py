"""Claims to and from plain data: the JSONL contract, and the Claims a Doc carries.

Two forms:

* records (:func:`claims_to_records`): the attrs classes unstructured by cattrs, nested as
  the classes are; lossless. ``Doc.user_data`` holds the :class:`~claimkit.claims.Claim`
  objects themselves; a claim becomes a record only when its Doc is serialised to msgpack
  (``Doc.to_bytes``, ``DocBin``, ``nlp.pipe(n_process=2)``), tagged by :func:`encode_claim`
  and turned back into a Claim by :func:`decode_claim` when the bytes are read.
* the serialised claim (:func:`claim_to_json`): the flat form of docs/format.md that
  ``claimkit extract`` writes and every downstream tool reads, one article per line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from claimkit.claims import Claim, TextSpan

if TYPE_CHECKING:
    import cattrs

CLAIM_TAG = "__claimkit.Claim__"
"""The key of a claim's msgpack form: ``{CLAIM_TAG: record}`` (see :func:`encode_claim`)."""

# Kept free of spaCy (the result types and their JSON are usable without it); cattrs is
# imported only when a claim is converted.


@functools.cache
def _converter() -> cattrs.Converter:
    import cattrs

    return cattrs.Converter()


def claims_to_records(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Plain dicts (lossless) of ``claims``."""
    return [_converter().unstructure(claim) for claim in claims]


def claims_from_records(records: Iterable[dict[str, Any]]) -> list[Claim]:
    """The inverse of :func:`claims_to_records`."""
    return [_converter().structure(record, Claim) for record in records]


def encode_claim(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly's msgpack encoder for a :class:`Claim`: ``{CLAIM_TAG: record}``; anything else goes down ``chain``.

    Registered as ``srsly.msgpack_encoders["claimkit"]`` by :mod:`claimkit.component`;
    msgpack calls it only for objects it cannot pack itself, so it costs nothing until a Doc
    with claims is serialised.
    """
    if isinstance(obj, Claim):
        return {CLAIM_TAG: _converter().unstructure(obj)}
    return obj if chain is None else chain(obj)


def decode_claim(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly's msgpack decoder: the :class:`Claim` of a map made by :func:`encode_claim`; others go down ``chain``.

    Registered as ``srsly.msgpack_decoders["claimkit"]`` by :mod:`claimkit.component`. In a
    process that has not imported claimkit the tagged record stays in the Doc, and
    :func:`claim_from_stored` converts it when the claims are read. A record that does not structure (written by another
    claimkit version) is left as it is, so the rest of the Doc still loads; reading the
    claims (:func:`claim_from_stored`) then raises the error.
    """
    if isinstance(obj, dict) and CLAIM_TAG in obj:
        try:
            return _converter().structure(obj[CLAIM_TAG], Claim)
        except Exception:
            return obj
    return obj if chain is None else chain(obj)


def claim_from_stored(item: Claim | Mapping[str, Any]) -> Claim:
    """A claim as ``Doc.user_data`` holds it: the Claim itself, or its record if it was never decoded.

    A record (tagged by :func:`encode_claim`, or a plain one from :func:`claims_to_records`)
    is left in ``user_data`` when a Doc was read from bytes where claimkit's msgpack decoder
    was not registered; it is structured here.
    """
    if isinstance(item, Claim):
        return item
    return _converter().structure(item.get(CLAIM_TAG, item), Claim)


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
        "speaker_entity_id": speaker.entity_id if speaker else None,
        "speaker_gender": speaker.gender if speaker else None,
        "speaker_gender_source": speaker.gender_source if speaker else None,
        "via": [{**(_span(s.span) or {}), "name": s.name} for s in claim.via],
        "confidence": claim.confidence,
        "confidences": {
            "content": claim.content_confidence,
            "speaker": speaker.confidence if speaker else None,
            "via": min((s.confidence for s in claim.via), default=None),
        },
        "evidence": {"rule": claim.evidence.rule, "rules": list(claim.evidence.rules),
                     "flags": list(claim.evidence.flags)},
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
