"""``doc.spans["claims"]``: the claims as labelled spaCy spans, for displaCy's span view."""

from __future__ import annotations

import html
import pickle
import re

import pytest
from spacy import displacy
from spacy.tokens import Doc, DocBin

import claimkit
import claimkit.component
from claimkit.component import DISPLACY_COLORS, SPANS_KEY

pytestmark = pytest.mark.e2e

ARTICLE = """"We will win," Mayor Jane Doe said.

"We will," Mayor Jane Doe said, "rebuild the bridge before winter."

Kremlin spokesman Dmitry Peskov said the talks had stalled, according to RIA Novosti.

The barrier will cost $40 million, according to the Brackwater Gazette.
"""


@pytest.fixture(scope="module")
def nlp():
    return claimkit.load()


@pytest.fixture(scope="module")
def doc(nlp) -> Doc:
    return nlp(ARTICLE)


def _described(doc: Doc) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, span.label_, span.id_) for span in doc.spans[SPANS_KEY]]


def _shown_text(markup: str) -> str:
    """The words of displaCy's span view, without tags and labels (a label follows its span's first token)."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()
    return " ".join(word for word in words if word not in DISPLACY_COLORS)


def test_displacy_span_view_shows_speaker_and_cue(doc):
    claim = doc._.claims[0]
    assert claim.cue is not None and claim.speaker is not None and claim.speaker.mention is not None
    assert claim.speaker.mention.text == "Mayor Jane Doe"
    markup = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY, "colors": DISPLACY_COLORS})
    assert isinstance(markup, str)
    shown = _shown_text(markup)
    assert claim.speaker.mention.text in shown
    assert claim.cue.span.text in shown
    for label in ("SPEAKER", "CUE", "CONTENT_DIRECT", "VIA"):
        assert f"{label}\n" in markup
        assert DISPLACY_COLORS[label] in markup


def test_one_content_span_per_fragment(doc):
    claims = doc._.claims
    assert claims
    contents = [span for span in doc.spans[SPANS_KEY] if span.label_.startswith("CONTENT_")]
    assert len(contents) == sum(len(claim.fragments) for claim in claims)
    assert any(len(claim.fragments) > 1 for claim in claims)  # the article has a claim in two pieces


def test_spans_cover_the_claims_offsets_and_name_their_claim(doc):
    claims = doc._.claims
    labels = {"direct": "CONTENT_DIRECT", "indirect": "CONTENT_INDIRECT", "mixed": "CONTENT_MIXED"}
    by_claim: dict[int, list] = {}
    for span in doc.spans[SPANS_KEY]:
        by_claim.setdefault(int(span.id_), []).append(span)
    assert sorted(by_claim) == list(range(len(claims)))
    for index, claim in enumerate(claims):
        spans = by_claim[index]
        assert {s.label_ for s in spans if s.label_.startswith("CONTENT_")} == {labels[claim.kind]}
        for fragment, span in zip(claim.fragments, [s for s in spans if s.label_.startswith("CONTENT_")], strict=True):
            # token spans may be wider than the character offsets, never narrower
            assert span.start_char <= fragment.start and fragment.end <= span.end_char
        if claim.cue is not None:
            assert [s.text for s in spans if s.label_ == "CUE"] == [claim.cue.span.text]
        if claim.speaker is not None and claim.speaker.mention is not None:
            assert [s.text for s in spans if s.label_ == "SPEAKER"] == [claim.speaker.mention.text]
        assert len([s for s in spans if s.label_ == "VIA"]) == len(claim.via)
    assert any(claim.via for claim in claims)  # the article has a relay, so VIA is exercised


def test_spans_survive_pickling(doc):
    restored = pickle.loads(pickle.dumps(doc))
    assert _described(restored) == _described(doc)


def test_spans_survive_docbin(nlp, doc):
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    restored = next(DocBin().from_bytes(stored.to_bytes()).get_docs(nlp.vocab))
    assert _described(restored) == _described(doc)
    assert [s.label_ for s in restored.spans[SPANS_KEY]] == [s.label_ for s in doc.spans[SPANS_KEY]]


def test_spans_survive_two_processes(nlp):
    texts = [ARTICLE, "No quotes here.", '"We will win," Mayor Jane Doe said.']
    serial = [_described(d) for d in nlp.pipe(texts)]
    parallel = [_described(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert parallel == serial
    assert serial[0] and serial[1] == [] and serial[2]


def test_no_spans_when_extraction_fails(nlp, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(claimkit.component, "extract_claims", broken)
    failed = nlp(ARTICLE)
    assert failed._.claimkit_error == "RuntimeError: boom"
    assert SPANS_KEY not in failed.spans


def test_token_spans_widen_to_whole_tokens(nlp):
    doc = nlp.make_doc("He said yes.")
    text = doc.text
    claim = claimkit.Claim(
        content=claimkit.TextSpan.from_offsets(text, 9, 11),  # "es": inside the token "yes"
        fragments=(claimkit.TextSpan.from_offsets(text, 9, 11), claimkit.TextSpan.from_offsets(text, 3, 3)),
        kind="indirect",
        cue=claimkit.Cue(span=claimkit.TextSpan.from_offsets(text, 3, 7), lemma="say"),
        speaker=None,
    )
    spans = claimkit.component.claim_spans(doc, [claim])
    assert [(s.label_, s.text) for s in spans] == [("CONTENT_INDIRECT", "yes"), ("CUE", "said")]  # empty piece: none
