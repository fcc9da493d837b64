"""Quotation marks paired into quotes: styles, split quotes, apostrophes, messy text."""

from __future__ import annotations

import ast
import itertools
import time
import unicodedata
from pathlib import Path

import pytest

import claimkit
from claimkit import long_texts, quote_claims
from claimkit import quotes as quote_table
from claimkit.layout import Layout
from claimkit.quotes import EDGE_PUNCTUATION, MARKS, QUOTE_STYLES, Quote, QuoteMarks, QuoteStyle, find_quotes
from claimkit.segment import paragraph_spans


def quotes(text: str) -> list[Quote]:
    return find_quotes(text, paragraph_spans(text))


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The dam will hold," the engineer said.', "The dam will hold"),
        ("“The dam will hold,” the engineer said.", "The dam will hold"),
        ("‘The dam will hold,’ the engineer said.", "The dam will hold"),
        ("'The dam will hold,' the engineer said.", "The dam will hold"),
        ("«Le barrage tiendra», a déclaré l'ingénieur.", "Le barrage tiendra"),
        ("« Le barrage tiendra », a déclaré l'ingénieur.", "Le barrage tiendra"),
        ("„Der Damm hält“, sagte der Ingenieur.", "Der Damm hält"),
        ("„Der Damm hält”, sagte der Ingenieur.", "Der Damm hält"),
    ],
)
def test_every_quotation_style(text, expected):
    found = quotes(text)
    assert len(found) == 1
    (quote,) = found
    assert text[quote.start : quote.end] == expected
    assert quote.flags == ()
    assert quote.open_at == 0
    assert quote.close_at is not None
    # The marks bound the quote; the content sits strictly inside them.
    assert quote.open_at < quote.start <= quote.end <= quote.close_at
    assert text[quote.outer_start : quote.outer_end].startswith(text[0])


def test_quote_in_mid_sentence_after_colon():
    text = 'The engineer said: "The dam will hold."'
    assert contents(text) == ["The dam will hold"]


def test_split_quote_gives_two_quotes():
    text = '"We will," he said, "rebuild the bridge."'
    found = quotes(text)
    assert [text[q.start : q.end] for q in found] == ["We will", "rebuild the bridge"]
    first, second = found
    assert first.end < second.start
    assert all(q.flags == () for q in found)


def test_split_curly_quote_gives_two_quotes():
    text = "“We will,” the governor said, “rebuild the bridge by June.”"
    assert contents(text) == ["We will", "rebuild the bridge by June"]


def test_several_quotes_in_one_paragraph():
    text = 'Voters said "yes" in May and "no" in June.'
    assert contents(text) == ["yes", "no"]


@pytest.mark.parametrize(
    "text",
    [
        "The tenants' union met the landlord's lawyers on Friday.",
        "Russia’s envoy left early, and the envoy’s aides followed.",
        "We don't know and they won't say, the clerk admitted.",
        "Rents have not been this high since the '90s, the report found.",
        "Rents have not been this high since the ’90s, the report found.",
        "The Joneses' dog and the boss' car were both towed.",
    ],
)
def test_apostrophes_outside_quotes_are_not_quote_marks(text):
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The tenants\' union will sue," she said.', "The tenants' union will sue"),
        ('"Russia’s offer is late," she said.', "Russia’s offer is late"),
        ('"We don\'t know," she said.', "We don't know"),
        ('"It is the \'90s again," she said.', "It is the '90s again"),
        ("“The tenants’ union will sue,” she said.", "The tenants’ union will sue"),
        ("'The tenants' union will sue,' she said.", "The tenants' union will sue"),
        ("‘The tenants’ union will sue,’ she said.", "The tenants’ union will sue"),
        ("'Russia's offer is late,' she said.", "Russia's offer is late"),
        ("‘Russia’s offer is late,’ she said.", "Russia’s offer is late"),
        ("'We don't know,' she said.", "We don't know"),
        ("‘We don’t know,’ she said.", "We don’t know"),
        ("'It is the '90s again,' she said.", "It is the '90s again"),
        ("‘It is the ’90s again,’ she said.", "It is the ’90s again"),
    ],
)
def test_apostrophes_inside_quotes_do_not_end_them(text, expected):
    assert contents(text) == [expected]


def test_possessive_heuristic_still_closes_before_a_new_single_quote():
    text = "Voters chose 'yes' and 'no' in equal numbers."
    assert contents(text) == ["yes", "no"]


