"""Citing whom: the relays through which a claim reaches the reader.

Found on the cue's own phrase:

* "TASS quoted X as saying", "X was quoted by TASS as saying", "X, quoted by TASS, said":
  TASS relays X.
* "X told CNN", "X said in an interview with CNN", "X told reporters from AFP": the outlet
  spoken to (an organisation, never a person or a pronoun).
* "X said, according to RIA Novosti": "according to" attached to the reporting verb.
* "Y reported, citing X": Y relays X (the speaker becomes X; see :func:`citing_source`).

Chains across claims ("..., writes The Guardian" around a claim of its own) are added by
the assembler, innermost first.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimkit.cues import CueMatch, according_closing, according_to_object, is_citing
from claimkit.lexicon import Lexicon

_PERSONAL = {"PRON"}
_RELAY_LABELS = {"ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"}
# "told the newspaper Sunday": a day or a time after an outlet noun is when, not its name.
_WHEN = {"DATE", "TIME", "CARDINAL", "ORDINAL"}


def _noun_phrase(head: Token) -> Span:
    """The name phrase of a relay: "state news agency RIA Novosti" -> "RIA Novosti"."""
    skipped = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "appos", "punct") for t in c.subtree}
    indices = [t.i for t in head.subtree if t.i not in skipped]
    doc = head.doc
    start, end = min(indices), max(indices) + 1
    while start < head.i and ((doc[start].dep_ in ("det", "amod", "compound") and not doc[start].ent_type_)
                              or doc[start].is_space):
        start += 1
    # White space the parser hung in the phrase is no part of the relay's name.
    while end > head.i + 1 and doc[end - 1].is_space:
        end -= 1
    # "the residents' group Canal Watch": a name after a description is the name alone.
    first = head.i
    while first > start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
        first -= 1
    if head.pos_ == "PROPN" and any(t.is_alpha and t.is_lower and t.dep_ != "det" for t in doc[start:first]):
        start = first
    return doc[start:end]


def is_outlet(head: Token, lexicon: Lexicon) -> bool:
    """Whether ``head`` names an organisation that can relay (not a person, not "reporters").

    Known outlets always count; otherwise a proper name that the NER does not take for a
    person ("told the Gazette", "speaking to the Northern Courier"), or an outlet noun with
    a name beside it or after "news" ("the Kyodo news agency", "the agency Velpress").
    """
    if head.pos_ in _PERSONAL or head.ent_type_ == "PERSON":
        return False
    phrase = " ".join(t.text for t in head.subtree).lower()
    if head.text.lower() in lexicon.outlets or any(o in phrase for o in lexicon.outlets if len(o) > 3):
        return True
    if _kind_of_outlet(head, lexicon):
        return True
    return head.pos_ == "PROPN" and (head.ent_type_ in _RELAY_LABELS or not head.ent_type_)


def _kind_of_outlet(head: Token, lexicon: Lexicon) -> bool:
    """ "the Kyodo news agency", "the state news agency Velpress": an outlet noun with its name
    beside it ("told the news agency" alone names no one to relay through)."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in lexicon.outlet_nouns:
        return False
    return _outlet_name(head) is not None


def _outlet_name(head: Token, before: bool = True) -> Span | None:
    """The capitalised name beside a noun: after it ("the state news agency Velpress", "the
    group's media office, Vostok Front") or, if ``before``, before it ("the Kyodo news agency")."""
    doc = head.doc
    after = head.i + 1
    if after < len(doc) and doc[after].text == "," and doc[after].head.i in (head.i, head.head.i):
        after += 1
    end = after
    # Right after the noun, a capitalised proper noun names it, however the parser hung it
    # ("agency Velpress" as an adverbial of "carried"), unless it starts a clause of its own.
    while end < len(doc) and doc[end].pos_ in ("PROPN", "NOUN") and doc[end].text[:1].isupper() \
            and doc[end].dep_ not in ("nsubj", "nsubjpass") and doc[end].ent_type_ not in _WHEN:
        end += 1
    if end > after:
        return doc[after:end]
    named = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.text[:1].isupper()]
    return doc[named[0].i : named[-1].i + 1] if named and before else None


