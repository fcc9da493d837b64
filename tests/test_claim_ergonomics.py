"""What an analyst handles (issue 16): a claim's text without the cue of a split quote, a short
repr, plain-JSON forms, an HTML repr, and the tables' text and fragment columns."""

from __future__ import annotations

import json

import pytest

import claimkit
from claimkit.claims import FRAGMENT_JOINER, Claim, Speaker, TextSpan
from claimkit.tables import to_records

TEXT = "“We are not taking any chances,” Mayor Helen Okafor told reporters. “Every family must leave.”"


def _split_quote() -> Claim:
    one, two = "We are not taking any chances", "Every family must leave"
    first, second = TEXT.index(one), TEXT.index(two)
    fragments = (TextSpan(first, first + len(one), one), TextSpan(second, second + len(two), two))
    content = TextSpan(first, fragments[1].end, TEXT[first:fragments[1].end])
    mention_at = TEXT.index("Mayor")
    speaker = Speaker(mention=TextSpan(mention_at, mention_at + 18, TEXT[mention_at:mention_at + 18]),
                      name="Helen Okafor", kind="person")
    return Claim(content=content, fragments=fragments, kind="direct", cue=None, speaker=speaker, confidence=0.91)


def test_a_split_quotes_text_leaves_the_cue_out():
    claim = _split_quote()
    assert claim.text == "We are not taking any chances" + FRAGMENT_JOINER + "Every family must leave"
    assert "told reporters" in claim.content.text  # the covering span stays a span


def test_the_repr_is_short_and_says_kind_speaker_and_first_words():
    shown = repr(_split_quote())
    assert shown.startswith("<Claim direct by 'Helen Okafor': 'We are not taking any chances")
    assert len(shown) < 160


def test_to_dict_is_plain_json_and_to_json_round_trips():
    claim = _split_quote()
    assert json.loads(json.dumps(claim.to_dict())) == claim.to_dict() == claimkit.claim_to_json(claim)
    assert json.loads(claim.to_json()) == claim.to_dict()
    assert "\n" in claim.to_json(indent=2)


def test_the_html_repr_escapes_what_the_article_says():
    claim = _split_quote()
    html = claim._repr_html_()
    assert "Helen Okafor" in html and "<table" in html
    evil = Claim(content=TextSpan(0, 8, "<script>"), fragments=(TextSpan(0, 8, "<script>"),), kind="direct",
                 cue=None, speaker=None)
    assert "<script>" not in evil._repr_html_()


def test_tables_carry_the_text_and_the_fragments():
    row = to_records([_split_quote()])[0]
    assert row["text"] == _split_quote().text
    assert [f["text"] for f in row["content_fragments"]] == ["We are not taking any chances", "Every family must leave"]
    assert all(TEXT[f["start"]:f["end"]] == f["text"] for f in row["content_fragments"])


def test_an_untagged_name_after_a_description_is_the_name_alone(nlp):
    claim = claimkit.extract("The mayor, Ana Ruiz, said the town would cope.", nlp=nlp)[0]
    assert claim.speaker is not None
    assert (claim.speaker.name, claim.speaker.role) == ("Ana Ruiz", "mayor")


def test_a_series_gives_a_series_with_its_index_and_names_a_bad_row_by_its_label(nlp):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": ["The Harbour Authority said it would rain.", float("nan"),
                                   "The council said the bridge would close."]}, index=["a", "b", "c"])
    with pytest.warns(claimkit.ClaimkitWarning, match="row 'b' gave no claims"):
        claims = claimkit.extract(frame["text"], nlp=nlp)
    assert list(claims.index) == ["a", "b", "c"]
    assert [len(c) for c in claims] == [1, 0, 1]
    table = claimkit.to_frame(claims)
    assert list(table["doc_id"]) == ["a", "c"]
