"""``export_store``: one entry point for every export format (CLI, API, web).

Why a dispatcher of its own: the CLI only parses options; which rows a format takes, whether
dates are story-pinned and what summary line it reports are decided here, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.export.select import Selection, only_selected, select_documents
from tidings.model import Analysis
from tidings.store import Store

#: Export formats, as ``--format`` spells them.
FORMATS = ("jsonl", "csv", "parquet", "gdelt")


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: counts and one line for stderr."""

    documents: int
    events: int
    line: str


@dataclass(slots=True)
class EventCounter:
    """Counts the events of the analyses it hands on."""

    events: int = 0

    def analyses(self, store: Store, selection: Selection) -> Iterator[Analysis]:
        """The selected documents; with a filter, each carries only its selected events."""
        for item in select_documents(store, selection):
            analysis = only_selected(item) if selection.filters_events else item.analysis
            self.events += len(analysis.document.events)
            yield analysis


def export_store(
    store: Store, fmt: str, out: str | Path, selection: Selection | None = None
) -> ExportSummary:
    """Write the selected part of ``store`` to ``out`` in format ``fmt``.

    ``out`` is a file, except for ``parquet`` where it is a folder that receives
    ``events.parquet`` and ``documents.parquet``. JSONL, CSV and GDELT carry story-pinned
    dates (as ``tidings analyze`` prints them); Parquet carries the stored dates, so that
    ``tidings load`` rebuilds the same events.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    path = Path(out)
    selection = selection or Selection()
    if fmt == "parquet":
        from tidings.export.parquet import write_parquet

        written = write_parquet(select_documents(store, selection, pin=False), path)
        line = f"parquet: {written.documents} documents, {written.events} events in {path}"
        return ExportSummary(written.documents, written.events, line)
    if path.parent and not path.parent.exists():
        raise ValueError(f"{path}: folder {path.parent} does not exist")
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "jsonl":
            from tidings.export.jsonl import write_jsonl

            counter = EventCounter()
            documents = write_jsonl(counter.analyses(store, selection), handle)
            line = f"jsonl: {documents} documents ({counter.events} events) in {path}"
            return ExportSummary(documents, counter.events, line)
        if fmt == "csv":
            from tidings.export.csv import write_csv

            count = write_csv(select_documents(store, selection), handle)
            return ExportSummary(0, count, f"csv: {count} events in {path}")
        from tidings.export.gdelt import write_gdelt

        summary = write_gdelt(select_documents(store, selection), handle)
        return ExportSummary(0, summary.rows, summary.line())
