"""Where an article's paragraphs and quotes are: found once per article, read by every stage.

Answers "which paragraph is this offset in?" and "is this offset inside a quote?" with a
binary search. A stage that repairs a quote gets a new layout
(:meth:`Layout.with_quotes`); a layout is never changed once made.
"""

from __future__ import annotations

import bisect
import re

from claimkit.quotes import Quote, find_quotes
from claimkit.segment import paragraph_spans

# An all-caps label opening a paragraph: "READ MORE: ...", "MARKETS: ...", "ON THE OFFER: “...”".
_LABEL = re.compile(r"([A-Z][A-Z' ]{2,24}):\s+")


class Layout:
    """The paragraphs (character ranges) and quotes of one text.

    A paragraph that opens with an all-caps label is one of two kinds. A link label
    (``link_labels``: "READ MORE:", "WATCH:") introduces a link, a caption or a note: the
    paragraph is in :attr:`label_paragraphs` and holds no claim. Any other label ("MARKETS:",
    "ON THE OFFER:") names a topic: the paragraph's body (:meth:`body_start`) is read as if
    the label were not there, so a quote right after it has no cue of its own.
    """

    def __init__(self, text: str, paragraphs: list[tuple[int, int]] | None = None,
                 quotes: list[Quote] | None = None, link_labels: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.link_labels = link_labels
        self.paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
        self._par_starts = [s for s, _ in self.paragraphs]
        self.quotes = find_quotes(text, self.paragraphs) if quotes is None else quotes
        self.label_paragraphs: set[int] = set()
        self._topic_body: dict[int, int] = {}  # paragraph -> where its body starts, after a topic label
        for number, (start, end) in enumerate(self.paragraphs):
            label = _LABEL.match(text, start, end)
            if label is None:
                continue
            if label.group(1).strip().lower() in link_labels:
                self.label_paragraphs.add(number)
            elif label.end() < end:
                self._topic_body[number] = label.end()
        # Quotes are disjoint and in text order: both lists are sorted.
        self._quote_starts = [q.outer_start for q in self.quotes]
        self._content_starts = [q.start for q in self.quotes]

    def with_quotes(self, quotes: list[Quote]) -> Layout:
        """The same text and paragraphs with ``quotes`` (repaired or flagged) instead."""
        return Layout(self.text, self.paragraphs, quotes, self.link_labels)

    def body_start(self, paragraph: int) -> int:
        """Where paragraph number ``paragraph`` starts, after a topic label if it opens with one."""
        return self._topic_body.get(paragraph, self.paragraphs[paragraph][0])

    def after_topic_label(self, offset: int) -> bool:
        """Whether ``offset`` is where a paragraph's body starts after a topic label ("MARKETS: |")."""
        paragraph = self.paragraph_of(offset)
        return paragraph in self._topic_body and self._topic_body[paragraph] == offset

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._par_starts, offset) - 1)

    def quote_at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].outer_start <= offset < self.quotes[i].outer_end:
            return self.quotes[i]
        return None

    def quotes_within(self, start: int, end: int) -> list[Quote]:
        first = bisect.bisect_left(self._content_starts, start)
        last = bisect.bisect_left(self._content_starts, end)
        return [q for q in self.quotes[first:last] if q.end <= end]
