"""Files and folders in: walk them in a fixed order and hand each file to its reader.

Why a dispatcher by extension with sniffing as fallback: crawls name files carelessly
(``.php``, no extension), so an unknown name is read and looked at (``.xml`` too: it is a
feed only when its root element says so). WARC archives are streamed record by record.
Every problem (missing, unreadable, empty, binary, too large, undecodable) becomes one
``Skipped`` and the walk goes on. Order is sorted so that two runs over the same folder agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.ingest.errors import Skipped
from tidings.ingest.feeds import FEED_SUFFIXES, looks_like_feed, parse_feed
from tidings.ingest.html import looks_like_html
from tidings.ingest.jsonl import read_jsonl
from tidings.ingest.text import decode_bytes, stable_id
from tidings.ingest.warc import is_warc_name, read_warc
from tidings.model import RawDocument
from tidings.resources import data_dir, read_toml

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


@functools.cache
def default_max_bytes() -> int:
    """``[ingest] max_bytes`` of ``data/defaults.toml`` (20 MB when unset)."""
    section = read_toml(data_dir() / "defaults.toml").get("ingest", {})
    return int(section.get("max_bytes", 20_000_000))


def iter_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    lang: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawDocument | Skipped]:
    """Yield a ``RawDocument`` or a ``Skipped`` for every file under ``paths``.

    ``published`` and ``lang`` are defaults for inputs that do not state their own.
    ``max_bytes`` limits a whole file, or one line of a JSONL file (JSONL is streamed).
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            for file in files:
                yield from read_file(file, published=published, lang=lang, max_bytes=limit)
        else:
            yield from read_file(path, published=published, lang=lang, max_bytes=limit)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_file(
    path: Path,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[RawDocument | Skipped]:
    """Read one file with the reader its name (or, failing that, its content) calls for."""
    source = str(path)
    name = path.name.lower()
    if not path.exists():
        yield Skipped(source, "no such file or folder")
        return
    if name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, published=published, lang=lang, max_line_bytes=max_bytes)
        return
    if is_warc_name(path):  # streamed: the limit applies to one record, not the archive
        yield from read_warc(path, published=published, lang=lang, max_record_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(source, f"file too large ({size} bytes > limit {max_bytes})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(source, f"unreadable: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES or (
        suffix not in HTML_SUFFIXES | TEXT_SUFFIXES and looks_like_feed(data)
    ):  # ``.xml`` or a careless name: a feed is known by its root element
        yield from parse_feed(data, source, published=published, lang=lang)
        return
    text = decode_bytes(data, source)
    if isinstance(text, Skipped):
        yield text
        return
    yield raw_from_text(text, source, suffix, published=published, lang=lang)


def raw_from_text(
    text: str, source: str, suffix: str, *, published: dt.date | None, lang: str | None
) -> RawDocument:
    """A decoded file as a RawDocument: HTML or text by its suffix, else by its look."""
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if looks_like_html(text) else "text"
    return RawDocument(
        id=stable_id(text),
        source=source,
        content=text,
        content_type=kind,
        published=published,
        lang=lang,
    )
