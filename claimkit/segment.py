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
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

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


def set_paragraph_boundaries(doc: Doc) -> Doc:
    """Mark the first token of every paragraph as a sentence start (before the parser runs).

    The parser keeps boundaries set before it, so no sentence will cross a paragraph break.
    """
    starts = {start for start, _ in paragraph_spans(doc.text)}
    for token in doc[1:]:
        if token.idx in starts:
            first = token.i
            # A bullet or ellipsis trimmed off the paragraph ("• Bullet", "...and") belongs to
            # it, not to the end of the previous sentence; a line break token stops the walk.
            while first > 0 and not doc[first - 1].is_space and \
                    all(char in _LEADING_MARKS for char in doc[first - 1].text):
                first -= 1
            doc[first].is_sent_start = True
    return doc



def sentence_of(token: Token) -> Span:
    """The sentence holding ``token``, found by walking to the nearest boundaries.

    spaCy's ``Token.sent`` re-checks the whole Doc for sentence annotation on every call,
    which makes per-cue lookups quadratic in the length of an article; this stays local.
    """
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