def test_single_quoted_phrase_after_possessive():
    text = "The farmers' leaders answered 'enough' and walked out."
    assert contents(text) == ["enough"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The plan is \'very likely\' to fail," she said.', "The plan is 'very likely' to fail"),
        ("“The plan is ‘very likely’ to fail,” she said.", "The plan is ‘very likely’ to fail"),
        ("«Il a dit ‹non› hier», a-t-elle déclaré.", "Il a dit ‹non› hier"),
    ],
)
def test_nested_single_inside_double_returns_only_the_outer(text, expected):
    found = quotes(text)
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == expected


@pytest.mark.parametrize(
    "text",
    [
        'He said "the talks are over and left the room.',
        "He said “the talks are over and left the room.",
        'He said "the talks" are "over.',
        "‘Half open,” she said.",
        '"',
        "'",
        "“",
        "”",
        '""',
        "“”",
        '" "',
        "« »",
        '"a" "b" "c" "',
        "„Unfinished",
    ],
)
def test_unbalanced_marks_never_raise(text):
    found = quotes(text)
    for quote in found:
        assert 0 <= quote.start <= quote.end <= len(text)


def test_unbalanced_mark_is_flagged_unclosed_quote():
    text = 'He said "the talks are over and left the room.'
    (quote,) = quotes(text)
    assert quote.flags == ("unclosed_quote",)
    assert quote.close_at is None
    assert text[quote.start : quote.end] == "the talks are over and left the room"


def test_unclosed_quote_does_not_pair_across_paragraphs():
    text = 'He said "the talks are over.\n\nShe said nothing," and left.'
    found = quotes(text)
    assert [q.flags for q in found] == [("unclosed_quote",)]
    assert text[found[0].start : found[0].end] == "the talks are over"


def test_quote_continued_in_next_paragraph():
    text = (
        "“The river rose faster than any model predicted,” the hydrologist said. “We had hours, not days.\n\n"
        "“Next time we must move earlier.”"
    )
    found = quotes(text)
    assert [text[q.start : q.end] for q in found] == [
        "The river rose faster than any model predicted",
        "We had hours, not days",
        "Next time we must move earlier",
    ]
    assert [q.flags for q in found] == [(), ("continued_quote",), ()]
    assert found[1].close_at is None


def test_quote_continued_over_several_paragraphs_straight_marks():
    text = '"One.\n\n"Two.\n\n"Three," she said.'
    assert [q.flags for q in quotes(text)] == [("continued_quote",), ("continued_quote",), ()]


def test_open_quote_followed_by_unquoted_paragraph_is_unclosed():
    text = "“The river rose fast.\n\nThe hydrologist left."
    (quote,) = quotes(text)
    assert quote.flags == ("unclosed_quote",)


def test_content_excludes_marks_and_edge_punctuation():
    text = 'She said: " ... We stay, we fight!? " and sat down. "— Never —" he said.'
    for quote in quotes(text):
        content = text[quote.start : quote.end]
        assert content
        assert content[0] not in EDGE_PUNCTUATION + "\"'“”‘’«»„"
        assert content[-1] not in EDGE_PUNCTUATION + "\"'“”‘’«»„"
        assert content == content.strip()
    assert contents(text) == ["We stay, we fight", "Never"]


def test_offsets_point_into_the_original_text():
    text = (
        "Officials met on Monday.\n\n"
        "“The budget is fixed,” the treasurer said, “and it will not grow.”\n\n"
        "Critics called it 'a fantasy' and the mayor's office's 'best guess'."
    )
    found = quotes(text)
    assert [text[q.start : q.end] for q in found] == [
        "The budget is fixed",
        "and it will not grow",
        "a fantasy",
        "best guess",
    ]
    for quote in found:
        assert text[quote.open_at] in "\"'“‘«„"
        if quote.close_at is not None:
            assert text[quote.close_at] in "\"'”’»“"
            assert quote.outer_end == quote.close_at + 1
        assert quote.outer_start <= quote.start <= quote.end <= quote.outer_end


def test_no_quotes_in_plain_text_or_empty_input():
    assert quotes("The council met and nothing was said.") == []
    assert quotes("") == []
    assert find_quotes("", []) == []


