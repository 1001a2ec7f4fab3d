"""Parquet export and import: an events table and a documents table, typed, reloadable.

Why Parquet: DuckDB, pandas, Spark and Polars read it directly, typed and compressed, and the
Spark job writes the same two tables, so ``tidings load`` brings a cluster run into a store.
The events table is the CSV's columns plus the raw fields a store needs to rebuild each event
(date parts, spans, rule); the documents table keeps the text and its annotations, nested
ones as JSON text so any engine can read them. Each file says which table it is in its
schema metadata (``tidings.table``). pyarrow is the optional extra ``parquet``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings import model
from tidings.export.select import SelectedDocument
from tidings.export.table import EVENT_COLUMNS, event_table_row
from tidings.store import read as store_read
from tidings.store import write as store_write

#: Rows per written batch (row group): bounds memory on large exports.
BATCH_ROWS = 2_000
#: Schema metadata key naming the table, and the version of our layout.
TABLE_KEY = b"tidings.table"
FORMAT_KEY = b"tidings.format"
FORMAT_VERSION = b"1"
EVENTS, DOCUMENTS = "events", "documents"
#: File names of an export directory.
EVENTS_FILE, DOCUMENTS_FILE = "events.parquet", "documents.parquet"

#: Event columns beyond the CSV's: what rebuilding an ``Event`` needs.
RAW_EVENT_COLUMNS: tuple[str, ...] = (
    "date_year",
    "date_month",
    "date_day",
    "date_weekday",
    "date_bases",
    "date_expr_start",
    "date_expr_end",
    "person_ids",
    "location_kb_id",
    "location_start",
    "location_end",
    "location_rule",
    "trigger_start",
    "trigger_end",
    "rule",
)


class ParquetError(ValueError):
    """A Parquet file that cannot be read as a tidings table; the message names the file."""


def require_pyarrow(module: str = "pyarrow") -> Any:
    """Import pyarrow (or one of its modules), or fail with one line naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ParquetError("Parquet needs pyarrow: pip install 'tidings[parquet]'") from exc


def event_schema() -> Any:
    pa = require_pyarrow()
    text, integer = pa.string(), pa.int64()
    types: dict[str, Any] = {
        "event_index": pa.int32(),
        "goldstein": pa.float64(),
        "weekday": text,
        "published": pa.date32(),
        "evidence_start": integer,
        "evidence_end": integer,
        "confidence": pa.float64(),
        "main": pa.bool_(),
        "date_year": pa.int32(),
        "date_month": pa.int32(),
        "date_day": pa.int32(),
        "date_weekday": pa.int32(),
        "date_expr_start": integer,
        "date_expr_end": integer,
        "person_ids": pa.list_(text),
        "location_start": integer,
        "location_end": integer,
        "trigger_start": integer,
        "trigger_end": integer,
    }
    fields = [pa.field(name, types.get(name, text)) for name in EVENT_COLUMNS + RAW_EVENT_COLUMNS]
    return pa.schema(fields, metadata={TABLE_KEY: EVENTS, FORMAT_KEY: FORMAT_VERSION})


DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source",
    "url",
    "source_url",
    "title",
    "lang",
    "lang_confidence",
    "published",
    "published_basis",
    "story_id",
    "text",
    "boilerplate",
    "sentences",
    "times",
    "mentions",
    "entities",
    "notes",
    "meta",
)


def document_schema() -> Any:
    pa = require_pyarrow()
    types: dict[str, Any] = {
        "lang_confidence": pa.float64(),
        "published": pa.date32(),
        "notes": pa.list_(pa.string()),
    }
    fields = [pa.field(name, types.get(name, pa.string())) for name in DOCUMENT_COLUMNS]
    return pa.schema(fields, metadata={TABLE_KEY: DOCUMENTS, FORMAT_KEY: FORMAT_VERSION})


# -- rows ------------------------------------------------------------------------------


def event_parquet_row(
    analysis: model.Analysis, index: int, event: model.Event, story_id: str | None
) -> dict[str, Any]:
    """One row of the Parquet events table: the CSV row plus the raw fields."""
    row = event_table_row(analysis, index, event, story_id)
    row["published"] = analysis.document.published
    date, location = event.date, event.location
    span_of = store_write.span_to_json
    date_expr, trigger = span_of(event.date_expr), span_of(event.trigger)
    place = span_of(location.span) if location else None
    row.update(
        {
            "date_year": date.year if date else None,
            "date_month": date.month if date else None,
            "date_day": date.day if date else None,
            "date_weekday": date.weekday if date else None,
            "date_bases": store_write.to_json([list(pair) for pair in date.basis])
            if date
            else None,
            "date_expr_start": date_expr[0] if date_expr else None,
            "date_expr_end": date_expr[1] if date_expr else None,
            "person_ids": list(event.persons),
            "location_kb_id": location.kb_id if location else None,
            "location_start": place[0] if place else None,
            "location_end": place[1] if place else None,
            "location_rule": location.rule if location else None,
            "trigger_start": trigger[0] if trigger else None,
            "trigger_end": trigger[1] if trigger else None,
            "rule": event.rule,
        }
    )
    return row


