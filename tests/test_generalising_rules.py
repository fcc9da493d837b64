"""Rules of issue 15, on texts written for these tests: relays named by an outlet noun or by
whoever released a document, all-caps labels that name a topic, and questions left open.

Each test gives the rule one sentence or two; the generalisation articles
(tests/generalisation/) measure the same classes on whole articles.
"""

from __future__ import annotations

import pytest

from claimkit.cues import left_open, withheld
from claimkit.layout import Layout
from claimkit.lexicon import load_lexicon
from tests.test_rules import claims_of, only

LEXICON = load_lexicon()


# --- relays -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "relay"), [
    ("Mayor Ilona Brandt told the Ferrow news agency that the tunnel would reopen in May.", "Ferrow"),
    ("Mayor Ilona Brandt told the Ferrow News Service that the tunnel would reopen in May.", "Ferrow News Service"),
    ("Mayor Ilona Brandt told the regional news agency Ferrow that the tunnel would reopen in May.", "Ferrow"),
])
def test_an_outlet_described_by_its_kind_is_named_by_its_name(nlp, text, relay):
    claim = only(claims_of(nlp, text))
    assert claim.speaker_name == "Ilona Brandt"
    assert [s.name for s in claim.via] == [relay]
    for source in claim.via:
        assert text[source.span.start : source.span.end] == source.span.text


def test_telling_an_unnamed_agency_is_no_relay(nlp):
    claim = only(claims_of(nlp, "Mayor Ilona Brandt told the agency that the tunnel would reopen in May."))
    assert not claim.via


@pytest.mark.parametrize(("text", "relay"), [
    ("In a statement released by the residents' group Canal Watch, Omar Petit said the works had gone on "
     "for too long.", "Canal Watch"),
    ("Omar Petit said in a video message posted by the Canal Watch campaign that the works had gone on "
     "for too long.", "Canal Watch"),
])
def test_a_document_released_by_someone_else_reaches_us_through_them(nlp, text, relay):
    claim = only([c for c in claims_of(nlp, text) if c.speaker_name == "Omar Petit"])
    assert [s.name for s in claim.via] in ([relay], [relay + " campaign"])  # the parse decides


@pytest.mark.parametrize("text", [
    "The Dunmore Ministry of Water issued a statement on Monday. The statement, which the Ferrow news agency "
    "carried, said the dam was safe.",
    "The ministry's statement, which was published by the Ferrow news agency, said the dam was safe.",
])
def test_an_outlet_that_published_the_speaking_document_relays_it(nlp, text):
    claim = only([c for c in claims_of(nlp, text) if "dam was safe" in c.content.text])
    assert [s.name for s in claim.via] == ["Ferrow"]


@pytest.mark.parametrize(("text", "relays"), [
    ("Deputy Mayor Oleg Varin was quoted by the Ferrow news agency as saying that the bridge was safe.", ["Ferrow"]),
    ("Deputy Mayor Oleg Varin, quoted by the Ferrow news agency, said the bridge was safe.", ["Ferrow"]),
    ("The bridge was safe, Deputy Mayor Oleg Varin was quoted as saying by the Ferrow news agency.", ["Ferrow"]),
    # No one named as quoting him: a claim of his, with no relay.
    ("Deputy Mayor Oleg Varin was quoted as saying that the bridge was safe.", []),
    ("“The bridge was safe,” Deputy Mayor Oleg Varin was quoted as saying.", []),
])
def test_quoted_as_saying_in_the_passive_is_its_subjects_claim_relayed_by_who_quotes(nlp, text, relays):
    claim = only(claims_of(nlp, text))
    assert (claim.speaker_name, claim.content.text.lower()) == ("Oleg Varin", "the bridge was safe")
    assert [s.name for s in claim.via] == relays


def test_a_passive_without_a_speaker_is_still_no_claim(nlp):
    assert claims_of(nlp, "The bridge is expected to reopen in May. The film was described as a triumph.") == []


def test_an_outlet_noun_after_according_to_is_named_by_its_name(nlp):
    claim = only(claims_of(nlp, "Peskov said, according to the state news agency RIA Novosti, that talks were over."))
    assert [s.name for s in claim.via] == ["RIA Novosti"]


def test_the_issuer_of_a_statement_is_not_its_relay(nlp):
    text = "In a statement released by the ministry, the ministry said the dam was safe."
    claim = only(claims_of(nlp, text))
    assert all(s.name.lower() != (claim.speaker_name or "").lower() for s in claim.via)


# --- all-caps labels ---------------------------------------------------------------------------

def test_a_topic_label_does_not_hide_the_claims_of_its_paragraph(nlp):
    text = ("Brindle Mills said its profit fell.\n\n"
            "SHARES: Brindle stock fell 4 percent. \u201cThe cut surprised everyone,\u201d said Omar Vance, "
            "an analyst.\n\n"
            "OUTLOOK: Brindle Mills said it expected sales to recover next year.")
    claims = claims_of(nlp, text)
    assert [c.speaker_name for c in claims] == ["Brindle Mills", "Omar Vance", "Brindle Mills"]


