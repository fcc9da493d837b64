"""The result types: invariants, named constructors, spans(), pickling."""

from __future__ import annotations

import pickle

import attrs
import pytest
import spacy

from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan

TEXT = "“The new line opens in May,” transport minister Ana Ruiz told Radio Norte, according to the Courier."


def span_of(fragment: str, text: str = TEXT) -> TextSpan:
    start = text.index(fragment)
    return TextSpan.from_offsets(text, start, start + len(fragment))


def make_claim() -> Claim:
    content = span_of("The new line opens in May")
    return Claim(
        content=content,
        fragments=(content,),
        kind="direct",
        cue=Cue(span=span_of("told"), lemma="tell", stance="neutral"),
        speaker=Speaker(
            mention=span_of("transport minister Ana Ruiz"),
            name="Ana Ruiz",
            kind="person",
            role="transport minister",
            entity_id=3,
            confidence=0.9,
        ),
        via=(
            Source(span=span_of("Radio Norte"), name="Radio Norte", confidence=0.8),
            Source(span=span_of("the Courier"), name="Courier", confidence=0.7),
        ),
        confidence=0.85,
        content_confidence=0.95,
        evidence=Evidence(rule="quote_cue_after", flags=("unclosed_quote",),
                          features=(("rule_prior", 0.85),)),
    )


def test_text_span_holds_offsets_and_text():
    span = TextSpan(4, 7, "new")
    assert (span.start, span.end, span.text, len(span)) == (4, 7, "new", 3)


def test_empty_text_span_is_allowed():
    assert len(TextSpan(5, 5, "")) == 0


def test_negative_start_raises():
    with pytest.raises(ValueError):
        TextSpan(-1, 3, "abc")
    # from_offsets too, where slicing alone would wrap round to the end of the text silently
    with pytest.raises(ValueError):
        TextSpan.from_offsets(TEXT, -1, 3)


def test_end_before_start_raises():
    with pytest.raises(ValueError, match="before its start"):
        TextSpan(10, 4, "")


def test_from_offsets_cuts_the_text():
    span = TextSpan.from_offsets(TEXT, 1, 4)
    assert span == TextSpan(1, 4, "The")
    assert TEXT[span.start : span.end] == span.text


def test_from_offsets_validates_too():
    with pytest.raises(ValueError):
        TextSpan.from_offsets(TEXT, 9, 2)


def test_from_span_on_a_spacy_span():
    text = "Port officials said the strike was over."
    doc = spacy.blank("en")(text)
    span = TextSpan.from_span(doc[0:2])
    assert span == TextSpan(0, 14, "Port officials")
    token_span = TextSpan.from_span(doc[2:3])
    assert text[token_span.start : token_span.end] == token_span.text == "said"


def test_spans_lists_every_span_in_order():
    claim = make_claim()
    assert [s.text for s in claim.spans()] == [
        "The new line opens in May",  # content
        "The new line opens in May",  # its one fragment
        "told",
        "transport minister Ana Ruiz",
        "Radio Norte",
        "the Courier",
    ]
    for span in claim.spans():
        assert TEXT[span.start : span.end] == span.text


def test_spans_skips_missing_cue_and_speaker():
    content = span_of("The new line opens in May")
    bare = Claim(content=content, fragments=(content,), kind="direct", cue=None, speaker=None)
    assert bare.spans() == [content, content]
    unnamed = attrs.evolve(bare, speaker=Speaker(mention=None, name="Transit Agency"))
    assert unnamed.spans() == [content, content]
    assert unnamed.speaker_name == "Transit Agency"
    assert bare.speaker_name is None


def test_defaults():
    content = span_of("The new line opens in May")
    claim = Claim(content=content, fragments=(content,), kind="indirect", cue=None, speaker=None)
    assert claim.via == ()
    assert claim.evidence == Evidence(rule="unknown")
    assert Cue(span=span_of("told"), lemma="tell").stance == "neutral"
    assert Speaker(mention=None).anonymous is False


def test_claims_are_picklable_and_equal_after():
    claim = make_claim()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(claim, protocol=protocol))
        assert copy == claim
        assert copy.speaker_name == "Ana Ruiz"


def test_claims_are_hashable():
    # every field of every result type is hashable (tuples, not lists), so claims go into sets
    claim = make_claim()
    assert hash(claim) == hash(make_claim())
    assert len({claim, make_claim()}) == 1



def test_spans_lists_an_empty_cue_or_mention_too():
    empty = TextSpan(start=3, end=3, text="")
    claim = Claim(content=TextSpan(start=0, end=3, text="abc"), fragments=(), kind="direct",
                  cue=Cue(span=empty, lemma="say", stance="neutral"),
                  speaker=Speaker(mention=empty, name=None, kind="person", role=None, anonymous=False))
    assert claim.spans().count(empty) == 2
