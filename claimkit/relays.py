"""Relays: who passed a claim on ("via"), after the speakers are known.

A relay comes from the cue's own phrase ("told the state news agency Interfax", a closing
"according to RIA Novosti"), from a relay stated once that carries over (guide rule 15),
from the cue's subject when the claim cites someone else ("Reuters, citing a spokesman,
said ..." → via Reuters), or from an outer claim whose speaker is an organisation or a
document that quotes the inner one ("TASS quoted X as saying Y, writes The Guardian"). A
continued quote has the relays of the claim it continues. A relay is named by the entity
table when it knows the outlet.
"""

from __future__ import annotations

from attrs import evolve
from spacy.tokens import Span

from claimkit.drafts import Draft
from claimkit.entities import EntityTable
from claimkit.lexicon import Lexicon
from claimkit.mentions import describe_mention
from claimkit.resolution import CITED_SOURCE, QUOTED_THROUGH_OUTLET
from claimkit.rules import rule
from claimkit.sources import inherited_relays, relays_on_cue

ON_CUE = rule("relay", "relay_on_cue", "an outlet in the cue's phrase ('told Interfax', ', according to RIA')")
INHERITED = rule("relay", "relay_inherited", "a relay stated once for an interview or statement, carried over")
CITING_SUBJECT = rule("relay", "relay_citing_subject", "the cue's subject, when the claim cites someone else")
CONTINUED = rule("relay", "relay_continued", "a continued quote's relays are those of the claim it continues")
NESTED = rule("relay", "relay_nested", "an outer claim's organisation or document speaker quoting the inner claim")


def relayed(drafts: list[Draft], lexicon: Lexicon, table: EntityTable) -> list[Draft]:
    """New drafts with their relays (``via``) and the ``relay`` rules that found them, in order."""
    out = [_with_relays(draft, lexicon, table) for draft in drafts]
    return [_with_nested(inner, out) for inner in out]


def _with_relays(draft: Draft, lexicon: Lexicon, table: EntityTable) -> Draft:
    origin = draft
    while origin.follows is not None:
        origin = origin.follows
    relays, rules = _cue_relays(origin, lexicon, table)
    if origin is not draft and relays:
        rules = (*rules, CONTINUED)
    return evolve(draft, via=relays, relay_rules=rules) if relays else draft


def _cue_relays(draft: Draft, lexicon: Lexicon, table: EntityTable) -> tuple[list[tuple[Span, str]], tuple[str, ...]]:
    if draft.cue is None or draft.mention is None:
        return [], ()
    spans = relays_on_cue(draft.cue, lexicon)
    rules = [ON_CUE] if spans else []
    if not spans:
        spans = inherited_relays(draft.cue, lexicon)
        rules += [INHERITED] if spans else []
    if CITED_SOURCE in draft.speaker_rules or QUOTED_THROUGH_OUTLET in draft.speaker_rules:
        original = draft.cue_subject  # the cue's own subject, who cites the speaker
        if original is not None:
            spans = [*spans, describe_mention(original, lexicon).span]
            rules.append(CITING_SUBJECT)
    return [(span, _relay_name(span, table)) for span in spans], tuple(rules)


def _relay_name(span: Span, table: EntityTable) -> str:
    entity = table.lookup(span.text, "organization")
    return entity.name if entity is not None else span.text


def _with_nested(inner: Draft, drafts: list[Draft]) -> Draft:
    """ "TASS quoted X as saying Y, writes The Guardian": an outer claim's speaker relays the inner one."""
    if inner.cue is None:
        return inner
    at = inner.cue.anchor.idx
    outers = [o for o in drafts if o is not inner and o.cue is not None and o.mention is not None
              and o.start <= at < o.end and o.mention.kind in ("organization", "document")
              and (o.entity is None or o.entity is not inner.entity)]  # no one relays themselves
    if not outers:
        return inner
    nested = []
    for outer in sorted(outers, key=lambda o: o.end - o.start):
        assert outer.mention is not None
        name = outer.entity.name if outer.entity is not None else outer.mention.span.text
        nested.append((outer.mention.span, name))
    return evolve(inner, via=[*inner.via, *nested], relay_rules=(*inner.relay_rules, NESTED))
