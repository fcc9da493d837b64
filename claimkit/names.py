"""Names: when two written names are the same entity's.

The matching key of a name (:func:`normalise`), spelling variants of one surname
(Zelensky / Zelenskyy / Zelenskiy), whether a full name and a surname are one person
(:func:`same_person`), and acronyms read off the text: the initials of a capitalised run
("Guild of Harbour Pilots and Boatmen" -> GHPB).

Scope and limits: string matching only, no knowledge of who is who; the entity table
(:mod:`claimkit.entities`) decides what to merge.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from anyascii import anyascii
from rapidfuzz import fuzz

from claimkit.text_input import name_words

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
ACRONYM = re.compile(r"[A-Z]{2,6}")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|&)\s+)*[A-Z][\w'’-]*)+")
_LEADING_ARTICLE = re.compile(r"^(?:The|A)\s+")


@functools.lru_cache(maxsize=8192)  # the same few names come back over and over
def normalise(name: str) -> str:
    """Lower case, in ASCII, no possessive, single spaces: the key names are matched on.

    Transliterated by anyascii, not stripped: "Søren" is "soren", "Владимир Путин" is
    "vladimir putin" (an ASCII fold that drops what it cannot map would make it "" and every
    such name one key)."""
    name = anyascii(name)
    name = _POSSESSIVE.sub("", name.strip())
    name = re.sub(r"^the\s+", "", name.lower())
    return re.sub(r"[^a-z0-9&]+", " ", name).strip()


def surname_variants_agree(a: str, b: str) -> bool:
    """Spelling variants of one surname: Zelensky / Zelenskyy / Zelenskiy."""
    if a == b:
        return True
    return len(a) > 3 and len(b) > 3 and a[:3] == b[:3] and fuzz.ratio(a, b) >= 80


def incompatible_kinds(a: str, b: str) -> bool:
    return (a == "person") != (b == "person")


def same_person(key: str, keys: Collection[str]) -> bool:
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


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


def names_by_initials(text: str) -> dict[str, list[str]]:
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


def initials_match(acronym: str, name: str) -> bool:
    letters = acronym.replace(".", "").upper()
    initials = _initials(name)
    return bool(letters) and (letters == initials or letters in initials)
