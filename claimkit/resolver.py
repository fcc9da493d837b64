"""The resolver: which entity of the article a pronoun or a description speaker means.

Resolution of a pronoun ("he") or a description ("the spokesman") prefers the most recent
*speaker* compatible in kind and gender, then the most recent compatible subject, over the
nearest name anywhere: news prose keeps returning to the person it is quoting. Candidates
are the named mentions of the entity table (:mod:`claimkit.entities`) outside quotes, and
the speakers the speaker stage records as it goes, in text order.

Limits: no statistical coreference; a pronoun reaches back a few paragraphs only, and
cataphora ("he said ... Peskov") is not resolved.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from claimkit.entities import Entity, EntityTable, NamedMention
from claimkit.rules import rule
from claimkit.text_input import name_words

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
        # Persons and organisations the text names outside quotes ("it" may be the subject
        # organisation of the sentence before: "The mission has six monitors. Its report said").
        candidates = [m for m in table.named_mentions if m.entity.kind in ("person", "organization")
                      and not in_quote(m.start)]
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
        # An organisation that never spoke is an antecedent for "it" only ("Acme hired 300
        # workers. They said ...": the workers, not Acme).
        def can_be(m: NamedMention) -> bool:
            return _kind_fits(m.entity.kind, kind) and (m.is_speaker or m.entity.kind == "person"
                                                        or kind == "organization")

        pool = [m for m in self._recent(offset, _PRONOUN_WINDOW) if can_be(m)
                and not (gender and m.entity.gender and m.entity.gender != gender)]
        paragraph = self.paragraph_of(offset)
        known = [m for m in pool if m.entity.gender == gender] if gender else pool
        further = [m for m in self._recent(offset, _PRONOUN_FALLBACK_WINDOW) if (m.is_speaker or m.is_subject)
                   and can_be(m) and (not gender or m.entity.gender == gender)]
        speaker = next((m for m in known if m.is_speaker and paragraph - self.paragraph_of(m.start) <= 2), None)
        subject_here = _salient([m for m in pool if m.is_subject and self.paragraph_of(m.start) == paragraph])
        if speaker is not None and subject_here is not None and subject_here.start > speaker.start and not continuing:
            # "A spokesman said ... \n\n Minister Lukas Brandt promised funds. “...,” he told
            # reporters": someone new, introduced in the pronoun's own paragraph after the
            # last speaker, is who "he" is.
            speaker = subject_here
        known_subject = _salient([m for m in known if m.is_subject])
        if (speaker is None and known_subject is not None and subject_here is not None
                and subject_here.entity.gender is None
                and (self.paragraph_of(known_subject.start) < paragraph
                     or (known_subject.subordinate and not subject_here.subordinate))):
            # A subject of this paragraph whose gender the text has not shown yet is nearer
            # than one of the right gender from an earlier paragraph, and a main clause's
            # subject is more salient than a relative clause's.
            known_subject = subject_here
        chosen = (speaker
                  or known_subject
                  or _salient([m for m in pool if m.is_subject and paragraph - self.paragraph_of(m.start) <= 1])
                  or next(iter(known), None)
                  or next(iter(further), None)
                  or next(iter(pool), None))
        if chosen is None:
            return None
        if gender:
            chosen.entity.set_gender(gender, "text")
        return chosen.entity

    def organisation_taken_for_a_person(self, offset: int, is_person_word: Callable[[str], bool],
                                        same_paragraph: bool = False) -> Entity | None:
        """ "The operator, Calder Bay Terminals, said ... It said ...": the speaker just before
        "it" (in this paragraph, or also the previous one if not ``same_paragraph``) if the
        tagger made them a person the text never gave a gender *and* described them by a
        noun that is not a person's (``is_person_word`` says no to "operator"; "The minister,
        X" or a bare "Chidi Okafor" stays a person). The article wins: they are an
        organisation from now on."""
        paragraph = self.paragraph_of(offset)
        at = bisect.bisect_left(self._speaker_starts, offset) - 1
        if at < 0:
            return None
        last = self.speakers[at]
        entity = last.entity
        if (entity.kind != "person" or entity.gender is not None or not entity.named
                or paragraph - self.paragraph_of(last.start) > (0 if same_paragraph else 1)):
            return None
        heads = [role.split()[-1].lower() for role in entity.roles if role.split()]
        if not heads or any(is_person_word(head) for head in heads):
            return None  # no description, or one of a person: no evidence against the tagger
        entity.kind = "organization"
        return entity

    def description(self, offset: int, head_word: str, kind: str, specific: bool = False) -> tuple[Entity | None, str]:
        """The entity a definite description ("the spokesman") points back to, and how it was found.

        A ``specific`` description (one with a possessor: "the governor's office") is resolved
        only to an entity that has that role or is described that way, never to the most
        recent speaker of its kind."""
        for m in self._recent(offset, _DESCRIPTION_WINDOW):
            if any(head_word in role.lower() for role in m.entity.roles):
                return m.entity, DESCRIPTION_ROLE
            if (m.is_speaker and not m.entity.named and _kind_fits(m.entity.kind, kind)
                    and head_word in name_words(m.entity.name.lower())):
                # "A person familiar with the talks said ... according to the person": the
                # unnamed source described the same way, not the last name in the text.
                return m.entity, DESCRIPTION_ROLE
        if specific:
            return None, UNNAMED
        if kind == "person":
            for m in self._recent(offset, 1):
                if m.entity.kind == "person" and (m.is_speaker or m.is_subject):
                    return m.entity, DESCRIPTION_RECENT
        elif kind == "organization":
            recent = [m for m in self._recent(offset, _DESCRIPTION_WINDOW) if m.entity.kind == "organization"]
            # "the court" after "Pellham County Court", "the ministry" after "the Foreign Ministry".
            named_so = next((m for m in recent if m.entity.named and head_word in name_words(m.entity.name.lower())),
                            None)
            if named_so is not None:
                return named_so.entity, DESCRIPTION_ROLE
            paragraph = self.paragraph_of(offset)
            for m in recent:
                if m.is_speaker and paragraph - self.paragraph_of(m.start) <= 2:
                    return m.entity, DESCRIPTION_RECENT
            # "Solvik Energy will build a site, the company said": an organisation that is a
            # subject in the description's own paragraph, else the last organisation that spoke.
            for m in recent:
                if (m.is_subject and not m.subordinate and self.paragraph_of(m.start) == paragraph) or m.is_speaker:
                    return m.entity, DESCRIPTION_RECENT
        return None, UNNAMED


def _salient(mentions: list[NamedMention]) -> NamedMention | None:
    """Of ``mentions`` (most recent first), the most recent subject of a main clause, else the
    most recent: "Mayor X has been at the quay, where volunteer Y has been ferrying people.
    “...,” he said" is X's."""
    return next((m for m in mentions if not m.subordinate), next(iter(mentions), None))


def _kind_fits(entity_kind: str, mention_kind: str) -> bool:
    if mention_kind == "person":
        return entity_kind == "person"
    return entity_kind != "person"
