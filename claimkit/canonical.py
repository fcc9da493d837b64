"""One name per source across articles: "Donald J. Trump", "Donald Trump" and "Trump" as one.

Within an article the entity table already gives each source one name. Across articles the
same person may be written differently; :class:`CanonicalNames` groups the resolved names of
a corpus (a report, a table) and gives each group one display name:

* names whose words agree once case, accents, possessives and middle initials are set aside
  ("Donald J. Trump", "Donald Trump") are one source, shown under the spelling used most
  often (the longest, on a tie);
* a person's bare surname ("Trump", an article that never gave the full name) joins the one
  full name in the corpus with that surname, when there is exactly one; with two ("Justin
  Trudeau", "Sophie Trudeau") it stays apart;
* a person and an organisation are never one source.

Scope and limits: string matching only (no knowledge of who is who); a first-name-only
mention is not merged; middle initials are set aside, so "George H. W. Bush" and "George W.
Bush" are one source; names in other scripts are matched through their transliteration
(:func:`claimkit.names.normalise`: "Путин" joins "Владимир Путин").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from claimkit.names import normalise

# Pronouns that name no one until resolved ("they", "it"): never a source of their own.
# Grammar (a closed class), not lexicon data.
PRONOUNS = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "one"})

Key = tuple[bool, tuple[str, ...]]  # (is a person, the name's words without middle initials)


def _key(name: str, kind: str | None) -> Key:
    words = tuple((normalise(name) or name.casefold()).split())
    # "Donald J. Trump" and "Donald Trump": an initial between two words is set aside.
    kept = tuple(w for i, w in enumerate(words) if not (len(w) == 1 and 0 < i < len(words) - 1))
    return kind == "person", kept or words


class CanonicalNames:
    """The canonical name of each resolved speaker name in a corpus (see the module's rules)."""

    def __init__(self, names: Iterable[tuple[str, str | None]]) -> None:
        """``names``: every ``(speaker_name, speaker_kind)`` of the corpus, one per claim."""
        spellings: dict[Key, Counter[str]] = {}
        for name, kind in names:
            spellings.setdefault(_key(name, kind), Counter())[name] += 1
        # A bare surname joins the one full name with that surname.
        full_by_surname: dict[str, list[Key]] = {}
        for key in spellings:
            if key[0] and len(key[1]) > 1:
                full_by_surname.setdefault(key[1][-1], []).append(key)
        self._group: dict[Key, Key] = {}
        for key in spellings:
            fuller = full_by_surname.get(key[1][-1], []) if key[0] and len(key[1]) == 1 else []
            self._group[key] = fuller[0] if len(fuller) == 1 else key
        merged: dict[Key, Counter[str]] = {}
        for key, counts in spellings.items():
            merged.setdefault(self._group[key], Counter()).update(counts)
        self._display = {group: _display(counts, full=len(group[1]) > 1) for group, counts in merged.items()}

    def of(self, name: str, kind: str | None) -> str:
        """The canonical name of ``name`` (``name`` itself when the corpus never gave it)."""
        key = _key(name, kind)
        group = self._group.get(key)
        return self._display[group] if group is not None else name


def _display(counts: Counter[str], full: bool) -> str:
    """The spelling used most often; on a tie the longest, then the first in alphabetical order.
    For a group led by a full name, a bare surname is never the display name."""
    candidates = [n for n in counts if not full or len(n.split()) > 1] or list(counts)
    return min(candidates, key=lambda n: (-counts[n], -len(n), n))
