"""Where claimkit's own time goes: its two components, over Docs the model has already parsed.

    .venv/bin/python benchmarks/profile_claimkit.py [--input FILE] [--limit N] [--repeat 1] [--top 15]
    .venv/bin/python benchmarks/profile_claimkit.py --profiler sample      # low-overhead cross-check

The texts are parsed once by ``claimkit.load()``'s pipeline with the ``claimkit`` component
switched off (``claimkit_paragraphs`` stays on, so the Docs are exactly the ones ``claimkit``
sees). Then, with the model out of the picture:

* ``claimkit_paragraphs`` is timed over freshly tokenized Docs, and ``claimkit`` over the parses;
* ``claimkit`` is profiled ``--repeat`` times over all the parses, by one or more of:

  - ``stages`` (default): wall time of each stage :func:`claimkit.pipeline.run` calls (the
    functions it names, timed outermost-only so nothing counts twice), of
    ``EntityTable.as_dicts`` and the displaCy spans in the component, and the glue left over;
  - ``sample`` (default): a stack sampler on a thread (``sys._current_frames``, no profiling
    hook, so spaCy's Cython code runs at full speed and its time counts for the Python
    function that called it; a long call that holds the GIL may be booked to the Python code
    running right after it);
  - ``cprofile``: exact call counts, but its per-call cost (about 4x here) inflates code that
    makes many small calls, spaCy's Cython ``Token`` accessors included.

Why not pyinstrument: spaCy's Cython modules are built with profiling hooks (Python < 3.12),
so under pyinstrument every ``Token`` creation becomes a frame event: the run slowed down
about 8x, Cython frames came out detached from their callers, and on all 302 PolNeAR dev
articles the process ran out of memory (22 GB).

Hot spots are functions defined in the imported ``claimkit`` package. "total" is the time in
the function and everything it calls; "own" is its own code plus library code (spaCy, the
standard library) it calls, i.e. total minus the claimkit functions it calls. Shares are of
the time the ``claimkit`` component took under the profiler.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speed import DEFAULT_INPUT, default_model, read_articles

# The claimkit that is imported (the repository's, or another copy on PYTHONPATH), found without importing it.
_SPEC = importlib.util.find_spec("claimkit")
PACKAGE_DIR = str(Path(_SPEC.origin).resolve().parent) if _SPEC and _SPEC.origin else ""
COMPONENT_FILE = str(Path(PACKAGE_DIR) / "component.py")

Stats = dict[tuple[str, str], list[float]]  # (function, "claimkit/file.py:line") -> [total s, own s]


def _in_claimkit(path: str | None) -> bool:
    return bool(path and PACKAGE_DIR) and str(path).startswith(PACKAGE_DIR + "/")


def _where(path: str, line: int) -> str:
    return f"claimkit/{Path(path).relative_to(PACKAGE_DIR)}:{line}"


def cprofile_hot_spots(run: Any) -> tuple[float, Stats]:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    stats: Stats = {}
    component_total = 0.0
    for (path, line, function), (_cc, _nc, _tottime, cumtime, _callers) in raw.items():
        if not _in_claimkit(path):
            continue
        # own = cumulative minus what the claimkit functions it calls took when it called them
        in_callees = sum(callers[(path, line, function)][3]
                         for (c_path, c_line, c_function), (*_, callers) in raw.items()
                         if _in_claimkit(c_path) and (c_path, c_line, c_function) != (path, line, function)
                         and (path, line, function) in callers)
        stats[(function, _where(path, line))] = [cumtime, max(0.0, cumtime - in_callees)]
        if function == "__call__" and path == COMPONENT_FILE:
            component_total = cumtime
    return component_total, stats


def sampled_hot_spots(run: Any, interval: float) -> tuple[float, Stats]:
    """A stack sampler: each sample weighs the wall time since the previous one."""
    main = threading.get_ident()
    stats: Stats = defaultdict(lambda: [0.0, 0.0])
    component_total = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal component_total
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(interval)
            now = time.perf_counter()
            weight, last = now - last, now
            frame: FrameType | None = sys._current_frames().get(main)
            seen: set[tuple[str, str]] = set()
            innermost = True
            while frame is not None:
                code = frame.f_code
                if _in_claimkit(code.co_filename):
                    key = (code.co_name, _where(code.co_filename, code.co_firstlineno))
                    if key not in seen:
                        seen.add(key)
                        stats[key][0] += weight
                    if innermost:
                        stats[key][1] += weight
                        innermost = False
                    if code.co_name == "__call__" and code.co_filename == COMPONENT_FILE:
                        component_total += weight
                frame = frame.f_back

    switch = sys.getswitchinterval()
    sys.setswitchinterval(interval / 2)  # let the sampler thread in often
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        run()
    finally:
        done.set()
        sampler.join()
        sys.setswitchinterval(switch)
    return component_total, stats


def staged(run: Any) -> tuple[float, list[tuple[str, float, int]]]:
    """Wall time per stage of the pipeline and of the component around it."""
    from claimkit import component, pipeline

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    depth = 0

    def timed(label: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nonlocal depth
            depth += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                depth -= 1
                if depth == 0:  # outermost only: a stage called inside another counts for that one
                    spent[label] += time.perf_counter() - start
                    calls[label] += 1
        return wrapper

    patches: list[tuple[Any, str, Any]] = []  # (owner, attribute, original)

    def patch(owner: Any, attribute: str, replacement: Any) -> None:
        patches.append((owner, attribute, owner.__dict__[attribute] if isinstance(owner, type)
                        else getattr(owner, attribute)))
        setattr(owner, attribute, replacement)

    names: set[str] = set()
    codes = [pipeline.run.__code__]
    while codes:  # its comprehensions and lambdas are code objects of their own
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if isinstance(c, type(code)))
    for name in sorted(names):
        value = getattr(pipeline, name, None)
        if isinstance(value, type) and value.__module__.startswith("claimkit"):
            methods = [m for m in sorted(names) if isinstance(value.__dict__.get(m), classmethod)]
            for method in methods:  # EntityTable.from_doc
                original = value.__dict__[method].__func__
                patch(value, method, classmethod(timed(f"{name}.{method}", original)))
            if not methods:  # Layout(...): time the construction
                patch(pipeline, name, timed(name, value))
        elif callable(value) and getattr(value, "__module__", "").startswith("claimkit"):
            patch(pipeline, name, timed(name, value))
    extract = component.extract_claims

    def extract_outer(*args: Any, **kwargs: Any) -> Any:  # not a stage: the stages run inside it
        start = time.perf_counter()
        try:
            return extract(*args, **kwargs)
        finally:
            spent["extract_claims (all)"] += time.perf_counter() - start

    patch(component, "extract_claims", extract_outer)
    patch(component, "claim_spans", timed("component: claim_spans", component.claim_spans))
    table_class = pipeline.EntityTable
    patch(table_class, "as_dicts", timed("component: EntityTable.as_dicts", table_class.__dict__["as_dicts"]))
    start = time.perf_counter()
    try:
        run()
    finally:
        total = time.perf_counter() - start
        for owner, attribute, original in reversed(patches):
            setattr(owner, attribute, original)
    inner = sum(v for k, v in spent.items() if not k.startswith(("component:", "extract_claims (all)")))
    spent["extract_claims glue (doc.text, cue filters, sorts)"] = spent.pop("extract_claims (all)", 0.0) - inner
    outside = sum(spent.values())
    spent["component: rest"] = total - outside
    rows = sorted(((label, seconds, calls.get(label, 0)) for label, seconds in spent.items()),
                  key=lambda row: row[1], reverse=True)
    return total, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, action="append", help=f"default: {DEFAULT_INPUT}")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="Profiled passes over all the parses.")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--model", default=None)
    parser.add_argument("--profiler", choices=("stages", "sample", "cprofile"), action="append",
                        help="Repeatable; default: stages and sample.")
    parser.add_argument("--interval", type=float, default=0.001, help="Sampling interval in seconds (sample).")
    parser.add_argument("--sort", choices=("own", "total"), default="own")
    args = parser.parse_args(argv)

    import claimkit

    _ids, texts, _ = read_articles(args.input or [DEFAULT_INPUT], args.limit)
    nlp = claimkit.load(args.model or default_model())
    component = nlp.get_pipe("claimkit")
    paragraphs = nlp.get_pipe("claimkit_paragraphs")

    start = time.perf_counter()
    with nlp.select_pipes(disable=["claimkit"]):
        docs = list(nlp.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - start
    tokens = sum(len(doc) for doc in docs)

    for doc in docs[:8]:  # warm-up: lexicon, lazy imports
        component(doc)
    fresh = [nlp.make_doc(text) for text in texts]
    start = time.perf_counter()
    for doc in fresh:
        paragraphs(doc)
    paragraphs_s = time.perf_counter() - start
    start = time.perf_counter()
    for doc in docs:
        component(doc)
    component_s = time.perf_counter() - start
    errors = sum(1 for doc in docs if doc._.claimkit_error)
    # extract() hands back the Claim objects the component stored, as a new list.
    from claimkit.component import stored_claims

    start = time.perf_counter()
    claims = sum(len(stored_claims(doc.user_data["claimkit"])) for doc in docs)
    records_s = time.perf_counter() - start

    def run() -> None:
        for _ in range(args.repeat):
            for doc in docs:
                component(doc)

    n = len(texts)
    print(f"{n} articles, {tokens} tokens; claimkit from {PACKAGE_DIR}")
    print(f"parse by the pipeline without the claimkit component: {parse_s:.2f} s "
          f"({1000 * parse_s / n:.1f} ms/article)")
    print(f"claimkit_paragraphs: {paragraphs_s:.3f} s ({1000 * paragraphs_s / n:.2f} ms/article, "
          f"{100 * paragraphs_s / parse_s:.1f}% of the parse)")
    print(f"claimkit component:  {component_s:.3f} s ({1000 * component_s / n:.2f} ms/article, "
          f"{100 * component_s / parse_s:.1f}% of the parse); {errors} documents raised inside it")
    print(f"reading the stored claims in extract(): {records_s:.3f} s ({1000 * records_s / n:.2f} ms/article, "
          f"{100 * records_s / parse_s:.1f}% of the parse) for {claims} claims")

    for kind in args.profiler or ["stages", "sample"]:
        print()
        start = time.perf_counter()
        if kind == "stages":
            total, stages = staged(run)
            print(f"stages: {args.repeat} pass(es), component {total:.2f} s "
                  f"({total / max(args.repeat * component_s, 1e-9):.2f}x unprofiled)")
            width = max(len(label) for label, _, _ in stages)
            print(f"{'stage'.ljust(width)}  {'s':>7}  {'%':>6}  {'ms/article':>10}  {'calls':>7}")
            for label, seconds, count in stages:
                print(f"{label.ljust(width)}  {seconds:7.3f}  {100 * seconds / total:6.1f}  "
                      f"{1000 * seconds / (n * args.repeat):10.2f}  {count:7d}")
            continue
        total, stats = cprofile_hot_spots(run) if kind == "cprofile" else sampled_hot_spots(run, args.interval)
        profiled_s = time.perf_counter() - start
        print(f"{kind}: {args.repeat} pass(es) took {profiled_s:.2f} s "
              f"({profiled_s / max(args.repeat * component_s, 1e-9):.1f}x unprofiled); component {total:.2f} s")
        column = 1 if args.sort == "own" else 0
        rows = sorted(stats.items(), key=lambda item: item[1][column], reverse=True)[:args.top]
        width = max((len(f"{f} ({w})") for (f, w), _ in rows), default=10)
        print(f"{'function (file:line)'.ljust(width)}  {'own s':>7}  {'own %':>6}  {'total s':>7}  {'total %':>7}")
        for (function, where), (cum, own) in rows:
            print(f"{f'{function} ({where})'.ljust(width)}  {own:7.3f}  {100 * own / total:6.1f}  {cum:7.3f}  "
                  f"{100 * cum / total:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
