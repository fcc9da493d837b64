"""claimkit.evaluate: each metric on small invented examples, and agreement with score.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimkit.cli import app
from claimkit.evaluate import (
    QUOTE_MARKS,
    content_offsets,
    format_table,
    load_jsonl,
    match_claims,
    names_agree,
    normalize_name,
    score,
    spans_overlap,
)

# An invented article; every span below is cut from it by its words, not by hand-counted offsets.
TEXT = (
    'Mayor Lena Ortiz said the harbour bridge would reopen in May. '
    '"We are on schedule and under budget," she told reporters on Tuesday.\n\n'
    'The union disputed that, according to a statement relayed by Kestrel News.'
)


def span(piece: str, text: str = TEXT, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return {"start": start, "end": start + len(piece), "text": piece}


def claim(content: str | None, speaker: str | None = None, name: str | None = None, cue: str | None = None,
          **extra: Any) -> dict[str, Any]:
    return {
        "content": span(content) if content else None,
        "speaker": span(speaker) if speaker else None,
        "speaker_name": name,
        "cue": span(cue) if cue else None,
        **extra,
    }


def gold_of(*claims: dict[str, Any], doc_id: str = "a1", text: str = TEXT) -> dict[str, dict[str, Any]]:
    return {doc_id: {"doc_id": doc_id, "text": text, "claims": list(claims)}}


def pred_of(*claims: dict[str, Any], doc_id: str = "a1") -> dict[str, dict[str, Any]]:
    return {doc_id: {"doc_id": doc_id, "claims": list(claims)}}


BRIDGE = "the harbour bridge would reopen in May"
SCHEDULE = '"We are on schedule and under budget,"'
DISPUTE = "The union disputed that"


# --- content matching --------------------------------------------------------------------

def test_identical_contents_match_fully() -> None:
    result = score(gold_of(claim(BRIDGE)), pred_of(claim(BRIDGE)))
    assert result["docs"] == 1
    assert result["content"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "pred": 1, "gold": 1}
    assert result["content_exact"]["tp"] == 1


def test_quotation_marks_and_spaces_are_left_out_of_the_overlap() -> None:
    # Gold includes the quotation marks, the prediction does not: still the same characters.
    inner = SCHEDULE.strip('",')
    assert content_offsets(TEXT, claim(SCHEDULE)) - content_offsets(TEXT, claim(inner)) == {
        span(SCHEDULE)["end"] - 2}  # only the comma differs
    result = score(gold_of(claim(SCHEDULE)), pred_of(claim(inner)))
    assert result["content_exact"]["tp"] == 1


def test_no_character_of_a_quote_mark_counts() -> None:
    text = "\u201c \u00ab\u2039'`\u00b4\u201e \u201d"
    assert content_offsets(text, {"content": {"start": 0, "end": len(text)}}) == set()
    assert {'"', "\u2018", "\u2019", "\u201f", "\u00bb", "\u203a"} <= QUOTE_MARKS


def test_partial_overlap_counts_for_content_but_not_exact() -> None:
    # 22 of the clause's 32 characters: Jaccard 0.69, between 0.5 and 0.9.
    result = score(gold_of(claim(BRIDGE)), pred_of(claim("bridge would reopen in May")))
    assert result["content"]["tp"] == 1
    assert result["content_exact"]["tp"] == 0


def test_overlap_below_half_is_no_match() -> None:
    result = score(gold_of(claim(BRIDGE)), pred_of(claim("in May")))
    assert result["content"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 1, "gold": 1}


def test_matching_is_one_to_one_best_overlap_first() -> None:
    golds = [claim(BRIDGE)]
    preds = [claim("bridge would reopen in May"), claim(BRIDGE)]
    assert match_claims(TEXT, golds, preds) == [(1, 0)]
    result = score(gold_of(*golds), pred_of(*preds))
    assert result["content"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "pred": 2, "gold": 1}


def test_content_fragments_are_used_when_present() -> None:
    first, second = span("We are on schedule"), span("under budget")
    gold = {"content": {"start": first["start"], "end": second["end"]}, "content_fragments": [first, second],
            "speaker": None, "speaker_name": None}
    # The prediction without the words between the fragments ("and") matches exactly.
    pred = {"content": first, "content_fragments": [first, second]}
    assert score(gold_of(gold), pred_of(pred))["content_exact"]["tp"] == 1
    assert content_offsets(TEXT, {"content": {"spans": [first, second]}}) == content_offsets(TEXT, pred)


def test_no_predictions_at_all() -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz", "said"))
    for pred in ({}, pred_of(), {"a1": {"doc_id": "a1", "claims": None}}):
        result = score(gold, pred)
        assert result["content"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 1}
        assert result["attribution"]["f1"] == 0.0
        assert result["speaker_name"] is None  # nothing matched, nothing to measure
        assert result["cue"] is None
        assert result["via"] is None
        assert "calibration" not in result


def test_no_gold_claims() -> None:
    result = score(gold_of(), pred_of(claim(BRIDGE)))
    assert result["content"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 1, "gold": 0}


def test_empty_or_missing_content_matches_nothing_but_is_counted() -> None:
    empty = [claim(None), {"content": {}}, {"content": {"start": 5, "end": 5}}, {"content": {"start": 3}},
             {"content": span("  ", text="a  b"), "speaker": None}]
    assert all(content_offsets(TEXT, c) == set() for c in empty[:4])
    assert content_offsets("a  b", empty[4]) == set()
    result = score(gold_of(claim(BRIDGE)), pred_of(*empty[:4]))
    assert result["content"]["tp"] == 0
    assert result["content"]["pred"] == 4
    # A gold claim with no content cannot be found either.
    assert score(gold_of(claim(None)), pred_of(claim(BRIDGE)))["content"]["tp"] == 0


def test_documents_are_micro_averaged_and_unknown_predictions_ignored() -> None:
    gold = {**gold_of(claim(BRIDGE), doc_id="a1"), **gold_of(claim(DISPUTE), claim(BRIDGE), doc_id="a2")}
    pred = {**pred_of(claim(BRIDGE), doc_id="a1"), **pred_of(claim(DISPUTE), doc_id="zz")}
    result = score(gold, pred)
    assert result["docs"] == 2
    assert result["content"] == {"p": 1.0, "r": 0.3333, "f1": 0.5, "tp": 1, "pred": 1, "gold": 3}


def test_spans_overlap_is_end_exclusive() -> None:
    assert spans_overlap({"start": 0, "end": 5}, {"start": 4, "end": 9})
    assert not spans_overlap({"start": 0, "end": 5}, {"start": 5, "end": 9})
    assert not spans_overlap(None, {"start": 0, "end": 5})
    assert not spans_overlap({}, {"start": 0, "end": 5})


# --- names ---------------------------------------------------------------------------------

def test_normalize_name_folds_accents_punctuation_and_titles() -> None:
    assert normalize_name("Dr. Zoë Ng-Halloran") == ["zoe", "ng", "halloran"]
    assert normalize_name("the President") == []
    assert normalize_name("Minister's office") == ["office"]
    assert normalize_name(None) == []


@pytest.mark.parametrize(("a", "b"), [
    ("Ortiz", "Lena Ortiz"),                # surname alone: a subset
    ("Mayor Lena Ortiz", "Lena Ortiz"),     # the longer one holds all tokens of the other
    ("Ms. Ortiz", "Lena Ortiz"),            # titles dropped
    ("Lena Ortis", "Lena Ortiz"),           # misspelt surname, same initial
    ("L. Ortiz", "Lena Ortiz"),             # initial only
    ("Ortís", "Lena Ortiz"),                # single token, close and accented
    ("Jon Smithson", "John Smithsen"),      # close surnames, same initial
    ("Katherine Smith", "Catherine Smith"),  # initials differ, close as a whole
])
def test_names_agree(a: str, b: str) -> None:
    assert names_agree(a, b)
    assert names_agree(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Paul Ortiz", "Lena Ortiz"),           # same surname, different first name
    ("Lena Ortiz", "Lena Marsh"),
    ("Kestrel News", "Lena Ortiz"),
    ("", "Lena Ortiz"),
    (None, "Lena Ortiz"),
    ("Mr.", "Mr."),                         # nothing left after the titles
])
def test_names_disagree(a: str | None, b: str | None) -> None:
    assert not names_agree(a, b)


# --- attribution, speaker names, cues --------------------------------------------------------

def test_attribution_by_overlapping_speaker_span() -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz"))
    result = score(gold, pred_of(claim(BRIDGE, "Lena Ortiz")))  # no name predicted: the span decides
    assert result["attribution"]["tp"] == 1
    assert result["speaker_name"] == 0.0


def test_attribution_by_name_when_spans_differ() -> None:
    gold = gold_of(claim(SCHEDULE, "she", "Lena Ortiz"))
    # The prediction points at the earlier mention but resolves the same person by surname.
    result = score(gold, pred_of(claim(SCHEDULE, "Mayor Lena Ortiz", "Ortiz")))
    assert result["attribution"]["tp"] == 1
    assert result["speaker_name"] == 1.0
    # A wrong span with a wrong name is wrong.
    wrong = score(gold, pred_of(claim(SCHEDULE, "reporters", "Paul Ortiz")))
    assert wrong["content"]["tp"] == 1
    assert wrong["attribution"]["tp"] == 0
    assert wrong["speaker_name"] == 0.0


def test_attribution_with_fuzzy_name() -> None:
    gold = gold_of(claim(SCHEDULE, "she", "Lena Ortiz"))
    result = score(gold, pred_of(claim(SCHEDULE, None, "Lena Ortis")))
    assert result["attribution"]["tp"] == 1
    assert result["speaker_name"] == 1.0


def test_name_on_a_nested_speaker_counts() -> None:
    gold = gold_of(claim(SCHEDULE, "she", "Lena Ortiz"))
    nested = {"content": span(SCHEDULE), "speaker": {"mention": span("reporters"), "name": "Lena Ortiz"}}
    result = score(gold, pred_of(nested))
    assert result["attribution"]["tp"] == 1
    assert result["speaker_name"] == 1.0
    # The nested mention is a span too.
    on_span = {"content": span(SCHEDULE), "speaker": {"mention": span("she")}}
    assert score(gold, pred_of(on_span))["attribution"]["tp"] == 1


def test_gold_without_speaker_wants_none_predicted() -> None:
    gold = gold_of(claim(DISPUTE))
    assert score(gold, pred_of(claim(DISPUTE)))["attribution"]["tp"] == 1
    assert score(gold, pred_of(claim(DISPUTE, "The union")))["attribution"]["tp"] == 0
    assert score(gold, pred_of(claim(DISPUTE, None, "Kestrel News")))["attribution"]["tp"] == 0


def test_gold_name_without_span_needs_the_name() -> None:
    gold = gold_of(claim(BRIDGE, None, "Lena Ortiz"))
    assert score(gold, pred_of(claim(BRIDGE, "Mayor Lena Ortiz")))["attribution"]["tp"] == 0
    assert score(gold, pred_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz")))["attribution"]["tp"] == 1


def test_speaker_name_counts_only_matched_claims_with_a_gold_name() -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz"), claim(DISPUTE, "The union"),
                   claim(SCHEDULE, "she", "Lena Ortiz"))
    pred = pred_of(claim(BRIDGE, None, "Ortiz"), claim(DISPUTE, None, "Kestrel News"))  # SCHEDULE missed
    result = score(gold, pred)
    assert result["speaker_name"] == 1.0  # one claim measured, the union's has no name
    assert result["attribution"]["tp"] == 1


def test_cue_accuracy() -> None:
    gold = gold_of(claim(BRIDGE, cue="said"), claim(SCHEDULE, cue="told"), claim(DISPUTE))
    pred = pred_of(claim(BRIDGE, cue="said"), claim(SCHEDULE, cue="reopen"),
                   claim(DISPUTE, cue="according to"))
    assert score(gold, pred)["cue"] == 0.5  # the third gold claim has no cue: not measured
    assert score(gold, pred_of(claim(BRIDGE), claim(SCHEDULE)))["cue"] == 0.0


# --- relays, kinds, calibration ------------------------------------------------------------

def test_via_is_absent_without_gold_relays() -> None:
    result = score(gold_of(claim(DISPUTE)), pred_of(claim(DISPUTE, via=[{"name": "Kestrel News"}])))
    assert result["via"] is None


def test_via_chains() -> None:
    gold = gold_of(
        claim(DISPUTE, "The union", via=[{"name": "Kestrel News"}]),
        claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz", via=[{"name": "Kestrel News"}, {"name": "Ana Ruiz"}]),
        claim(SCHEDULE, "she", "Lena Ortiz"),
    )
    pred = pred_of(
        claim(DISPUTE, "The union", via=[{"name": "the Kestrel News", "start": 0, "end": 3}]),  # agrees
        claim(BRIDGE, "Mayor Lena Ortiz", via=[{"text": "Kestrel News"}]),  # Ana Ruiz missing
        claim(SCHEDULE, "she", via=[{"name": "Kestrel"}]),  # a relay where gold has none
    )
    assert score(gold, pred)["via"] == {"p": 0.3333, "r": 0.5, "f1": 0.4, "tp": 1, "pred": 3, "gold": 2}


def test_via_read_from_sources_and_nested_mentions() -> None:
    gold = gold_of(claim(DISPUTE, "The union", via=[{"name": "Kestrel News"}]))
    pred = pred_of({"content": span(DISPUTE), "sources": [{"mention": span("Kestrel News")}]})
    assert score(gold, pred)["via"]["tp"] == 1


def test_recall_by_kind() -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", kind="indirect"), claim(SCHEDULE, "she", kind="direct"),
                   claim(DISPUTE, "The union"))
    pred = pred_of(claim(BRIDGE, "Lena Ortiz"), claim(SCHEDULE, "reporters"), claim(DISPUTE, "union"))
    result = score(gold, pred, by_kind=True)
    assert result["attribution_recall_by_kind"] == {"?": 1.0, "direct": 0.0, "indirect": 1.0}
    assert "attribution_recall_by_kind" not in score(gold, pred)


def test_calibration_ece_and_brier() -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz"), claim(SCHEDULE, "she"), claim(DISPUTE, "The union"))
    pred = pred_of(
        claim(BRIDGE, "Lena Ortiz", confidence=0.9),       # right, bin 9
        claim(SCHEDULE, "reporters", confidence=0.2),      # wrong, bin 2
        claim(DISPUTE, "The union", confidence=1.0),       # right, 1.0 falls in the top bin
        claim("in May", confidence=0.25),                  # unmatched: wrong, bin 2
        claim("on Tuesday", confidence="high"),            # not numeric: not counted
    )
    result = score(gold, pred)["calibration"]
    # bin 9: mean 0.95, accuracy 1 -> 0.05 * 2; bin 2: mean 0.225, accuracy 0 -> 0.225 * 2
    assert result["n"] == 4
    assert result["ece"] == pytest.approx((0.05 * 2 + 0.225 * 2) / 4, abs=1e-4)
    assert result["brier"] == pytest.approx((0.01 + 0.04 + 0.0 + 0.0625) / 4, abs=1e-4)


# --- files and presentation ----------------------------------------------------------------

def test_load_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": "a", "claims": [], "v": 1}\n\n{"doc_id": "b", "claims": []}\n'
                    '{"doc_id": "a", "claims": [], "v": 2}\n', encoding="utf-8")
    lines = load_jsonl(path)
    assert list(lines) == ["a", "b"]
    assert lines["a"]["v"] == 2
    path.write_text('{"doc_id": "a"}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:2"):
        load_jsonl(path)


def test_format_table_lists_every_metric_present() -> None:
    relays = [{"name": "Kestrel News"}]
    gold = gold_of(claim(DISPUTE, "The union", None, "disputed", via=relays, kind="indirect"))
    pred = pred_of(claim(DISPUTE, "The union", None, "disputed", via=relays, confidence=0.8))
    table = format_table(score(gold, pred, by_kind=True))
    for label in ("content ", "content_exact", "attribution", "via (relays)", "cue", "calibration",
                  "recall by kind", "indirect 1.000", "(1 documents)"):
        assert label in table
    assert "speaker_name" not in table  # no gold names: not shown
    assert "via" not in format_table(score(gold_of(claim(BRIDGE)), pred_of(claim(BRIDGE))))


# --- command line --------------------------------------------------------------------------

def _write_jsonl(path: Path, lines: dict[str, dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines.values()), encoding="utf-8")
    return path


def test_cli_evaluate_with_predictions(tmp_path: Path) -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz", "said", kind="indirect"))
    pred = pred_of(claim(BRIDGE, "Lena Ortiz", "Lena Ortiz", "said", confidence=0.7))
    gold_path, pred_path = _write_jsonl(tmp_path / "g.jsonl", gold), _write_jsonl(tmp_path / "p.jsonl", pred)
    runner = CliRunner()
    as_json = runner.invoke(app, ["evaluate", str(gold_path), str(pred_path), "--json", "--by-kind"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == score(gold, pred, by_kind=True)
    table = runner.invoke(app, ["evaluate", str(gold_path), str(pred_path)])
    assert table.exit_code == 0
    assert table.stdout.strip() == format_table(score(gold, pred))


def test_cli_evaluate_reports_unreadable_files(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x", "claims": []}\n', encoding="utf-8")  # no text
    result = runner.invoke(app, ["evaluate", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "without text or claims" in result.output


@pytest.mark.e2e
def test_cli_evaluate_extracts_when_no_predictions_are_given(tmp_path: Path) -> None:
    gold = gold_of(claim(BRIDGE, "Mayor Lena Ortiz", "Lena Ortiz", "said"))
    result = CliRunner().invoke(app, ["evaluate", str(_write_jsonl(tmp_path / "g.jsonl", gold)), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 1
    assert scores["content"]["gold"] == 1
    assert scores["content"]["pred"] >= 1


# --- agreement with the reference scorer -----------------------------------------------------

def test_quote_marks_are_the_reference_ones(reference_scorer: Any) -> None:
    assert set(QUOTE_MARKS) == set(reference_scorer.QUOTES)


# Whole seeds and ggt; the first 40 PolNeAR articles keep the run short.
AGREEMENT_SETS = [("seeds.dev", None), ("ggt.dev", None), ("polnear.dev", 40)]


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "limit"), AGREEMENT_SETS, ids=[n for n, _ in AGREEMENT_SETS])
def test_agrees_with_reference_scorer_on_dev_sets(name: str, limit: int | None, dev_sets: Any,
                                                  reference_scorer: Any, tmp_path: Path) -> None:
    gold = dev_sets.gold(name, limit)
    pred_path = _write_jsonl(tmp_path / f"{name}.pred.jsonl", dev_sets.predictions(name, limit))
    gold_path = _write_jsonl(tmp_path / f"{name}.gold.jsonl", gold)
    # Both readers see the same files; then both scorers the same data.
    assert load_jsonl(gold_path) == reference_scorer.load(gold_path) == gold
    ours_pred, ref_pred = load_jsonl(pred_path), reference_scorer.load(pred_path)
    assert ours_pred == ref_pred
    for by_kind in (False, True):
        ours = score(gold, ours_pred, by_kind=by_kind)
        reference = reference_scorer.score(gold, ref_pred, by_kind=by_kind)
        assert ours == reference, f"{name}: claimkit.evaluate and score.py disagree (by_kind={by_kind})"
    assert "calibration" in ours  # claimkit's predictions carry confidences
    # An empty prediction file too.
    assert score(gold, {}) == reference_scorer.score(gold, {})


# Random small documents: every field the scorer reads, in every form it accepts.
_offsets = st.integers(min_value=-2, max_value=45)
_spans = st.builds(lambda s, n: {"start": s, "end": s + n}, _offsets, st.integers(min_value=0, max_value=25))
_maybe_span = st.one_of(st.none(), _spans, _spans.map(lambda s: {"mention": s}))
_NAMES = ["Lena Ortiz", "Ortiz", "L. Ortis", "Mr. Paul Ortiz", "Kestrel News", "the Kestrel", "Zoë Ng",
          "Zoe Ng", "", "Dr."]
_names = st.one_of(st.none(), st.sampled_from(_NAMES))
_relays = st.lists(st.one_of(st.builds(lambda n: {"name": n}, _names),
                             st.builds(lambda s: {"mention": s}, _spans)), max_size=2)


def _claims(with_fragments: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"content": st.one_of(_spans, st.none(), st.lists(_spans, max_size=2))},
        optional={
            "content_fragments": st.lists(_spans, max_size=2) if with_fragments else st.just([]),
            "speaker": _maybe_span,
            "speaker_name": _names,
            "cue": _maybe_span,
            "via": _relays,
            "kind": st.sampled_from(["direct", "indirect", "mixed"]),
            "confidence": st.one_of(st.floats(min_value=0.0, max_value=1.0), st.none()),
        },
    )


_texts = st.text(alphabet="ab \u201c\u201d\"'\n", min_size=0, max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_texts, min_size=1, max_size=3), data=st.data(), by_kind=st.booleans())
def test_agrees_with_reference_scorer_on_random_data(texts: list[str], data: st.DataObject, by_kind: bool,
                                                     reference_scorer: Any) -> None:
    gold, pred = {}, {}
    for number, text in enumerate(texts):
        doc_id = f"d{number}"
        gold_claims = data.draw(st.lists(_claims(True), max_size=3))
        for c in gold_claims:  # the reference reads gold speakers and cues only in the flat form
            for key in ("speaker", "cue"):
                if isinstance(c.get(key), dict) and "mention" in c[key]:
                    c[key] = c[key]["mention"]
        gold[doc_id] = {"doc_id": doc_id, "text": text, "claims": gold_claims}
        pred[doc_id] = {"doc_id": doc_id, "claims": data.draw(st.lists(_claims(False), max_size=3))}
    assert score(gold, pred, by_kind=by_kind) == reference_scorer.score(gold, pred, by_kind=by_kind)
