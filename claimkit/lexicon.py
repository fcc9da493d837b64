"""Word lists the rules read: reporting verbs and nouns, person and organisation nouns, outlets.

The lists are data files in ``claimkit/lexicons/`` so that users can extend them without
touching code (see docs/extending.md). :func:`load_lexicon` reads them once per process;
``extra_verbs`` and friends add to the packaged lists rather than replace them.

Every row is checked as it is read: a malformed one raises
:class:`~claimkit.errors.ConfigurationError` (E004) naming the file and line, when the
pipeline is built rather than at the first article.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.abc import Traversable
from typing import get_args

from attrs import field, frozen
from spacy.util import registry

from claimkit import errors
from claimkit.claims import Stance

LEXICON_PACKAGE = "claimkit.lexicons"
STANCES: tuple[str, ...] = get_args(Stance)  # neutral, assertive, distancing
VERB_KINDS = ("speech", "belief")
NOUN_KINDS = ("document", "none")  # the rules ask only whether a noun is "document"
GENDERS = ("male", "female")


def _directory() -> Traversable:
    """Where the lexicon files are read from: the package's ``lexicons`` folder."""
    return resources.files(LEXICON_PACKAGE)


def _lines(name: str) -> list[tuple[int, str]]:
    """(1-based line number, text) of the non-empty, non-comment lines of a lexicon file.

    A byte-order mark (as some Windows editors write) is dropped, and so is whitespace around
    each line; a line whose text starts with ``#`` is a comment.
    """
    path = _directory().joinpath(name)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        number = data.count(b"\n", 0, error.start) + 1
        raise errors.lexicon_not_utf8(str(path), number, data[error.start:error.end]) from None
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.lstrip("\ufeff").strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def _entries(name: str) -> list[str]:
    """The entries of a one-entry-per-line file."""
    out = []
    for number, line in _lines(name):
        if "\t" in line:
            fields = len(line.split("\t"))
            raise errors.bad_lexicon_row(str(_directory().joinpath(name)), number, line,
                                         f"expected one entry per line, got {fields} tab-separated fields",
                                         "put each entry on a line of its own, without tabs")
        out.append(line)
    return out


def _rows(name: str, columns: tuple[str, ...], allowed: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The rows of a tab-separated file, keyed by their first field, in file order.

    Each row must have one field per column, none empty, the values of the columns in ``allowed``
    among those listed, and a lower-case first field that no earlier row has.
    """
    path = str(_directory().joinpath(name))
    rows: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for number, line in _lines(name):
        fields = [value.strip() for value in line.split("\t")]
        if len(fields) != len(columns):
            fix = f"give {len(columns)} fields separated by tabs"
            if len(fields) == 1 and len(line.split()) == len(columns):
                fix += " (this row separates them with spaces)"
            raise errors.bad_lexicon_row(path, number, line, f"expected {len(columns)} tab-separated fields "
                                         f"({', '.join(columns)}), got {len(fields)}", fix)
        for column, value in zip(columns, fields, strict=True):
            if not value:
                raise errors.bad_lexicon_row(path, number, line, f"the {column} field is empty",
                                             f"fill in the {column}")
            if column in allowed and value not in allowed[column]:
                raise errors.bad_lexicon_row(path, number, line, f"unknown {column} {value!r}",
                                             f"the {column} must be one of: {', '.join(allowed[column])}")
        key = fields[0]
        if key != key.lower():
            raise errors.bad_lexicon_row(path, number, line, f"{columns[0]} {key!r} has capitals, and words are "
                                         "matched lower-cased", f"write it as {key.lower()!r}")
        if key in rows:
            raise errors.bad_lexicon_row(path, number, line, f"{key!r} is already listed on line {lines[key]}",
                                         "keep one row for it")
        rows[key], lines[key] = fields, number
    return rows


def _extra(name: str, values: object) -> tuple[str, ...]:
    """``extra_verbs`` / ``extra_outlets`` as a tuple of stripped, non-empty strings."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise errors.extra_not_a_list(name, values)
    items = tuple(values)
    for position, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise errors.bad_extra_entry(name, position, item)
    return tuple(item.strip() for item in items)


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


def load_lexicon(extra_verbs: Iterable[str] = (), extra_outlets: Iterable[str] = ()) -> Lexicon:
    """The packaged lexicon, optionally extended with more verbs (neutral) and outlets.

    ``extra_verbs`` and ``extra_outlets`` are lists (or other iterables) of strings; a single
    str is refused rather than read as its letters.

    Raises:
        ConfigurationError: [E004] a lexicon file has a malformed row (the message names the
            file and line), or an extra entry is empty; a
            :class:`~claimkit.errors.ConfigurationTypeError` (also a ``TypeError``) when
            ``extra_verbs`` / ``extra_outlets`` is a str or not iterable, or holds a non-str.
    """
    return _load_lexicon(_extra("extra_verbs", extra_verbs), _extra("extra_outlets", extra_outlets))


@functools.lru_cache(maxsize=8)
def _load_lexicon(extra_verbs: tuple[str, ...], extra_outlets: tuple[str, ...]) -> Lexicon:
    verbs: dict[str, Stance] = {}
    belief: set[str] = set()
    for lemma, stance, kind in _rows("reporting_verbs.tsv", ("lemma", "stance", "kind"),
                                     {"stance": STANCES, "kind": VERB_KINDS}).values():
        verbs[lemma] = stance  # type: ignore[assignment]
        if kind == "belief":
            belief.add(lemma)
    for lemma in extra_verbs:
        verbs.setdefault(lemma.lower(), "neutral")
    nouns = _rows("reporting_nouns.tsv", ("noun", "kind"), {"kind": NOUN_KINDS})
    first_names = _rows("first_names.tsv", ("name", "gender"), {"gender": GENDERS})
    return Lexicon(
        verbs=verbs,
        belief_verbs=frozenset(belief),
        nouns={noun: kind for noun, kind in nouns.values()},
        person_nouns=frozenset(_entries("person_nouns.txt")),
        organization_nouns=frozenset(_entries("organization_nouns.txt")),
        anonymity_markers=tuple(_entries("anonymity_markers.txt")),
        outlets=[*_entries("outlets.txt"), *extra_outlets],
        first_names={name: gender for name, gender in first_names.values()},
    )


@registry.misc("claimkit.reporting_lexicon.v1")
def reporting_lexicon_v1(
    extra_verbs: Iterable[str] = (), extra_outlets: Iterable[str] = ()
) -> Lexicon:
    """Registered factory so a pipeline config can name and extend the lexicon."""
    return load_lexicon(extra_verbs, extra_outlets)
