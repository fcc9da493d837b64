"""Unicode hygiene: lone surrogates in input text and ids, white space and format characters in names."""

from __future__ import annotations

import pytest

from claimkit.text_input import (
    REPLACEMENT,
    clean_id,
    clean_name,
    clean_text,
    first_word,
    last_word,
    name_bounds,
    name_or_none,
    name_words,
)


@pytest.mark.parametrize("text", ["", "plain ascii", "“Curly” — dashes … and emoji \U0001f600",
                                  "\u00a0\u2002\u200b\ufeff"])
def test_text_without_surrogates_is_returned_as_is(text):
    assert clean_text(text) is text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x\ud800", "x\ufffd"),
        ("\udfff", "\ufffd"),
        ("a\ud83d\ude00b", "a\ufffd\ufffdb"),  # a pair written as two code points is still two lone halves
        ("\udc80\udcff said", "\ufffd\ufffd said"),  # surrogateescape'd bytes
        ("ok \U0001f600 \ud800", "ok \U0001f600 \ufffd"),  # a real astral character is kept
    ],
)
def test_every_lone_surrogate_becomes_the_replacement_character(text, expected):
    cleaned = clean_text(text)
    assert cleaned == expected
    assert len(cleaned) == len(text)  # one code point for one: offsets hold
    cleaned.encode("utf-8")  # encodable now


def test_offsets_into_the_cleaned_text_match_the_original_but_for_surrogates():
    text = "“We\ud800 will,” Mayor Ann\udfff Lee said."
    cleaned = clean_text(text)
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            original, seen = text[start:end], cleaned[start:end]
            assert len(original) == len(seen)
            assert all(a == b or ("\ud800" <= a <= "\udfff" and b == REPLACEMENT)
                       for a, b in zip(original, seen, strict=True))


def test_ids_are_cleaned_the_same_way():
    assert clean_id("article-\ud800-1") == "article-\ufffd-1"
    doc_id = "article-1"
    assert clean_id(doc_id) is doc_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Doe", "Jane Doe"),
        ("\u00a0Jane Doe\u2002", "Jane Doe"),
        ("\u200bJane\ufeff", "Jane"),
        ("\u202eJane Doe\u202c", "Jane Doe"),
        ("\u3000\u205f\n\tJane\r", "Jane"),
        ("Jane\u00a0Doe", "Jane\u00a0Doe"),  # the inside is kept as written
        ("\u00a0", ""),
        ("\u2002\u2002 \u200b\ufeff\u202e", ""),
        ("\x00\x1f", ""),
        ("\ud800", ""),
        ("", ""),
    ],
)
def test_clean_name_strips_edges_only(name, expected):
    assert clean_name(name) == expected


def test_name_bounds_agree_with_clean_name():
    text = "said \u00a0\u200bJane Doe\u2002, who"
    start, end = name_bounds(text, 5, text.index(","))
    assert text[start:end] == "Jane Doe"
    assert name_bounds(text, 5, 7) == (7, 7)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Jane Doe", ["Jane", "Doe"]),
        ("Jane\u00a0Doe", ["Jane", "Doe"]),
        ("Jane\u2002\u2002Q.\u3000Doe", ["Jane", "Q.", "Doe"]),
        ("Jane \u200b Doe\ufeff", ["Jane", "Doe"]),
        ("\u00a0\u2002", []),
        ("\u200b", []),
        ("", []),
    ],
)
def test_name_words_never_include_empty_words(name, words):
    assert name_words(name) == words
    assert first_word(name) == (words[0] if words else "")
    assert last_word(name) == (words[-1] if words else "")


def test_name_or_none():
    assert name_or_none(None) is None
    assert name_or_none("\u00a0\u200b") is None
    assert name_or_none(" Jane ") == "Jane"