def mention_to_json(mention: model.Mention) -> dict[str, Any]:
    return {
        "start": mention.span.start,
        "end": mention.span.end,
        "surface": mention.surface,
        "kind": mention.kind,
        "kb_id": mention.kb_id,
        "candidates": list(mention.candidates),
        "role": mention.role,
        "country": mention.country,
        "rule": mention.rule,
    }


def entity_to_json(entity: model.Entity) -> dict[str, Any]:
    return {
        "kb_id": entity.kb_id,
        "kind": entity.kind,
        "name": entity.name,
        "country": entity.country,
        "role": entity.role,
        "provisional": entity.provisional,
        "tenures": [store_write.tenure_to_json(t) for t in entity.tenures],
        "qid": entity.qid,
    }


def document_parquet_row(analysis: model.Analysis) -> dict[str, Any]:
    """One row of the Parquet documents table."""
    doc, to_json = analysis.document, store_write.to_json
    return {
        "doc_id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "source_url": doc.source_url,
        "title": doc.title,
        "lang": doc.lang,
        "lang_confidence": doc.lang_confidence,
        "published": doc.published,
        "published_basis": doc.published_basis,
        "story_id": analysis.story_id,
        "text": doc.text,
        "boilerplate": to_json(store_write.boilerplate_to_json(doc.boilerplate)),
        "sentences": to_json([[s.start, s.end] for s in doc.sentences]),
        "times": to_json([store_write.time_to_json(t) for t in doc.times]),
        "mentions": to_json([mention_to_json(m) for m in doc.mentions]),
        "entities": to_json([entity_to_json(e) for e in doc.entities.values()]),
        "notes": list(doc.notes),
        "meta": to_json(doc.meta),
    }


# -- writing ---------------------------------------------------------------------------


@dataclass(slots=True)
class ParquetSummary:
    documents: int = 0
    events: int = 0


