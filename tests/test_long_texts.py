"""Claims of a piece of a long text, moved into the whole text (long_texts.shifted)."""

from __future__ import annotations

import attrs

from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.export import claims_from_records, claims_to_records
from claimkit.long_texts import shifted

PIECE = (
    "“We will reopen the mine,” the company's chief executive, Lena Park, said, “but not this year.”\n\n"
    "A senior union official, who asked not to be named, told the Valley Post, citing Radio Nord, "
    "the talks had failed."
)
BEFORE = "An earlier paragraph, parsed as another piece.\n\n"
WHOLE = BEFORE + PIECE + "\n\nA later paragraph."
OFFSET = len(BEFORE)


def cut(fragment: str) -> TextSpan:
    start = PIECE.index(fragment)
    return TextSpan.from_offsets(PIECE, start, start + len(fragment))


def piece_claims() -> list[Claim]:
    """Claims with every kind of span, offsets into PIECE."""
    first, second = cut("We will reopen the mine"), cut("but not this year")
    direct = Claim(
        content=TextSpan.from_offsets(PIECE, first.start, second.end),
        fragments=(first, second),
        kind="direct",
        cue=Cue(span=cut("said"), lemma="say"),
        speaker=Speaker(mention=cut("the company's chief executive, Lena Park"), name="Lena Park", kind="person",
                        entity_id=0, confidence=0.9),
        confidence=0.88,
        evidence=Evidence(rule="quote_cue_split", features=(("fragments", 2.0),)),
    )
    indirect = Claim(
        content=cut("the talks had failed"),
        fragments=(cut("the talks had failed"),),
        kind="indirect",
        cue=Cue(span=cut("told"), lemma="tell"),
        speaker=Speaker(mention=cut("A senior union official"), anonymous=True),
        via=(Source(span=cut("the Valley Post"), name="Valley Post"),
             Source(span=cut("Radio Nord"), name="Radio Nord")),
        evidence=Evidence(rule="reported_clause", flags=("unresolved_speaker",)),
    )
    bare = Claim(content=cut("but not this year"), fragments=(), kind="direct", cue=None,
                 speaker=Speaker(mention=None, name="Mining Board"))
    return [direct, indirect, bare]


def test_every_span_moves_into_the_whole_text():
    claims = piece_claims()
    moved = shifted(claims, OFFSET)
    assert len(moved) == len(claims)
    for before, after in zip(claims, moved, strict=True):
        spans_before, spans_after = before.spans(), after.spans()
        assert len(spans_after) == len(spans_before)
        for old, new in zip(spans_before, spans_after, strict=True):
            assert (new.start, new.end, new.text) == (old.start + OFFSET, old.end + OFFSET, old.text)
            assert WHOLE[new.start : new.end] == new.text
    assert [source.span.start for source in moved[1].via] == [WHOLE.index("the Valley Post"), WHOLE.index("Radio Nord")]
    assert moved[0].fragments[1].start == WHOLE.index("but not this year")


def test_everything_but_the_offsets_is_kept():
    def without_offsets(value: object) -> object:
        if isinstance(value, TextSpan):
            return value.text
        if isinstance(value, tuple):
            return tuple(without_offsets(item) for item in value)
        cls = type(value)
        if attrs.has(cls):
            return {name: without_offsets(getattr(value, name)) for name in attrs.fields_dict(cls)}
        return value

    claims = piece_claims()
    moved = shifted(claims, OFFSET)
    assert [without_offsets(claim) for claim in moved] == [without_offsets(claim) for claim in claims]
    assert moved[0].evidence is claims[0].evidence  # no span in it: the same object
    assert moved[2].speaker == Speaker(mention=None, name="Mining Board")
    assert moved[2].fragments == ()


def test_the_same_as_moving_the_records():
    # What shifted() did before it worked on the attrs objects: every {start, end, text} record moved.
    def move(node: object) -> None:
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys():
                node["start"] += OFFSET
                node["end"] += OFFSET
            for value in node.values():
                move(value)
        elif isinstance(node, list):
            for value in node:
                move(value)

    records = claims_to_records(piece_claims())
    move(records)
    assert shifted(piece_claims(), OFFSET) == claims_from_records(records)


def test_offset_zero_and_no_claims():
    claims = piece_claims()
    assert shifted(claims, 0) is claims
    assert shifted([], OFFSET) == []


def test_the_input_claims_are_not_changed():
    claims = piece_claims()
    shifted(claims, OFFSET)
    assert claims == piece_claims()
