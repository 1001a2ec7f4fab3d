"""How rows from the store read on a terminal, and as plain JSON.

Why separate from ``cli.py``: the web page and tests format the same rows; the one-line
story form is what ``make demo`` prints and what a reader checks against the articles.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from tidings.model import WEEKDAYS, Location, PartialDate


def format_date(date: Any) -> str:
    """A date as the reader should see it: full, "--08-22" (year unknown), or "Monday"."""
    if date is None:
        return "date unknown"
    if isinstance(date, PartialDate):
        iso = date.iso()
        if iso and date.precision in ("day", "month_day"):
            return iso
        if date.weekday is not None:
            return f"a {WEEKDAYS[date.weekday].capitalize()}"
        return iso or "date unknown"
    text = str(date)
    return f"a {text.capitalize()}" if text.lower() in WEEKDAYS else text


def format_place(location: Location | None) -> str:
    if location is None:
        return "place unknown"
    return ", ".join(p for p in (location.city, location.country) if p) or "place unknown"


def actor_label(code: str | None) -> str:
    """A side of an event as a reader knows it: the country code ("BLR"), an organisation's
    name instead of its KB id ("European Union", not "Q458"), or "?"."""
    if not code:
        return "?"
    if len(code) == 3 and code.isalpha() and code.isupper():
        return code
    from tidings.entities.kb import load_kb

    entry = load_kb().get(code)
    return entry.name if entry is not None else code


def format_timeline_row(row: Any) -> str:
    """``2022-09-15 · Samarkand, UZB · AGREE · CHN → BLR · Xi Jinping, … · reports de:1``."""
    basis = getattr(row, "date_basis", None)
    date = format_date(row.date)
    if basis and basis != "text":
        date += f" ({basis})"
    kind = row.type + (f"/{row.mode}" if row.mode else "")
    pair = f"{actor_label(row.source)} → {actor_label(row.target)}"
    people = ", ".join(row.participants) if row.participants else ""
    reports = " ".join(f"{lang}:{n}" for lang, n in sorted(row.reports.items()))
    parts = [date, format_place(row.location), kind, pair]
    if people:
        parts.append(people)
    parts.append(f"reports {reports}" if reports else "")
    line = " · ".join(p for p in parts if p)
    if getattr(row, "evidence", None):
        first = row.evidence[0]
        line += f"\n    “{first.sentence[:160]}” [{first.doc_id}]"
    return line


def format_event_row(row: Any) -> str:
    kind = row.type + (f"/{row.mode}" if row.mode else "")
    return (
        f"{format_date(row.date)} · {format_place(row.location)} · {kind} · "
        f"{actor_label(row.source)} → {actor_label(row.target)} · [{row.doc_id}] "
        f"{row.sentence[:120]}"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return {
            "iso": value.iso(),
            "precision": value.precision,
            "basis": value.main_basis,
            "weekday": WEEKDAYS[value.weekday] if value.weekday is not None else None,
            "text": value.text,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_dict(row: Any) -> Any:
    """Any store row as JSON-ready data."""
    return _plain(row)
