"""Turning raw inputs into documents: HTML extraction, dates, and text passed through."""

from __future__ import annotations

import datetime as dt

from tidings.ingest.errors import Skipped
from tidings.ingest.html import extract, looks_like_html
from tidings.model import Document, RawDocument

BODY = (
    "<p>Die Außenministerin hat am Montag ihren Amtskollegen aus Polen in Berlin empfangen. "
    "Beide Seiten sprachen über die Zusammenarbeit in der Energiepolitik und den Handel.</p>"
    "<p>Im Anschluss unterzeichneten die Minister eine gemeinsame Erklärung über den Ausbau "
    "der Verkehrsverbindungen zwischen beiden Ländern und vereinbarten weitere Treffen.</p>"
)


def page(head: str = "", footer: str = "") -> str:
    return (
        f"<html><head><title>Treffen in Berlin</title>{head}</head><body>"
        f"<nav><a href='/'>Start</a></nav><article><h1>Treffen in Berlin</h1>{BODY}</article>"
        f"<footer>{footer}</footer></body></html>"
    )


def raw(content: str, kind: str = "html", url: str | None = None) -> RawDocument:
    return RawDocument(id="t1", source="t1.html", content=content, content_type=kind, url=url)


def test_extract_html_gives_body_title_and_meta_date() -> None:
    meta = '<meta property="article:published_time" content="2023-03-13T08:00:00">'
    doc = extract(raw(page(head=meta)))
    assert isinstance(doc, Document)
    assert "Amtskollegen aus Polen" in doc.text and "Start" not in doc.text
    assert doc.title == "Treffen in Berlin"
    assert (doc.published, doc.published_basis) == (dt.date(2023, 3, 13), "metadata")


def test_extract_html_ignores_copyright_footer_year() -> None:
    doc = extract(raw(page(footer="© 2024 Beispielverlag")))
    assert isinstance(doc, Document)
    assert doc.published is None


def test_extract_html_reads_date_from_url() -> None:
    doc = extract(raw(page(), url="https://news.example/2024/08/22/treffen.html"))
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_basis) == (dt.date(2024, 8, 22), "url")


def test_extract_html_keeps_caller_date() -> None:
    given = RawDocument(
        id="t1", source="s", content=page(), content_type="html", published=dt.date(2020, 1, 2)
    )
    doc = extract(given)
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_basis) == (dt.date(2020, 1, 2), "metadata")


def test_extract_html_without_article_text_is_skipped() -> None:
    result = extract(raw("<html><head><title>Leer</title></head><body><nav></nav></body></html>"))
    assert isinstance(result, Skipped)
    assert str(result) == "t1.html: HTML has no article text"


def test_extract_text_is_passed_through_with_unified_newlines() -> None:
    doc = extract(raw("Erste Zeile.\r\nZweite Zeile.\rDritte.", kind="text"))
    assert isinstance(doc, Document)
    assert doc.text == "Erste Zeile.\nZweite Zeile.\nDritte."


def test_looks_like_html_tells_pages_from_prose() -> None:
    assert looks_like_html("<!doctype html><html><body></body></html>")
    assert not looks_like_html("Ein Satz über <3 Dinge.")