def relay_phrase(head: Token, lexicon: Lexicon) -> Span:
    """The words that name a relay (guide rule 16, names alone): the name beside a common noun
    ("the residents' group Canal Watch" -> "Canal Watch"; before it only for an outlet noun:
    "the Kyodo news agency" -> "Kyodo"), else the noun phrase ("the Northern Courier")."""
    name = None
    if head.pos_ == "NOUN" and not head.text[:1].isupper():
        name = _outlet_name(head, before=head.lemma_.lower() in lexicon.outlet_nouns)
    return name or _noun_phrase(head)


def released_by(noun: Token, lexicon: Lexicon) -> list[Span]:
    """ "a statement released by X", "an audio message carried by the state news agency Y": the
    one who released it (frame ``releases``), through whom the reader gets what it says."""
    releasing = lexicon.verbs_with("releases")
    return [relay_phrase(obj, lexicon)
            for participle in noun.children if participle.dep_ == "acl" and participle.lemma_.lower() in releasing
            for obj in _agents(participle)]


def _agents(verb: Token) -> list[Token]:
    """Who a passive verb says did it: "released *by the union*" -> union."""
    return [obj for agent in verb.children if agent.dep_ == "agent" for obj in agent.children if obj.dep_ == "pobj"]


def _by_after_saying(cue: CueMatch) -> list[Token]:
    """ "X was quoted as saying by TASS": the parser hangs "by TASS" on "saying", the last word
    of the ``quoted_as`` cue's span (when the cue has one: else its span ends at "as")."""
    saying = cue.span[-1]
    if saying.dep_ not in ("pcomp", "pobj"):
        return []
    return [obj for by in saying.children if by.dep_ in ("prep", "agent") and by.lower_ == "by"
            for obj in by.children if obj.dep_ == "pobj"]


def relays_on_cue(cue: CueMatch, lexicon: Lexicon) -> list[Span]:
    """Relay phrases that hang off the cue itself, innermost first."""
    anchor = cue.anchor
    out: list[Span] = []
    if cue.shape == "quoted_as":
        # "TASS quoted X as saying", or in the passive "X was quoted by TASS as saying".
        subjects = [c for c in anchor.children if c.dep_ == "nsubj"]
        quoting = subjects[-1:] or (_agents(anchor) + _by_after_saying(cue))[:1]
        out.extend(relay_phrase(who, lexicon) for who in quoting)
        return out
    if cue.shape != "verb":
        return out
    talking = lexicon.verbs_with("speaks_to")  # "speaking to the Courier": the outlet relays
    quoting_verbs = lexicon.verbs_with("relay")  # "quoted", "cited"
    for child in anchor.children:
        if child.dep_ in ("dobj", "dative") and cue.lemma == "tell" and is_outlet(child, lexicon):
            out.append(relay_phrase(child, lexicon))
        elif child.dep_ == "prep" and child.lower_ in ("in", "during", "to", "with"):
            out.extend(_interview_partner(child, lexicon))
        elif child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in talking:
            out.extend(_speaking_to(child, lexicon))  # "X said, speaking to the Courier, ..."
        elif child.dep_ in ("nsubj", "nsubjpass"):
            # "X, speaking to the Northern Courier, said ...": the participle hangs on the subject.
            for participle in (c for c in child.children if c.dep_ == "acl" and c.lemma_.lower() in talking):
                out.extend(_speaking_to(participle, lexicon))
            # "X, quoted by the TASS news agency, said ...": who quotes the speaker relays them.
            out.extend(relay_phrase(who, lexicon) for participle in child.children
                       if participle.dep_ == "acl" and participle.lemma_.lower() in quoting_verbs
                       for who in _agents(participle))
            out.extend(_published_by_outlet(child, lexicon))
        elif child.dep_ == "prep" and child.lower_ == "according":
            obj = according_to_object(child)
            if obj is not None:
                out.append(relay_phrase(obj, lexicon))
    closing = according_closing(anchor)
    obj = according_to_object(closing) if closing is not None else None
    if obj is not None:
        out.append(relay_phrase(obj, lexicon))
    return out


def inherited_relays(cue: CueMatch, lexicon: Lexicon) -> list[Span]:
    """Relays of the reporting verb a subjectless cue hangs from: "X told CNN ..., adding that Y"
    reaches the reader through CNN too."""
    verb = cue.anchor
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    for _ in range(4):
        if verb.head == verb or verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp"):
            return []
        verb = verb.head
        if verb.lemma_.lower() in lexicon.verbs and any(c.dep_ == "nsubj" for c in verb.children):
            return relays_on_cue(CueMatch("verb", verb, verb.doc[verb.i : verb.i + 1], verb.lemma_.lower()), lexicon)
    return []


