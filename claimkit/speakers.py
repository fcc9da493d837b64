"""Speakers: the grammatical source of a cue, found on the parse.

:func:`speaker_head` finds the head token of the speaker phrase of a cue: the subject of the
reporting verb (climbing through "and said", "adding", relative "who"), the agent of a
passive, the object of "according to", the object of "quoted X as saying". Beside it:
:func:`relative_pronoun` ("an architect who said"), :func:`documents_spoken_in` ("said in a
statement") and :func:`plural_subject_before` (the group a "they" stands for).

Scope and limits: only what the parse links, with a few repairs for known parser slips. The
mention cut around the head, its kind and anonymity are :mod:`claimkit.mentions`; which
entity it is, :mod:`claimkit.resolver` and :mod:`claimkit.resolution`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimkit.candidate_features import speaker_of
from claimkit.clauses import detached_subject, reports_its_head, subject_after_opening_phrase
from claimkit.cues import CueMatch, according_to_object, is_bare_participle
from claimkit.lexicon import Lexicon
from claimkit.mentions import is_blank
from claimkit.segment import sentence_of

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of several, the one nearest the verb, on either side ("State news
    agency TASS quoted"; "..., says Ana Ruiz, author of the book X: The Story of Y" parsed
    with two subjects after "says")."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    return min(subjects, key=lambda s: abs(s.i - verb.i)) if subjects else None


def _is_relative_subject(subject: Token, verb: Token) -> bool:
    return subject.lower_ in ("who", "that", "which") and verb.dep_ == "relcl"


def _subject_of(verb: Token) -> Token | None:
    subject = _nearest_subject(verb)
    if subject is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        return None
    if _is_relative_subject(subject, verb):
        return verb.head
    return subject


def relative_pronoun(cue: CueMatch) -> Token | None:
    """ "an architect who said ...": the relative pronoun that is the subject of the cue verb.

    It is the speaker as written (the guide's rule 5: the grammatical source, even a
    pronoun), while :func:`speaker_head` gives the phrase it stands for, which is what gets
    described and resolved."""
    if cue.shape != "verb":
        return None
    subject = _nearest_subject(cue.anchor)
    return subject if subject is not None and _is_relative_subject(subject, cue.anchor) else None


def speaker_head(cue: CueMatch, lexicon: Lexicon) -> Token | None:
    """The head token of the speaker phrase of ``cue``, or ``None`` when the parse has none.

    A head of white space, format or control characters only (the parser may make a run of
    U+00A0 or U+200B a subject) names no one: ``None``.
    """
    head = _speaker_head(cue, lexicon)
    return None if head is None or is_blank(head) else head


def _speaker_head(cue: CueMatch, lexicon: Lexicon) -> Token | None:
    anchor = cue.anchor
    if cue.shape == "according_to":
        return according_to_object(anchor)
    if cue.shape == "quoted_as":
        return next((c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if cue.shape == "colon" and anchor.pos_ == "PROPN":
        return anchor  # "Trump on the wall: “...”"
    if cue.shape == "headline":
        return anchor  # "Mayor: bridge may close": the words before the colon
    if cue.shape in ("noun", "adjective"):
        return speaker_of(anchor)  # learned cues: "her claim that", "X is confident that"
    subject = _subject_of(anchor)
    if subject is not None:
        verb = anchor.head
        if (anchor.dep_ == "ccomp" and verb.dep_ == "acl" and verb.head.dep_ == "ROOT"
                and verb.head.pos_ in ("NOUN", "PROPN") and verb.i < subject.i < anchor.i):
            # "The tribunal decision granting her appeal said ...", parsed with no main verb
            # and "her appeal" as the subject of "said": the speaker is the root noun.
            return verb.head
        return subject
    if cue.lemma == "ask" and is_bare_participle(anchor):
        return None  # "Asked about X, she said ...": the one asked is not the speaker here
    if anchor.dep_ == "conj" and reports_its_head(anchor):
        return detached_subject(anchor)  # "Y, the Federation (HWF) said", the subject hung elsewhere
    if anchor.dep_ in ("acl", "relcl") and anchor.head.pos_ in ("PROPN", "NOUN"):
        noun = anchor.head
        if anchor.dep_ == "acl" and noun.dep_ == "dobj" and _speaks_for_its_object(noun, lexicon):
            subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
        return anchor.head  # "Podolyak, an adviser to ..., tweeted" parsed as a clause on the name
    return _subject_up_the_tree(anchor, lexicon) or subject_after_opening_phrase(anchor) or _name_just_before(cue)


def _speaks_for_its_object(noun: Token, lexicon: Lexicon) -> bool:
    """Whether a participle hung on ``noun``, the object of a verb, is said by the verb's subject.

    "The ministry issued a statement saying ...": the one who issued it says it (not one who
    obtained, read or cited it: then the document is the source). "The senator emailed
    supporters saying ...": those addressed are not the speaker (but "an ad shows voters
    saying ...": those shown are).
    """
    verb = noun.head.lemma_.lower()
    is_document = lexicon.nouns.get(noun.lemma_.lower()) == "document"
    if is_document:
        return verb in lexicon.verbs_with("issues_document")
    return verb in lexicon.verbs_with("addressee") and verb != "show"


def _subject_up_the_tree(anchor: Token, lexicon: Lexicon) -> Token | None:
    """ "X reiterated ... and said", "X told CNN ..., adding that", "X responded by saying":
    the subject sits on an ancestor. Prefer the nearest ancestor that is itself a reporting
    verb; else the nearest ancestor with a subject, climbing only through coordination,
    adverbial clauses and a preposition's gerund.
    """
    fallback: Token | None = None
    verb = anchor
    climbing_freely = True
    for _ in range(6):
        if verb.head == verb:
            break
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            preposition = verb.head
            verb = preposition.head
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if preposition.lower_ in ("for", "of") and obj is not None and _can_speak(obj, lexicon):
                return obj  # "praised the mayor for saying", "accused her of saying": the one praised said it
        elif verb.dep_ in ("conj", "advcl", "xcomp", "dep", "ccomp", "acl"):
            if verb.dep_ == "ccomp":
                climbing_freely = False  # past a complement, only a reporting verb's subject will do
            verb = verb.head
        else:
            break
        subject = _subject_of(verb)
        if subject is None:
            continue
        if verb.lemma_.lower() in lexicon.verbs:
            return subject
        if climbing_freely and fallback is None:
            fallback = subject
    return fallback


def _can_speak(token: Token, lexicon: Lexicon) -> bool:
    """Whether a noun phrase's head names someone (or a document) that can say things: a
    name, a personal pronoun, or a noun for a person, an organisation or a document ("the
    mayor", "the ministry", "the statement"), not "made headlines" or "paid a price"."""
    lemma = token.lemma_.lower()
    return (token.pos_ == "PROPN" or token.tag_ == "PRP" or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or lemma in lexicon.person_nouns or lemma in lexicon.organization_nouns
            or lexicon.nouns.get(lemma) == "document")  # "attacked the statement for saying"


def _name_just_before(cue: CueMatch) -> Token | None:
    """A name right before the cue that the parser failed to attach ("Okafor said" with Okafor as aux)."""
    start = cue.span.start
    if start == 0:
        return None
    previous = cue.anchor.doc[start - 1]
    if previous.pos_ in ("PROPN", "PRON") or previous.tag_ in ("NNP", "NNPS") or previous.ent_type_ == "PERSON":
        return previous
    return None


def documents_spoken_in(cue: CueMatch, lexicon: Lexicon) -> list[tuple[int, str]]:
    """The documents a speaker speaks in, as (offset, noun): on the cue's own phrase ("said in
    a statement", "wrote in the company's blog post", "stated in its report"), or named by the
    cue verb itself ("X has reported that ...": a report; "X tweeted": a tweet)."""
    found = [(obj.idx, obj.lemma_.lower()) for prep in cue.anchor.children
             if prep.dep_ == "prep" and prep.lower_ in ("in", "on")
             for obj in prep.children if obj.dep_ == "pobj" and lexicon.nouns.get(obj.lemma_.lower()) == "document"]
    noun = lexicon.documents_of_verbs.get(cue.lemma)
    if not found and noun is not None and cue.shape == "verb":
        found.append((cue.anchor.idx, noun))
    return found


def plural_subject_before(pronoun: Token) -> Token | None:
    """The plural common-noun subject of the sentence before ``pronoun``'s, when "they" opens
    its own clause right after it: "Several executives have warned of job losses. They say
    ..." (a group the text describes but never names, which a name-based resolver misses)."""
    doc = pronoun.doc
    sentence = sentence_of(pronoun)
    if sentence.start == 0 or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if not all(t.is_punct or t.dep_ in ("cc", "advmod") for t in doc[sentence.start : pronoun.i]):
        return None  # "..., and they said": not the opening of its sentence
    previous = sentence_of(doc[sentence.start - 1])
    subject = next((c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ != "NNS" or subject.pos_ != "NOUN":
        return None
    return subject
