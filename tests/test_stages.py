"""The pipeline's stages one by one, and the rule registry they record into.

Each stage takes what the one before made and returns new objects: these tests check what a
stage adds and that it leaves its inputs as they were. Sentences are written for the tests;
expectations are kept to what the parse of such plain sentences reliably gives.
"""

from __future__ import annotations

import pytest

import claimkit
from claimkit import rules
from claimkit.content import Contents
from claimkit.continued_quotes import CONTINUED_QUOTE, continued_quotes
from claimkit.cues import find_cues
from claimkit.drafts import Draft
from claimkit.freeze import frozen_claim
from claimkit.layout import Layout
from claimkit.lexicon import load_lexicon
from claimkit.pipeline import Options, extract_claims, run
from claimkit.quote_claims import QUOTE_CUE, UNCUED_QUOTE, quote_drafts
from claimkit.relays import ON_CUE, relayed
from claimkit.reported_claims import BY_SHAPE, reported_drafts
from claimkit.resolution import NAMED, PRONOUN, SUBJECT_OF_CUE, resolve_speakers

pytestmark = pytest.mark.e2e

LEXICON = load_lexicon()


@pytest.fixture(scope="module")
def nlp():
    return claimkit.load()


def _drafts_up_to_quotes(nlp, text: str) -> tuple[object, Layout, list[Draft]]:
    doc = nlp(text)
    layout = Layout(doc.text)
    cues = find_cues(doc, LEXICON)
    contents = Contents(LEXICON)
    drafts, used = quote_drafts(doc, layout, cues, contents, merge_quote_sentences=True)
    drafts += reported_drafts(layout, [c for c in cues if id(c) not in used], LEXICON, cues, contents)
    drafts.sort(key=lambda d: (d.start, d.end))
    return doc, layout, drafts


def test_layout_finds_paragraphs_and_quotes_and_is_never_changed():
    text = "“We will win,” she said.\n\nThe council met."
    layout = Layout(text)
    assert [text[s:e] for s, e in layout.paragraphs] == ["“We will win,” she said.", "The council met."]
    assert [text[q.start : q.end] for q in layout.quotes] == ["We will win"]
    assert layout.paragraph_of(text.index("council")) == 1
    assert layout.quote_at(text.index("win")) is layout.quotes[0]
    quote = layout.quotes[0]
    shorter = layout.with_quotes([type(quote)(quote.start, quote.start + 2, quote.open_at, None, ())])
    assert layout.quotes == [quote]  # the original stays as it was
    assert text[shorter.quotes[0].start : shorter.quotes[0].end] == "We"


def test_quote_stage_makes_a_direct_draft_with_its_cue_and_rules(nlp):
    text = "“The bridge will reopen in March,” Mayor Jane Doe said."
    _, _, drafts = _drafts_up_to_quotes(nlp, text)
    assert len(drafts) == 1
    draft = drafts[0]
    assert (draft.kind, draft.rule, draft.content_rule) == ("direct", QUOTE_CUE["after"], "quoted_words")
    assert draft.cue is not None and draft.cue.lemma == "say"
    assert text[draft.start : draft.end] == "The bridge will reopen in March"


def test_a_quote_split_by_its_cue_is_one_draft_with_two_fragments(nlp):
    text = "“We will rebuild,” the governor said, “and we will do it quickly.”"
    _, _, drafts = _drafts_up_to_quotes(nlp, text)
    assert len(drafts) == 1
    assert [text[s:e] for s, e in drafts[0].fragments] == ["We will rebuild", "and we will do it quickly"]


def test_reported_stage_makes_an_indirect_draft_with_the_clause(nlp):
    text = "The council said the budget was balanced."
    _, _, drafts = _drafts_up_to_quotes(nlp, text)
    assert [(d.kind, d.rule, d.content_rule) for d in drafts] == [("indirect", BY_SHAPE["verb"], "reported_clause")]
    assert text[drafts[0].start : drafts[0].end] == "the budget was balanced"


def test_continued_quote_stage_returns_new_drafts_and_leaves_its_input(nlp):
    text = ("“We acted as fast as the law allowed us to act,” Mayor Jane Doe said.\n\n"
            "“Nobody could have moved the families any sooner than we did.”")
    doc, layout, drafts = _drafts_up_to_quotes(nlp, text)
    assert [d.rule for d in drafts] == [QUOTE_CUE["after"], UNCUED_QUOTE]
    kept = continued_quotes(doc, layout, drafts)
    assert [d.rule for d in kept] == [QUOTE_CUE["after"], CONTINUED_QUOTE]
    assert kept[1].follows is kept[0]
    assert drafts[1].rule == UNCUED_QUOTE and drafts[1].follows is None  # input untouched


