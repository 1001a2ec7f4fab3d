"""``analyze`` over a stream on several processes: ordered, bounded, and crash-proof.

Why a module of its own: ``analyze`` is pure, so a batch parallelises by documents, but a
batch runner must still keep three promises the serial loop keeps for free:

* **order** - results come back in input order, so ``ingest`` stores, counts and reports
  exactly as the serial loop would, and the output of ``analyze`` is reproducible;
* **bounded memory** - at most ``window`` documents are in flight (read but not yet
  yielded), however long the input stream (``ProcessPoolExecutor.map`` and
  ``multiprocessing.Pool.imap`` both read their whole input up front);
* **no lost batch** - an exception inside one document, or a worker process that dies on
  it (a C extension's segfault, the OOM killer), becomes a ``Skipped`` for that document.
  When a process dies every in-flight document fails with it, so the pool is rebuilt and the
  document at the head of the queue is retried alone: only the guilty one is skipped.

Each worker pays a warm-up on its first documents (measured on this machine, see
``benchmarks/throughput.py``): the KB load (~0.35 s from the disk cache), the alias
automaton (~0.65 s), the time-expression tables (~2.3 s) and lingua's models (2-6 s for
the first short text, then ~3 ms an article). With the ``fork`` start method the parent
analyses the first document itself, freezes its heap (``gc.freeze``) and then forks: the
workers inherit every warmed cache copy-on-write instead of paying for it again
(``gc.freeze`` is lifted in the parent once the workers exist). ``fork`` is used only while
the process runs a single thread (forking a threaded process can deadlock); otherwise
``forkserver`` (or ``spawn``) starts clean workers that load the KB once each.

``workers=1`` runs in-process through ``pipeline.analyze_many``: no pickling, no fork.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from tidings.entities.kb import KnowledgeBase, load_kb
from tidings.ingest.errors import Skipped
from tidings.model import Analysis, RawDocument
from tidings.pipeline import analyze, analyze_many
from tidings.settings import Settings

#: Documents in flight per worker: enough that a worker never waits for the parent to hand
#: it the next document while the parent waits on a slow one at the head of the queue;
#: small enough that the window stays a few MB (a news article and its analysis ~50 KB).
WINDOW_PER_WORKER = 4

Result = Analysis | Skipped


def resolve_workers(workers: int | None) -> int:
    """The number of processes to use: ``None`` or ``0`` mean one per available CPU."""
    if workers is None or workers == 0:
        return available_cpus()
    if workers < 0:
        raise ValueError(f"workers must be 0 (all CPUs) or a positive number, got {workers}")
    return workers


def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask, which containers restrict)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_parallel(
    raws: Iterable[RawDocument | Skipped],
    *,
    workers: int | None = 1,
    kb: KnowledgeBase | None = None,
    settings: Settings | None = None,
    window: int | None = None,
) -> Iterator[Result]:
    """``analyze`` every document of ``raws`` on ``workers`` processes, in input order.

    Skipped inputs pass through in their place. At most ``window`` documents (default
    ``WINDOW_PER_WORKER`` per worker) are read ahead of the one being yielded.
    """
    count = resolve_workers(workers)
    if count == 1:
        yield from analyze_many(raws, kb, settings)
        return
    limit = window if window is not None else WINDOW_PER_WORKER * count
    if limit < 1:
        raise ValueError(f"window must be at least 1, got {limit}")
    context = choose_context()
    if kb is not None and load_kb.cache_info().currsize and kb is load_kb():
        kb = None  # the shipped KB: workers inherit it (fork) or read the disk cache
    stream = iter(raws)
    if context.get_start_method() == "fork":
        yield from _warm_parent(stream, kb, settings)
    pool = _OrderedPool(context, count, kb, settings)
    try:
        yield from pool.run(stream, limit)
    finally:
        pool.close()


def choose_context() -> BaseContext:
    """``fork`` while single-threaded (workers inherit warm caches), else a clean start."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _warm_parent(
    stream: Iterator[RawDocument | Skipped], kb: KnowledgeBase | None, settings: Settings | None
) -> Iterator[Result]:
    """Analyse the stream's first document here, so forked workers start with the KB,
    the matchers and the language detector already loaded."""
    for raw in stream:
        if isinstance(raw, Skipped):
            yield raw
            continue
        yield analyze_safely(raw, kb or load_kb(), settings)
        break


