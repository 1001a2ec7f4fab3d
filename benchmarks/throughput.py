"""Throughput and memory of ``analyze`` over a batch: the serial loop against the process pool.

Why ratios: absolute docs/s depend on the machine, so every pool run is reported against a
serial baseline measured in the same invocation, on the same input. The input is the demo
corpus (``examples/corpus``) replicated ``--copies`` times with fresh ids, streamed (never
held in memory). Each configuration runs in a fresh interpreter, so every one pays its own
warm-up; this driver samples the memory of that interpreter and of all its descendants
(pool workers) from ``/proc`` every 50 ms: the summed RSS (counts pages shared
copy-on-write once per process) and the summed PSS (shares them out: the real cost).
The pool's outputs are hashed and must equal the serial ones. The CPU time of the whole
tree (user + system) is reported too: on a shared, loaded machine wall-clock speedups are
noisy, CPU-time ratios much less so (they show what the pool costs in warm-up and pickling).

It also measures what every worker pays before its first document: the KB load and the
first lingua call (the detector loads its models lazily), each in a fresh interpreter.

Run: ``.venv/bin/python benchmarks/throughput.py [--copies 10] [--workers 2 4]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "examples" / "corpus"
SAMPLE_EVERY_S = 0.05

_RUN = """
import dataclasses, hashlib, json, sys, time
from tidings.entities.kb import load_kb
from tidings.export.jsonl import analysis_record
from tidings.ingest.errors import Skipped
from tidings.ingest.files import iter_documents
from tidings.parallel import analyze_parallel
corpus, copies, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = [r for r in iter_documents([corpus]) if not isinstance(r, Skipped)]
def stream():
    for k in range(copies):
        for raw in base:
            yield dataclasses.replace(raw, id=f"{raw.id}~{k}", source=f"{raw.source}#{k}")
t0 = time.perf_counter()
kb = load_kb()
t1 = time.perf_counter()
digest, docs, skipped, first_s, reason = hashlib.sha256(), 0, 0, None, None
for result in analyze_parallel(stream(), workers=workers, kb=kb):
    if first_s is None:
        first_s = time.perf_counter() - t1
    if isinstance(result, Skipped):
        skipped += 1
        reason = reason or str(result)
        continue
    docs += 1
    record = analysis_record(result)
    record["id"] = record["id"].rsplit("~", 1)[0]
    digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
t2 = time.perf_counter()
print(json.dumps({"workers": workers, "docs": docs, "skipped": skipped, "kb_s": t1 - t0,
                  "first_result_s": first_s, "analyze_s": t2 - t1,
                  "docs_per_s": docs / (t2 - t1), "digest": digest.hexdigest(),
                  "first_skip": reason}))
"""

_WARMUP = """
import json, sys, time
from tidings.ingest.errors import Skipped
from tidings.ingest.files import iter_documents
t0 = time.perf_counter()
from tidings.entities.kb import load_kb
t1 = time.perf_counter()
load_kb()
t2 = time.perf_counter()
raw = next(r for r in iter_documents([sys.argv[1]]) if not isinstance(r, Skipped))
sample = next(line for line in raw.content.splitlines() if len(line.split()) >= 8)
from tidings.langid import detect_language
t3 = time.perf_counter()
detect_language(sample)
t4 = time.perf_counter()
detect_language(raw.content)
t5 = time.perf_counter()
print(json.dumps({"kb_import_s": t1 - t0, "kb_load_s": t2 - t1, "lingua_first_call_s": t4 - t3,
                  "lingua_next_article_s": t5 - t4, "sample_chars": len(sample)}))
"""


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (pool workers, a forkserver and its children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue.extend(int(p) for p in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """Summed RSS and PSS (MB) of ``pid`` and its descendants, from ``smaps_rollup``."""
    rss = pss = 0
    for member in descendants(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue  # the process ended between listing and reading
        for line in text.splitlines():
            name, _, rest = line.partition(":")
            if name == "Rss":
                rss += int(rest.split()[0])
            elif name == "Pss":
                pss += int(rest.split()[0])
    return rss / 1024, pss / 1024


def run_sampled(code: str, args: list[str]) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter, sampling its tree's memory; its JSON result."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    peak_rss = peak_pss = 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    while process.poll() is None:
        rss, pss = memory_mb(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(SAMPLE_EVERY_S)
    out, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"benchmark child failed ({process.returncode}): {' '.join(args)}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and its reaped workers
    cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    if result.get("docs") == 0:
        raise SystemExit(f"benchmark child analysed no document: {result}")
    result["peak_rss_mb"], result["peak_pss_mb"] = round(peak_rss), round(peak_pss)
    result["cpu_s"] = round(cpu_s, 2)
    return result


def compare(serial: dict[str, object], pool: dict[str, object]) -> dict[str, object]:
    """The pool's figures as ratios of the serial run's."""

    def ratio(key: str) -> float:
        return round(float(str(pool[key])) / float(str(serial[key])), 2)

    return {
        "workers": pool["workers"],
        "speedup": ratio("docs_per_s"),
        "cpu_ratio": ratio("cpu_s"),
        "peak_rss_ratio": ratio("peak_rss_mb"),
        "peak_pss_ratio": ratio("peak_pss_mb"),
        "same_results": pool["digest"] == serial["digest"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="Times to replicate the corpus.")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[2], help="Pool sizes to compare."
    )
    args = parser.parse_args(argv)
    corpus = str(CORPUS)
    report: dict[str, object] = {"cpus": len(os.sched_getaffinity(0))}
    report["warmup"] = run_sampled(_WARMUP, [corpus])
    serial = run_sampled(_RUN, [corpus, str(args.copies), "1"])
    runs = [run_sampled(_RUN, [corpus, str(args.copies), str(n)]) for n in args.workers]
    if any(run["digest"] != serial["digest"] for run in runs):
        # Others may edit the code while this runs: a second baseline tells a change of
        # code (the new baseline matches the pool) from a pool that changes results.
        serial = run_sampled(_RUN, [corpus, str(args.copies), "1"])
        report["baseline_rerun"] = True
    for run in [serial, *runs]:
        run["digest"] = str(run["digest"])[:12]
    report["serial"] = serial
    report["pool"] = runs
    ratios = [compare(serial, run) for run in runs]
    report["ratios"] = ratios
    print(json.dumps(report, indent=2))
    return 0 if all(r["same_results"] for r in ratios) else 1


if __name__ == "__main__":
    raise SystemExit(main())
