"""Token indices picked from the Doc's attribute arrays, before any Token object is made.

spaCy makes a new Python ``Token`` for every ``doc[i]`` and every step of ``for token in doc``:
on a news article that is most of what a pass over all its words costs. A stage that reads
only a few kinds of word (verbs, subjects) asks here first for where they are, and makes
Tokens for those only.

Scope and limits: tests on part of speech, dependency label and lower-case form; anything
finer is the caller's, on the Tokens it gets.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy
from spacy import symbols
from spacy.attrs import DEP, HEAD, LOWER, POS
from spacy.tokens import Doc


def indices_where(doc: Doc, pos: Collection[str] = (), deps: Collection[str] = (),
                  words: Collection[str] = ()) -> list[int]:
    """The indices of the tokens of ``doc`` (in order) whose coarse part of speech is one of
    ``pos`` and whose dependency label is one of ``deps`` (an empty test passes every token;
    with ``words`` alone, none), and, besides those, of the tokens whose lower-case form is one
    of ``words``."""
    if len(doc) == 0:
        return []
    chosen = tokens_where(doc, pos, deps) if pos or deps or not words else numpy.zeros(len(doc), dtype=bool)
    if words:
        chosen |= numpy.isin(doc.to_array(LOWER), [doc.vocab.strings.as_int(w) for w in words])
    result: list[int] = numpy.flatnonzero(chosen).tolist()
    return result


def tokens_where(doc: Doc, pos: Collection[str] = (), deps: Collection[str] = ()) -> numpy.ndarray:
    """One flag per token of ``doc``: its coarse part of speech is one of ``pos`` and its
    dependency label one of ``deps`` (an empty test passes every token)."""
    chosen = numpy.ones(len(doc), dtype=bool)
    if pos:
        chosen &= numpy.isin(doc.to_array(POS), [symbols.IDS[p] for p in pos])
    if deps:
        chosen &= numpy.isin(doc.to_array(DEP), [doc.vocab.strings.as_int(d) for d in deps])
    return chosen


def parents_of(doc: Doc, deps: Collection[str]) -> numpy.ndarray:
    """One flag per token of ``doc``: a token hangs from it with one of the labels ``deps``."""
    flags = numpy.zeros(len(doc), dtype=bool)
    if len(doc):
        children = numpy.flatnonzero(tokens_where(doc, deps=deps))
        # HEAD holds each token's head as an offset from the token itself
        flags[children + doc.to_array(HEAD)[children].astype(numpy.int64)] = True
    return flags
