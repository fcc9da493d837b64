"""The arithmetic of ``benchmarks/bench_speed.py``: the paired rounds, their ratios and the headline.

No model is loaded: the runners are stand-ins and the children's results are written out by
hand, so these tests check how the numbers are combined and labelled, not how fast anything is.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_speed.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    # benchmarks/ is not an installed package; load the script by path (its top level imports the stdlib only)
    spec = importlib.util.spec_from_file_location("claimkit_bench_speed", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _round(spacy_s: float, claimkit_s: float, spacy_cpu_s: float, claimkit_cpu_s: float) -> dict[str, float]:
    return {"spacy_s": spacy_s, "claimkit_s": claimkit_s, "spacy_cpu_s": spacy_cpu_s,
            "claimkit_cpu_s": claimkit_cpu_s, "spacy_output": 10, "claimkit_output": 40}


def test_paired_round_alternates_the_order_by_chunk_and_by_round(bench: ModuleType) -> None:
    calls: list[tuple[int, str]] = []

    def runner(name: str, outputs: int) -> Any:
        def run(texts: list[str]) -> int:
            calls.append((int(texts[0]), name))
            return outputs * len(texts)
        return run

    runners = {"spacy": runner("spacy", 1), "claimkit": runner("claimkit", 3)}
    chunks = [["0", "x"], ["1"], ["2", "y", "z"]]
    first = bench.paired_round(runners, chunks, 0)
    assert calls == [(0, "spacy"), (0, "claimkit"), (1, "claimkit"), (1, "spacy"), (2, "spacy"), (2, "claimkit")]
    assert (first["spacy_output"], first["claimkit_output"]) == (6, 18)
    assert first["spacy_s"] >= 0 and first["claimkit_cpu_s"] >= 0

    calls.clear()
    bench.paired_round(runners, chunks, 1)
    assert [name for _, name in calls] == ["claimkit", "spacy", "spacy", "claimkit", "claimkit", "spacy"]


def test_paired_ratios_sum_the_rounds_and_report_their_spread(bench: ModuleType) -> None:
    rounds = [_round(20.0, 25.0, 19.0, 24.0), _round(30.0, 30.0, 29.0, 29.0)]
    ratios = bench.paired_ratios(rounds, articles=10)
    assert ratios["ratio"] == pytest.approx(50 / 55)  # of the sums, not the mean of the rounds' ratios
    assert ratios["cpu_time_ratio"] == pytest.approx(48 / 53)
    assert ratios["round_ratios"] == pytest.approx([0.8, 1.0])
    assert (ratios["round_min"], ratios["round_max"]) == pytest.approx((0.8, 1.0))
    assert ratios["round_cpu_ratios"] == pytest.approx([19 / 24, 1.0])
    assert (ratios["spacy_s"], ratios["claimkit_s"]) == (50.0, 55.0)
    assert ratios["claimkit_ms_per_article"] == pytest.approx(1000 * 5 / 20)  # 2 rounds x 10 articles
    assert ratios["rounds"] == 2


def _sequential(config: str, times: list[float], cpu: list[float]) -> dict[str, Any]:
    return {"config": config, "articles": 10, "tokens": 1000, "times_s": times, "cpu_s": cpu,
            "peak_self_mb": 500.0, "peak_children_mb": 0.0, "load_s": 0.5, "import_s": 0.5,
            "pipeline": ["parser"], "output_count": 10, "output_label": "docs"}


def _results(paired: bool) -> dict[str, dict[str, Any]]:
    results = {"spacy": _sequential("spacy", [20.0, 22.0], [19.5, 21.0]),
               "claimkit": _sequential("claimkit", [25.0, 24.0], [23.0, 23.5])}
    if paired:
        results["paired"] = {"config": "paired", "articles": 10, "tokens": 1000, "chunk": 5, "load_s": 0.4,
                             "claimkit_load_s": 0.6, "import_s": 0.5, "output_count": 40,
                             "rounds": [_round(18.0, 20.0, 18.0, 20.0), _round(27.0, 30.0, 26.0, 29.0)]}
    return results


def test_the_headline_is_the_paired_ratio_when_it_ran(bench: ModuleType) -> None:
    summary = bench.summarise(_results(paired=True))
    head = summary["headline"]
    assert head["claimkit_vs_spacy"]["method"] == "paired"
    assert head["claimkit_vs_spacy"]["ratio"] == pytest.approx(45 / 50)
    assert head["claimkit_vs_spacy"]["met"] is (head["claimkit_vs_spacy"]["ratio"] >= bench.TARGET_OVERHEAD)
    assert head["claimkit_vs_spacy"]["chunk"] == 5
    sequential = head["claimkit_vs_spacy_sequential"]
    assert sequential["method"] == "sequential"
    assert sequential["ratio"] == pytest.approx(20 / 24)  # best pass of each
    assert sequential["cpu_time_ratio"] == pytest.approx(19.5 / 23.0)
    assert [row["configuration"] for row in summary["rows"]] == ["bare spaCy (parse only)",
                                                                "claimkit extract(), n_process=1"]


def test_without_the_paired_run_the_headline_falls_back_to_the_sequential_ratio_and_says_so(
        bench: ModuleType) -> None:
    head = bench.summarise(_results(paired=False))["headline"]
    assert head["claimkit_vs_spacy"]["method"] == "sequential"
    assert head["claimkit_vs_spacy"]["ratio"] == pytest.approx(20 / 24)
    assert "target" not in head["claimkit_vs_spacy_sequential"]  # a copy, not the same dict


def test_render_labels_the_paired_headline_and_shows_its_spread(bench: ModuleType) -> None:
    results = _results(paired=True)
    machine = {"usable_cores": 2, "cpu_count": 2, "model_package": "model 1.0", "claimkit_source": "elsewhere",
               "git_commit": "abc1234", "claimkit_tree_differs_from_commit": False, "cpu": "CPU", "ram_gib": 8,
               "python": "3.11", "spacy": "3.8", "textacy": None}
    settings = {"input": "texts.jsonl", "repeat": 2, "warmup": 4, "batch_size": 32, "chunk": 5}
    text = bench.render(bench.summarise(results), results, machine, settings)
    first = text.splitlines()[0]
    assert first.startswith("claimkit / bare spaCy throughput (paired: one process")
    assert "0.900" in first
    assert "per round: 0.900, 0.900 (min 0.900, max 0.900)" in text
    assert "sequential (the spacy and claimkit rows below" in text and "0.833" in text
