"""Quotation marks paired into quotes, on the raw text, one paragraph at a time.

Scope: straight and curly double quotes, straight and curly single quotes, « », „ “ and
„ ”. Apostrophes (``Russia’s``, ``tenants'``, ``'90s``) are told from closing single quotes
by their neighbours and by whether a single quote is open at all.

Limits, on purpose:

* Marks never pair across a paragraph break. A quote still open at a paragraph end is
  closed there: flagged ``continued_quote`` when the next paragraph opens with a quotation
  mark (the news convention for a quote running over paragraphs), ``unclosed_quote``
  otherwise. Nothing here raises on unbalanced marks.
* Only outermost quotes are returned; a single-quoted phrase inside a double-quoted one
  is part of the outer quote.
"""

from __future__ import annotations

import re
from collections import Counter

from attrs import frozen

OPENERS = {"“": "”", "«": "»", "„": "”", "‘": "’", "‹": "›"}
DOUBLE = set("\"“”«»„")
# Characters trimmed from either end of a quote's content: the annotation guide's
# "content runs from its first to its last word".
EDGE_PUNCTUATION = " \t\n\r,.;:!?-–—…"
_OPENING_CONTEXT = set(" \t\n\r([{—–-/") | {""}
# Elided words that open with an apostrophe: 'em, 'til, 'cause (a whole word each).
_ELISION = re.compile(r"(?:em|til|cause)\b")


