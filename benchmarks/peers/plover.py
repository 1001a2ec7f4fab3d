"""tidings on PLOVER's English gold-standard sentences: event type and who did it to whom.

Why this suite: it is the reference set of the event ontology tidings outputs (PLOVER),
written by the ontology's authors, one sentence per example and type. It tells us which
types our triggers miss or confuse, independently of our own gold.

Scoring (each sentence is analysed as its own English document, no publication date):

- ``type.top_accuracy``: the system's main event type is one of the expected types;
- ``type.recall``: share of (sentence, expected type) pairs whose type is among the types
  of all events the system finds in that sentence;
- ``source.country`` / ``target.country``: the main event's source (target) is the country
  of one of the expected sources (targets), over sentences whose expected actors include a
  country (CAMEO codes ``IGO``, ``NGO`` … are not countries and are left out);
- ``pair.ordered``: (source, target) of the main event equals one expected country pair.

The file predates the 16-type manual: DEMAND is REQUEST, DISAPPROVE is ACCUSE, FIGHT is
ASSAULT, and sentences expecting INVESTIGATE are left out of the type figures.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from peers.common import (
    Analyzer,
    PartResult,
    analyze_in_chunks,
    cameo_country,
    main_event,
    ratio,
    read_jsonl,
)
from tidings.evaluate import Figure

#: Old PLOVER type names in the gold file → the 16-type manual.
RENAMED_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
#: Types the current manual dropped: their sentences are left out of type figures.
DROPPED_TYPES = frozenset({"INVESTIGATE"})


def expected_types(record: dict[str, Any]) -> set[str]:
    """The record's expected PLOVER types under the current names."""
    types = {str(e.get("code") or "").upper() for e in record.get("expected") or []}
    return {RENAMED_TYPES.get(t, t) for t in types if t}


def to_input(record: dict[str, Any]) -> dict[str, Any]:
    """One gold sentence as a pipeline input record."""
    return {
        "id": str(record["id"]),
        "text": str(record["text"]),
        "url": None,
        "published": None,
        "lang": "en",
    }


def score_plover(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> PartResult:
    """Figures and worst confusions for system records ``predicted`` (paired by position)."""
    top_hits = top_n = recall_hits = recall_n = 0
    source_hits = source_n = target_hits = target_n = pair_hits = pair_n = 0
    found = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for record, output in zip(gold, predicted, strict=True):
        main = main_event(output)
        found += main is not None
        system_types = {str(e.get("type") or "").upper() for e in output.get("events") or []}
        main_type = str(main.get("type") or "").upper() if main else "none"
        wanted = expected_types(record)
        if wanted and not wanted & DROPPED_TYPES:
            top_n += 1
            if main_type in wanted:
                top_hits += 1
            else:
                confusions[("/".join(sorted(wanted)), main_type or "none")] += 1
            recall_n += len(wanted)
            recall_hits += len(wanted & system_types)

        expected = record.get("expected") or []
        sources = {cameo_country(str(e.get("source") or "")) for e in expected} - {None}
        targets = {cameo_country(str(e.get("target") or "")) for e in expected} - {None}
        pairs = {
            (cameo_country(str(e.get("source") or "")), cameo_country(str(e.get("target") or "")))
            for e in expected
        }
        pairs = {(s, t) for s, t in pairs if s and t}
        source = main.get("source") if main else None
        target = main.get("target") if main else None
        if sources:
            source_n += 1
            source_hits += source in sources
        if targets:
            target_n += 1
            target_hits += target in targets
        if pairs:
            pair_n += 1
            pair_hits += (source, target) in pairs

    figures: dict[str, Figure] = {
        "event.found": ratio(found, len(gold)),
        "type.top_accuracy": ratio(top_hits, top_n),
        "type.recall": ratio(recall_hits, recall_n),
        "source.country": ratio(source_hits, source_n),
        "target.country": ratio(target_hits, target_n),
        "pair.ordered": ratio(pair_hits, pair_n),
    }
    missed = Counter({want: n for (want, got), n in confusions.items() if got == "none"})
    errors = [
        f"expected {want} -> system {got}: {count}"
        for (want, got), count in confusions.most_common()
        if got != "none"
    ][:5]
    errors.append(
        f"no event at all: {missed.total()} sentences, most often "
        + ", ".join(f"{want} {n}" for want, n in missed.most_common(4))
    )
    return PartResult(suite=f"plover ({len(gold)} sentences)", figures=figures, errors=errors)


def run_plover(path: Path, analyzer: Analyzer, workers: int = 1) -> PartResult:
    """Analyse every sentence of ``PLOVER_GSR_CAMEO.jsonl`` and score it."""
    started = time.perf_counter()
    gold = [r for r in read_jsonl(path) if r.get("text")]
    predicted = analyze_in_chunks(analyzer, [to_input(r) for r in gold], workers)
    result = score_plover(gold, predicted)
    result.seconds = time.perf_counter() - started
    return result
