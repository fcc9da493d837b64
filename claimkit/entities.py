"""The per-document entity table: who speaks, under which names, and what "he" refers to.

Every person, organisation, outlet and group that the text names gets one :class:`Entity`
with a canonical name (the fullest proper-name mention), its aliases (surname, spelling
variants such as Zelensky/Zelenskyy/Zelenskiy, acronyms the text defines such as
"Institute for the Study of War (ISW)"), kind, gender where the text shows it, and roles.

Resolution of a pronoun ("he") or a description ("the spokesman") prefers the most recent
*speaker* compatible in kind and gender, then the most recent compatible subject, over the
nearest name anywhere: news prose keeps returning to the person it is quoting.

Limits: no statistical coreference; gender comes only from titles, gendered nouns,
pronouns in the person's own reported clause, earlier pronoun links and a first-name list;
cataphora ("he said ... Peskov") is not resolved.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

from attrs import define, field
from spacy.tokens import Doc, Span, Token

from claimkit.lexicon import Lexicon
from claimkit.rules import rule
from claimkit.segment import sentence_of
from claimkit.speakers import person_behind_title
from claimkit.text_input import clean_name, first_word, last_word, name_bounds, name_words

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "NORP": "group"}
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")


@functools.lru_cache(maxsize=8192)  # the same few names come back over and over
def normalise(name: str) -> str:
    """Lower case, no accents, no possessive, single spaces: the key names are matched on."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = _POSSESSIVE.sub("", name.strip())
    name = re.sub(r"^the\s+", "", name.lower())
    return re.sub(r"[^a-z0-9&]+", " ", name).strip()


def surname_variants_agree(a: str, b: str) -> bool:
    """Spelling variants of one surname: Zelensky / Zelenskyy / Zelenskiy."""
    if a == b:
        return True
    return len(a) > 3 and len(b) > 3 and a[:3] == b[:3] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


@define(eq=False)
class Entity:
    """One entity of the document. ``mentions`` are character ranges of its named mentions."""

    id: int
    name: str
    kind: str
    aliases: set[str] = field(factory=set)
    gender: str | None = None
    roles: list[str] = field(factory=list)
    mentions: list[tuple[int, int]] = field(factory=list)
    anonymous: bool = False
    named: bool = True  # False for a source the text only describes ("local officials")
    speaks: bool = False  # a speaker of at least one claim

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "named": self.named,
            "speaks": self.speaks,
            "kind": self.kind,
            "aliases": sorted(self.aliases),
            "gender": self.gender,
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
    def from_doc(cls, doc: Doc, lexicon: Lexicon | None = None) -> EntityTable:
        """Entities of the named mentions in ``doc``; persons get a gender where the text shows one.

        Where the article contradicts the NER, the article wins (:func:`_repaired`); photo
        credits are left out; an acronym is linked to the name it abbreviates when the text
        defines it in brackets or when its letters spell the initials of exactly one name
        in the text. Gender comes from a title before the name ("Mr", "Ms"), else from the
        pronoun of a clause the person's own verb governs ("Lee Marsh said she ..."), else
        from the lexicon's first names.
        """
        first_names: Mapping[str, str] = lexicon.first_names if lexicon is not None else {}
        table = cls()
        votes: dict[int, list[str]] = {}
        text = doc.text
        ents = [ent for ent in doc.ents if ent.label_ in _NAME_LABELS and not _is_credit(text, ent)]
        clues = _PersonClues.of(ents, lexicon)
        spelled_out = _names_by_initials(text)
        for ent in ents:
            ent, kind = _repaired(ent, _NAME_LABELS[ent.label_], clues)
            name = _clean_name(ent)
            if not name:
                continue
            expansion = spelled_out.get(name, ()) if kind != "person" and _ACRONYM.fullmatch(name) else ()
            if len(expansion) == 1:
                # An acronym the text never defines but whose letters are the initials of
                # exactly one name in it: "the GHPB" and "the Guild of Harbour Pilots and
                # Boatmen".
                table._acronyms[name.lower()] = table.add(expansion[0], kind)
            mention = name_bounds(text, ent.start_char, ent.end_char)
            known = table.lookup(name, kind) if kind == "person" and " " in name else None
            if known is not None and table._surname_only(known) and _someone_else(ent, name, votes.get(known.id, []),
                                                                                 first_names):
                entity = table.add(name, kind, mention, merge=False)
            else:
                entity = table.add(name, kind, mention)
            is_subject = _subject_it_names(ent.root) is not None
            table.named_mentions.append(NamedMention(mention[0], entity, is_subject))
            if kind == "person":
                votes.setdefault(entity.id, []).extend(_gender_evidence(ent))
            acronym = _ACRONYM_AFTER.match(text, ent.end_char)
            if acronym and _initials_match(acronym.group(1), name):
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
                entity.gender = titled[0].removeprefix("title:")
            elif said:
                # The text's own pronouns outrank the first-name list: "Lee", "Jordan" or
                # "Kim" can be either.
                entity.gender = max(set(said), key=said.count)
            elif first_name:
                entity.gender = first_name
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
        for token in doc:
            if (token.i in tagged or token.pos_ != "PROPN" or token.dep_ not in ("nsubj", "nsubjpass")
                    or not token.text[:1].isupper()):
                continue
            same_surname = by_surname.get(token.text, [])
            if len(same_surname) == 1:  # two Okafors: the bare surname does not say which
                self.named_mentions.append(NamedMention(token.idx, same_surname[0], True))

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
            if kind is None or not _incompatible_kinds(entity.kind, kind):
                return entity
        if kind not in (None, "person"):
            return None
        for entity in sorted(self._by_surname.get(last_word(key)[:3], ()), key=lambda e: e.id):
            if _same_person(key, self._keys[entity.id]):
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


