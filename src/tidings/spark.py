"""The Spark job: the same ``analyze`` over any Hadoop-compatible path, written as Parquet.

Why this shape (DESIGN.md, "Scale"): Hadoop lists and reads the inputs; the KB is
broadcast once and each executor process unpickles it once (``executor_kb``), not per
record; ``analyze`` runs in ``mapPartitions`` exactly as in the local loop; stories are a
``groupByKey`` on (actor pair, type family) cut into 7-day windows
(``tidings.spark_job.windows``); four Parquet tables come out (``tidings.spark_job.tables``).
pyspark is an optional extra and is imported only here, inside functions.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.entities.kb import KnowledgeBase, load_kb
from tidings.ingest.errors import Skipped
from tidings.pipeline import analyze_many
from tidings.settings import Settings
from tidings.spark_job.inputs import read_blob
from tidings.spark_job.tables import (
    DOCUMENTS_DDL,
    EVENTS_DDL,
    SKIPPED_DDL,
    STORIES_DDL,
    AnalysedDoc,
    apply_members,
    document_row,
    event_rows,
    story_row,
    summarise_analysis,
)
from tidings.spark_job.windows import block_key, group_block, joins_story

if TYPE_CHECKING:
    from pyspark import Broadcast
    from pyspark.sql import SparkSession

#: Output tables, in the order they are written.
TABLES = ("documents", "events", "stories", "skipped")
#: Shuffle partitions for a local session: Spark's default of 200 is for clusters and
#: makes a laptop run spend most of its time scheduling empty tasks.
LOCAL_SHUFFLE_PARTITIONS = 8

#: The KB of this executor process, by job token (``executor_kb``).
_EXECUTOR_KBS: dict[str, KnowledgeBase] = {}


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing; the message says how to get them."""


@dataclass(frozen=True, slots=True)
class JobSummary:
    out: str
    documents: int
    events: int
    stories: int
    skipped: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.documents} documents, {self.events} events, {self.stories} stories, "
            f"{self.skipped} skipped in {self.seconds:.1f} s → {self.out}"
        )


def require_spark() -> None:
    """Fail with a message naming the extra (pyspark) or Java, whichever is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable("the Spark job needs pyspark: pip install 'tidings[spark]'") from exc
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise SparkUnavailable("the Spark job needs Java 17+ (java not on PATH, no JAVA_HOME)")


def start_session(master: str = "local[2]", app_name: str = "tidings") -> SparkSession:
    """A Spark session whose Python workers run this interpreter (so they import tidings)."""
    require_spark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true")
    )
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", str(LOCAL_SHUFFLE_PARTITIONS))
        builder = builder.config("spark.default.parallelism", str(LOCAL_SHUFFLE_PARTITIONS))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def to_uri(path: str) -> str:
    """Local paths become absolute ``file:`` URIs; ``hdfs://``, ``s3a://`` … stay as given."""
    if "://" in path or path.startswith("file:"):
        return path
    return Path(path).resolve().as_uri()


