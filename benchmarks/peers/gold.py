"""Our own dev gold sets, scored exactly as ``tidings eval`` scores them.

Why through ``run_eval``: the figures in the benchmark table and the floors in
``tests/quality_floors.json`` must be the numbers a user gets from ``tidings eval``,
computed by the same code, not a second implementation that could drift from it.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from peers.common import Analyzer, PartResult
from tidings.evaluate import run_eval
from tidings.evaluate.metrics import LOWER_IS_BETTER

#: The figures shown in the benchmark table and pinned as floors, in table order.
KEY_FIGURES = (
    "lang.accuracy",
    "main.type",
    "main.dyad",
    "main.date_exact",
    "main.date_consistent",
    "main.date_missing",
    "main.location",
    "events.recall",
    "countries.f1",
    "persons.f1",
    "orgs.f1",
    "traps.countries",
    "traps.locations",
    "story.f1",
)


def gold_files(eval_dir: Path) -> list[Path]:
    """The gold sets in ``eval_dir`` (``*.gold.jsonl``), in name order."""
    return sorted(eval_dir.glob("*.gold.jsonl"))


def suite_name(path: Path) -> str:
    """``dev.gold.jsonl`` → ``dev``."""
    return path.name.removesuffix(".gold.jsonl")


def run_gold(path: Path, analyzer: Analyzer) -> PartResult:
    """``tidings eval`` over one gold file: every figure of its report, overall."""
    started = time.perf_counter()
    report = run_eval(path, analyzer)
    misses: Counter[str] = Counter()
    for doc in report.documents:
        for name, (score, count) in doc.ratios.items():
            wrong = score > 0 if name in LOWER_IS_BETTER else score < count
            if name in KEY_FIGURES and count and wrong:
                misses[name] += 1
    errors = [
        f"{name} wrong in {count}/{report.n_documents} documents"
        for name, count in misses.most_common(4)
    ]
    return PartResult(
        suite=f"gold:{suite_name(path)} ({report.n_documents} docs)",
        figures=dict(report.overall),
        references={
            "main.type": "GDELT hand audit: event code 0.81",
            "main.dyad": "GDELT hand audit: actors 0.79",
            "main.location": "GDELT hand audit: location 0.75",
            "story.f1": "Event Registry cross-lingual linking: 0.893",
        },
        errors=errors,
        seconds=time.perf_counter() - started,
        report=report,
        shown=KEY_FIGURES,
    )