_TITLES = {"mr": "male", "mr.": "male", "mrs": "female", "mrs.": "female", "ms": "female", "ms.": "female",
           "sir": "male", "dame": "female", "lady": "female", "lord": "male"}
_PRONOUN_GENDER = {"he": "male", "she": "female"}


def _gender_evidence(ent: Span) -> list[str]:
    """Genders the text gives a person: ``"title:…"`` for a title before the name (decisive),
    else one vote per subject pronoun of a clause that is the complement of the person's
    own verb ("Smith said she ...", "The leader, Lee Marsh, said she ...", not "'Smith is
    wrong,' she said" nor "Smith recalls him apologising, saying he ...")."""
    for token in (ent.doc[ent.start - 1] if ent.start > 0 else None, ent[0]):
        if token is not None and token.lower_ in _TITLES:
            return [f"title:{_TITLES[token.lower_]}"]
    subject = _subject_it_names(ent.root)
    if subject is None:
        return []
    verb = subject.head
    return [_PRONOUN_GENDER[t.lower_] for t in sentence_of(ent.root)
            if t.i >= ent.end and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
            and t.head.dep_ == "ccomp" and t.head.head == verb]


def _incompatible_kinds(a: str, b: str) -> bool:
    return (a == "person") != (b == "person")


def _same_person(key: str, keys: Collection[str]) -> bool:
    """Whether the name ``key`` is one of the person names ``keys``.

    A bare surname matches any alias with that surname (spelling variants allowed); a full
    name matches a full alias whose surname and first initial agree, so that "Justin
    Trudeau" and "Sophie Gregoire Trudeau" stay two people, or an entity known so far by
    its surname alone.
    """
    parts = name_words(key)
    # Someone known so far by surname only ("Vickery said", with "Maren Vickery" further on)
    # takes the first full name with that surname.
    surname_only = all(" " not in other for other in keys)
    for other in keys:
        other_parts = name_words(other)
        if not other_parts or not surname_variants_agree(parts[-1], other_parts[-1]):
            continue
        if len(parts) == 1 or surname_only or (len(other_parts) > 1 and parts[0][0] == other_parts[0][0]):
            return True
    return False


