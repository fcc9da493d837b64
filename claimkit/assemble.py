"""The stages run in order over one parsed Doc, ending in :class:`~claimkit.claims.Claim` objects.

quotes -> cues -> direct and mixed claims (a quote and the cue next to it) -> indirect
claims (a cue and the clause it governs) -> continued quotes -> speakers, resolved through
the entity table in text order -> relays -> confidence.

Drafts are mutable and hold spaCy tokens; they never leave this module. What leaves is
frozen claims holding character offsets only.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any

from attrs import define, field
from spacy.tokens import Doc, Span, Token

from claimkit import confidence
from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.content import ANSWERS, FINITE_TAGS, complement, reported_fragments
from claimkit.cues import CueMatch, according_closing, colon_cue, find_cues
from claimkit.entities import Entity, EntityTable, Resolver
from claimkit.lexicon import Lexicon
from claimkit.quotes import EDGE_PUNCTUATION, Quote, find_quotes
from claimkit.segment import paragraph_spans, sentence_of
from claimkit.sources import citing_source, inherited_relays, quoted_through_outlet, relays_on_cue
from claimkit.speakers import (
    Mention,
    describe_mention,
    documents_spoken_in,
    is_definite,
    plural_subject_before,
    relative_pronoun,
    speaker_head,
)

# How many tokens may stand between a quote's closing mark and its cue (", he told CNN").
_CUE_AFTER_WINDOW = 12
# A quote this short with no cue is a scare quote or a title, not a claim.
_MIN_UNCUED_QUOTE_WORDS = 4
# Cues that continue the last speaker ("he added", "she went on"): their pronoun is that speaker.
_CONTINUING_CUES = {"add", "continue", "go", "conclude"}
# A quoted paragraph this short may be a section heading (see _is_a_heading).
_MAX_HEADING_WORDS = 12
# Mixed when the reported clause has at least this many words outside the partial quote.
_MIXED_MIN_OUTSIDE = 2
_LABEL = re.compile(r"[A-Z][A-Z ]{2,24}:\s")


@define
class Draft:
    fragments: list[tuple[int, int]]
    kind: str
    cue: CueMatch | None
    rule: str
    paragraph: int
    flags: list[str] = field(factory=list)
    follows: Draft | None = None  # a continued quote takes its speaker from here
    mention: Mention | None = None
    written: Span | None = None  # the speaker as written, when it is not the mention resolved ("who")
    entity: Entity | None = None
    resolution: str = "none"
    via: list[tuple[Span, str]] = field(factory=list)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class _Layout:
    """Where paragraphs and quotes are, for fast "which paragraph / inside a quote?" checks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self._par_starts = [s for s, _ in self.paragraphs]
        self.quotes = find_quotes(text, self.paragraphs)
        # "READ MORE: ...", "WATCH: ...": links and captions, never claims.
        self.label_paragraphs = {n for n, (start, end) in enumerate(self.paragraphs)
                                 if _LABEL.match(text, start, end)}
        self._quote_starts = [q.outer_start for q in self.quotes]

    def replace_quote(self, old: Quote, new: Quote) -> None:
        self.quotes[self.quotes.index(old)] = new
        self._quote_starts = [q.outer_start for q in self.quotes]

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._par_starts, offset) - 1)

    def quote_at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].outer_start <= offset < self.quotes[i].outer_end:
            return self.quotes[i]
        return None

    def quotes_within(self, start: int, end: int) -> list[Quote]:
        return [q for q in self.quotes if q.start >= start and q.end <= end]


