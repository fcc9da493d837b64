"""The learned stage: candidates from the parse, the attribution model, the merge with the rules,
and its training (one quick pass over invented articles; ``make train`` does the real one)."""

from __future__ import annotations

import json
import math

import pytest
import spacy
from spacy.tokens import Doc

import claimkit
from claimkit import errors
from claimkit.attribution_model import FORMAT, AttributionModel, read_model
from claimkit.attribution_training import examples_of, train, write
from claimkit.candidates import candidates
from claimkit.layout import Layout
from claimkit.learned import has_source, open_candidates
from claimkit.lexicon import load_lexicon
from claimkit.pipeline import extract_claims
from claimkit.segment import paragraphs_of

LEXICON = load_lexicon()


@pytest.fixture(scope="module")
def rules_nlp():
    return claimkit.load(learned=False)


def _candidates(nlp, text):
    return [(c.cue.text, c.relation, [f.text for f in c.fragments]) for c in candidates(nlp(text))]


# --- candidates --------------------------------------------------------------------------------

def test_a_verbs_object_noun_phrase_is_a_candidate(rules_nlp):
    found = _candidates(rules_nlp, "Senator Ana Ruiz rejected the accusations from her rivals.")
    assert ("rejected", "dobj", ["the accusations from her rivals"]) in found


def test_a_prepositions_object_is_a_candidate_with_its_preposition(rules_nlp):
    doc = rules_nlp("The union warned of a long strike.")
    found = [c for c in candidates(doc) if c.relation == "prep"]
    assert [(c.cue.text, c.preposition, c.fragments[0].text) for c in found] == [("warned", "of", "a long strike")]


def test_the_clause_a_cue_interrupts_is_a_candidate_in_two_fragments(rules_nlp):
    found = _candidates(rules_nlp, "The bridge, the engineers cautioned, will stay shut until May.")
    assert ("cautioned", "head", ["The bridge", "will stay shut until May"]) in found


def test_an_object_may_be_one_word(rules_nlp):
    assert ("endorsed", "dobj", ["Cruz"]) in _candidates(rules_nlp, "The senator endorsed Cruz on Monday.")


def test_a_passives_source_is_its_agent_never_its_subject(rules_nlp):
    from claimkit.candidate_features import speaker_of

    doc = rules_nlp("Barack Obama was criticised by Angela Merkel.")
    cue = next(t for t in doc if t.text == "criticised")
    assert speaker_of(cue).text == "Merkel"
    doc = rules_nlp("Ms Lee said the road was closed.")
    assert speaker_of(next(t for t in doc if t.text == "closed")) is None  # no agent: no source


def test_a_source_that_can_speak_is_a_pronoun_a_name_or_a_listed_description(rules_nlp):
    lexicon = rules_nlp.get_pipe("claimkit").lexicon

    def sourced(text):
        return {c.cue.text: has_source(c.cue, lexicon) for c in candidates(rules_nlp(text)) if c.relation == "dobj"}
    assert sourced("She rejected the new offer.") == {"rejected": True}
    assert sourced("Microsoft rejected the new offer.") == {"rejected": True}
    assert sourced("Officials rejected the new offer.") == {"rejected": True}  # a person noun
    assert sourced("The report rejected the new offer.") == {"rejected": True}  # a document noun
    assert sourced("The plan rejected the new offer.") == {"rejected": False}
    assert sourced("It rejected the new offer.") == {"rejected": False}


def test_a_word_of_wanting_knowing_or_seeming_is_no_learned_cue(rules_nlp):
    # Every candidate accepted, so only the cue filter can leave these out.
    model = _model({"bias": 10.0}, threshold=0.01)
    for text in ("She wanted the new contract.", "He knows the district well.",
                 "The minister appeared to reject the offer.", "She seemed to endorse the mayor.",
                 "He wanted to deny the report."):
        assert not _claims(rules_nlp, text, model), text
    assert [c.cue.span.text for c in _claims(rules_nlp, "She denied the new accusations.", model)] == ["denied"]


# --- the model ---------------------------------------------------------------------------------

def _model(weights, intercept=-3.0, threshold=0.5):
    return AttributionModel(weights, intercept, threshold, {})


def test_the_probability_is_the_logistic_of_the_summed_weights():
    model = _model({"a": 1.0, "b": 2.0}, intercept=-1.0)
    assert model.probability(["a", "b", "unknown"]) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert model.probability([]) == pytest.approx(1 / (1 + math.exp(1.0)))