def test_a_link_label_paragraph_holds_no_claim(nlp):
    text = "The bridge will close, the council said.\n\nREAD MORE: Minister says the bridge is safe to use"
    assert [c.content.text for c in claims_of(nlp, text)] == ["The bridge will close"]


def test_quotes_under_topic_labels_continue_the_interviewee(nlp):
    text = ("In an interview, the author Rosa Imbert said she writes every morning.\n\n"
            "ON HER HABITS: \u201cI write before anyone else is awake. The house is quiet then.\u201d\n\n"
            "ON CRITICS: \u201cI read every review once, and then I forget it on purpose.\u201d")
    claims = claims_of(nlp, text)
    assert [c.speaker_name for c in claims] == ["Rosa Imbert"] * 3
    assert [c.kind for c in claims[1:]] == ["direct", "direct"]
    assert all(c.cue is None for c in claims[1:])  # the label's colon is no cue


def test_layout_tells_topic_labels_from_link_labels():
    text = "READ MORE: Town hall to close\n\nMARKETS: Shares fell.\n\nNo label here."
    layout = Layout(text, link_labels=LEXICON.link_labels)
    assert layout.label_paragraphs == {0}
    assert layout.body_start(1) == text.index("Shares")
    assert layout.after_topic_label(text.index("Shares"))
    assert layout.body_start(2) == text.index("No label")


# --- questions left open -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "verb", "expected"), [
    ("Ms Lund declined to say whether the plant would close.", "declined", True),
    ("Ms Lund refused to say if the plant would close.", "refused", True),
    ("Ms Lund declined to comment.", "declined", False),
    ("Ms Lund refused to concede that the plant would close.", "refused", False),
])
def test_withholding_an_answer_reports_nothing_said(nlp, text, verb, expected):
    doc = nlp(text)
    token = next(t for t in doc if t.text == verb)
    assert withheld(token, LEXICON) is expected


def test_a_negated_cue_with_an_open_question_is_left_open(nlp):
    doc = nlp("The minister did not say whether the border would reopen.")
    assert left_open(next(t for t in doc if t.lemma_ == "say"))
    assert claims_of(nlp, "The minister did not say whether the border would reopen.") == []


# --- titles and names ----------------------------------------------------------------------------

def test_a_capitalised_verb_inside_a_title_is_no_cue(nlp):
    text = ("Maria Elwes drew the strip Admiral Puffin Says Never! for a decade. \u201cI loved that bird,\u201d "
            "she told the Marlow Gazette.")
    claims = claims_of(nlp, text)
    assert [c.content.text for c in claims] == ["I loved that bird"]
    assert claims[0].speaker_name == "Maria Elwes"


def test_a_headline_in_title_case_keeps_its_cue(nlp):
    doc = nlp("Mayor Says Harbour Bridge Will Close For Repairs")
    says = next(t for t in doc if t.text == "Says")
    from claimkit.cues import in_a_title
    assert not in_a_title(says)


def test_a_name_beside_a_person_noun_is_a_person_though_the_tagger_says_organisation(nlp):
    text = ("Brisk's mayor, Oltea Varnik, told reporters the dam was safe. Varnik said she had seen the report. "
            "She said repairs would start soon.")
    claims = claims_of(nlp, text)
    assert [c.speaker_name for c in claims] == ["Oltea Varnik"] * 3


def test_a_pronoun_after_a_relative_clause_is_the_main_clause_subject(nlp):
    text = ("Mayor Dev Orrin has been at the quay, where volunteer Tomas Kell has been ferrying families across. "
            "\u201cWe owe the volunteers a great deal,\u201d he said.")
    claim = only(claims_of(nlp, text))
    assert claim.speaker_name == "Dev Orrin"


# --- organisations and documents -----------------------------------------------------------------

def test_a_document_named_by_its_issuer_pronoun_is_that_organisation(nlp):
    text = ("The Joint Water Commission (JWC) has four inspectors in Brisk. Its weekly report said the "
            "reservoir was at 40 percent.")
    claim = only(claims_of(nlp, text))
    assert claim.speaker_name == "Joint Water Commission"


def test_a_document_published_by_a_described_body_is_that_body(nlp):
    text = ("Judge Ana Brill sat at Marlow Crown Court on Monday.\n\n"
            "The ruling, published by the court on Tuesday, said the fine was fair. It noted that the "
            "landlord had been warned twice.")
    claims = claims_of(nlp, text)
    assert [c.speaker_name for c in claims] == ["Marlow Crown Court", "Marlow Crown Court"]


def test_the_company_is_the_organisation_that_is_the_subject_of_its_paragraph(nlp):
    text = "Norvik Foods will close two bakeries in Orsa next year, the company said on Thursday."
    assert only(claims_of(nlp, text)).speaker_name == "Norvik Foods"


def test_the_ministry_is_the_organisation_whose_name_holds_the_word(nlp):
    text = ("The Velmoran Foreign Ministry summoned the ambassador on Friday. Police chief Ivo Dren said the "
            "border was calm.\n\nThe ministry said talks would resume next week.")
    claim = only([c for c in claims_of(nlp, text) if "talks would resume" in c.content.text])
    assert claim.speaker_name == "Velmoran Foreign Ministry"


