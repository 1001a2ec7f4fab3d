"""RSS and Atom in: one document per feed item, from the body the feed itself carries.

Why only the carried body: we never touch the network, so an item whose feed gives only a
link and a title has nothing to analyse and is skipped with that reason. Why the standard
library parser behind a guard: a feed is untrusted XML, and a DOCTYPE that declares
entities can expand a few hundred bytes into gigabytes ("billion laughs"); a feed has no
honest use for entity declarations, so a scan of the prolog refuses them before the
document is parsed. Elements are matched by local name, so RSS 2.0, RSS 1.0 (RDF) and
Atom (including old namespaces) share one reader.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pyexpat import ExpatError, ParserCreate
from typing import Any

from tidings.ingest.errors import Skipped
from tidings.ingest.jsonl import parse_published
from tidings.ingest.text import stable_id
from tidings.model import RawDocument

FEED_SUFFIXES = frozenset({".rss", ".atom"})

#: How much of a file is looked at to tell a feed from other XML: enough for a prolog with
#: comments and a DOCTYPE; the root element of every feed we wrote came within 1 KB.
SNIFF_BYTES = 8192

_ROOT = re.compile(
    r"""\A\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE(?:[^\[>]|\[.*?\])*>\s*)*
    <(?:[\w.-]+:)?(rss|feed|RDF)[\s>/]""",
    re.DOTALL | re.VERBOSE | re.IGNORECASE,
)
_MARKUP = re.compile(r"<[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|</[a-zA-Z][\w:-]*\s*>|&#?\w+;")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)

#: Item fields that can carry the article body, best first per feed family.
_BODY_FIELDS = ("encoded", "content", "description", "summary")
_DATE_FIELDS = ("pubDate", "published", "date", "issued", "updated", "modified")


class _Refused(Exception):
    """The prolog declares entities: the feed is not parsed at all."""


class _RootReached(Exception):
    """The prolog is over: nothing more needs checking."""


def looks_like_feed(data: bytes) -> bool:
    """True when the root element of ``data`` is ``rss``, ``feed`` or ``rdf:RDF``."""
    head = data[:SNIFF_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
    return _ROOT.match(head) is not None


def parse_feed(
    data: bytes,
    source: str,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
) -> Iterator[RawDocument | Skipped]:
    """Yield one ``RawDocument`` (or ``Skipped``) per item of the feed in ``data``."""
    if not data.strip():
        yield Skipped(source, "empty file")
        return
    refusal = check_prolog(data)
    if refusal is not None:
        yield Skipped(source, refusal)
        return
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        yield Skipped(source, f"malformed XML ({exc})")
        return
    family = _local(root.tag)
    if family not in ("rss", "feed", "RDF"):
        yield Skipped(source, f"not an RSS or Atom feed (root element <{family}>)")
        return
    items = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    if not items:
        yield Skipped(source, "feed has no items")
        return
    for number, item in enumerate(items, start=1):
        yield read_item(item, f"{source}#item-{number}", published=published, lang=lang)


def check_prolog(data: bytes) -> str | None:
    """Why the feed is refused (entity declarations, broken prolog), or None when safe."""
    parser = ParserCreate()

    def refuse(*_: object) -> None:
        raise _Refused

    def stop(*_: object) -> None:
        raise _RootReached

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.StartElementHandler = stop
    try:
        parser.Parse(data, True)
    except _Refused:
        return "refused: the DOCTYPE declares entities (possible entity-expansion attack)"
    except _RootReached:
        return None
    except ExpatError as exc:
        return f"malformed XML ({exc})"
    return "malformed XML (no root element)"


def read_item(
    item: ET.Element,
    source: str,
    *,
    published: dt.date | None = None,
    lang: str | None = None,
) -> RawDocument | Skipped:
    """One ``<item>`` or ``<entry>`` → a document, or why it has nothing to read."""
    fields = _fields(item)
    body, kind = _body(fields)
    if body is None:
        return Skipped(source, "item has no content or description (links are never fetched)")
    meta: dict[str, Any] = {}
    day = published
    for name in _DATE_FIELDS:
        stated = _text(fields.get(name))
        if stated:
            parsed = parse_feed_date(stated)
            if parsed is not None:
                day = parsed
                break
            meta["warning"] = f"ignored unreadable {name} value {stated!r}"
    return RawDocument(
        id=stable_id(body),
        source=source,
        content=body,
        content_type=kind,
        url=_link(item, fields),
        published=day,
        lang=lang,
        title=_title(fields.get("title")),
        meta=meta,
    )


def parse_feed_date(value: str) -> dt.date | None:
    """RFC 822 (``Mon, 02 Sep 2024 08:00:00 +0700``) or ISO 8601 → the date as stated."""
    text = value.strip()
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    return parse_published(text)


def _fields(item: ET.Element) -> dict[str, ET.Element]:
    """The item's child elements by local name; the first of each name wins."""
    fields: dict[str, ET.Element] = {}
    for child in item:
        fields.setdefault(_local(child.tag), child)
    return fields


def _body(fields: dict[str, ET.Element]) -> tuple[str | None, str]:
    for name in _BODY_FIELDS:
        element = fields.get(name)
        if element is None or element.get("src"):
            continue  # an Atom body given by reference is a link we do not fetch
        if element.get("type", "").lower() in ("xhtml", "application/xhtml+xml"):
            markup = "".join(_serialise(child) for child in element)
            if markup.strip():
                return _as_page(markup), "html"
            continue
        text = _text(element)
        if not text:
            continue
        if element.get("type", "").lower() == "text" or not _MARKUP.search(text):
            return text, "text"
        return _as_page(text), "html"
    return None, "text"


def _as_page(markup: str) -> str:
    """A body fragment inside a page shell, so the extractor reads it as the article."""
    if _DOCUMENT_TAG.search(markup):
        return markup
    return f"<html><body><article>{markup}</article></body></html>"


def _serialise(element: ET.Element) -> str:
    """XHTML content as plain HTML: namespaces dropped, so any HTML parser reads it."""
    plain = copy.deepcopy(element)
    for node in plain.iter():
        node.tag = _local(node.tag)
        node.attrib = {_local(key): value for key, value in node.attrib.items()}
    return ET.tostring(plain, encoding="unicode", method="html")


def _link(item: ET.Element, fields: dict[str, ET.Element]) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        text = _text(child)
        if text:
            return text
    guid = fields.get("guid")
    if guid is not None and guid.get("isPermaLink", "true") != "false":
        text = _text(guid)
        if text and text.startswith(("http://", "https://")):
            return text
    return None


def _title(element: ET.Element | None) -> str | None:
    text = _text(element)
    if not text:
        return None
    if element is not None and element.get("type", "").lower() in ("html", "xhtml"):
        text = re.sub(r"<[^>]*>", "", text)
    return " ".join(text.split()) or None


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def _local(tag: Any) -> str:
    """``{namespace}name`` → ``name``; comments and PIs have no string tag."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
