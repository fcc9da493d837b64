"""Content of indirect (reported) speech: the clause a cue governs, as character ranges.

* "X said (that) Y": the clausal complement Y, without the complementiser ("that", "if",
  "whether"), trimmed of punctuation at either end, and without a trailing aside on what
  the speaker did while saying it (", pointing to ...": :func:`claimkit.clauses.speakers_aside`).
* "Y, X said", parsed with the cue hanging off Y: Y's clause minus the cue's own phrase.
* "Y, according to X": the clause "according to" modifies, minus "according to X".
* "TASS quoted X as saying Y": the complement of "saying".

Scope and limits: only clausal complements (and "to"-infinitives of promise verbs) are
content; a bare noun phrase ("he denied the report") is not. What the parser attaches
wrongly is cut wrongly; the caller flags content that crosses a quotation mark.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimkit.clauses import (
    CLAUSE_DEPS,
    after_dateline,
    claim_of_its_own,
    detached_subject,
    fronted_clause,
    reported_clauses,
    reports_its_head,
    sentence_beside,
    span_of,
    speakers_aside,
    without,
    yes_or_no,
)
from claimkit.cues import CueMatch, according_closing, is_citing
from claimkit.lexicon import Lexicon
from claimkit.rules import rule
from claimkit.segment import sentence_of

INTERRUPTED_CLAUSE = rule("content", "interrupted_clause",
                          "the clause a cue interrupts, on both sides of it ('Too often, he says, they get it')")
QUOTED_WORDS = rule("content", "quoted_words", "the words between a quote's marks (direct speech)")
ACCORDING_TO_SENTENCE = rule("content", "according_to_sentence",
                             "the rest of the sentence that 'According to X,' opens or ', according to X' closes")
ACCORDING_TO_HEAD = rule("content", "according_to_head", "the phrase 'according to X' hangs on, without it")
QUOTED_AS_COMPLEMENT = rule("content", "quoted_as_complement", "what follows 'quoted X as saying'")
DESCRIBED_AS_OBJECT = rule("content", "described_as_object", "the object of 'described X as'")
YES_OR_NO = rule("content", "yes_or_no", "a one-word answer right after the cue ('said no')")
REPORTED_CLAUSE = rule("content", "reported_clause",
                       "the cue's clausal complement(s), without 'citing X' or a closing 'according to X'")
INFINITIVE = rule("content", "infinitive", "the to-infinitive of a verb of commitment ('vowed to fight on')")
WHAT_CLAUSE = rule("content", "what_clause", "the verb phrase after 'in what X speculated was ...'")
RULED_OUT_ACTION = rule("content", "ruled_out_action", "the action after 'ruled out' ('ruled out ceding territory')")
GERUND = rule("content", "gerund", "a gerund reported ('denied taking the money')")
PREDICTED_NOUN = rule("content", "predicted_noun", "the noun phrase a prediction verb takes ('anticipate a push')")
REPORTED_HEAD = rule("content", "reported_head", "the clause a cue hangs off, without the cue ('Y, X said')")
FRONTED_CLAUSE = rule("content", "fronted_clause", "a clause opening the sentence before the cue, closed by a comma")


class Contents:
    """What each cue of one article reports, worked out once per cue (several stages ask).

    Made per article by the pipeline, with the lexicon whose verb frames say which verbs take
    an infinitive, a gerund or a prediction; it reads the parse and never changes a cue.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._complements: dict[int, tuple[str | None, Span | None]] = {}

    def complement(self, cue: CueMatch) -> Span | None:
        """The token span of what ``cue`` reports, or ``None`` when the parse shows none."""
        return self._complement(cue)[1]

    def rule(self, cue: CueMatch) -> str | None:
        """The content rule that cut :meth:`complement`, or ``None`` when there is none."""
        return self._complement(cue)[0]

    def _complement(self, cue: CueMatch) -> tuple[str | None, Span | None]:
        key = id(cue)  # cues live as long as the article's pipeline run, which owns this object
        if key not in self._complements:
            self._complements[key] = _complement(cue, self.lexicon)
        return self._complements[key]

    def reported(self, cue: CueMatch) -> tuple[str | None, list[Span]]:
        """What ``cue`` reports as one or more token spans, and the content rule that cut them.

        Several spans only when the cue interrupts the clause it reports ("Too often, he says,
        they get it"; "It is on their watch, Scheer said, that the country is divided"): the
        parts on either side of the cue phrase.
        """
        anchor = cue.anchor
        if cue.shape == "verb" and reports_its_head(anchor) and anchor.dep_ == "parataxis":
            return INTERRUPTED_CLAUSE, _interrupted_clause(anchor, self.lexicon)
        name, span = self._complement(cue)
        return (name, [span]) if span is not None else (None, [])


