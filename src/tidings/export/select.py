"""Which stored documents and events an export writes: ``--since --until --actor --type``.

Why one selection for every format: JSONL, CSV, Parquet and GDELT must agree on what "the
events of Belarus in 2023" are, so the filters live here and the writers only format.
Documents are streamed one at a time in id order, so an export's memory does not grow with
the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from tidings import model
from tidings.store import Store
from tidings.store.read import within
from tidings.stories import pin_analysis, story_of_document


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Filters of an export; an empty selection takes every document and event.

    ``actors`` are ISO alpha-3 codes and/or KB ids (any side of an event); ``types`` are
    PLOVER types; ``since``/``until`` keep events whose date may fall in the range (an event
    without a year never does, as on a timeline).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    actors: frozenset[str] | None = None
    types: frozenset[str] | None = None

    @property
    def filters_events(self) -> bool:
        return bool(self.since is not None or self.until is not None or self.actors or self.types)


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectedEvent:
    """One event of a selected document: its index in the document and its story."""

    index: int
    event: model.Event
    story_id: str | None


@dataclass(slots=True, kw_only=True)
class SelectedDocument:
    """A stored document as an ``Analysis``, with the events the selection kept."""

    analysis: model.Analysis
    events: list[SelectedEvent] = field(default_factory=list)


def candidate_indexes(store: Store, selection: Selection) -> Iterator[tuple[str, set[int] | None]]:
    """(doc id, event indexes that pass the actor/type filters, or None for all of them)."""
    if not selection.actors and not selection.types:
        for doc_id in store.document_ids():
            yield doc_id, None
        return
    rows = store.iter_events(
        set(selection.actors) if selection.actors else None,
        set(selection.types) if selection.types else None,
    )
    for doc_id, group in groupby(rows, key=lambda row: row.doc_id):
        yield doc_id, {row.index for row in group}


def select_documents(
    store: Store, selection: Selection | None = None, *, pin: bool = True
) -> Iterator[SelectedDocument]:
    """Stream the selected documents with their selected events.

    ``pin`` replaces each event's date by its story's better date (basis ``story``), as
    ``tidings analyze`` does; without it events keep the dates stored for them (what a
    reloadable Parquet export needs). With no filter every document comes out, even one
    without events; with a filter only documents that keep at least one event.
    """
    selection = selection or Selection()
    for doc_id, indexes in candidate_indexes(store, selection):
        document = store.document(doc_id)
        if document is None:
            continue
        stored = {row.index: row for row in store.document_events(doc_id)}
        main_story = next((row.story_id for row in stored.values() if row.main), None)
        analysis = model.Analysis(
            document=document, story_id=story_of_document(store, doc_id, main_story)
        )
        if pin:
            pin_analysis(store, analysis)
        kept: list[SelectedEvent] = []
        for index, event in enumerate(document.events):
            if indexes is not None and index not in indexes:
                continue
            if not within(event.date, selection.since, selection.until):
                continue
            row = stored.get(index)
            kept.append(
                SelectedEvent(index=index, event=event, story_id=row.story_id if row else None)
            )
        if selection.filters_events and not kept:
            continue
        yield SelectedDocument(analysis=analysis, events=kept)


def only_selected(selected: SelectedDocument) -> model.Analysis:
    """A copy of the analysis whose document carries only the selected events."""
    document = dataclasses.replace(
        selected.analysis.document, events=[item.event for item in selected.events]
    )
    return model.Analysis(document=document, story_id=selected.analysis.story_id)
