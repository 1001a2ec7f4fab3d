"""The Python API: the few calls a notebook user needs, over the same code as the CLI.

Why a module of its own: ``cli.py`` only parses arguments and prints; everything it does
is one of these functions, so scripts and the web page get the same behaviour.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.entities.kb import KnowledgeBase, load_kb
from tidings.export.jsonl import analysis_record
from tidings.ingest.errors import Skipped
from tidings.ingest.files import iter_documents
from tidings.model import Analysis, RawDocument
from tidings.pipeline import analyze_many
from tidings.settings import Settings
from tidings.store import Store
from tidings.stories import assign_story, pin_analysis, settle_waiting, story_of_document


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def split_units(raws: Iterable[RawDocument | Skipped]) -> Iterator[RawDocument | Skipped]:
    """Every non-blank line of every text input as a document of its own (``id:line``), for
    coding single sentences without an article around them (PLOVER, PETRARCH test sets)."""
    for raw in raws:
        if isinstance(raw, Skipped) or raw.content_type != "text":
            yield raw
            continue
        for number, line in enumerate(raw.content.splitlines(), start=1):
            if line.strip():
                yield RawDocument(
                    id=f"{raw.id}:{number}",
                    source=f"{raw.source}:{number}",
                    content=line.strip(),
                    url=raw.url,
                    published=raw.published,
                    lang=raw.lang,
                )


def resolve_actor(name: str, kb: KnowledgeBase | None = None) -> set[str]:
    """Every code and KB id a name may stand for: "Tiongkok", "CHN", "Weißrussland", "Xi"."""
    kb = kb or load_kb()
    found: set[str] = set()
    if len(name) == 3 and name.isalpha() and name.isupper():
        found.add(name)
    for entry in kb.lookup(name):
        found.add(entry.id)
        if entry.kind == "country" and entry.country:
            found.add(entry.country)
    return found


def ingest_raw(
    store: Store,
    raws: Iterable[RawDocument | Skipped],
    *,
    kb: KnowledgeBase | None = None,
    settings: Settings | None = None,
    on_item: Callable[[str, RawDocument | Skipped | Analysis], None] | None = None,
    workers: int | None = 1,
) -> IngestSummary:
    """Analyse and store a stream; already-stored ids are not analysed again.

    ``workers`` processes analyse (``0`` or ``None``: one per CPU; ``1``: in this process);
    results arrive in input order and only this process reads and writes the store.
    """
    from tidings.parallel import analyze_parallel

    kb = kb or load_kb()
    summary = IngestSummary()
    added_ids: list[str] = []

    def fresh() -> Iterator[RawDocument | Skipped]:
        for raw in raws:
            if isinstance(raw, RawDocument) and store.has_document(raw.id):
                summary.already += 1
                if on_item:
                    on_item("already", raw)
                continue
            yield raw

    for result in analyze_parallel(fresh(), workers=workers, kb=kb, settings=settings):
        if isinstance(result, Skipped):
            store.record_skip(result.source, result.reason)
            summary.skipped.append(result)
            if on_item:
                on_item("skipped", result)
            continue
        if store.add_analysis(result):
            result.story_id = assign_story(store, result)
            added_ids.append(result.document.id)
            summary.added += 1
        else:
            summary.already += 1
        if on_item:
            on_item("added", result)
    settle_waiting(store, added_ids)  # reports that waited for a story founded later
    return summary


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    lang: str | None = None,
    **kwargs: Any,
) -> IngestSummary:
    """Ingest files, folders, JSONL dumps, WARC archives or RSS/Atom feeds into ``store``."""
    raws = iter_documents(paths, published=published, lang=lang)
    return ingest_raw(store, raws, **kwargs)


def analyze_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SCHEMA.md output for input records ({id, text|html, url, published, lang}), with stories
    assigned across the batch through a throw-away store."""
    kb = load_kb()
    raws: list[RawDocument | Skipped] = []
    for record in records:
        published = record.get("published")
        raws.append(
            RawDocument(
                id=str(record["id"]),
                source=str(record.get("source") or record["id"]),
                content=record.get("html") or record.get("text") or "",
                content_type="html" if record.get("html") else "text",
                url=record.get("url"),
                published=dt.date.fromisoformat(published[:10]) if published else None,
                lang=record.get("lang"),
            )
        )
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "eval.sqlite")
        analyses: list[Analysis] = []
        for result in analyze_many(raws, kb):
            if isinstance(result, Skipped):
                continue
            store.add_analysis(result)
            result.story_id = assign_story(store, result)
            analyses.append(result)
        # Stories need the whole batch: late reports settle, then dates are pinned.
        settle_waiting(store, [a.document.id for a in analyses])
        for result in analyses:
            result.story_id = story_of_document(store, result.document.id, result.story_id)
            main = result.main_event
            unpinned = main.date.iso() if main is not None and main.date else None
            pin_analysis(store, result)
            record = analysis_record(result)
            for event in record["events"]:
                if event["main"]:  # what the document alone said, before story pinning
                    event["date_unpinned"] = unpinned
            out[result.document.id] = record
        store.close()
    return [out.get(str(r["id"]), {"id": r["id"], "events": []}) for r in records]
