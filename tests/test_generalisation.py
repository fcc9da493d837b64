"""Generalisation check (issue 15): invented articles in styles the dev files lack.

``tests/generalisation/articles.jsonl`` holds twelve articles written for this check (wire copy,
live blog, court report, sports, earnings, interview excerpts, press release, translated
ministry statement, war report, council, health study, books), each with its gold claims by
the annotation guide. The articles are never edited to make a rule pass; see the README there.

Two kinds of test:

* the gold file itself (no model): offsets, unique ids, at least 12 articles, every error
  class of issue 15 covered by at least two articles, every gold name a proper name;
* the scores (``e2e``, loads the model): claimkit's predictions on the articles, scored with
  :func:`claimkit.evaluate.score`, must not fall below the floors in
  ``tests/generalisation/floors.json`` (the "before" scores minus 0.02).

Nothing here reads ``../shared``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimkit.evaluate import extract_predictions, load_jsonl, score

HERE = Path(__file__).with_name("generalisation")
GOLD_FILE = HERE / "articles.jsonl"
# Written after the issue-15 fixes and never used to tune them: a held-out check (README there).
FRESH_FILE = HERE / "fresh.jsonl"
GOLD_FILES = [GOLD_FILE, FRESH_FILE]
FLOORS = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))

#: The error classes of issue 15; each must be covered by at least two articles.
CLASSES = {
    "pronoun": "a pronoun speaker, with another person named nearby",
    "description": "a description ('a county court judge') named later in the article",
    "document": "a document speaker ('the ruling', 'the report', 'his letter') named after its issuer",
    "acronym": "an acronym speaker or relay and the full name the article spells out",
    "continuation": "bare quoted paragraphs after a split quote or a quote that closes a paragraph",
    "non-speaker": "headline fragments, book or comic titles, inanimate noun phrases near quotes",
    "spurious": "negated cues ('did not say whether') and 'I said' / 'you say' inside quotes: no claim",
    "lost-claims": "all-caps labels opening a paragraph, 'Still, X said' sentences",
    "relays": "outlet in apposition, a relay holding for an interview, 'told the X news agency', 'released by'",
    "names": "titles and descriptors off the name; a later surname takes the full name",
}
KINDS = {"direct", "indirect", "mixed"}
SPEAKER_KINDS = {"person", "organization", "group", "document"}
PARTICLES = {"de", "da", "del", "der", "di", "du", "van", "von", "bin", "al", "el", "la", "le", "ibn", "and", "of",
             "for"}


def _raw_lines(path: Path = GOLD_FILE) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(raw) for raw in handle if raw.strip()]


def _is_proper_name(name: str) -> bool:
    """The reference scorer's test for a proper name (its ``--proper-names`` option)."""
    words = name.split()
    if not words or words[0].lower() in {"a", "an", "the", "some", "one", "two", "three", "several", "many"}:
        return False
    return all(not w[0].isalpha() or w[0].isupper() or w.lower() in PARTICLES for w in words)


