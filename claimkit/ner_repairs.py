"""Where the article contradicts the tagger: the kind of a named entity, repaired.

The English model's NER tags some people as organisations ("Lusk's governor, Lidia Marek"
tagged ORG) and the other way round. :func:`repaired` reads what the article itself says (a
title before the name, a person noun beside it, the same surname tagged as a person
elsewhere) and gives the entity its kind. Used by :meth:`claimkit.entities.EntityTable.from_doc`.

Limits: only these clues; a name no clue covers keeps the tagger's label.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import define
from spacy.tokens import Span

from claimkit.lexicon import Lexicon
from claimkit.mentions import person_behind_title
from claimkit.names import normalise


@define
class PersonClues:
    """What the article says about who is a person, for repairing the NER's labels."""

    surnames: set[str]  # last words of the full names tagged as persons
    person_words: set[str]  # last words of every mention tagged as a person
    lexicon: Lexicon  # first names, person nouns, outlets, titles and company words

    @classmethod
    def of(cls, ents: Iterable[Span], lexicon: Lexicon) -> PersonClues:
        persons = [ent for ent in ents if ent.label_ == "PERSON"]
        return cls(surnames={normalise(ent[-1].text) for ent in persons if len(ent) > 1},
                   person_words={normalise(ent[-1].text) for ent in persons}, lexicon=lexicon)


def repaired(ent: Span, kind: str, clues: PersonClues) -> tuple[Span, str]:
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
    lexicon = clues.lexicon
    titled = person_behind_title(ent, lexicon)
    if titled is not None:
        return titled, "person"
    if kind != "organization" or not all(t.text[:1].isupper() for t in ent) or ent.text.lower() in lexicon.outlets:
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
        described = ((root.dep_ == "appos" and root.head.lemma_.lower() in lexicon.person_nouns)
                     or any(c.dep_ == "appos" and c.lemma_.lower() in lexicon.person_nouns for c in root.children))
        # ... unless the last word ends a company's name ("Jordan Motors")
        is_person = len(ent) <= 3 and ent[0].lower_ in lexicon.first_names and (
            last in clues.person_words or (described and last not in lexicon.company_words))
        # A first name the list lacks ("Lusk's governor, Lidia Marek"): two or three capitalised
        # proper nouns beside a person noun, none of them a word of an organisation's name.
        is_person = is_person or (described and len(ent) in (2, 3) and all(
            t.pos_ == "PROPN" and t.text[:1].isupper() and t.text[1:].islower()
            and t.lower_ not in lexicon.organization_nouns and t.lower_ not in lexicon.company_words for t in ent))
    return ent, "person" if is_person else kind
