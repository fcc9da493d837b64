"""Claims as tables: one row per claim, one fixed column set, for pandas, Arrow and plain records."""

from __future__ import annotations

import json
import sys

import attrs
import pandas as pd
import pyarrow as pa
import pytest

import claimkit
from claimkit.api import Result
from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.export import claim_to_json
from claimkit.tables import COLUMNS, PANDAS_DTYPES, arrow_schema, to_arrow, to_frame, to_records

# The documented column set (docs/format.md, "Tables"), in order.
EXPECTED_COLUMNS = [
    "doc_id", "claim_index", "kind", "content", "content_start", "content_end", "text", "content_fragments",
    "cue", "cue_lemma",
    "cue_stance", "speaker", "speaker_start", "speaker_end", "speaker_name", "speaker_kind", "speaker_role",
    "speaker_entity_id", "speaker_gender", "speaker_gender_source", "source", "anonymous", "via", "confidence",
    "content_confidence", "speaker_confidence", "rule", "rules", "flags",
]
EXPECTED_DTYPES = {
    **dict.fromkeys(EXPECTED_COLUMNS, "string"),
    "claim_index": "int64", "content_start": "int64", "content_end": "int64", "content_fragments": "object",
    "speaker_start": "Int64", "speaker_end": "Int64", "speaker_entity_id": "Int64", "anonymous": "bool",
    "confidence": "float64", "content_confidence": "float64", "speaker_confidence": "Float64",
}

TEXT = (
    "“We will reopen the mine,” the company's chief executive, Lena Park, said, “but not this year.”\n\n"
    "A senior union official, who asked not to be named, told the Valley Post, citing Radio Nord, "
    "the talks had failed."
)


def cut(fragment: str) -> TextSpan:
    start = TEXT.index(fragment)
    return TextSpan.from_offsets(TEXT, start, start + len(fragment))


def sample_claims() -> list[Claim]:
    first, second = cut("We will reopen the mine"), cut("but not this year")
    direct = Claim(
        content=TextSpan.from_offsets(TEXT, first.start, second.end),
        fragments=(first, second),
        kind="direct",
        cue=Cue(span=cut("said"), lemma="say", stance="neutral"),
        speaker=Speaker(mention=cut("the company's chief executive, Lena Park"), name="Lena Park",
                        kind="person", role="chief executive", entity_id=0, confidence=0.9),
        confidence=0.88,
        content_confidence=0.95,
        evidence=Evidence(rule="quote_cue_split"),
    )
    indirect = Claim(
        content=cut("the talks had failed"),
        fragments=(cut("the talks had failed"),),
        kind="indirect",
        cue=Cue(span=cut("told"), lemma="tell", stance="neutral"),
        speaker=Speaker(mention=cut("A senior union official"), kind="person", anonymous=True, confidence=0.6),
        via=(Source(span=cut("the Valley Post"), name="Valley Post", confidence=0.7),
             Source(span=cut("Radio Nord"), name="Radio Nord", confidence=0.6)),
        confidence=0.61,
        evidence=Evidence(rule="reported_clause", flags=("unresolved_speaker", "pronoun_speaker")),
    )
    bare = Claim(content=cut("but not this year"), fragments=(cut("but not this year"),),
                 kind="direct", cue=None, speaker=None)
    return [direct, indirect, bare]


def test_the_column_set_is_exact_and_in_order():
    assert list(COLUMNS) == EXPECTED_COLUMNS
    assert list(to_frame(sample_claims()).columns) == EXPECTED_COLUMNS
    assert all(list(row) == EXPECTED_COLUMNS for row in to_records(sample_claims()))


def test_dtypes():
    frame = to_frame(sample_claims())
    assert frame.dtypes.astype(str).to_dict() == EXPECTED_DTYPES
    assert PANDAS_DTYPES == EXPECTED_DTYPES
    assert pd.api.types.is_string_dtype(frame["content"])
    assert pd.api.types.is_bool_dtype(frame["anonymous"])
    assert pd.api.types.is_float_dtype(frame["confidence"])


