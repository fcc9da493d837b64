"""Hostile and unusual input: never an exception, always exact offsets, always the same answer."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimkit
from claimkit import long_texts
from claimkit.claims import Claim


def assert_exact(text: str, claims: list[Claim]) -> None:
    for claim in claims:
        for span in claim.spans():
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("text", [
    "",
    "   \n\n\t  ",
    "Officials\x00 said\x07 the \x1b[31mroad\x1b[0m was closed.",
    "“We 🚀 will win 🎉,” the coach said. 👍",
    "قال المتحدث إن الطريق مغلق. “כן,” אמר הדובר.",
    "<p>“The plan is dead,” <b>the minister</b> said.</p><img src=x onerror=alert(1)> &amp; &nbsp;",
    "“Unbalanced, he said. ” And then « mixed ” marks ‘ everywhere \" ' „ here.",
    "Der Minister sagte, die Straße sei gesperrt. „Wir arbeiten daran“, sagte er.",
    "said said said “ ” “” '' \"\" : : according to according to",
    "\u202eReversed text\u202c, the official said.",
])
def test_hostile_text_never_raises_and_offsets_are_exact(nlp, text):
    claims = claimkit.extract(text, nlp=nlp)
    assert_exact(text, claims)


def test_empty_text_has_no_claims(nlp):
    assert claimkit.extract("", nlp=nlp) == []
    assert claimkit.extract("  \n ", nlp=nlp) == []


def test_a_single_100000_character_word_between_two_claims(nlp):
    # The word is as long as a parse piece (long_texts.PIECE_CHARS), so the paragraph is cut inside
    # it; the claims on either side must still be found, whole and at their offsets in the whole text.
    word = "x" * 100_000
    before = "“The bridge will reopen in March,” Mayor Jane Doe said."
    after = "“The tunnel will close in May,” the engineer said."
    text = f"{before} {word} {after}"
    started = time.perf_counter()
    claims = claimkit.extract(text, nlp=nlp)
    elapsed = time.perf_counter() - started
    assert [(c.content.text, c.speaker.mention.text if c.speaker and c.speaker.mention else None)
            for c in claims] == [("The bridge will reopen in March", "Mayor Jane Doe"),
                                 ("The tunnel will close in May", "the engineer")]
    assert [c.content.start for c in claims] == [text.index("The bridge"), text.index("The tunnel")]
    assert_exact(text, claims)
    assert elapsed < 60, f"extraction took {elapsed:.0f} s"  # well under a second when written


def test_pieces_of_a_5_mb_article_cover_every_paragraph_within_the_limit():
    paragraph = "The council said the harbour wall would be repaired before winter. " * 30
    text = "\n\n".join([paragraph] * 2600)  # about 5 MB
    assert len(text) > 5_000_000
    ranges = long_texts.pieces(text)
    assert all(end - start <= long_texts.PIECE_CHARS for start, end in ranges)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ranges))
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text.rstrip())


def test_one_paragraph_longer_than_a_piece_is_cut_at_sentence_ends():
    text = "Officials said the bridge was safe. " * 200
    ranges = long_texts.pieces(text, limit=1000)
    assert len(ranges) > 5
    assert all(text[end - 2 : end] == ". " for _, end in ranges[:-1])


def test_long_article_is_parsed_in_pieces_with_offsets_into_the_whole_text(nlp, monkeypatch):
    paragraph = "“The bridge will reopen in March,” Mayor Jane Doe said on Monday."
    text = "\n\n".join([paragraph] * 60)
    whole = claimkit.extract(text, nlp=nlp)
    monkeypatch.setattr("claimkit.batch.PIECE_CHARS", 700)
    in_pieces = claimkit.extract(text, nlp=nlp)
    assert_exact(text, in_pieces)
    assert [c.content for c in in_pieces] == [c.content for c in whole]
    batch = list(claimkit.extract_batch([("long", text), ("short", paragraph)], nlp=nlp))
    assert [r.doc_id for r in batch] == ["long", "short"]
    assert [c.content for c in batch[0].claims] == [c.content for c in whole]


_WORDS = st.sampled_from([
    "the", "minister", "said", "told", "reporters", "according", "to", "Reuters", "Jane", "Doe", "he", "she",
    "that", "was", "“", "”", '"', "'", "‘", "’", ",", ".", ":", "\n\n", "\n", "«", "»", "they", "warned",
    "officials", "claimed", "quoted", "as", "saying", "Kyiv", "Moscow's", "tenants'", "—", "(", ")", "\x00", "🙂",
])
_NEWSLIKE = st.lists(_WORDS, min_size=0, max_size=60).map(" ".join)
_ANY = st.text(max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_NEWSLIKE, _ANY, st.tuples(_NEWSLIKE, _ANY).map("".join)))
def test_property_no_exception_exact_offsets_deterministic(nlp, text):
    first = claimkit.extract(text, nlp=nlp)
    assert_exact(text, first)
    assert claimkit.extract(text, nlp=nlp) == first