@define
class _PersonClues:
    """What the article says about who is a person, for repairing the NER's labels."""

    surnames: set[str]  # last words of the full names tagged as persons
    person_words: set[str]  # last words of every mention tagged as a person
    first_names: Mapping[str, str]
    person_nouns: frozenset[str]
    outlets: frozenset[str]

    @classmethod
    def of(cls, ents: Iterable[Span], lexicon: Lexicon | None) -> _PersonClues:
        persons = [ent for ent in ents if ent.label_ == "PERSON"]
        return cls(surnames={normalise(ent[-1].text) for ent in persons if len(ent) > 1},
                   person_words={normalise(ent[-1].text) for ent in persons},
                   first_names=lexicon.first_names if lexicon is not None else {},
                   person_nouns=lexicon.person_nouns if lexicon is not None else frozenset(),
                   outlets=lexicon.outlets if lexicon is not None else frozenset())


def _repaired(ent: Span, kind: str, clues: _PersonClues) -> tuple[Span, str]:
    """The mention and kind of an entity, where the article contradicts the NER.

    * "Hereditary Chief Tavish Orrin" tagged as an organisation: the person after the title.
    * A person's name tagged as an organisation ("Orrin said", "Owen Marsh scored") where
      the article tags the same person right elsewhere: a bare surname of a person named
      in full, or a first name followed by a word tagged as a person elsewhere or beside a
      person noun ("the health critic, Darren Holt"). Not an
      outlet ("Bloomberg"), and not a name that "it" refers back to in its sentence ("Ford
      said it would recall ...").
    """
    if kind == "person":
        return ent, kind
    titled = person_behind_title(ent, clues.person_nouns)
    if titled is not None:
        return titled, "person"
    if kind != "organization" or not all(t.text[:1].isupper() for t in ent) or ent.text.lower() in clues.outlets:
        return ent, kind
    last = normalise(ent[-1].text)
    if len(ent) == 1:
        # "Ford said it would recall ...": "it" as the subject of what the name says.
        refers_as_it = any(c.dep_ == "ccomp" and any(g.lower_ == "it" and g.dep_ in ("nsubj", "nsubjpass")
                                                      for g in c.children) for c in ent.root.head.children)
        is_person = last in clues.surnames and not refers_as_it
    else:
        # A first name, then a word tagged as a person elsewhere or a person noun the name
        # stands beside ("the health critic, Darren Holt", "Darren Holt, the critic").
        root = ent.root
        described = ((root.dep_ == "appos" and root.head.lemma_.lower() in clues.person_nouns)
                     or any(c.dep_ == "appos" and c.lemma_.lower() in clues.person_nouns for c in root.children))
        is_person = len(ent) <= 3 and ent[0].lower_ in clues.first_names and (
            last in clues.person_words or (described and last not in _COMPANY_WORDS))
    return ent, "person" if is_person else kind


# Last words of company names that start with a first name ("Jordan Motors", "Victoria Holdings").
_COMPANY_WORDS = {"motors", "holdings", "group", "capital", "partners", "inc", "corp", "co", "ltd", "llc", "plc",
                  "bank", "media", "systems", "industries", "energy", "airlines", "foods", "technologies",
                  "solutions", "services", "international", "labs", "studios", "records", "pictures", "trust",
                  "fund", "foundation", "associates", "consulting", "ventures", "networks", "pharma", "health"}
_FAMILY = {"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow", "partner"}