def _speaking_to(participle: Token, lexicon: Lexicon) -> list[Span]:
    return [span for prep in participle.children if prep.dep_ == "prep" and prep.lower_ in ("to", "with")
            for span in _interview_partner(prep, lexicon)]


def _interview_partner(prep: Token, lexicon: Lexicon) -> list[Span]:
    """ "in an interview with CNN", "to CNN" -> CNN, when it is an outlet."""
    out = []
    for obj in (c for c in prep.children if c.dep_ == "pobj"):
        if prep.lower_ in ("to", "with") and is_outlet(obj, lexicon):
            out.append(relay_phrase(obj, lexicon))
            continue
        if prep.lower_ == "in":
            out.extend(released_by(obj, lexicon))  # "in a statement released by X"
        for inner in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("with", "to", "on")):
            out.extend(relay_phrase(o, lexicon) for o in inner.children if o.dep_ == "pobj" and is_outlet(o, lexicon))
    return out


def _published_by_outlet(subject: Token, lexicon: Lexicon) -> list[Span]:
    """ "The statement, which Velpress also published, said ...": an outlet that carried the
    speaking document relays it (its issuer is the speaker, never a relay)."""
    releasing = lexicon.verbs_with("releases")
    out = []
    for clause in subject.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in releasing:
            continue
        # "which Velpress published" or "which was published by Velpress".
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        out += [relay_phrase(outlet, lexicon) for outlet in (*subjects, *_agents(clause)) if is_outlet(outlet, lexicon)]
    return out


def citing_source(cue: CueMatch) -> Token | None:
    """ "Y reported, citing X, that ...": X, the speaker Y relays; ``None`` when there is no "citing".

    The parser hangs "citing" on the reporting verb or on the reported clause's verb.
    """
    verbs = [cue.anchor, *(c for c in cue.anchor.children if c.dep_ == "ccomp")]
    for verb in verbs:
        for child in verb.children:
            if is_citing(child):
                obj = next((c for c in child.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj
    return None


def quoted_through_outlet(cue: CueMatch, lexicon: Lexicon, quote_start: int) -> Token | None:
    """ "X gave an interview calling it “a mistake,” according to Bloomberg": X, whose words the
    quote gives, when "according to" names an outlet and hangs on a clause whose subject is
    named and speaking in it (a reporting participle). ``None`` otherwise; the outlet
    is then the speaker.

    Only for quoted content (the caller's business; ``quote_start`` is the offset of the
    quoted words): in "X won the vote, according to AP" the outlet is the source.
    """
    if cue.shape != "according_to":
        return None
    outlet = according_to_object(cue.anchor)
    if outlet is None or not is_outlet(outlet, lexicon):
        return None
    verb, subject = cue.anchor.head, None
    for _ in range(3):  # "... because they could “...,” according to": up to the person's clause
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and _is_named(subject):
            break
        if verb.head == verb or verb.dep_ not in ("advcl", "ccomp", "xcomp", "conj"):
            return None
        verb, subject = verb.head, None
    if subject is None:
        return None
    # The subject must be speaking in that clause: a reporting participle on the verb or on
    # its object ("... an interview noting ...", "..., saying ..."), not "X has had a patchy
    # record".
    speaking = any(t.tag_ == "VBG" and t.lemma_.lower() in lexicon.verbs and (t.head == verb or t.head.head == verb)
                   for t in verb.subtree if t.i < cue.anchor.i)
    # A quote in a relative clause is someone else's word ("X spent the week calling donors,
    # who were “furious”, according to P"): P is the source.
    quoted = next((t for t in verb.subtree if t.idx >= quote_start), None)
    in_relative = quoted is not None and any(t.dep_ == "relcl" for t in quoted.ancestors if t.i != verb.i
                                             and verb in t.ancestors)
    return subject if speaking and not in_relative else None


def _is_named(token: Token) -> bool:
    """A named subject: a person or a body ("the ministry issued a statement saying ..."
    relayed by an outlet is the ministry's claim too)."""
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
