"""Quotation marks glued to the words beside them are split off by the tokenizer claimkit sets
up; text with its spaces in place tokenizes as spaCy's English tokenizer does."""

from __future__ import annotations

import pytest
import spacy

from claimkit.glued_quotes import split_glued_quotes
from tests.test_rules import claims_of, only


def tokens(text: str, split: bool = True) -> list[str]:
    nlp = spacy.blank("en")
    if split:
        split_glued_quotes(nlp)
    return [t.text for t in nlp(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("the levy,”Okafor said.", ["the", "levy", ",", "”", "Okafor", "said", "."]),
    ("the levy.”Okafor said", ["the", "levy", ".", "”", "Okafor", "said"]),
    ('the levy,"Okafor said.', ["the", "levy", ",", '"', "Okafor", "said", "."]),
    ("she said,“We will win.”", ["she", "said", ",", "“", "We", "will", "win", ".", "”"]),
    ("she said:“We will win.”", ["she", "said", ":", "“", "We", "will", "win", ".", "”"]),
    ("she said“We will win.”", ["she", "said", "“", "We", "will", "win", ".", "”"]),
])
def test_a_glued_quotation_mark_is_a_token_of_its_own(text, expected):
    assert tokens(text) == expected
    assert tokens(text, split=False) != expected  # what spaCy alone makes of it


@pytest.mark.parametrize("text", [
    "“We won,” Okafor said.",
    'He said: "yes."',
    'a 5"x7" print',  # a straight quote between letters or digits may be an inch mark
    "rock’n’roll",
    "O’Brien said it was the workers’ choice.",
])
def test_text_with_its_spaces_in_place_tokenizes_as_before(text):
    assert tokens(text) == tokens(text, split=False)


def test_splitting_twice_changes_nothing():
    nlp = spacy.blank("en")
    split_glued_quotes(nlp)
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    split_glued_quotes(nlp)
    assert nlp.tokenizer.infix_finditer.__self__.pattern == pattern


def test_a_tokenizer_without_infix_patterns_is_left_alone():
    nlp = spacy.blank("en")
    nlp.tokenizer = lambda text: spacy.blank("en").make_doc(text)  # a user's own callable
    split_glued_quotes(nlp)  # nothing to extend, no error
    assert [t.text for t in nlp("a b")] == ["a", "b"]


def test_a_speaker_glued_to_the_closing_quotation_mark_is_found(nlp):
    text = "The council met on Friday. “The levy will stay,”Okafor said."
    claim = only(claims_of(nlp, text))
    assert claim.content.text == "The levy will stay" and claim.speaker_name == "Okafor"
