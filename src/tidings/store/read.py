"""Reading the store back: rows for timelines, events and stories, and whole documents.

Why plain row dataclasses: callers (CLI, web, export, stories) get typed values, never
cursors, so the SQL stays in this package. Dates come back as ``model.PartialDate`` so the
rules about partial dates live in one place.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tidings import model
from tidings.store.write import date_display

#: Sort rank of a missing month/day/weekday: after every known value.
UNKNOWN_PART = 99


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that reports an event, and the document it is in."""

    doc_id: str
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """One stored event with what a reader needs around it."""

    id: str
    doc_id: str
    index: int
    type: str
    mode: str | None
    source: str | None
    target: str | None
    source_entity: str | None
    target_entity: str | None
    persons: tuple[str, ...]
    date: model.PartialDate | None
    location: model.Location | None
    evidence: model.Span
    sentence: str
    confidence: float
    main: bool
    cameo: str | None
    modality: str
    rule: str
    story_id: str | None
    lang: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRow:
    """A stored story as ``stories.py`` sees it when deciding where an event belongs."""

    id: str
    type: str
    mode: str | None
    source: str | None
    target: str | None
    date: model.PartialDate | None
    location: model.Location | None
    first_seen: str
    members: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineRow:
    """One story (or an event not yet in a story) on a timeline between actors."""

    story_id: str | None
    date: str | None  # "2024-08-22", "--08-22", "2024-08", "Monday", or None
    date_basis: str | None
    location: model.Location | None
    type: str
    mode: str | None
    source: str | None
    target: str | None
    participants: tuple[str, ...]
    reports: dict[str, int] = field(default_factory=dict)  # language -> documents
    evidence: tuple[Evidence, ...] = ()


def load_json(text: str | None, default: Any) -> Any:
    return default if text is None else json.loads(text)


def parse_day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def partial_date_from_json(data: dict[str, Any] | None) -> model.PartialDate | None:
    if data is None:
        return None
    return model.PartialDate(
        year=data.get("year"),
        month=data.get("month"),
        day=data.get("day"),
        weekday=data.get("weekday"),
        basis=tuple((str(a), str(b)) for a, b in data.get("basis", [])),
        text=data.get("text"),
    )


def partial_date_from_row(row: sqlite3.Row) -> model.PartialDate | None:
    """Rebuild a ``PartialDate`` from the date_* columns; None when nothing was stored."""
    bases = load_json(row["date_bases"], [])
    parts = (row["date_year"], row["date_month"], row["date_day"], row["date_weekday"])
    if all(p is None for p in parts) and not bases and row["date_text"] is None:
        return None
    return model.PartialDate(
        year=row["date_year"],
        month=row["date_month"],
        day=row["date_day"],
        weekday=row["date_weekday"],
        basis=tuple((str(a), str(b)) for a, b in bases),
        text=row["date_text"],
    )


def location_from_row(row: sqlite3.Row, *, with_span: bool = False) -> model.Location | None:
    city, country = row["location_city"], row["location_country"]
    if with_span:
        kb_id, rule = row["location_kb_id"], row["location_rule"]
        if city is None and country is None and kb_id is None and rule is None:
            return None
        start, end = row["location_start"], row["location_end"]
        return model.Location(
            city=city,
            country=country,
            kb_id=kb_id,
            span=model.Span(start, end) if start is not None else None,
            rule=rule or "",
        )
    if city is None and country is None:
        return None
    return model.Location(city=city, country=country)


EVENT_SELECT = (
    "SELECT e.*, d.lang AS lang, d.published AS published "
    "FROM events e JOIN documents d ON d.id = e.doc_id"
)


def event_from_row(row: sqlite3.Row) -> EventRow:
    return EventRow(
        id=row["id"],
        doc_id=row["doc_id"],
        index=row["idx"],
        type=row["type"],
        mode=row["mode"],
        source=row["source"],
        target=row["target"],
        source_entity=row["source_entity"],
        target_entity=row["target_entity"],
        persons=tuple(load_json(row["persons"], [])),
        date=partial_date_from_row(row),
        location=location_from_row(row, with_span=True),
        evidence=model.Span(row["evidence_start"], row["evidence_end"]),
        sentence=row["sentence"],
        confidence=row["confidence"],
        main=bool(row["main"]),
        cameo=row["cameo"],
        modality=row["modality"],
        rule=row["rule"],
        story_id=row["story_id"],
        lang=row["lang"],
        published=parse_day(row["published"]),
    )


