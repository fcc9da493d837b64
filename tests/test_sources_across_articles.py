"""Issue 15, corpus level: one canonical name per source across articles, unresolved pronouns
never listed as sources, and each speaker's entity id and gender with where it comes from."""

from __future__ import annotations

import pytest

import claimkit
from claimkit.canonical import CanonicalNames
from claimkit.claims import Claim, Speaker, TextSpan
from claimkit.export import claim_to_json
from claimkit.report import audit
from claimkit.tables import to_records

# --- canonical names (no model) ----------------------------------------------------------------

def test_a_middle_initial_and_a_bare_surname_are_one_source():
    names = CanonicalNames([("Donald J. Trump", "person"), ("Donald Trump", "person"), ("Donald Trump", "person"),
                            ("Trump", "person")])
    assert {names.of(n, "person") for n in ("Donald J. Trump", "Donald Trump", "Trump")} == {"Donald Trump"}


def test_a_surname_two_people_share_stays_apart():
    names = CanonicalNames([("Justin Trudeau", "person"), ("Sophie Trudeau", "person"), ("Trudeau", "person")])
    assert names.of("Trudeau", "person") == "Trudeau"
    assert names.of("Justin Trudeau", "person") == "Justin Trudeau"


def test_a_person_and_an_organisation_are_never_one_source():
    names = CanonicalNames([("Ford", "organization"), ("Harold Ford", "person")])
    assert names.of("Ford", "organization") == "Ford"


def test_names_in_other_scripts_are_matched_through_their_transliteration():
    names = CanonicalNames([("Владимир Путин", "person"), ("Ли Вэй", "person"), ("Путин", "person")])
    assert names.of("Путин", "person") == names.of("Владимир Путин", "person") == "Владимир Путин"
    assert names.of("Ли Вэй", "person") == "Ли Вэй"  # not folded into the other one


# --- report and table (no model) ----------------------------------------------------------------

def _claim(text: str, mention: str, name: str | None, kind: str = "person", gender: str | None = None,
           origin: str | None = None) -> Claim:
    start = text.index(mention)
    content = TextSpan(0, 5, text[:5])
    speaker = Speaker(mention=TextSpan(start, start + len(mention), mention), name=name, kind=kind,  # type: ignore[arg-type]
                      entity_id=1, gender=gender, gender_source=origin)
    return Claim(content=content, fragments=(content,), kind="indirect", cue=None, speaker=speaker)


def _corpus() -> dict[str, list[Claim]]:
    one = "Jobs are coming, Donald J. Trump said. They said no."
    two = "Taxes will fall, Donald Trump said. Ana Lund said she disagreed."
    three = "Walls work, Trump said."
    return {
        "a": [_claim(one, "Donald J. Trump", "Donald J. Trump", gender="male", origin="text"),
              _claim(one, "They", None, kind="group")],
        "b": [_claim(two, "Donald Trump", "Donald Trump", gender="male", origin="name"),
              _claim(two, "Ana Lund", "Ana Lund", gender="female", origin="text")],
        "c": [_claim(three, "Trump", "Trump")],
    }


def test_the_report_counts_one_source_across_articles_and_no_unresolved_pronoun():
    report = audit((doc_id, claims) for doc_id, claims in _corpus().items())
    names = {s.name: (s.claims, s.articles) for s in report.speakers}
    # one spelling each: on a tie, the longest ("Donald J. Trump")
    assert names == {"Donald J. Trump": (3, 3), "Ana Lund": (1, 1)}
    assert report.unresolved_claims == 1
    assert "could not be resolved" in report.to_markdown()


def test_the_report_breaks_persons_down_by_gender_and_its_origin():
    report = audit((doc_id, claims) for doc_id, claims in _corpus().items())
    genders = {g.gender: (g.claims, g.sources, g.from_text, g.from_name) for g in report.genders}
    assert genders == {"male": (2, 2, 1, 1), "female": (1, 1, 1, 0), "unknown": (1, 1, 0, 0)}
    assert "Persons quoted, by gender" in report.to_markdown()
    assert "Persons quoted, by gender" in report.to_html()


def test_the_table_gives_each_source_one_canonical_name():
    rows = to_records(_corpus())
    sources = {(row["doc_id"], row["speaker"]): row["source"] for row in rows}
    assert sources[("a", "Donald J. Trump")] == sources[("b", "Donald Trump")] == sources[("c", "Trump")]
    assert sources[("a", "They")] is None
    assert {row["speaker_gender_source"] for row in rows} == {"text", "name", None}


# --- what the pipeline exports (model) ------------------------------------------------------------

@pytest.mark.parametrize(("text", "gender", "origin"), [
    ("Ms Oda Brisk said the dam was safe.", "female", "text"),
    ("Maria Lopez said the dam was safe. She said repairs would start soon.", "female", "text"),
    ("Maria Lopez said the dam was safe.", "female", "name"),
    ("Harbour Authority chief Dev Orrin said the dam was safe.", None, None),
])
def test_a_person_speaker_exports_gender_and_where_it_comes_from(nlp, text, gender, origin):
    claim = claimkit.extract(text, nlp=nlp)[0]
    assert claim.speaker is not None and claim.speaker.kind == "person"
    assert (claim.speaker.gender, claim.speaker.gender_source) == (gender, origin)
    line = claim_to_json(claim)
    assert (line["speaker_gender"], line["speaker_gender_source"]) == (gender, origin)
    assert line["speaker_entity_id"] == claim.speaker.entity_id is not None


def test_an_organisation_speaker_has_no_gender(nlp):
    claim = claimkit.extract("The Harbour Authority said the dam was safe.", nlp=nlp)[0]
    assert claim.speaker is not None and claim.speaker.gender is None and claim.speaker.gender_source is None


def test_a_name_key_is_transliterated_not_emptied():
    from claimkit.names import normalise, surname_variants_agree

    assert normalise("Владимир Путин") == "vladimir putin"
    assert normalise("Søren Ørsted’s") == "soren orsted"
    assert surname_variants_agree("zelensky", "zelenskyy") and not surname_variants_agree("trump", "trudeau")