def _someone_else(ent: Span, name: str, votes: list[str], first_names: Mapping[str, str]) -> bool:
    """Whether the full name ``name`` is not the person known so far by its surname alone:
    a relative ("His daughter, Maren Vickery") or of the other gender ("Mr. Orrin" and
    "Ana Orrin")."""
    if ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() in _FAMILY:
        return True  # "His daughter, Maren Vickery"
    if any(c.dep_ == "appos" and c.lemma_.lower() in _FAMILY for c in ent.root.children):
        return True  # "Ana Orrin, his wife"
    titled = next((v.removeprefix("title:") for v in votes if v.startswith("title:")), None)
    first = first_names.get(first_word(name).lower())
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


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|&)\s+)*[A-Z][\w'’-]*)+")
_LEADING_ARTICLE = re.compile(r"^(?:The|A)\s+")


def _names_by_initials(text: str) -> dict[str, list[str]]:
    """Runs of three or more capitalised words in ``text`` ("Guild of Harbour Pilots and
    Boatmen"), by their initials. Read off the text rather than the NER, which often
    cuts such names short."""
    out: dict[str, list[str]] = {}
    for match in _CAPITALISED_RUN.finditer(text):
        name = _LEADING_ARTICLE.sub("", match.group())
        initials = _initials(name)
        if len(initials) >= 3 and name not in out.get(initials, []):
            out.setdefault(initials, []).append(name)
    return out


def _initials_match(acronym: str, name: str) -> bool:
    letters = acronym.replace(".", "").upper()
    initials = _initials(name)
    return bool(letters) and (letters == initials or letters in initials)


def _clean_name(ent: Span) -> str:
    """An entity's text without a leading "the", titles the NER swallowed, punctuation, a
    possessive, or white space and format characters at its edges; "" when nothing is left
    (the NER may tag a run of U+00A0 or U+2002 as a person)."""
    tokens = list(ent)
    while tokens and (tokens[0].lower_ in ("the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.")
                      or tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in ("'s", "’s")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in ("'s", "’s", "'", "’") or tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return clean_name(ent.doc[tokens[0].i : tokens[-1].i + 1].text)


# Rules of the resolution stage that this module applies (claimkit.rules).
DESCRIPTION_ROLE = rule("resolution", "description_role",
                        "a description ('the spokesman') resolved to the entity that has that role")
DESCRIPTION_RECENT = rule("resolution", "description_recent",
                          "a description resolved to the most recent speaker of its kind ('the company')")
UNNAMED = rule("resolution", "unnamed", "a description that introduces an unnamed source ('a spokesman')")
_PRONOUN_WINDOW = 3  # paragraphs back a pronoun may reach
_PRONOUN_FALLBACK_WINDOW = 8  # paragraphs back to the last speaker or subject of the right gender
_DESCRIPTION_WINDOW = 6  # paragraphs back a description ("the spokesman") may reach by role


class Resolver:
    """Resolves speaker mentions in text order against an :class:`EntityTable`.

    ``paragraph_of`` maps a character offset to its paragraph number; ``in_quote`` says
    whether an offset lies inside a quotation (names inside quotes are not antecedents).
    """

    def __init__(self, table: EntityTable, paragraph_of: Callable[[int], int], in_quote: Callable[[int], bool]):
        self.table = table
        self.paragraph_of = paragraph_of
        candidates = [m for m in table.named_mentions if m.entity.kind == "person" and not in_quote(m.start)]
        # Both pools are kept sorted by offset so a lookup walks back only over its window.
        self._mentions = sorted(candidates, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self._mentions]
        self.speakers: list[NamedMention] = []
        self._speaker_starts: list[int] = []
        self._documents: list[tuple[int, str, Entity]] = []  # in text order, as speakers resolve

    def record_document(self, entity: Entity, offset: int, noun: str) -> None:
        """``entity`` spoke "in a statement" (``noun``) at ``offset``: "the statement" later is theirs."""
        self._documents.append((offset, noun, entity))

    def document(self, offset: int, noun: str) -> Entity | None:
        """Who issued the document "the ``noun``" refers back to, within the description window."""
        paragraph = self.paragraph_of(offset)
        for at, issued, entity in reversed(self._documents):
            if at < offset and issued == noun and paragraph - self.paragraph_of(at) <= _DESCRIPTION_WINDOW:
                return entity
        return None

    def record_speaker(self, entity: Entity, offset: int) -> None:
        at = bisect.bisect_right(self._speaker_starts, offset)
        self._speaker_starts.insert(at, offset)
        self.speakers.insert(at, NamedMention(offset, entity, is_subject=True, is_speaker=True))

    def _recent(self, offset: int, window: int) -> list[NamedMention]:
        """Mentions and speakers before ``offset`` within ``window`` paragraphs, most recent first."""
        paragraph = self.paragraph_of(offset)
        pool: list[NamedMention] = []
        for mentions, starts in ((self._mentions, self._mention_starts), (self.speakers, self._speaker_starts)):
            for i in range(bisect.bisect_left(starts, offset) - 1, -1, -1):
                if paragraph - self.paragraph_of(mentions[i].start) > window:
                    break
                pool.append(mentions[i])
        return sorted(pool, key=lambda m: m.start, reverse=True)

    def pronoun(self, offset: int, kind: str, gender: str | None, continuing: bool = False) -> Entity | None:
        """The antecedent of a pronoun speaker.

        Candidates are names of the right kind whose gender matches or is unknown; a known
        mismatch never resolves. Preference, most recent first within each step: a speaker
        of the last two paragraphs whose gender matches (unless a subject of that or unknown
        gender comes after it in the pronoun's own paragraph and the cue does not continue,
        as "added" does: ``continuing``), then a subject of the last
        paragraphs whose gender matches, then one of unknown gender in this or the previous
        paragraph, then any name of that gender nearby, then a speaker or subject of that
        gender further back, then any name nearby.
        """
        pool = [m for m in self._recent(offset, _PRONOUN_WINDOW) if _kind_fits(m.entity.kind, kind)
                and not (gender and m.entity.gender and m.entity.gender != gender)]
        paragraph = self.paragraph_of(offset)
        known = [m for m in pool if m.entity.gender == gender] if gender else pool
        further = [m for m in self._recent(offset, _PRONOUN_FALLBACK_WINDOW) if (m.is_speaker or m.is_subject)
                   and _kind_fits(m.entity.kind, kind) and (not gender or m.entity.gender == gender)]
        speaker = next((m for m in known if m.is_speaker and paragraph - self.paragraph_of(m.start) <= 2), None)
        subject_here = next((m for m in pool if m.is_subject and self.paragraph_of(m.start) == paragraph), None)
        if speaker is not None and subject_here is not None and subject_here.start > speaker.start and not continuing:
            # "A spokesman said ... \n\n Minister Lukas Brandt promised funds. “...,” he told
            # reporters": someone new, introduced in the pronoun's own paragraph after the
            # last speaker, is who "he" is.
            speaker = subject_here
        chosen = (speaker
                  or next((m for m in known if m.is_subject), None)
                  or next((m for m in pool if m.is_subject and paragraph - self.paragraph_of(m.start) <= 1), None)
                  or next(iter(known), None)
                  or next(iter(further), None)
                  or next(iter(pool), None))
        if chosen is None:
            return None
        if gender and chosen.entity.gender is None:
            chosen.entity.gender = gender
        return chosen.entity

    def description(self, offset: int, head_word: str, kind: str) -> tuple[Entity | None, str]:
        """The entity a definite description ("the spokesman") points back to, and how it was found."""
        for m in self._recent(offset, _DESCRIPTION_WINDOW):
            if any(head_word in role.lower() for role in m.entity.roles):
                return m.entity, DESCRIPTION_ROLE
            if (m.is_speaker and not m.entity.named and _kind_fits(m.entity.kind, kind)
                    and head_word in name_words(m.entity.name.lower())):
                # "A person familiar with the talks said ... according to the person": the
                # unnamed source described the same way, not the last name in the text.
                return m.entity, DESCRIPTION_ROLE
        if kind == "person":
            for m in self._recent(offset, 1):
                if m.entity.kind == "person" and (m.is_speaker or m.is_subject):
                    return m.entity, DESCRIPTION_RECENT
        elif kind == "organization":
            for m in self._recent(offset, 2):
                if m.is_speaker and m.entity.kind == "organization":
                    return m.entity, DESCRIPTION_RECENT
        return None, UNNAMED


def _kind_fits(entity_kind: str, mention_kind: str) -> bool:
    if mention_kind == "person":
        return entity_kind == "person"
    return entity_kind != "person"
