"""Speakers: who a cue attributes to, as written, and which entity that is.

Two steps:

1. :func:`speaker_head` finds the grammatical source of a cue on the parse: the subject of
   the reporting verb (climbing through "and said", "adding", relative "who"), the agent of
   a passive, the object of "according to", the object of "quoted X as saying".
2. :func:`describe_mention` cuts the mention span the annotation guide asks for (the
   subject phrase up to the name; a description after the name becomes the ``role``), and
   says its kind, role and whether it is anonymous.

Resolution of pronouns and descriptions to names lives in :mod:`claimkit.entities`.
"""

from __future__ import annotations

from attrs import define
from spacy.tokens import Span, Token

from claimkit.cues import CueMatch, according_to_object, is_bare_participle
from claimkit.lexicon import Lexicon
from claimkit.segment import sentence_of
from claimkit.text_input import clean_name, name_or_none

PERSON_PRONOUNS = {"he": "male", "she": "female", "him": "male", "her": "female", "i": None}
GROUP_PRONOUNS = {"they", "we", "them"}
QUANTIFIERS = {"some", "many", "others", "both", "several", "few", "most", "all", "one", "another", "none", "each"}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Cue verbs that name the document they produce: "X has reported ..." then "the report said".
# ("post" is not among them: "The Post" is as often a newspaper.)
_DOCUMENT_OF_VERB = {"report": "report", "state": "statement", "tweet": "tweet", "announce": "announcement"}
# Verbs whose subject is the author of their object document: "issued a statement saying".
_ISSUING_VERBS = {"issue", "release", "publish", "send", "post", "put", "circulate", "distribute", "file", "submit",
                  "write", "pen", "deliver", "make", "tweet", "share", "sign", "blast", "fire", "email"}
_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "GPE", "FAC"}
_GROUP_LABELS = {"NORP"}
_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "sir", "dame", "gov", "sen", "rep", "gen", "col", "lt", "sgt", "prof"}
_DEFINITE = {"the", "this", "that", "these", "those"}


@define
class Mention:
    """A speaker mention cut to the guide's span, with what the phrase itself says."""

    span: Span
    head: Token
    kind: str
    role: str | None
    anonymous: bool
    name: str | None  # a proper name written in the mention itself, if any
    pronoun: str | None = None
    gender: str | None = None
    issuer: str | None = None  # for a document speaker: who issued it, when the phrase says


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
    if anchor.dep_ in ("acl", "relcl") and anchor.head.pos_ in ("PROPN", "NOUN"):
        document = anchor.head
        if (anchor.dep_ == "acl" and document.dep_ == "dobj" and document.head.lemma_.lower() in _ISSUING_VERBS
                and lexicon.nouns.get(document.lemma_.lower()) == "document"):
            # "The ministry issued a statement saying ...": the one who issued it says it (not
            # one who obtained, read or cited it: then the document is the source).
            issuer = next((c for c in document.head.children if c.dep_ == "nsubj"), None)
            if issuer is not None:
                return issuer
        return anchor.head  # "Podolyak, an adviser to ..., tweeted" parsed as a clause on the name
    return _subject_up_the_tree(anchor, lexicon) or _name_just_before(cue)


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


def _trim_edges(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or is_blank(doc[start]) or doc[start].dep_ in ("cc", "preconj")):
        start += 1
    while end > start and (doc[end - 1].is_punct or is_blank(doc[end - 1])):
        end -= 1
    return doc[start:end]


def is_blank(token: Token) -> bool:
    """White space, or a token of format or control characters only (U+200B, U+FEFF, U+0011):
    never a speaker, nor an edge of a speaker's mention."""
    return token.is_space or not clean_name(token.text)


def _contiguous(tokens: list[Token]) -> Span:
    doc = tokens[0].doc
    return doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]


def _entity_of(token: Token) -> Span | None:
    """The named entity ``token`` is part of, read off the IOB tags (``Doc.ents`` is rebuilt
    on every access, too slow to search per mention)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in _PERSON_LABELS | _ORG_LABELS


def _phrase_without(head: Token, excluded_deps: tuple[str, ...]) -> list[Token]:
    """``head``'s subtree without the subtrees of children in ``excluded_deps``."""
    excluded: set[int] = set()
    for child in head.children:
        if child.dep_ in excluded_deps:
            excluded.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in excluded]


