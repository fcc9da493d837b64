"""Rules that repair known slips of the small English parser, on parses built by hand.

Building the parse pins down the slip itself, so each test checks the repair whatever the
statistical model happens to do with a given sentence.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimkit.clauses import subject_after_opening_phrase
from claimkit.content import complement
from claimkit.cues import CueMatch, find_cues, is_bare_participle
from claimkit.lexicon import load_lexicon
from claimkit.mentions import describe_mention
from claimkit.pipeline import extract_claims
from claimkit.speakers import speaker_head

LEXICON = load_lexicon()
VOCAB = spacy.blank("en").vocab  # English lexical attributes (is_title ...) without a model


def parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str], pos: list[str],
           spaces: list[bool] | None = None, ents: list[str] | None = None) -> Doc:
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos, ents=ents,
               lemmas=[{"said": "say", "says": "say", "asked": "ask"}.get(w.lower(), w.lower()) for w in words])


def cue_on(doc: Doc, verb: str) -> CueMatch:
    """The cue claimkit finds on the word ``verb``."""
    return next(c for c in find_cues(doc, LEXICON) if c.anchor.text == verb)


def test_a_name_parsed_as_the_auxiliary_of_said_is_the_speaker_not_part_of_the_cue():
    # '" We won , " Okafor said .' with "Okafor" attached to "said" as an auxiliary
    doc = parsed(
        words=['"', "We", "won", ",", '"', "Okafor", "said", "."],
        heads=[6, 2, 6, 6, 6, 6, 6, 6],
        deps=["punct", "nsubj", "ccomp", "punct", "punct", "aux", "ROOT", "punct"],
        tags=["``", "PRP", "VBD", ",", "''", "NNP", "VBD", "."],
        pos=["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "AUX", "VERB", "PUNCT"],
    )
    cue = cue_on(doc, "said")
    assert cue.span.text == "said"
    head = speaker_head(cue, LEXICON)
    assert head is not None and head.text == "Okafor"
    assert describe_mention(head, LEXICON).name == "Okafor"


def test_a_real_auxiliary_stays_in_the_cue():
    doc = parsed(
        words=["Okafor", "has", "said", "it", "."],
        heads=[2, 2, 2, 2, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
        tags=["NNP", "VBZ", "VBN", "PRP", "."],
        pos=["PROPN", "AUX", "VERB", "PRON", "PUNCT"],
    )
    cue = cue_on(doc, "said")
    assert cue.span.text == "has said"


def test_a_clause_parsed_as_the_object_noun_phrase_is_still_the_content():
    # "The board said the bridge needed repairs ." with "needed" hung on "repairs" as a modifier
    doc = parsed(
        words=["The", "board", "said", "the", "bridge", "needed", "repairs", "."],
        heads=[1, 2, 2, 4, 5, 6, 2, 2],
        deps=["det", "nsubj", "ROOT", "det", "nsubj", "amod", "dobj", "punct"],
        tags=["DT", "NN", "VBD", "DT", "NN", "VBN", "NNS", "."],
        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "VERB", "NOUN", "PUNCT"],
    )
    cue = cue_on(doc, "said")
    span = complement(cue, LEXICON)
    assert span is not None and span.text == "the bridge needed repairs"


def test_a_subject_parsed_as_the_object_of_said_is_part_of_the_content():
    # "Morton said delays and costs have hurt sales ." with "delays" the object of "said",
    # "costs" a conjunct of it and "have hurt" a clause with no subject
    doc = parsed(
        words=["Morton", "said", "delays", "and", "costs", "have", "hurt", "sales", "."],
        heads=[1, 1, 1, 2, 2, 6, 1, 6, 1],
        deps=["nsubj", "ROOT", "dobj", "cc", "conj", "aux", "ccomp", "dobj", "punct"],
        tags=["NNP", "VBD", "NNS", "CC", "NNS", "VBP", "VBN", "NNS", "."],
        pos=["PROPN", "VERB", "NOUN", "CCONJ", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
    )
    span = complement(cue_on(doc, "said"), LEXICON)
    assert span is not None and span.text == "delays and costs have hurt sales"


def test_the_addressee_of_told_is_not_made_the_subject_of_what_was_said():
    # "Morton told reporters has hurt sales ." (a subjectless clause after the addressee)
    doc = parsed(
        words=["Morton", "told", "reporters", "has", "hurt", "sales", "."],
        heads=[1, 1, 1, 4, 1, 4, 1],
        deps=["nsubj", "ROOT", "dobj", "aux", "ccomp", "dobj", "punct"],
        tags=["NNP", "VBD", "NNS", "VBZ", "VBN", "NNS", "."],
        pos=["PROPN", "VERB", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
    )
    doc[1].lemma_ = "tell"
    span = complement(cue_on(doc, "told"), LEXICON)
    assert span is not None and span.text == "has hurt sales"


def test_a_speaker_found_inside_the_quote_is_replaced_by_the_name_after_it():
    # '“ We will act , ” Chief Dana Moss said .' with "said" a conjunct of "act", so that
    # climbing the tree finds "We", inside the quoted words
    doc = parsed(
        words=["“", "We", "will", "act", ",", "”", "Chief", "Dana", "Moss", "said", "."],
        spaces=[False, True, True, False, False, True, True, True, True, False, False],
        heads=[3, 3, 3, 3, 3, 3, 9, 8, 6, 3, 3],
        deps=["punct", "nsubj", "aux", "ROOT", "punct", "punct", "dep", "compound", "appos", "conj", "punct"],
        tags=["``", "PRP", "MD", "VB", ",", "''", "NNP", "NNP", "NNP", "VBD", "."],
        pos=["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
    )
    head = speaker_head(cue_on(doc, "said"), LEXICON)
    assert head is not None and head.text == "We"  # the slip itself
    claims, _ = extract_claims(doc, LEXICON)
    assert [c.content.text for c in claims] == ["We will act"]
    assert claims[0].speaker is not None and claims[0].speaker.name == "Dana Moss"


def test_according_to_opening_the_sentence_attributes_all_the_rest_whatever_it_hangs_on():
    # "According to polls , the senator is once again leading ." with "According" hung on
    # the auxiliary "is"
    doc = parsed(
        words=["According", "to", "polls", ",", "the", "senator", "is", "once", "again", "leading", "."],
        heads=[6, 0, 1, 9, 5, 9, 9, 9, 9, 9, 9],
        deps=["prep", "prep", "pobj", "punct", "det", "nsubj", "aux", "advmod", "advmod", "ROOT", "punct"],
        tags=["VBG", "IN", "NNS", ",", "DT", "NN", "VBZ", "RB", "RB", "VBG", "."],
        pos=["VERB", "ADP", "NOUN", "PUNCT", "DET", "NOUN", "AUX", "ADV", "ADV", "VERB", "PUNCT"],
    )
    cue = next(c for c in find_cues(doc, LEXICON) if c.shape == "according_to")
    span = complement(cue, LEXICON)
    assert span is not None and span.text == "the senator is once again leading"


def test_a_sentence_opening_participle_tagged_as_a_past_verb_is_still_a_participle():
    # "Asked about it , Lee said no ." with "Asked" tagged VBD (finite past), no subject
    doc = parsed(
        words=["Asked", "about", "it", ",", "Lee", "said", "no", "."],
        heads=[5, 0, 1, 5, 5, 5, 5, 5],
        deps=["advcl", "prep", "pobj", "punct", "nsubj", "ROOT", "dobj", "punct"],
        tags=["VBD", "IN", "PRP", ",", "NNP", "VBD", "UH", "."],
        pos=["VERB", "ADP", "PRON", "PUNCT", "PROPN", "VERB", "INTJ", "PUNCT"],
    )
    assert is_bare_participle(doc[0])
    assert not is_bare_participle(doc[5])  # "Lee said": a subject, so finite
    assert speaker_head(cue_on(doc, "Asked"), LEXICON) is None  # the one asked is not the speaker


def test_a_speaker_found_inside_the_quote_is_replaced_by_the_first_name_after_it_not_the_last_noun():
    # '“ We will act , ” Dana Moss of the agency said .' with the same slip
    doc = parsed(
        words=["“", "We", "will", "act", ",", "”", "Dana", "Moss", "of", "the", "agency", "said", "."],
        spaces=[False, True, True, False, False, True, True, True, True, True, True, False, False],
        heads=[3, 3, 3, 3, 3, 3, 7, 11, 7, 10, 8, 3, 3],
        deps=["punct", "nsubj", "aux", "ROOT", "punct", "punct", "compound", "dep", "prep", "det", "pobj", "conj",
              "punct"],
        tags=["``", "PRP", "MD", "VB", ",", "''", "NNP", "NNP", "IN", "DT", "NN", "VBD", "."],
        pos=["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PROPN", "PROPN", "ADP", "DET", "NOUN", "VERB",
             "PUNCT"],
    )
    claims, _ = extract_claims(doc, LEXICON)
    speaker = claims[0].speaker
    # headed by "Moss" (a hand-built doc has no entities to cut the name shorter), not "the agency"
    assert speaker is not None and speaker.mention is not None and speaker.mention.text.startswith("Dana Moss")


def test_a_plain_object_is_not_content():

    doc = parsed(
        words=["The", "board", "said", "a", "prayer", "."],
        heads=[1, 2, 2, 4, 2, 2],
        deps=["det", "nsubj", "ROOT", "det", "dobj", "punct"],
        tags=["DT", "NN", "VBD", "DT", "NN", "."],
        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
    )
    cue = cue_on(doc, "said")
    assert complement(cue, LEXICON) is None


def test_of_two_subjects_after_an_inverted_cue_the_nearest_is_the_speaker():
    # '" Yes , " says Ana Ruiz , author of Porters : The Story .' with "Story" as a second subject
    words = ['"', "Yes", ",", '"', "says", "Ana", "Ruiz", ",", "author", "of", "Porters", ":", "The", "Story", "."]
    doc = parsed(
        words=words,
        heads=[4, 4, 4, 4, 4, 6, 4, 6, 6, 8, 9, 4, 13, 4, 4],
        deps=["punct", "ccomp", "punct", "punct", "ROOT", "compound", "nsubj", "punct", "appos", "prep", "pobj",
              "punct", "det", "nsubj", "punct"],
        tags=["``", "UH", ",", "''", "VBZ", "NNP", "NNP", ",", "NN", "IN", "NNP", ":", "DT", "NNP", "."],
        pos=["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN", "PUNCT",
             "DET", "PROPN", "PUNCT"],
    )
    cue = cue_on(doc, "says")
    head = speaker_head(cue, LEXICON)
    assert head is not None and head.text == "Ruiz"


def test_a_pronoun_subject_with_a_name_in_apposition_is_that_person():
    # "Any of them — Jane Doyle — said it ." with "Jane Doyle" in apposition to "Any"
    words = ["Any", "of", "them", "—", "Jane", "Doyle", "—", "said", "it", "."]
    doc = Doc(VOCAB, words=words, heads=[7, 0, 1, 0, 5, 0, 0, 7, 7, 7],
              deps=["nsubj", "prep", "pobj", "punct", "compound", "appos", "punct", "ROOT", "dobj", "punct"],
              tags=["DT", "IN", "PRP", ":", "NNP", "NNP", ":", "VBD", "PRP", "."],
              pos=["PRON", "ADP", "PRON", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PRON", "PUNCT"],
              ents=["O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"])
    mention = describe_mention(doc[0], LEXICON)
    assert mention.name == "Jane Doyle"
    assert mention.kind == "person" and not mention.anonymous


def test_a_subject_hung_on_the_opening_phrase_is_still_the_speaker():
    # "In a post , the mayor , Timo Laine , said it would close ." with the subject and the
    # name beside it hung on "post" as appositives, and "said" left with no subject.
    words = ["In", "a", "post", ",", "the", "mayor", ",", "Timo", "Laine", ",", "said", "it", "would", "close", "."]
    doc = parsed(words=words, heads=[10, 2, 0, 10, 5, 2, 5, 8, 5, 10, 10, 13, 13, 10, 10],
                 deps=["prep", "det", "pobj", "punct", "det", "appos", "punct", "compound", "appos", "punct",
                       "ROOT", "nsubj", "aux", "ccomp", "punct"],
                 tags=["IN", "DT", "NN", ",", "DT", "NN", ",", "NNP", "NNP", ",", "VBD", "PRP", "MD", "VB", "."],
                 pos=["ADP", "DET", "NOUN", "PUNCT", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB",
                      "PRON", "AUX", "VERB", "PUNCT"],
                 ents=["O"] * 7 + ["B-PERSON", "I-PERSON"] + ["O"] * 6)
    head = speaker_head(cue_on(doc, "said"), LEXICON)
    assert head is not None and head.text == "Laine"
    claims, _ = extract_claims(doc, LEXICON)
    assert [(c.content.text, c.speaker_name) for c in claims] == [("it would close", "Timo Laine")]


def test_an_opening_phrase_does_not_lend_its_nouns_to_a_cue_with_a_subject_of_its_own():
    # "In a post , the mayor said it would close ." parsed right: the subject is the cue's own.
    words = ["In", "a", "post", ",", "the", "mayor", "said", "it", "would", "close", "."]
    doc = parsed(words=words, heads=[6, 2, 0, 6, 5, 6, 6, 9, 9, 6, 6],
                 deps=["prep", "det", "pobj", "punct", "det", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
                 tags=["IN", "DT", "NN", ",", "DT", "NN", "VBD", "PRP", "MD", "VB", "."],
                 pos=["ADP", "DET", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PRON", "AUX", "VERB", "PUNCT"])
    assert subject_after_opening_phrase(doc[6]) is None
    head = speaker_head(cue_on(doc, "said"), LEXICON)
    assert head is not None and head.text == "mayor"


def test_a_that_clause_hung_on_the_setting_of_the_cue_is_what_was_said():
    # "Kekkonen said after the meeting that profits would fall ." with the clause parsed as a
    # relative clause of "meeting" (its "that" a conjunction all the same).
    doc = parsed(
        words=["Kekkonen", "said", "after", "the", "meeting", "that", "profits", "would", "fall", "."],
        heads=[1, 1, 1, 4, 2, 8, 8, 8, 4, 1],
        deps=["nsubj", "ROOT", "prep", "det", "pobj", "mark", "nsubj", "aux", "relcl", "punct"],
        tags=["NNP", "VBD", "IN", "DT", "NN", "IN", "NNS", "MD", "VB", "."],
        pos=["PROPN", "VERB", "ADP", "DET", "NOUN", "SCONJ", "NOUN", "AUX", "VERB", "PUNCT"],
    )
    span = complement(cue_on(doc, "said"), LEXICON)
    assert span is not None and span.text == "profits would fall"


def test_a_that_parsed_as_the_object_of_a_clause_with_its_own_subject_is_no_part_of_it():
    # "Kekkonen said that profits would fall ." with "that" the object of "fall".
    doc = parsed(
        words=["Kekkonen", "said", "that", "profits", "would", "fall", "."],
        heads=[1, 1, 5, 5, 5, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "nsubj", "aux", "ccomp", "punct"],
        tags=["NNP", "VBD", "DT", "NNS", "MD", "VB", "."],
        pos=["PROPN", "VERB", "PRON", "NOUN", "AUX", "VERB", "PUNCT"],
    )
    assert complement(cue_on(doc, "said"), LEXICON).text == "profits would fall"
    # "That is false" opens with a demonstrative, the subject of its own clause: kept.
    doc = parsed(words=["Kekkonen", "said", "that", "is", "false", "."], heads=[1, 1, 3, 1, 3, 1],
                 deps=["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct"],
                 tags=["NNP", "VBD", "DT", "VBZ", "JJ", "."], pos=["PROPN", "VERB", "PRON", "AUX", "ADJ", "PUNCT"])
    assert complement(cue_on(doc, "said"), LEXICON).text == "that is false"


def _costs_rose_then(participle: str, lemma: str, rest: list[str], mark: str | None = None) -> Doc:
    """'Kekkonen said costs rose , [mark] <participle> <rest> .' with the participle hung on
    "rose", the reported clause's verb, where the small parser puts it."""
    words = ["Kekkonen", "said", "costs", "rose", ","] + ([mark] if mark else []) + [participle, *rest, "."]
    verb = 5 + (1 if mark else 0)
    heads = [1, 1, 3, 1, 3] + ([verb] if mark else []) + [3] + [verb] * len(rest) + [1]
    deps = (["nsubj", "ROOT", "nsubj", "ccomp", "punct"] + (["mark"] if mark else []) + ["advcl"]
            + ["dobj"] * len(rest) + ["punct"])
    tags = ["NNP", "VBD", "NNS", "VBD", ","] + (["IN"] if mark else []) + ["VBG"] + ["NN"] * len(rest) + ["."]
    pos = (["PROPN", "VERB", "NOUN", "VERB", "PUNCT"] + (["SCONJ"] if mark else []) + ["VERB"]
           + ["NOUN"] * len(rest) + ["PUNCT"])
    spaces = [following not in (",", ".") for following in words[1:]] + [False]
    doc = parsed(words=words, heads=heads, deps=deps, tags=tags, pos=pos, spaces=spaces)
    doc[verb].lemma_ = lemma
    return doc