def test_one_row_per_claim_with_the_values_of_the_claim():
    claims = sample_claims()
    frame = to_frame(claims)
    assert len(frame) == len(claims)
    assert frame["claim_index"].tolist() == [0, 1, 2]
    assert frame["doc_id"].isna().all()
    direct, indirect, bare = frame.to_dict("records")
    assert direct["kind"] == "direct"
    assert direct["content"].startswith("We will reopen the mine,”")
    assert direct["content"].endswith("“but not this year")
    assert TEXT[direct["content_start"]:direct["content_end"]] == direct["content"]
    assert (direct["cue"], direct["cue_lemma"], direct["cue_stance"]) == ("said", "say", "neutral")
    assert TEXT[direct["speaker_start"]:direct["speaker_end"]] == direct["speaker"]
    assert (direct["speaker_name"], direct["speaker_kind"], direct["speaker_role"]) == (
        "Lena Park", "person", "chief executive")
    assert not direct["anonymous"]
    assert (direct["via"], direct["flags"], direct["rule"]) == ("", "", "quote_cue_split")
    assert (direct["confidence"], direct["content_confidence"], direct["speaker_confidence"]) == (0.88, 0.95, 0.9)
    assert bool(indirect["anonymous"])
    assert pd.isna(indirect["speaker_name"])
    assert indirect["via"] == "Valley Post <- Radio Nord"  # innermost first, as the JSONL's via list
    assert indirect["flags"] == "unresolved_speaker pronoun_speaker"
    for column in ("cue", "cue_lemma", "cue_stance", "speaker", "speaker_start", "speaker_end", "speaker_name",
                   "speaker_kind", "speaker_role", "speaker_confidence"):
        assert pd.isna(bare[column]), column
    assert bool(bare["anonymous"]) is False


def test_rows_agree_with_the_jsonl_form():
    for row, claim in zip(to_records(sample_claims()), sample_claims(), strict=True):
        line = claim_to_json(claim)
        assert row["kind"] == line["kind"]
        assert (row["content"], row["content_start"], row["content_end"]) == (
            line["content"]["text"], line["content"]["start"], line["content"]["end"])
        assert row["cue"] == (line["cue"] or {}).get("text")
        assert row["speaker"] == (line["speaker"] or {}).get("text")
        assert row["speaker_name"] == line["speaker_name"]
        assert row["anonymous"] == line["anonymous"]
        assert row["via"] == " <- ".join(relay["name"] for relay in line["via"])
        assert row["confidence"] == line["confidence"]
        assert row["content_confidence"] == line["confidences"]["content"]
        assert row["speaker_confidence"] == line["confidences"]["speaker"]
        assert row["rule"] == line["evidence"]["rule"]
        assert row["rules"] == " ".join(line["evidence"]["rules"])
        assert row["flags"].split() == line["evidence"]["flags"]


def test_an_empty_speaker_mention_still_fills_the_speaker_columns():
    # Rows are read from the attrs objects: a zero-length TextSpan is falsy, and must not read as "no mention".
    empty = TextSpan.from_offsets(TEXT, 10, 10)
    claim = attrs.evolve(sample_claims()[0], speaker=Speaker(mention=empty, name="Lena Park", confidence=0.4))
    row = to_records([claim])[0]
    assert (row["speaker"], row["speaker_start"], row["speaker_end"]) == ("", 10, 10)
    assert (row["speaker_name"], row["speaker_confidence"]) == ("Lena Park", 0.4)


def test_a_speaker_without_a_mention():
    claim = attrs.evolve(sample_claims()[0], speaker=Speaker(mention=None, name="Mining Board", anonymous=True))
    row = to_records([claim])[0]
    assert (row["speaker"], row["speaker_start"], row["speaker_end"]) == (None, None, None)
    assert (row["speaker_name"], row["anonymous"], row["speaker_confidence"]) == ("Mining Board", True, 0.5)


def test_row_values_have_plain_types():
    # Read from the attrs objects, not from cattrs records: tuples are joined, numbers stay numbers.
    for row in to_records(sample_claims()):
        assert type(row["anonymous"]) is bool
        assert type(row["confidence"]) is float and type(row["content_start"]) is int
        assert isinstance(row["flags"], str) and isinstance(row["via"], str)


def test_doc_id_from_results_and_claim_index_per_article():
    claims = sample_claims()
    results = [Result("a", claims[:2]), Result("failed", [], "ValueError: boom"), Result("b", claims[2:])]
    frame = to_frame(results)
    assert frame["doc_id"].tolist() == ["a", "a", "b"]
    assert frame["claim_index"].tolist() == [0, 1, 0]


def test_results_from_an_iterator():
    claims = sample_claims()
    frame = to_frame(iter([Result("a", claims), Result("b", claims[:1])]))
    assert frame["doc_id"].tolist() == ["a"] * 3 + ["b"]


def test_doc_id_from_a_mapping():
    claims = sample_claims()
    frame = to_frame({"first": claims[:1], "second": [], "third": claims})
    assert frame["doc_id"].tolist() == ["first", "third", "third", "third"]
    assert frame["claim_index"].tolist() == [0, 0, 1, 2]


