"""Word lists the rules read: reporting verbs and nouns, person and organisation nouns, outlets.

The lists are data files in ``claimkit/lexicons/`` so that users can extend them without
touching code (see docs/extending.md). :func:`load_lexicon` reads them once per process;
``extra_verbs`` and friends add to the packaged lists rather than replace them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources

from attrs import field, frozen
from spacy.util import registry

from claimkit.claims import Stance


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a packaged lexicon file."""
    text = resources.files("claimkit.lexicons").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _lines(name)]


@frozen(kw_only=True)
class Lexicon:
    """The vocabulary of attribution.

    Attributes:
        verbs: reporting verb lemma -> stance ("neutral", "assertive", "distancing").
        belief_verbs: the subset of ``verbs`` that attribute a belief ("believe", "expect")
            rather than a speech act; they make lower-confidence claims.
        nouns: reporting noun -> "document" when the noun can itself be a speaker
            ("the report said"), else "none" ("in an interview").
        person_nouns / organization_nouns: head nouns of descriptions ("the spokesman",
            "the ministry") and what kind of speaker they make.
        anonymity_markers: phrases that make a source anonymous ("declined to be named"); a
            cue and content that open with a multi-word one ("asked not to be named") are
            not a claim.
        outlets: names of news outlets and agencies (lower-cased), for relays.
        first_names: lower-cased first name -> "male" / "female": a hint for pronoun
            resolution that what the text itself says (titles, pronouns) overrides.
    """

    verbs: Mapping[str, Stance]
    belief_verbs: frozenset[str]
    nouns: Mapping[str, str]
    person_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    anonymity_markers: tuple[str, ...]
    outlets: frozenset[str] = field(converter=lambda names: frozenset(n.lower() for n in names))
    first_names: Mapping[str, str] = field(factory=dict)

    def stance(self, lemma: str) -> Stance:
        return self.verbs.get(lemma.lower(), "neutral")


@functools.lru_cache(maxsize=8)
def load_lexicon(extra_verbs: tuple[str, ...] = (), extra_outlets: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon, optionally extended with more verbs (neutral) and outlets."""
    verbs: dict[str, Stance] = {}
    belief: set[str] = set()
    for lemma, stance, kind in _rows("reporting_verbs.tsv"):
        verbs[lemma] = stance  # type: ignore[assignment]
        if kind == "belief":
            belief.add(lemma)
    for lemma in extra_verbs:
        verbs.setdefault(lemma.lower(), "neutral")
    return Lexicon(
        verbs=verbs,
        belief_verbs=frozenset(belief),
        nouns={noun: kind for noun, kind in _rows("reporting_nouns.tsv")},
        person_nouns=frozenset(_lines("person_nouns.txt")),
        organization_nouns=frozenset(_lines("organization_nouns.txt")),
        anonymity_markers=tuple(_lines("anonymity_markers.txt")),
        outlets=[*_lines("outlets.txt"), *extra_outlets],
        first_names={name: gender for name, gender in _rows("first_names.tsv")},
    )


@registry.misc("claimkit.reporting_lexicon.v1")
def reporting_lexicon_v1(
    extra_verbs: Iterable[str] = (), extra_outlets: Iterable[str] = ()
) -> Lexicon:
    """Registered factory so a pipeline config can name and extend the lexicon."""
    return load_lexicon(tuple(extra_verbs), tuple(extra_outlets))
