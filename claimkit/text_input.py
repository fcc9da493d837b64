"""Unicode hygiene: the text claimkit accepts, and the names it hands out.

Two jobs, kept in one place so that every caller cleans the same way:

* **Input text.** A Python ``str`` may hold lone surrogates (U+D800–U+DFFF not in a pair,
  e.g. from ``bytes.decode(errors="surrogateescape")`` or a JSON ``"\\ud800"`` escape).
  spaCy's tokenizer cannot encode them and raises ``UnicodeEncodeError``. :func:`clean_text`
  replaces each one with U+FFFD REPLACEMENT CHARACTER before parsing. Both are one code
  point, so every offset claimkit reports stays exact with respect to the caller's string:
  ``text[span.start:span.end]`` equals ``span.text`` except that ``span.text`` holds U+FFFD
  where the caller's text held a lone surrogate. :func:`clean_id` does the same to document
  ids written to output files (JSON Lines, CSV, Parquet), which cannot encode them either.
  Nothing else is changed: no normalisation, no removal of control or format characters.

* **Names.** spaCy's NER may tag runs of white space (U+00A0, U+2002, ...) or format
  characters (U+200B, U+FEFF, U+202E) as part of, or as the whole of, a name. A name, alias
  or role claimkit keeps goes through :func:`clean_name` (edges stripped; empty means "no
  name"), and a name is only ever cut into words by :func:`name_words`, :func:`first_word`
  and :func:`last_word`, which never fail on a name that has no words.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

# Unicode categories never part of a name's edge: controls, format characters (zero-width
# space, BOM, bidi overrides), surrogates, and the separators (spaces, line and paragraph).
_EDGE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


def clean_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD; ``text`` itself when it has none.

    Lengths and offsets are unchanged (one code point for one). A well-formed ``str`` never
    holds a surrogate pair (astral characters are single code points in Python), so every
    surrogate found is a lone one.
    """
    if _SURROGATE.search(text) is None:  # the common case: no copy
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def clean_id(doc_id: str) -> str:
    """A document id safe to write to UTF-8 output: lone surrogates replaced by U+FFFD.

    Two ids that differ only in their surrogates become equal; claimkit does not check ids
    for uniqueness, so neither does this.
    """
    return clean_text(doc_id)


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _EDGE_CATEGORIES


def name_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past white space, control and format characters at both edges.

    ``start == end`` when nothing is left. For offsets of a name in the article text, so that
    a mention's offsets and its cleaned name agree.
    """
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return start, end


def clean_name(name: str) -> str:
    """``name`` without white space, control or format characters at its edges; "" when
    nothing else is left. The inside of the name is kept as written."""
    if not name or not (_is_edge_junk(name[0]) or _is_edge_junk(name[-1])):
        return name  # the common case, checked in two character lookups
    start, end = name_bounds(name, 0, len(name))
    return name[start:end]


def name_or_none(name: str | None) -> str | None:
    """:func:`clean_name` for an optional name: ``None`` for ``None`` and for a name that
    cleans to nothing."""
    return (clean_name(name) or None) if name is not None else None


def name_words(name: str) -> list[str]:
    """The words of a name: split at any white space, each word cleaned, empty ones dropped.

    ``[]`` for a name of white space or format characters only.
    """
    return [word for part in name.split() if (word := clean_name(part))]


def first_word(name: str) -> str:
    """The first word of a name, or "" when it has none."""
    words = name_words(name)
    return words[0] if words else ""


def last_word(name: str) -> str:
    """The last word of a name (a person's surname), or "" when it has none."""
    words = name_words(name)
    return words[-1] if words else ""