def complement(cue: CueMatch, lexicon: Lexicon) -> Span | None:
    """What ``cue`` reports as one token span (no memo: for one-off questions and tests)."""
    return _complement(cue, lexicon)[1]


def reported_fragments(cue: CueMatch, lexicon: Lexicon) -> list[Span]:
    """What ``cue`` reports as token spans (no memo: for one-off questions and tests)."""
    return Contents(lexicon).reported(cue)[1]


def _interrupted_clause(anchor: Token, lexicon: Lexicon) -> list[Span]:
    skip = {t.i for t in anchor.subtree} - {t.i for c in reported_clauses(anchor, lexicon) for t in c.subtree}
    # "The plan, critics say, will fail, and the mayor knows it": the writer's own
    # conjoined clause about someone else after the cue is not what was said ("..., and
    # he is optimistic" about the speaker may be).
    own = [c for c in anchor.head.children if c.dep_ == "conj" and c.i > anchor.i
           and any(g.dep_ in ("nsubj", "nsubjpass") and g.pos_ != "PRON" for g in c.children)]
    for clause in own:
        skip.update(t.i for t in clause.subtree)
        skip.update(c.i for c in anchor.head.children if c.dep_ in ("cc", "punct") and anchor.i < c.i < clause.i)
    runs: list[list[Token]] = [[]]
    for token in sorted({*anchor.head.subtree, *anchor.subtree}, key=lambda t: t.i):
        if token.i in skip:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(token)
    return [span for run in runs if (span := span_of(run)) is not None and len(span) > 0]


def _named(name: str, span: Span | None) -> tuple[str | None, Span | None]:
    return (name, span) if span is not None else (None, None)


def _complement(cue: CueMatch, lexicon: Lexicon) -> tuple[str | None, Span | None]:
    name, span = _complement_as_parsed(cue, lexicon)
    if span is not None and span.start_char < cue.anchor.idx:
        # "OSLO, Dec 1 (Wire) - X will Y, the ministry said": the dateline is no part of Y.
        span = span_of(after_dateline(list(span)))
    return (name, span) if span is not None else (None, None)


