"""WARC ingest: which records become documents, their ids, dates and sources, and damage."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.ingest.errors import Skipped
from tidings.ingest.files import iter_documents
from tidings.ingest.text import stable_id
from tidings.ingest.warc import read_warc
from tidings.model import RawDocument

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

MEETING = (
    "Chinese Premier Li Qiang met Belarusian Prime Minister Roman Golovchenko in Minsk "
    "on 22 August 2024. The two leaders talked about trade and new rail links."
)
VISIT = (
    "Der deutsche Bundeskanzler Olaf Scholz besuchte am 5. März 2024 die Hauptstadt Litauens, "
    "Vilnius. Er sprach dort mit dem litauischen Präsidenten Gitanas Nausėda über Sicherheit."
)


def page(body: str, *, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>News</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><p>{body}</p></article>"
        "<footer>About us</footer></body></html>"
    )


Record = tuple[str, str, str, str | bytes]  # (type, uri, "status content-type", payload)


def write_warc(path: Path, records: list[Record], *, date: str = "2024-09-01T08:00:00Z") -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for rec_type, uri, status_type, payload in records:
            status, _, content_type = status_type.partition(" ")
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            http = None
            if rec_type in ("response", "request"):
                line = "GET / HTTP/1.1" if rec_type == "request" else f"{status} X"
                headers = [("Content-Type", content_type)] if content_type else []
                is_request = rec_type == "request"
                http = StatusAndHeaders(
                    line, headers, protocol="HTTP/1.1", is_http_request=is_request
                )
            record = writer.create_warc_record(
                uri,
                rec_type,
                payload=io.BytesIO(data),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)


def documents(items: list[RawDocument | Skipped]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def skips(items: list[RawDocument | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_ingest_warc_keeps_only_html_responses_with_status_200(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(
        path,
        [
            ("request", "https://news.example/a", "", ""),
            ("response", "https://news.example/a", "200 text/html; charset=utf-8", page(MEETING)),
            ("response", "https://news.example/logo.png", "200 image/png", b"\x89PNG\r\n"),
            ("response", "https://news.example/gone", "404 text/html", page("Not found.")),
            ("response", "https://news.example/b", "200 application/xhtml+xml", page(VISIT)),
            ("metadata", "https://news.example/b", "", "outlinks: none"),
        ],
    )
    items = list(read_warc(path))
    assert skips(items) == []
    first, second = documents(items)
    assert (first.url, second.url) == ("https://news.example/a", "https://news.example/b")
    assert first.content_type == "html" and MEETING in first.content
    assert first.source.startswith(f"{path}#") and second.source.startswith(f"{path}#")
    offsets = [int(d.source.rsplit("#", 1)[1]) for d in (first, second)]
    assert 0 < offsets[0] < offsets[1] < path.stat().st_size  # the request record is at 0


def test_ingest_warc_recrawl_of_same_page_gets_same_id_as_html_file(tmp_path: Path) -> None:
    html = page(MEETING)
    path = tmp_path / "twice.warc.gz"
    write_warc(
        path,
        [
            ("response", "https://news.example/a", "200 text/html", html),
            ("response", "https://news.example/a?ref=rss", "200 text/html", html),
        ],
    )
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    first, second, saved = documents(list(iter_documents([path, tmp_path / "a.html"])))
    assert first.id == second.id == saved.id == stable_id(html)
    assert first.source != second.source


def test_ingest_warc_page_date_first_then_warc_date_then_default(tmp_path: Path) -> None:
    dated = page(MEETING, head='<meta property="article:published_time" content="2024-08-22">')
    path = tmp_path / "dates.warc"
    write_warc(
        path,
        [
            ("response", "https://news.example/x", "200 text/html", dated),
            ("response", "https://news.example/y", "200 text/html", page(VISIT)),
        ],
        date="2024-09-01T08:00:00Z",
    )
    first, second = documents(list(read_warc(path, published=dt.date(2000, 1, 1))))
    assert first.published == dt.date(2024, 8, 22)
    assert "published_from" not in first.meta and first.meta["published_basis"] == "metadata"
    assert second.published == dt.date(2024, 9, 1)
    assert second.meta["published_from"] == "WARC-Date"


def test_ingest_warc_decodes_the_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin.warc"
    html = page(VISIT)
    write_warc(
        path,
        [
            (
                "response",
                "https://news.example/l",
                "200 text/html; charset=ISO-8859-13",
                html.encode("iso-8859-13"),
            )
        ],
    )
    [doc] = documents(list(read_warc(path)))
    assert "Nausėda" in doc.content and doc.id == stable_id(html)


def test_ingest_warc_truncated_gzip_keeps_earlier_records(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(
        whole,
        [
            ("response", f"https://news.example/{n}", "200 text/html", page(f"{MEETING} Part {n}."))
            for n in range(3)
        ],
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 150])
    items = list(read_warc(cut))
    assert len(documents(items)) == 2
    [skip] = skips(items)
    assert skip.source.startswith(f"{cut}#") and int(skip.source.rsplit("#", 1)[1]) > 0
    assert "truncated" in skip.reason  # inside a record or between two gzip members


def test_ingest_warc_truncated_plain_record_is_not_read_as_a_page(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(
        whole,
        [
            ("response", f"https://news.example/{n}", "200 text/html", page(f"{MEETING} Part {n}."))
            for n in range(2)
        ],
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 100])
    items = list(read_warc(cut))
    [doc] = documents(items)
    [skip] = skips(items)
    assert "Part 0." in doc.content
    assert skip.source.startswith(f"{cut}#") and "record truncated" in skip.reason


def test_ingest_warc_malformed_record_ends_the_file_with_its_offset(tmp_path: Path) -> None:
    good = tmp_path / "good.warc"
    write_warc(
        good,
        [("response", f"https://news.example/{n}", "200 text/html", page(MEETING)) for n in (1, 2)],
    )
    data = good.read_bytes()
    second = data.index(b"WARC/1.0", 1)
    bad = tmp_path / "bad.warc"
    bad.write_bytes(data[:second] + b"this is no record header\r\n\r\n" + data[second:])
    items = list(read_warc(bad))
    assert len(documents(items)) == 1
    [skip] = skips(items)
    assert skip.source == f"{bad}#{second}"
    assert "malformed WARC record after 1 record" in skip.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.warc", b"Just some notes, not an archive.\n", "not a WARC file"),
        ("broken.warc.gz", b"\x1f\x8b\x08\x00not really gzip", "not a WARC file"),
        ("empty.warc", b"", "empty file"),
        (
            "arc.warc",
            b"http://a.example/ 1.2.3.4 20240101000000 text/html 5\nhello\n",
            "not a WARC",
        ),
    ],
)
def test_ingest_warc_non_warc_input_is_one_skip(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [skip] = list(iter_documents([path]))
    assert isinstance(skip, Skipped)
    assert skip.source.startswith(str(path)) and reason in skip.reason


def test_ingest_warc_oversized_payload_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(
        path,
        [
            ("response", "https://news.example/big", "200 text/html", page(MEETING * 40)),
            ("response", "https://news.example/small", "200 text/html", page(VISIT)),
        ],
    )
    items = list(iter_documents([path], max_bytes=2000))
    [doc] = documents(items)
    [skip] = skips(items)
    assert doc.url == "https://news.example/small"
    assert "too large" in skip.reason and skip.source.startswith(f"{path}#")


def test_cli_ingest_warc_finds_the_events(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("response", "https://news.example/a", "200 text/html", page(MEETING)),
            ("response", "https://news.example/b", "200 text/html", page(VISIT)),
        ],
    )
    db = tmp_path / "store.sqlite"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("2 added")
    again = CliRunner().invoke(main, ["--db", str(db), "ingest", str(path)])
    assert again.output.strip().startswith("0 added, 2 already stored")
    out = CliRunner().invoke(main, ["--db", str(db), "events", "--json"]).output
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    pairs = {(e["source"], e["target"]) for e in events}
    assert ("CHN", "BLR") in pairs or ("BLR", "CHN") in pairs, events
