"""Plain text in: bytes to text, a stable id, and the ``Document`` a text input becomes.

Why decoding lives here: every reader (files, JSONL, HTML) starts from bytes of unknown
quality. UTF-8 is tried first because it is what nearly all news text is; only when that
fails do we ask charset-normalizer, and we accept its answer only when it is confident,
because a wrong guess silently corrupts every name in the article.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

from tidings.ingest.errors import Skipped
from tidings.model import Document, RawDocument

#: charset-normalizer's "chaos" (mess ratio) above which a guessed encoding is refused.
#: 0.1 accepted every Latin-1 / cp1252 German and Indonesian sample we wrote and refused
#: random bytes (which it usually cannot decode at all).
MAX_CHAOS = 0.1

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_bytes(data: bytes, source: str) -> str | Skipped:
    """Decode ``data`` to text, or say why it cannot be read as text."""
    if not data.strip():
        return Skipped(source, "empty file")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return Skipped(source, "invalid UTF-16 despite a byte-order mark")
        return text if text.strip() else Skipped(source, "empty file")
    if b"\x00" in data:
        return Skipped(source, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guessed = _guess_encoding(data)
        if guessed is None:
            return Skipped(
                source,
                f"not valid UTF-8 (byte {exc.start}) and no confident encoding was found",
            )
        text = guessed
    if not text.strip():
        return Skipped(source, "empty file")
    return text


def _guess_encoding(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    if best.encoding.startswith(("utf_16", "utf_32")):
        return None  # without a byte-order mark, a UTF-16/32 guess is a guess on noise
    text = str(best)
    if _looks_binary(text):
        return None
    return text


def _looks_binary(text: str) -> bool:
    """True when many characters are control characters: decodable, but not text."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return controls > max(2, len(text) // 100)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def stable_id(content: str) -> str:
    """First 16 hex digits of the SHA-256 of the normalised content.

    Normalised (NFC, newlines unified, outer whitespace stripped) so that the same article
    saved with another editor or line-ending convention keeps its id.
    """
    normal = unicodedata.normalize("NFC", normalise_newlines(content)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def to_document(raw: RawDocument) -> Document:
    """A text input becomes a document whose text is the input, newlines unified."""
    doc = Document(
        id=raw.id,
        source=raw.source,
        text=normalise_newlines(raw.content),
        title=raw.title,
        url=raw.url,
        published=raw.published,
        published_basis=(
            str(raw.meta.get("published_basis", "metadata")) if raw.published is not None else None
        ),
        lang=raw.lang,
        lang_confidence=1.0 if raw.lang else 0.0,
        meta=dict(raw.meta),
    )
    return doc
