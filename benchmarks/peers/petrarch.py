"""tidings on PETRARCH2's 78 validation sentences from AFP: CAMEO codes and country pairs.

Why this suite: these are real wire sentences coded by the authors of PETRARCH2, the coder
behind GDELT-style event data, so our CAMEO output can be read against what that
generation of coders was tested on. Twelve sentences report no event at all: a good
coder stays silent on them.

Scoring (each sentence is its own English document, its AFP date as publication date):

- ``cameo.root_accuracy``: the first two digits of the main event's ``cameo`` equal those
  of one expected code, over the sentences that expect events;
- ``cameo.code_accuracy``: the same on the full code;
- ``type.accuracy``: the main event's PLOVER type equals the expected code's PLOVER type
  under ``CAMEO2PLOVER-2021.txt`` (when that file is present);
- ``pair.ordered`` / ``pair.unordered``: the main event's (source, target) countries equal
  one expected pair, over sentences whose expected pair names two countries;
- ``false_events``: no-event sentences on which the system reports any event (lower is
  better).
"""

from __future__ import annotations

import datetime as dt
import re
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

_MAPPING_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)")


def read_cameo_to_plover(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type from the PLOVER project's conversion table."""
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _MAPPING_LINE.match(line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def plover_type(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code, falling back to its shorter prefixes."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def to_input(record: dict[str, Any]) -> dict[str, Any]:
    """One AFP sentence as a pipeline input record; its ``YYYYMMDD`` date as published."""
    published = None
    stamp = str(record.get("date") or "")
    try:
        published = dt.datetime.strptime(stamp, "%Y%m%d").date().isoformat()
    except ValueError:
        published = None
    return {
        "id": str(record["id"]),
        "text": str(record["text"]),
        "url": None,
        "published": published,
        "lang": "en",
    }


def score_petrarch(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]], table: dict[str, str]
) -> PartResult:
    """Figures and the most frequent wrong CAMEO roots (paired by position)."""
    root_hits = code_hits = type_hits = type_n = n_events = 0
    pair_hits = unordered_hits = pair_n = false_events = n_silent = 0
    wrong_roots: Counter[tuple[str, str]] = Counter()
    for record, output in zip(gold, predicted, strict=True):
        expected = [e for e in record.get("expected") or [] if e.get("code")]
        main = main_event(output)
        if not expected:
            n_silent += 1
            false_events += bool(output.get("events"))
            continue
        n_events += 1
        codes = {str(e["code"]) for e in expected}
        roots = {c[:2] for c in codes}
        cameo = str(main.get("cameo") or "") if main else ""
        if cameo[:2] in roots:
            root_hits += 1
        else:
            wrong_roots[("/".join(sorted(roots)), cameo[:2] or "none")] += 1
        code_hits += cameo in codes
        types = {plover_type(c, table) for c in codes} - {None}
        if types:
            type_n += 1
            type_hits += main is not None and str(main.get("type") or "").upper() in types

        pairs = {
            (cameo_country(str(e.get("source") or "")), cameo_country(str(e.get("target") or "")))
            for e in expected
        }
        pairs = {(s, t) for s, t in pairs if s and t}
        if pairs:
            pair_n += 1
            got = (main.get("source"), main.get("target")) if main else (None, None)
            pair_hits += got in pairs
            unordered_hits += got in pairs or got[::-1] in pairs

    figures: dict[str, Figure] = {
        "cameo.root_accuracy": ratio(root_hits, n_events),
        "cameo.code_accuracy": ratio(code_hits, n_events),
        "type.accuracy": ratio(type_hits, type_n),
        "pair.ordered": ratio(pair_hits, pair_n),
        "pair.unordered": ratio(unordered_hits, pair_n),
        "false_events": Figure(float(false_events), n_silent, kind="count", lower_is_better=True),
    }
    missed = Counter({want: n for (want, got), n in wrong_roots.items() if got == "none"})
    errors = [
        f"expected root {want} -> system {got}: {count}"
        for (want, got), count in wrong_roots.most_common()
        if got != "none"
    ][:5]
    if missed:
        errors.append(
            f"no event at all: {missed.total()} sentences, most often roots "
            + ", ".join(f"{want} {n}" for want, n in missed.most_common(4))
        )
    return PartResult(
        suite=f"petrarch2 ({len(gold)} sentences)",
        figures=figures,
        references={
            "cameo.root_accuracy": "GDELT hand audit: event code 0.81",
            "pair.ordered": "GDELT hand audit: actors 0.79",
        },
        errors=errors,
    )


def run_petrarch(
    path: Path, analyzer: Analyzer, mapping: Path | None = None, workers: int = 1
) -> PartResult:
    """Analyse every sentence of ``PETR2_GSR_validation.jsonl`` and score it; ``mapping``
    is PLOVER's ``CAMEO2PLOVER-2021.txt`` for the type figure."""
    started = time.perf_counter()
    gold = [r for r in read_jsonl(path) if r.get("text") and r.get("evaluate", True)]
    predicted = analyze_in_chunks(analyzer, [to_input(r) for r in gold], workers)
    table = read_cameo_to_plover(mapping) if mapping else {}
    result = score_petrarch(gold, predicted, table)
    result.seconds = time.perf_counter() - started
    return result