def test_a_trailing_speech_participle_is_the_speakers_doing_not_what_was_said():
    # The parser hangs ", pointing to ..." on the reported verb; it says what Kekkonen did.
    doc = _costs_rose_then("pointing", "point", ["figures"])
    assert complement(cue_on(doc, "said"), LEXICON).text == "costs rose"
    doc = _costs_rose_then("emphasizing", "emphasize", ["caution"], mark="while")
    assert complement(cue_on(doc, "said"), LEXICON).text == "costs rose"


def test_other_trailing_participles_stay_in_what_was_said():
    # ", leaving ..." is a consequence Kekkonen reports; ", assuming ..." a condition of it.
    doc = _costs_rose_then("leaving", "leave", ["deficits"])
    assert complement(cue_on(doc, "said"), LEXICON).text == "costs rose, leaving deficits"
    doc = _costs_rose_then("assuming", "assume", ["growth"])
    assert complement(cue_on(doc, "said"), LEXICON).text == "costs rose, assuming growth"


def _object_then_saying(verb: str, lemma: str, obj: str) -> Doc:
    """'Lee <verb> <obj> saying costs rose .' with "saying" hung on the object."""
    doc = parsed(
        words=["Lee", verb, obj, "saying", "costs", "rose", "."],
        heads=[1, 1, 1, 2, 5, 3, 1],
        deps=["nsubj", "ROOT", "dobj", "acl", "nsubj", "ccomp", "punct"],
        tags=["NNP", "VBD", "NNS", "VBG", "NNS", "VBD", "."],
        pos=["PROPN", "VERB", "NOUN", "VERB", "NOUN", "VERB", "PUNCT"],
    )
    doc[1].lemma_, doc[3].lemma_ = lemma, "say"
    return doc


def test_a_participle_hung_on_those_addressed_is_the_senders():
    # "Lee emailed supporters saying ...": the supporters were written to; Lee says it.
    doc = _object_then_saying("emailed", "email", "supporters")
    head = speaker_head(cue_on(doc, "saying"), LEXICON)
    assert head is not None and head.text == "Lee"


def test_a_participle_hung_on_a_document_read_or_people_shown_is_theirs():
    # "Lee read letters saying ...": the letters say it, not their reader; "Lee shows voters
    # saying ..." (an advertisement): the voters say it.
    doc = _object_then_saying("read", "read", "letters")
    head = speaker_head(cue_on(doc, "saying"), LEXICON)
    assert head is not None and head.text == "letters"
    doc = _object_then_saying("shows", "show", "voters")
    head = speaker_head(cue_on(doc, "saying"), LEXICON)
    assert head is not None and head.text == "voters"
