"""The one place where confidences are composed.

The stages record features of each claim (which rule fired, quote balance, how the speaker
was resolved, cue kind); this module turns them into probabilities. The weights here are
a reviewed starting point; they are refitted on annotated data by
``scripts/fit_confidence.py`` (see docs/confidence.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimkit.assemble import Draft
    from claimkit.lexicon import Lexicon

_RULE_PRIOR = {
    "quote_cue_after": 0.85,
    "quote_cue_before": 0.7,
    "mixed_after": 0.7,
    "mixed_before": 0.7,
    "indirect_clause": 0.65,
    "according_to": 0.6,
    "quoted_as_saying": 0.75,
    "described_as": 0.7,
    "continued_quote": 0.6,
    "uncued_quote": 0.2,
}
_RESOLUTION_FACTOR = {
    "named": 1.0,
    "continued": 0.9,
    "pronoun": 0.9,
    "description_role": 0.85,
    "document_issuer": 0.9,
    "description_recent": 0.7,
    "unnamed": 0.9,
    "pronoun_unresolved": 0.6,
    "none": 0.5,
}


def features(draft: Draft, lexicon: Lexicon) -> dict[str, float]:
    """Numeric features of a draft claim, recorded on the claim's evidence."""
    cue = draft.cue
    return {
        "rule_prior": _RULE_PRIOR.get(draft.rule, 0.5),
        "resolution": _RESOLUTION_FACTOR.get(draft.resolution, 0.5),
        "unclosed_quote": float("unclosed_quote" in draft.flags),
        "belief_cue": float(cue is not None and cue.lemma in lexicon.belief_verbs),
        "has_speaker": float(draft.mention is not None),
        "fragments": float(len(draft.fragments)),
        "relays": float(len(draft.via)),
    }


def content_confidence(f: dict[str, float]) -> float:
    value = f["rule_prior"] * (0.7 if f["unclosed_quote"] else 1.0) * (0.8 if f["belief_cue"] else 1.0)
    return round(min(0.99, value + 0.1), 4)


def speaker_confidence(f: dict[str, float]) -> float:
    return round(f["resolution"] * (0.95 if f["has_speaker"] else 0.3), 4)


def relay_confidence(f: dict[str, float]) -> float:
    return round(0.8 if f["relays"] else 0.5, 4)


def claim_confidence(f: dict[str, float]) -> float:
    value = content_confidence(f) * speaker_confidence(f)
    return round(max(0.01, min(0.99, value)), 4)
