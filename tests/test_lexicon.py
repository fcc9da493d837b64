"""The reporting lexicon: packaged word lists, stances, extension."""

from __future__ import annotations

from importlib import resources

import pytest
from spacy.util import registry

from claimkit.lexicon import Lexicon, load_lexicon, reporting_lexicon_v1

STANCES = {"neutral", "assertive", "distancing"}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_at_least_150_verbs(lexicon):
    assert len(lexicon.verbs) >= 150


def test_stances_are_limited(lexicon):
    assert set(lexicon.verbs.values()) <= STANCES
    assert set(lexicon.verbs.values()) == STANCES  # all three are used


@pytest.mark.parametrize(
    ("lemma", "stance"),
    [("claim", "distancing"), ("allege", "distancing"), ("insist", "assertive"), ("say", "neutral"),
     ("tell", "neutral"), ("add", "neutral")],
)
def test_known_stances(lexicon, lemma, stance):
    assert lexicon.verbs[lemma] == stance
    assert lexicon.stance(lemma) == stance


def test_stance_is_case_insensitive_and_neutral_when_unknown(lexicon):
    assert lexicon.stance("Claim") == "distancing"
    assert lexicon.stance("INSIST") == "assertive"
    assert lexicon.stance("photosynthesise") == "neutral"


def test_verbs_are_lower_case_lemmas(lexicon):
    for lemma in lexicon.verbs:
        assert lemma == lemma.strip().lower()
        assert lemma


def test_belief_verbs_are_a_subset_of_verbs(lexicon):
    assert lexicon.belief_verbs
    assert lexicon.belief_verbs <= set(lexicon.verbs)
    assert "believe" in lexicon.belief_verbs
    assert "say" not in lexicon.belief_verbs


def test_packaged_verb_file_has_no_duplicates_or_bad_rows():
    text = resources.files("claimkit.lexicons").joinpath("reporting_verbs.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    lemmas = [row[0] for row in rows]
    assert len(lemmas) == len(set(lemmas))
    for row in rows:
        assert len(row) == 3, row
        assert row[1] in STANCES, row
        assert row[2] in {"speech", "belief"}, row


def test_other_word_lists_load(lexicon):
    assert set(lexicon.nouns.values()) <= {"document", "none"}
    assert lexicon.person_nouns and lexicon.organization_nouns
    assert lexicon.anonymity_markers
    assert all(name == name.lower() for name in lexicon.outlets)


def test_extra_verbs_extend(lexicon):
    extended = load_lexicon(extra_verbs=("Harrumph", "mutter-grumble"))
    assert extended.verbs["harrumph"] == "neutral"
    assert extended.verbs["mutter-grumble"] == "neutral"
    assert len(extended.verbs) == len(lexicon.verbs) + 2
    # The packaged lists stay: extending adds, never replaces.
    assert {lemma: extended.verbs[lemma] for lemma in lexicon.verbs} == dict(lexicon.verbs)
    assert "harrumph" not in lexicon.verbs


def test_extra_verbs_do_not_override_packaged_stances():
    assert load_lexicon(extra_verbs=("claim", "insist")).verbs["claim"] == "distancing"
    assert load_lexicon(extra_verbs=("claim", "insist")).verbs["insist"] == "assertive"


def test_extra_outlets_extend(lexicon):
    extended = load_lexicon(extra_outlets=("The Valley Post",))
    assert "the valley post" in extended.outlets
    assert lexicon.outlets < extended.outlets


def test_load_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


def test_registered_factory():
    factory = registry.misc.get("claimkit.reporting_lexicon.v1")
    assert factory is reporting_lexicon_v1
    built = factory(extra_verbs=["harrumph"], extra_outlets=[])
    assert built.verbs["harrumph"] == "neutral"
    assert built.verbs["say"] == "neutral"