class BatchWriter:
    """A Parquet file written a batch of rows at a time."""

    def __init__(self, path: Path, schema: Any) -> None:
        self.pa = require_pyarrow()
        pq = require_pyarrow("pyarrow.parquet")

        self.schema = schema
        self.writer = pq.ParquetWriter(str(path), schema)
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_parquet(selected: Iterable[SelectedDocument], out_dir: Path) -> ParquetSummary:
    """Write ``events.parquet`` and ``documents.parquet`` into ``out_dir`` (created)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = ParquetSummary()
    events = BatchWriter(out_dir / EVENTS_FILE, event_schema())
    documents = BatchWriter(out_dir / DOCUMENTS_FILE, document_schema())
    try:
        for item in selected:
            documents.add(document_parquet_row(item.analysis))
            summary.documents += 1
            for chosen in item.events:
                events.add(
                    event_parquet_row(item.analysis, chosen.index, chosen.event, chosen.story_id)
                )
                summary.events += 1
    finally:
        events.close()
        documents.close()
    return summary


# -- reading ---------------------------------------------------------------------------


def parquet_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The Parquet files named, and those inside named folders (Spark writes part files)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*.parquet")
                if not any(part.startswith(("_", ".")) for part in p.relative_to(path).parts)
            )
        else:
            yield path


def table_kind(path: Path, schema: Any) -> str:
    """``events`` or ``documents``: from our metadata, else from the columns."""
    metadata = schema.metadata or {}
    if TABLE_KEY in metadata:
        return str(metadata[TABLE_KEY].decode())
    names = set(schema.names)
    if {"doc_id", "type", "evidence_start"} <= names:
        return EVENTS
    if names & {"doc_id", "id"} and names & {"text", "countries"}:
        return DOCUMENTS
    raise ParquetError(f"{path}: neither a tidings events nor a documents table")


def iter_parquet_rows(path: Path) -> tuple[str, Iterator[dict[str, Any]]]:
    """The kind of table in ``path`` and its rows, a batch at a time."""
    pq = require_pyarrow("pyarrow.parquet")

    try:
        handle = pq.ParquetFile(str(path))
    except (OSError, ValueError) as exc:  # ArrowInvalid is a ValueError
        raise ParquetError(f"{path}: not a readable Parquet file: {exc}") from exc
    kind = table_kind(path, handle.schema_arrow)

    def rows() -> Iterator[dict[str, Any]]:
        for batch in handle.iter_batches(batch_size=BATCH_ROWS):
            yield from batch.to_pylist()

    return kind, rows()


def as_day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def span_or_none(start: Any, end: Any) -> model.Span | None:
    return None if start is None or end is None else model.Span(int(start), int(end))


def event_from_parquet(row: dict[str, Any]) -> model.Event:
    """Rebuild an ``Event`` from a row of the events table."""
    bases = json.loads(row.get("date_bases") or "[]")
    parts = [row.get(f"date_{name}") for name in ("year", "month", "day", "weekday")]
    date = None
    if any(p is not None for p in parts) or bases or row.get("date_text") is not None:
        date = model.PartialDate(
            year=parts[0],
            month=parts[1],
            day=parts[2],
            weekday=parts[3],
            basis=tuple((str(a), str(b)) for a, b in bases),
            text=row.get("date_text"),
        )
    location = None
    place_fields = ("location_city", "location_country", "location_kb_id", "location_rule")
    if any(row.get(name) is not None for name in place_fields):
        location = model.Location(
            city=row.get("location_city"),
            country=row.get("location_country"),
            kb_id=row.get("location_kb_id"),
            span=span_or_none(row.get("location_start"), row.get("location_end")),
            rule=row.get("location_rule") or "",
        )
    evidence = span_or_none(row.get("evidence_start"), row.get("evidence_end"))
    return model.Event(
        type=model.PloverType(row["type"]),
        mode=row.get("mode"),
        source=row.get("source"),
        target=row.get("target"),
        source_entity=row.get("source_entity"),
        target_entity=row.get("target_entity"),
        persons=tuple(row.get("person_ids") or ()),
        date=date,
        date_expr=span_or_none(row.get("date_expr_start"), row.get("date_expr_end")),
        location=location,
        evidence=evidence or model.Span(0, 0),
        trigger=span_or_none(row.get("trigger_start"), row.get("trigger_end")),
        confidence=float(row.get("confidence") or 0.0),
        main=bool(row.get("main")),
        cameo=row.get("cameo"),
        modality=row.get("modality") or "asserted",
        rule=row.get("rule") or "",
    )


def text_from_evidence(rows: list[dict[str, Any]]) -> str:
    """A stand-in text for a table without one (the Spark job's): each evidence sentence at
    its offsets, spaces elsewhere, so every event's span still points at its sentence."""
    chars: list[str] = []
    for row in rows:
        start, sentence = row.get("evidence_start"), row.get("evidence_sentence")
        if start is None or not sentence:
            continue
        end = int(start) + len(sentence)
        if len(chars) < end:
            chars.extend(" " * (end - len(chars)))
        chars[int(start) : end] = sentence
    return "".join(chars)


def document_id_of(row: dict[str, Any]) -> str:
    """The document id of a documents row: ``doc_id`` (ours) or ``id`` (the Spark job's)."""
    value = row.get("doc_id", row.get("id"))
    if value is None:
        raise KeyError("doc_id")
    return str(value)


def document_from_parquet(
    row: dict[str, Any], events: list[model.Event], event_rows: Sequence[dict[str, Any]] = ()
) -> model.Document:
    """Rebuild a ``Document`` (with ``events``) from a row of the documents table.

    A table without ``text`` gets the stand-in of ``text_from_evidence`` and a note saying so.
    """
    load = store_read.load_json
    doc_id = document_id_of(row)
    text = row.get("text")
    notes = list(row.get("notes") or [])
    if text is None:
        text = text_from_evidence(list(event_rows))
        notes.append("text rebuilt from evidence sentences: the loaded table had no text")
    doc = model.Document(
        id=doc_id,
        source=row.get("source") or doc_id,
        text=text,
        title=row.get("title"),
        url=row.get("url"),
        source_url=row.get("source_url"),
        published=as_day(row.get("published")),
        published_basis=row.get("published_basis"),
        lang=row.get("lang"),
        lang_confidence=float(row.get("lang_confidence") or 0.0),
        boilerplate=[
            model.Boilerplate(
                span=model.Span(b["start"], b["end"]), reason=b["reason"], rule=b["rule"]
            )
            for b in load(row.get("boilerplate"), [])
        ],
        sentences=[model.Span(a, b) for a, b in load(row.get("sentences"), [])],
        times=[
            model.TimeExpr(
                span=model.Span(t["start"], t["end"]),
                value=store_read.partial_date_from_json(t["value"]) or model.PartialDate(),
                rule=t["rule"],
            )
            for t in load(row.get("times"), [])
        ],
        notes=notes,
        meta=dict(load(row.get("meta"), {})),
        events=events,
    )
    doc.mentions = [
        model.Mention(
            span=model.Span(m["start"], m["end"]),
            surface=m["surface"],
            kind=m["kind"],
            kb_id=m.get("kb_id"),
            candidates=tuple(m.get("candidates") or ()),
            role=m.get("role"),
            country=m.get("country"),
            rule=m.get("rule") or "",
        )
        for m in load(row.get("mentions"), [])
    ]
    doc.entities = {
        e["kb_id"]: model.Entity(
            kb_id=e["kb_id"],
            kind=e["kind"],
            name=e["name"],
            country=e.get("country"),
            role=e.get("role"),
            provisional=bool(e.get("provisional")),
            tenures=tuple(store_read.tenure_from_json(t) for t in e.get("tenures") or []),
            qid=e.get("qid"),
        )
        for e in load(row.get("entities"), [])
    }
    return doc