def extract_claims(doc: Doc, lexicon: Lexicon, include_beliefs: bool = True, merge_quote_sentences: bool = True
                   ) -> tuple[list[Claim], EntityTable]:
    """All claims of ``doc`` in text order, and the entity table their speakers point into.

    Args:
        include_beliefs: attribute beliefs and expectations ("analysts believe ...") too.
        merge_quote_sentences: make "“A,” he said. “B.”" one claim with two fragments
            instead of two claims (B continuing A's speaker without a cue). Quotes split
            inside one sentence ("“A,” he said, “b.”") are always one claim.
    """
    layout = _Layout(doc.text)  # Doc.text rebuilds the string on every call: read it once
    all_cues = find_cues(doc, lexicon)
    _close_at_swallowed_cues(doc, layout, all_cues, lexicon)
    cues = [c for c in all_cues if layout.quote_at(c.anchor.idx) is None
            and layout.paragraph_of(c.anchor.idx) not in layout.label_paragraphs]
    if not include_beliefs:
        cues = [c for c in cues if c.lemma not in lexicon.belief_verbs]
    drafts, used_cues = _quote_drafts(doc, layout, cues, merge_quote_sentences)
    drafts += _indirect_drafts(doc, layout, [c for c in cues if id(c) not in used_cues], lexicon, cues)
    drafts = _without_nested_beliefs(drafts, lexicon)
    drafts.sort(key=lambda d: (d.start, d.end))
    _continued_quotes(doc, layout, drafts)  # keeps the order it was given
    table = EntityTable.from_doc(doc, lexicon)
    _resolve_speakers(doc, drafts, table, lexicon, layout)
    _name_described_sources(drafts)
    _nested_relays(drafts)
    return [_freeze(layout.text, d, lexicon, layout.paragraphs[d.paragraph]) for d in drafts], table


def _close_at_swallowed_cues(doc: Doc, layout: _Layout, cues: list[CueMatch], lexicon: Lexicon) -> None:
    """Repair a quote whose closing mark is missing before its own attribution.

    In “We are ready, the chief said. the unclosed quote swallows ", the chief said"; the
    quote is cut at the comma before a cue whose subject sits between that comma and the
    cue, so the claim survives (still flagged ``unclosed_quote``).
    """
    for quote in [q for q in layout.quotes if "unclosed_quote" in q.flags]:
        for cue in cues:
            if not quote.start < cue.anchor.idx < quote.end or cue.shape != "verb":
                continue
            subject = speaker_head(cue, lexicon)
            if subject is None:
                continue
            clause_start = min(subject.left_edge.i, cue.span.start)
            comma = doc[clause_start - 1] if clause_start > 0 else None
            if comma is not None and comma.text == "," and comma.idx > quote.start:
                end = len(layout.text[quote.start : comma.idx].rstrip(EDGE_PUNCTUATION)) + quote.start
                layout.replace_quote(quote, Quote(quote.start, end, quote.open_at, None, quote.flags))
                break


# --- direct and mixed: a quote and its cue ---------------------------------------------------

def _first_and_last_sentence(doc: Doc, start: int, end: int) -> tuple[Span, Span] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return sentence_of(doc[span.start]), sentence_of(doc[span.end - 1])


def _ends_a_question_or_exclamation(text: str, quote: Quote) -> bool:
    """ "Are there prizes?” — the mark before the closing quotation mark is ? or !."""
    return quote.close_at is not None and text[quote.end : quote.close_at].strip()[-1:] in ("?", "!")


def _cue_for_quote(doc: Doc, text: str, quote: Quote, cues_by_sentence: dict[int, list[CueMatch]]
                   ) -> tuple[CueMatch | None, str]:
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
        clause = complement(cue)
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
        clause = complement(cue)
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


def _opens_a_sentence(layout: _Layout, quote: Quote) -> bool:
    """Whether ``quote`` opens a sentence: “B.” in "“A,” she said. “B.”" continues A's
    speaker; “B” in "..., and as he went on about “B”" is a word inside the writer's prose.
    Read off the characters (sentence ends, paragraph start), as the parser's sentence
    boundaries around quotation marks are unreliable."""
    paragraph_start = layout.paragraphs[layout.paragraph_of(quote.outer_start)][0]
    before = layout.text[paragraph_start : quote.outer_start].rstrip().rstrip("\"'”’»›").rstrip()
    return not before or before[-1] in ".!?:;"


def _quote_drafts(doc: Doc, layout: _Layout, cues: list[CueMatch], merge_quote_sentences: bool
                  ) -> tuple[list[Draft], set[int]]:
    drafts: list[Draft] = []
    used: set[int] = set()
    cues_by_sentence: dict[int, list[CueMatch]] = {}
    for each in cues:
        cues_by_sentence.setdefault(sentence_of(each.anchor).start, []).append(each)
    for quote in layout.quotes:
        cue, side = _cue_for_quote(doc, layout.text, quote, cues_by_sentence)
        paragraph = layout.paragraph_of(quote.start)
        if cue is None:
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
            drafts.append(Draft([(quote.start, quote.end)], "direct", None, "uncued_quote", paragraph,
                                list(quote.flags)))
            continue
        clause = complement(cue)
        if clause is not None and _is_mixed(layout, quote, clause):
            if any(d.cue is cue for d in drafts):
                continue
            drafts.append(Draft([(clause.start_char, clause.end_char)], "mixed", cue, f"mixed_{side}",
                                paragraph, list(quote.flags)))
        elif _is_a_label(layout.text, quote, cue, side):
            continue
        else:
            drafts.append(Draft([(quote.start, quote.end)], "direct", cue, f"quote_cue_{side}", paragraph,
                                list(quote.flags)))
        used.add(id(cue))
    return drafts, used


