"""Word lists the rules read: reporting verbs and their frames, nouns, titles, outlets.

Every open-class word the rules look for is in a data file in ``claimkit/lexicons/``, so that
users can extend the lists without touching code (see docs/extending.md); only closed-class
grammar words (pronouns, determiners, complementisers) stay in the modules that read them.
:func:`load_lexicon` reads them once per process; ``extra_verbs`` and friends add to the
packaged lists rather than replace them.

Every row is checked as it is read: a malformed one raises
:class:`~claimkit.errors.ConfigurationError` (E004) naming the file and line, when the
pipeline is built rather than at the first article.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.abc import Traversable
from typing import Literal, get_args

from attrs import field, frozen
from spacy.util import registry

from claimkit import errors
from claimkit.claims import Stance

LEXICON_PACKAGE = "claimkit.lexicons"
STANCES: tuple[str, ...] = get_args(Stance)  # neutral, assertive, distancing
VERB_KINDS = ("speech", "belief")
NOUN_KINDS = ("document", "none")  # the rules ask only whether a noun is "document"
GENDERS = ("male", "female")
# What a verb does in a sentence, beyond reporting (verb_frames.tsv explains each).
Frame = Literal["infinitive", "gerund", "prediction", "addressee", "opens_claim", "relay", "speaks_to",
                "continues_speaker", "issues_document", "names_document", "withholds", "releases"]
VERB_FRAMES: tuple[Frame, ...] = get_args(Frame)
TITLE_KINDS = ("courtesy", "rank", "peerage")  # titles.tsv explains each
NO_GENDER = "-"


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


def _entries(name: str, lower_case: bool = False) -> list[str]:
    """The entries of a one-entry-per-line file (each lower case, if ``lower_case``)."""
    return [entry for _, entry in _numbered_entries(name, lower_case)]


def _numbered_entries(name: str, lower_case: bool = False) -> list[tuple[int, str]]:
    """(line number, entry) of a one-entry-per-line file."""
    out = []
    for number, line in _lines(name):
        if "\t" in line:
            fields = len(line.split("\t"))
            raise errors.bad_lexicon_row(str(_directory().joinpath(name)), number, line,
                                         f"expected one entry per line, got {fields} tab-separated fields",
                                         "put each entry on a line of its own, without tabs")
        if lower_case and line != line.lower():
            raise errors.bad_lexicon_row(str(_directory().joinpath(name)), number, line,
                                         "the entry has capitals, and words are matched lower-cased",
                                         f"write it as {line.lower()!r}")
        out.append((number, line))
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


def _verb_frames(document_nouns: Mapping[str, str]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """verb_frames.tsv: frame -> the lemmas that have it, and verb -> the document noun it names.

    A row is a lemma and a frame, plus the noun for ``names_document`` (a document noun of
    reporting_nouns.tsv, or "the report" would never be matched). A lemma may have several
    frames, one row each, but each pair only once.
    """
    name = "verb_frames.tsv"
    path = str(_directory().joinpath(name))
    frames: dict[str, set[str]] = {frame: set() for frame in VERB_FRAMES}
    documents: dict[str, str] = {}
    lines: dict[tuple[str, str], int] = {}
    for number, line in _lines(name):
        fields = [value.strip() for value in line.split("\t")]
        if len(fields) not in (2, 3):
            fix = "give the lemma and the frame separated by a tab (and the noun, for names_document)"
            if len(fields) == 1 and len(line.split()) in (2, 3):
                fix += " (this row separates them with spaces)"
            raise errors.bad_lexicon_row(path, number, line, "expected 2 tab-separated fields (lemma, frame), or 3 "
                                         f"for names_document (lemma, frame, noun), got {len(fields)}", fix)
        for column, value in zip(("lemma", "frame", "noun"), fields, strict=False):
            if not value:
                raise errors.bad_lexicon_row(path, number, line, f"the {column} field is empty",
                                             f"fill in the {column}")
        lemma, frame = fields[0], fields[1]
        if frame not in VERB_FRAMES:
            raise errors.bad_lexicon_row(path, number, line, f"unknown frame {frame!r}",
                                         f"the frame must be one of: {', '.join(VERB_FRAMES)}")
        if lemma != lemma.lower():
            raise errors.bad_lexicon_row(path, number, line, f"lemma {lemma!r} has capitals, and words are matched "
                                         "lower-cased", f"write it as {lemma.lower()!r}")
        if frame == "names_document":
            if len(fields) != 3:
                raise errors.bad_lexicon_row(path, number, line, "names_document needs the noun the verb names",
                                             "add the noun after a tab (\"report\\tnames_document\\treport\")")
            if document_nouns.get(fields[2]) != "document":
                raise errors.bad_lexicon_row(path, number, line, f"{fields[2]!r} is not a document noun of "
                                             "reporting_nouns.tsv", "add it there as a document, or name one that is")
            documents[lemma] = fields[2]
        elif len(fields) == 3:
            raise errors.bad_lexicon_row(path, number, line, f"only names_document takes a third field, not {frame}",
                                         "drop the third field")
        if (lemma, frame) in lines:
            raise errors.bad_lexicon_row(path, number, line, f"{lemma!r} as {frame} is already listed on line "
                                         f"{lines[lemma, frame]}", "keep one row for it")
        lines[lemma, frame] = number
        frames[frame].add(lemma)
    return {frame: frozenset(lemmas) for frame, lemmas in frames.items()}, documents


def _titles() -> dict[str, Title]:
    """titles.tsv: title -> its kind and gender. A title is written without its full stop."""
    rows = _rows("titles.tsv", ("title", "gender", "kind"), {"gender": (*GENDERS, NO_GENDER), "kind": TITLE_KINDS})
    for number, line in _lines("titles.tsv"):
        title = line.split("\t")[0].strip()
        if title.endswith("."):
            raise errors.bad_lexicon_row(str(_directory().joinpath("titles.tsv")), number, line,
                                         "titles are matched without their full stop",
                                         f"write it as {title.rstrip('.')!r}")
    return {title: Title(kind, None if gender == NO_GENDER else gender) for title, gender, kind in rows.values()}


def _document_nouns(name: str, nouns: Mapping[str, str]) -> frozenset[str]:
    """The entries of ``name``, each a document noun of reporting_nouns.tsv (else it would never match)."""
    out = set()
    for number, noun in _numbered_entries(name, lower_case=True):
        if nouns.get(noun) != "document":
            raise errors.bad_lexicon_row(str(_directory().joinpath(name)), number, noun,
                                         "not a document noun of reporting_nouns.tsv",
                                         "add it there as a document, or leave it out")
        out.add(noun)
    return frozenset(out)


def _extra(name: str, values: object) -> tuple[str, ...]:
    """``extra_verbs`` / ``extra_outlets`` as a tuple of stripped, non-empty strings."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise errors.extra_not_a_list(name, values)
    items = tuple(values)
    for position, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise errors.bad_extra_entry(name, position, item)
    return tuple(item.strip() for item in items)