def analyze_safely(
    raw: RawDocument, kb: KnowledgeBase | None, settings: Settings | None
) -> Analysis | Skipped:
    """``analyze``, with any exception turned into a ``Skipped`` naming the input."""
    try:
        return analyze(raw, kb, settings)
    except Exception as exc:
        return Skipped(raw.source, f"analysis failed: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------
# Worker side: one KB and one Settings per process, set by the pool initializer.

_worker_kb: KnowledgeBase | None = None
_worker_settings: Settings | None = None


def _start_worker(kb: KnowledgeBase | None, settings: Settings | None) -> None:
    global _worker_kb, _worker_settings
    _worker_kb = kb or load_kb()  # inherited under fork, else read once from the disk cache
    _worker_settings = settings


def _analyze_in_worker(raw: RawDocument) -> Analysis | Skipped:
    return analyze_safely(raw, _worker_kb, _worker_settings)


# ---------------------------------------------------------------------------------------
# Parent side


@dataclass(slots=True)
class _Slot:
    """One input's place in the output order: a pass-through value or a running job."""

    raw: RawDocument | None
    future: Future[Result] | None = None
    value: Result | None = None


class _OrderedPool:
    """A process pool that yields results in input order and survives dying workers."""

    def __init__(
        self,
        context: BaseContext,
        workers: int,
        kb: KnowledgeBase | None,
        settings: Settings | None,
    ) -> None:
        self._context = context
        self._workers = workers
        self._kb = kb
        self._settings = settings
        self._frozen = False
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        if self._context.get_start_method() == "fork":
            # Forked workers then leave the warmed objects alone in their collections, so
            # the pages they share with the parent stay shared (fewer copy-on-write copies).
            gc.collect()
            gc.freeze()
            self._frozen = True
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self._kb, self._settings),
        )

    def _submit(self, raw: RawDocument) -> Future[Result]:
        try:
            future = self._executor.submit(_analyze_in_worker, raw)
        except BrokenProcessPool as exc:
            # a worker died while earlier documents are still pending: fail this one in its
            # place in the order, so ``_settle`` retries it like the others
            failed: Future[Result] = Future()
            failed.set_exception(exc)
            return failed
        if self._frozen:  # the first submit forked every worker: the parent may collect again
            gc.unfreeze()
            self._frozen = False
        return future

    def run(self, stream: Iterator[RawDocument | Skipped], limit: int) -> Iterator[Result]:
        pending: deque[_Slot] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                item = next(stream, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, Skipped):
                    pending.append(_Slot(raw=None, value=item))
                else:
                    pending.append(_Slot(raw=item, future=self._submit(item)))
            if not pending:
                return
            yield self._settle(pending.popleft(), pending)

    def _settle(self, slot: _Slot, rest: deque[_Slot]) -> Result:
        """The head slot's result; on a broken pool, retry it alone and resubmit the rest."""
        if slot.future is None or slot.raw is None:
            assert slot.value is not None
            return slot.value
        try:
            return slot.future.result()
        except BrokenProcessPool:
            result = self._retry_alone(slot.raw)
            for other in rest:
                if other.raw is not None:
                    other.future = self._submit(other.raw)
            return result
        except Exception as exc:  # e.g. a result that could not be pickled back
            return Skipped(slot.raw.source, f"analysis failed: {type(exc).__name__}: {exc}")

    def _retry_alone(self, raw: RawDocument) -> Result:
        """Run ``raw`` on a fresh pool with nothing beside it: if the pool dies again, the
        document is the cause and is skipped; the pool is rebuilt for the others."""
        self._restart()
        try:
            return self._submit(raw).result()
        except BrokenProcessPool:
            self._restart()
            return Skipped(raw.source, "analysis failed: the worker process died on it")
        except Exception as exc:
            return Skipped(raw.source, f"analysis failed: {type(exc).__name__}: {exc}")

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._new_executor()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