def test_a_model_written_is_read_back_the_same(tmp_path):
    model = AttributionModel({"lemma=deny": 1.5, "bias": -0.25}, -2.0, 0.35, {"seed": 0})
    write(model, tmp_path / "m.json")
    assert read_model(tmp_path / "m.json") == model


@pytest.mark.parametrize("spec", [
    "not json",
    json.dumps([1, 2]),
    json.dumps({"format": "other", "weights": {}, "intercept": 0, "threshold": 0.5}),
    json.dumps({"format": FORMAT, "weights": {"a": "x"}, "intercept": 0, "threshold": 0.5}),
    json.dumps({"format": FORMAT, "weights": {}, "intercept": None, "threshold": 0.5}),
    json.dumps({"format": FORMAT, "weights": {}, "intercept": 0, "threshold": 1.5}),
])
def test_an_unusable_model_file_is_a_configuration_error(tmp_path, spec):
    path = tmp_path / "m.json"
    path.write_text(spec, encoding="utf-8")
    with pytest.raises(errors.ConfigurationError) as caught:
        read_model(path)
    assert caught.value.code == "E004"


def test_the_packaged_model_loads_and_has_a_threshold():
    from claimkit.attribution_model import load_model

    model = load_model()
    assert 0 < model.threshold < 1 and len(model.weights) > 100
    assert "trained_on" in model.about


# --- the stage and its merge with the rules ------------------------------------------------------

def _claims(nlp, text, model):
    claims, _ = extract_claims(nlp(text), LEXICON, learned=model)
    return claims


def test_a_learned_claim_gets_the_rules_speaker_resolution_and_says_it_is_learned(rules_nlp):
    text = "Senator Ana Ruiz spoke on Monday. She rejected the accusations from her rivals."
    claims = _claims(rules_nlp, text, _model({"lemma=reject": 5.0}))
    assert [c.content.text for c in claims] == ["the accusations from her rivals"]
    claim = claims[0]
    assert "learned_attribution" in claim.evidence.rules
    assert claim.speaker.mention.text == "She" and claim.speaker.name == "Ana Ruiz"
    assert claim.cue.span.text == "rejected" and claim.kind == "indirect"
    assert not _claims(rules_nlp, text, None)


