"""Paragraphs found on the raw text, and paragraph starts enforced as sentence starts."""

from __future__ import annotations

import itertools
import time
from types import SimpleNamespace

import pytest
import spacy

from claimkit.quotes import find_quotes
from claimkit.segment import (
    CROWDED,
    MAX_SENTENCE_CUES,
    MAX_SENTENCE_MARKS,
    MAX_SENTENCE_TOKENS,
    SentenceIndex,
    indexed_sentences,
    paragraph_spans,
    sentence_of,
    set_paragraph_boundaries,
    spare_crowded_sentences,
)


def paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text)]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


THREE = ["The harbour reopened on Monday.", "Ships queued overnight.", "Pilots were busy."]


def test_blank_lines_separate_paragraphs():
    text = "The harbour reopened on Monday.\n\nShips queued overnight.\n\n\nPilots were busy."
    assert paragraphs(text) == THREE


def test_single_line_break_is_a_soft_wrap_when_blank_lines_exist():
    text = "The harbour reopened\non Monday after repairs.\n\nShips queued overnight."
    assert paragraphs(text) == ["The harbour reopened\non Monday after repairs.", "Ships queued overnight."]


def test_every_line_is_a_paragraph_without_blank_lines():
    text = "The harbour reopened on Monday.\nShips queued overnight.\nPilots were busy."
    assert paragraphs(text) == THREE


def test_windows_line_endings():
    assert paragraphs("First line.\r\n\r\nSecond line.\r\n") == ["First line.", "Second line."]
    assert paragraphs("First line.\r\nSecond line.") == ["First line.", "Second line."]


def test_dot_line_separator_style():
    text = "The mill closed in March.\n .\n Two hundred jobs went.\n .\n The union objected."
    assert paragraphs(text) == ["The mill closed in March.", "Two hundred jobs went.", "The union objected."]


def test_dot_line_separator_with_soft_wraps_inside():
    text = "The mill closed\nin March.\n .\n Two hundred jobs went."
    assert paragraphs(text) == ["The mill closed\nin March.", "Two hundred jobs went."]


def test_paragraphs_are_trimmed():
    text = "   \n  The mill closed.   \n\n\t Jobs went.  \n  "
    spans = paragraph_spans(text)
    assert paragraphs(text) == ["The mill closed.", "Jobs went."]
    for start, end in spans:
        assert not text[start].isspace()
        assert not text[end - 1].isspace()


def test_spans_are_ordered_and_disjoint():
    text = "A.\n\nB.\n .\n C.\n\n\n\nD."
    spans = paragraph_spans(text)
    assert spans == sorted(spans)
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", " \n .\n ", "\t\r\n"])
def test_empty_or_blank_input_has_no_paragraphs(text):
    assert paragraph_spans(text) == []


def test_text_without_line_breaks_is_one_paragraph():
    text = "Only one paragraph here. It has two sentences."
    assert paragraph_spans(text) == [(0, len(text))]


def test_punctuation_only_paragraphs_are_dropped():
    text = "Story text.\n\n*\n\nMore story."
    assert paragraphs(text) == ["Story text.", "More story."]


def _sentence_starts(doc) -> set[int]:
    return {sent.start_char for sent in doc.sents}


@pytest.mark.parametrize(
    "text",
    [
        "The mill closed in March, officials said\n\nJobs went quickly.\n\nThe union objected",
        "The mill closed in March, officials said\nJobs went quickly\nthe union objected",
        "The mill closed in March, officials said\n .\n Jobs went quickly\n .\n the union objected",
    ],
)
def test_paragraph_starts_become_sentence_starts(blank, text):
    doc = set_paragraph_boundaries(blank(text))
    starts = _sentence_starts(doc)
    for start, _ in paragraph_spans(text):
        assert start in starts


def test_wrapped_line_is_not_forced_into_a_new_sentence(blank):
    text = "The mill closed\nin March.\n\nJobs went."
    doc = set_paragraph_boundaries(blank(text))
    assert text.index("in March") not in {t.idx for t in doc if t.is_sent_start}


def test_no_sentence_crosses_a_paragraph_break(blank):
    # Leading bullets and ellipses are trimmed off the paragraph but still belong to it.
    text = "• The mill closed\n• Jobs went\n...and the union objected"
    doc = set_paragraph_boundaries(blank(text))
    for sent in doc.sents:
        assert "\n" not in sent.text.strip(), sent.text


def test_boundaries_survive_the_parser(nlp):
    text = "The mill closed in March and the owners\n\nsaid nothing about the workers"
    doc = nlp(text)
    assert text.index("said nothing") in _sentence_starts(doc)


def test_set_paragraph_boundaries_on_empty_doc(blank):
    doc = set_paragraph_boundaries(blank(""))
    assert len(doc) == 0


# --- the sentence index and crowded sentences ------------------------------------------------

def _with_sentences(blank, text: str, starts: list[str]):
    """``text`` tokenised, with a sentence starting at the first token of each of ``starts``."""
    doc = blank(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or any(token.idx == text.index(s) for s in starts)
    return doc


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("One two. Three four five. Six.", ["Three", "Six"]),
        ("Only one sentence here", []),
        ("A. B. C. D.", ["B", "C", "D"]),
        ("x", []),
    ],
)
def test_the_index_gives_the_sentences_the_walk_gives(blank, text, starts):
    doc = _with_sentences(blank, text, starts)
    walked = [(s.start, s.end) for s in map(sentence_of, doc)]  # no index: the walk
    index = SentenceIndex(doc)
    assert [(s.start, s.end) for s in map(index.sentence_of, doc)] == walked
    with indexed_sentences(doc):
        assert [(s.start, s.end) for s in map(sentence_of, doc)] == walked
    assert [(s.start, s.end) for s in doc.sents] == sorted(set(walked))


