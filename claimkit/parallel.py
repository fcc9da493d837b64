"""Worker processes for ``extract_batch(..., n_process=N)``: finish, or fail fast and clean up.

spaCy's own ``nlp.pipe(n_process=N)`` is not used. There, an exception in a worker drops
its whole batch and leaves the parent waiting in ``proc.join()`` on workers blocked in
``send`` (a hang), and Ctrl-C hangs the same way. Here each worker runs the one-process
code (:func:`claimkit.batch.zone_results`) on a chunk of ``batch_size`` articles and sends
back finished :class:`~claimkit.batch.Result` objects, so:

* an article that fails is an error result, as in one process, and output is identical;
* a worker that dies (killed, out of memory, a crash in compiled code) costs only its
  article: the pool is restarted, the chunk it was running is tried again article by
  article, each alone, and the chunks that the restart ended are sent again whole, so only
  the article that kills a worker ends as an error result;
* when the caller stops (Ctrl-C, SIGTERM turned into an exception, an error, or leaving the
  iterator early) the workers are terminated and joined before the exception goes on.

Workers ignore SIGINT: Ctrl-C in a terminal reaches every process of the group, and it is
the parent that decides to stop them. On Linux, workers are forked and inherit the loaded
pipeline; elsewhere it is pickled to each worker once. Output is the same as in one
process: the same code runs on the same texts, and results are yielded in input order.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from attrs import frozen
from spacy.language import Language

from claimkit.batch import Result, Unreadable, chunks, describe, not_a_text, zone_results

# Chunks in flight per worker: enough to keep each busy while the parent collects results,
# few enough that memory does not grow with the input.
CHUNKS_PER_WORKER = 2
# Seconds a terminated worker gets to exit before it is killed.
TERMINATE_GRACE = 5.0

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_worker_nlp: Language | None = None  # the pipeline, in each worker
WORKER_DIED = ("WorkerDied: the worker process ended while extracting this article "
               "(killed, out of memory, or a crash in compiled code)")


def _start_worker(nlp: Language, parent: int | None) -> None:
    global _worker_nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A handler the parent installed (the CLI turns SIGTERM into an exception) must not run
    # here: a worker told to end ends, rather than send that exception back as a result.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _end_with_parent(parent)
    _worker_nlp = nlp


def _end_with_parent(parent: int) -> None:
    """On Linux, have the kernel send this worker SIGTERM when its parent dies, even by SIGKILL,
    when no cleanup can run: a worker never outlives its run, blocked on a queue forever."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # no prctl: an unusual libc; the parent's cleanup still applies
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _run_chunk(chunk: Sequence[tuple[str, object]], min_confidence: float, batch_size: int) -> list[Result]:
    nlp = _worker_nlp
    assert nlp is not None, "worker started without a pipeline"
    with nlp.memory_zone():
        return zone_results(nlp, chunk, min_confidence, batch_size)


