"""The process pool over ``analyze``: same results as the serial loop, in input order, with
bounded read-ahead, and one bad document never stopping the batch."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import tidings.parallel as parallel
from tidings.api import ingest_raw
from tidings.entities.kb import KnowledgeBase
from tidings.export.jsonl import analysis_record
from tidings.ingest.errors import Skipped
from tidings.model import Analysis, RawDocument
from tidings.pipeline import analyze, analyze_many
from tidings.settings import Settings
from tidings.store import Store

#: Short articles written for these tests.
TEXTS = [
    "Chancellor Olaf Scholz met President Xi Jinping in Beijing on Tuesday.",
    "Bundeskanzler Olaf Scholz traf am Dienstag in Peking den chinesischen Präsidenten.",
    "Presiden Prabowo Subianto bertemu Presiden Xi Jinping di Beijing pada hari Sabtu.",
    "Germany accused Russia of a cyber attack on its ministries, the foreign office said.",
    "The foreign ministers of Poland and Lithuania signed a border agreement in Vilnius.",
]

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="patched functions reach the workers only through fork",
)


def make_raws(copies: int = 1) -> list[RawDocument | Skipped]:
    return [
        RawDocument(
            id=f"doc-{k}-{i}",
            source=f"test-{k}-{i}.txt",
            content=text,
            published=dt.date(2024, 4, 16),
        )
        for k in range(copies)
        for i, text in enumerate(TEXTS)
    ]


def describe(results: list[Analysis | Skipped]) -> list[Any]:
    """Comparable form: the SCHEMA record of an analysis, the text of a skip."""
    return [
        str(r) if isinstance(r, Skipped) else json.dumps(analysis_record(r), sort_keys=True)
        for r in results
    ]


def flaky_analyze(
    raw: RawDocument, kb: KnowledgeBase | None = None, settings: Settings | None = None
) -> Analysis | Skipped:
    """``analyze``, except on documents whose id asks to fail or to kill the process."""
    if raw.id.endswith("raise"):
        raise RuntimeError("poisoned on purpose")
    if raw.id.endswith("die"):
        os._exit(3)  # what a segfault or the OOM killer looks like from the parent
    return analyze(raw, kb, settings)


@pytest.fixture()
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch ``analyze`` as seen by the pool (the fork carries the patch into workers)."""
    if threading.active_count() != 1:
        pytest.skip("the pool forks only from a single-threaded process")
    monkeypatch.setattr(parallel, "analyze", flaky_analyze)


def test_parallel_results_equal_serial_in_order() -> None:
    raws = make_raws(copies=2)
    raws.insert(3, Skipped("broken.html", "not UTF-8"))
    serial = describe(list(analyze_many(raws)))
    pooled = describe(list(parallel.analyze_parallel(raws, workers=2, window=3)))
    assert pooled == serial
    assert pooled[3] == "broken.html: not UTF-8"
    ids = [json.loads(r)["id"] for r in pooled if r.startswith("{")]
    assert ids == [r.id for r in raws if isinstance(r, RawDocument)]


@needs_fork
@pytest.mark.usefixtures("forked")
def test_parallel_poisoned_document_becomes_skipped() -> None:
    raws = make_raws()
    raws.insert(2, RawDocument(id="x-raise", source="poison.txt", content=TEXTS[0]))
    results = list(parallel.analyze_parallel(raws, workers=2))
    assert len(results) == len(raws)
    skipped = results[2]
    assert isinstance(skipped, Skipped)
    assert skipped.source == "poison.txt"
    assert "RuntimeError: poisoned on purpose" in skipped.reason
    done = [r.document.id for r in results if isinstance(r, Analysis)]
    assert done == [r.id for r in raws if isinstance(r, RawDocument) and r.id != "x-raise"]


@needs_fork
@pytest.mark.usefixtures("forked")
def test_parallel_dead_worker_skips_only_its_document() -> None:
    raws = make_raws()
    raws.insert(3, RawDocument(id="x-die", source="killer.txt", content=TEXTS[1]))
    results = list(parallel.analyze_parallel(raws, workers=2, window=4))
    assert [type(r).__name__ for r in results] == [
        "Skipped" if isinstance(r, RawDocument) and r.id == "x-die" else "Analysis" for r in raws
    ]
    skipped = results[3]
    assert isinstance(skipped, Skipped)
    assert skipped.source == "killer.txt" and "died" in skipped.reason
    expected = describe(list(analyze_many(make_raws())))
    assert describe([r for r in results if isinstance(r, Analysis)]) == expected


def test_parallel_workers_one_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("workers=1 must not start a pool")

    monkeypatch.setattr(parallel, "_OrderedPool", no_pool)
    raws = make_raws()
    pid = os.getpid()
    results = list(parallel.analyze_parallel(raws, workers=1))
    assert os.getpid() == pid
    assert describe(results) == describe(list(analyze_many(raws)))


def test_parallel_window_bounds_read_ahead() -> None:
    pulled = 0

    def stream() -> Iterator[RawDocument | Skipped]:
        nonlocal pulled
        for raw in make_raws(copies=2):
            pulled += 1
            yield raw

    window = 2
    seen = 0
    for _ in parallel.analyze_parallel(stream(), workers=2, window=window):
        seen += 1
        # the one being yielded plus at most ``window`` read ahead of it
        assert pulled <= seen + window
    assert seen == pulled == 2 * len(TEXTS)


def test_parallel_resolve_workers_counts_cpus() -> None:
    assert parallel.resolve_workers(0) == parallel.available_cpus() >= 1
    assert parallel.resolve_workers(None) == parallel.available_cpus()
    assert parallel.resolve_workers(3) == 3
    with pytest.raises(ValueError, match="workers must be"):
        parallel.resolve_workers(-2)


def test_parallel_ingest_stores_from_the_main_process(tmp_path: Path) -> None:
    store = Store(tmp_path / "pool.sqlite")
    raws = make_raws()
    summary = ingest_raw(store, raws, workers=2)
    assert summary.added == len(TEXTS) and not summary.skipped
    assert sorted(store.document_ids()) == sorted(r.id for r in raws if isinstance(r, RawDocument))
    again = ingest_raw(store, make_raws(), workers=2)
    assert (again.added, again.already) == (0, len(TEXTS))
    store.close()


def test_parallel_cli_analyze_with_workers(tmp_path: Path) -> None:
    for i, text in enumerate(TEXTS):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    serial = runner.invoke(cli_main(), ["analyze", str(tmp_path), "--published", "2024-04-16"])
    pooled = runner.invoke(
        cli_main(), ["analyze", str(tmp_path), "--published", "2024-04-16", "--workers", "2"]
    )
    assert serial.exit_code == 0 and pooled.exit_code == 0, pooled.output
    assert pooled.output == serial.output
    assert len(pooled.output.splitlines()) == len(TEXTS)


def cli_main() -> Any:
    from tidings.cli import main

    return main


def test_a_submit_to_a_pool_that_just_broke_fails_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a worker died while earlier documents were pending: the next submit must not raise,
    # it must hand back a failed future that the ordered pool retries in its turn
    from concurrent.futures.process import BrokenProcessPool

    pool = parallel._OrderedPool(multiprocessing.get_context("spawn"), 1, None, None)
    try:

        def broken(*_: object, **__: object) -> None:
            raise BrokenProcessPool("a child process terminated abruptly")

        monkeypatch.setattr(pool._executor, "submit", broken)
        future = pool._submit(RawDocument(id="a", source="a.txt", content="x"))
        assert isinstance(future.exception(), BrokenProcessPool)
    finally:
        monkeypatch.undo()
        pool.close()
