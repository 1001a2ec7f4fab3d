"""JSON Lines in: one article per line, as news crawls and our own exports ship them.

Why line by line: a crawl file can hold millions of articles, so we stream it and never
hold more than one line; one malformed line is skipped with its line number and the rest
of the file is still read.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.ingest.errors import Skipped
from tidings.ingest.text import stable_id
from tidings.model import RawDocument


def read_jsonl(
    path: Path,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
    max_line_bytes: int = 20_000_000,
) -> Iterator[RawDocument | Skipped]:
    """Yield one ``RawDocument`` per line of ``path`` (``.gz`` is decompressed)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            seen_any = False
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                seen_any = True
                source = f"{path}:{lineno}"
                if len(line) > max_line_bytes:
                    yield Skipped(source, f"line too large ({len(line)} bytes)")
                    continue
                yield parse_record(line, source, published=published, lang=lang)
            if not seen_any:
                yield Skipped(str(path), "empty file")
    except (OSError, EOFError) as exc:
        yield Skipped(str(path), f"unreadable: {exc}")


def parse_record(
    line: bytes | str,
    source: str,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
) -> RawDocument | Skipped:
    """One JSON object → ``RawDocument``; ``text`` or ``html`` is required."""
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return Skipped(source, "line is not valid UTF-8")
    except json.JSONDecodeError as exc:
        return Skipped(source, f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return Skipped(source, f"expected a JSON object, got {type(record).__name__}")
    text, content_type = _content_of(record)
    if text is None:
        return Skipped(source, "no 'text' or 'html' field with content")
    meta: dict[str, Any] = {}
    day = published
    if record.get("published") not in (None, ""):
        parsed = parse_published(record["published"])
        if parsed is None:
            meta["warning"] = f"ignored unreadable published value {record['published']!r}"
        else:
            day = parsed
    record_id = record.get("id")
    return RawDocument(
        id=str(record_id) if record_id not in (None, "") else stable_id(text),
        source=source,
        content=text,
        content_type=content_type,
        url=_optional_str(record.get("url")),
        published=day,
        lang=_optional_str(record.get("lang")) or lang,
        title=_optional_str(record.get("title")),
        meta=meta,
    )


def _content_of(record: dict[str, Any]) -> tuple[str | None, str]:
    for key, kind in (("text", "text"), ("html", "html")):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value, kind
    return None, "text"


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_published(value: object) -> dt.date | None:
    """An ISO date or datetime (``Z`` allowed) → its date; anything else → None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
