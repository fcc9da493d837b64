"""Claims made by quotes: a quote and the cue beside it (direct speech), or a reported clause
that takes a partial quote in (mixed speech).

A quote's cue is, in order: a cue before it whose reported clause takes the quote in (mixed);
the nearest cue after it, in its last sentence ("..., he said"); the nearest cue before it
("He said: “...”"); a colon that opens it ("Mayor: “...”"). A quote split by its own cue
("“We will,” he said, “win.”") is one claim with two fragments; so is "“A,” she said. “B.”"
unless ``merge_quote_sentences`` is off. A quote with no cue is left as an ``uncued_quote``
draft for :mod:`claimkit.continued_quotes` to keep or drop.
"""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.tokens import Doc, Span

from claimkit import quotes as quote_table
from claimkit.content import QUOTED_WORDS, Contents
from claimkit.cues import CueMatch, colon_cue
from claimkit.drafts import Draft
from claimkit.layout import Layout
from claimkit.lexicon import Lexicon
from claimkit.quotes import EDGE_PUNCTUATION, Quote
from claimkit.rules import rule
from claimkit.segment import sentence_of
from claimkit.speakers import speaker_head

QUOTE_CUE = {
    "before": rule("claim", "quote_cue_before", "a quote after its cue ('He said: “...”')"),
    "after": rule("claim", "quote_cue_after", "a quote before its cue, in the same sentence ('“...,” she said')"),
    "colon": rule("claim", "quote_cue_colon", "a quote opened by a colon after its speaker ('Mayor: “...”')"),
}
MIXED = {
    "before": rule("claim", "mixed_before", "a reported clause after its cue that takes a partial quote in"),
    "after": rule("claim", "mixed_after", "a reported clause before its cue that takes a partial quote in"),
    "colon": rule("claim", "mixed_colon", "a colon cue whose clause takes a partial quote in"),
}
UNCUED_QUOTE = rule("claim", "uncued_quote", "a quote with no cue: kept only where it continues a speaker")

# How many tokens may stand between a quote's closing mark and its cue (", he told CNN").
_CUE_AFTER_WINDOW = 12
# Mixed when the reported clause has at least this many words outside the partial quote.
_MIXED_MIN_OUTSIDE = 2


def repaired_quotes(doc: Doc, layout: Layout, cues: list[CueMatch], lexicon: Lexicon) -> Layout:
    """The layout with every quote whose closing mark is missing before its own attribution cut there.

    In “We are ready, the chief said. the unclosed quote swallows ", the chief said"; the
    quote is cut at the comma before a cue whose subject sits between that comma and the
    cue, so the claim survives (still flagged ``unclosed_quote``).
    """
    anchors = [c.anchor.idx for c in cues]  # in text order, as find_cues walks the Doc
    quotes, repaired = list(layout.quotes), False
    for number, quote in enumerate(layout.quotes):
        if "unclosed_quote" not in quote.flags:
            continue
        # The cues inside the quote, by bisection: a paragraph of thousands of unclosed quotes
        # must not cost every cue per quote.
        for cue in cues[bisect.bisect_right(anchors, quote.start) : bisect.bisect_left(anchors, quote.end)]:
            if cue.shape != "verb":
                continue
            subject = speaker_head(cue, lexicon)
            if subject is None:
                continue
            clause_start = min(subject.left_edge.i, cue.span.start)
            comma = doc[clause_start - 1] if clause_start > 0 else None
            if comma is not None and comma.text == "," and comma.idx > quote.start:
                end = len(layout.text[quote.start : comma.idx].rstrip(EDGE_PUNCTUATION)) + quote.start
                quotes[number], repaired = Quote(quote.start, end, quote.open_at, None, quote.flags), True
                break
    # One new layout for all repairs (one per repair would copy every quote each time).
    return layout.with_quotes(quotes) if repaired else layout


def _first_and_last_sentence(doc: Doc, start: int, end: int) -> tuple[Span, Span] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return sentence_of(doc[span.start]), sentence_of(doc[span.end - 1])


def _ends_a_question_or_exclamation(text: str, quote: Quote) -> bool:
    """ "Are there prizes?” — the mark before the closing quotation mark is ? or !."""
    return quote.close_at is not None and text[quote.end : quote.close_at].strip()[-1:] in ("?", "!")


