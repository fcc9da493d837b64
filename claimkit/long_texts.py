"""Articles too long to parse in one go: cut on paragraph boundaries, offsets mapped back.

spaCy refuses texts over ``nlp.max_length`` and the parser's memory grows with the length
of a text, so anything over :data:`PIECE_CHARS` is parsed in pieces. Pieces end at
paragraph breaks; a single paragraph longer than a piece is cut at the last sentence end
(or, failing that, the last white space) before the limit. Claims never cross a piece, and
the entity table is per piece: a pronoun at the start of a piece cannot reach a name in
the previous one. Every span is shifted back into the original text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from claimkit import quotes as quote_table
from claimkit.claims import Claim, TextSpan
from claimkit.segment import paragraph_spans

PIECE_CHARS = 100_000


@functools.lru_cache(maxsize=4)
def _sentence_end(closers: frozenset[str]) -> re.Pattern[str]:
    """A sentence end: a full stop, question or exclamation mark, then maybe one of
    ``closers`` (the quotation marks that may follow it, :class:`claimkit.quotes.QuoteMarks`)
    or a bracket, then white space."""
    return re.compile(f"[.!?][{re.escape(''.join(sorted(closers)))})]?\\s")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` ranges covering the paragraphs of ``text``, each at most ``limit`` long."""
    out: list[tuple[int, int]] = []
    start = end = None
    for p_start, p_end in paragraph_spans(text):
        for s, e in _cut(text, p_start, p_end, limit):
            if start is None:
                start, end = s, e
            elif e - start <= limit:
                end = e
            else:
                out.append((start, end))  # type: ignore[arg-type]
                start, end = s, e
    if start is not None:
        out.append((start, end))  # type: ignore[arg-type]
    return out


def _cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """One paragraph as ranges of at most ``limit`` characters."""
    out = []
    while end - start > limit:
        window = text[start : start + limit]
        stops = [m.end() for m in _sentence_end(quote_table.MARKS.sentence_closers).finditer(window)]
        cut = stops[-1] if stops and stops[-1] > limit // 2 else (window.rfind(" ") + 1 or limit)
        if cut <= 0:
            cut = limit
        out.append((start, start + cut))
        start += cut
    out.append((start, end))
    return out


def shifted(claims: list[Claim], offset: int) -> list[Claim]:
    """``claims`` of a piece starting at ``offset``, with every span moved into the whole text."""
    if offset == 0:
        return claims
    return [_moved(claim, offset) for claim in claims]


def _moved(value: Any, offset: int) -> Any:
    """``value`` with every :class:`TextSpan` in it ``offset`` characters later (``attrs.evolve``).

    Walks attrs instances and tuples, so every span of a claim moves (content, fragments,
    cue, speaker mention, relays), including any span field a class gains later; a value
    with no span in it is returned as it is.
    """
    if isinstance(value, TextSpan):
        return attrs.evolve(value, start=value.start + offset, end=value.end + offset)
    if isinstance(value, tuple):
        items = tuple(_moved(item, offset) for item in value)
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    if attrs.has(type(value)):
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _moved(old, offset)
            if new is not old:
                changes[field.alias] = new
        return attrs.evolve(value, **changes) if changes else value
    return value