def test_a_lone_scare_quote_is_dropped(nlp):
    text = "The council met on Tuesday.\n\nIt called the plan “bold”."
    doc, layout, drafts = _drafts_up_to_quotes(nlp, text)
    assert continued_quotes(doc, layout, [d for d in drafts if d.rule == UNCUED_QUOTE]) == []


def test_speaker_stage_resolves_names_and_pronouns_in_new_drafts(nlp):
    text = ("Mayor Jane Doe said the barrier would hold.\n\n"
            "She said the council would pay for the repairs.")
    doc, layout, drafts = _drafts_up_to_quotes(nlp, text)
    resolved, table = resolve_speakers(doc, drafts, LEXICON, layout)
    assert all(d.mention is None and d.entity is None for d in drafts)  # input untouched
    assert [d.resolution for d in resolved] == [NAMED, PRONOUN]
    assert all(SUBJECT_OF_CUE in d.speaker_rules for d in resolved)
    assert resolved[0].entity is resolved[1].entity
    assert resolved[0].entity is not None and resolved[0].entity.name == "Jane Doe"
    assert any(e.name == "Jane Doe" and e.speaks for e in table.entities)


def test_relay_stage_adds_the_outlet_the_cue_names(nlp):
    text = "Ivan Petrov told the Interfax news agency that the road was closed."
    doc, layout, drafts = _drafts_up_to_quotes(nlp, text)
    resolved, table = resolve_speakers(doc, drafts, LEXICON, layout)
    out = relayed(resolved, LEXICON, table)
    assert [span.text for span, _ in out[0].via] and ON_CUE in out[0].relay_rules
    assert "Interfax" in out[0].via[0][0].text
    assert resolved[0].via == [] and resolved[0].relay_rules == ()  # input untouched


def test_freezing_records_every_rule_in_stage_order(nlp):
    text = "“The bridge will reopen in March,” Mayor Jane Doe said."
    doc, layout, drafts = _drafts_up_to_quotes(nlp, text)
    resolved, _ = resolve_speakers(doc, drafts, LEXICON, layout)
    claim = frozen_claim(text, resolved[0], LEXICON, layout.paragraphs[0])
    assert claim.evidence.rule == "quote_cue_after"
    assert claim.evidence.rules == ("quote_cue_after", "quoted_words", "subject_of_cue", "named")
    assert claim.speaker is not None and claim.speaker.name == "Jane Doe"


def test_run_is_what_extract_claims_gives(nlp):
    text = "“We will win,” Mayor Jane Doe said.\n\nThe council said the budget was balanced."
    doc = nlp(text)
    assert run(doc, LEXICON, Options())[0] == extract_claims(doc, LEXICON)[0] == doc._.claims


# -- the registry ------------------------------------------------------------------------------

def test_every_rule_on_a_claim_is_registered_with_its_stage_and_module(nlp):
    text = ("“We will win,” Mayor Jane Doe said.\n\n“Nobody can stop us now, not this year,” she added.\n\n"
            "Officials said the budget was balanced, according to the Harbour Times.")
    seen = {name for claim in claimkit.extract(text, nlp=nlp) for name in claim.evidence.rules}
    assert {"quote_cue_after", "continued_quote", "indirect_clause"} & seen
    for name in seen:
        registered = rules.get(name)
        assert registered.module.startswith("claimkit.") and registered.summary


def test_rule_names_are_unique_and_each_stage_has_rules():
    everything = rules.registered()
    assert len({r.name for r in everything}) == len(everything)
    for stage in rules.STAGES:
        assert rules.names(stage), stage


def test_registering_needs_a_known_stage_and_a_free_name():
    with pytest.raises(ValueError, match="unknown stage"):
        rules.rule("nonsense", "x_test_rule", "never")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="already registered"):
        rules.rule("speaker", "quote_cue_after", "a different rule under a taken name")


def test_confidence_vocabulary_comes_from_the_registry():
    from claimkit import confidence

    features = confidence.features(Draft([(0, 10)], "direct", None, "quote_cue_after", 0), LEXICON)
    assert {k.removeprefix("rule_") for k in features if k.startswith("rule_")} == set(rules.names("claim"))
    assert {k.removeprefix("resolution_") for k in features if k.startswith("resolution_")} == \
        set(rules.names("resolution"))
    model = confidence.load_model()
    assert list(model.feature_names) == list(features)
