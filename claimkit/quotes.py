"""Quotation marks paired into quotes, on the raw text, one paragraph at a time.

Scope: the styles of :data:`QUOTE_STYLES`, the one table of quotation marks: straight and
curly double quotes, straight and curly single quotes, « », ‹ ›, „ “ and „ ”. Every set of
marks claimkit reads (here, in :mod:`claimkit.quote_claims` and :mod:`claimkit.long_texts`)
is derived from it, in :class:`QuoteMarks`. Apostrophes (``Russia’s``, ``tenants'``,
``'90s``) are told from closing single quotes by their neighbours and by whether a single
quote is open at all.

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
from collections.abc import Iterable, Mapping

from attrs import frozen


@frozen
class QuoteStyle:
    """One way of marking a quotation: its opening mark and the closing mark that ends it.

    ``double``: a double-mark style, the outer quotes of most texts. ``english``: a style of
    English typography (typewriter or curly), whose single marks double as apostrophes and
    right after whose opening mark a straight mark opens a nested quote ("“'Hello'...").
    ``closing_opens``: texts that use one mark for both ends (”...”) also open with the
    closing mark, where no double quote is open, after a space and before a word.
    """

    name: str
    opening: str
    closing: str
    double: bool
    english: bool = False
    closing_opens: bool = False

    @property
    def straight(self) -> bool:
        """One mark for both ends (the typewriter's " and '), told apart by its neighbours."""
        return self.opening == self.closing


# The one table of quotation marks. Where two styles share an opening mark, the first says
# which closing mark an open quote waits for; the other closing mark ends it too („...“).
QUOTE_STYLES: tuple[QuoteStyle, ...] = (
    QuoteStyle("straight double", '"', '"', double=True, english=True),
    QuoteStyle("straight single", "'", "'", double=False, english=True),
    QuoteStyle("english double curly", "“", "”", double=True, english=True, closing_opens=True),
    QuoteStyle("english single curly", "‘", "’", double=False, english=True),
    QuoteStyle("guillemets", "«", "»", double=True),
    QuoteStyle("single guillemets", "‹", "›", double=False),
    QuoteStyle("low-high", "„", "”", double=True),  # Polish, Dutch, Hungarian
    QuoteStyle("german low-high", "„", "“", double=True),
)


@frozen
class QuoteMarks:
    """The sets of marks the rules read, each derived from a table of styles (:meth:`of`)."""

    all: frozenset[str]
    double: frozenset[str]  # the marks of double styles
    straight: frozenset[str]  # one mark for both ends: " and '
    openers: Mapping[str, str]  # opening mark (not straight) -> the closing mark it waits for
    endings: Mapping[str, frozenset[str]]  # opening mark -> every closing mark that ends it
    ambiguous: frozenset[str]  # opening marks of one style that close another: “ ends „
    closing_openers: frozenset[str]  # closing marks that open too, in one-mark texts: ”
    closing_only: frozenset[str]  # closing marks that open no other style's quote
    apostrophes: frozenset[str]  # the single marks of English styles: ' ‘ ’
    nesting_openers: frozenset[str]  # the opening marks of English styles: a straight mark nests after them
    # A paragraph that continues a quote reopens it with an outer mark: a double style's or an
    # English one's (British news opens with ‘), never ‹, which only nests inside « ».
    outer_openers: frozenset[str]
    # Closing marks that may follow a sentence's full stop: a double style's or ’. Not the
    # straight ' (after a full stop as often an abbreviation's possessive: "the U.S.' plan"),
    # nor ›, which only nests.
    sentence_closers: frozenset[str]

    @classmethod
    def of(cls, styles: Iterable[QuoteStyle]) -> QuoteMarks:
        styles = tuple(styles)
        openers: dict[str, str] = {}
        endings: dict[str, set[str]] = {}
        for style in styles:
            endings.setdefault(style.opening, set()).add(style.closing)
            if not style.straight:
                openers.setdefault(style.opening, style.closing)
        closing_only = frozenset(s.closing for s in styles if s.closing not in openers)
        return cls(
            all=frozenset(mark for s in styles for mark in (s.opening, s.closing)),
            double=frozenset(mark for s in styles if s.double for mark in (s.opening, s.closing)),
            straight=frozenset(s.opening for s in styles if s.straight),
            openers=openers,
            endings={opening: frozenset(closings) for opening, closings in endings.items()},
            ambiguous=frozenset(s.closing for s in styles if not s.straight and s.closing in openers),
            closing_openers=frozenset(s.closing for s in styles if s.closing_opens),
            closing_only=closing_only,
            apostrophes=frozenset(mark for s in styles if s.english and not s.double
                                  for mark in (s.opening, s.closing)),
            nesting_openers=frozenset(s.opening for s in styles if s.english),
            outer_openers=frozenset(s.opening for s in styles if s.english or s.double),
            sentence_closers=frozenset(s.closing for s in styles if s.closing in closing_only
                                       and (s.double or (s.english and not s.straight))),
        )


# Every module reads the marks from here at call time, so a style added to the table (or a
# test's copy of it put in its place) reaches them all.
MARKS = QuoteMarks.of(QUOTE_STYLES)

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
    return before in _OPENING_CONTEXT or (before in MARKS.nesting_openers and bool(after) and not after.isspace())


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
        if text[j] not in MARKS.apostrophes:
            continue
        before, after = text[j - 1], text[j + 1] if j + 1 < p_end else ""
        if before.isalnum() and after.isalnum():  # don't, Russia’s
            continue
        return text[j] not in MARKS.openers and not before.isspace() and not after.isalnum()
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return start, end


def _starts_with_quote(text: str, start: int, end: int) -> bool:
    return start < end and text[start] in MARKS.outer_openers


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
    marks = MARKS

    def close(open_at: int, close_at: int | None, end: int, flags: tuple[str, ...] = ()) -> None:
        if stack:  # only outermost quotes are kept
            return
        start, stop = _trim(text, open_at + 1, end)
        if start < stop:
            out.append(Quote(start, stop, open_at, close_at, flags))

    for i in range(p_start, p_end):
        ch = text[i]
        if ch not in marks.all:
            continue
        inside_double = stack.inside_double
        inside_single = stack.inside_single
        if ch in marks.straight and ch in marks.double:  # "
            if inside_double and stack.top[1] == ch:
                close(stack.pop(), i, i)
            elif inside_double and not _is_opening_straight(text, i, p_start):
                # A straight mark closing a curly opener: mixed typography, still a pair.
                close(stack.pop(), i, i, ("mismatched_marks",))
            elif not _is_stray_closer(text, i, p_start, p_end):
                stack.push(i, ch, True)
        elif ch in marks.straight:  # '
            if _is_apostrophe(text, i, p_start):
                continue
            if inside_single and stack.top[1] == ch and not _is_plural_possessive(text, i, p_end):
                close(stack.pop(), i, i)
            elif _is_opening_straight(text, i, p_start) and i + 1 < p_end and text[i + 1].isalnum():
                stack.push(i, ch, False)
        elif _acts_as_opener(text, ch, i, stack, marks):
            if ch in marks.apostrophes and _is_apostrophe(text, i, p_start):  # ‘90s
                continue
            is_double = ch in marks.double
            if is_double and inside_double and stack.top[2]:
                # A second opener before the first closed: the first was never closed.
                close(stack.pop(), None, i, ("unclosed_quote",))
            # A closing mark that opens (”...”) waits for itself.
            stack.push(i, marks.openers.get(ch, ch), is_double)
        else:  # a closing mark: ” » ’ ›, or the “ that closes „
            if ch in marks.apostrophes and (not inside_single or _is_apostrophe(text, i, p_start)
                                            or _is_plural_possessive(text, i, p_end)):
                continue  # ’ as an apostrophe
            # An opening mark that closes (“ after „) ends the innermost quote, whatever it waits
            # for; inner quotes left open end here.
            open_at = stack.pop_to(stack.top[1] if ch in marks.ambiguous else ch)
            if open_at is not None:
                close(open_at, i, i)
    if stack:
        # Only the outermost open quote matters; it runs to the paragraph end.
        open_at = stack.items[0][0]
        stack.clear()
        flag = "continued_quote" if next_opens_with_quote else "unclosed_quote"
        close(open_at, None, p_end, (flag,))
    return out


def _acts_as_opener(text: str, ch: str, i: int, stack: _OpenMarks, marks: QuoteMarks) -> bool:
    """Whether a curly mark opens a quote here.

    “ closes a „ quote (German style); a ” with nothing open, space before it and a word
    after it is an opener in texts that use one mark for both ends.
    """
    if ch in marks.ambiguous:
        return not (stack and ch in marks.endings.get(text[stack.top[0]], ()))
    if ch in marks.closing_openers:
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return not stack.inside_double and before in _OPENING_CONTEXT and after.isalnum()
    return ch in marks.openers