def _spans(claim: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = [("content", claim["content"])]
    out += [("content_fragments", f) for f in claim.get("content_fragments") or []]
    out += [(key, claim[key]) for key in ("cue", "speaker") if claim.get(key)]
    out += [("via", v) for v in claim.get("via") or []]
    return out


# --- the gold file ---------------------------------------------------------------------------

def test_gold_has_at_least_twelve_articles_with_unique_ids() -> None:
    ids = [line["doc_id"] for line in _raw_lines()]
    assert len(ids) >= 12
    assert len(ids) == len(set(ids)), f"repeated doc_id(s): {sorted({i for i in ids if ids.count(i) > 1})}"
    assert len(load_jsonl(GOLD_FILE)) == len(ids)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_span_text_matches_its_offsets(path: Path) -> None:
    for line in _raw_lines(path):
        text = line["text"]
        assert line["claims"], f"{line['doc_id']}: no claims"
        for n, claim in enumerate(line["claims"]):
            for field, span in _spans(claim):
                where = f"{line['doc_id']} claim {n} {field}"
                assert 0 <= span["start"] < span["end"] <= len(text), f"{where}: bad offsets {span}"
                assert text[span["start"]:span["end"]] == span["text"], f"{where}: {span['text']!r} not at its offsets"
                assert span["text"] == span["text"].strip(), f"{where}: untrimmed {span['text']!r}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_claim_fields_follow_the_guide(path: Path) -> None:
    for line in _raw_lines(path):
        for n, claim in enumerate(line["claims"]):
            where = f"{line['doc_id']} claim {n}"
            assert claim["kind"] in KINDS, where
            assert claim["speaker_kind"] in SPEAKER_KINDS, where
            content = claim["content"]
            for fragment in claim.get("content_fragments") or []:
                assert content["start"] <= fragment["start"] < fragment["end"] <= content["end"], where
            for relay in claim.get("via") or []:
                assert relay.get("name"), f"{where}: a relay without a name"
            if claim["speaker_name"]:
                # So claimkit's speaker_name share is the proper-name agreement of issue 15.
                name = claim["speaker_name"]
                assert _is_proper_name(name), f"{where}: {name!r} is not a proper name"
                assert not claim["anonymous"], f"{where}: a named speaker marked anonymous"
            if claim["cue"] is None:
                assert claim["kind"] == "direct", f"{where}: only continuation quotes go without a cue"


def test_articles_are_of_the_agreed_length_and_cover_every_class_twice() -> None:
    lines = _raw_lines()
    for line in lines:
        words = len(line["text"].split())
        assert 200 <= words <= 450, f"{line['doc_id']}: {words} words"
        assert set(line["covers"]) <= set(CLASSES), f"{line['doc_id']}: unknown class in {line['covers']}"
    for name in CLASSES:
        covering = [line["doc_id"] for line in lines if name in line["covers"]]
        assert len(covering) >= 2, f"class {name!r} is covered by {covering} only"
    assert len({line["style"] for line in lines}) == len(lines), "one style per article"


def test_floors_file_is_well_formed() -> None:
    assert FLOORS.get("comment")
    assert set(FLOORS["floors"]) == set(FLOORS["measured"])
    for metric, floor in FLOORS["floors"].items():
        measured = FLOORS["measured"][metric]
        assert 0.0 <= floor <= measured <= 1.0, metric
        assert measured - floor <= 0.0201, f"{metric}: floor is more than 0.02 under the measured score"


# --- the scores ------------------------------------------------------------------------------

def _metric(result: dict[str, Any], path: str) -> float | None:
    if path == "speaker_name_proper" and result.get(path) is None:
        # Every gold name here is a proper name (checked above), so the two shares coincide.
        path = "speaker_name"
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return float(value)


def _scores(nlp: Any, path: Path) -> dict[str, Any]:
    gold = load_jsonl(path)
    predicted = extract_predictions(((doc_id, line["text"]) for doc_id, line in gold.items()), nlp=nlp)
    failed = {doc_id: line["error"] for doc_id, line in predicted.items() if line.get("error")}
    assert not failed, f"articles failed to extract: {failed}"
    return score(gold, predicted)


@pytest.fixture(scope="module")
def generalisation_scores(nlp: Any) -> dict[str, Any]:
    return _scores(nlp, GOLD_FILE)


@pytest.fixture(scope="module")
def fresh_scores(nlp: Any) -> dict[str, Any]:
    return _scores(nlp, FRESH_FILE)


@pytest.mark.e2e
@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS["fresh"]["floors"].items()))
def test_fresh_set_not_below_floor(metric: str, floor: float, fresh_scores: dict[str, Any]) -> None:
    """The held-out articles: a regression guard only; their scores are reported, never tuned on."""
    value = _metric(fresh_scores, metric)
    assert value is not None and value >= floor, f"fresh set: {metric} = {value} is below its floor {floor:.4f}"


@pytest.mark.e2e
@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS["floors"].items()))
def test_score_not_below_floor(metric: str, floor: float, generalisation_scores: dict[str, Any]) -> None:
    value = _metric(generalisation_scores, metric)
    assert value is not None, f"{metric} was not measured; floor {floor:.4f}"
    assert value >= floor, (
        f"generalisation set: {metric} = {value:.4f} is below its floor {floor:.4f} (by {floor - value:.4f}); "
        "a change made claimkit worse on articles it was not written for")


@pytest.mark.e2e
def test_issue_15_targets(generalisation_scores: dict[str, Any]) -> None:
    """Issue 15's targets on this set: proper-name agreement >= 0.95, via F1 >= 0.85 (reached
    on 2026-12-03; the floors keep each score within 0.02 of its last measure)."""
    targets = {k: v for k, v in FLOORS["targets"].items() if k != "comment"}
    misses = {metric: (_metric(generalisation_scores, metric), target) for metric, target in targets.items()
              if (_metric(generalisation_scores, metric) or 0.0) < target}
    assert not misses, f"below the issue-15 targets (value, target): {misses}"
