"""Headlines that attribute with a colon (the annotation guide's rule 13)."""

from __future__ import annotations

import pytest

import claimkit


def _claims(nlp, text):
    return [c for c in claimkit.extract(text, nlp=nlp) if "headline_colon" in c.evidence.rules]


def test_a_title_before_a_colon_is_the_source_of_the_rest_of_the_headline(nlp):
    text = "Mayor: bridge may close 'within weeks'\n\nThe bridge has been shut twice this year."
    [claim] = _claims(nlp, text)
    assert claim.content.text == "bridge may close 'within weeks'"
    assert claim.kind == "mixed" and claim.cue.span.text == ":"
    assert claim.speaker.mention.text == "Mayor"
    assert claim.speaker.name is None  # a title alone names no one (the guide's rule 16)
    assert text[claim.content.start:claim.content.end] == claim.content.text


def test_a_headlines_content_keeps_a_leading_sign_and_loses_odd_spaces(nlp):
    [claim] = _claims(nlp, "Mayor:\u00a0-5 degrees expected tonight\n\nIt will be cold.")
    assert claim.content.text == "-5 degrees expected tonight"


def test_a_named_source_before_a_colon_is_resolved_like_any_speaker(nlp):
    text = "Kremlin spokesman Dmitry Peskov: talks not possible now\n\nMore talks were planned."
    [claim] = _claims(nlp, text)
    assert claim.content.text == "talks not possible now"
    assert claim.speaker.name == "Dmitry Peskov"


@pytest.mark.parametrize("text", [
    "Analysis: why the bridge matters\n\nThe bridge carries most of the town's traffic.",
    "READ MORE: Bridge closures across the province\n\nThe bridge carries traffic.",
    "Mayor: the agenda was long.\n\nIt ended late.",
    "Photos of Angela Merkel: the summit in pictures\n\nThe summit ended.",
    "Photos: the flood in pictures\n\nThe river rose overnight.",
    "Ukraine war: fighting goes on near the river\n\nThe front has not moved.",
])
def test_a_label_or_a_sentence_with_a_colon_is_not_a_headline_claim(nlp, text):
    assert _claims(nlp, text) == []