def _cue_for_quote(doc: Doc, text: str, quote: Quote, cues_by_sentence: dict[int, list[CueMatch]],
                   contents: Contents) -> tuple[CueMatch | None, str]:
    """The cue a quote hangs on, and on which side of it ("before" / "after").

    In order: a cue before the quote whose reported clause takes the quote in (mixed
    speech, "said Russia is “deploying ...”"); the nearest cue after the quote, in its last
    sentence, that reports nothing else ("..., he said"); the nearest cue before it
    ("He said: “...”"). A cue whose own clause lies elsewhere is never taken.
    """
    bounds = _first_and_last_sentence(doc, quote.outer_start, quote.outer_end)
    if bounds is None:
        return None, ""
    first, last = bounds

    def free_for(cue: CueMatch) -> bool:
        clause = contents.complement(cue)
        return clause is None or (clause.start_char <= quote.start and clause.end_char >= quote.start) \
            or quote.start <= clause.start_char < quote.outer_end

    before = sorted((c for c in cues_by_sentence.get(first.start, ()) if c.anchor.idx < quote.outer_start
                     and free_for(c)), key=lambda c: c.anchor.i, reverse=True)
    after = sorted((c for c in cues_by_sentence.get(last.start, ()) if c.anchor.idx >= quote.outer_end
                    and free_for(c)), key=lambda c: c.anchor.i)
    if (not after and _ends_a_question_or_exclamation(text, quote) and last.end < len(doc)
            and last.end_char <= quote.outer_end + 1):
        # “Are there prizes?” Lincicome asked.  The question mark ended the sentence; the cue
        # opens the next one.
        following = sentence_of(doc[last.end])
        after = [c for c in cues_by_sentence.get(following.start, ()) if c.anchor.i - following.start <= 4
                 and free_for(c)]
    for cue in before:
        clause = contents.complement(cue)
        if clause is not None and clause.start_char < quote.outer_start <= clause.end_char:
            return cue, "before"
    if after:
        tokens_between = after[0].anchor.i - sentence_of(after[0].anchor).start
        quote_span = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
        if quote_span is not None:
            tokens_between = after[0].anchor.i - quote_span.end
        if tokens_between <= _CUE_AFTER_WINDOW or not before:
            return after[0], "after"
    if before:
        return before[0], "before"
    return None, ""


_RESUME_WINDOW = 12  # tokens that may stand between a cue and the quote it resumes
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _resumes_after(doc: Doc, text: str, cue: CueMatch, quote: Quote) -> bool:
    """Whether ``quote`` resumes the words its cue interrupted ("“We will,” he said as he
    left the court on Monday, “win.”"), rather than sitting in a new clause of the writer's
    ("“Really?” she said, but he went on about “the rigged system”")."""
    if cue.span.end_char > quote.outer_start or _SENTENCE_END.search(text, cue.span.end_char, quote.outer_start):
        return False  # only inside the cue's own sentence
    between = [t for t in doc[cue.span.end : cue.span.end + _RESUME_WINDOW + 1] if t.idx < quote.outer_start]
    if len(between) > _RESUME_WINDOW:
        return False
    conjunction = next((t.i for t in between if t.dep_ == "cc" and t.lower_ in ("but", "and", "yet", "or", "so")), None)
    return conjunction is None or not any(t.dep_ in ("nsubj", "nsubjpass") and t.i > conjunction for t in between)


def _opens_a_sentence(layout: Layout, quote: Quote) -> bool:
    """Whether ``quote`` opens a sentence: “B.” in "“A,” she said. “B.”" continues A's
    speaker; “B” in "..., and as he went on about “B”" is a word inside the writer's prose.
    Read off the characters (sentence ends, paragraph start), as the parser's sentence
    boundaries around quotation marks are unreliable."""
    paragraph_start = layout.paragraphs[layout.paragraph_of(quote.outer_start)][0]
    # Closing marks of quotes before it do not hide a sentence end ("“A.” “B.”").
    closing = "".join(quote_table.MARKS.closing_only)
    before = layout.text[paragraph_start : quote.outer_start].rstrip().rstrip(closing).rstrip()
    return not before or before[-1] in ".!?:;"