def test_the_index_answers_only_for_its_own_doc_and_only_inside_the_block(blank):
    doc = _with_sentences(blank, "One two. Three four.", ["Three"])
    other = _with_sentences(blank, "One two. Three four.", [])
    with indexed_sentences(doc) as index:
        assert sentence_of(doc[3]).start == 3
        assert sentence_of(other[3]).start == 0  # another Doc: walked, not read off doc's index
        with indexed_sentences(other):
            assert sentence_of(other[3]).start == 0
            assert sentence_of(doc[3]).start == 3
        assert index.sentence_of(doc[1]).end == 3
    # Outside the block nothing is cached: a boundary set afterwards is seen at once.
    doc[1].is_sent_start = True
    assert sentence_of(doc[2]).start == 1


def test_the_index_of_an_empty_doc(blank):
    with indexed_sentences(blank("")) as index:
        assert index.starts == []
        assert index.crowded("", []) == set()


def test_sentence_lookups_in_a_very_long_sentence_are_not_quadratic(blank):
    text = "“ab” " * 20_000
    doc = blank(text)  # no boundary set: one sentence (setting 60,000 of them is itself quadratic in spaCy)
    started = time.perf_counter()
    with indexed_sentences(doc):
        ends = {sentence_of(token).end for token in doc}
    assert ends == {len(doc)}
    assert time.perf_counter() - started < 5  # the walk takes minutes


def _anchored(doc, words: set[str]):
    """Stand-ins for the cues of ``words``: anything with an ``anchor`` token will do."""
    return [SimpleNamespace(anchor=t) for t in doc if t.lower_ in words]


def test_a_sentence_crowded_with_quotation_marks_or_cues_is_found(blank):
    marks = "“ab” " * (MAX_SENTENCE_MARKS // 2 + 1)
    cues = "he said " * (MAX_SENTENCE_CUES + 1)
    text = f"A normal sentence, he said. {marks}. “A normal quote,” she said. {cues}. Done."
    doc = _with_sentences(blank, text, [marks, "“A normal", cues, "Done"])
    index = SentenceIndex(doc)
    assert index.crowded(text, (c.anchor for c in _anchored(doc, {"said"}))) == {1, 3}


def test_a_sentence_of_too_many_tokens_is_crowded(blank):
    words = "word " * MAX_SENTENCE_TOKENS
    text = f"Short one. {words}. Short again."
    doc = _with_sentences(blank, text, [words, "Short again"])
    assert SentenceIndex(doc).crowded(text, []) == {1}


def test_real_sentences_are_never_crowded(blank):
    text = ("“We will rebuild,” Mayor Ann Lee said, “and we will do it ‘our way’ — the town’s way,” "
            "she told reporters, adding that officials had said the plan, which critics called “rushed”, "
            "would work.")
    doc = _with_sentences(blank, text, [])
    cues = [c.anchor for c in _anchored(doc, {"said", "told", "adding", "called"})]
    assert SentenceIndex(doc).crowded(text, cues) == set()


def test_the_cheaper_path_drops_cues_and_flags_quotes_of_crowded_sentences_only(blank):
    crowded = "“ab” " * (MAX_SENTENCE_MARKS // 2 + 1) + "he said"
    text = f"“Fine,” he said. {crowded}. “Also fine,” she said."
    doc = _with_sentences(blank, text, [crowded, "“Also"])
    quotes = find_quotes(text, paragraph_spans(text))
    cues = _anchored(doc, {"said"})
    kept, flagged = spare_crowded_sentences(doc, text, cues, quotes)
    assert [c.anchor.i for c in kept] == [cues[0].anchor.i, cues[-1].anchor.i]
    assert [q.flags for q in flagged] == [(), *[(CROWDED,)] * (len(quotes) - 2), ()]
    assert [(q.start, q.end) for q in flagged] == [(q.start, q.end) for q in quotes]


def test_nothing_crowded_gives_back_the_same_lists(blank):
    text = "“Fine,” he said. “Also fine,” she said."
    doc = _with_sentences(blank, text, ["“Also"])
    quotes = find_quotes(text, paragraph_spans(text))
    cues = _anchored(doc, {"said"})
    kept, flagged = spare_crowded_sentences(doc, text, cues, quotes)
    assert kept is cues and flagged is quotes


def test_thousands_of_one_line_paragraphs_are_marked_in_linear_time(blank):
    text = "“ab”\n" * 20_000
    doc = blank(text)
    started = time.perf_counter()
    set_paragraph_boundaries(doc)
    assert time.perf_counter() - started < 3  # one Token.is_sent_start write at a time: about 20 s
    assert sum(1 for t in doc if t.is_sent_start) == 20_000


def test_boundaries_set_before_are_kept(blank):
    doc = blank("A b. C d.\n\nE f.")
    doc[2].is_sent_start = False
    doc[3].is_sent_start = True
    set_paragraph_boundaries(doc)
    assert [t.is_sent_start for t in doc] == [True, None, False, True, None, True, None]


def test_a_parsed_doc_is_refused_as_spacy_refuses_it(nlp):
    with pytest.raises(ValueError, match="E043"):
        set_paragraph_boundaries(nlp("He said it.\n\nShe left."))