def test_doc_id_for_one_article():
    assert to_frame(sample_claims(), doc_id="mine")["doc_id"].tolist() == ["mine"] * 3


def test_claim_lists_are_numbered_as_extract_numbers_them():
    claims = sample_claims()
    assert to_frame([claims[:1], [], claims[1:]])["doc_id"].tolist() == ["0", "2", "2"]


@pytest.mark.parametrize("empty", [[], {}, iter([]), [Result("x", [])], {"x": []}, [[], []]])
def test_empty_input_gives_an_empty_frame_with_the_same_columns(empty):
    frame = to_frame(empty)
    assert len(frame) == 0
    assert list(frame.columns) == EXPECTED_COLUMNS
    assert frame.dtypes.astype(str).to_dict() == EXPECTED_DTYPES


def test_empty_arrow_table_keeps_the_schema():
    table = to_arrow([])
    assert table.num_rows == 0
    assert table.schema == arrow_schema()


def _plain(arrow_type: pa.DataType) -> pa.DataType:
    return pa.string() if pa.types.is_large_string(arrow_type) else arrow_type


def test_to_arrow_schema_matches_the_frame():
    claims = sample_claims()
    table, frame = to_arrow(claims), to_frame(claims)
    assert table.schema.names == list(frame.columns)
    from_frame = pa.Table.from_pandas(frame, preserve_index=False).schema
    assert [_plain(field.type) for field in from_frame] == list(table.schema.types)
    assert table.num_rows == len(frame)
    assert table.to_pylist() == to_records(claims)


def test_arrow_nullability_is_declared():
    schema = arrow_schema()
    nullable = {field.name for field in schema if field.nullable}
    assert nullable == {"doc_id", "cue", "cue_lemma", "cue_stance", "speaker", "speaker_start", "speaker_end",
                        "speaker_name", "speaker_kind", "speaker_role", "speaker_confidence", "speaker_entity_id",
                        "speaker_gender", "speaker_gender_source", "source"}


def test_records_are_json_ready():
    records = to_records([Result("a", sample_claims())])
    assert json.loads(json.dumps(records)) == records
    assert records[1]["doc_id"] == "a"


def test_exported_from_the_package():
    assert claimkit.to_frame is to_frame
    assert claimkit.to_arrow is to_arrow
    assert claimkit.to_records is to_records


@pytest.mark.parametrize("bad", ["an article", sample_claims()[0], Result("a", []), 42,
                                 [sample_claims()[0], Result("a", [])], [Result("a", []), "text"], [["text"]]])
def test_other_inputs_are_a_type_error(bad):
    with pytest.raises(TypeError, match="list of Claim"):
        to_records(bad)


def test_import_error_names_the_extra_when_pandas_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # "import pandas" now raises ImportError
    with pytest.raises(ImportError, match=r"pandas.*pip install 'claimkit\[tables\]'"):
        to_frame(sample_claims())
    assert len(to_records(sample_claims())) == 3  # records need neither pandas nor pyarrow


def test_import_error_names_the_extra_when_pyarrow_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pyarrow.*pip install 'claimkit\[tables\]'"):
        to_arrow(sample_claims())


def test_a_real_batch():
    articles = [
        ("quote", "“The bridge will reopen in March,” Mayor Jane Doe said on Monday."),
        ("relay", "Reuters quoted Ivan Petrov, a local official, as saying the road was closed."),
        ("none", "The council met on Tuesday."),
    ]
    results = list(claimkit.extract_batch(articles))
    frame = to_frame(results)
    assert len(frame) == sum(len(r.claims) for r in results)
    assert "none" not in set(frame["doc_id"])
    relay = frame[frame["doc_id"] == "relay"].iloc[0]
    assert relay["via"] == "Reuters"
    assert relay["speaker_name"] == "Ivan Petrov"
    assert (frame["content_end"] > frame["content_start"]).all()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2 percent", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_spreadsheet_safe_neutralises_a_text_a_spreadsheet_would_run(value):
    from claimkit.tables import spreadsheet_safe

    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "", " =1", "'=1", "a=b", -5, -0.5, 0, True, None])
def test_spreadsheet_safe_keeps_other_text_and_every_number(value):
    from claimkit.tables import spreadsheet_safe

    assert spreadsheet_safe(value) is value


def test_records_and_arrow_keep_formula_like_text_raw():
    claims = sample_claims()
    rows = to_records(claims, doc_id="=cmd")
    assert {row["doc_id"] for row in rows} == {"=cmd"}
    assert set(to_arrow(claims, doc_id="=cmd").column("doc_id").to_pylist()) == {"=cmd"}