def event_to_model(
    row: EventRow, trigger: model.Span | None, date_expr: model.Span | None
) -> model.Event:
    return model.Event(
        type=model.PloverType(row.type),
        mode=row.mode,
        source=row.source,
        target=row.target,
        source_entity=row.source_entity,
        target_entity=row.target_entity,
        persons=row.persons,
        date=row.date,
        date_expr=date_expr,
        location=row.location,
        evidence=row.evidence,
        trigger=trigger,
        confidence=row.confidence,
        main=row.main,
        cameo=row.cameo,
        modality=row.modality,
        rule=row.rule,
    )


def read_document_events(conn: sqlite3.Connection, doc_id: str) -> list[EventRow]:
    rows = conn.execute(f"{EVENT_SELECT} WHERE e.doc_id = ? ORDER BY e.idx", (doc_id,))
    return [event_from_row(r) for r in rows]


def read_events(
    conn: sqlite3.Connection, actor: set[str] | None = None, type: str | None = None
) -> list[EventRow]:
    """Events with any of ``actor`` on any side, of ``type``; in document, then event order."""
    where: list[str] = []
    params: list[Any] = []
    if actor:
        marks = ", ".join("?" for _ in actor)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor IN ({marks}))")
        params.extend(sorted(actor))
    if type:
        where.append("e.type = ?")
        params.append(type)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(f"{EVENT_SELECT}{clause} ORDER BY e.doc_id, e.idx", params)
    return [event_from_row(r) for r in rows]


