"""The events table: one flat row per event, shared by the CSV and Parquet exports.

Why flat and shared: analysts open it in a spreadsheet, pandas, DuckDB or Spark; every column
is a scalar with a documented meaning (docs/export.md), and the CSV and Parquet files have
the same columns so a notebook works on either. Rows are built from an ``Analysis`` only (no
store), so the Spark job can write the same table straight from ``analyze``.
"""

from __future__ import annotations

from typing import Any

from tidings.events.coding import goldstein
from tidings.export.jsonl import date_fields
from tidings.model import Analysis, Event, Span

#: Columns of the events table, in order (docs/export.md explains each one).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "event_index",
    "story_id",
    "date",
    "date_precision",
    "date_basis",
    "date_text",
    "weekday",
    "type",
    "mode",
    "modality",
    "cameo",
    "goldstein",
    "source",
    "source_entity",
    "source_name",
    "target",
    "target_entity",
    "target_name",
    "persons",
    "location_city",
    "location_country",
    "lang",
    "published",
    "url",
    "evidence_sentence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "main",
)

#: Separator of the names in the ``persons`` column (a name never contains it).
PERSON_SEPARATOR = "; "


def make_event_id(doc_id: str, index: int) -> str:
    """The id the store gives the ``index``-th event of a document."""
    return f"{doc_id}#{index}"


def actor_name(analysis: Analysis, entity_id: str | None, code: str | None) -> str | None:
    """English name of an event side: its entity's name where the document resolved it."""
    entities = analysis.document.entities
    for key in (entity_id, code):
        if key and key in entities:
            return entities[key].name
    return None


def event_table_row(
    analysis: Analysis, index: int, event: Event, story_id: str | None
) -> dict[str, Any]:
    """One row of the events table (keys: ``EVENT_COLUMNS``)."""
    doc = analysis.document
    dates = date_fields(event.date)
    location = event.location
    evidence: Span = event.evidence
    return {
        "event_id": make_event_id(doc.id, index),
        "doc_id": doc.id,
        "event_index": index,
        "story_id": story_id,
        "date": dates["date"],
        "date_precision": dates["date_precision"],
        "date_basis": dates["date_basis"],
        "date_text": dates["date_text"],
        "weekday": dates.get("weekday"),
        "type": str(event.type),
        "mode": event.mode,
        "modality": event.modality,
        "cameo": event.cameo,
        "goldstein": goldstein(event.cameo),
        "source": event.source,
        "source_entity": event.source_entity,
        "source_name": actor_name(analysis, event.source_entity, event.source),
        "target": event.target,
        "target_entity": event.target_entity,
        "target_name": actor_name(analysis, event.target_entity, event.target),
        "persons": PERSON_SEPARATOR.join(
            doc.entities[p].name for p in event.persons if p in doc.entities
        ),
        "location_city": location.city if location else None,
        "location_country": location.country if location else None,
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "evidence_sentence": doc.span_text(evidence),
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "confidence": event.confidence,
        "main": event.main,
    }
