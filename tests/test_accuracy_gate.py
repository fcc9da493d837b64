"""Accuracy gate: scores on the dev sets must not fall below the floors in accuracy_floors.json.

The floors sit 0.01 under the scores last measured; when the scores go up, raise the floors
with them (see the "comment" in the JSON file). Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimkit.evaluate import score

FLOORS_FILE = Path(__file__).with_name("accuracy_floors.json")
FLOORS = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
CASES = [(entry["name"], entry.get("first_n_articles"), metric, floor)
         for entry in FLOORS["sets"] for metric, floor in entry["floors"].items()]


def _describe(name: str, limit: int | None) -> str:
    return name if limit is None else f"{name} (first {limit} articles)"


def _metric(result: dict[str, Any], path: str) -> float | None:
    """``"attribution.f1"`` -> ``result["attribution"]["f1"]``; ``None`` when not measured."""
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return float(value)


def test_floors_file_is_well_formed() -> None:
    assert FLOORS.get("comment"), "accuracy_floors.json should say how floors are maintained"
    names = [entry["name"] for entry in FLOORS["sets"]]
    assert sorted(names) == ["ggt.dev", "polnear.dev", "seeds.dev"]
    for entry in FLOORS["sets"]:
        assert entry["floors"], f"{entry['name']}: no floors"
        for metric, floor in entry["floors"].items():
            assert 0.0 <= floor <= 1.0, f"{entry['name']} {metric}: floor {floor} is not a score"
            assert floor <= entry["measured"][metric], f"{entry['name']} {metric}: floor > measured"
    assert next(e for e in FLOORS["sets"] if e["name"] == "polnear.dev")["first_n_articles"] == 100


@pytest.fixture(scope="module")
def dev_scores(dev_sets: Any) -> Any:
    """Scores per (set, subset), each computed once for this module."""
    cache: dict[tuple[str, int | None], dict[str, Any]] = {}

    def get(name: str, limit: int | None) -> dict[str, Any]:
        if (name, limit) not in cache:
            cache[name, limit] = score(dev_sets.gold(name, limit), dev_sets.predictions(name, limit))
        return cache[name, limit]

    return get


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "limit", "metric", "floor"), CASES,
                         ids=[f"{name}-{metric}" for name, _, metric, _ in CASES])
def test_score_not_below_floor(name: str, limit: int | None, metric: str, floor: float,
                               dev_scores: Any) -> None:
    value = _metric(dev_scores(name, limit), metric)
    where = _describe(name, limit)
    assert value is not None, f"{where}: {metric} was not measured (no data for it), floor is {floor:.4f}"
    assert value >= floor, (
        f"{where}: {metric} = {value:.4f} is below its floor {floor:.4f} "
        f"(by {floor - value:.4f}); a rule change made this set worse")
