"""Throughput of the Spark job (local[2]) against the plain loop, on the demo corpus
replicated N times (default 50): docs/s of each and their ratio.

Run: ``.venv/bin/python benchmarks/spark.py [--copies 50] [--master local[2]]``.
Each copy gets a marker line so its documents have their own ids (no deduplication).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from tidings.entities.kb import load_kb
from tidings.ingest.files import iter_documents
from tidings.pipeline import analyze_many
from tidings.spark import run_job, start_session
from tidings.spark_job.tables import summarise_analysis
from tidings.spark_job.windows import assign_windows

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def replicate(root: Path, copies: int) -> int:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"})
    for n in range(copies):
        folder = root / f"copy{n:03d}"
        folder.mkdir(parents=True)
        for path in files:
            text = path.read_text(encoding="utf-8")
            marker = f"\n<!-- copy {n} -->\n" if path.suffix == ".html" else f"\n\n({n})\n"
            (folder / path.name).write_text(text + marker, encoding="utf-8")
    return copies * len(files)


def time_loop(root: Path) -> tuple[int, float]:
    kb = load_kb()
    started = time.perf_counter()
    docs = [
        summarise_analysis(a)
        for a in analyze_many(iter_documents([root]), kb)
        if not hasattr(a, "reason")
    ]
    assign_windows(m for d in docs for m in d.mains)
    return len(docs), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tidings-spark-bench-"))
    try:
        total = replicate(root / "in", args.copies)
        loop_docs, loop_s = time_loop(root / "in")
        spark = start_session(args.master, app_name="tidings-bench")
        started = time.perf_counter()
        summary = run_job(spark, [str(root / "in")], root / "out")
        spark_s = time.perf_counter() - started
        spark.stop()
        loop_rate, spark_rate = loop_docs / loop_s, summary.documents / spark_s
        print(f"inputs: {total} files ({args.copies} copies of the demo corpus)")
        print(f"plain loop: {loop_docs} docs in {loop_s:.1f} s = {loop_rate:.1f} docs/s")
        print(
            f"spark {args.master}: {summary.documents} docs in {spark_s:.1f} s "
            f"= {spark_rate:.1f} docs/s (session start excluded)"
        )
        print(f"ratio spark/loop: {spark_rate / loop_rate:.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
