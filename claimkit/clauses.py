"""Clauses on the parse: the pieces of a sentence that the content rules cut out.

Helpers of :mod:`claimkit.content`: the clausal complements of a cue (with the conjuncts the
parser hangs beside them), a clause fronted before the cue, a one-word answer, whether the
cue hangs off the clause it reports ("Y, X said"), and where a clause stops because a claim
of its own begins. Each reads the parse and returns tokens or spans; none decides what a
claim is. Which verbs address someone or open a claim of their own ("..., adding that") is
the lexicon's verb frames (``addressee``, ``opens_claim``).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claimkit.cues import is_bare_participle
from claimkit.lexicon import Lexicon
from claimkit.segment import sentence_of

# The complementisers that open a reported clause: grammar (a closed class), not lexicon data.
_COMPLEMENTISERS = {"that", "if", "whether"}
CLAUSE_DEPS = ("ccomp",)
_EDGE = set(",.;:!?-–—…") | {"--"}
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Whole answers of one word: content even though single words are otherwise too short. The
# two answers are grammar (a closed class), not lexicon data.
ANSWERS = ("yes", "no")


def span_of(tokens: list[Token]) -> Span | None:
    if not tokens:
        return None
    doc = tokens[0].doc
    start, end = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    while start < end and (doc[start].text in _EDGE or doc[start].is_space or _complementiser(doc[start])):
        start += 1
    while end > start and (doc[end - 1].text in _EDGE or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if start < end else None


def _complementiser(token: Token) -> bool:
    """ "(said) that ...", "whether ...": also a "that" the parser made the object of a clause
    that has a subject of its own ("said at a news conference [that] profits would fall"),
    which no clause opening with a demonstrative "That is false" has."""
    if token.lower_ not in _COMPLEMENTISERS:
        return False
    return token.dep_ == "mark" or (token.lower_ == "that" and token.dep_ == "dobj" and token.head.i > token.i and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i for c in token.head.children))


def sentence_beside(according: Token, lexicon: Lexicon) -> Span | None:
    """ "According to X, <the rest of the sentence>" and "<the sentence>, according to X.":
    the phrase opening or closing its sentence, set off by a comma, attributes all the rest,
    whatever verb the parser hung it on (it often picks an auxiliary or a verb of a
    subordinate clause). ``None`` when the phrase stands inside the sentence."""
    doc = according.doc
    sentence = sentence_of(according)
    first, last = according.left_edge.i, according.right_edge.i
    opens = all(t.is_punct or t.is_space or t.dep_ == "cc" for t in doc[sentence.start : first])
    closes = all(t.is_punct or t.is_space for t in doc[last + 1 : sentence.end])
    rest = None
    if opens and last + 1 < sentence.end and doc[last + 1].text == ",":
        rest = span_of(list(doc[last + 2 : sentence.end]))
    elif closes and first > sentence.start and doc[first - 1].text == ",":
        rest = span_of(list(doc[sentence.start : first - 1]))
    # "Lee said the plant is safe, according to Reuters": the rest has a cue of its own, so
    # the phrase attributes only what the parse hangs it on (or relays Lee's claim).
    if rest is None or any(t.pos_ == "VERB" and _own_cue(t, lexicon) for t in rest):
        return None
    return rest


def without(head: Token, excluded: Token) -> list[Token]:
    """``head``'s subtree minus ``excluded``'s subtree, cut to the side of ``head``."""
    skip = {t.i for t in excluded.subtree}
    tokens = [t for t in head.subtree if t.i not in skip]
    # Keep the contiguous run around the head: the cue phrase splits the clause.
    if excluded.i > head.i:
        tokens = [t for t in tokens if t.i < excluded.left_edge.i]
    else:
        tokens = [t for t in tokens if t.i > excluded.right_edge.i]
    return tokens


def fronted_clause(anchor: Token) -> Token | None:
    """ "Russian shelling ... killed five, the office said": a clause before the speaker,
    attached to the cue as an adverbial clause, opening the sentence and closed by a comma."""
    sent_start = sentence_of(anchor).start
    for child in anchor.lefts:
        # A participle with no subject ("Asked about it, X said ...") is circumstance, not content.
        # ("Russian shelling of the town killed five, the office said" is a noun-like gerund:
        # it has a determiner or an adjective, and it is content.)
        deps = {c.dep_ for c in child.children}
        participle = is_bare_participle(child) or (
            child.tag_ == "VBG" and not deps & {"amod", "det", "poss", "nsubj", "nsubjpass"})
        # "When it comes to housing, both groups report ...": a subordinate clause is circumstance.
        subordinate = any((c.dep_ == "mark" and c.lower_ != "that") or (c.dep_ == "advmod" and c.tag_ == "WRB")
                          for c in child.children)
        if (child.dep_ in ("advcl", "dep", "ccomp", "conj") and not participle and not subordinate
                and child.left_edge.i <= sent_start + 1):
            after = anchor.doc[child.right_edge.i + 1] if child.right_edge.i + 1 < len(anchor.doc) else None
            if after is not None and after.text == "," and len(list(child.subtree)) >= 4:
                return child
    return None


def reported_clauses(anchor: Token, lexicon: Lexicon) -> list[Token]:
    """The clausal complements of ``anchor``, with the conjuncts the parser hung beside them.

    "says he drank too much, used drugs and ..." and "said she is unsure ..., but that her
    organisation will ..." come out of the parser as several ccomp/conj children of the
    cue; all of them are what was said. With no clause at all, an object noun phrase that
    hides a misparsed clause (:func:`_is_misparsed_clause`) stands in for one.
    """
    doc = anchor.doc
    # "She says she never cooked: she notes that ..." parsed with the first claim as a clause
    # of the second cue: a clause before the cue, closed by a colon or semicolon, that has a
    # cue of its own is a claim of its own.
    clauses = [c for c in anchor.children if c.dep_ in CLAUSE_DEPS and not (
        c.i < anchor.i and c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text in (":", ";")
        and _own_cue(c, lexicon))]
    if not clauses:
        return ([c for c in anchor.children if c.dep_ == "dobj" and _is_misparsed_clause(c)]
                or _clause_hung_on_the_setting(anchor))
    first = clauses[0]
    clauses[:0] = _subject_hung_on_the_cue(anchor, first, lexicon)
    participles = lexicon.verbs_with("opens_claim")
    for child in anchor.children:
        if child.i < first.i or child in clauses or child.lemma_.lower() in participles:
            continue
        marked = any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in child.children)
        after_semicolon = any(t.text == ";" for t in anchor.doc[first.right_edge.i : child.left_edge.i])
        if (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and marked and not _own_cue(child, lexicon)
                and not after_semicolon):
            clauses.append(child)
    return clauses


def yes_or_no(anchor: Token) -> Span | None:
    """ "said no when reporters asked ...", "voters said yes": the answer right after the cue
    is what was said (and a clause after it, such as the "when" clause, is not)."""
    doc = anchor.doc
    end = anchor.i + 1
    while end < len(doc) and (doc[end].lower_ in ANSWERS or (doc[end].text == "," and end > anchor.i + 1)):
        end += 1
    answer = span_of(list(doc[anchor.i + 1 : end]))
    if answer is None or doc[anchor.i + 1].head != anchor:
        return None
    # The answer ends its clause ("said no.", "said no when ..."), unlike "kept saying no to
    # new hires", where "no" opens the object.
    after = doc[answer.end] if answer.end < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ == "SCONJ" or after.tag_ == "WRB"):
        return None
    # "said yes, the plan would go ahead": the clause is what was said (a "when ..." is not)
    if any(c.dep_ in CLAUSE_DEPS and c.i > answer.end
           and not (c.left_edge.pos_ == "SCONJ" or c.left_edge.tag_ == "WRB") for c in anchor.children):
        return None
    return answer


_SETTING_PREPOSITIONS = frozenset({"in", "on", "at", "after", "before", "during"})


def _clause_hung_on_the_setting(anchor: Token) -> list[Token]:
    """ "said in a statement that she was reviewing ...", "told reporters after the meeting
    that ...", parsed with the "that" clause as a modifier of a noun of the setting: a clause
    with "that" as its conjunction (the parser's ``mark``; a "that" it made a relative pronoun
    is left alone, so "said in a statement carried by X that ..." stays unread when it does)
    and a subject of its own, on any noun of the cue's "in"/"on"/"at"/"after"/"before"/
    "during" phrase after the cue, is what was said. The first such clause only."""
    for prep in anchor.children:
        if prep.dep_ != "prep" or prep.lower_ not in _SETTING_PREPOSITIONS or prep.i < anchor.i:
            continue
        for noun in (t for t in prep.subtree if t.pos_ in ("NOUN", "PROPN")):
            found = [c for c in noun.rights if c.dep_ in ("acl", "relcl")
                     and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                     and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
            if found:
                return found[:1]
    return []


def _subject_hung_on_the_cue(anchor: Token, clause: Token, lexicon: Lexicon) -> list[Token]:
    """ "said unemployment and lost income have broad costs", parsed with "unemployment" as
    the object of "said" (and "lost income" a conjunct of it) and "have" a clause with no
    subject: the words between the cue and a finite clause that lacks a subject are that
    clause's subject, and part of what was said. Not after verbs whose object is the
    addressee ("told reporters ...")."""
    if (clause.i < anchor.i or anchor.lemma_.lower() in lexicon.verbs_with("addressee")
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)):
        return []
    if not any(t.tag_ in FINITE_TAGS for t in (clause, *(c for c in clause.children if c.dep_ == "aux"))):
        return []
    between = [c for c in anchor.children if anchor.i < c.i < clause.left_edge.i]
    if (not between or between[0].dep_ != "dobj" or between[0].left_edge.i != anchor.i + 1
            or any(c.dep_ not in ("dobj", "cc", "conj") for c in between)):
        return []
    return between


def _is_misparsed_clause(obj: Token) -> bool:
    """ "said the bridge needed repairs" parsed as a noun phrase, "needed" a modifier of
    "repairs" with "bridge" as its subject: a finite verb hung as a modifier, with a
    subject of its own, inside the object."""
    return any(t.dep_ in ("amod", "compound", "nmod") and t.tag_ in ("VBD", "VBN", "VBZ", "VBP", "MD")
               and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) for t in obj.subtree)


# The marks that set a trailing phrase off from the clause before it (", saying", "— noting").
SETTING_OFF = (",", "—", "–")


def claim_of_its_own(clause: Token, lexicon: Lexicon) -> int:
    """Where a claim of its own starts inside ``clause``, trailing it (", saying that ...",
    "before noting that ...", "and tells the crowd he ...", or a new clause after a
    semicolon): the token index to cut the content at, or past the end of the document
    when there is none."""
    doc = clause.doc
    tokens = list(clause.subtree)
    participles = lexicon.verbs_with("opens_claim")
    for token in tokens:
        if token.i > clause.left_edge.i and token.text == ";" and any(
                t.i > token.i and t.dep_ in ("nsubj", "nsubjpass") for t in tokens):
            # "the timing was not intentional; they only learned on Friday ...", not a list
            # ("from Paris, France; Rome, Italy; and Madrid, Spain")
            return token.i
        if token.i <= clause.i or token.lemma_.lower() not in participles:
            continue
        # Set off from the clause: after a comma (", saying that") or a preposition ("before
        # noting"), not the complement of "kept saying" or "stopped writing".
        before = doc[token.left_edge.i - 1].text if token.left_edge.i > 0 else ""
        set_off = token.dep_ == "pcomp" or before in SETTING_OFF
        participle = token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "pcomp", "conj") and set_off
        conjoined = token.dep_ == "conj" and token.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in token.children)
        if participle or conjoined:
            start = token.left_edge.i
            if token.dep_ == "pcomp":  # "before noting": the preposition opens the phrase
                start = min(start, token.head.i)
            while start > clause.i and (doc[start - 1].is_punct or doc[start - 1].dep_ == "cc"):
                start -= 1
            return start
    return len(doc)


def speakers_aside(clause: Token, lexicon: Lexicon) -> int:
    """Where a trailing aside on the speaker's doing starts in a reported ``clause`` ("... is
    taking a toll, pointing to his rival's wins"; "..., while emphasizing it is no
    endorsement"): the token index to cut the content at, or past the end of the document.

    An aside is a participle of a speech verb (the lexicon's, not one of belief: "...,
    assuming a two-way race" is part of what was said) that hangs on the clause's own verb,
    runs to the clause's end and is set off by a comma or a dash. Other trailing participles
    ("..., leaving no money for reclamation") are what was said, and stay.
    """
    doc = clause.doc
    for token in clause.children:
        lemma = token.lemma_.lower()
        if (token.i < clause.i or token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp", "conj")
                or token.right_edge.i < clause.right_edge.i - 1
                or lemma not in lexicon.verbs or lemma in lexicon.belief_verbs):
            continue
        start = token.left_edge.i  # "while emphasizing": the subordinator opens the aside
        if start > 0 and doc[start - 1].text in SETTING_OFF:
            return start - 1
    return len(doc)


def _own_cue(verb: Token, lexicon: Lexicon) -> bool:
    """A conjoined clause with its own subject and reporting verb is a claim of its own."""
    if verb.lemma_.lower() in lexicon.verbs_with("opens_claim"):
        return True
    children = list(verb.children)
    return any(c.dep_ == "ccomp" for c in children) and any(c.dep_ == "nsubj" for c in children)


def _set_off_by_commas(anchor: Token) -> bool:
    doc = anchor.doc
    left, right = anchor.left_edge.i, anchor.right_edge.i
    before = doc[left].text == "," or (left > 0 and doc[left - 1].text == ",")
    after = doc[right].text == "," or (right + 1 < len(doc) and doc[right + 1].text == ",")
    return before and after


def reports_its_head(anchor: Token) -> bool:
    """ "Y, X said" parsed with "said" hanging off Y (parataxis, or ccomp after a comma), and
    "Back home, X said, he decided ..." with the cue set off by commas inside Y."""
    head = anchor.head
    if head == anchor or head.pos_ not in ("VERB", "AUX"):
        return False
    if head.i > anchor.i:
        return anchor.dep_ == "parataxis" and _set_off_by_commas(anchor)
    if anchor.dep_ == "parataxis":
        return True
    doc: Doc = anchor.doc
    subject = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and anchor.dep_ == "conj" and anchor.tag_ in FINITE_TAGS:
        subject = detached_subject(anchor)  # "Y, the Harbour Workers' Federation (HWF) said"
    if subject is None:
        # With no subject of its own, a participle after the comma (", posting images of
        # ...") is the writer's addition to Y, not its cue.
        return False
    if anchor.dep_ == "conj":
        # "Y, the ministry said on Sunday, as ..." parsed as a conjunct of Y's verb: a comma
        # right before the subject, no "and", and nothing of its own to report.
        return (subject.i < anchor.i and subject.left_edge.i > 0 and doc[subject.left_edge.i - 1].text == ","
                and not any(c.dep_ == "cc" and head.i < c.i < anchor.i for c in head.children)
                and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in anchor.children))
    return anchor.dep_ in ("ccomp", "advcl") and any(doc[i].text == "," for i in range(head.i, anchor.i))


def detached_subject(anchor: Token) -> Token | None:
    """ "Y, the Harbour Workers' Federation (HWF) said on Sunday": a finite cue the parser made a
    conjunct of Y's verb with no subject, its subject hung elsewhere. The noun phrase between
    the comma and the cue (no verb in it) is the subject: its head, the word whose head lies
    outside the phrase. ``None`` when the words before the cue are not such a phrase."""
    doc = anchor.doc
    start = anchor.i
    while start > 0 and doc[start - 1].text != "," and anchor.i - start < 12:
        start -= 1
    if start == 0 or doc[start - 1].text != "," or start == anchor.i:
        return None
    phrase = doc[start : anchor.i]
    if any(t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ") for t in phrase) or not any(
            t.pos_ in ("NOUN", "PROPN") for t in phrase):
        return None
    heads = _noun_heads(list(phrase))
    return heads[-1] if heads else None


def _noun_heads(phrase: list[Token]) -> list[Token]:
    """The nouns of ``phrase`` (a run of tokens) whose head lies outside it: the heads of the
    noun phrases it holds, however the parser hung them."""
    inside = {t.i for t in phrase}
    return [t for t in phrase if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN")]


def subject_after_opening_phrase(anchor: Token) -> Token | None:
    """ "Speaking to Reuters, the chief executive of X, Anna Kekkonen, said ...", "In a post on
    Facebook, the mayor, Timo Laine, said ...": a finite cue with no subject, the parser having
    hung its subject (and the name beside it) on the phrase that opens the sentence. Between
    that phrase (a preposition's or a participle's, closed by a comma) and the cue, the
    comma-separated noun phrases with no verb in them are the subject: the head of the one
    headed by a person's name, else of the first. ``None`` when the sentence is not so built.
    """
    doc = anchor.doc
    if anchor.tag_ not in FINITE_TAGS or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in anchor.children):
        return None
    segments: list[list[Token]] = [[]]
    for token in doc[sentence_of(anchor).start : anchor.i]:
        if token.text == ",":
            segments.append([])
        elif not token.is_space:
            segments[-1].append(token)
    segments = [segment for segment in segments if segment]
    opening, phrases = (segments[0], segments[1:]) if segments else ([], [])
    if not opening or opening[0].tag_ not in ("IN", "VBG") or not 1 <= len(phrases) <= 3:
        return None
    if any(t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ") or t.lower_ == "according"
           for phrase in phrases for t in phrase):
        return None
    heads = [found[0] for phrase in phrases if (found := _noun_heads(phrase))]
    if len(heads) < len(phrases):
        return None  # a phrase with no noun at its head
    named = [head for head in heads if head.ent_type_ == "PERSON"]
    return (named or heads)[0]


# A wire dateline opening a paragraph: "HARTWELL, Nov 30 (Norland Press) - ", "OSLO (Reuters) — ".
# A date after a comma or an agency in brackets is required: "NATO - and its partners - ..." is
# no dateline.
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{1,30}?(?:,[^\n]{1,40}?|\s*\([^)\n]{1,40}\))\s*[-—–]+\s")


def after_dateline(tokens: list[Token]) -> list[Token]:
    """``tokens`` without a wire dateline that opens their paragraph: it places the story, it is
    not what anyone said."""
    if not tokens:
        return tokens
    doc = tokens[0].doc
    first = min(tokens, key=lambda t: t.i)
    start = first.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    # Only the paragraph's first words (Doc.text would rebuild the whole article's string).
    opening = "".join(t.text_with_ws for t in doc[start : start + 30])
    match = _DATELINE.match(opening)
    if match is None:
        return tokens
    end = doc[start].idx + match.end()
    return [t for t in tokens if t.idx >= end] if end > first.idx else tokens