def _complement_as_parsed(cue: CueMatch, lexicon: Lexicon) -> tuple[str | None, Span | None]:
    anchor = cue.anchor
    if cue.shape == "colon":
        return None, None  # what follows the colon is the quote itself
    if cue.shape == "according_to":
        head = anchor.head
        if head == anchor:
            return None, None
        beside = sentence_beside(anchor, lexicon)
        if beside is not None:
            return ACCORDING_TO_SENTENCE, beside
        return _named(ACCORDING_TO_HEAD, span_of(without(head, anchor)))
    if cue.shape == "quoted_as":
        saying = cue.span[-1]
        clause = next((c for c in saying.children if c.dep_ in (*CLAUSE_DEPS, "dobj")), None)
        if clause is None:  # "[Y], X was quoted as saying": the clause before, hung on "quoted" ...
            clause = next((c for c in anchor.children if c.dep_ == "ccomp" and c.i < anchor.i), None)
        if clause is None and reports_its_head(anchor):  # ... or "quoted" hung on it
            return _named(REPORTED_HEAD, span_of(without(anchor.head, anchor)))
        return _named(QUOTED_AS_COMPLEMENT, span_of(list(clause.subtree)) if clause is not None else None)
    if cue.shape == "described_as":
        as_token = cue.span[-1]
        obj = next((c for c in as_token.children if c.dep_ in ("pobj", "pcomp")), None)
        return _named(DESCRIBED_AS_OBJECT, span_of(list(obj.subtree)) if obj is not None else None)
    answer = yes_or_no(anchor)
    if answer is not None:
        return YES_OR_NO, answer
    clauses = reported_clauses(anchor, lexicon)
    if clauses:
        # "citing port officials" inside the clause names the source, it is not content; nor
        # is a closing ", according to Reuters", which relays the claim.
        citing = {t.i for clause in clauses for c in clause.children if is_citing(c) for t in c.subtree}
        closing = according_closing(anchor)
        if closing is not None:
            citing.update(t.i for t in closing.subtree)
        cut = min((min(claim_of_its_own(clause, lexicon), speakers_aside(clause, lexicon)) for clause in clauses),
                  default=len(anchor.doc))
        return _named(REPORTED_CLAUSE, span_of([t for clause in clauses for t in clause.subtree
                                                 if t.i not in citing and t.i < cut]))
    if cue.lemma in lexicon.verbs_with("infinitive"):  # "vowed to fight on"
        infinitive = next((c for c in anchor.children if c.dep_ == "xcomp" and
                           any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if infinitive is not None:
            return _named(INFINITIVE, span_of(list(infinitive.subtree)))
    what = next((c for c in anchor.children if c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "nsubjpass")), None)
    if what is not None and what.i < anchor.i and anchor.dep_ == "pcomp":
        # "in what some sources speculated was a reprisal for ...": the parser hangs the
        # predicate elsewhere; the content is the verb phrase right after the cue. (Only
        # after a preposition: in "What he said was wrong" the predicate is the writer's.)
        verb = next((t for t in anchor.doc[anchor.i + 1 : sentence_of(anchor).end] if t.pos_ in ("AUX", "VERB")), None)
        if verb is not None and verb.i == anchor.i + 1:
            return _named(WHAT_CLAUSE, span_of([t for t in verb.subtree if t.i > anchor.i]))
    ruled_out = next((c for c in anchor.children if c.dep_ == "prt" and c.lower_ == "out"), None)
    following = anchor.doc[ruled_out.i + 1] if ruled_out is not None and ruled_out.i + 1 < len(anchor.doc) else None
    if cue.lemma == "rule" and following is not None and following.tag_ == "VBG":
        # "has ruled out ceding territory as part of any deal": all that follows the particle,
        # when it is an action (not "ruled out Smith for Sunday's game")
        cut = claim_of_its_own(anchor, lexicon)
        return _named(RULED_OUT_ACTION, span_of([t for t in anchor.subtree if following.i <= t.i < cut]))
    if cue.lemma in lexicon.verbs_with("gerund"):
        # "tenants report paying more", "she denied taking the money"
        gerund = next((c for c in anchor.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
        if gerund is not None:
            return _named(GERUND, span_of(list(gerund.subtree)))
    if cue.lemma in lexicon.verbs_with("prediction"):
        # "analysts anticipate a new push soon": what is predicted, as a noun phrase
        predicted = next((c for c in anchor.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")
                          and len(list(c.subtree)) >= 2), None)
        if predicted is not None:
            return _named(PREDICTED_NOUN, span_of(list(predicted.subtree)))
    if reports_its_head(anchor):
        tokens = without(anchor.head, anchor)
        subject = detached_subject(anchor) if anchor.dep_ == "conj" else None
        if subject is not None:  # "Y, the Federation (HWF) said": the speaker is no part of Y
            tokens = [t for t in tokens if t.i < subject.left_edge.i and t.i < anchor.i - 1]
        return _named(REPORTED_HEAD, span_of(tokens))
    fronted = fronted_clause(anchor)
    return _named(FRONTED_CLAUSE, span_of(list(fronted.subtree)) if fronted is not None else None)
