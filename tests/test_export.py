"""Claims to plain data and back: records (lossless), the msgpack codec of Doc.user_data, the JSONL contract."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
import spacy
import srsly
from spacy.tokens import Doc, DocBin

from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.component import USER_DATA_KEY
from claimkit.export import (
    CLAIM_TAG,
    claim_from_stored,
    claim_to_json,
    claims_from_records,
    claims_to_records,
    decode_claim,
    document_line,
    encode_claim,
)

TEXT = (
    "“We will reopen the mine,” the company's chief executive, Lena Park, said, “but not this year.”\n\n"
    "A senior union official, who asked not to be named, told the Valley Post the talks had failed."
)

# The serialised claim of DESIGN.md ("Serialised form"), plus the two fields export.py adds:
# per-field confidences and the evidence (rule and flags).
DOCUMENTED_KEYS = {
    "kind", "content", "content_fragments", "cue", "speaker", "speaker_name", "speaker_kind",
    "speaker_role", "anonymous", "via", "confidence",
}
EXTRA_KEYS = {"confidences", "evidence", "speaker_entity_id", "speaker_gender", "speaker_gender_source"}
DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"


def cut(fragment: str, occurrence: int = 0) -> TextSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
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
        evidence=Evidence(rule="quote_cue_split", rules=("quote_cue_split", "quoted_words"), flags=(),
                          features=(("fragments", 2.0), ("rule_prior", 0.85))),
    )
    indirect = Claim(
        content=cut("the talks had failed"),
        fragments=(cut("the talks had failed"),),
        kind="indirect",
        cue=Cue(span=cut("told"), lemma="tell", stance="neutral"),
        speaker=Speaker(mention=cut("A senior union official"), kind="person", anonymous=True,
                        confidence=0.6),
        via=(Source(span=cut("the Valley Post"), name="Valley Post", confidence=0.7),),
        confidence=0.61,
        evidence=Evidence(rule="reported_clause", flags=("unresolved_speaker",)),
    )
    bare = Claim(content=cut("We will reopen the mine"), fragments=(cut("We will reopen the mine"),),
                 kind="direct", cue=None, speaker=None)
    return [direct, indirect, bare]


def test_records_round_trip_equal():
    claims = sample_claims()
    assert claims_from_records(claims_to_records(claims)) == claims


def test_records_round_trip_through_json():
    # Doc.user_data goes through msgpack in DocBin: tuples come back as lists.
    claims = sample_claims()
    records = json.loads(json.dumps(claims_to_records(claims)))
    assert claims_from_records(records) == claims


def test_records_are_plain_data():
    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool))

    assert all(plain(record) for record in claims_to_records(sample_claims()))


def test_empty_round_trip():
    assert claims_to_records([]) == []
    assert claims_from_records([]) == []


def doc_with_claims(claims: list[Claim]) -> Doc:
    """A blank Doc holding ``claims`` as the claimkit component stores them."""
    doc = spacy.blank("en")(TEXT)
    doc.user_data[USER_DATA_KEY] = {"claims": list(claims), "entities": []}
    return doc


@pytest.mark.parametrize("use_list", [True, False])  # DocBin reads user_data with use_list=False
def test_msgpack_carries_claim_objects(use_list):
    claims = sample_claims()
    data = srsly.msgpack_loads(srsly.msgpack_dumps({"claims": claims, "n": (1, 2)}), use_list=use_list)
    assert list(data["claims"]) == claims
    assert all(type(claim) is Claim for claim in data["claims"])


def test_encoded_claim_is_a_tagged_record():
    claim = sample_claims()[0]
    assert encode_claim(claim) == {CLAIM_TAG: claims_to_records([claim])[0]}
    assert decode_claim(encode_claim(claim)) == claim


def test_codec_passes_other_values_down_the_chain():
    assert encode_claim({1, 2}) == {1, 2}
    assert encode_claim({1, 2}, chain=sorted) == [1, 2]
    assert decode_claim({"start": 1}) == {"start": 1}
    assert decode_claim({"start": 1}, chain=lambda obj: "chained") == "chained"


def test_a_record_that_does_not_structure_is_left_for_the_reader_to_report():
    broken = {CLAIM_TAG: {"kind": "direct"}}
    assert decode_claim(broken) is broken  # the Doc around it still loads
    with pytest.raises(Exception):  # noqa: B017 - cattrs' ClassValidationError
        claim_from_stored(broken)


def test_claim_from_stored_takes_objects_and_both_record_forms():
    claims = sample_claims()
    records = claims_to_records(claims)
    tagged = json.loads(json.dumps([{CLAIM_TAG: record} for record in records]))
    assert [claim_from_stored(c) for c in claims] == claims
    assert all(claim_from_stored(c) is c for c in claims)
    assert [claim_from_stored(r) for r in tagged] == claims
    assert [claim_from_stored(r) for r in records] == claims  # plain records, as earlier claimkit stored


def test_doc_getter_returns_the_stored_objects_in_a_new_list():
    claims = sample_claims()
    doc = doc_with_claims(claims)
    got = doc._.claims
    assert got == claims and all(a is b for a, b in zip(got, claims, strict=True))
    got.clear()
    assert doc._.claims == claims


def test_doc_getter_reads_records_left_undecoded():
    doc = doc_with_claims([])
    doc.user_data[USER_DATA_KEY]["claims"] = [{CLAIM_TAG: r} for r in claims_to_records(sample_claims())]
    assert doc._.claims == sample_claims()


def test_docbin_and_pickle_keep_claim_objects():
    doc = doc_with_claims(sample_claims())
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    restored = next(DocBin().from_bytes(stored.to_bytes()).get_docs(doc.vocab))
    assert all(type(c) is Claim for c in restored.user_data[USER_DATA_KEY]["claims"])
    assert restored._.claims == sample_claims()
    assert Doc(doc.vocab).from_bytes(doc.to_bytes())._.claims == sample_claims()
    assert pickle.loads(pickle.dumps(doc))._.claims == sample_claims()


def test_a_process_that_imported_only_spacy_keeps_the_claims_until_claimkit_reads_them(tmp_path):
    # No claimkit code runs on `import spacy` (no msgpack entry points): there, a DocBin's
    # claims stay tagged records, nothing is lost, and claimkit turns them back into Claims
    # once it is imported; a Doc unpickled there can then be written to a DocBin again.
    stored = DocBin(store_user_data=True)
    stored.add(doc_with_claims(sample_claims()))
    (tmp_path / "docs.spacy").write_bytes(stored.to_bytes())
    (tmp_path / "doc.pickle").write_bytes(pickle.dumps(doc_with_claims(sample_claims()[:1])))
    script = f"""
