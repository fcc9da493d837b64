"""The array tests that pick tokens before Token objects are made, on parses built by hand:
each must pick exactly the tokens the same test on Token objects picks."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimkit.token_arrays import indices_where, parents_of, tokens_where

VOCAB = spacy.blank("en").vocab

# "According to aides , Lee said the plan failed ."
WORDS = ["According", "to", "aides", ",", "Lee", "said", "the", "plan", "failed", "."]
HEADS = [5, 0, 1, 5, 5, 5, 7, 8, 5, 5]
DEPS = ["prep", "prep", "pobj", "punct", "nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"]
POS = ["VERB", "ADP", "NOUN", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "VERB", "PUNCT"]


def parsed() -> Doc:
    return Doc(VOCAB, words=WORDS, heads=HEADS, deps=DEPS, pos=POS)


def test_indices_where_tests_part_of_speech_and_label_together():
    doc = parsed()
    assert indices_where(doc, pos=("PROPN", "NOUN"), deps=("nsubj",)) == [4, 7]
    assert indices_where(doc, pos=("VERB",)) == [0, 5, 8]
    assert indices_where(doc, deps=("ROOT",)) == [5]


def test_words_add_tokens_whatever_their_part_of_speech():
    doc = parsed()
    assert indices_where(doc, pos=("NOUN",), words=("according",)) == [0, 2, 7]
    assert indices_where(doc, words=("lee", "failed")) == [4, 8]  # lower-case forms
    assert indices_where(doc, words=("nowhere",)) == []


def test_tokens_where_flags_every_token_when_nothing_is_asked():
    assert tokens_where(parsed()).all()


def test_parents_of_flags_the_heads_of_the_labelled_tokens():
    doc = parsed()
    flags = parents_of(doc, ("nsubj", "ccomp"))
    assert [t.i for t in doc if flags[t.i]] == [5, 8]  # "said" (Lee, failed), "failed" (plan)
    assert [t.i for t in doc if flags[t.i]] == [t.i for t in doc
                                                if any(c.dep_ in ("nsubj", "ccomp") for c in t.children)]


def test_an_empty_doc_picks_nothing():
    doc = Doc(VOCAB, words=[])
    assert indices_where(doc, pos=("VERB",)) == []
    assert indices_where(doc, words=("said",)) == []
    assert not parents_of(doc, ("nsubj",)).any()
