"""The public JSON form of an analysis (shared/eval/SCHEMA.md), one object per document.

Why here and not on the classes: the output format is a promise to users and to
``tidings eval``; the internal model may change shape without breaking it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from tidings.model import WEEKDAYS, Analysis, Event, PartialDate


def date_fields(date: PartialDate | None) -> dict[str, Any]:
    """``date``, ``date_precision``, ``date_basis``, ``weekday`` and ``date_text`` of a date."""
    if date is None:
        return {"date": None, "date_precision": "none", "date_basis": None, "date_text": None}
    fields: dict[str, Any] = {
        "date": date.iso(),
        "date_precision": date.precision,
        "date_basis": date.main_basis,
        "date_text": date.text,
    }
    if date.weekday is not None:
        fields["weekday"] = WEEKDAYS[date.weekday]
    return fields


def event_record(analysis: Analysis, event: Event) -> dict[str, Any]:
    doc = analysis.document
    entities = doc.entities
    record: dict[str, Any] = {
        "type": str(event.type),
        "mode": event.mode,
        "source": event.source,
        "target": event.target,
        "source_entity": event.source_entity,
        "target_entity": event.target_entity,
        "persons": [entities[p].name for p in event.persons if p in entities],
        **date_fields(event.date),
        "location": (
            {"city": event.location.city, "country": event.location.country}
            if event.location
            else None
        ),
        "evidence": {
            "sentence": doc.span_text(event.evidence),
            "start": event.evidence.start,
            "end": event.evidence.end,
        },
        "confidence": event.confidence,
        "main": event.main,
        "cameo": event.cameo,
        "modality": event.modality,
        "rule": event.rule,
    }
    return record


def reported_countries(analysis: Analysis) -> list[str]:
    """Countries that act or are acted upon: event actors, then the named people's countries."""
    doc = analysis.document
    seen: dict[str, None] = {}
    ordered = sorted(doc.events, key=lambda e: not e.main)
    for event in ordered:
        if event.modality == "negated":
            continue
        for code in (event.source, event.target):
            if code and len(code) == 3 and code.isupper():
                seen.setdefault(code, None)
    for entity in doc.entities.values():
        if entity.kind == "person" and entity.country:
            seen.setdefault(entity.country, None)
    return list(seen)


def analysis_record(analysis: Analysis) -> dict[str, Any]:
    """The SCHEMA.md output record of one analysed document."""
    doc = analysis.document
    persons = [
        {"name": e.name, "country": e.country, "role": e.role, "kb_id": e.kb_id, "qid": e.qid}
        for e in doc.entities.values()
        if e.kind == "person"
    ]
    orgs = [
        {"name": e.name, "kb_id": e.kb_id, "qid": e.qid}
        for e in doc.entities.values()
        if e.kind == "org"
    ]
    return {
        "id": doc.id,
        "source": doc.source,
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "published_basis": doc.published_basis,
        "title": doc.title,
        "url": doc.url,
        "source_url": doc.source_url,
        "countries": reported_countries(analysis),
        "persons": persons,
        "orgs": orgs,
        "events": [event_record(analysis, e) for e in doc.events],
        "removed": [
            {
                "text": doc.span_text(b.span),
                "reason": b.reason,
                "start": b.span.start,
                "end": b.span.end,
            }
            for b in doc.boilerplate
        ],
        "notes": list(doc.notes),
        "story": analysis.story_id,
    }


def dumps(analysis: Analysis) -> str:
    return json.dumps(analysis_record(analysis), ensure_ascii=False)


def write_jsonl(analyses: Iterable[Analysis], out: TextIO) -> int:
    """Write one ``analysis_record`` a line to ``out``; return how many documents."""
    count = 0
    for analysis in analyses:
        out.write(dumps(analysis))
        out.write("\n")
        count += 1
    return count
