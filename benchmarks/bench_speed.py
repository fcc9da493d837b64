"""Speed and peak memory of claimkit, against the bare spaCy pipeline and textacy's direct quotations.

    .venv/bin/python benchmarks/bench_speed.py                    # PolNeAR dev texts from ../shared/data
    .venv/bin/python benchmarks/bench_speed.py --input my.jsonl --limit 100 --repeat 5 --json out.json
    .venv/bin/python benchmarks/bench_speed.py --configs paired   # the headline ratio only

Every configuration runs on the same texts, in a fresh child process of its own, so that peak
RSS (``ru_maxrss``) is comparable between them and one's memory does not weigh on another:

0. ``paired``       the headline claimkit / bare spaCy ratio. One process loads both the bare
                    model and claimkit's pipeline and times them on the same chunks of
                    ``--chunk`` texts back to back, alternating which goes first, for
                    ``--repeat`` rounds; wall and CPU seconds are summed per side;
1. ``spacy``        the bare model (no claimkit components), ``nlp.pipe`` in a memory zone;
   ``spacy_np2``    the same with ``n_process=2``, as a reference for claimkit's scaling;
2. ``claimkit``     ``claimkit.extract(texts)`` end to end (through ``extract_batch``), one process;
3. ``claimkit_np2`` the same with ``n_process=2``; peak memory adds ``RUSAGE_CHILDREN``;
4. ``textacy``      parse once with the bare model, then time only
                    ``textacy.extract.triples.direct_quotations`` over the parses; a document
                    it raises on is caught and counted.

Why ``paired``: the other configurations run one after the other, minutes apart, and on a
shared virtual machine the speed of the machine drifts by 20-30% between minutes, more than
the gap the ratio is meant to show. Pairing the two sides chunk by chunk puts both under the
same drift. It does not remove noise within a chunk, nor costs one side leaves to the other
(garbage collection, CPU caches); alternating the order spreads those over both sides. Its
peak memory holds two pipelines and is not reported. The sequential ``spacy`` and
``claimkit`` ratio is still reported next to it, with memory and ``n_process=2`` scaling.

Each child imports and loads the model (reported, not timed with the rest), warms up on the
first ``--warmup`` texts with the very call it then times, and runs the timed pass
``--repeat`` times; sequential throughput uses the best pass. Token counts come from the
model's own tokenizer, outside the timed passes. Three checks come with the numbers: CPU
seconds of each pass (unaffected by other load), the CPU other processes took while each
configuration ran (``/proc/stat``), and the machine's own two-process ceiling. See
``docs/benchmarks.md``.

The input texts are read at run time and handed to the children through a temporary file
that is deleted afterwards; nothing from them is written anywhere else (``--json`` holds
numbers, ids and error messages only).
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = REPO.parent / "shared" / "data" / "polnear.dev.jsonl"
CONFIGS = ("paired", "spacy", "spacy_np2", "claimkit", "claimkit_np2", "textacy")
TARGET_OVERHEAD = 0.90  # claimkit end to end / bare spaCy, tokens per second
TARGET_SCALING = 1.6  # claimkit n_process=2 / n_process=1, on 2 cores
MAX_ERROR_EXAMPLES = 5
BUSY_CORES = 0.2  # other processes using more than this many cores during a configuration: a warning


# --- measuring, in the child ---------------------------------------------------------------

def _peak_mb(who: int) -> float:
    """Peak resident set size in MiB (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its waited-for children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _one_pass(run: Callable[[], Any]) -> tuple[Any, float, float]:
    """``(result, wall seconds, CPU seconds)`` of one call of ``run``."""
    cpu, start = _cpu_s(), time.perf_counter()
    result = run()
    return result, time.perf_counter() - start, _cpu_s() - cpu


def _timed(run: Callable[[], Any], repeat: int, out: dict[str, Any]) -> Any:
    """Run ``repeat`` timed passes; wall and CPU seconds of each go into ``out``; the last result is returned."""
    out["times_s"], out["cpu_s"] = [], []
    result = None
    for _ in range(repeat):
        result, wall, cpu = _one_pass(run)
        out["times_s"].append(wall)
        out["cpu_s"].append(cpu)
    return result


Runner = Callable[[list[str]], int]  # texts -> how many outputs (Docs or claims), for the report


def _spacy_runner(nlp: Any, batch_size: int, n_process: int) -> Runner:
    """The bare model over some texts, in a memory zone so its string store does not grow between passes."""
    def run(texts: list[str]) -> int:
        with nlp.memory_zone():
            return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    return run


def _claimkit_runner(nlp: Any, batch_size: int, n_process: int) -> Runner:
    """``claimkit.extract`` end to end over some texts (claimkit manages its own memory zones)."""
    import claimkit

    def run(texts: list[str]) -> int:
        found = claimkit.extract(texts, nlp=nlp, batch_size=batch_size, n_process=n_process)
        return sum(len(claims) for claims in found)
    return run


def paired_round(runners: dict[str, Runner], chunks: list[list[str]], round_index: int) -> dict[str, float]:
    """One round of the paired measurement: every chunk through every runner, back to back.

    The first runner goes first when chunk number plus round number is even, so the order flips
    with each chunk and each round: neither side always runs just after the other (and finds
    the caches and the CPU's clock as the other left them), and a chunk's two timings are
    seconds apart, under the same machine speed. With more than two runners only the order
    reverses.

    Returns, for each runner name ``x``, ``x_s`` and ``x_cpu_s`` (wall and CPU seconds, summed
    over the chunks) and ``x_output`` (its outputs, summed).
    """
    names = list(runners)
    totals = {f"{name}_{key}": 0.0 for name in names for key in ("s", "cpu_s", "output")}
    for k, chunk in enumerate(chunks):
        for name in names if (k + round_index) % 2 == 0 else names[::-1]:
            output, wall, cpu = _one_pass(functools.partial(runners[name], chunk))
            totals[f"{name}_s"] += wall
            totals[f"{name}_cpu_s"] += cpu
            totals[f"{name}_output"] += output
    return totals


def paired_ratios(rounds: list[dict[str, float]], articles: int) -> dict[str, Any]:
    """Totals and the claimkit / bare spaCy throughput ratios of the paired rounds (keys as :func:`paired_round`'s).

    The ratio is of times summed over all rounds (bare seconds / claimkit seconds, the same
    texts on both sides), not of best passes: pairing already puts both sides under the same
    drift, and a sum uses every chunk. The per-round ratios show how stable it is; on a shared
    machine one round can still stray by a tenth or more.
    """
    def total(key: str) -> float:
        return sum(r[key] for r in rounds)

    per_round = [r["spacy_s"] / r["claimkit_s"] for r in rounds]
    per_round_cpu = [r["spacy_cpu_s"] / r["claimkit_cpu_s"] for r in rounds]
    return {"ratio": total("spacy_s") / total("claimkit_s"),
            "cpu_time_ratio": total("spacy_cpu_s") / total("claimkit_cpu_s"),
            "round_ratios": per_round, "round_min": min(per_round), "round_max": max(per_round),
            "round_cpu_ratios": per_round_cpu,
            "rounds": len(rounds), "spacy_s": total("spacy_s"), "claimkit_s": total("claimkit_s"),
            "spacy_cpu_s": total("spacy_cpu_s"), "claimkit_cpu_s": total("claimkit_cpu_s"),
            "claimkit_ms_per_article": 1000 * (total("claimkit_s") - total("spacy_s"))
            / max(len(rounds) * articles, 1)}


def _child(config: str, data_path: Path, model: str, repeat: int, batch_size: int, warmup: int,
           chunk: int) -> dict[str, Any]:
    """Measure one configuration in this (child) process; everything goes into the returned dict."""
    data = json.loads(data_path.read_text(encoding="utf-8"))
    ids: list[str] = data["ids"]
    texts: list[str] = data["texts"]
    warm = texts[:warmup]
    out: dict[str, Any] = {"config": config, "articles": len(texts), "repeat": repeat, "batch_size": batch_size}

    start = time.perf_counter()
    import spacy

    if config.startswith("claimkit") or config == "paired":
        import claimkit
    if config == "textacy":
        from textacy.extract.triples import direct_quotations
    out["import_s"] = time.perf_counter() - start

    start = time.perf_counter()
    nlp = claimkit.load(model) if config.startswith("claimkit") else spacy.load(model)  # spacy*, textacy, paired: bare
    out["load_s"] = time.perf_counter() - start
    out["pipeline"] = list(nlp.pipe_names)
    out["model"] = f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}"
    out["peak_after_load_mb"] = _peak_mb(resource.RUSAGE_SELF)

    if config == "paired":
        start = time.perf_counter()
        ck = claimkit.load(model)
        out["claimkit_load_s"] = time.perf_counter() - start
        out["claimkit_pipeline"] = list(ck.pipe_names)
        runners = {"spacy": _spacy_runner(nlp, batch_size, 1), "claimkit": _claimkit_runner(ck, batch_size, 1)}
        for run in runners.values():
            run(warm)
        chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
        out["chunk"] = chunk
        out["rounds"] = [paired_round(runners, chunks, r) for r in range(repeat)]
        out["output_count"] = int(out["rounds"][-1]["claimkit_output"])
        out["output_label"] = "claims"
    elif config.startswith(("spacy", "claimkit")):
        out["n_process"] = 2 if config.endswith("_np2") else 1
        make_runner, out["output_label"] = ((_spacy_runner, "docs") if config.startswith("spacy")
                                            else (_claimkit_runner, "claims"))
        run = make_runner(nlp, batch_size, out["n_process"])
        run(warm)
        out["output_count"] = _timed(lambda: run(texts), repeat, out)
    else:
        failures: Counter[str] = Counter()
        examples: list[dict[str, str]] = []

        def run_textacy(docs: list[Any], record: bool) -> int:
            quotes = 0
            for doc_id, doc in zip(ids[:len(docs)], docs, strict=True):
                try:
                    quotes += sum(1 for _ in direct_quotations(doc))
                except Exception as error:  # textacy raises ValueError on an odd number of quotation marks
                    if record:
                        failures[type(error).__name__] += 1
                        if len(examples) < MAX_ERROR_EXAMPLES:
                            examples.append({"doc_id": doc_id, "error": f"{type(error).__name__}: {error}"})
            return quotes

        run_textacy(list(nlp.pipe(warm, batch_size=batch_size)), record=False)
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=batch_size))  # parsed once, kept for textacy
        out["parse_s"] = time.perf_counter() - start
        out["output_count"] = _timed(lambda: run_textacy(docs, record=False), repeat, out)
        run_textacy(docs, record=True)  # once more, untimed, to count and keep the failures
        out["output_label"] = "quotes"
        out["failed_docs"] = sum(failures.values())
        out["failures_by_type"] = dict(failures)
        out["failure_examples"] = examples

    out["peak_self_mb"] = _peak_mb(resource.RUSAGE_SELF)
    out["peak_children_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    with nlp.memory_zone():
        tokenizer: Any = nlp.tokenizer  # typed as a plain callable in spaCy; the real one has pipe()
        out["tokens"] = sum(len(doc) for doc in tokenizer.pipe(texts))
    return out


# --- the run, in the parent ----------------------------------------------------------------

def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_ceiling(n: int = 2_000_000, rounds: int = 3) -> float:
    """How much faster two CPU-bound processes finish two jobs than one process does, on this machine.

    2.0 on two idle physical cores; less when the cores are busy or are hyperthreads of one core.
    It bounds what ``n_process=2`` can reach here.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_busy, [1000, 1000]))  # start both workers
        one, two = float("inf"), float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            pool.submit(_busy, n).result()
            one = min(one, time.perf_counter() - start)
            start = time.perf_counter()
            list(pool.map(_busy, [n, n]))
            two = min(two, time.perf_counter() - start)
    return 2 * one / two


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_articles(inputs: list[Path], limit: int | None) -> tuple[list[str], list[str], int]:
    """``(ids, texts, unreadable)`` from .txt files, folders of them, or JSONL with ``doc_id`` and ``text``."""
    from claimkit.readers import Article, read_inputs

    ids: list[str] = []
    texts: list[str] = []
    bad = 0
    for record in read_inputs(inputs):
        if limit is not None and len(texts) >= limit:
            break
        if isinstance(record, Article):
            ids.append(record.doc_id)
            texts.append(record.text)
        else:
            bad += 1
            _stderr(f"skipped {record.where}: {record.reason}")
    return ids, texts, bad


def default_model() -> str:
    """The model :func:`claimkit.load` picks when none is named."""
    from claimkit.api import DEFAULT_MODELS

    return next((name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None), DEFAULT_MODELS[0])


def _read_proc(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read-only: never refresh the index
    try:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, env=env, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def machine_info(model: str) -> dict[str, Any]:
    mem = _read_proc("/proc/meminfo", "MemTotal")
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    changed = _git("status", "--porcelain", "--", "claimkit")
    spec = importlib.util.find_spec("claimkit")
    source = str(Path(spec.origin).parent) if spec is not None and spec.origin else None
    return {
        "cpu": _read_proc("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "usable_cores": affinity,
        "ram_gib": round(int(mem.split()[0]) / 1024 / 1024, 1) if mem else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "numpy": _version("numpy"),
        "textacy": _version("textacy"),
        "claimkit": _version("claimkit"),
        "model_package": f"{model} {_version(model.replace('_', '-')) or _version(model) or '?'}",
        "claimkit_source": source,  # PYTHONPATH may point at another copy than the repository's
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "claimkit_tree_differs_from_commit": bool(changed) if changed is not None else None,
    }


def _run_child(config: str, data_path: Path, args: argparse.Namespace, model: str) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("r", suffix=".json", prefix=f"bench-{config}-", delete=False) as handle:
        result_path = Path(handle.name)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", config, "--data", str(data_path),
               "--result", str(result_path), "--model", model, "--repeat", str(args.repeat),
               "--batch-size", str(args.batch_size), "--warmup", str(args.warmup), "--chunk", str(args.chunk)]
    stat_before, ours_before = _system_cpu(), _children_cpu_s()
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, check=False)
        if done.returncode != 0:
            return {"config": config, "error": f"child exited with status {done.returncode}"}
        result = json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        result_path.unlink(missing_ok=True)
    result["wall_s"] = time.perf_counter() - start
    stat_after = _system_cpu()
    if stat_before is not None and stat_after is not None:
        # CPU the whole machine spent while the child ran, minus the child's own (and its workers'):
        # what other processes took from the benchmark. "steal" is the hypervisor's share.
        busy = stat_after[0] - stat_before[0]
        result["other_cpu_s"] = max(0.0, busy - (_children_cpu_s() - ours_before))
        result["other_cores"] = result["other_cpu_s"] / result["wall_s"]
        result["steal_s"] = stat_after[1] - stat_before[1]
    return result


def _system_cpu() -> tuple[float, float] | None:
    """Busy and stolen CPU seconds of the whole machine so far, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _row(name: str, seconds: float, articles: int, tokens: int, base_tps: float | None, peak_mb: float,
         load_s: float | None, output: str, median_s: float | None = None, cpu_s: float | None = None
         ) -> dict[str, Any]:
    tps = tokens / seconds
    return {"configuration": name, "best_s": seconds, "median_s": median_s, "cpu_s": cpu_s,
            "articles_per_s": articles / seconds, "tokens_per_s": tps,
            "vs_spacy": tps / base_tps if base_tps else None, "peak_rss_mb": peak_mb, "load_s": load_s,
            "output": output}


def _sequential_overhead(best: dict[str, float], cpu: dict[str, float], articles: int) -> dict[str, Any]:
    """claimkit / bare spaCy from the ``spacy`` and ``claimkit`` children: best pass of each.

    The two children run minutes apart, so on a machine whose speed drifts the ratio carries
    that drift; ``paired`` does not.
    """
    return {"method": "sequential", "ratio": best["spacy"] / best["claimkit"],
            "cpu_time_ratio": cpu["spacy"] / cpu["claimkit"],
            "claimkit_ms_per_article": 1000 * (best["claimkit"] - best["spacy"]) / max(articles, 1)}


def summarise(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Table rows and headline ratios from the children's results.

    The rows are the sequential configurations. The headline ``claimkit_vs_spacy`` is the
    paired measurement when it ran, else the sequential one (its ``method`` says which);
    ``claimkit_vs_spacy_sequential`` is the sequential one whenever both children ran.
    """
    ok = {name: r for name, r in results.items() if "error" not in r}
    sequential = {name: r for name, r in ok.items() if name != "paired"}  # paired has rounds, not passes
    tokens_seen = {r["tokens"] for r in ok.values()}
    tokens = ok["spacy"]["tokens"] if "spacy" in ok else next(iter(tokens_seen), 0)
    articles = next(iter(ok.values()))["articles"] if ok else 0
    best = {name: min(r["times_s"]) for name, r in sequential.items()}
    median = {name: statistics.median(r["times_s"]) for name, r in sequential.items()}
    cpu = {name: min(r["cpu_s"]) for name, r in sequential.items()}
    base_tps = tokens / best["spacy"] if "spacy" in best else None
    rows = []
    labels = {"spacy": "bare spaCy (parse only)", "spacy_np2": "bare spaCy, n_process=2 (reference)",
              "claimkit": "claimkit extract(), n_process=1", "claimkit_np2": "claimkit extract(), n_process=2"}
    for name, label in labels.items():
        if name not in ok:
            continue
        r = ok[name]
        peak = r["peak_self_mb"]
        if name.endswith("_np2"):
            peak = r["peak_self_mb"] + r["peak_children_mb"]
        rows.append(_row(label, best[name], articles, tokens, base_tps, peak, r["load_s"],
                         f"{r['output_count']} {r['output_label']}", median[name], cpu[name]))
    if "textacy" in ok:
        r = ok["textacy"]
        failed = f"{r['output_count']} quotes; {r['failed_docs']}/{articles} docs raised"
        rows.append(_row("textacy direct_quotations only (over parses)", best["textacy"], articles, tokens, base_tps,
                         r["peak_self_mb"], r["load_s"], failed, median["textacy"], cpu["textacy"]))
        # The parse is the bare spaCy configuration's (best of --repeat); the textacy child parses once
        # only, a pass as slow as the others' first.
        parse_s = best.get("spacy", r["parse_s"])
        rows.append(_row("spaCy parse + textacy direct_quotations", parse_s + best["textacy"], articles, tokens,
                         base_tps, r["peak_self_mb"], r["load_s"], failed))
    headline: dict[str, Any] = {}
    if "spacy" in best and "claimkit" in best:
        headline["claimkit_vs_spacy_sequential"] = _sequential_overhead(best, cpu, articles)
    if "paired" in ok:
        headline["claimkit_vs_spacy"] = {"method": "paired", "chunk": ok["paired"]["chunk"],
                                         **paired_ratios(ok["paired"]["rounds"], articles)}
    elif "claimkit_vs_spacy_sequential" in headline:
        headline["claimkit_vs_spacy"] = dict(headline["claimkit_vs_spacy_sequential"])
    if "claimkit_vs_spacy" in headline:
        h = headline["claimkit_vs_spacy"]
        h.update(target=TARGET_OVERHEAD, met=h["ratio"] >= TARGET_OVERHEAD)
    if "claimkit" in best and "claimkit_np2" in best:
        ratio = best["claimkit"] / best["claimkit_np2"]
        headline["np2_vs_np1"] = {"ratio": ratio, "target": TARGET_SCALING, "met": ratio >= TARGET_SCALING}
        if "spacy" in best and "spacy_np2" in best:
            headline["np2_vs_np1"]["bare_spacy_ratio"] = best["spacy"] / best["spacy_np2"]
    return {"rows": rows, "headline": headline, "tokens": tokens, "articles": articles,
            "tokens_consistent": len(tokens_seen) <= 1}


def _overhead_lines(head: dict[str, Any], articles: int) -> list[str]:
    """The claimkit / bare spaCy headline: paired if it ran (with its totals and spread), and the sequential figure."""
    lines = []
    sequential = head.get("claimkit_vs_spacy_sequential")
    h = head.get("claimkit_vs_spacy")
    if h is not None:
        how = (f"paired: one process, both sides on the same chunks of {h['chunk']} texts in turn, {h['rounds']} rounds"
               if h["method"] == "paired" else "sequential: separate processes, best pass each; no paired run")
        lines.append(f"claimkit / bare spaCy throughput ({how}): {h['ratio']:.3f}  (target >= {h['target']:.2f}: "
                     f"{'met' if h['met'] else 'MISSED'}; CPU time {h['cpu_time_ratio']:.3f}; "
                     f"claimkit adds {h['claimkit_ms_per_article']:.1f} ms/article)")
    if h is not None and h["method"] == "paired":
        lines.append(f"  bare spaCy {h['spacy_s']:.2f} s wall, {h['spacy_cpu_s']:.2f} s CPU; claimkit "
                     f"{h['claimkit_s']:.2f} s wall, {h['claimkit_cpu_s']:.2f} s CPU ({h['rounds']} x {articles} "
                     f"articles each)")
        lines.append(f"  per round: {', '.join(f'{x:.3f}' for x in h['round_ratios'])} (min {h['round_min']:.3f}, "
                     f"max {h['round_max']:.3f}); CPU time {', '.join(f'{x:.3f}' for x in h['round_cpu_ratios'])}")
    if sequential is not None and (h is None or h["method"] == "paired"):
        lines.append(f"  sequential (the spacy and claimkit rows below, minutes apart, best pass each): "
                     f"{sequential['ratio']:.3f}, CPU time {sequential['cpu_time_ratio']:.3f}")
    return lines


def _table_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The sequential configurations as a text table."""
    header = ("configuration", "best s", "median s", "CPU s", "articles/s", "tokens/s", "vs spaCy",
              "peak RSS MiB", "load s", "output")
    table: list[tuple[str, ...]] = [header]
    for row in rows:
        table.append((row["configuration"], f"{row['best_s']:.2f}",
                      f"{row['median_s']:.2f}" if row["median_s"] is not None else "-",
                      f"{row['cpu_s']:.2f}" if row["cpu_s"] is not None else "-",
                      f"{row['articles_per_s']:.1f}", f"{row['tokens_per_s']:,.0f}",
                      f"{row['vs_spacy']:.3f}" if row["vs_spacy"] is not None else "-",
                      f"{row['peak_rss_mb']:.0f}", f"{row['load_s']:.2f}" if row["load_s"] is not None else "-",
                      row["output"]))
    widths = [max(len(cells[i]) for cells in table) for i in range(len(header))]
    lines = []
    for n, cells in enumerate(table):
        lines.append("  ".join(cell.ljust(w) if i in (0, len(header) - 1) else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(cells, widths, strict=True))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render(summary: dict[str, Any], results: dict[str, dict[str, Any]], machine: dict[str, Any],
           settings: dict[str, Any]) -> str:
    """The report printed at the end: headline ratios, settings, the sequential table, the checks."""
    head = summary["headline"]
    cores = machine["usable_cores"] or machine["cpu_count"]
    lines = _overhead_lines(head, summary["articles"])
    if "np2_vs_np1" in head:
        h = head["np2_vs_np1"]
        lines.append(f"claimkit n_process=2 / n_process=1: {h['ratio']:.3f}  (target >= {h['target']:.2f} on 2 cores: "
                     f"{'met' if h['met'] else 'MISSED'}; this machine has {cores} usable cores)")
        if "bare_spacy_ratio" in h:
            lines.append(f"  (for reference, bare spaCy n_process=2 / n_process=1: {h['bare_spacy_ratio']:.3f})")
        if settings.get("parallel_ceiling"):
            lines.append(f"  (this machine's ceiling: two CPU-bound Python processes run "
                         f"{settings['parallel_ceiling']:.2f}x as fast as one)")
    lines.append("")
    paired = f" (paired: {settings['repeat']} rounds in chunks of {settings['chunk']})" if "paired" in results else ""
    lines.append(f"{summary['articles']} articles, {summary['tokens']} tokens from {settings['input']}; "
                 f"{settings['warmup']}-text warm-up, then best of {settings['repeat']} timed passes{paired}; "
                 f"batch_size={settings['batch_size']}; model {machine['model_package']}")
    if machine["claimkit_source"] == str(REPO / "claimkit"):
        lines.append(f"claimkit from this repository at {machine['git_commit']}"
                     f"{' (claimkit/ modified since)' if machine['claimkit_tree_differs_from_commit'] else ''}")
    else:
        lines.append(f"claimkit imported from {machine['claimkit_source']}, not this repository's working tree "
                     f"(whose HEAD is {machine['git_commit']})")
    lines.append(f"{machine['cpu']}, {cores} cores, {machine['ram_gib']} GiB RAM, Python {machine['python']}, "
                 f"spaCy {machine['spacy']}, textacy {machine['textacy']}")
    if summary["rows"]:
        lines += ["", "sequential configurations, each in its own process, one after the other:"]
        lines += _table_lines(summary["rows"])
    lines.append("")
    others = {name: r["other_cores"] for name, r in results.items() if "other_cores" in r}
    if others:
        lines.append("other processes' CPU use while each configuration ran, in cores: "
                     + ", ".join(f"{name} {cores:.2f}" for name, cores in others.items()))
    if any(cores > BUSY_CORES for cores in others.values()):
        lines.append(f"WARNING: other processes used more than {BUSY_CORES} cores during some configurations; "
                     "their wall-clock numbers may be skewed (the CPU s column is not): rerun on an idle machine")
    for name in ("spacy_np2", "claimkit_np2"):
        if name in results and "error" not in results[name]:
            r = results[name]
            lines.append(f"{name} peak RSS: main process {r['peak_self_mb']:.0f} MiB + largest worker "
                         f"{r['peak_children_mb']:.0f} MiB (RUSAGE_CHILDREN; forked workers share pages with the "
                         f"main process, so the sum is an upper bound)")
    if "textacy" in results and "error" not in results["textacy"]:
        r = results["textacy"]
        lines.append(f"textacy: its child's one parse pass {r['parse_s']:.2f} s (the table adds textacy to the bare "
                     f"spaCy best instead); direct_quotations raised on {r['failed_docs']} of "
                     f"{r['articles']} documents {r['failures_by_type'] or ''}; its peak RSS holds all parsed Docs")
        for example in r["failure_examples"][:2]:
            lines.append(f"  e.g. {example['doc_id']}: {example['error']}")
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name}: FAILED ({r['error']})")
        elif name in ("spacy", "claimkit"):
            lines.append(f"{name}: import {r['import_s']:.2f} s, model load {r['load_s']:.2f} s, "
                         f"pipeline {r['pipeline']}")
        elif name == "paired":
            lines.append(f"paired: import {r['import_s']:.2f} s, model load {r['load_s']:.2f} s bare + "
                         f"{r['claimkit_load_s']:.2f} s claimkit; claimkit found {r['output_count']} claims per round")
    if not summary["tokens_consistent"]:
        lines.append("WARNING: the children counted different numbers of tokens")
    return "\n".join(lines)


def _progress(config: str, result: dict[str, Any]) -> str:
    """One line for stderr when a child is done."""
    if "error" in result:
        return f"[bench] {config}: {result['error']}"
    if config == "paired":
        rounds = ", ".join(f"{r['spacy_s']:.2f}/{r['claimkit_s']:.2f}" for r in result["rounds"])
        return f"[bench] paired: bare/claimkit seconds per round {rounds}"
    return f"[bench] {config}: best {min(result['times_s']):.2f} s of {[round(t, 2) for t in result['times_s']]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, action="append",
                        help=f"JSONL (doc_id, text) or .txt files or folders; repeatable (default: {DEFAULT_INPUT})")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Timed passes per configuration (best is reported); rounds of the paired one.")
    parser.add_argument("--warmup", type=int, default=16, help="Texts to warm up on before timing.")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (claimkit's default).")
    parser.add_argument("--chunk", type=int, default=20,
                        help="Texts per chunk in the paired configuration (both sides take each chunk in turn).")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help=f"Comma-separated configurations to run, in this order (default: {','.join(CONFIGS)}).")
    parser.add_argument("--model", default=None, help="spaCy model (default: the one claimkit.load() picks).")
    parser.add_argument("--json", type=Path, default=None, help="Also write all results to this JSON file.")
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0 or args.chunk < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat, --chunk and --limit must be at least 1, --warmup at least 0")
    configs = [name.strip() for name in args.configs.split(",") if name.strip()]
    unknown = [name for name in configs if name not in CONFIGS]
    if unknown or not configs:
        parser.error(f"--configs: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(CONFIGS)}")

    if args.child:
        result = _child(args.child, args.data, args.model, args.repeat, args.batch_size, args.warmup, args.chunk)
        args.result.write_text(json.dumps(result), encoding="utf-8")
        return 0

    inputs = args.input or [DEFAULT_INPUT]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        parser.error(f"no such input: {', '.join(missing)} (pass --input FILE)")
    ids, texts, bad = read_articles(inputs, args.limit)
    if not texts:
        parser.error("no readable articles in the input")
    model = args.model or default_model()
    machine = machine_info(model)
    settings = {"input": ", ".join(str(p) for p in inputs), "limit": args.limit, "repeat": args.repeat,
                "warmup": args.warmup, "batch_size": args.batch_size, "chunk": args.chunk, "configs": configs,
                "model": model, "articles": len(texts), "unreadable_records": bad}

    _stderr("[bench] measuring this machine's two-process ceiling ...")
    settings["parallel_ceiling"] = parallel_ceiling()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="claimkit-bench-") as tmp:
        data_path = Path(tmp) / "texts.json"
        data_path.write_text(json.dumps({"ids": ids, "texts": texts}), encoding="utf-8")
        for config in configs:
            _stderr(f"[bench] {config}: {len(texts)} articles x {args.repeat} ...")
            results[config] = _run_child(config, data_path, args, model)
            _stderr(_progress(config, results[config]))

    summary = summarise(results)
    print(render(summary, results, machine, settings))
    if args.json is not None:
        payload = {"machine": machine, "settings": settings, "headline": summary["headline"], "rows": summary["rows"],
                   "tokens": summary["tokens"], "children": results}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        _stderr(f"[bench] wrote {args.json}")
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