def test_quotes_are_returned_in_text_order():
    text = '"One," she said.\n\n"Two," he said.\n\n«Three», they said.'
    found = quotes(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert len(found) == 3


def test_stray_straight_closing_mark_opens_nothing():
    # A straight mark after a word and before a space can only close; with nothing open it is ignored.
    assert quotes('The talks ended," and everyone left.') == []
    assert contents('He said:"Yes."') == ["Yes"]


@pytest.mark.parametrize(
    "text",
    [
        "We stayed 'cause the rent was low, she said.",
        "Wait 'til the vote, he said.",
        "Let 'em talk, she said.",
        "Let 'em, she said.",
    ],
)
def test_elisions_are_not_quote_marks(text):
    assert quotes(text) == []


def test_word_starting_like_an_elision_still_opens_a_quote():
    assert contents("'Tilly stays,' he said.") == ["Tilly stays"]


# --- cost: every mark is handled once, however many are open -------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("‘a " * 20_000, 1),  # thousands of single quotes left open: one quote to the paragraph end
        ("«a ‘b " * 10_000 + "» c", 1),  # one closer ends all the inner quotes left open
        ('"“”' * 4_000, None),
        ("“ab” " * 20_000, 20_000),
        ("the tenants' union " * 5_000, 0),
    ],
)
def test_many_marks_in_one_paragraph_take_linear_time(text, expected):
    started = time.perf_counter()
    found = quotes(text)
    assert time.perf_counter() - started < 3  # quadratic: minutes
    if expected is not None:
        assert len(found) == expected
    assert all(a.outer_end <= b.outer_start for a, b in itertools.pairwise(found))


def test_a_closer_with_no_opener_waiting_for_it_leaves_the_open_quotes_alone():
    text = "«Le barrage ‘tiendra» et ’ encore»."
    (quote,) = quotes(text)
    assert text[quote.start : quote.end] == "Le barrage ‘tiendra"


# --- one table of quotation-mark styles (docs/architecture.md, "A quotation-mark style") ----

def test_the_sets_of_marks_derived_from_the_table():
    """What every rule reads, pinned: a change to the table shows here first."""
    assert MARKS.all == set("\"'“”«»„‘’‹›")
    assert MARKS.double == set("\"“”«»„")
    assert dict(MARKS.openers) == {"“": "”", "«": "»", "„": "”", "‘": "’", "‹": "›"}
    assert MARKS.endings["„"] == {"”", "“"}
    assert MARKS.straight == set("\"'") and MARKS.ambiguous == {"“"} and MARKS.closing_openers == {"”"}
    assert MARKS.closing_only == set("\"'”’»›")
    assert MARKS.apostrophes == set("'‘’")
    assert MARKS.nesting_openers == set("“‘\"'")
    assert MARKS.outer_openers == set("\"“«„'‘")
    assert MARKS.sentence_closers == set("\"”’»")
    assert all(style.name for style in QUOTE_STYLES)
    assert len({style.name for style in QUOTE_STYLES}) == len(QUOTE_STYLES)


def test_a_style_added_to_the_table_reaches_every_module(monkeypatch):
    """One row in a copy of the table, and the quote finder, the sentence test of quote claims
    and the cutting of long texts all read it."""
    corner = QuoteStyle("corner brackets", "「", "」", double=True)
    monkeypatch.setattr(quote_table, "MARKS", QuoteMarks.of((*QUOTE_STYLES, corner)))

    text = "「The dam will hold,」 the engineer said."
    assert contents(text) == ["The dam will hold"]

    text = "「The dam will hold.」 「It was built well.」"
    layout = Layout(text)
    assert [text[q.start : q.end] for q in layout.quotes] == ["The dam will hold", "It was built well"]
    assert quote_claims._opens_a_sentence(layout, layout.quotes[1])  # the closing mark hides no sentence end

    paragraph = "「The dam will hold in any weather.」 " * 10
    pieces = long_texts.pieces(paragraph, limit=100)
    assert all(paragraph[start:end].endswith(".」 ") for start, end in pieces[:-1])


def test_without_the_added_style_its_marks_are_plain_text():
    text = "「The dam will hold,」 the engineer said."
    assert quotes(text) == []


# Modules that keep quotation marks of their own, and why.
_OWN_MARKS = {
    # The reference metric: the shared score.py's set, backtick and acute accent included;
    # a style added to claimkit's table must not change how predictions are scored.
    "scoring.py": "QUOTE_MARKS",
}


def _quotation_marks(text: str) -> set[str]:
    return {ch for ch in text if ch in MARKS.all or "QUOTATION MARK" in unicodedata.name(ch, "")
            or unicodedata.category(ch) in ("Pi", "Pf")}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_every_quotation_mark_in_the_code_comes_from_the_table():
    """No module keeps a list of quotation marks of its own. Outside quotes.py every mark in a
    string is in the table, and no string without white space (a set, a character class)
    holds two marks besides the apostrophes ' and ’; prose may quote ("'He said: “...”'")."""
    package = Path(claimkit.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name in ("quotes.py", *_OWN_MARKS):
            continue
        for line, value in _code_strings(path):
            marks = _quotation_marks(value)
            listed = len(marks - {"'", "’"}) > 1 and not any(ch.isspace() for ch in value)
            if marks - MARKS.all or listed:
                found.append(f"{name}:{line}: {value!r}")
    assert not found, "quotation marks kept outside claimkit.quotes.QUOTE_STYLES:\n" + "\n".join(found)
