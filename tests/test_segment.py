"""Paragraphs found on the raw text, and paragraph starts enforced as sentence starts."""

from __future__ import annotations

import itertools

import pytest
import spacy

from claimkit.segment import paragraph_spans, set_paragraph_boundaries


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


def test_boundaries_survive_the_parser():
    import claimkit

    nlp = claimkit.load()
    text = "The mill closed in March and the owners\n\nsaid nothing about the workers"
    doc = nlp(text)
    assert text.index("said nothing") in _sentence_starts(doc)


def test_set_paragraph_boundaries_on_empty_doc(blank):
    doc = set_paragraph_boundaries(blank(""))
    assert len(doc) == 0