@frozen
class Quote:
    """One quotation: ``start``/``end`` bound the content (marks excluded, trimmed).

    ``open_at``/``close_at`` are the offsets of the marks themselves (``close_at`` is
    ``None`` when the quote was closed by a paragraph end).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    flags: tuple[str, ...] = ()

    @property
    def outer_start(self) -> int:
        return self.open_at

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def _is_opening_straight(text: str, i: int, par_start: int) -> bool:
    before = text[i - 1] if i > par_start else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before in _OPENING_CONTEXT or (before in "“‘\"'" and bool(after) and not after.isspace())


def _is_stray_closer(text: str, i: int, par_start: int, par_end: int) -> bool:
    """A straight mark that can only close (``nothing," and``) with no quote open: ignored,
    like a stray ``”``, rather than opening a quote that runs to the paragraph end."""
    before = text[i - 1] if i > par_start else ""
    after = text[i + 1] if i + 1 < par_end else ""
    return before not in _OPENING_CONTEXT and (not after or after.isspace())


def _is_apostrophe(text: str, i: int, par_start: int) -> bool:
    """A single quote between word characters (``don't``), or an elision (``'90s``)."""
    before = text[i - 1] if i > par_start else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isalnum() and after.isalnum():
        return True
    # 'em, '90s, 'til: an opening-looking mark followed by a short elided form.
    tail = text[i + 1 : i + 7].lower()
    return before in _OPENING_CONTEXT and (tail[:2].isdigit() or _ELISION.match(tail) is not None)


def _is_plural_possessive(text: str, i: int, p_end: int) -> bool:
    """``tenants' union`` inside a single-quoted quote: an apostrophe, not the closing mark.

    Only when the mark follows an ``s``, a word follows it, and the next single mark in the
    paragraph looks like a closer (``'The tenants' union will sue,' she said``). When the
    next mark looks like an opener (``'yes' and 'no'``), this one closes the quote.
    """
    if i == 0 or text[i - 1] not in "sS" or i + 2 >= p_end or text[i + 1] != " " or not text[i + 2].isalnum():
        return False
    for j in range(i + 1, p_end):
        if text[j] not in "'‘’":
            continue
        before, after = text[j - 1], text[j + 1] if j + 1 < p_end else ""
        if before.isalnum() and after.isalnum():  # don't, Russia’s
            continue
        return text[j] != "‘" and not before.isspace() and not after.isalnum()
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return start, end


def _starts_with_quote(text: str, start: int, end: int) -> bool:
    return start < end and text[start] in "\"“«„'‘"


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """All outermost quotes in ``text``, given its paragraph ranges (see :mod:`claimkit.segment`)."""
    quotes: list[Quote] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        next_opens = number + 1 < len(paragraphs) and _starts_with_quote(text, *paragraphs[number + 1])
        quotes.extend(_paragraph_quotes(text, p_start, p_end, next_opens))
    return quotes


class _OpenMarks:
    """The quotation marks open in a paragraph, innermost last, as ``(offset of the opening
    mark, the closing mark it waits for, is_double)``.

    Running counts answer "is a double (single) quote open?" and "does any open mark wait
    for this closer?" at once: a paragraph of thousands of unclosed ``‘`` would otherwise make
    every further mark rescan all of them (quadratic). Popping to a closer walks only over
    the marks it removes, so it costs their number, once each.
    """

    def __init__(self) -> None:
        self.items: list[tuple[int, str, bool]] = []
        self.doubles = 0
        self.waiting: Counter[str] = Counter()

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def top(self) -> tuple[int, str, bool]:
        return self.items[-1]

    @property
    def inside_double(self) -> bool:
        return self.doubles > 0

    @property
    def inside_single(self) -> bool:
        return len(self.items) > self.doubles

    def push(self, open_at: int, closer: str, is_double: bool) -> None:
        self.items.append((open_at, closer, is_double))
        self.doubles += is_double
        self.waiting[closer] += 1

    def pop(self) -> int:
        """Drop the innermost open mark; its offset."""
        open_at, closer, is_double = self.items.pop()
        self.doubles -= is_double
        self.waiting[closer] -= 1
        return open_at

    def pop_to(self, closer: str) -> int | None:
        """Close the innermost mark waiting for ``closer`` (inner marks left open end with
        it); its offset, or ``None`` when no open mark waits for ``closer``."""
        if not self.waiting[closer]:
            return None
        while self.items[-1][1] != closer:
            self.pop()
        return self.pop()

    def clear(self) -> None:
        self.items.clear()
        self.doubles = 0
        self.waiting.clear()


def _paragraph_quotes(text: str, p_start: int, p_end: int, next_opens_with_quote: bool) -> list[Quote]:
    out: list[Quote] = []
    stack = _OpenMarks()

    def close(open_at: int, close_at: int | None, end: int, flags: tuple[str, ...] = ()) -> None:
        if stack:  # only outermost quotes are kept
            return
        start, stop = _trim(text, open_at + 1, end)
        if start < stop:
            out.append(Quote(start, stop, open_at, close_at, flags))

    for i in range(p_start, p_end):
        ch = text[i]
        if ch not in "\"'“”«»„‘’‹›":
            continue
        inside_double = stack.inside_double
        inside_single = stack.inside_single
        if ch == '"':
            if inside_double and stack.top[1] == '"':
                close(stack.pop(), i, i)
            elif inside_double and not _is_opening_straight(text, i, p_start):
                # A straight mark closing a curly opener: mixed typography, still a pair.
                close(stack.pop(), i, i, ("mismatched_marks",))
            elif not _is_stray_closer(text, i, p_start, p_end):
                stack.push(i, '"', True)
        elif ch == "'":
            if _is_apostrophe(text, i, p_start):
                continue
            if inside_single and stack.top[1] == "'" and not _is_plural_possessive(text, i, p_end):
                close(stack.pop(), i, i)
            elif _is_opening_straight(text, i, p_start) and i + 1 < p_end and text[i + 1].isalnum():
                stack.push(i, "'", False)
        elif _acts_as_opener(text, ch, i, stack):
            if ch == "‘" and _is_apostrophe(text, i, p_start):
                continue
            is_double = ch in DOUBLE
            if is_double and inside_double and stack.top[2]:
                # A second opener before the first closed: the first was never closed.
                close(stack.pop(), None, i, ("unclosed_quote",))
            stack.push(i, OPENERS.get(ch, "”"), is_double)
        else:  # a closing mark: ” » ’ ›, or the “ that closes „
            if ch == "’" and (not inside_single or _is_apostrophe(text, i, p_start)
                              or _is_plural_possessive(text, i, p_end)):
                continue
            open_at = stack.pop_to("”" if ch == "“" else ch)  # inner quotes left open end here
            if open_at is not None:
                close(open_at, i, i)
    if stack:
        # Only the outermost open quote matters; it runs to the paragraph end.
        open_at = stack.items[0][0]
        stack.clear()
        flag = "continued_quote" if next_opens_with_quote else "unclosed_quote"
        close(open_at, None, p_end, (flag,))
    return out


def _acts_as_opener(text: str, ch: str, i: int, stack: _OpenMarks) -> bool:
    """Whether a curly mark opens a quote here.

    “ closes a „ quote (German style); a ” with nothing open, space before it and a word
    after it is an opener in texts that use one mark for both ends.
    """
    if ch == "“":
        return not (stack and text[stack.top[0]] == "„")
    if ch == "”":
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return not stack.inside_double and before in _OPENING_CONTEXT and after.isalnum()
    return ch in OPENERS
