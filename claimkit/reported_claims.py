"""Claims made by a cue and the clause it governs: reported (indirect) speech, or mixed when
the clause holds a quote.

"X said (that) Y", "Y, X said", "according to X, Y", "TASS quoted X as saying Y", "X
described Y as Z". Not claims: one word (unless a yes or a no), an anonymity phrase ("who
asked not to be named"), an "according to" that relays another cue's claim, and a belief
reported inside another claim ("X said he feared Y": X's claim covers it).
"""

from __future__ import annotations

from claimkit.clauses import ANSWERS
from claimkit.content import Contents
from claimkit.cues import CueMatch, according_closing
from claimkit.drafts import Draft
from claimkit.layout import Layout
from claimkit.lexicon import Lexicon
from claimkit.rules import rule

BY_SHAPE = {
    "verb": rule("claim", "indirect_clause", "a reporting verb and the clause it governs ('X said Y')"),
    "according_to": rule("claim", "according_to", "'according to X' and what it attributes"),
    "quoted_as": rule("claim", "quoted_as_saying", "'quoted X as saying Y'"),
    "described_as": rule("claim", "described_as", "'described Y as Z'"),
}


def reported_drafts(layout: Layout, cues: list[CueMatch], lexicon: Lexicon, every_cue: list[CueMatch],
                    contents: Contents) -> list[Draft]:
    """Drafts for the cues no quote took (``cues``); ``every_cue`` includes those a quote
    took, since "“...,” Brink said, according to ONA" makes ONA a relay of that quote."""
    drafts = []
    for cue in cues:
        if cue.shape == "according_to" and _relays_for_verb(cue, every_cue):
            continue  # "X said, according to RIA" -> RIA is a relay of X's claim
        content_rule, fragments = contents.reported(cue)
        if not fragments or (sum(len(f) for f in fragments) < 2 and fragments[0].text.lower() not in ANSWERS):
            continue  # one word is too little to be a claim, unless it is a yes or a no
        start, end = fragments[0].start_char, fragments[-1].end_char
        if _marks_anonymity(layout.text[cue.span.start_char : end], lexicon):
            continue  # "who asked not to be named": why the source is unnamed, not a claim
        kind = "mixed" if layout.quotes_within(start, end) else "indirect"
        drafts.append(Draft([(f.start_char, f.end_char) for f in fragments], kind, cue, BY_SHAPE[cue.shape],
                            layout.paragraph_of(start), content_rule=content_rule))
    return drafts


def _marks_anonymity(cue_and_content: str, lexicon: Lexicon) -> bool:
    """Whether a cue and its content are no more than an anonymity phrase ("asked not to be
    named because ...", "requested anonymity")."""
    words = " ".join(cue_and_content.lower().split())
    return any(words.startswith(marker) for marker in lexicon.anonymity_markers if " " in marker)


def without_nested_beliefs(drafts: list[Draft], lexicon: Lexicon) -> list[Draft]:
    """Drop beliefs reported inside another claim ("X said he feared Y"): X's claim covers them."""
    def nested(draft: Draft) -> bool:
        if draft.cue is None or draft.cue.lemma not in lexicon.belief_verbs:
            return False
        at = draft.cue.anchor.idx
        return any(other is not draft and other.start <= at < other.end for other in drafts)
    return [d for d in drafts if not nested(d)]


def _relays_for_verb(according: CueMatch, cues: list[CueMatch]) -> bool:
    """Whether an "according to" phrase relays a reporting verb's claim rather than making
    one: it hangs on the verb ("X said, according to RIA, ...") or closes the verb's
    sentence (:func:`~claimkit.cues.according_closing`)."""
    head = according.anchor.head
    return any(c.shape == "verb" and (c.anchor == head or according_closing(c.anchor) == according.anchor)
               for c in cues)
