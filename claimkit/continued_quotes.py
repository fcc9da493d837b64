"""Quotes with no cue of their own: kept where news convention gives them the previous speaker.

An uncued quote continues the previous claim's speaker when it opens the paragraph right
after that claim's (or the one after that, when the quote is the whole paragraph), or
follows a quoted claim in the same paragraph and is more than a scare quote. A short quoted
paragraph that reads as a section heading is not a claim. Any other uncued quote (a scare
quote, a title, words the text gives no speaker) is dropped (annotation guide, rule 4).
"""

from __future__ import annotations

from attrs import evolve
from spacy.tokens import Doc

from claimkit.clauses import FINITE_TAGS
from claimkit.drafts import Draft
from claimkit.layout import Layout
from claimkit.quote_claims import UNCUED_QUOTE
from claimkit.quotes import Quote
from claimkit.rules import rule

CONTINUED_QUOTE = rule("claim", "continued_quote", "an uncued quote that continues the previous claim's speaker")

# A quote this short with no cue is a scare quote or a title, not a claim.
_MIN_UNCUED_QUOTE_WORDS = 4
# A quoted paragraph this short may be a section heading (see _is_a_heading).
_MAX_HEADING_WORDS = 12


def continued_quotes(doc: Doc, layout: Layout, drafts: list[Draft]) -> list[Draft]:
    """The drafts, in order, with each uncued quote made a continued quote or dropped.

    An uncued quote continues the previous claim's speaker when it opens the paragraph right
    after that claim's, or follows a quoted claim in the same paragraph (and is more than a
    scare quote).
    """
    kept: list[Draft] = []
    previous: Draft | None = None
    for draft in drafts:
        if draft.rule != UNCUED_QUOTE:
            kept.append(draft)
            previous = draft
            continue
        if previous is not None and previous.start <= draft.start and draft.end <= previous.end:
            continue  # a partial quote inside the previous claim's content: part of that claim
        # A topic label ("ON THE OFFER: “...”") does not count: the quote opens the paragraph.
        paragraph_start, paragraph_end = layout.body_start(draft.paragraph), layout.paragraphs[draft.paragraph][1]
        opening = layout.quote_at(paragraph_start)
        opens_paragraph = opening is not None and opening.start == draft.start
        same_paragraph = previous is not None and previous.paragraph == draft.paragraph
        # A quote that is the whole paragraph may follow the speaker's claim after a short
        # paragraph of narration; a quote that only opens one must follow it directly.
        bare = opens_paragraph and (draft.end - draft.start) >= 0.8 * (paragraph_end - paragraph_start)
        if bare and opening is not None and _is_a_heading(doc, layout.text, draft, opening):
            continue
        reach = 2 if bare else 1
        if previous is not None and (
                (same_paragraph and previous.kind in ("direct", "mixed")
                 and _word_count(layout.text, draft) >= _MIN_UNCUED_QUOTE_WORDS)
                or (opens_paragraph and 0 < draft.paragraph - previous.paragraph <= reach)):
            continued = evolve(draft, follows=previous, rule=CONTINUED_QUOTE)
            kept.append(continued)
            previous = continued
        # Any other quote with no cue is a scare quote, a title or a quote whose speaker the
        # text does not give: not a claim (annotation guide, rule 4).
    return kept


def _is_a_heading(doc: Doc, text: str, draft: Draft, quote: Quote) -> bool:
    """A quoted paragraph that titles a section ("‘Hard to stay in one room’", "‘A Legend in
    the Valley’") rather than continuing a quote: a few words with no full stop, question or
    exclamation mark before the closing mark, and with no finite verb or in title case (a
    question mark only in title case).
    ("“Absolutely a disgrace.”" ends as a sentence does: it continues the quote.)"""
    closing = quote.close_at if quote.close_at is not None else quote.end
    ending = text[draft.end : closing]
    if any(mark in ending for mark in ".!…"):
        return False
    tokens = list(doc.char_span(draft.start, draft.end, alignment_mode="expand") or ())
    words = [t for t in tokens if t.is_alpha]
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    finite = any(t.tag_ in FINITE_TAGS for t in tokens)  # "’s" is not alphabetic
    long_words = [t for t in words if len(t) >= 4]
    title_case = len(long_words) >= 3 and all(t.text[0].isupper() for t in long_words)
    if "?" in ending:
        return title_case  # "‘Where Will They Sleep?’" titles a section; “Where will they sleep?” asks
    return not finite or title_case


def _word_count(text: str, draft: Draft) -> int:
    return sum(len(text[s:e].split()) for s, e in draft.fragments)
