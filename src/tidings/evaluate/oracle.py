"""Turn gold records into the system output format: the perfect system.

Why: scoring the gold against itself must give 1.0 on every figure. That checks the
metrics (a perfect answer is never marked wrong) and documents, by example, what output
each gold field expects.
"""

from __future__ import annotations

from typing import Any


def convert_gold_to_output(record: dict[str, Any]) -> dict[str, Any]:
    """One SCHEMA.md output record that says exactly what the gold says."""
    gold = record.get("gold") or {}
    main = dict(gold.get("main_event") or {})
    events = [_convert_event(main, is_main=True)]
    events += [_convert_event(e, is_main=False) for e in gold.get("events") or []]
    output: dict[str, Any] = {
        "id": record.get("id"),
        "lang": record.get("lang"),
        "published": record.get("published"),
        "countries": list(gold.get("countries") or []),
        "persons": [dict(p) for p in gold.get("persons") or []],
        "orgs": [{"name": name} for name in gold.get("orgs") or []],
        "events": events,
        "story": gold.get("story"),
    }
    if gold.get("boilerplate_lines"):
        output["removed"] = list(gold["boilerplate_lines"])
    return output


def _convert_event(event: dict[str, Any], *, is_main: bool) -> dict[str, Any]:
    return {
        "type": event.get("type"),
        "mode": event.get("mode"),
        "source": event.get("source"),
        "target": event.get("target"),
        "date": event.get("date"),
        "date_text": event.get("date_in_text"),
        "date_precision": "day" if event.get("date") else "none",
        "location": event.get("location"),
        "evidence": {"sentence": event.get("evidence"), "start": None, "end": None},
        "confidence": 1.0,
        "main": is_main,
        "cameo": None,
    }
