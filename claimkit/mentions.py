"""Mentions: a speaker as written, cut to the annotation guide's span, and what it says.

:func:`describe_mention` takes the head token of a speaker phrase (found by
:func:`claimkit.speakers.speaker_head`) and cuts the mention span the guide asks for: the
subject phrase up to the name, a description after the name becoming the ``role``. It reads
off the phrase its proper name, kind (person, organisation, group, document), whether it is
anonymous, the gender its words give ("Mr", "the spokeswoman") and, for a document, who
issued it.

Scope and limits: only what the phrase itself says; which entity of the article a pronoun or
a description means is :mod:`claimkit.resolver`'s job. Titles, gendered nouns and the other
word lists come from the lexicon.
"""

from __future__ import annotations

from attrs import define
from spacy.tokens import Span, Token

from claimkit.lexicon import Lexicon
from claimkit.text_input import clean_name, name_or_none

# Pronouns, quantifiers and determiners are grammar (closed classes), not lexicon data.
PERSON_PRONOUNS = {"he": "male", "she": "female", "him": "male", "her": "female", "i": None}
GROUP_PRONOUNS = {"they", "we", "them"}
QUANTIFIERS = {"some", "many", "others", "both", "several", "few", "most", "all", "one", "another", "none", "each"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "GPE", "FAC"}
_GROUP_LABELS = {"NORP"}


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
    # ... or the word that describes its issuer without naming them: "its report" -> "it",
    # "the ruling, published by the court" -> "court" (resolved like "it" / "the court").
    issuer_word: str | None = None


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


def entity_of(token: Token) -> Span | None:
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
    ent = entity_of(head)
    titled = person_behind_title(ent, lexicon) if ent is not None else None
    name, name_role = _proper_name(span, head, ent, titled, lexicon)
    # The NER may take white space or format characters into a name, or tag nothing else.
    name = name_or_none(name)
    role = role or name_role
    kind = _kind(span, head, name, titled is not None, lexicon)
    anonymous = _anonymous(head, kind, name, lexicon)
    issuer = name_or_none(_issuer(head, lexicon)) if kind == "document" else None
    issuer_word = _issuer_word(head, lexicon) if kind == "document" and issuer is None else None
    # A document is named after its issuer (guide rule 9), never after its own title
    # ("the city's Harbour Traffic Review").
    name = None if kind == "document" else name
    return Mention(span, head, kind, role, anonymous, name, gender=_gender(span, lexicon), issuer=issuer,
                   issuer_word=issuer_word)


def _issuer_word(document: Token, lexicon: Lexicon) -> str | None:
    """The issuer of a document described, not named: "its report" -> "it", "the company's report"
    or "the ruling, published by the court" -> the organisation noun."""
    for child in document.children:
        if child.dep_ == "poss" and child.lower_ == "its":
            return "it"
        if child.dep_ == "poss" and child.pos_ == "NOUN" and child.lemma_.lower() in lexicon.organization_nouns:
            return child.lemma_.lower()
        if child.dep_ == "acl" and child.tag_ == "VBN":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    if obj.pos_ == "NOUN" and obj.lemma_.lower() in lexicon.organization_nouns:
                        return obj.lemma_.lower()
    return None


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
        if tokens and all(_is_title(t.lower_.rstrip("."), lexicon) or t.lower_.rstrip(".") in lexicon.person_nouns
                          for t in tokens):
            return None, None  # "Mayor" alone, capitalised in a headline ("Mayor: ..."): a title names no one
        # "the mayor, Ana Ruiz" with the name untagged: the name is after the comma, the
        # description before it is the role.
        comma = next((t for t in reversed(tokens) if t.text == "," and t.i < head.i), None)
        if comma is not None:
            described = [t for t in tokens if t.i < comma.i]
            tokens = [t for t in tokens if t.i > comma.i]
            if tokens:
                return span.doc[tokens[0].i : tokens[-1].i + 1].text, _role_text(described) if described else None
        if tokens:
            return span.doc[tokens[0].i : tokens[-1].i + 1].text, None
    if head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.organization_nouns and any(
        _names_a_place_or_body(c) for c in head.children
    ):
        # "Ukraine’s presidential office", "the Canadian government": an institution named
        # by whose it is.
        return span.text if span[0].lower_ != "the" else span[1:].text, None
    return None, None


def person_behind_title(ent: Span, lexicon: Lexicon) -> Span | None:
    """The person's name in an entity the NER did not tag as a person although a title
    leads it ("Hereditary Chief Tavish Orrin" tagged ORG): the proper nouns after the last
    capitalised title word.

    None unless the entity ends in such a name: "Minister of Finance", "Chief Executive
    Officer" and "the Prime Minister's Office" stay organisations.
    """
    if ent.label_ in _PERSON_LABELS:
        return None
    doc = ent.doc
    titles = [t.i for t in ent if t.is_title and (t.lower_.rstrip(".") in lexicon.person_nouns
                                                  or _is_title(t.lower_, lexicon))]
    if not titles or titles[-1] + 1 >= ent.end:
        return None
    name = doc[titles[-1] + 1 : ent.end]
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return None
    return name


def _is_title_word(token: Token, lexicon: Lexicon) -> bool:
    """A title or a description word before a name: "Governor", "Mr.", "spokesman"."""
    lower = token.lower_.rstrip(".")
    return not token.is_title or _is_title(lower, lexicon) or lower in lexicon.person_nouns


def _is_title(word: str, lexicon: Lexicon) -> bool:
    """A title that stands apart from the name after it ("Mr", "Gov.", "Sir"; not "Lord")."""
    title = lexicon.title(word)
    return title is not None and title.apart_from_the_name


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


def _gender(span: Span, lexicon: Lexicon) -> str | None:
    """The gender the words of a mention give: a title ("Mr", "Dame") or a gendered noun ("the
    spokeswoman"), male when both genders are there. A peer's title gives none here: in a
    description it opens the name of an office ("the Lord Mayor"), whoever holds it."""
    genders = set()
    for word in {t.lower_.rstrip(".") for t in span}:
        title = lexicon.title(word)
        gender = title.gender if title is not None and title.apart_from_the_name else None
        genders.add(gender or lexicon.gendered_nouns.get(word))
    if "male" in genders:
        return "male"
    if "female" in genders:
        return "female"
    return None
