"""The Spark job on real Spark (local[2]) against the plain loop (``analyze_records``)."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark not installed (extra 'spark')")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: the Spark job cannot start", allow_module_level=True)

from tidings.api import analyze_records  # noqa: E402
from tidings.ingest.text import stable_id  # noqa: E402
from tidings.spark import run_job, start_session  # noqa: E402
from tidings.spark_job.tables import records_from_tables  # noqa: E402

TEXTS = {
    "en_a.txt": "Belarusian President Alexander Lukashenko met Chinese President Xi Jinping in "
    "Beijing on 1 March 2023. The two leaders talked about trade and a new industrial park.",
    "de_a.txt": "Der belarussische Präsident Alexander Lukaschenko hat am 1. März 2023 in Peking "
    "den chinesischen Staatschef Xi Jinping getroffen. Beide sprachen über Handel.",
    "id_a.txt": "Presiden Belarus Alexander Lukashenko bertemu Presiden Tiongkok Xi Jinping di "
    "Beijing pada 1 Maret 2023. Keduanya membahas perdagangan.",
    "en_b.txt": "German Chancellor Olaf Scholz met Chinese President Xi Jinping in Beijing on "
    "16 April 2024. They discussed the war in Ukraine.",
    "nested/de_c.txt": "Die Bundesregierung hat Russland am 3. Mai 2024 beschuldigt, hinter "
    "einem Hackerangriff auf eine Partei zu stecken.",
    "en_d.txt": "Belarusian President Alexander Lukashenko met Chinese President Xi Jinping in "
    "Beijing on 4 December 2023. It was their second meeting that year.",
    "empty.txt": "",
}
FEED = [
    {
        "id": "feed-1",
        "text": "Belarusian President Alexander Lukashenko met Chinese President Xi Jinping "
        "in Beijing on Wednesday. Both spoke of closer ties.",
        "published": "2023-03-02",
    },
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spark_corpus")
    for name, text in TEXTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in FEED] + ["{not json"]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = start_session("local[2]", app_name="tidings-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def output(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("spark_out")
    summary = run_job(spark, [str(corpus), str(corpus / "missing")], out, partitions=2)
    tables = {name: pq.read_table(out / name).to_pylist() for name in ("documents", "events")}
    tables["stories"] = pq.read_table(out / "stories").to_pylist()
    tables["skipped"] = pq.read_table(out / "skipped").to_pylist()
    tables["summary"] = summary
    return tables


@pytest.fixture(scope="module")
def expected(corpus: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for name, text in TEXTS.items():
        if text:
            path = corpus / name
            records.append({"id": stable_id(text), "text": text, "source": str(path)})
    for lineno, record in enumerate(FEED, start=1):
        records.append({**record, "source": f"{corpus / 'feed.jsonl'}:{lineno}"})
    return sorted(analyze_records(records), key=lambda r: r["id"])


def without_story(record: dict[str, Any]) -> dict[str, Any]:
    ignored = {"story_id", "date_flag", "date_unpinned"}  # story bookkeeping, eval only
    events = [{k: v for k, v in e.items() if k not in ignored} for e in record["events"]]
    return {**{k: v for k, v in record.items() if k != "story"}, "events": events}


def partition(records: list[dict[str, Any]]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record["story"]:
            groups[record["story"]].add(record["id"])
    return {frozenset(g) for g in groups.values()}


def test_spark_events_equal_plain_loop(
    output: dict[str, Any], expected: list[dict[str, Any]]
) -> None:
    got = records_from_tables(output["documents"], output["events"])
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    for mine, theirs in zip(got, expected, strict=True):
        mine, theirs = without_story(mine), without_story(theirs)
        for key in theirs:
            assert (mine["id"], key, mine[key]) == (mine["id"], key, theirs[key])
        assert mine.keys() == theirs.keys()
    assert output["summary"].events == sum(len(r["events"]) for r in expected) > 0


def test_spark_stories_group_documents_as_plain_loop(
    output: dict[str, Any], expected: list[dict[str, Any]]
) -> None:
    got = records_from_tables(output["documents"], output["events"])
    assert partition(got) == partition(expected)
    meeting = next(s for s in output["stories"] if len(s["doc_ids"]) == 4)
    assert set(meeting["langs"]) == {"de", "en", "id"}
    assert meeting["date"] == "2023-03-01"
    assert {s["story_id"] for s in output["stories"]} == {r["story"] for r in got if r["story"]}


def test_spark_events_carry_raw_date_parts(output: dict[str, Any]) -> None:
    dated = [e for e in output["events"] if e["date_precision"] == "day"]
    assert dated
    for event in dated:
        parts = (event["date_year"], event["date_month"], event["date_day"])
        assert "{:04d}-{:02d}-{:02d}".format(*parts) == event["date"]


def test_spark_reports_skipped_inputs(output: dict[str, Any], corpus: Path) -> None:
    reasons = {row["source"]: row["reason"] for row in output["skipped"]}
    assert reasons[str(corpus / "empty.txt")] == "empty file"
    assert reasons[str(corpus / "missing")] == "no such file or folder"
    assert "malformed JSON" in reasons[f"{corpus / 'feed.jsonl'}:2"]
    assert output["summary"].skipped == len(reasons) == 3
