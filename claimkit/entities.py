"""The per-document entity table: who the article names, under which names.

Every person, organisation, outlet and group that the text names gets one :class:`Entity`
with a canonical name (the fullest proper-name mention), its aliases (surname, spelling
variants such as Zelensky/Zelenskyy/Zelenskiy, acronyms the text defines such as
"Institute for the Study of War (ISW)"), kind, gender where the text shows it, and roles.
:meth:`EntityTable.from_doc` builds it from the named entities, repairing the NER's labels
where the article contradicts them; the speaker stage then grows it.

Which entity a pronoun or a description means is :mod:`claimkit.resolver`; when two names
are one entity's, :mod:`claimkit.names`.

Limits: gender comes only from titles, pronouns in the person's own reported clause and a
first-name list (all but the pronouns from the lexicon).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrs import define, evolve, field
from spacy.tokens import Doc, Span, Token

from claimkit.lexicon import Lexicon, load_lexicon
from claimkit.names import ACRONYM, incompatible_kinds, initials_match, names_by_initials, normalise, same_person
from claimkit.ner_repairs import PersonClues, repaired
from claimkit.segment import sentence_of
from claimkit.text_input import clean_name, first_word, last_word, name_bounds, name_words
from claimkit.token_arrays import indices_where

_NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "NORP": "group"}
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")
# The subject pronouns that vote for a gender: grammar (a closed class), not lexicon data.
_PRONOUN_GENDER = {"he": "male", "she": "female"}


@define(eq=False)
class Entity:
    """One entity of the document. ``mentions`` are character ranges of its named mentions."""

    id: int
    name: str
    kind: str
    aliases: set[str] = field(factory=set)
    gender: str | None = None
    # Where the gender comes from: "text" (the article's own pronouns, titles and gendered
    # nouns) or "name" (the lexicon's first-name list only, a weaker hint).
    gender_source: str | None = None
    roles: list[str] = field(factory=list)
    mentions: list[tuple[int, int]] = field(factory=list)
    anonymous: bool = False
    named: bool = True  # False for a source the text only describes ("local officials")
    speaks: bool = False  # a speaker of at least one claim

    def set_gender(self, gender: str, source: str) -> None:
        """Record ``gender`` from ``source`` ("text" or "name"). The text confirming a gender
        the first-name list gave makes it the text's."""
        if self.gender is None:
            self.gender, self.gender_source = gender, source
        elif self.gender == gender and source == "text":
            self.gender_source = "text"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "named": self.named,
            "speaks": self.speaks,
            "kind": self.kind,
            "aliases": sorted(self.aliases),
            "gender": self.gender,
            "gender_source": self.gender_source,
            "roles": list(dict.fromkeys(self.roles)),
            "anonymous": self.anonymous,
        }


@define
class NamedMention:
    """Where the text names an entity: offsets, paragraph, and whether it is a subject there."""

    start: int
    entity: Entity
    is_subject: bool
    is_speaker: bool = False
    # The subject of a relative or adverbial clause ("..., where volunteer X has been ..."):
    # less salient for a pronoun after it than the subject of the main clause.
    subordinate: bool = False