def read_document(conn: sqlite3.Connection, doc_id: str) -> model.Document | None:
    """Rebuild a ``model.Document`` with every annotation the store keeps."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    doc = model.Document(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        source_url=row["source_url"],
        published=parse_day(row["published"]),
        published_basis=row["published_basis"],
        lang=row["lang"],
        lang_confidence=row["lang_confidence"] or 0.0,
        boilerplate=[
            model.Boilerplate(
                span=model.Span(b["start"], b["end"]), reason=b["reason"], rule=b["rule"]
            )
            for b in load_json(row["boilerplate"], [])
        ],
        sentences=[model.Span(a, b) for a, b in load_json(row["sentences"], [])],
        times=[
            model.TimeExpr(
                span=model.Span(t["start"], t["end"]),
                value=partial_date_from_json(t["value"]) or model.PartialDate(),
                rule=t["rule"],
            )
            for t in load_json(row["times"], [])
        ],
        notes=list(load_json(row["notes"], [])),
        meta=dict(load_json(row["meta"], {})),
    )
    doc.mentions = [
        model.Mention(
            span=model.Span(m["start"], m["end"]),
            surface=m["surface"],
            kind=m["kind"],
            kb_id=m["kb_id"],
            candidates=tuple(load_json(m["candidates"], [])),
            role=m["role"],
            country=m["country"],
            rule=m["rule"],
        )
        for m in conn.execute("SELECT * FROM mentions WHERE doc_id = ? ORDER BY rowid", (doc_id,))
    ]
    doc.entities = {
        e["kb_id"]: model.Entity(
            kb_id=e["kb_id"],
            kind=e["kind"],
            name=e["name"],
            country=e["doc_country"],
            role=e["doc_role"],
            provisional=bool(e["provisional"]),
            tenures=tuple(tenure_from_json(t) for t in load_json(e["tenures"], [])),
            qid=e["qid"],
        )
        for e in conn.execute(
            "SELECT en.*, de.role AS doc_role, de.country AS doc_country "
            "FROM document_entities de JOIN entities en ON en.kb_id = de.kb_id "
            "WHERE de.doc_id = ? ORDER BY de.rowid",
            (doc_id,),
        )
    }
    raw = {
        r["id"]: r
        for r in conn.execute("SELECT * FROM events WHERE doc_id = ? ORDER BY idx", (doc_id,))
    }
    for event in read_document_events(conn, doc_id):
        r = raw[event.id]
        trigger = (
            model.Span(r["trigger_start"], r["trigger_end"])
            if r["trigger_start"] is not None
            else None
        )
        date_expr = (
            model.Span(r["date_expr_start"], r["date_expr_end"])
            if r["date_expr_start"] is not None
            else None
        )
        doc.events.append(event_to_model(event, trigger, date_expr))
    return doc


def tenure_from_json(data: dict[str, Any]) -> model.Tenure:
    return model.Tenure(
        role=data["role"],
        country=data.get("country"),
        start=parse_day(data.get("start")),
        end=parse_day(data.get("end")),
        office=data.get("office"),
    )


def story_from_row(row: sqlite3.Row) -> StoryRow:
    return StoryRow(
        id=row["id"],
        type=row["type"],
        mode=row["mode"],
        source=row["source"],
        target=row["target"],
        date=partial_date_from_row(row),
        location=location_from_row(row),
        first_seen=row["first_seen"],
        members=row["members"],
    )


STORY_SELECT = (
    "SELECT s.*, (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id) AS members "
    "FROM stories s"
)


def read_stories_of_pair(
    conn: sqlite3.Connection, source: str | None, target: str | None, *, unordered: bool
) -> list[StoryRow]:
    """Stories whose (source, target) is this pair, or its reverse when ``unordered``.

    Uses the ``stories_pair`` index: this is the blocking step of story assignment.
    """
    query = f"{STORY_SELECT} WHERE (s.source IS ? AND s.target IS ?)"
    params: list[Any] = [source, target]
    if unordered and source != target:
        query += " OR (s.source IS ? AND s.target IS ?)"
        params.extend([target, source])
    return [story_from_row(r) for r in conn.execute(query + " ORDER BY s.first_seen, s.id", params)]


def read_story_events(conn: sqlite3.Connection, story_id: str) -> list[EventRow]:
    rows = conn.execute(
        f"{EVENT_SELECT} WHERE e.id IN (SELECT event_id FROM story_members WHERE story_id = ?) "
        "ORDER BY e.main DESC, e.doc_id, e.idx",
        (story_id,),
    )
    return [event_from_row(r) for r in rows]


def read_story(conn: sqlite3.Connection, story_id: str) -> model.Story | None:
    row = conn.execute(f"{STORY_SELECT} WHERE s.id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    story = story_from_row(row)
    events = read_story_events(conn, story_id)
    return model.Story(
        id=story.id,
        type=model.PloverType(story.type),
        source=story.source,
        target=story.target,
        date=story.date,
        location=story.location,
        mode=story.mode,
        doc_ids=sorted({e.doc_id for e in events}),
        participants=person_names(conn, events),
    )


def person_names(conn: sqlite3.Connection, events: list[EventRow]) -> tuple[str, ...]:
    """English names of the people in these events, first appearance first."""
    ids = list(dict.fromkeys(p for e in events for p in e.persons))
    if not ids:
        return ()
    marks = ", ".join("?" for _ in ids)
    names = dict(
        conn.execute(f"SELECT kb_id, name FROM entities WHERE kb_id IN ({marks})", ids).fetchall()
    )
    return tuple(dict.fromkeys(names.get(p, p) for p in ids))


def matching_event_ids(
    conn: sqlite3.Connection, a: set[str], b: set[str] | None, types: set[str] | None
) -> list[str]:
    """Events with an actor of ``a`` on one side and an actor of ``b`` on the other.

    Side ``other`` (a person of unknown side) pairs with anything. With ``b`` None, any
    event that involves ``a`` at all.
    """
    a_marks = ", ".join("?" for _ in a)
    params: list[Any] = sorted(a)
    if b is None:
        query = f"SELECT DISTINCT x.event_id FROM event_actors x WHERE x.actor IN ({a_marks})"
    else:
        b_marks = ", ".join("?" for _ in b)
        params.extend(sorted(b))
        query = (
            "SELECT DISTINCT x.event_id FROM event_actors x "
            "JOIN event_actors y ON y.event_id = x.event_id "
            f"WHERE x.actor IN ({a_marks}) AND y.actor IN ({b_marks}) "
            "AND x.rowid != y.rowid "
            "AND (x.side != y.side OR x.side = 'other')"
        )
    if types:
        t_marks = ", ".join("?" for _ in types)
        query = f"SELECT id FROM events WHERE id IN ({query}) AND type IN ({t_marks})"
        params.extend(sorted(types))
    return [r[0] for r in conn.execute(query, params)]


def sort_key(date: model.PartialDate | None) -> tuple[int, int, int, int, int]:
    """Oldest first; within what is known, less precise after more precise; no year last."""
    if date is None:
        return (1, UNKNOWN_PART, UNKNOWN_PART, UNKNOWN_PART, UNKNOWN_PART)
    return (
        0 if date.year else 1,
        date.year or 0,
        date.month or UNKNOWN_PART,
        date.day or UNKNOWN_PART,
        date.weekday if date.weekday is not None else UNKNOWN_PART,
    )


def date_bounds(date: model.PartialDate | None) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a partial date can be; None when it has no year."""
    return None if date is None else date.day_bounds()


