"""WARC in: the HTML pages of a web archive, one document per archived response.

Why streamed record by record: a crawl file is often gigabytes, so we never hold more than
one payload, and the file-size limit of plain files does not apply; the limit applies to
one payload instead. Why the id is the hash of the payload: the same page crawled twice
(or saved as an ``.html`` file) gets the same id and is stored once. Why the crawl date is
only a fallback: ``WARC-Date`` says when the page was fetched, not when it was written, so
the page's own evidence (htmldate: meta tags, the URL) is asked first.

A broken archive (truncated gzip, a malformed record, a file that is not WARC at all) ends
the file with one ``Skipped`` naming the file and the record offset; the records read
before it are kept.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tidings.ingest.errors import Skipped
from tidings.ingest.html import find_published
from tidings.ingest.text import decode_bytes, stable_id
from tidings.model import RawDocument

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_warc_name(path: Path) -> bool:
    """True when the file name says WARC (``.warc`` or ``.warc.gz``)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: Path,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
    max_record_bytes: int = 20_000_000,
) -> Iterator[RawDocument | Skipped]:
    """Yield one ``RawDocument`` per HTML response (status 200) archived in ``path``.

    Other records (requests, metadata, images, redirects) are passed over silently: they
    are not articles. ``published`` is used only when neither the page nor the record
    says a date; ``lang`` is handed on as the stated language.
    """
    try:
        import warcio  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        yield Skipped(str(path), "reading WARC needs warcio: pip install 'tidings[warc]'")
        return
    found = 0
    records = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skipped(str(path), f"unreadable: {exc.strerror or exc}")
        return
    with handle:
        if not handle.read(1):
            yield Skipped(str(path), "empty file")
            return
        handle.seek(0)
        iterator = _open_archive(handle)
        previous: tuple[Any, str] | None = None
        try:
            for record in iterator:
                if previous is not None and _missing_bytes(previous[0]):
                    break  # reported below, after the loop
                source = f"{path}#{iterator.offset}"
                if record.format != "warc":  # warcio also reads ARC, and takes text for it
                    what = "not a WARC file" if records == 0 else "not a WARC record"
                    yield Skipped(source, f"{what} (first line does not start with WARC/)")
                    return
                records += 1
                previous = (record, source)
                item = _read_record(
                    record, source, published=published, lang=lang, max_bytes=max_record_bytes
                )
                if isinstance(item, RawDocument):
                    found += 1
                if item is not None:
                    yield item
                if isinstance(item, Skipped) and _missing_bytes(record):
                    return  # a cut record is the end of what can be read
            if previous is not None and (missing := _missing_bytes(previous[0])):
                yield Skipped(previous[1], f"record truncated: {missing} bytes missing")
                return
        except Exception as exc:  # warcio raises many kinds on damaged input
            yield Skipped(f"{path}#{iterator.offset}", _describe_failure(exc, records))
            return
        if iterator.truncated:
            what = "truncated or corrupt gzip data" if records else "not a WARC file (corrupt gzip)"
            yield Skipped(f"{path}#{iterator.offset}", f"{what} after {_count(records)}")
            return
    if found == 0:
        yield Skipped(str(path), f"no HTML response with status 200 among {_count(records)}")


def _open_archive(handle: BinaryIO) -> Any:
    """warcio's record iterator, noting whether the file ended inside a gzip member.

    warcio reads a cut-off gzip member as a short record and stops without an error, so
    we look at the decompressor when the iterator closes: a member that did not reach its
    end means the file was cut or damaged.
    """
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

    class CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        truncated = False

        def close(self) -> None:
            decompressor = self.reader.decompressor if self.reader is not None else None
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.truncated = True
            super().close()

    return CheckedArchiveIterator(handle)


def _missing_bytes(record: Any) -> int:
    """How many bytes of the record's declared Content-Length the file did not have."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    return int(getattr(stream, "limit", 0))


def _describe_failure(exc: Exception, records: int) -> str:
    message = " ".join(str(exc).split())
    name = type(exc).__name__
    if records == 0 and "Unknown archive format" in message:
        return "not a WARC file (" + message[:120] + ")"
    if isinstance(exc, EOFError) or "zlib" in message.lower() or "gzip" in message.lower():
        return f"truncated or corrupt compressed data after {_count(records)} ({name})"
    return f"malformed WARC record after {_count(records)} ({name}: {message[:120]})"


def _count(records: int) -> str:
    return "1 record" if records == 1 else f"{records} records"


def _read_record(
    record: Any,
    source: str,
    *,
    published: dt.date | None,
    lang: str | None,
    max_bytes: int,
) -> RawDocument | Skipped | None:
    """One WARC record → a document, a reason, or None when it is not an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    media_type, charset = _split_content_type(record.http_headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Skipped(source, f"payload too large (> limit {max_bytes} bytes)")
    if missing := _missing_bytes(record):
        return Skipped(source, f"record truncated: {missing} bytes missing")
    html = _decode_payload(payload, charset, source)
    if isinstance(html, Skipped):
        return html
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    meta: dict[str, Any] = {}
    found = find_published(html, url)
    if found is not None:
        day: dt.date | None = found[0]
        meta["published_basis"] = found[1]  # "url" or "metadata", as html.extract says
    else:
        day = _warc_date(record.rec_headers.get_header("WARC-Date"))
        if day is not None:
            meta["published_from"] = "WARC-Date"
    return RawDocument(
        id=stable_id(html),
        source=source,
        content=html,
        content_type="html",
        url=url,
        published=day or published,
        lang=lang,
        meta=meta,
    )


def _split_content_type(value: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=ISO-8859-1"`` → ``("text/html", "ISO-8859-1")``."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return parts[0].lower(), charset


def _decode_payload(payload: bytes, charset: str | None, source: str) -> str | Skipped:
    """The charset the server declared when it decodes cleanly, else our usual guesswork."""
    if charset:
        try:
            codecs.lookup(charset)
            text = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip():
                return text.removeprefix("\ufeff")
    return decode_bytes(payload, source)


def _warc_date(value: str | None) -> dt.date | None:
    """``2024-08-23T10:00:00Z`` (WARC 1.0/1.1, any precision) → its date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
