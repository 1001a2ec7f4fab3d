"""What every suite runner shares: where the suites live, the result type, CAMEO actors.

Why CAMEO actor codes are handled here: PLOVER and PETRARCH2 both name actors with CAMEO
codes whose first three letters are a country (``HUNGOV``, ``USA``) or not a country at all
(``IGO``, ``NGO``, ``---``). A handful of old CAMEO country codes predate or differ from
ISO 3166 (``JAP``); they are mapped so both suites score countries the way tidings names
them, and everything else that is not an ISO alpha-3 code is left out of country scores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from tidings.evaluate import EvalReport, Figure, check_floors

#: The pipeline as the suites call it: input records in, SCHEMA.md records out, in order.
Analyzer = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]

#: The repository root (``benchmarks/peers/`` is two levels below it).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: CAMEO country codes that are not ISO 3166-1 alpha-3, with the ISO code they stand for.
CAMEO_TO_ISO = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "UK": "GBR",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "GMY": "DEU",
}


@dataclass(slots=True)
class PartResult:
    """One suite's figures (same ``Figure`` type as ``tidings eval``), its worst error
    classes as printable lines, and how long it took."""

    suite: str
    figures: dict[str, Figure]
    references: dict[str, str] = field(default_factory=dict)  # figure -> what peers publish
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    report: EvalReport | None = None  # the full ``tidings eval`` report, for gold sets
    shown: tuple[str, ...] = ()  # figures the benchmark table prints; empty = all
    failure: str | None = None  # one line: why the suite could not be run


def shared_dir() -> Path | None:
    """``../shared`` next to the repository, or None when this checkout has none."""
    path = REPO_ROOT.parent / "shared"
    return path if path.is_dir() else None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a bad line raises ValueError naming ``file:line``."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from err
        if not isinstance(record, dict):
            raise ValueError(f"{path}:{number}: not a JSON object")
        records.append(record)
    return records


def cameo_country(actor: str) -> str | None:
    """The ISO alpha-3 country of a CAMEO actor code (``HUNGOV`` → HUN, ``JAP`` → JPN), or
    None when the code does not start with a country (``IGO``, ``NGO``, ``---``, empty)."""
    code = actor.strip().upper()
    for prefix in (code[:3], code[:2]):
        if prefix in CAMEO_TO_ISO:
            return CAMEO_TO_ISO[prefix]
    prefix = code[:3]
    if len(prefix) == 3 and prefix.isalpha() and pycountry.countries.get(alpha_3=prefix):
        return prefix
    return None


def ratio(hits: int, n: int) -> Figure:
    """``hits / n`` as a Figure; value None when n is 0."""
    return Figure(hits / n if n else None, n)


def main_event(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """The event a system record marks ``main`` (or its first event), or None."""
    events = [e for e in record.get("events") or [] if isinstance(e, dict)]
    for event in events:
        if event.get("main"):
            return event
    return events[0] if events else None


def check_figures(figures: Mapping[str, Figure], floors: Mapping[str, float]) -> list[str]:
    """Floor check for a suite's figures: the same rule as ``tidings eval --fail-under``."""
    report = EvalReport(overall=dict(figures), by_lang={}, documents=[])
    return check_floors(report, floors)


def analyze_in_chunks(
    analyzer: Analyzer, records: list[dict[str, Any]], workers: int = 1
) -> list[dict[str, Any]]:
    """``analyzer`` over ``records``, split over ``workers`` processes when > 1.

    Only for suites whose documents are independent (single sentences): stories are
    formed within a chunk, which such suites do not score.
    """
    if workers <= 1 or len(records) < 2 * workers:
        return analyzer(records)
    size = -(-len(records) // (workers * 4))
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [out for part in pool.map(analyzer, chunks) for out in part]
