"""``tidings load``: bring exported Parquet tables (ours, or a Spark run's) into a store.

Why rebuild analyses instead of copying rows: the store's own writer then fills every table
(search index, actor sides, entities) exactly as ``ingest`` does, and stories are assigned
by the same incremental code, so a loaded document is indistinguishable from an ingested
one. Events are read first (they are small) and grouped by document; documents are then
streamed. A bad file or row is skipped with a one-line reason naming it; the rest goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings import model
from tidings.export.parquet import (
    DOCUMENTS,
    EVENTS,
    ParquetError,
    document_from_parquet,
    document_id_of,
    event_from_parquet,
    iter_parquet_rows,
    parquet_files,
)
from tidings.store import Store
from tidings.stories import assign_story, settle_waiting


@dataclass(slots=True)
class LoadSummary:
    added: int = 0
    already: int = 0
    events: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    def line(self) -> str:
        return (
            f"load: {self.added} documents added ({self.events} events), "
            f"{self.already} already stored, {len(self.skipped)} skipped"
        )


def split_tables(
    paths: Iterable[str | Path], summary: LoadSummary
) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Path]]:
    """Events by document id (with their index) and the documents files to stream."""
    events: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    document_files: list[Path] = []
    for path in parquet_files(paths):
        try:
            kind, rows = iter_parquet_rows(path)
            if kind == DOCUMENTS:
                document_files.append(path)
                continue
            if kind != EVENTS:
                raise ParquetError(f"{path}: unknown tidings table {kind!r}")
            for number, row in enumerate(rows):
                doc_id = row.get("doc_id")
                if doc_id is None:
                    summary.skipped.append((f"{path}:{number}", "event row without doc_id"))
                    continue
                index = row.get("event_index", row.get("index"))
                events.setdefault(str(doc_id), []).append(
                    (int(index) if index is not None else number, row)
                )
        except (ParquetError, OSError, ValueError) as exc:
            summary.skipped.append((str(path), str(exc).splitlines()[0]))
    return events, document_files


def store_analysis(store: Store, analysis: model.Analysis, summary: LoadSummary) -> None:
    if store.add_analysis(analysis):
        assign_story(store, analysis)
        summary.added += 1
        summary.events += len(analysis.document.events)
    else:
        summary.already += 1


def load_parquet(store: Store, paths: Iterable[str | Path]) -> LoadSummary:
    """Load Parquet events and documents tables (files or folders of part files).

    Each document needs its row in a documents table; its events come from the events
    tables (a document with none has no events). Already-stored ids are left as they are.
    """
    summary = LoadSummary()
    events, document_files = split_tables(paths, summary)
    loaded: list[str] = []
    for path in document_files:
        try:
            _, rows = iter_parquet_rows(path)
            for number, row in enumerate(rows):
                where = f"{path}:{number}"
                try:
                    doc_id = document_id_of(row)
                    rows_of_doc = [
                        r for _, r in sorted(events.pop(doc_id, []), key=lambda item: item[0])
                    ]
                    document = document_from_parquet(
                        row, [event_from_parquet(r) for r in rows_of_doc], rows_of_doc
                    )
                    analysis = model.Analysis(document=document)
                    store_analysis(store, analysis, summary)
                    loaded.append(doc_id)
                except (KeyError, TypeError, ValueError) as exc:
                    reason = f"bad document row: {type(exc).__name__}: {exc}"
                    summary.skipped.append((where, reason))
                    store.record_skip(where, reason)
        except (ParquetError, OSError, ValueError) as exc:
            summary.skipped.append((str(path), str(exc).splitlines()[0]))
    for doc_id in sorted(events):
        reason = f"events of document {doc_id!r} but no row for it in a documents table"
        summary.skipped.append((doc_id, reason))
    settle_waiting(store, loaded)
    return summary
