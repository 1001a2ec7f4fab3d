"""One table of how well tidings does, on our gold sets and on other projects' suites.

Why one run for all suites: a change that lifts our own dev figures while dropping
PLOVER type accuracy or extraction F1 is overfitting, and only shows when the numbers sit
side by side. Run as ``.venv/bin/python benchmarks/quality.py`` (``make eval``); it reads
``../shared/`` next to the repository and exits quietly when that folder is absent.

``--pin-floors`` writes this run's gold figures and the Zyte sample F1, minus
``EPSILON``, to ``tests/quality_floors.json`` (what ``tests/test_quality_floors.py``
gates on). Like trafilatura's eval gate, re-pinning never lowers a floor unless
``--allow-regression`` is given.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers.common import REPO_ROOT, Analyzer, PartResult, shared_dir
from peers.gold import KEY_FIGURES, gold_files, run_gold, suite_name
from peers.petrarch import run_petrarch
from peers.plover import run_plover
from peers.zyte import SAMPLE_SIZE, run_zyte

from tidings.evaluate.report import format_figure

#: Noise margin under a pinned figure (above, for lower-is-better figures).
EPSILON = 0.005
#: Where the floors live.
FLOORS_PATH = REPO_ROOT / "tests" / "quality_floors.json"
#: Zyte figures pinned as floors (on the sample the test runs).
ZYTE_FLOOR_FIGURES = ("tidings.tokens.f1", "tidings.shingles.f1")

ZYTE_DIR = Path("peers/extraction/zyte_article_extraction_benchmark")
PLOVER_FILE = Path("peers/plover/PLOVER_GSR_CAMEO.jsonl")
CAMEO2PLOVER_FILE = Path("peers/plover/CAMEO2PLOVER-2021.txt")
PETRARCH_FILE = Path("peers/petrarch/PETR2_GSR_validation.jsonl")


def load_analyzer() -> Analyzer:
    """The pipeline entry point, imported only when a suite needs it."""
    from tidings.api import analyze_records

    return analyze_records


def run_part(suite: str, run: Callable[[], PartResult]) -> PartResult:
    """Run one suite; a failure becomes a one-line reason instead of stopping the others."""
    started = time.perf_counter()
    try:
        result = run()
    except Exception as exc:
        result = PartResult(suite=suite, figures={}, failure=f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    print(f"  {result.suite}: {result.seconds:.1f} s", file=sys.stderr, flush=True)
    return result


def gold_parts(shared: Path) -> list[tuple[str, Callable[[], PartResult]]]:
    """One part per dev gold set in ``shared/eval``."""
    return [
        (f"gold:{suite_name(path)}", functools.partial(run_gold_set, path))
        for path in gold_files(shared / "eval")
    ]


def run_gold_set(path: Path) -> PartResult:
    """``tidings eval`` over one gold file with the real pipeline."""
    return run_gold(path, load_analyzer())


def run_all(shared: Path, workers: int, zyte_sample: int | None) -> list[PartResult]:
    """Every suite whose data is present, in table order."""
    parts = gold_parts(shared)
    if (shared / PLOVER_FILE).is_file():
        parts.append(("plover", lambda: run_plover(shared / PLOVER_FILE, load_analyzer(), workers)))
    if (shared / PETRARCH_FILE).is_file():
        parts.append(
            (
                "petrarch2",
                lambda: run_petrarch(
                    shared / PETRARCH_FILE, load_analyzer(), shared / CAMEO2PLOVER_FILE, workers
                ),
            )
        )
    if (shared / ZYTE_DIR).is_dir():
        parts.append(("zyte", lambda: run_zyte(shared / ZYTE_DIR, zyte_sample, workers)))
    return [run_part(name, run) for name, run in parts]


def format_quality_table(parts: Sequence[PartResult]) -> str:
    """The side-by-side table: suite, figure, tidings' value (n), what peers get."""
    rows = [("suite", "figure", "tidings", "peers / reference")]
    for part in parts:
        label = part.suite
        if part.failure:
            rows.append((label, "FAILED", "", part.failure[:90]))
            label = ""
        names = part.shown or tuple(part.figures)
        for name in names:
            if name in part.figures:
                figure = format_figure(part.figures[name])
                rows.append((label, name, figure, part.references.get(name, "")))
                label = ""
        rows.append((label, "elapsed", f"{part.seconds:.1f} s", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
        if index == 0:
            lines.append("-" * len(lines[0]))
    total = sum(p.seconds for p in parts)
    lines.append("")
    lines.append(
        f"total {total:.1f} s. (n) = items a figure rests on; counts show hits/n;"
        " traps, main.date_missing, false_events and tidings.skipped are lower-is-better."
    )
    errors = [(p.suite, e) for p in parts for e in p.errors]
    if errors:
        lines.append("")
        lines.append("Worst error classes:")
        lines += [f"  {suite}: {error}" for suite, error in errors]
    return "\n".join(lines)


def pinned_floors(
    gold: Sequence[PartResult], zyte_sample: PartResult | None, old: dict[str, Any]
) -> dict[str, Any]:
    """Floors from this run's figures minus ``EPSILON`` (ceilings plus it), never looser
    than ``old`` ones unless ``old`` is empty."""
    floors: dict[str, Any] = {
        "epsilon": EPSILON,
        "about": "written by benchmarks/quality.py --pin-floors; checked by"
        " tests/test_quality_floors.py",
        "gold": dict(old.get("gold", {})),  # a gold set missing from this run keeps its floors
        "zyte_sample": {"pages": SAMPLE_SIZE, "floors": {}},
    }
    for part in gold:
        name = part.suite.split(" ")[0].removeprefix("gold:") + ".gold.jsonl"
        previous = old.get("gold", {}).get(name, {})
        floors["gold"][name] = _pin(part, KEY_FIGURES, previous)
    if zyte_sample is not None:
        previous = old.get("zyte_sample", {}).get("floors", {})
        floors["zyte_sample"]["floors"] = _pin(zyte_sample, ZYTE_FLOOR_FIGURES, previous)
    return floors


def _pin(part: PartResult, names: Sequence[str], previous: dict[str, float]) -> dict[str, float]:
    pinned: dict[str, float] = {}
    for name in names:
        figure = part.figures.get(name)
        if figure is None or figure.value is None:
            continue
        if figure.lower_is_better:
            bound = round(figure.value + EPSILON, 4)
            pinned[name] = min(bound, previous.get(name, bound))
        else:
            bound = round(max(0.0, figure.value - EPSILON), 4)
            pinned[name] = max(bound, previous.get(name, bound))
    return pinned


def write_floors(parts: Sequence[PartResult], shared: Path, allow_regression: bool) -> None:
    """Pin the gold figures of ``parts`` and a fresh Zyte sample run into ``FLOORS_PATH``."""
    gold = [p for p in parts if p.suite.startswith("gold:") and not p.failure]
    sample = None
    if (shared / ZYTE_DIR).is_dir():
        sample = run_zyte(shared / ZYTE_DIR, SAMPLE_SIZE, workers=2)
    old: dict[str, Any] = {}
    if FLOORS_PATH.is_file() and not allow_regression:
        old = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    floors = pinned_floors(gold, sample, old)
    FLOORS_PATH.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"floors written to {FLOORS_PATH.relative_to(REPO_ROOT)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2, help="processes for peer suites")
    parser.add_argument("--zyte-sample", type=int, default=None, help="score only N pages")
    parser.add_argument("--pin-floors", action="store_true", help="write quality_floors.json")
    parser.add_argument(
        "--allow-regression", action="store_true", help="let --pin-floors lower floors"
    )
    args = parser.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("benchmarks/quality.py: no ../shared next to the repository; nothing to measure.")
        return 0
    parts = run_all(shared, args.workers, args.zyte_sample)
    print(format_quality_table(parts))
    if args.pin_floors:
        write_floors(parts, shared, args.allow_regression)
    return 0


if __name__ == "__main__":
    sys.exit(main())