def within(date: model.PartialDate | None, since: dt.date | None, until: dt.date | None) -> bool:
    """True when the date may fall in [since, until]; a date with no year never does."""
    if since is None and until is None:
        return True
    bounds = date_bounds(date)
    if bounds is None:
        return False
    first, last = bounds
    return (since is None or last >= since) and (until is None or first <= until)


def read_timeline(
    conn: sqlite3.Connection,
    a: set[str],
    b: set[str] | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: set[str] | None = None,
    main_only: bool = True,
) -> list[TimelineRow]:
    """Stories between ``a`` and ``b``; with ``main_only``, only those that are the main
    event of at least one report (a detail of an article — "he arrived on Tuesday", "they
    are willing to cooperate" — does not make a timeline entry of its own)."""
    event_ids = matching_event_ids(conn, a, b, types)
    if not event_ids:
        return []
    marks = ", ".join("?" for _ in event_ids)
    matched = [
        event_from_row(r)
        for r in conn.execute(f"{EVENT_SELECT} WHERE e.id IN ({marks})", event_ids)
    ]
    story_ids = sorted({e.story_id for e in matched if e.story_id})
    rows: list[tuple[tuple[int, ...], str, TimelineRow]] = []
    for story_id in story_ids:
        srow = conn.execute(f"{STORY_SELECT} WHERE s.id = ?", (story_id,)).fetchone()
        story = story_from_row(srow)
        if not within(story.date, since, until):
            continue
        members = read_story_events(conn, story_id)
        if main_only and not any(e.main for e in members):
            continue
        rows.append(
            (
                sort_key(story.date),
                story.first_seen + story.id,
                TimelineRow(
                    story_id=story.id,
                    date=date_display(story.date),
                    date_basis=story.date.main_basis if story.date else None,
                    location=story.location,
                    type=story.type,
                    mode=story.mode,
                    source=story.source,
                    target=story.target,
                    participants=person_names(conn, members),
                    reports=count_languages(conn, story_id),
                    evidence=tuple(dict.fromkeys(Evidence(e.doc_id, e.sentence) for e in members)),
                ),
            )
        )
    for event in matched:
        if event.story_id or not within(event.date, since, until):
            continue
        if main_only and not event.main:
            continue
        rows.append(
            (
                sort_key(event.date),
                event.id,
                TimelineRow(
                    story_id=None,
                    date=date_display(event.date),
                    date_basis=event.date.main_basis if event.date else None,
                    location=event.location,
                    type=event.type,
                    mode=event.mode,
                    source=event.source,
                    target=event.target,
                    participants=person_names(conn, [event]),
                    reports={event.lang or "und": 1},
                    evidence=(Evidence(event.doc_id, event.sentence),),
                ),
            )
        )
    rows.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in rows]


def count_languages(conn: sqlite3.Connection, story_id: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for (lang,) in conn.execute(
        "SELECT d.lang FROM documents d WHERE d.id IN "
        "(SELECT doc_id FROM story_members WHERE story_id = ?)",
        (story_id,),
    ):
        counts[lang or "und"] += 1
    return dict(sorted(counts.items()))


def count_rows(conn: sqlite3.Connection) -> dict[str, int]:
    tables = (
        "documents",
        "mentions",
        "entities",
        "events",
        "stories",
        "story_members",
        "skipped",
    )
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def iter_document_ids(conn: sqlite3.Connection) -> Iterator[str]:
    """Every stored document id, in id order, streamed (for exports of any size)."""
    for (doc_id,) in conn.cursor().execute("SELECT id FROM documents ORDER BY id"):
        yield doc_id


def iter_event_rows(
    conn: sqlite3.Connection, actors: set[str] | None = None, types: set[str] | None = None
) -> Iterator[EventRow]:
    """Events with any of ``actors`` on any side and of any of ``types``, streamed in
    document, then event order (what exports group by document)."""
    where: list[str] = []
    params: list[Any] = []
    if actors:
        marks = ", ".join("?" for _ in actors)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor IN ({marks}))")
        params.extend(sorted(actors))
    if types:
        marks = ", ".join("?" for _ in types)
        where.append(f"e.type IN ({marks})")
        params.extend(sorted(types))
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    for row in conn.cursor().execute(f"{EVENT_SELECT}{clause} ORDER BY e.doc_id, e.idx", params):
        yield event_from_row(row)