def describe_mention(head: Token, lexicon: Lexicon) -> Mention:
    """Cut the speaker span around ``head`` and read kind, role and anonymity off it."""
    doc = head.doc
    lower = head.lower_
    named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if (lower in QUANTIFIERS or head.pos_ == "PRON") and named is not None:
        # "If any of his MPs — Calgary MP Jane Doe earlier this week called ...": the name in
        # apposition is who the quantifier stands for.
        head, lower = named, named.lower_
    if lower in QUANTIFIERS:
        # "Some said ...", "Many believe ...": a group the text does not name.
        return Mention(doc[head.i : head.i + 1], head, "group", None, True, None)
    if head.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS:
        # Any other pronoun ("it") stands for an organisation or a document's issuer.
        kind = "person" if lower in PERSON_PRONOUNS else "group" if lower in GROUP_PRONOUNS else "organization"
        return Mention(doc[head.i : head.i + 1], head, kind, None, False, None, pronoun=lower,
                       gender=PERSON_PRONOUNS.get(lower))
    full = _phrase_without(head, ("relcl", "acl", "punct", "cc", "conj"))
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    role: str | None = None
    if appos is not None and _is_name(head) and not (appos.ent_type_ == "PERSON" and head.ent_type_ != "PERSON"):
        # "Vitaly Kiselyov, an official from ...": the name is the mention, the rest its role.
        tokens = [t for t in _phrase_without(head, ("appos", "relcl", "acl", "punct", "cc", "conj"))]
        role = _role_text(list(appos.subtree))
    elif appos is not None and _is_name(appos):
        # "Ukraine's foreign minister, Dmytro Kuleba": the description, then the name.
        described = [t for t in _phrase_without(head, ("appos", "relcl", "acl", "punct", "cc", "conj"))]
        tokens = described + _phrase_without(appos, ("relcl", "acl", "appos", "punct"))
        role = _role_text(described)
        head = appos
    else:
        # Appositions below the head are descriptions; the head itself may be one (a name
        # standing for a pronoun subject).
        below = {t.i for t in head.subtree}
        tokens = [t for t in full if t.i == head.i or (t.dep_ != "appos" and not any(
            a.dep_ == "appos" and a.i in below and a.i != head.i for a in t.ancestors))]
    span = _trim_edges(_contiguous(tokens or [head]))
    ent = _entity_of(head)
    titled = person_behind_title(ent, lexicon.person_nouns) if ent is not None else None
    name, name_role = _proper_name(span, head, ent, titled, lexicon)
    # The NER may take white space or format characters into a name, or tag nothing else.
    name = name_or_none(name)
    role = role or name_role
    kind = _kind(span, head, name, titled is not None, lexicon)
    anonymous = _anonymous(head, kind, name, lexicon)
    issuer = name_or_none(_issuer(head, lexicon)) if kind == "document" else None
    # A document is named after its issuer (guide rule 9), never after its own title
    # ("the city's Harbour Traffic Review").
    name = None if kind == "document" else name
    return Mention(span, head, kind, role, anonymous, name, gender=_gender(span), issuer=issuer)


def documents_spoken_in(cue: CueMatch, lexicon: Lexicon) -> list[tuple[int, str]]:
    """The documents a speaker speaks in, as (offset, noun): on the cue's own phrase ("said in
    a statement", "wrote in the company's blog post", "stated in its report"), or named by the
    cue verb itself ("X has reported that ...": a report; "X tweeted": a tweet)."""
    found = [(obj.idx, obj.lemma_.lower()) for prep in cue.anchor.children
             if prep.dep_ == "prep" and prep.lower_ in ("in", "on")
             for obj in prep.children if obj.dep_ == "pobj" and lexicon.nouns.get(obj.lemma_.lower()) == "document"]
    noun = _DOCUMENT_OF_VERB.get(cue.lemma)
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