def _is_a_label(text: str, quote: Quote, cue: CueMatch, side: str) -> bool:
    """ "what the party calls “unlawful arrivals”": a name given to something, not a claim."""
    if cue.lemma != "call" or side != "before" or len(text[quote.start : quote.end].split()) > 4:
        return False
    # "what they call", "a town locals call": the naming sits in a relative clause; "called
    # the mayor a “coward”" is an attribution and stays.
    return cue.anchor.dep_ == "relcl" or any(c.lower_ in ("what", "which") for c in cue.anchor.children)


def _is_mixed(layout: _Layout, quote: Quote, clause: Span) -> bool:
    if not (clause.start_char <= quote.outer_start and clause.end_char >= quote.start):
        return False
    outside = [t for t in clause if not t.is_punct and layout.quote_at(t.idx) is None]
    return len(outside) >= _MIXED_MIN_OUTSIDE


# --- indirect: a cue and the clause it governs ---------------------------------------------

def _indirect_drafts(doc: Doc, layout: _Layout, cues: list[CueMatch], lexicon: Lexicon,
                     every_cue: list[CueMatch]) -> list[Draft]:
    """Drafts for the cues no quote took (``cues``); ``every_cue`` includes those a quote
    took, since "“...,” Brink said, according to ONA" makes ONA a relay of that quote."""
    drafts = []
    for cue in cues:
        if cue.shape == "according_to" and _relays_for_verb(cue, every_cue):
            continue  # "X said, according to RIA" -> RIA is a relay of X's claim
        fragments = reported_fragments(cue)
        if not fragments or (sum(len(f) for f in fragments) < 2 and fragments[0].text.lower() not in ANSWERS):
            continue  # one word is too little to be a claim, unless it is a yes or a no
        start, end = fragments[0].start_char, fragments[-1].end_char
        if _marks_anonymity(layout.text[cue.span.start_char : end], lexicon):
            continue  # "who asked not to be named": why the source is unnamed, not a claim
        kind = "mixed" if layout.quotes_within(start, end) else "indirect"
        rule = {"verb": "indirect_clause", "according_to": "according_to", "quoted_as": "quoted_as_saying",
                "described_as": "described_as"}[cue.shape]
        drafts.append(Draft([(f.start_char, f.end_char) for f in fragments], kind, cue, rule,
                            layout.paragraph_of(start)))
    return drafts


def _marks_anonymity(cue_and_content: str, lexicon: Lexicon) -> bool:
    """Whether a cue and its content are no more than an anonymity phrase ("asked not to be
    named because ...", "requested anonymity")."""
    words = " ".join(cue_and_content.lower().split())
    return any(words.startswith(marker) for marker in lexicon.anonymity_markers if " " in marker)


def _without_nested_beliefs(drafts: list[Draft], lexicon: Lexicon) -> list[Draft]:
    """Drop beliefs reported inside another claim ("X said he feared Y"): X's claim covers them."""
    def nested(draft: Draft) -> bool:
        if draft.cue is None or draft.cue.lemma not in lexicon.belief_verbs:
            return False
        at = draft.cue.anchor.idx
        return any(other is not draft and other.start <= at < other.end for other in drafts)
    return [d for d in drafts if not nested(d)]


def _relays_for_verb(according: CueMatch, cues: list[CueMatch]) -> bool:
    """Whether an "according to" phrase relays a reporting verb's claim rather than making
    one: it hangs on the verb ("X said, according to RIA, ...") or closes the verb's
    sentence (:func:`~claimkit.cues.according_closing`)."""
    head = according.anchor.head
    return any(c.shape == "verb" and (c.anchor == head or according_closing(c.anchor) == according.anchor)
               for c in cues)


# --- quotes that continue a speaker without a cue -------------------------------------------