@pytest.mark.parametrize(("text", "outer", "inner"), [
    ("The regional agency said the governor's office had confirmed that the mayor would resign.",
     "The regional agency", "the governor's office"),
    ("The spokesman said on Monday that the talks were over. The minister's deputy said the talks would resume.",
     "The spokesman", "The minister's deputy"),
])
def test_a_description_with_a_possessor_is_a_source_of_its_own(nlp, text, outer, inner):
    # Guide rule 12: "the governor's office" is not the agency that reports what it confirmed.
    claims = claims_of(nlp, text)
    by_speaker = {c.speaker.mention.text: c for c in claims if c.speaker is not None and c.speaker.mention}
    assert set(by_speaker) == {outer, inner}
    assert by_speaker[outer].speaker.entity_id != by_speaker[inner].speaker.entity_id


def test_a_nested_claim_reaches_us_through_the_organisation_that_reports_it(nlp):
    text = "The regional agency said the governor's office had confirmed that the mayor would resign."
    inner = only([c for c in claims_of(nlp, text) if c.content.text == "the mayor would resign"])
    assert [s.span.text for s in inner.via] == ["The regional agency"]


def test_it_after_a_company_the_tagger_took_for_a_person_is_that_company(nlp):
    text = ("The operator, Calder Bay Terminals, said the walkout would delay 40 ships. It said the union's "
            "demands were unaffordable.")
    claims = claims_of(nlp, text)
    assert [c.speaker_name for c in claims] == ["Calder Bay Terminals"] * 2
    assert claims[1].speaker.kind == "organization"


# --- parser slips ------------------------------------------------------------------------------

def test_a_lede_with_a_dateline_and_a_detached_subject_keeps_its_claim(nlp):
    text = ("MARLOW, Dec 1 (Brisk Wire) - Ferry crews at the port of Marlow will strike for two days from "
            "Monday, the Marlow Seafarers' Guild (MSG) said on Sunday, after talks broke down.")
    claim = only(claims_of(nlp, text))
    assert claim.content.text.startswith("Ferry crews")
    assert "Guild" not in claim.content.text
    assert claim.speaker_name == "Marlow Seafarers' Guild"


# --- descriptions named later ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "A planning officer told councillors the hall could hold half the books. The officer, Tom Achebe, said the "
    "rest would go into storage.",
    "The landlord was fined after a county court judge said the neglect was deliberate.\n\nJudge Miriam Ostrow "
    "said the tenant had complained eleven times.",
])
def test_a_description_takes_the_name_the_next_claim_gives_its_holder(nlp, text):
    claims = claims_of(nlp, text)
    assert len(claims) == 2
    assert claims[0].speaker_name == claims[1].speaker_name
    assert claims[1].speaker_name in ("Tom Achebe", "Miriam Ostrow")
    assert not claims[0].speaker.anonymous


def test_a_named_speaker_with_another_role_does_not_take_the_description(nlp):
    text = ("A planning officer told councillors the hall could hold half the books. Finance chief Tom Achebe said "
            "the rest would go into storage.")
    claims = claims_of(nlp, text)
    assert claims[0].speaker_name is None
    assert claims[1].speaker_name == "Tom Achebe"


# --- found in review ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The minister told the newspaper Sunday that prices would fall.",
    "The minister told the news agency Tuesday that prices would fall.",
])
def test_a_day_after_an_outlet_noun_is_no_relay(nlp, text):
    assert not only(claims_of(nlp, text)).via


def test_it_after_a_person_named_without_a_description_leaves_them_a_person(nlp):
    claims = claims_of(nlp, "Chidi Okafor said the audit was flawed. It said the figures were wrong.")
    assert claims[0].speaker.kind == "person" and claims[0].speaker_name == "Chidi Okafor"
    assert claims[1].speaker_name != "Chidi Okafor"


@pytest.mark.parametrize(("text", "content"), [
    ("LONDON (Reuters) - Prices will fall, the ministry said.", "Prices will fall"),
    ("NATO - and its partners - will expand the mission, the ministry said.",
     "NATO - and its partners - will expand the mission"),
])
def test_a_dateline_needs_a_date_or_an_agency(nlp, text, content):
    assert only(claims_of(nlp, text)).content.text == content


def test_a_described_source_takes_the_name_the_next_sentence_gives_it_beside_the_same_noun(nlp):
    # Guide rule 9, with the naming sentence no claim of its own.
    text = ("The ferry will resume on Friday, a spokeswoman for the port authority said. "
            "The spokeswoman, Ines Halvorsen, did not give a time.")
    claim = only(claims_of(nlp, text))
    assert claim.speaker_name == "Ines Halvorsen" and not claim.speaker.anonymous
    assert "named_in_next_sentence" in claim.evidence.rules
    # A name beside another noun is someone else.
    other = only(claims_of(nlp, "The ferry will resume on Friday, a spokeswoman for the port authority said. "
                                "The director, Ines Halvorsen, did not give a time."))
    assert other.speaker_name is None
