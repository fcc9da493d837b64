"""Headlines that attribute with a colon: "Mayor: bridge may close 'within weeks'".

The annotation guide's rule 13: a headline or section title attributes like a sentence, and
a colon after its source is the cue. ("Union says talks have failed" needs nothing here: its
verb is a cue like any other.)

A paragraph is read as a headline when it is short (at most :data:`MAX_WORDS` words) and
does not end as a sentence does (with a full stop). Its source is what comes before the
first colon: one to :data:`MAX_SOURCE_WORDS` words ending in a name (of a person, an
organisation, a group or a place, as the parser labels it) or in a noun of a person or an
organisation ("Mayor", "Union", "Police"). "Ukraine war: ...", "Analysis: ...", "Live: ..."
and "READ MORE: ..." name no one and are left alone.

Scope and limits: one claim per headline; a colon inside quotation marks is not a cue; the
content is the rest of the headline, whatever its shape.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claimkit.cues import CueMatch
from claimkit.drafts import Draft
from claimkit.layout import Layout
from claimkit.lexicon import Lexicon
from claimkit.rules import rule

HEADLINE_COLON = rule("claim", "headline_colon", "a headline whose source stands before a colon ('Mayor: ...')")
AFTER_HEADLINE_COLON = rule("content", "after_headline_colon", "the rest of a headline after its source's colon")

MAX_WORDS = 20
MAX_SOURCE_WORDS = 5
_NAMING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_EDGE = ".,;:!?-–—…"  # trimmed from the end of a headline's content (a leading "-5 degrees" is kept)


def headline_drafts(doc: Doc, layout: Layout, drafts: list[Draft], lexicon: Lexicon) -> list[Draft]:
    """A draft for each headline paragraph whose words before a colon name a source, unless a
    draft already starts in that paragraph."""
    text = layout.text
    taken = {d.paragraph for d in drafts}
    out = []
    for number, (start, end) in enumerate(layout.paragraphs):
        if number in taken or number in layout.label_paragraphs:
            continue
        line = text[start:end].rstrip()
        if not line or line.endswith(".") or len(line.split()) > MAX_WORDS:
            continue
        colon = line.find(":")
        if colon <= 0 or layout.quote_at(start + colon) is not None:
            continue
        source = doc.char_span(start, start + colon, alignment_mode="contract")
        if source is None or not 1 <= len(source) <= MAX_SOURCE_WORDS or source.root.i != source[-1].i \
                or not _names_someone(source, lexicon):
            continue  # the phrase must end in its head: "Photos of Angela Merkel: ..." is photos
        content_start, content_end = start + colon + 1, start + len(line)
        while content_start < content_end and text[content_start].isspace():
            content_start += 1
        while content_end > content_start and (text[content_end - 1].isspace() or text[content_end - 1] in _EDGE):
            content_end -= 1
        if content_end - content_start < 2:
            continue
        colon_token = doc.char_span(start + colon, start + colon + 1)
        if colon_token is None:
            continue
        cue = CueMatch("headline", source.root, colon_token, ":")
        kind = "mixed" if layout.quotes_within(content_start, content_end) else "indirect"
        out.append(Draft([(content_start, content_end)], kind, cue, HEADLINE_COLON, number,
                         content_rule=AFTER_HEADLINE_COLON))
    return out


def _names_someone(source: Span, lexicon: Lexicon) -> bool:
    last = source[-1]  # the head of the phrase: "Ukraine war: ..." is about a war, said by no one
    if last.ent_type_ in _NAMING_ENTITIES and last.pos_ == "PROPN":
        return True
    word = last.lower_
    return word in lexicon.person_nouns or word in lexicon.organization_nouns or word in lexicon.titles