def _continued_quotes(doc: Doc, layout: _Layout, drafts: list[Draft]) -> None:
    """Give an uncued quote the previous claim's speaker when news convention says so; drop the rest.

    An uncued quote continues the previous claim's speaker when it opens the paragraph right
    after that claim's, or follows a quoted claim in the same paragraph (and is more than a
    scare quote).
    """
    kept: list[Draft] = []
    previous: Draft | None = None
    for draft in drafts:
        if draft.rule != "uncued_quote":
            kept.append(draft)
            previous = draft
            continue
        if previous is not None and previous.start <= draft.start and draft.end <= previous.end:
            continue  # a partial quote inside the previous claim's content: part of that claim
        opening = layout.quote_at(layout.paragraphs[draft.paragraph][0])
        opens_paragraph = opening is not None and opening.start == draft.start
        same_paragraph = previous is not None and previous.paragraph == draft.paragraph
        paragraph_start, paragraph_end = layout.paragraphs[draft.paragraph]
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
            draft.follows = previous
            draft.rule = "continued_quote"
            kept.append(draft)
            previous = draft
        # Any other quote with no cue is a scare quote, a title or a quote whose speaker the
        # text does not give: not a claim (annotation guide, rule 4).
    drafts[:] = kept


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


# --- speakers -------------------------------------------------------------------------------

def _resolve_speakers(doc: Doc, drafts: list[Draft], table: EntityTable, lexicon: Lexicon, layout: _Layout) -> None:
    resolver = Resolver(table, layout.paragraph_of, lambda offset: layout.quote_at(offset) is not None)
    for draft in drafts:
        if draft.follows is not None:
            source = draft.follows
            draft.mention, draft.entity, draft.via = source.mention, source.entity, list(source.via)
            draft.written = source.written
            draft.resolution = "continued"
            continue
        if draft.cue is None:
            continue
        cited = citing_source(draft.cue)
        quotes = layout.quotes_within(draft.start, draft.end) if cited is None and draft.kind != "indirect" else []
        if quotes:
            cited = quoted_through_outlet(draft.cue, lexicon, quotes[0].start)
        head = cited if cited is not None else speaker_head(draft.cue, lexicon)
        # Only direct quotes: an indirect or mixed claim's one fragment runs across its own
        # cue and speaker when the cue interrupts it ("Back home, X said, he ...").
        if head is not None and draft.kind == "direct" and _within(head.idx, draft.fragments):
            head = _subject_outside(draft)
        if head is None:
            continue
        mention = describe_mention(head, lexicon)
        draft.mention = mention
        relative = relative_pronoun(draft.cue) if cited is None else None
        if relative is not None:
            draft.written = relative.doc[relative.i : relative.i + 1]
        group = plural_subject_before(head) if mention.pronoun == "they" else None
        if group is not None:
            # "Several executives have warned ... They say ...": the unnamed group just described.
            described = describe_mention(group, lexicon)
            draft.entity, draft.resolution = table.add_unnamed(
                described.span.text, "group", described.anonymous,
                (described.span.start_char, described.span.end_char)), "pronoun"
        else:
            continuing = draft.cue.lemma in _CONTINUING_CUES
            draft.entity, draft.resolution = _resolve(mention, table, resolver, continuing)
        if draft.entity is None and not mention.pronoun:
            draft.entity = table.add_unnamed(mention.span.text, mention.kind, mention.anonymous,
                                             (mention.span.start_char, mention.span.end_char))
        if draft.entity is not None:
            draft.entity.speaks = True
            if mention.gender and draft.entity.gender is None:
                draft.entity.gender = mention.gender
            if mention.role:
                draft.entity.roles.append(mention.role)
            if not (draft.resolution == "document_issuer" and draft.entity.kind == "person"):
                # A person speaking through a document ("the post said") is not who "he" means next.
                resolver.record_speaker(draft.entity, mention.span.start_char)
            if draft.entity.kind != "group":  # "Witnesses reported that ..." issue no report
                for offset, noun in documents_spoken_in(draft.cue, lexicon):
                    resolver.record_document(draft.entity, offset, noun)
        relays = relays_on_cue(draft.cue, lexicon) or inherited_relays(draft.cue, lexicon)
        if cited is not None:
            original = speaker_head(draft.cue, lexicon)
            if original is not None:
                relays.append(describe_mention(original, lexicon).span)
        draft.via = [(span, _relay_name(span, table)) for span in relays]


