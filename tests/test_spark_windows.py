"""Stories by actor pair and 7-day window, and reading Spark's (uri, bytes) pairs: no Spark."""

from __future__ import annotations

import datetime as dt
import gzip

from click.testing import CliRunner

from tidings.cli_spark import spark as spark_command
from tidings.ingest.errors import Skipped
from tidings.model import PartialDate, RawDocument
from tidings.settings import Settings
from tidings.spark_job.inputs import local_source, read_blob
from tidings.spark_job.windows import MainEvent, assign_windows
from tidings.stories import make_story_id


def day(text: str) -> PartialDate:
    d = dt.date.fromisoformat(text)
    return PartialDate(year=d.year, month=d.month, day=d.day, basis=(("day", "text"),))


def event(doc: str, type_: str, source: str, target: str, date: PartialDate | None) -> MainEvent:
    return MainEvent(doc, 0, type_, source, target, date, dt.date(2024, 5, 20), "en")


def test_spark_windows_split_pair_by_seven_days() -> None:
    stories = assign_windows(
        [
            event("a", "CONSULT", "BLR", "CHN", day("2024-05-01")),
            event("b", "AGREE", "CHN", "BLR", day("2024-05-07")),  # reverse pair, same family
            event("c", "CONSULT", "BLR", "CHN", day("2024-05-08")),  # 7 days on: a new story
            event("d", "ACCUSE", "BLR", "CHN", day("2024-05-02")),  # another family
        ]
    )
    groups = sorted(sorted(s.doc_ids) for s in stories)
    assert groups == [["a", "b"], ["c"], ["d"]]


def test_spark_windows_pin_undated_member_to_only_story() -> None:
    monday = PartialDate(weekday=0, text="Monday")
    stories = assign_windows(
        [
            event("a", "CONSULT", "DEU", "CHN", day("2024-04-15")),
            MainEvent("b", 2, "CONSULT", "CHN", "DEU", monday, None, "de"),
        ]
    )
    assert len(stories) == 1
    pinned = {m.doc_id: m.date for m in stories[0].members}
    assert pinned["b"] is not None and pinned["b"].iso() == "2024-04-15"
    assert pinned["b"].main_basis == "story"
    assert stories[0].story_id == make_story_id("a#0")  # founded by the first dated report


def test_spark_windows_leave_one_sided_and_negated_events_out() -> None:
    one_sided = MainEvent("a", 0, "CONSULT", "DEU", None, day("2024-01-01"), None, "en")
    negated = MainEvent("b", 0, "CONSULT", "DEU", "FRA", None, None, "en", modality="negated")
    assert assign_windows([one_sided, negated]) == []


def test_spark_inputs_read_jsonl_lines_with_numbers() -> None:
    data = b'{"id": "x", "text": "Hello there."}\n\n{broken\n'
    out = list(read_blob("file:///data/feed.jsonl.gz", gzip.compress(data), Settings()))
    assert isinstance(out[0], RawDocument) and out[0].source == "/data/feed.jsonl.gz:1"
    assert isinstance(out[1], Skipped) and out[1].source == "/data/feed.jsonl.gz:3"


def test_spark_inputs_sniff_html_and_skip_warc_and_empty() -> None:
    settings = Settings(lang="de")
    (page,) = read_blob("file:/in/page", b"<html><body><p>Hallo Welt.</p></body></html>", settings)
    assert isinstance(page, RawDocument) and (page.content_type, page.lang) == ("html", "de")
    (warc,) = read_blob("hdfs://nn/crawl.warc.gz", b"WARC/1.0", settings)
    assert isinstance(warc, Skipped) and warc.source == "hdfs://nn/crawl.warc.gz"
    (empty,) = read_blob("file:/in/empty.txt", b"  ", settings)
    assert isinstance(empty, Skipped) and empty.reason == "empty file"
    assert local_source("file:///a%20b/c.txt") == "/a b/c.txt"


def test_spark_cli_names_missing_inputs() -> None:
    result = CliRunner().invoke(spark_command, ["/no/such/folder", "--out", "/tmp/x"])
    assert result.exit_code != 0
    assert "no input found: /no/such/folder" in result.output
