"""The Parquet tables of the Spark job: ``documents``, ``events``, ``stories``, ``skipped``.

Why flat tables of the SCHEMA.md record: DuckDB, Spark SQL and ``tidings load`` read them
without our code; one row per event makes "who met whom in August" a plain filter. Every
column comes from ``tidings.export.jsonl.analysis_record``, so the Parquet output and the
JSONL output cannot drift; ``records_from_tables`` rebuilds the JSONL records from rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tidings.export.jsonl import analysis_record, date_fields
from tidings.export.parquet import RAW_EVENT_COLUMNS
from tidings.model import Analysis, Event, PartialDate
from tidings.spark_job.windows import MainEvent, Member, SparkStory

#: Spark DDL of each table; column order is the row order below.
DOCUMENTS_DDL = (
    "id STRING, source STRING, lang STRING, published DATE, published_basis STRING, "
    "title STRING, url STRING, source_url STRING, countries ARRAY<STRING>, "
    "persons ARRAY<STRUCT<name: STRING, country: STRING, role: STRING, kb_id: STRING, "
    "qid: STRING>>, "
    "orgs ARRAY<STRUCT<name: STRING, kb_id: STRING, qid: STRING>>, "
    "removed ARRAY<STRUCT<text: STRING, reason: STRING, `start`: INT, `end`: INT>>, "
    "notes ARRAY<STRING>, story STRING, n_events INT"
)
EVENTS_DDL = (
    "doc_id STRING, `index` INT, event_id STRING, lang STRING, published DATE, "
    "type STRING, mode STRING, source STRING, target STRING, source_entity STRING, "
    "target_entity STRING, persons ARRAY<STRING>, date STRING, date_precision STRING, "
    "date_basis STRING, weekday STRING, date_text STRING, location_city STRING, "
    "location_country STRING, evidence_sentence STRING, evidence_start INT, evidence_end INT, "
    "confidence DOUBLE, main BOOLEAN, cameo STRING, modality STRING, rule STRING, "
    "story_id STRING, date_flag STRING, date_year INT, date_month INT, date_day INT, "
    "date_weekday INT, date_bases STRING, date_expr_start INT, date_expr_end INT, "
    "person_ids ARRAY<STRING>, location_kb_id STRING, location_start INT, location_end INT, "
    "location_rule STRING, trigger_start INT, trigger_end INT"
)
#: The raw event fields ``tidings load`` needs to rebuild an ``Event`` exactly (the same
#: names as ``tidings.export.parquet.RAW_EVENT_COLUMNS``), after the SCHEMA.md fields.
RAW_FIELDS = [c for c in RAW_EVENT_COLUMNS if c != "rule"]
STORIES_DDL = (
    "story_id STRING, type STRING, mode STRING, source STRING, target STRING, date STRING, "
    "date_precision STRING, date_basis STRING, first_day DATE, last_day DATE, "
    "n_events INT, n_documents INT, event_ids ARRAY<STRING>, doc_ids ARRAY<STRING>, "
    "langs ARRAY<STRING>"
)
SKIPPED_DDL = "source STRING, reason STRING"
EVENT_FIELDS = [
    "type",
    "mode",
    "source",
    "target",
    "source_entity",
    "target_entity",
    "persons",
    "date",
    "date_precision",
    "date_basis",
    "weekday",
    "date_text",
    "confidence",
    "main",
    "cameo",
    "modality",
    "rule",
]


@dataclass(slots=True)
class AnalysedDoc:
    """What an executor keeps of one analysis: its record and its main events."""

    record: dict[str, Any]
    mains: list[MainEvent] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return str(self.record["id"])


def summarise_analysis(analysis: Analysis) -> AnalysedDoc:
    """The record (SCHEMA.md) and the main events of one analysis."""
    doc = analysis.document
    mains = [
        MainEvent(
            doc_id=doc.id,
            index=index,
            type=str(event.type),
            source=event.source,
            target=event.target,
            date=event.date,
            published=doc.published,
            lang=doc.lang,
            modality=event.modality,
            mode=event.mode,
        )
        for index, event in enumerate(doc.events)
        if event.main
    ]
    record = analysis_record(analysis)
    record["events"] = [
        {**fields, "raw": raw_fields(event)}
        for fields, event in zip(record["events"], doc.events, strict=True)
    ]
    return AnalysedDoc(record, mains)


def date_parts(date: PartialDate | None) -> dict[str, Any]:
    return {
        "date_year": date.year if date else None,
        "date_month": date.month if date else None,
        "date_day": date.day if date else None,
        "date_weekday": date.weekday if date else None,
        "date_bases": json.dumps([list(p) for p in date.basis]) if date else None,
    }


def raw_fields(event: Event) -> dict[str, Any]:
    """What SCHEMA.md leaves out but a store needs: date parts and bases, spans, ids."""
    place = event.location
    spans = {"date_expr": event.date_expr, "trigger": event.trigger}
    if place is not None:
        spans["location"] = place.span
    raw = {**date_parts(event.date), "person_ids": list(event.persons)}
    for name, span in spans.items():
        raw[f"{name}_start"] = span.start if span else None
        raw[f"{name}_end"] = span.end if span else None
    raw["location_kb_id"] = place.kb_id if place else None
    raw["location_rule"] = place.rule if place else None
    return raw


def apply_members(doc: AnalysedDoc, members: Iterable[Member]) -> dict[str, Any]:
    """The record with story ids and story-pinned dates set on its events."""
    record = dict(doc.record)
    events = [dict(e) for e in record["events"]]
    story: str | None = None
    for member in sorted(members, key=lambda m: m.index):
        event = events[member.index]
        event.update(date_fields(member.date))
        if member.date is None or member.date.weekday is None:
            event.pop("weekday", None)
        event["raw"] = {**event.get("raw", {}), **date_parts(member.date)}
        event["story_id"] = member.story_id
        event["date_flag"] = member.flag
        story = story or member.story_id
    record["events"] = events
    record["story"] = story
    return record


def to_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def document_row(record: dict[str, Any]) -> tuple[Any, ...]:
    return (
        record["id"],
        record["source"],
        record["lang"],
        to_day(record["published"]),
        record["published_basis"],
        record["title"],
        record["url"],
        record["source_url"],
        list(record["countries"]),
        [(p["name"], p["country"], p["role"], p["kb_id"], p["qid"]) for p in record["persons"]],
        [(o["name"], o["kb_id"], o["qid"]) for o in record["orgs"]],
        [(r["text"], r["reason"], r["start"], r["end"]) for r in record["removed"]],
        list(record["notes"]),
        record["story"],
        len(record["events"]),
    )


def event_rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for index, event in enumerate(record["events"]):
        location = event["location"] or {}
        raw = event.get("raw", {})
        evidence = event["evidence"]
        rows.append(
            (
                record["id"],
                index,
                f"{record['id']}#{index}",
                record["lang"],
                to_day(record["published"]),
                event["type"],
                event["mode"],
                event["source"],
                event["target"],
                event["source_entity"],
                event["target_entity"],
                list(event["persons"]),
                event["date"],
                event["date_precision"],
                event["date_basis"],
                event.get("weekday"),
                event["date_text"],
                location.get("city"),
                location.get("country"),
                evidence["sentence"],
                evidence["start"],
                evidence["end"],
                float(event["confidence"]),
                bool(event["main"]),
                event["cameo"],
                event["modality"],
                event["rule"],
                event.get("story_id"),
                event.get("date_flag"),
                *(raw.get(name) for name in RAW_FIELDS),
            )
        )
    return rows


def story_row(story: SparkStory) -> tuple[Any, ...]:
    shown = date_fields(story.date)
    return (
        story.story_id,
        story.type,
        story.mode,
        story.source,
        story.target,
        shown["date"],
        shown["date_precision"],
        shown["date_basis"],
        story.first_day,
        story.last_day,
        len(story.event_ids),
        len(story.doc_ids),
        list(story.event_ids),
        list(story.doc_ids),
        list(story.langs),
    )


def records_from_tables(
    documents: Iterable[dict[str, Any]], events: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """SCHEMA.md records rebuilt from rows of the two tables (as dicts), ordered by id;
    what ``tidings load`` or a test needs to compare Parquet with the JSONL output."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(events, key=lambda r: (r["doc_id"], r["index"])):
        event = {name: row[name] for name in EVENT_FIELDS}
        if event["weekday"] is None:
            del event["weekday"]
        event["location"] = (
            {"city": row["location_city"], "country": row["location_country"]}
            if row["location_city"] or row["location_country"]
            else None
        )
        event["evidence"] = {
            "sentence": row["evidence_sentence"],
            "start": row["evidence_start"],
            "end": row["evidence_end"],
        }
        by_doc.setdefault(row["doc_id"], []).append(event)
    records = []
    for row in sorted(documents, key=lambda r: r["id"]):
        published = row["published"]
        records.append(
            {
                "id": row["id"],
                "source": row["source"],
                "lang": row["lang"],
                "published": published.isoformat() if published else None,
                "published_basis": row["published_basis"],
                "title": row["title"],
                "url": row["url"],
                "source_url": row["source_url"],
                "countries": list(row["countries"]),
                "persons": [dict(p) for p in row["persons"]],
                "orgs": [dict(o) for o in row["orgs"]],
                "events": by_doc.get(row["id"], []),
                "removed": [dict(r) for r in row["removed"]],
                "notes": list(row["notes"]),
                "story": row["story"],
            }
        )
    return records
