"""Turning ``model`` objects into rows, and writing one analysis in one transaction.

Why here and not on the dataclasses: the model is the contract between stages and must stay
free of storage concerns; the public JSON lives in ``export``. These functions know the
table layout of ``migrations.py`` and nothing else. Callers own the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from typing import Any

from tidings import model
from tidings.entities.provisional import match_key, name_key

#: Stand-in for a boilerplate span in the searchable body, so words on either side of it
#: never join into one token.
BOILERPLATE_GAP = "\n"


def to_json(value: Any) -> str:
    """JSON for a column: compact, keeps non-ASCII text readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_event_id(doc_id: str, index: int) -> str:
    """Stable id of the ``index``-th event of a document."""
    return f"{doc_id}#{index}"


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def span_to_json(span: model.Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def partial_date_to_json(date: model.PartialDate | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "year": date.year,
        "month": date.month,
        "day": date.day,
        "weekday": date.weekday,
        "basis": [list(pair) for pair in date.basis],
        "text": date.text,
    }


def date_display(date: model.PartialDate | None) -> str | None:
    """What a reader is shown: ISO where known ("2024-08-22", "--08-22"), else the weekday."""
    if date is None:
        return None
    iso = date.iso()
    if iso is not None:
        return iso
    if date.weekday is not None and 0 <= date.weekday < len(model.WEEKDAYS):
        return model.WEEKDAYS[date.weekday].capitalize()
    return None


def date_columns(date: model.PartialDate | None) -> dict[str, Any]:
    """The date_* columns shared by ``events`` and ``stories``."""
    if date is None:
        return {
            "date": None,
            "date_year": None,
            "date_month": None,
            "date_day": None,
            "date_weekday": None,
            "date_basis": None,
            "date_bases": "[]",
            "date_text": None,
        }
    return {
        "date": date_display(date),
        "date_year": date.year,
        "date_month": date.month,
        "date_day": date.day,
        "date_weekday": date.weekday,
        "date_basis": date.main_basis,
        "date_bases": to_json([list(pair) for pair in date.basis]),
        "date_text": date.text,
    }


def boilerplate_to_json(items: list[model.Boilerplate]) -> list[dict[str, Any]]:
    return [
        {"start": b.span.start, "end": b.span.end, "reason": b.reason, "rule": b.rule}
        for b in items
    ]


def time_to_json(item: model.TimeExpr) -> dict[str, Any]:
    return {
        "start": item.span.start,
        "end": item.span.end,
        "value": partial_date_to_json(item.value),
        "rule": item.rule,
    }


def tenure_to_json(tenure: model.Tenure) -> dict[str, Any]:
    return {
        "role": tenure.role,
        "country": tenure.country,
        "start": tenure.start.isoformat() if tenure.start else None,
        "end": tenure.end.isoformat() if tenure.end else None,
        "office": tenure.office,
    }


def searchable_body(document: model.Document) -> str:
    """The document text with every boilerplate span cut out: what full-text search sees."""
    spans = sorted((b.span for b in document.boilerplate), key=lambda s: (s.start, s.end))
    parts: list[str] = []
    cursor = 0
    for span in spans:
        start = max(span.start, cursor)
        if start > cursor:
            parts.append(document.text[cursor:start])
        if span.end > cursor:
            parts.append(BOILERPLATE_GAP)
            cursor = max(cursor, span.end)
    parts.append(document.text[cursor:])
    return "".join(parts)


def sides_of(event: model.Event, entities: dict[str, model.Entity]) -> set[tuple[str, str]]:
    """(actor, side) pairs of an event: its codes, its entities, and its people.

    A person goes to the side whose country they serve; a person with no known country, or
    serving neither side's country, stands on side ``other`` (matches either side).
    """
    pairs: set[tuple[str, str]] = set()
    for actor, side in (
        (event.source, "source"),
        (event.source_entity, "source"),
        (event.target, "target"),
        (event.target_entity, "target"),
    ):
        if actor:
            pairs.add((actor, side))
    for person in event.persons:
        entity = entities.get(person)
        country = entity.country if entity else None
        if country is not None and country == event.source and country != event.target:
            pairs.add((person, "source"))
        elif country is not None and country == event.target and country != event.source:
            pairs.add((person, "target"))
        else:
            pairs.add((person, "other"))
    return pairs


def event_row(document: model.Document, index: int, event: model.Event) -> dict[str, Any]:
    location = event.location
    row: dict[str, Any] = {
        "id": make_event_id(document.id, index),
        "doc_id": document.id,
        "idx": index,
        "type": str(event.type),
        "mode": event.mode,
        "source": event.source,
        "target": event.target,
        "source_entity": event.source_entity,
        "target_entity": event.target_entity,
        "persons": to_json(list(event.persons)),
        "date_expr_start": event.date_expr.start if event.date_expr else None,
        "date_expr_end": event.date_expr.end if event.date_expr else None,
        "location_city": location.city if location else None,
        "location_country": location.country if location else None,
        "location_kb_id": location.kb_id if location else None,
        "location_start": location.span.start if location and location.span else None,
        "location_end": location.span.end if location and location.span else None,
        "location_rule": location.rule if location else None,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "trigger_start": event.trigger.start if event.trigger else None,
        "trigger_end": event.trigger.end if event.trigger else None,
        "sentence": document.span_text(event.evidence),
        "confidence": event.confidence,
        "main": int(event.main),
        "cameo": event.cameo,
        "modality": event.modality,
        "rule": event.rule,
        "story_id": None,
    }
    row.update(date_columns(event.date))
    return row


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def write_document(conn: sqlite3.Connection, analysis: model.Analysis) -> bool:
    """Insert one analysis (document, mentions, entities, events, search rows).

    Returns False and writes nothing when the document id is already stored. The caller
    holds the transaction.
    """
    doc = analysis.document
    if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
        return False
    insert_row(
        conn,
        "documents",
        {
            "id": doc.id,
            "source": doc.source,
            "url": doc.url,
            "source_url": doc.source_url,
            "title": doc.title,
            "lang": doc.lang,
            "lang_confidence": doc.lang_confidence,
            "published": doc.published.isoformat() if doc.published else None,
            "published_basis": doc.published_basis,
            "text": doc.text,
            "content_hash": hash_text(doc.text),
            "boilerplate": to_json(boilerplate_to_json(doc.boilerplate)),
            "sentences": to_json([[s.start, s.end] for s in doc.sentences]),
            "times": to_json([time_to_json(t) for t in doc.times]),
            "notes": to_json(doc.notes),
            "meta": to_json(doc.meta),
            "ingested_at": now_iso(),
        },
    )
    conn.executemany(
        'INSERT INTO mentions (doc_id, start, "end", surface, kind, kb_id, candidates, role, '
        "country, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc.id,
                m.span.start,
                m.span.end,
                m.surface,
                m.kind,
                m.kb_id,
                to_json(list(m.candidates)),
                m.role,
                m.country,
                m.rule,
            )
            for m in doc.mentions
        ],
    )
    write_entities(conn, doc)
    for index, event in enumerate(doc.events):
        row = event_row(doc, index, event)
        insert_row(conn, "events", row)
        conn.executemany(
            "INSERT OR IGNORE INTO event_actors (event_id, actor, side) VALUES (?, ?, ?)",
            [(row["id"], actor, side) for actor, side in sorted(sides_of(event, doc.entities))],
        )
    body = searchable_body(doc)
    for table in ("documents_fts", "documents_trigram"):
        conn.execute(
            f"INSERT INTO {table} (doc_id, title, body) VALUES (?, ?, ?)",
            (doc.id, doc.title or "", body),
        )
    return True


