"""Paragraphs: found in the raw text, enforced as hard sentence boundaries.

spaCy's parser happily runs a sentence across a line break; in news text a paragraph break
always ends a sentence, and a quotation mark left open at a paragraph end means "the quote
goes on in the next paragraph", not "pair me with the next mark". So paragraphs are found
first, on the raw string, and everything downstream respects them.

What counts as a paragraph break:

* a blank line, where a "blank" line may hold stray punctuation: some corpora separate
  paragraphs with ``"\\n .\\n "``;
* in a text with no blank lines at all, every line break (one paragraph per line, as in
  most scraped articles). In a text that has blank lines, a single line break is a soft wrap.

Sentences: :func:`sentence_of` answers from one index of the Doc's boundaries during an
extraction (:func:`indexed_sentences`), so a lookup never costs the length of a sentence.

Crowded sentences, a cap on what one sentence may cost: reading a cue walks its subtree and
its sentence, and pairing a quote with a cue weighs every cue of the quote's sentence, so a
"sentence" holding thousands of quotes or cues (no full stop in 100,000 characters of
``“ab” “ab” ...`` or ``he said that he said that ...``) would cost their number times its
length. A sentence is *crowded* when it holds more than :data:`MAX_SENTENCE_TOKENS` tokens,
:data:`MAX_SENTENCE_MARKS` quotation marks (apostrophes included) or :data:`MAX_SENTENCE_CUES`
cues. No news sentence comes near: in 34,582 sentences of the dev and train corpora the
most were 223 tokens, 17 marks and 6 cues. Such runs come from markup, tables or lists that
lost their punctuation, or from hostile input. :mod:`claimkit.pipeline` takes the cheaper
path there (:func:`spare_crowded_sentences`): no cue in a crowded sentence is read, so it
yields no indirect claim; its quotes are flagged ``crowded_sentence`` and, having no cue
there (a colon right before one aside), are kept only where the continued-quote rules keep
an uncued quote.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar, cast

import attrs
import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from claimkit.quotes import MARKS, Quote

# Caps beyond which a sentence is crowded (module docstring): several times the most seen in news.
MAX_SENTENCE_TOKENS = 1000
MAX_SENTENCE_MARKS = 200
MAX_SENTENCE_CUES = 25
_QUOTATION_MARK = re.compile("[" + re.escape("".join(sorted(MARKS.all))) + "]")
CROWDED = "crowded_sentence"  # the flag of a claim whose quote lies in a crowded sentence


class _Anchored(Protocol):
    @property
    def anchor(self) -> Token: ...


_Cue = TypeVar("_Cue", bound=_Anchored)  # a cue (claimkit.cues imports this module, so no import back)

# A line holding nothing but white space and punctuation, between two line breaks.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v.·•*_\-–—]*\n[ \t\r\f\v]*")
_LINE_BREAK = re.compile(r"\n[ \t\r\f\v]*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of the paragraphs of ``text``, trimmed of white space.

    Empty paragraphs are dropped; the ranges are in order and never overlap.
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    spans = []
    start = 0
    for match in separator.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))[0] < trimmed[1]]


# Marks trimmed off a paragraph's start: bullets, stray dots, ellipses, emphasis.
_LEADING_MARKS = ".·•*_"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _LEADING_MARKS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


PARAGRAPHS_KEY = "claimkit.paragraphs"
"""Where :func:`set_paragraph_boundaries` leaves the paragraphs' ``[start, end]`` ranges."""


