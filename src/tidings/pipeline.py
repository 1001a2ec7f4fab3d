"""The analysis pipeline: an ordered list of stages, each ``Document -> Document``.

Why this shape (spaCy's Doc in, Doc out): every stage reads and writes named attributes of
one ``Document``, declares them, and does no I/O; ``analyze`` is therefore a pure function
of (document, knowledge base, settings) that runs the same in a loop, a process pool, a web
request or a Spark partition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from tidings.clean import clean
from tidings.entities.kb import KnowledgeBase, load_kb
from tidings.entities.link import entities_stage
from tidings.events.extract import extract_events
from tidings.ingest.errors import Skipped
from tidings.ingest.html import extract
from tidings.langid import language_stage
from tidings.model import Analysis, Document, RawDocument
from tidings.sentences import sentences_stage
from tidings.settings import Settings
from tidings.time import times_stage


@dataclass(frozen=True, slots=True)
class Stage:
    """One step: what it needs on the document, what it sets, and the function."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Document, KnowledgeBase], Document]


STAGES: tuple[Stage, ...] = (
    Stage("clean", ("text",), ("boilerplate", "published", "source_url"), lambda d, kb: clean(d)),
    Stage("language", ("text", "boilerplate"), ("lang",), lambda d, kb: language_stage(d)),
    Stage(
        "sentences",
        ("text", "boilerplate", "lang"),
        ("sentences",),
        lambda d, kb: sentences_stage(d),
    ),
    Stage("entities", ("sentences",), ("mentions", "entities"), entities_stage),
    Stage("time", ("sentences", "lang", "published"), ("times",), lambda d, kb: times_stage(d)),
    Stage("events", ("mentions", "entities", "times"), ("events",), extract_events),
)


def check_stages(stages: Iterable[Stage] = STAGES) -> list[str]:
    """Problems in the stage order: a stage requiring what no earlier stage assigns."""
    available = {"text", "published", "lang", "url", "title"}
    problems = []
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            problems.append(f"stage {stage.name!r} requires {missing} before any stage sets them")
        available.update(stage.assigns)
    return problems


def analyze_document(doc: Document, kb: KnowledgeBase | None = None) -> Analysis:
    """Run every stage over an extracted ``Document``."""
    kb = kb or load_kb()
    for stage in STAGES:
        doc = stage.run(doc, kb)
    return Analysis(document=doc)


def analyze(
    raw: RawDocument, kb: KnowledgeBase | None = None, settings: Settings | None = None
) -> Analysis | Skipped:
    """Extract (HTML or text), then run every stage. Pure: no I/O, no global state."""
    settings = settings or Settings()
    if settings.published and raw.published is None:
        raw = replace(raw, published=settings.published)  # the caller's object stays as given
    if settings.lang and raw.lang is None:
        raw = replace(raw, lang=settings.lang)
    doc = extract(raw)
    if isinstance(doc, Skipped):
        return doc
    return analyze_document(doc, kb)


def analyze_many(
    raws: Iterable[RawDocument | Skipped],
    kb: KnowledgeBase | None = None,
    settings: Settings | None = None,
) -> Iterator[Analysis | Skipped]:
    """``analyze`` over a stream; skipped inputs pass through so callers can record them."""
    kb = kb or load_kb()
    for raw in raws:
        if isinstance(raw, Skipped):
            yield raw
            continue
        try:
            yield analyze(raw, kb, settings)
        except Exception as exc:
            yield Skipped(raw.source, f"analysis failed: {type(exc).__name__}: {exc}")


def analyze_text(text: str, **meta: Any) -> Analysis:
    """Convenience for the Python API and tests: analyse one plain-text article."""
    raw = RawDocument(
        id=meta.pop("id", "text"), source=meta.pop("source", "<text>"), content=text, **meta
    )
    result = analyze(raw)
    if isinstance(result, Skipped):
        raise ValueError(str(result))
    return result