def write_entities(conn: sqlite3.Connection, doc: model.Document) -> None:
    """Upsert the KB entities a document resolved, and link them to the document.

    The global row keeps the first non-provisional description; the per-document link keeps
    the role and country the entity had at this document's date.
    """
    for kb_id, entity in doc.entities.items():
        conn.execute(
            "INSERT INTO entities (kb_id, kind, name, country, role, provisional, tenures, qid, "
            "name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(kb_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
            "country = excluded.country, role = excluded.role, "
            "provisional = excluded.provisional, tenures = excluded.tenures, "
            "qid = excluded.qid "
            "WHERE entities.provisional = 1 AND excluded.provisional = 0 "
            "OR entities.qid IS NOT excluded.qid AND excluded.qid IS NOT NULL",
            (
                entity.kb_id,
                entity.kind,
                entity.name,
                entity.country,
                entity.role,
                int(entity.provisional),
                to_json([tenure_to_json(t) for t in entity.tenures]),
                entity.qid,
                name_key(entity.name) if entity.provisional else None,
            ),
        )
        conn.execute(
            "INSERT OR REPLACE INTO document_entities (doc_id, kb_id, role, country) "
            "VALUES (?, ?, ?, ?)",
            (doc.id, kb_id, entity.role, entity.country),
        )
        if entity.provisional:
            link_provisional(conn, entity)


def link_provisional(conn: sqlite3.Connection, entity: model.Entity) -> None:
    """Point a provisional person at the stored one it is another spelling of.

    "Presiden Shavkat Mirziyoyev" and "Präsident Schawkat Mirsijojew" arrive in two
    documents as two provisional ids; ``entities.same_as`` of the later one names the earlier
    (see ``entities.provisional``: transliterated keys and fuzzy matching within one
    country). Stored ids are never rewritten; readers follow ``same_as``.
    """
    row = conn.execute("SELECT same_as FROM entities WHERE kb_id = ?", (entity.kb_id,)).fetchone()
    if row is not None and row[0]:
        return
    stored = dict(
        conn.execute(
            "SELECT kb_id, name_key FROM entities WHERE provisional = 1 "
            "AND same_as IS NULL AND kb_id != ? AND (country IS ? OR country IS NULL "
            "OR ? IS NULL) ORDER BY rowid",
            (entity.kb_id, entity.country, entity.country),
        ).fetchall()
    )
    target = match_key(name_key(entity.name), stored)
    if target is not None:
        conn.execute("UPDATE entities SET same_as = ? WHERE kb_id = ?", (target, entity.kb_id))


def record_skip(conn: sqlite3.Connection, source: str, reason: str) -> None:
    conn.execute(
        "INSERT INTO skipped (source, reason, at) VALUES (?, ?, ?)", (source, reason, now_iso())
    )


def insert_story(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    insert_row(conn, "stories", row)


def update_story(conn: sqlite3.Connection, story_id: str, changes: dict[str, Any]) -> None:
    if not changes:
        return
    assignments = ", ".join(f'"{name}" = ?' for name in changes)
    conn.execute(f"UPDATE stories SET {assignments} WHERE id = ?", (*changes.values(), story_id))


def add_story_member(conn: sqlite3.Connection, story_id: str, doc_id: str, event_id: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO story_members (story_id, doc_id, event_id) VALUES (?, ?, ?)",
        (story_id, doc_id, event_id),
    )
    conn.execute("UPDATE events SET story_id = ? WHERE id = ?", (story_id, event_id))