def _within(offset: int, fragments: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in fragments)


def _subject_outside(draft: Draft) -> Token | None:
    """A speaker for a claim whose parse put its speaker inside the content ('“... We will
    act,” Chief Dana Moss said' parsed with "said" a conjunct of "act", whose subject is
    "We"). No one is the source of their own quoted words: take a name between the content
    and a cue that follows it ("Dana Moss of the agency said" -> "Moss"), else the last noun
    or pronoun there, or none."""
    cue = draft.cue
    assert cue is not None
    content_end = max((end for _, end in draft.fragments if end <= cue.span.start_char), default=None)
    if content_end is None:
        return None
    doc = cue.anchor.doc
    window = [t for t in doc[max(0, cue.span.start - 8) : cue.span.start] if t.idx >= content_end]
    runs: list[list[Token]] = []
    for token in window:
        if token.pos_ == "PROPN":
            if runs and runs[-1][-1].i == token.i - 1:
                runs[-1].append(token)
            else:
                runs.append([token])
    if runs:
        # the run the NER calls a person ("Chief Ann Lee" in "Salem police Chief Ann Lee"),
        # else the first ("Dana Moss" in "Dana Moss of the Red Cross Society"); its last word heads it
        return next((run for run in runs if run[-1].ent_type_ == "PERSON"), runs[0])[-1]
    nouns = [t for t in window if t.pos_ in ("NOUN", "PRON")]
    return nouns[-1] if nouns else None


def _relay_name(span: Span, table: EntityTable) -> str:
    entity = table.lookup(span.text, "organization")
    return entity.name if entity is not None else span.text


def _issued_by_a_place(mention: Mention) -> bool:
    """Whether a document's issuer is a country or city before it ("the UK report")."""
    return any(c.dep_ == "compound" and c.ent_type_ == "GPE" and c.text == mention.issuer
               for c in mention.head.children)


def _resolve(mention: Mention, table: EntityTable, resolver: Resolver, continuing: bool = False
             ) -> tuple[Entity | None, str]:
    offset = mention.span.start_char
    if mention.name:
        # The document's table knows better than one NER decision: "Orrin" tagged ORG
        # here is still the person named Tavish Orrin above.
        known = table.lookup(mention.name)
        if known is not None and mention.kind in ("person", "organization"):
            mention.kind = known.kind
        return table.add(mention.name, mention.kind, (offset, mention.span.end_char)), "named"
    if mention.pronoun:
        antecedent = resolver.pronoun(offset, mention.kind, mention.gender, continuing)
        return antecedent, "pronoun" if antecedent is not None else "pronoun_unresolved"
    if mention.kind == "document" and is_definite(mention.head) and (
            not mention.issuer or _issued_by_a_place(mention)):
        # "X said in a statement ... The statement also said": X issued it. So with "the UK
        # report" after "British intelligence has reported": a country names where the
        # report comes from; who spoke it was said before.
        issued = resolver.document(offset, mention.head.lemma_.lower())
        if issued is not None:
            return issued, "document_issuer"
    if mention.issuer:
        # Whoever the table knows by that name ("Santos's book": the author), else an organisation.
        return table.lookup(mention.issuer) or table.add(mention.issuer, "organization"), "document_issuer"
    if mention.head.is_title:
        # A name the tagger took for a common noun ("Zelenskyy told ...", "Marsh said"),
        # known to the table: not the anonymous plural the common noun looked like.
        known = table.exact(mention.head.text)  # exact: "Parents" is not "Lena Parent"
        if known is not None and known.named:
            mention.anonymous, mention.kind = False, known.kind
            return known, "named"
    if mention.anonymous or mention.kind == "group" or (not is_definite(mention.head) and not (
            mention.kind == "document" and mention.head.lemma_.lower() in _ISSUED_NOUNS)):
        # "a spokesman", "a new study" introduce a source; "a statement" is the last speaker's.
        return None, "unnamed"
    # "the statement" with no issuer in its phrase: the organisation that last spoke.
    kind = "organization" if mention.kind == "document" else mention.kind
    return resolver.description(offset, mention.head.lemma_.lower(), kind)