def paragraphs_of(doc: Doc, text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``doc`` (whose text is ``text``): as the paragraph component found
    them, else found now (a Doc made by a pipeline without it)."""
    stored = doc.user_data.get(PARAGRAPHS_KEY)
    if stored is None:
        return paragraph_spans(text)
    return [(int(start), int(end)) for start, end in stored]


def set_paragraph_boundaries(doc: Doc) -> Doc:
    """Mark the first token of every paragraph as a sentence start (before the parser runs).

    The parser keeps boundaries set before it, so no sentence will cross a paragraph break.
    The paragraphs are kept in ``doc.user_data`` (:data:`PARAGRAPHS_KEY`), so that the
    claimkit component does not find them again.
    """
    spans = paragraph_spans(doc.text)
    doc.user_data[PARAGRAPHS_KEY] = [list(span) for span in spans]  # plain lists: msgpack keeps them
    starts = {start for start, _ in spans}
    firsts = []
    for token in doc[1:]:
        if token.idx in starts:
            first = token.i
            # A bullet or ellipsis trimmed off the paragraph ("• Bullet", "...and") belongs to
            # it, not to the end of the previous sentence; a line break token stops the walk.
            while first > 0 and not doc[first - 1].is_space and \
                    all(char in _LEADING_MARKS for char in doc[first - 1].text):
                first -= 1
            firsts.append(first)
    if firsts:
        if doc.has_annotation("DEP"):
            doc[firsts[0]].is_sent_start = True  # raises spaCy's own error (E043), as before
        # One write for all: spaCy's Token.is_sent_start setter re-checks the whole Doc on
        # every call, quadratic in a text of thousands of one-line paragraphs.
        flags = doc.to_array([SENT_START])  # one column comes back flat
        flags[firsts] = 1
        doc.from_array([SENT_START], cast(Ints2d, flags.reshape(-1, 1)))  # spaCy's stub calls to_array's result float
    return doc


class SentenceIndex:
    """The sentence boundaries of one Doc, read once: :meth:`sentence_of` costs a bisection.

    A snapshot: it describes the Doc's sentence starts when it was built, and is only
    correct while nobody changes them. Build it after the parser, use it for one pass.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # SENT_START is 1 at a sentence start, -1 inside a sentence, 0 unknown; the first
        # token always starts one, whatever its value says.
        self.starts: list[int] = []
        self._char_starts: list[int] | None = None  # made on first use
        if len(doc):
            flags = doc.to_array("SENT_START")
            self.starts = sorted({0, *numpy.flatnonzero(flags == 1).tolist()})

    def sentence_of(self, token: Token) -> Span:
        """The sentence holding ``token`` (a token of this index's Doc)."""
        k = bisect.bisect_right(self.starts, token.i) - 1
        return self.doc[self.starts[k] : self._end(k)]

    def _end(self, k: int) -> int:
        return self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)

    def _number_at(self, offset: int) -> int:
        """The number of the sentence a character offset falls in (white space between two
        sentences belongs to the one before it)."""
        if self._char_starts is None:
            self._char_starts = [self.doc[start].idx for start in self.starts]
        return max(0, bisect.bisect_right(self._char_starts, offset) - 1)

    def crowded(self, text: str, cue_anchors: Iterable[Token]) -> set[int]:
        """The numbers of the crowded sentences (see the module docstring), counting the
        quotation marks of ``text`` (the Doc's text) and one ``cue_anchors`` token per cue."""
        marks = Counter(self._number_at(m.start()) for m in _QUOTATION_MARK.finditer(text))
        cues = Counter(bisect.bisect_right(self.starts, token.i) - 1 for token in cue_anchors)
        return {k for k, start in enumerate(self.starts)
                if self._end(k) - start > MAX_SENTENCE_TOKENS or marks[k] > MAX_SENTENCE_MARKS
                or cues[k] > MAX_SENTENCE_CUES}

    def spare_crowded(self, text: str, cues: list[_Cue], quotes: list[Quote]) -> tuple[list[_Cue], list[Quote]]:
        """The cheaper path through crowded sentences: ``cues`` without those in one, and
        ``quotes`` with those that start or end in one flagged :data:`CROWDED`.

        Both lists come back as given (the same objects) when no sentence is crowded.
        """
        crowded = self.crowded(text, (cue.anchor for cue in cues))
        if not crowded:
            return cues, quotes
        kept = [cue for cue in cues if bisect.bisect_right(self.starts, cue.anchor.i) - 1 not in crowded]
        flagged = [attrs.evolve(quote, flags=(*quote.flags, CROWDED))
                   if {self._number_at(quote.outer_start), self._number_at(quote.outer_end - 1)} & crowded else quote
                   for quote in quotes]
        return kept, flagged


# The index of the Doc claimkit is extracting from, set by :func:`indexed_sentences` for
# the length of one extraction. Why not a cache keyed by Doc: ``doc.user_data`` is
# serialised with the Doc (DocBin, pickling to worker processes); a dict keyed by ``id(doc)``
# can hand a dead Doc's index to a new Doc that reuses its address; and any cache that
# outlives the extraction can go stale when the caller sets ``is_sent_start`` afterwards.
# A ContextVar is per thread (and per asyncio task), holds the Doc only while the ``with``
# block runs, and is cleared on the way out, so nothing leaks.
_ACTIVE: ContextVar[SentenceIndex | None] = ContextVar("claimkit_sentence_index", default=None)


@contextmanager
def indexed_sentences(doc: Doc) -> Iterator[SentenceIndex]:
    """Within this block, :func:`sentence_of` answers for ``doc``'s tokens from one index.

    The caller promises not to change ``doc``'s sentence boundaries inside the block
    (claimkit's extraction only reads the Doc). Blocks nest; the innermost one wins.
    """
    index = SentenceIndex(doc)
    reset = _ACTIVE.set(index)
    try:
        yield index
    finally:
        _ACTIVE.reset(reset)


def spare_crowded_sentences(doc: Doc, text: str, cues: list[_Cue], quotes: list[Quote]
                            ) -> tuple[list[_Cue], list[Quote]]:
    """The cheaper path through ``doc``'s crowded sentences (module docstring): ``cues``
    without those in a crowded sentence, and ``quotes`` with those that start or end in one
    flagged :data:`CROWDED`. ``text`` is ``doc.text`` (read once by the caller).

    Uses the index of :func:`indexed_sentences` when one is active for ``doc``. Both lists
    come back as given (the same objects) when no sentence is crowded.
    """
    index = _ACTIVE.get()
    return (index if index is not None and index.doc is doc else SentenceIndex(doc)).spare_crowded(text, cues, quotes)


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token``.

    Inside :func:`indexed_sentences` for the token's Doc this is a bisection in an index
    read once per Doc, so a sentence holding thousands of quotes or cues costs no more per
    lookup than a short one. Elsewhere it walks to the nearest boundaries, which costs the
    length of the sentence. (spaCy's ``Token.sent`` re-checks the whole Doc for sentence
    annotation on every call: quadratic in the length of an article either way.)
    """
    index = _ACTIVE.get()
    if index is not None and index.doc is token.doc:
        return index.sentence_of(token)
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