def _issuer(document: Token, lexicon: Lexicon) -> str | None:
    """Who issued a document, when its own phrase says: "the RCMP statement", "Amnesty's
    report", "a statement from the EU", "the report by the Audit Office", "the city planning
    board report" (an institution named by what it does, in two words or more)."""
    # In a titled document ("Harbour Traffic Review") the capitalised compounds are its title.
    titled = document.pos_ == "PROPN"
    for child in document.children:
        if (child.dep_ == "poss" or (child.dep_ == "compound" and not titled)) and (
                child.pos_ == "PROPN" or child.ent_type_ in _ORG_LABELS):
            return _name_phrase(child)
        if (child.dep_ == "compound" and child.lemma_.lower() in lexicon.organization_nouns
                and any(c.dep_ in ("compound", "amod") for c in child.children)):
            return _name_phrase(child)
        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in _ORG_LABELS | _PERSON_LABELS):
                return _name_phrase(obj)
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "the report, published by the Audit Office"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None and obj.pos_ == "PROPN":
                return _name_phrase(obj)
    return None


def _name_phrase(head: Token) -> str:
    tokens = [t for t in head.subtree if t.dep_ in ("compound", "det", "amod", "flat") or t.i == head.i]
    tokens = [t for t in tokens if not (t.dep_ == "det" or t.lower_ in ("'s", "’s"))]
    doc = head.doc
    return doc[min(t.i for t in tokens) : head.i + 1].text


def _role_text(tokens: list[Token]) -> str | None:
    tokens = [t for t in tokens if not t.is_punct]
    while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("a", "an", "the"):
        tokens = tokens[1:]
    if not tokens or all(t.like_num for t in tokens):
        return None  # "Piet Moens, 54": an age is not a role
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    return name_or_none(text)


def _proper_name(span: Span, head: Token, ent: Span | None, titled: Span | None,
                 lexicon: Lexicon) -> tuple[str | None, str | None]:
    """The proper name inside the mention, and the title or description before it.

    ``ent`` is the head's own named entity (only it names the speaker: in "a spokeswoman
    for Trudeau" the name belongs to someone else); ``titled`` the person's name behind a
    title the NER tagged as an organisation (:func:`person_behind_title`).
    """
    if ent is not None and ent.label_ in _PERSON_LABELS:
        tokens = [t for t in ent if t.i < span.end and t.i >= span.start]
        # NER sometimes swallows the title ("Governor Serhii Haidai") ...
        while len(tokens) > 1 and _is_title_word(tokens[0], lexicon):
            tokens = tokens[1:]
        # ... or leaves out the first name ("Dmitry" outside the entity "Peskov").
        while tokens and tokens[0].i > span.start:
            previous = span.doc[tokens[0].i - 1]
            if previous.pos_ != "PROPN" or previous.dep_ != "compound" or _is_title_word(previous, lexicon):
                break
            tokens.insert(0, previous)
        if tokens and tokens[-1].lower_ in ("'s", "’s"):
            tokens = tokens[:-1]
        if not tokens:
            return None, None
        name = span.doc[tokens[0].i : tokens[-1].i + 1].text
        before = span.doc[span.start : tokens[0].i]
        role = _role_text(list(before)) if len(before) else None
        return name, role
    if titled is not None and titled.start >= span.start and titled.end <= span.end:
        before = span.doc[span.start : titled.start]
        return titled.text, _role_text(list(before)) if len(before) else None
    # An entity with no capitalised word ("the veteran goaltender" tagged ORG) names nobody.
    org_entity = ent is not None and ent.label_ in _ORG_LABELS and any(t.text[:1].isupper() for t in ent)
    # A proper noun has a capital ("eBay" too): a lower-case one is the tagger's slip ("the
    # country's emergency ministry").
    proper = (head.pos_ == "PROPN" or head.tag_ in ("NNP", "NNPS")) and any(c.isupper() for c in head.text)
    if proper or org_entity:
        tokens = list(span)
        while tokens and (tokens[0].dep_ == "det" or (tokens[0].pos_ == "ADJ" and tokens[0].i < head.i
                                                       and not tokens[0].is_title)):
            tokens = tokens[1:]
        if ent is not None and org_entity and ent.start >= span.start and ent.end <= span.end:
            # "the US-based Institute for the Study of War" -> the entity itself.
            first = ent[0]
            if first.lower_ == "the":
                return ent[1:].text or None, None
            return ent.text, None
        if tokens:
            return span.doc[tokens[0].i : tokens[-1].i + 1].text, None
    if head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.organization_nouns and any(
        _names_a_place_or_body(c) for c in head.children
    ):
        # "Ukraine’s presidential office", "the Canadian government": an institution named
        # by whose it is.
        return span.text if span[0].lower_ != "the" else span[1:].text, None
    return None, None


