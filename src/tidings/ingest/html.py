"""HTML in: the article body and title (trafilatura) and the publication date (htmldate).

Why these two: measured offline on our seeds (OFFLINE.md), trafilatura keeps every body
line and drops navigation, cookie bars and footers; htmldate reads dates from meta tags,
structured data and the URL. We call ``find_date`` with ``extensive_search=False`` so that a
"© 2024" footer is never taken for the publication date (with the default it answers
2024-01-01), and we always pass the page itself, never a URL string (which it would fetch).
In-article noise that trafilatura keeps ("Sumber:", "More Stories") is ``clean``'s job.
"""

from __future__ import annotations

import datetime as dt
import re

from tidings.ingest.errors import Skipped
from tidings.ingest.text import normalise_newlines, to_document
from tidings.model import Document, RawDocument

_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` has the tags of a web page."""
    return bool(_HTML_HINT.search(text[:4096]))


def extract(raw: RawDocument) -> Document | Skipped:
    """Turn a raw input into a ``Document``: extraction for HTML, identity for text."""
    if raw.content_type != "html":
        return to_document(raw)
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            raw.content,
            url=raw.url,
            include_comments=False,
            with_metadata=True,
        )
    except Exception as exc:  # a broken page must not stop a batch
        return Skipped(raw.source, f"HTML could not be parsed ({type(exc).__name__})")
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return Skipped(raw.source, "HTML has no article text")
    title = raw.title or getattr(result, "title", None) or None
    doc = to_document(raw)
    doc.text = normalise_newlines(text)
    doc.title = title
    if doc.published is None:
        found = find_published(raw.content, raw.url)
        if found is not None:
            doc.published, doc.published_basis = found
    return doc


def find_published(html: str, url: str | None) -> tuple[dt.date, str] | None:
    """The publication date from meta evidence or the URL, and which of the two it was."""
    from htmldate import find_date

    try:
        found = find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on odd markup; a date is optional
        return None
    if not found:
        return None
    try:
        day = dt.date.fromisoformat(str(found)[:10])
    except ValueError:
        return None
    basis = "url" if url and _date_in_url(day, url) else "metadata"
    return day, basis


def _date_in_url(day: dt.date, url: str) -> bool:
    digits = re.sub(r"\D", "", url)
    return day.strftime("%Y%m%d") in digits