import json, pickle, sys
from spacy.tokens import DocBin
from spacy.vocab import Vocab  # not spacy.blank: its factory lookup imports claimkit.component (entry points)
folder = {str(tmp_path)!r}
vocab = Vocab()
doc = next(DocBin().from_disk(folder + "/docs.spacy").get_docs(vocab))
assert not any(name.startswith("claimkit") for name in sys.modules), sorted(sys.modules)
assert all(isinstance(c, dict) for c in doc.user_data["claimkit"]["claims"])
import claimkit.component
claims = doc._.claims
unpickled = pickle.load(open(folder + "/doc.pickle", "rb"))
again = DocBin(store_user_data=True)
again.add(unpickled)
claims += next(DocBin().from_bytes(again.to_bytes()).get_docs(vocab))._.claims
assert all(type(c).__module__ == "claimkit.claims" and type(c).__name__ == "Claim" for c in claims), claims
from claimkit.export import claim_to_json
print(json.dumps([claim_to_json(c) for c in claims]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    claims = [*sample_claims(), sample_claims()[0]]
    assert json.loads(done.stdout) == [claim_to_json(c) for c in claims]


def test_claim_to_json_has_exactly_the_documented_keys():
    for claim in sample_claims():
        assert set(claim_to_json(claim)) == DOCUMENTED_KEYS | EXTRA_KEYS


def _span_dicts(value: object):
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys():
            yield value
        for item in value.values():
            yield from _span_dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _span_dicts(item)


def test_every_span_dict_matches_the_text():
    spans = [span for claim in sample_claims() for span in _span_dicts(claim_to_json(claim))]
    assert len(spans) >= 10
    for span in spans:
        assert TEXT[span["start"] : span["end"]] == span["text"]


def test_claim_to_json_fields():
    direct, indirect, bare = (claim_to_json(c) for c in sample_claims())
    assert direct["kind"] == "direct"
    fragments = [f["text"] for f in direct["content_fragments"]]
    assert fragments == ["We will reopen the mine", "but not this year"]
    assert direct["cue"] == {**direct["cue"], "text": "said", "lemma": "say", "stance": "neutral"}
    assert direct["speaker_name"] == "Lena Park"
    assert direct["speaker_kind"] == "person"
    assert direct["speaker_role"] == "chief executive"
    assert direct["anonymous"] is False
    assert direct["via"] == []
    assert indirect["anonymous"] is True
    assert indirect["speaker_name"] is None
    outlet = TEXT.index("the Valley Post")
    assert indirect["via"] == [{"start": outlet, "end": outlet + 15, "text": "the Valley Post",
                                "name": "Valley Post"}]
    assert indirect["evidence"] == {"rule": "reported_clause", "rules": [], "flags": ["unresolved_speaker"]}
    assert direct["evidence"]["rules"] == ["quote_cue_split", "quoted_words"]
    assert bare["cue"] is None and bare["speaker"] is None and bare["speaker_name"] is None
    assert bare["anonymous"] is False


def test_claim_to_json_is_json_serialisable():
    for claim in sample_claims():
        line = claim_to_json(claim)
        assert json.loads(json.dumps(line, ensure_ascii=False)) == line


def test_speaker_without_mention_serialises_to_null_span():
    claim = attrs.evolve(sample_claims()[0], speaker=Speaker(mention=None, name="Mining Board"))
    line = claim_to_json(claim)
    assert line["speaker"] is None
    assert line["speaker_name"] == "Mining Board"


def test_document_line():
    claims = sample_claims()
    line = document_line("article-7", claims)
    assert line == {"doc_id": "article-7", "claims": [claim_to_json(c) for c in claims]}
    assert "error" not in line


def test_document_line_with_error():
    line = document_line("article-8", [], error="ValueError: boom")
    assert line == {"doc_id": "article-8", "claims": [], "error": "ValueError: boom"}
    assert json.loads(json.dumps(line)) == line


@pytest.mark.skipif(not DESIGN.is_file(), reason="../shared/DESIGN.md is not beside the repository")
def test_design_serialised_form_keys_are_all_emitted():
    design = DESIGN.read_text(encoding="utf-8")
    block = re.search(r"## Serialised form.*?```json\n(.*?)```", design, re.S)
    assert block, "DESIGN.md has no serialised-form JSON block"
    documented = set(re.findall(r'"(\w+)":', block.group(1)))

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    emitted = {k for claim in sample_claims() for k in keys(claim_to_json(claim))}
    assert documented <= emitted
    top_level = set(claim_to_json(sample_claims()[0]))
    assert top_level & documented == DOCUMENTED_KEYS


def test_reference_scorer_reads_our_lines(reference_scorer):
    # Our own output scored as gold against itself must be perfect on every field the scorer reads.
    line = document_line("mine", sample_claims())
    gold = {"mine": {**line, "text": TEXT}}
    result = reference_scorer.score(gold, {"mine": json.loads(json.dumps(line))})
    for metric in ("content", "content_exact", "attribution", "via"):
        assert result[metric]["f1"] == 1.0, (metric, result[metric])
    assert result["speaker_name"] == 1.0
    assert result["cue"] == 1.0
