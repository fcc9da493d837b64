"""The learned stage: attributions the rules missed, proposed by the trained model.

Every candidate of the article (:mod:`claimkit.candidates`) whose content is not already a
rule claim's content is scored by the attribution model (:mod:`claimkit.attribution_model`);
those at or above its threshold become drafts, best first, one per content. They then go
through the same speaker resolution, entity table and relays as the rules' drafts, and their
evidence names the rule ``learned_attribution``.

A learned claim needs a source that can speak: the cue's subject (a noun cue's possessor, a
passive's agent, else the subject of the verb above it) is a personal pronoun, a name (a
named entity or a proper noun), or a common noun the lexicon knows for a person, an
organisation or a document ("officials", "the campaign", "the report"); see
:func:`has_source`. And its cue is no word of wanting, knowing or seeming ("wanted to",
"knows", "appeared to"; the lexicon's ``not_reporting``). Without these the model's
proposals are mostly what PolNeAR annotates and the annotation guide and other corpora do
not ("appeared to end", "The plan rejected ..."): measured on the held-out training slice and
the GGT dev set (docs/model-card.md).

What the rules found stays as they found it: a candidate whose content is the same as a rule
claim's (character Jaccard >= 0.5, the scorer's matching) is not offered. A candidate nested
inside a rule claim ("X said [Y attacked Z]": Y's claim) may be, and says so in its features.

Scope and limits: contents are parse subtrees, so a misparse gives a misplaced content; the
model was trained on US political news (docs/model-card.md) and knows only what the English
model's parse and its own features show.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen
from spacy.tokens import Doc, Token

from claimkit.attribution_model import AttributionModel
from claimkit.candidate_features import indicator_features, speaker_of
from claimkit.candidates import Candidate, candidates
from claimkit.cues import CueMatch, CueShape, in_a_title, left_open, verb_cue_span, withheld
from claimkit.drafts import Draft
from claimkit.layout import Layout
from claimkit.lexicon import Lexicon
from claimkit.rules import rule
from claimkit.scoring import QUOTE_MARKS

LEARNED = rule("claim", "learned_attribution", "a cue word and the phrase it governs, accepted by the trained model")
LEARNED_CONTENT = rule("content", "learned_phrase", "the parse phrase a learned cue governs (claimkit.candidates)")

SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
NAMED_SOURCES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# A listed cue's clause ("said [that ...]", "[...], she said") is the rules' to read: the learned
# stage adds what they do not read (a listed cue's object noun phrase, an unlisted cue's clause).
RULED_RELATIONS = frozenset({"ccomp", "head"})
SAME_CONTENT = 0.5  # the reference scorer's matching: two contents this alike are one claim


@frozen
class OpenCandidate:
    """A candidate no rule claim has, with the features the model reads."""

    candidate: Candidate
    features: list[str]
    chars: frozenset[int]


def counted_chars(text: str, ranges: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The offsets of ``ranges`` that count when two contents are compared: the scorer's, without
    white space and quotation marks (:func:`claimkit.scoring.content_offsets`)."""
    return frozenset(i for start, end in ranges for i in range(start, end)
                     if not text[i].isspace() and text[i] not in QUOTE_MARKS)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def has_source(cue: Token, lexicon: Lexicon) -> bool:
    """Whether the cue's source (:func:`~claimkit.candidate_features.speaker_of`) can speak: a
    personal pronoun ("she", not "it" or "who"), a name (a named entity of a kind that speaks,
    or a proper noun the tagger gave no entity), or a common noun the lexicon lists for a
    person, an organisation or a document ("officials", "the campaign", "the report")."""
    subject = speaker_of(cue)
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in SPEAKING_PRONOUNS
    if subject.ent_type_ in NAMED_SOURCES or (subject.pos_ == "PROPN" and not subject.ent_type_):
        return True
    lemma = subject.lemma_.lower()
    return (lemma in lexicon.person_nouns or lemma in lexicon.organization_nouns
            or lexicon.nouns.get(lemma) == "document")


def not_reported(word: Token, lexicon: Lexicon) -> bool:
    """A word of wanting, knowing or seeming ("wanted", "knows", "appeared"), or the verb it
    governs as its infinitive ("seemed to reject", "wanted to deny"): a state of mind or a look,
    nothing said (the lexicon's ``not_reporting``)."""
    return word.lemma_.lower() in lexicon.not_reporting or (
        word.dep_ == "xcomp" and word.head.lemma_.lower() in lexicon.not_reporting)