def person_behind_title(ent: Span, person_nouns: frozenset[str]) -> Span | None:
    """The person's name in an entity the NER did not tag as a person although a title
    leads it ("Hereditary Chief Tavish Orrin" tagged ORG): the proper nouns after the last
    capitalised title word.

    None unless the entity ends in such a name: "Minister of Finance", "Chief Executive
    Officer" and "the Prime Minister's Office" stay organisations.
    """
    if ent.label_ in _PERSON_LABELS:
        return None
    doc = ent.doc
    titles = [t.i for t in ent if t.is_title and (t.lower_.rstrip(".") in person_nouns
                                                  or t.lower_.rstrip(".") in _TITLE_WORDS)]
    if not titles or titles[-1] + 1 >= ent.end:
        return None
    name = doc[titles[-1] + 1 : ent.end]
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return None
    return name


def _is_title_word(token: Token, lexicon: Lexicon) -> bool:
    """A title or a description word before a name: "Governor", "Mr.", "spokesman"."""
    lower = token.lower_.rstrip(".")
    return not token.is_title or lower in _TITLE_WORDS or lower in lexicon.person_nouns


def _names_a_place_or_body(modifier: Token) -> bool:
    if modifier.dep_ in ("poss", "compound") and modifier.pos_ == "PROPN":
        return True
    return modifier.dep_ == "amod" and modifier.ent_type_ in ("NORP", "GPE")


def _first_of_hyphenated(head: Token) -> Token:
    """The first word of a hyphenated compound ending at ``head``: "sergeant" of
    "sergeant-at-arms", whose last token "arms" the parser takes for the head."""
    doc, i = head.doc, head.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        i -= 2
    return doc[i]


def _kind(span: Span, head: Token, name: str | None, led_by_title: bool, lexicon: Lexicon) -> str:
    word = _first_of_hyphenated(head)
    lemma = word.lemma_.lower()
    label = head.ent_type_
    plural = word.tag_ in ("NNS", "NNPS")
    if lexicon.nouns.get(lemma) == "document" or lexicon.nouns.get(head.lower_) == "document":
        return "document"
    if label and not any(c.isupper() for t in span if t.ent_type_ and t.pos_ != "DET" for c in t.text):
        label = ""  # "the veteran goaltender" tagged ORG: no name, so the tag says nothing
    if label in _PERSON_LABELS:
        return "person"
    if label in _ORG_LABELS and name is not None and led_by_title:
        return "person"  # "Hereditary Chief Tavish Orrin" tagged ORG
    if span.text.lower() in lexicon.outlets or label in _ORG_LABELS:
        return "organization"
    if label in _GROUP_LABELS:
        return "group"
    if lemma in lexicon.person_nouns or head.lower_ in lexicon.person_nouns:
        return "group" if plural else "person"
    if lemma in lexicon.organization_nouns:
        return "organization"
    if head.pos_ == "PROPN":
        return "organization" if plural else "person"
    return "group" if plural else "organization"


def _anonymous(head: Token, kind: str, name: str | None, lexicon: Lexicon) -> bool:
    if name is not None or kind not in ("person", "group"):
        return False
    phrase = " ".join(t.lower_ for t in head.subtree)
    if any(marker in phrase for marker in lexicon.anonymity_markers):
        return True
    # "the spokesman" points back to someone named earlier; "a spokesman", "officials" don't.
    return not is_definite(head)


def is_definite(head: Token) -> bool:
    """Whether a description points back ("the spokesman", "its report") rather than
    introducing someone ("a spokesman", "one veteran", "officials")."""
    return any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in head.children)


def _gender(span: Span) -> str | None:
    words = {t.lower_.rstrip(".") for t in span}
    if words & {"mr", "spokesman", "chairman", "congressman", "king", "prince", "father", "husband", "son", "sir"}:
        return "male"
    if words & {"mrs", "ms", "spokeswoman", "chairwoman", "congresswoman", "queen", "mother", "wife",
                "daughter", "dame", "princess"}:
        return "female"
    return None