class EntityTable:
    """Entities of one document, built from the named entities, then grown by speakers."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._acronyms: dict[str, Entity] = {}
        self.named_mentions: list[NamedMention] = []
        # Indexes, so that a long article does not make lookups quadratic: normalised
        # alias -> entities having it, and surname prefix -> person entities.
        self._keys: dict[int, set[str]] = {}
        self._by_key: dict[str, list[Entity]] = {}
        self._by_surname: dict[str, list[Entity]] = {}

    def _add_alias(self, entity: Entity, alias: str) -> None:
        entity.aliases.add(alias)
        key = normalise(alias)
        keys = self._keys.setdefault(entity.id, set())
        if not key or key in keys:
            return
        keys.add(key)
        self._by_key.setdefault(key, []).append(entity)
        if entity.kind == "person":
            bucket = self._by_surname.setdefault(last_word(key)[:3], [])
            if entity not in bucket:
                bucket.append(entity)

    @classmethod
    def from_doc(cls, doc: Doc, lexicon: Lexicon | None = None, text: str | None = None) -> EntityTable:
        """Entities of the named mentions in ``doc``; persons get a gender where the text shows one.

        Where the article contradicts the NER, the article wins (:func:`~claimkit.ner_repairs.repaired`); photo
        credits are left out; an acronym is linked to the name it abbreviates when the text
        defines it in brackets or when its letters spell the initials of exactly one name
        in the text. Gender comes from a title before the name ("Mr", "Ms"), else from the
        pronoun of a clause the person's own verb governs ("Lee Marsh said she ..."), else
        from the lexicon's first names. With no ``lexicon``, the packaged one without its
        hints (first names, person nouns, outlets); titles and the other word lists stay.
        ``text`` is ``doc.text`` when the caller has read it already (spaCy rebuilds it on
        every read).
        """
        if lexicon is None:
            lexicon = evolve(load_lexicon(), first_names={}, person_nouns=frozenset(), outlets=frozenset())
        first_names = lexicon.first_names
        table = cls()
        votes: dict[int, list[str]] = {}
        text = doc.text if text is None else text
        ents = [ent for ent in doc.ents if ent.label_ in _NAME_LABELS and not _is_credit(text, ent)]
        clues = PersonClues.of(ents, lexicon)
        spelled_out = names_by_initials(text)
        for ent in ents:
            ent, kind = repaired(ent, _NAME_LABELS[ent.label_], clues)
            name = _clean_name(ent, lexicon)
            if not name:
                continue
            expansion = spelled_out.get(name, ()) if kind != "person" and ACRONYM.fullmatch(name) else ()
            if len(expansion) == 1:
                # An acronym the text never defines but whose letters are the initials of
                # exactly one name in it: "the GHPB" and "the Guild of Harbour Pilots and
                # Boatmen".
                table._acronyms[name.lower()] = table.add(expansion[0], kind)
            mention = name_bounds(text, ent.start_char, ent.end_char)
            known = table.lookup(name, kind) if kind == "person" and " " in name else None
            if known is not None and table._surname_only(known) and _someone_else(ent, name, votes.get(known.id, []),
                                                                                 lexicon):
                entity = table.add(name, kind, mention, merge=False)
            else:
                entity = table.add(name, kind, mention)
            subject = _subject_it_names(ent.root)
            subordinate = subject is not None and subject.head.dep_ in ("relcl", "advcl", "acl")
            table.named_mentions.append(NamedMention(mention[0], entity, subject is not None, subordinate=subordinate))
            if kind == "person":
                votes.setdefault(entity.id, []).extend(_gender_evidence(ent, lexicon))
            acronym = _ACRONYM_AFTER.match(text, ent.end_char)
            if acronym and initials_match(acronym.group(1), name):
                table._acronyms[acronym.group(1).replace(".", "").lower()] = entity
                table._add_alias(entity, acronym.group(1))

        table._add_untagged_subjects(doc, ents)
        for entity in table.entities:
            if entity.kind != "person" or entity.gender is not None:
                continue
            said = votes.get(entity.id, [])
            titled = [g for g in said if g.startswith("title:")]
            first_name = first_names.get(first_word(entity.name).lower())
            if titled:
                entity.set_gender(titled[0].removeprefix("title:"), "text")
            elif said:
                # The text's own pronouns outrank the first-name list: "Lee", "Jordan" or
                # "Kim" can be either.
                entity.set_gender(max(set(said), key=said.count), "text")
            elif first_name:
                entity.set_gender(first_name, "name")
        return table

    def _add_untagged_subjects(self, doc: Doc, ents: list[Span]) -> None:
        """Subjects the NER left untagged that are the surname of a person it tagged elsewhere
        ("Kone, for her part, hopes ..."), as mentions of that person: the pronoun after
        them is theirs."""
        tagged = {t.i for ent in ents for t in ent}
        # Persons by the last word of their name, read once rather than per token.
        by_surname: dict[str, list[Entity]] = {}
        for entity in self.entities:
            if entity.kind == "person":
                by_surname.setdefault(last_word(entity.name), []).append(entity)
        for i in indices_where(doc, pos=("PROPN", "NOUN"), deps=("nsubj", "nsubjpass")):
            token = doc[i]
            # The tagger may call a surname a common noun ("Ilves said"): its capital and the
            # exact surname of one person named in full are enough.
            if i in tagged or not token.text[:1].isupper():
                continue
            same_surname = by_surname.get(token.text, [])
            if len(same_surname) == 1:  # two Okafors: the bare surname does not say which
                self.named_mentions.append(NamedMention(token.idx, same_surname[0], True))
                continue
            # A name tagged elsewhere and missed here ("Solvik Energy will build ..."): the
            # subject with the capitalised proper nouns before it (however the parser hung
            # them) is exactly the name of an entity of the table.
            first = token.i
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
                first -= 1
            named = self.exact(doc[first : token.i + 1].text) if first < token.i else None
            if named is not None and named.named:
                self.named_mentions.append(NamedMention(doc[first].idx, named, True))

    def _surname_only(self, entity: Entity) -> bool:
        """Whether the text has so far named ``entity`` by a single word only."""
        return all(" " not in key for key in self._keys.get(entity.id, ()))

    def exact(self, name: str) -> Entity | None:
        """The entity with exactly this name or alias (no surname or spelling matching)."""
        entities = self._by_key.get(normalise(name), ())
        return entities[0] if entities else None

    def lookup(self, name: str, kind: str | None = None) -> Entity | None:
        """The entity ``name`` refers to: by full name, acronym, or surname for persons."""
        key = normalise(name)
        if not key:
            return None
        if key.replace(" ", "") in self._acronyms and " " not in key:
            return self._acronyms[key]
        for entity in self._by_key.get(key, ()):
            if kind is None or not incompatible_kinds(entity.kind, kind):
                return entity
        if kind not in (None, "person"):
            return None
        for entity in sorted(self._by_surname.get(last_word(key)[:3], ()), key=lambda e: e.id):
            if same_person(key, self._keys[entity.id]):
                return entity
        return None

    def add(self, name: str, kind: str, mention: tuple[int, int] | None = None, merge: bool = True) -> Entity:
        """Merge ``name`` into its entity (keeping the fullest name) or, unless ``merge``,
        start a new one.

        ``name`` is cleaned of white space and format characters at its edges
        (:func:`~claimkit.text_input.clean_name`); callers pass a name that has words left.
        """
        name = clean_name(name)
        entity = self.lookup(name, kind) if merge else None
        words = name_words(name)
        if entity is None:
            entity = Entity(id=len(self.entities), name=name, kind=kind)
            self.entities.append(entity)
        elif len(words) > len(name_words(entity.name)) and entity.kind == kind:
            entity.name = name  # the fullest proper-name mention is canonical
        self._add_alias(entity, name)
        if entity.kind == "person" and len(words) > 1:
            self._add_alias(entity, words[-1])
        if mention is not None:
            entity.mentions.append(mention)
        return entity

    def add_unnamed(self, description: str, kind: str, anonymous: bool, mention: tuple[int, int]) -> Entity:
        """An entry for a source the text never names ("a senior official"), one per wording
        (cleaned at its edges, as names are; kept as written if nothing would be left)."""
        description = clean_name(description) or description
        for entity in self._by_key.get(normalise(description), ()):
            if not entity.named and entity.kind == kind:
                entity.mentions.append(mention)
                return entity
        entity = Entity(id=len(self.entities), name=description, kind=kind,
                        anonymous=anonymous, named=False, mentions=[mention])
        self.entities.append(entity)
        self._add_alias(entity, description)
        return entity

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def as_dicts(self) -> list[dict[str, object]]:
        return [entity.as_dict() for entity in self.entities]


def _gender_evidence(ent: Span, lexicon: Lexicon) -> list[str]:
    """Genders the text gives a person: ``"title:…"`` for a title before the name (decisive),
    else one vote per subject pronoun of a clause that is the complement of the person's
    own verb ("Smith said she ...", "The leader, Lee Marsh, said she ...", not "'Smith is
    wrong,' she said" nor "Smith recalls him apologising, saying he ...")."""
    for token in (ent.doc[ent.start - 1] if ent.start > 0 else None, ent[0]):
        title = lexicon.title(token.lower_) if token is not None else None
        if title is not None and title.gender is not None:
            return [f"title:{title.gender}"]
    subject = _subject_it_names(ent.root)
    if subject is None:
        return []
    verb = subject.head
    return [_PRONOUN_GENDER[t.lower_] for t in sentence_of(ent.root)
            if t.i >= ent.end and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
            and t.head.dep_ == "ccomp" and t.head.head == verb]


def _someone_else(ent: Span, name: str, votes: list[str], lexicon: Lexicon) -> bool:
    """Whether the full name ``name`` is not the person known so far by its surname alone:
    a relative ("His daughter, Maren Vickery") or of the other gender ("Mr. Orrin" and
    "Ana Orrin")."""
    if ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() in lexicon.family_nouns:
        return True  # "His daughter, Maren Vickery"
    if any(c.dep_ == "appos" and c.lemma_.lower() in lexicon.family_nouns for c in ent.root.children):
        return True  # "Ana Orrin, his wife"
    titled = next((v.removeprefix("title:") for v in votes if v.startswith("title:")), None)
    first = lexicon.first_names.get(first_word(name).lower())
    return titled is not None and first is not None and titled != first


def _subject_it_names(token: Token) -> Token | None:
    """The subject ``token`` is or stands in apposition to ("The minister, Jane Doe, said"),
    else ``None``."""
    if token.dep_ == "appos":
        token = token.head
    return token if token.dep_ in ("nsubj", "nsubjpass") else None


def _is_credit(text: str, ent: Span) -> bool:
    """A photo or story credit ("(Jane Roe / Harbour News)", "John Doe / The
    Courier"): a name joined to an outlet by a slash. Credited people are not in the story."""
    before = text[max(0, ent.start_char - 3) : ent.start_char].rstrip()
    after = text[ent.end_char : ent.end_char + 3].lstrip()
    return "/" in ent.text or before.endswith("/") or after.startswith("/")


def _clean_name(ent: Span, lexicon: Lexicon) -> str:
    """An entity's text without a leading "the", forms of address the NER swallowed ("Mr.",
    "Dr": titles of kind ``courtesy``), punctuation, a possessive, or white space and format
    characters at its edges; "" when nothing is left (the NER may tag a run of U+00A0 or
    U+2002 as a person)."""
    tokens = list(ent)
    while tokens and (tokens[0].lower_ == "the" or _form_of_address(tokens[0], lexicon)
                      or tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in ("'s", "’s")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in ("'s", "’s", "'", "’") or tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return clean_name(ent.doc[tokens[0].i : tokens[-1].i + 1].text)


def _form_of_address(token: Token, lexicon: Lexicon) -> bool:
    title = lexicon.title(token.lower_)
    return title is not None and title.dropped_from_names