def test_a_learned_claims_speaker_is_never_its_own_content():
    # "Their plan was mocked by Lee." parsed by hand: the speaker finder takes the passive's
    # subject, which is the learned content itself; the source is the agent.
    words = ["Their", "plan", "was", "mocked", "by", "Lee", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 3, 3, 3, 3, 4, 3],
              deps=["poss", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
              pos=["PRON", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
              tags=["PRP$", "NN", "VBD", "VBN", "IN", "NNP", "."],
              lemmas=["their", "plan", "be", "mock", "by", "Lee", "."], ents=["O"] * 5 + ["B-PERSON", "O"])
    claims, _ = extract_claims(doc, LEXICON, learned=_model({}, intercept=5.0))
    assert [(c.content.text, c.speaker.mention.text) for c in claims] == [("Their plan", "Lee")]
    assert "speaker_outside_content" in claims[0].evidence.rules


def test_a_candidate_below_the_threshold_or_without_a_source_that_can_speak_is_left_out(rules_nlp):
    model = _model({"lemma=reject": 5.0})
    assert not _claims(rules_nlp, "She rejected the accusations.", _model({"lemma=reject": 2.0}))
    assert not _claims(rules_nlp, "The plan rejected the accusations.", model)


def test_a_rule_claims_content_or_cue_is_not_proposed_again(rules_nlp):
    # Every candidate accepted: only what the rules did not make is added.
    model = _model({"bias": 10.0}, threshold=0.01)
    text = "Reuters quoted Ivan Petrov, a local official, as saying the road was closed."
    claims = _claims(rules_nlp, text, model)
    assert [c.content.text for c in claims] == ["the road was closed"]
    assert "learned_attribution" not in claims[0].evidence.rules


def test_learned_false_gives_the_rules_alone():
    nlp = claimkit.load(learned=False)
    assert nlp.get_pipe("claimkit").attribution_model is None
    assert claimkit.load().get_pipe("claimkit").attribution_model is not None


# --- training --------------------------------------------------------------------------------

def _gold(doc_id, text, contents):
    claims = []
    for content, cue in contents:
        start = text.index(content)
        cue_start = text.index(cue)
        claims.append({"content": {"start": start, "end": start + len(content)},
                       "cue": {"start": cue_start, "end": cue_start + len(cue)}, "speaker": None})
    return {"doc_id": doc_id, "text": text, "claims": claims}


INVENTED = [
    _gold("a", "Mayor Ana Ruiz rejected the accusations of fraud. She opened the new library on Monday.",
          [("the accusations of fraud", "rejected")]),
    _gold("b", "Councillor Tom Hale denied the claims about the budget. He painted the fence blue.",
          [("the claims about the budget", "denied")]),
    _gold("c", "Governor Mia Chen rejected the report on the flooding. She planted three oak trees.",
          [("the report on the flooding", "rejected")]),
    _gold("d", "Senator Raj Patel denied the rumours of a merger. He bought a new red car.",
          [("the rumours of a merger", "denied")]),
]


def test_training_on_a_tiny_sample_learns_which_candidates_are_attributions(rules_nlp):
    gold = {g["doc_id"]: g for g in INVENTED}
    examples, counts = examples_of(gold, rules_nlp)
    assert sum(c.gold for c in counts) == 4 and sum(e.positive for e in examples) == 4
    model = train(gold, holdout=1, nlp=rules_nlp, log=lambda _: None)
    positives = [model.probability(e.features) for e in examples if e.positive]
    negatives = [model.probability(e.features) for e in examples if not e.positive]
    assert min(positives) > max(negatives)
    assert model.about["articles_held_out"] == 1 and model.about["seed"] == 0


def test_training_is_reproducible(rules_nlp, tmp_path):
    gold = {g["doc_id"]: g for g in INVENTED}
    for name in ("one.json", "two.json"):
        write(train(gold, holdout=1, nlp=rules_nlp, log=lambda _: None), tmp_path / name)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_training_on_one_class_is_a_clear_error(rules_nlp):
    gold = {"a": {"doc_id": "a", "text": "The library opened on Monday. It has many books.", "claims": []},
            "b": {"doc_id": "b", "text": "The park closed at night. It has tall trees.", "claims": []}}
    with pytest.raises(ValueError, match="one class"):
        train(gold, holdout=0, nlp=rules_nlp, log=lambda _: None)


def test_open_candidates_leave_out_the_rules_clauses_of_listed_cues(rules_nlp):
    doc = rules_nlp("Ms Ruiz said the bridge was unsafe.")
    layout = Layout(doc.text, paragraphs_of(doc, doc.text))
    relations = {(o.candidate.cue.text, o.candidate.relation) for o in open_candidates(doc, layout, [], LEXICON)}
    assert ("said", "ccomp") not in relations


# --- end to end, with the packaged model (reviewed expectations) ---------------------------------

NOUN_PHRASE_CONTENT = "Health Minister Ana Ruiz denied the allegations of fraud on Tuesday."


@pytest.mark.e2e
def test_the_default_pipeline_adds_a_noun_phrase_content_and_the_rules_alone_do_not():
    learned = claimkit.extract(NOUN_PHRASE_CONTENT)
    assert [(c.content.text, c.speaker.name) for c in learned] == [("the allegations of fraud", "Ana Ruiz")]
    assert claimkit.extract(NOUN_PHRASE_CONTENT, nlp=claimkit.load(learned=False)) == []


@pytest.mark.e2e
def test_the_cli_no_learned_flag_gives_the_rules_alone(tmp_path):
    from typer.testing import CliRunner

    from claimkit.cli import app

    source = tmp_path / "article.txt"
    source.write_text(NOUN_PHRASE_CONTENT, encoding="utf-8")
    counts = {}
    for flag in ("--learned", "--no-learned"):
        out = tmp_path / f"{flag}.jsonl"
        assert CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "-q", flag]).exit_code == 0
        counts[flag] = len(json.loads(out.read_text(encoding="utf-8"))["claims"])
    assert counts == {"--learned": 1, "--no-learned": 0}


@pytest.mark.e2e
def test_dask_takes_learned_false():
    pytest.importorskip("dask.bag")
    import dask.bag

    from claimkit.dask import extract_bag

    texts = dask.bag.from_sequence([NOUN_PHRASE_CONTENT], npartitions=1)
    assert [len(c) for c in extract_bag(texts).compute(scheduler="synchronous")] == [1]
    assert [len(c) for c in extract_bag(texts, learned=False).compute(scheduler="synchronous")] == [0]
