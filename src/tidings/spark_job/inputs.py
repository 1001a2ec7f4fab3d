"""Files as Spark hands them over (a path URI and its bytes) → ``RawDocument`` or ``Skipped``.

Why not ``tidings.ingest.files``: that walks a local folder. On Spark, Hadoop lists and
reads the files (HDFS, S3, local); each executor gets ``(uri, bytes)`` pairs and turns them
into documents with the same decoders, suffix rules and limits as local ingest, so a
document gets the same id and source on both paths.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from urllib.parse import unquote, urlparse

from tidings.ingest.errors import Skipped
from tidings.ingest.files import JSONL_SUFFIXES, raw_from_text
from tidings.ingest.jsonl import parse_record
from tidings.ingest.text import decode_bytes
from tidings.model import RawDocument
from tidings.settings import Settings

#: Suffixes of web archives, which this job does not read yet (said per file, not silently).
WARC_SUFFIXES = (".warc", ".warc.gz")


def local_source(uri: str) -> str:
    """``file:/a/b.txt`` → ``/a/b.txt``, as local ingest names it; other schemes unchanged."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def suffix_of(source: str) -> str:
    name = source.rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def read_jsonl_blob(
    source: str, data: bytes, settings: Settings
) -> Iterator[RawDocument | Skipped]:
    """One document per non-blank line, sources ``path:line`` as ``read_jsonl`` gives."""
    if source.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield Skipped(source, f"unreadable: {exc}")
            return
    seen_any = False
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{source}:{lineno}"
        if len(line) > settings.max_bytes:
            yield Skipped(where, f"line too large ({len(line)} bytes)")
            continue
        yield parse_record(line, where, published=settings.published, lang=settings.lang)
    if not seen_any:
        yield Skipped(source, "empty file")


def read_blob(uri: str, data: bytes, settings: Settings) -> Iterator[RawDocument | Skipped]:
    """Every document in one file; problems become one ``Skipped`` naming the file."""
    source = local_source(uri)
    lowered = source.lower()
    if lowered.endswith(JSONL_SUFFIXES):
        yield from read_jsonl_blob(source, data, settings)
        return
    if lowered.endswith(WARC_SUFFIXES):
        yield Skipped(source, "WARC is not read by the Spark job yet: convert it to JSONL")
        return
    if len(data) > settings.max_bytes:
        yield Skipped(source, f"file too large ({len(data)} bytes > limit {settings.max_bytes})")
        return
    text = decode_bytes(data, source)
    if isinstance(text, Skipped):
        yield text
        return
    yield raw_from_text(
        text, source, suffix_of(source), published=settings.published, lang=settings.lang
    )