def open_candidates(doc: Doc, layout: Layout, drafts: Sequence[Draft], lexicon: Lexicon,
                    sourced_only: bool = False) -> list[OpenCandidate]:
    """The candidates of ``doc`` whose content no rule draft has and whose cue word no rule
    draft's cue holds (one cue, one claim: "quoted X as saying Y" is not also a claim "X"),
    with their features. Training calls it with the same rule drafts as the pipeline.

    Args:
        sourced_only: leave out the candidates without a source that can speak
            (:func:`has_source`), which the learned stage never keeps, before computing their
            features.
    """
    text = layout.text
    # Each rule content as (first offset, last offset + 1, its characters): most candidates lie
    # outside most rule claims, and the range test spares comparing their character sets.
    taken = [(chars, min(chars), max(chars) + 1) for d in drafts if (chars := counted_chars(text, d.fragments))]
    # Every offset of a rule draft's cue phrase and of its anchor word ("quoted" of "quoted X as saying").
    rule_cue_offsets = {i for d in drafts if d.cue is not None
                        for i in (*range(d.cue.span.start_char, d.cue.span.end_char), d.cue.anchor.idx)}
    def cue_word(word: Token) -> bool:
        # The cheap tests first (an offset, a lemma); those that walk the parse last.
        if word.idx in rule_cue_offsets or not_reported(word, lexicon):
            return False
        # As for the rules' cues: a cue inside a quotation is the speaker's own words ("I said"),
        # and a label paragraph ("READ MORE: ...") attributes nothing.
        if layout.quote_at(word.idx) is not None or layout.paragraph_of(word.idx) in layout.label_paragraphs:
            return False
        if left_open(word) or withheld(word, lexicon) or in_a_title(word):
            return False
        return not sourced_only or has_source(word, lexicon)

    out = []
    for candidate in candidates(doc, cue_word):
        cue = candidate.cue
        lemma = cue.lemma_.lower()
        in_lexicon = lemma in lexicon.verbs or lemma in lexicon.nouns
        if in_lexicon and candidate.relation in RULED_RELATIONS:
            continue  # the rules read a listed cue's clause; where they made no claim, they chose not to
        chars = counted_chars(text, [(f.start_char, f.end_char) for f in candidate.fragments])
        if not chars:
            continue
        first, last = min(chars), max(chars) + 1
        near = [other for other, start, end in taken if start < last and first < end]
        if any(jaccard(chars, other) >= SAME_CONTENT for other in near):
            continue
        cue_inside = any(start <= cue.idx < end and cue.idx in other for other, start, end in taken)
        if cue_inside:
            place = "cue_inside"  # "X said [Y attacked Z]": a claim nested in a rule claim
        elif any(chars & other for other in near):
            place = "overlap"
        else:
            place = "none"
        features = indicator_features(
            candidate,
            quoted=bool(layout.quotes_within(candidate.start_char, candidate.end_char)),
            in_lexicon=in_lexicon,
        )
        features += ["rule=" + place, "rule+rel=" + place + "|" + candidate.relation]
        out.append(OpenCandidate(candidate, features, chars))
    return out


def learned_drafts(doc: Doc, layout: Layout, drafts: Sequence[Draft], lexicon: Lexicon,
                   model: AttributionModel) -> list[Draft]:
    """Drafts for the candidates the model accepts, beside the rules' ``drafts``."""
    proposals = open_candidates(doc, layout, drafts, lexicon, sourced_only=True)
    scored = [(model.probability(o.features), o) for o in proposals]
    scored.sort(key=lambda pair: (-pair[0], pair[1].candidate.start_char))
    kept: list[frozenset[int]] = []
    out = []
    for probability, proposal in scored:
        if probability < model.threshold:
            break
        if any(jaccard(proposal.chars, other) >= SAME_CONTENT for other in kept):
            continue  # two candidates with one content (the cue and its clause, read two ways)
        kept.append(proposal.chars)
        out.append(_draft(layout, proposal.candidate, probability))
    return out


def _draft(layout: Layout, candidate: Candidate, probability: float) -> Draft:
    word = candidate.cue
    if word.pos_ in ("NOUN", "ADJ"):
        shape: CueShape = "noun" if word.pos_ == "NOUN" else "adjective"
        cue = CueMatch(shape, word, word.doc[word.i : word.i + 1], word.lemma_.lower())
    else:
        cue = CueMatch("verb", word, verb_cue_span(word), word.lemma_.lower())
    start, end = candidate.start_char, candidate.end_char
    kind = "mixed" if layout.quotes_within(start, end) else "indirect"
    return Draft([(f.start_char, f.end_char) for f in candidate.fragments], kind, cue, LEARNED,
                 layout.paragraph_of(start), content_rule=LEARNED_CONTENT, learned_probability=probability)
