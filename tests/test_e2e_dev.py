"""End-to-end checks on the real articles in ../shared (skipped when it is absent).

Model-dependent expectations live here, in a few reviewed tests: the entity table of the
seed articles, and "nothing raises, every offset is exact" on every dev article.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import claimkit


def _seed(dev_sets: Any, needle: str) -> str:
    texts = [line["text"] for line in dev_sets.gold("seeds.dev").values() if needle in line["text"]]
    assert texts, f"no seed article mentions {needle!r}"
    return texts[0]


def test_zelensky_spellings_merge_into_one_entity(dev_sets):
    text = _seed(dev_sets, "Zelenskiy")
    entries = [e for e in claimkit.speakers(text, all_entities=True) if "Zelensk" in e.name]
    assert len(entries) == 1, entries
    assert {"Zelenskiy", "Zelenskyy"} <= {alias.split()[-1] for alias in entries[0].aliases}


def test_peskovs_he_said_resolves_to_peskov(dev_sets):
    text = _seed(dev_sets, "Peskov")
    pronoun_claims = [c for c in claimkit.extract(text) if c.speaker and c.speaker.mention
                      and c.speaker.mention.text == "he" and "course of events" in c.content.text]
    assert [c.speaker_name for c in pronoun_claims] == ["Dmitry Peskov"]


def test_tass_relays_kiselyov(dev_sets):
    text = _seed(dev_sets, "Kiselyov")
    claims = [c for c in claimkit.extract(text) if c.speaker_name == "Vitaly Kiselyov"]
    assert claims
    relays = [s.name for s in claims[0].via]
    assert relays[0] == "TASS"
    assert "Guardian" in relays[-1]


@pytest.mark.parametrize("name", ["seeds.dev", "ggt.dev", "polnear.dev"])
def test_no_dev_article_raises_and_every_offset_is_exact(dev_sets, name):
    gold = dev_sets.gold(name)
    predictions = dev_sets.predictions(name)
    assert any(line["claims"] for line in predictions.values())  # else the loops check nothing
    for doc_id, line in predictions.items():
        assert "error" not in line, (doc_id, line.get("error"))
        text = gold[doc_id]["text"]
        for claim in line["claims"]:
            spans = [claim["content"], *claim["content_fragments"], claim["cue"], claim["speaker"], *claim["via"]]
            for span in filter(None, spans):
                assert text[span["start"] : span["end"]] == span["text"], (doc_id, json.dumps(span))