# Documents an organisation issues about itself: "A statement said ..." after it spoke.
_ISSUED_NOUNS = {"statement", "release", "communique", "communiqué", "email", "letter", "memo", "tweet", "post",
                 "message", "bulletin", "update", "announcement"}


def _name_described_sources(drafts: list[Draft]) -> None:
    """ "A spokeswoman for the mayor said X. ... “Y,” said Eleanore Catenaro.": a source
    introduced by a description and named in the very next claim takes that name (guide
    rule 9), when the description is a singular person, the next claim's speaker is the name
    itself (not "she", who may be someone else), the named speaker has no other role and
    the text names them only after the description (a reader who knows Quinn would not be
    told "a columnist wrote").
    """
    for draft, following in itertools.pairwise(drafts):
        entity, named = draft.entity, following.entity
        if (entity is None or entity.named or entity.kind != "person" or named is None or not named.named
                or following.resolution != "named"
                or named.kind != "person" or named.roles or draft.mention is None
                or any(start < draft.mention.span.start_char for start, _ in named.mentions)
                or any(marker in draft.mention.span.text.lower() for marker in ("declined", "condition", "not authori"))
                or following.paragraph - draft.paragraph > 1):
            continue
        for other in drafts:
            if other.entity is entity:
                other.entity = named
                if other.mention is not None:
                    other.mention.anonymous = False
        named.roles.append(entity.name)
        entity.speaks = False


def _nested_relays(drafts: list[Draft]) -> None:
    """ "TASS quoted X as saying Y, writes The Guardian": an outer claim's speaker relays the inner one."""
    for inner in drafts:
        if inner.cue is None:
            continue
        outers = [o for o in drafts if o is not inner and o.cue is not None and o.mention is not None
                  and o.start <= inner.cue.anchor.idx < o.end and o.mention.kind in ("organization", "document")
                  and (o.entity is None or o.entity is not inner.entity)]  # no one relays themselves
        for outer in sorted(outers, key=lambda o: o.end - o.start):
            assert outer.mention is not None
            name = outer.entity.name if outer.entity is not None else outer.mention.span.text
            inner.via.append((outer.mention.span, name))


# --- freezing -------------------------------------------------------------------------------

def _freeze(text: str, draft: Draft, lexicon: Lexicon, paragraph: tuple[int, int] | None = None) -> Claim:
    fragments = tuple(TextSpan.from_offsets(text, s, e) for s, e in draft.fragments)
    content = TextSpan.from_offsets(text, draft.start, draft.end)
    cue = None
    if draft.cue is not None:
        cue = Cue(span=TextSpan.from_span(draft.cue.span), lemma=draft.cue.lemma,
                  stance=lexicon.stance(draft.cue.lemma))
    features: dict[str, Any] = confidence.features(draft, lexicon, paragraph)
    probabilities = confidence.confidences(features)
    speaker = None
    if draft.mention is not None:
        m = draft.mention
        entity = draft.entity
        name = entity.name if entity is not None and entity.named else m.name
        role = m.role or (entity.roles[0] if entity is not None and entity.roles else None)
        if draft.written is not None and name is None and role is None:
            role = m.span.text  # "the engineers, who said": the description "who" stands for
        speaker = Speaker(
            mention=TextSpan.from_span(draft.written if draft.written is not None else m.span),
            name=name,
            kind=(entity.kind if entity is not None and m.pronoun else m.kind),  # type: ignore[arg-type]
            role=role,
            anonymous=m.anonymous or (entity.anonymous if entity is not None else False),
            entity_id=entity.id if entity is not None else None,
            confidence=probabilities["speaker"],
        )
    via = tuple(Source(span=TextSpan.from_span(span), name=name, confidence=probabilities["relay"])
                for span, name in _unique_relays(draft.via))
    flags = tuple(dict.fromkeys(draft.flags))
    return Claim(
        content=content,
        fragments=fragments,
        kind=draft.kind,  # type: ignore[arg-type]
        cue=cue,
        speaker=speaker,
        via=via,
        confidence=probabilities["claim"],
        content_confidence=probabilities["content"],
        evidence=Evidence(rule=draft.rule, flags=flags, features=tuple(sorted(features.items()))),
    )


def _unique_relays(relays: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    seen: set[tuple[int, int]] = set()
    out = []
    for span, name in relays:
        key = (span.start_char, span.end_char)
        if key not in seen:
            seen.add(key)
            out.append((span, name))
    return out