def quote_drafts(doc: Doc, layout: Layout, cues: list[CueMatch], contents: Contents, merge_quote_sentences: bool
                 ) -> tuple[list[Draft], set[int]]:
    """Drafts for every quote, in text order, and the ids of the cues they took."""
    drafts: list[Draft] = []
    used: set[int] = set()
    cues_by_sentence: dict[int, list[CueMatch]] = {}
    for each in cues:
        cues_by_sentence.setdefault(sentence_of(each.anchor).start, []).append(each)
    for quote in layout.quotes:
        cue, side = _cue_for_quote(doc, layout.text, quote, cues_by_sentence, contents)
        paragraph = layout.paragraph_of(quote.start)
        if cue is None and not layout.after_topic_label(quote.outer_start):
            # "ON THE OFFER: “...”": a topic label's colon is no cue; the quote is uncued.
            cue, side = colon_cue(doc, quote.open_at), "colon"
        same_cue = cue is not None and drafts and drafts[-1].cue is cue and drafts[-1].kind == "direct"
        if same_cue and cue is not None and cue.shape != "colon":
            if _resumes_after(doc, layout.text, cue, quote):
                # "“We will,” he said, “win.”": one claim, two fragments.
                drafts[-1].fragments.append((quote.start, quote.end))
                drafts[-1].flags.extend(quote.flags)
                continue
            # "“Really?” she said, but he went on about “X”": not a fragment of her claim; an
            # uncued quote, which the continued-quote rules keep or drop.
            cue = None
        if cue is None:
            previous = drafts[-1] if drafts else None
            # "“A,” he said. “B.”": one claim with two fragments (guide rule 2) unless asked
            # otherwise; then B is a claim of its own that continues A's speaker.
            resumed = (previous is not None and previous.kind == "direct" and previous.cue is not None
                       and previous.end <= previous.cue.span.start_char
                       and _resumes_after(doc, layout.text, previous.cue, quote))
            next_sentence = (merge_quote_sentences and previous is not None and previous.kind == "direct"
                             and previous.paragraph == paragraph and previous.cue is not None
                             and layout.paragraph_of(previous.end) == paragraph and _opens_a_sentence(layout, quote))
            if resumed or next_sentence:
                assert previous is not None
                previous.fragments.append((quote.start, quote.end))
                previous.flags.extend(quote.flags)
                continue
            drafts.append(Draft([(quote.start, quote.end)], "direct", None, UNCUED_QUOTE, paragraph,
                                list(quote.flags), content_rule=QUOTED_WORDS))
            continue
        clause = contents.complement(cue)
        if clause is not None and _is_mixed(layout, quote, clause):
            if any(d.cue is cue for d in drafts):
                continue
            drafts.append(Draft([(clause.start_char, clause.end_char)], "mixed", cue, MIXED[side],
                                paragraph, list(quote.flags), content_rule=contents.rule(cue)))
        elif _is_a_label(layout.text, quote, cue, side):
            continue
        else:
            drafts.append(Draft([(quote.start, quote.end)], "direct", cue, QUOTE_CUE[side], paragraph,
                                list(quote.flags), content_rule=QUOTED_WORDS))
        used.add(id(cue))
    return drafts, used


def _is_a_label(text: str, quote: Quote, cue: CueMatch, side: str) -> bool:
    """ "what the party calls “unlawful arrivals”": a name given to something, not a claim."""
    if cue.lemma != "call" or side != "before" or len(text[quote.start : quote.end].split()) > 4:
        return False
    # "what they call", "a town locals call": the naming sits in a relative clause; "called
    # the mayor a “coward”" is an attribution and stays.
    return cue.anchor.dep_ == "relcl" or any(c.lower_ in ("what", "which") for c in cue.anchor.children)


def _is_mixed(layout: Layout, quote: Quote, clause: Span) -> bool:
    if not (clause.start_char <= quote.outer_start and clause.end_char >= quote.start):
        return False
    outside = (t for t in clause if not t.is_punct and layout.quote_at(t.idx) is None)
    # Count only the words needed, not the whole clause: it may be a very long sentence.
    return sum(1 for _ in itertools.islice(outside, _MIXED_MIN_OUTSIDE)) >= _MIXED_MIN_OUTSIDE
