"""Candidate attributions read off the parse, for the learned model to accept or reject.

A candidate is a word that may be a cue (a verb, a noun such as "claim", an auxiliary) and
one phrase that may be what it attributes, hanging from it in the parse:

* its clausal complement ("insisted [that the deal was dead]") -> ``ccomp``;
* its object noun phrase ("rejected [the accusations]", "threatened [a veto]") -> ``dobj``;
* its infinitive ("is set to [caution ...]") -> ``xcomp``;
* the object of its preposition ("warned [of a crisis]") -> ``prep``;
* an adjective's clause or object ("confident [that ...]", "critical [of the deal]");
* a clause modifying a noun cue ("her claim [that ...]") -> ``acl``;
* its passive subject ("[The plan] was criticised by ...") -> ``nsubjpass``;
* the clause it interrupts or closes ("[Y], X insisted") -> ``head``;
* its clausal complement with the verbs conjoined beside it ("said [he drank, used drugs and
  ...]") -> ``ccomp``, variant ``merged``.

Scope and limits: one candidate per (word, phrase); contents come from parse subtrees, so a
misparsed sentence gives a misplaced content. Every verb, auxiliary, noun and adjective with
a phrase to offer is a possible cue: which are cues is the model's question, not a word
list's. Contents of fewer than two tokens are left out, except objects (``dobj``, ``prep``:
"endorsed [Cruz]").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy
from attrs import frozen
from spacy.tokens import Doc, Span, Token

from claimkit.clauses import span_of
from claimkit.token_arrays import parents_of, tokens_where

CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})  # ADJ: "critical of X", "confident that Y"
# dependency label of the content phrase -> relation name (several labels, one relation)
CHILD_RELATIONS = {"ccomp": "ccomp", "xcomp": "xcomp", "dobj": "dobj", "acl": "acl", "relcl": "acl",
                   "nsubjpass": "nsubjpass", "advcl": "advcl", "attr": "dobj", "oprd": "xcomp"}
PREP_OBJECTS = frozenset({"pobj", "pcomp"})
MIN_TOKENS = 2
_OFFERING_DEPS = frozenset({*CHILD_RELATIONS, "prep"})
_HEAD_DEPS = frozenset({"parataxis", "ccomp", "advcl"})  # the deps of a cue that reports its head
# an object may be one word ("endorsed [Cruz]", "asked for [copies]")
ONE_WORD_RELATIONS = frozenset({"dobj", "prep"})


@frozen
class Candidate:
    """A possible cue word and the phrase it may attribute.

    Attributes:
        cue: the word that may be a cue.
        relation: how the content hangs from it (see the module's list).
        fragments: the content as token spans (two when the cue interrupts it).
        root: the content's head word.
        preposition: the preposition of a ``prep`` relation ("of" in "warned of").
        variant: "merged" for a clause taken with the clauses conjoined beside it.
    """

    cue: Token
    relation: str
    fragments: tuple[Span, ...]
    root: Token
    preposition: str = ""
    variant: str = ""

    @property
    def start_char(self) -> int:
        return self.fragments[0].start_char

    @property
    def end_char(self) -> int:
        return self.fragments[-1].end_char

    @property
    def n_tokens(self) -> int:
        return sum(len(f) for f in self.fragments)


def candidates(doc: Doc, cue_words: Callable[[Token], bool] | None = None) -> Iterator[Candidate]:
    """Every candidate of ``doc``, in token order of the cue word; with ``cue_words``, only
    those whose cue word it accepts (asked once per word, before its phrases are read)."""
    # The tests on the Doc's arrays: a Token object is made only for a word of a cue's part of
    # speech with a phrase to offer (most nouns have none), before ``cue_words`` is asked.
    offering = parents_of(doc, _OFFERING_DEPS) | tokens_where(doc, deps=_HEAD_DEPS)
    for i in numpy.flatnonzero(tokens_where(doc, pos=CUE_POS) & offering).tolist():
        token = doc[i]
        children = list(token.children)  # read once: each look at .children makes new Tokens
        if cue_words is not None and not cue_words(token):
            continue
        yield from _children(token, children)
        yield from _merged_clauses(token, children)
        head = _head_clause(token)
        if head is not None:
            yield head


def _subtree_span(token: Token) -> Span | None:
    """``token``'s subtree as a span, trimmed as contents are (:func:`~claimkit.clauses.span_of`):
    from its left edge to its right edge (a non-projective arc, which spaCy's parser can give,
    widens it to the tokens in between)."""
    return span_of([token.left_edge, token.right_edge])


def _children(cue: Token, children: list[Token]) -> Iterator[Candidate]:
    for child in children:
        relation = CHILD_RELATIONS.get(child.dep_)
        if relation is not None:
            span = _subtree_span(child)
            if span is not None and len(span) >= _min_tokens(relation):
                yield Candidate(cue, relation, (span,), child)
        elif child.dep_ == "prep":
            for target in child.children:
                if target.dep_ in PREP_OBJECTS:
                    span = _subtree_span(target)
                    if span is not None and len(span) >= _min_tokens("prep"):
                        yield Candidate(cue, "prep", (span,), target, child.lower_)


def _min_tokens(relation: str) -> int:
    return 1 if relation in ONE_WORD_RELATIONS else MIN_TOKENS


def _merged_clauses(cue: Token, children: list[Token]) -> Iterator[Candidate]:
    """ "said [he drank too much, used drugs and ...]": the first clause after the cue with the
    verbs the parser conjoined beside it, as the rules' ``reported_clauses`` read them."""
    first = next((c for c in children if c.dep_ == "ccomp" and c.i > cue.i), None)
    if first is None:
        return
    conjoined = [c for c in children if c.i > first.i and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if not conjoined:
        return
    span = span_of([first.left_edge, *(c.right_edge for c in conjoined)])
    if span is not None:
        yield Candidate(cue, "ccomp", (span,), first, "", "merged")


def _head_clause(cue: Token) -> Candidate | None:
    """ "[Y], X insisted" and "[Y], X insisted, [Z]": the cue hangs off the clause it reports."""
    head = cue.head
    if head == cue or cue.pos_ == "NOUN" or cue.dep_ not in _HEAD_DEPS:
        return None
    if head.pos_ not in ("VERB", "AUX"):
        return None
    if cue.dep_ != "parataxis" and cue.i < head.i:
        return None  # "X insisted [Y]": the clause hangs off the cue, not the other way
    skip = {t.i for t in cue.subtree}
    runs: list[list[Token]] = [[]]
    for token in head.subtree:
        if token.i in skip:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(token)
    fragments = tuple(span for run in runs if (span := span_of(run)) is not None and len(span) > 0)
    if not fragments or sum(len(f) for f in fragments) < MIN_TOKENS:
        return None
    return Candidate(cue, "head", fragments, head)