class _Pool:
    """A process pool that can be ended at once, and started again when a worker dies."""

    def __init__(self, nlp: Language, n_process: int) -> None:
        self.nlp = nlp
        self.n_process = n_process
        # On Linux a forked worker inherits the pipeline (a process's arguments are not
        # pickled under fork); elsewhere (macOS, where fork is unsafe, and Windows) it is
        # pickled to each worker once.
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.context = multiprocessing.get_context(method)
        # The kernel's parent-death signal follows the thread that forked: only a pool made
        # in the main thread asks for it (one made in a short-lived thread would lose its workers).
        self.parent = os.getpid() if threading.current_thread() is threading.main_thread() else None
        self.generation = 0  # counts restarts: a future of an earlier generation was ended by one
        self.executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.n_process, mp_context=self.context, initializer=_start_worker,
                                   initargs=(self.nlp, self.parent))

    def submit(self, chunk: Sequence[tuple[str, object]], min_confidence: float,
               batch_size: int) -> Future[list[Result]]:
        try:
            return self.executor.submit(_run_chunk, chunk, min_confidence, batch_size)
        except BrokenProcessPool:
            # A worker died since the last submit: the chunks in flight are lost (each is
            # retried when its turn comes, see _collect) and the pool takes no more work.
            self.restart()
            return self.executor.submit(_run_chunk, chunk, min_confidence, batch_size)

    def restart(self) -> None:
        self.stop()
        self.executor = self._new_executor()
        self.generation += 1

    def stop(self) -> None:
        """End the workers now: queued chunks are cancelled, running ones terminated and joined."""
        # ProcessPoolExecutor has no public way to end running workers before Python 3.14
        # (terminate_workers); _processes is its table of them.
        workers = list((getattr(self.executor, "_processes", None) or {}).values())
        # Its manager thread too (shutdown forgets it): see the end of this method.
        manager = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        for worker in workers:
            worker.join(TERMINATE_GRACE)
            if worker.is_alive():
                worker.kill()
                worker.join()
        # Let the manager thread finish closing its wake-up pipe now: if the program exits
        # first, the interpreter's exit hook may write to that pipe while it closes, and print
        # "OSError: [Errno 9] Bad file descriptor" (a race in CPython, gh-125451).
        if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
            manager.join(TERMINATE_GRACE)

    def close(self) -> None:
        self.executor.shutdown(wait=True)


def parallel_results(nlp: Language, articles: Iterable[object], *, n_process: int,
                     min_confidence: float, batch_size: int) -> Generator[Result, None, None]:
    """A result per ``(doc_id, text)``, in input order, from ``n_process`` worker processes.

    If ``articles`` raises, the results of what was read before come out first, then the error.
    """
    pool = _Pool(nlp, n_process)
    pending: deque[_Pending] = deque()
    finished = False
    try:
        source = chunks(articles, batch_size)
        while True:
            try:
                chunk = next(source)
            except StopIteration:
                break
            except Exception:
                while pending:  # what was read before the caller's iterable failed
                    yield from _collect(pool, pending.popleft(), min_confidence, batch_size)
                raise
            # A text that is not a str (say, a lock) might not even pickle: its error is made here.
            chunk = [(doc_id, text if isinstance(text, str) else Unreadable(not_a_text(text)))
                     for doc_id, text in chunk]
            pending.append(_Pending(chunk, pool.submit(chunk, min_confidence, batch_size), pool.generation))
            while len(pending) >= n_process * CHUNKS_PER_WORKER:
                yield from _collect(pool, pending.popleft(), min_confidence, batch_size)
        while pending:
            yield from _collect(pool, pending.popleft(), min_confidence, batch_size)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # Ctrl-C, an exception, or the caller left the iterator early
            pool.stop()


@frozen
class _Pending:
    chunk: list[tuple[str, object]]
    future: Future[list[Result]]
    generation: int


def _collect(pool: _Pool, pending: _Pending, min_confidence: float, batch_size: int) -> list[Result]:
    """The results of one chunk.

    A chunk whose pool was restarted since it was sent (ended with the others in flight) is
    sent again whole. A chunk that failed in the current pool is tried again article by
    article, each alone in a fresh pool, so that only the article that kills a worker is
    given the blame.
    """
    try:
        return pending.future.result()
    except Exception:  # BrokenProcessPool (a worker died), CancelledError (ended by a restart), or a
        pass  # failure outside the per-article guards
    if pending.generation != pool.generation:
        resent = _Pending(pending.chunk, pool.submit(pending.chunk, min_confidence, batch_size), pool.generation)
        return _collect(pool, resent, min_confidence, batch_size)
    pool.restart()  # ends what else is in flight: each is sent again when its turn comes
    return [_alone(pool, article, min_confidence, batch_size) for article in pending.chunk]


def _alone(pool: _Pool, article: tuple[str, object], min_confidence: float, batch_size: int) -> Result:
    """One article in a pool with nothing else in flight: if a worker dies now, this article killed it."""
    try:
        return pool.submit([article], min_confidence, batch_size).result()[0]
    except (BrokenProcessPool, CancelledError):
        pool.restart()
        return Result(article[0], [], WORKER_DIED)
    except Exception as error:
        return Result(article[0], [], describe(error))