@frozen
class Title:
    """A title written before a name ("Mr", "Gov.", "Lord"): its kind (``TITLE_KINDS``) and
    the gender it marks, if any."""

    kind: str
    gender: str | None

    @property
    def apart_from_the_name(self) -> bool:
        """Whether a name written after it is the name without it ("Gov. Haidai" is Haidai); a
        peer's title is part of how the peer is named ("Lord Frost")."""
        return self.kind != "peerage"

    @property
    def dropped_from_names(self) -> bool:
        """Whether it is left out of an entity's name ("Mr. Orrin" is Orrin): a form of address."""
        return self.kind == "courtesy"


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
        frames: verb frame (``VERB_FRAMES``) -> the lemmas that have it; read with
            :meth:`verbs_with`.
        documents_of_verbs: cue lemma -> the document noun it names ("report" -> "report",
            "state" -> "statement").
        titles: title without its full stop -> :class:`Title`.
        gendered_nouns: noun -> the gender of the person it describes ("spokeswoman").
        family_nouns: nouns for a relative ("daughter"), who is someone else than the namesake.
        company_words: last words of company names that start with a first name ("Motors").
        issued_nouns: documents an organisation issues about itself ("statement").
        withheld_name_markers: words that say a source is unnamed on purpose ("declined"),
            matched inside the lower-cased description.
        outlet_nouns: head nouns of an outlet described by its kind ("the Kyodo news agency").
        link_labels: all-caps paragraph labels that introduce a link or a note ("read more",
            "watch"), lower case: such a paragraph holds no claim; other labels name a topic.
        not_reporting: lemmas of wanting, planning, knowing, perceiving and seeming ("want",
            "know", "appear"), which the learned stage takes for no cue.
    """

    verbs: Mapping[str, Stance]
    belief_verbs: frozenset[str]
    nouns: Mapping[str, str]
    person_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    anonymity_markers: tuple[str, ...]
    outlets: frozenset[str] = field(converter=lambda names: frozenset(n.lower() for n in names))
    first_names: Mapping[str, str] = field(factory=dict)
    frames: Mapping[str, frozenset[str]] = field(factory=dict)
    documents_of_verbs: Mapping[str, str] = field(factory=dict)
    titles: Mapping[str, Title] = field(factory=dict)
    gendered_nouns: Mapping[str, str] = field(factory=dict)
    family_nouns: frozenset[str] = frozenset()
    company_words: frozenset[str] = frozenset()
    issued_nouns: frozenset[str] = frozenset()
    withheld_name_markers: tuple[str, ...] = ()
    outlet_nouns: frozenset[str] = frozenset()
    link_labels: frozenset[str] = frozenset()
    not_reporting: frozenset[str] = frozenset()

    def stance(self, lemma: str) -> Stance:
        return self.verbs.get(lemma.lower(), "neutral")

    def title(self, word: str) -> Title | None:
        """The title ``word`` is ("mr", "Mr." lower-cased), without its full stop; else ``None``."""
        return self.titles.get(word.rstrip("."))

    def verbs_with(self, frame: Frame) -> frozenset[str]:
        """The lemmas that have ``frame`` (verb_frames.tsv)."""
        return self.frames.get(frame, frozenset())


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
    nouns = {noun: kind for noun, kind in _rows("reporting_nouns.tsv", ("noun", "kind"), {"kind": NOUN_KINDS}).values()}
    first_names = _rows("first_names.tsv", ("name", "gender"), {"gender": GENDERS})
    gendered = _rows("gendered_nouns.tsv", ("noun", "gender"), {"gender": GENDERS})
    frames, documents_of_verbs = _verb_frames(nouns)
    return Lexicon(
        verbs=verbs,
        belief_verbs=frozenset(belief),
        nouns=nouns,
        person_nouns=frozenset(_entries("person_nouns.txt")),
        organization_nouns=frozenset(_entries("organization_nouns.txt")),
        anonymity_markers=tuple(_entries("anonymity_markers.txt")),
        outlets=[*_entries("outlets.txt"), *extra_outlets],
        first_names={name: gender for name, gender in first_names.values()},
        frames=frames,
        documents_of_verbs=documents_of_verbs,
        titles=_titles(),
        gendered_nouns={noun: gender for noun, gender in gendered.values()},
        family_nouns=frozenset(_entries("family_nouns.txt", lower_case=True)),
        company_words=frozenset(_entries("company_words.txt", lower_case=True)),
        issued_nouns=_document_nouns("issued_nouns.txt", nouns),
        withheld_name_markers=tuple(_entries("withheld_name_markers.txt", lower_case=True)),
        outlet_nouns=frozenset(_entries("outlet_nouns.txt", lower_case=True)),
        link_labels=frozenset(_entries("link_labels.txt", lower_case=True)),
        not_reporting=frozenset(_entries("not_reporting.txt", lower_case=True)),
    )


@registry.misc("claimkit.reporting_lexicon.v1")
def reporting_lexicon_v1(
    extra_verbs: Iterable[str] = (), extra_outlets: Iterable[str] = ()
) -> Lexicon:
    """Registered factory so a pipeline config can name and extend the lexicon."""
    return load_lexicon(extra_verbs, extra_outlets)