def split_missing(inputs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Inputs Hadoop can be asked for, and local paths that do not exist (reported in
    ``skipped`` instead of failing the job). Remote paths are checked by Hadoop."""
    present: list[str] = []
    missing: list[str] = []
    for path in inputs:
        local = "://" not in path and not path.startswith("file:")
        has_glob = any(c in path for c in "*?[")
        (missing if local and not has_glob and not Path(path).exists() else present).append(path)
    return present, missing


def executor_kb(token: str, broadcast: Broadcast[KnowledgeBase] | None) -> KnowledgeBase:
    """The KB in this process: unpickled from the broadcast once per job, or the shipped
    one (``load_kb``, itself cached) when nothing was broadcast."""
    kb = _EXECUTOR_KBS.get(token)
    if kb is None:
        kb = broadcast.value if broadcast is not None else load_kb()
        _EXECUTOR_KBS.clear()  # one job's KB at a time
        _EXECUTOR_KBS[token] = kb
    return kb


def analyze_partition(
    blobs: Iterable[tuple[str, bytes]],
    token: str,
    broadcast: Broadcast[KnowledgeBase] | None,
    settings: Settings,
) -> Iterator[AnalysedDoc | Skipped]:
    """Executor side: read each file, analyse each document; nothing raises."""
    kb = executor_kb(token, broadcast)

    def raws() -> Iterator[Any]:
        for uri, data in blobs:
            try:
                yield from read_blob(uri, data, settings)
            except Exception as exc:  # a reader bug must not stop the batch
                yield Skipped(uri, f"unreadable: {type(exc).__name__}: {exc}")

    for result in analyze_many(raws(), kb, settings):
        if isinstance(result, Skipped):
            yield result
        else:
            yield summarise_analysis(result)


def only_documents(item: AnalysedDoc | Skipped) -> list[AnalysedDoc]:
    return [item] if isinstance(item, AnalysedDoc) else []


def only_skipped(item: AnalysedDoc | Skipped) -> list[tuple[str, str]]:
    return [(item.source, item.reason)] if isinstance(item, Skipped) else []


def run_job(
    spark: SparkSession,
    inputs: Sequence[str],
    out: str | Path,
    *,
    partitions: int | None = None,
    settings: Settings | None = None,
    broadcast_kb: bool = True,
) -> JobSummary:
    """Analyse every file under ``inputs`` and write the four tables under ``out``."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    settings = settings or Settings()
    sc = spark.sparkContext
    out_uri = to_uri(str(out))
    token = uuid.uuid4().hex
    present, missing = split_missing(inputs)
    if not present:
        raise FileNotFoundError(f"no input found: {', '.join(inputs)}")
    kb_broadcast = sc.broadcast(load_kb()) if broadcast_kb else None
    blobs = sc.binaryFiles(",".join(to_uri(p) for p in present))
    if partitions:
        blobs = blobs.repartition(partitions)
    analysed = blobs.mapPartitions(
        lambda part: analyze_partition(part, token, kb_broadcast, settings)
    ).persist(StorageLevel.MEMORY_AND_DISK)

    docs = analysed.flatMap(only_documents)
    stories = (
        docs.flatMap(lambda d: [(block_key(m), m) for m in d.mains if joins_story(m)])
        .groupByKey()
        .flatMap(lambda block: group_block(block[1]))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    members = stories.flatMap(lambda s: [(m.doc_id, m) for m in s.members]).groupByKey()
    records = (
        docs.map(lambda d: (d.doc_id, d))
        .leftOuterJoin(members)
        .map(lambda kv: apply_members(kv[1][0], kv[1][1] or ()))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )

    def write(name: str, rows: Any, ddl: str) -> int:
        frame = spark.createDataFrame(rows, schema=ddl)
        frame.write.mode("overwrite").parquet(f"{out_uri.rstrip('/')}/{name}")
        return int(spark.read.parquet(f"{out_uri.rstrip('/')}/{name}").count())

    counts = {
        "documents": write("documents", records.map(document_row), DOCUMENTS_DDL),
        "events": write("events", records.flatMap(event_rows), EVENTS_DDL),
        "stories": write("stories", stories.map(story_row), STORIES_DDL),
        "skipped": write(
            "skipped",
            analysed.flatMap(only_skipped).union(
                sc.parallelize([(path, "no such file or folder") for path in missing], 1)
            ),
            SKIPPED_DDL,
        ),
    }
    for rdd in (records, stories, analysed):
        rdd.unpersist()
    if kb_broadcast is not None:
        kb_broadcast.unpersist()
    return JobSummary(
        out=str(out),
        documents=counts["documents"],
        events=counts["events"],
        stories=counts["stories"],
        skipped=counts["skipped"],
        seconds=time.perf_counter() - started,
    )
