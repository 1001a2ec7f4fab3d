"""Split a document's article text into sentences, as spans of ``Document.text``.

Why rules and not a library: the library splitters we measured either lack Indonesian
(pysbd) or bring dictionaries we do not otherwise need; news prose needs only a few rules,
and the language-specific part (abbreviations such as "u.a." or "Dr.", whether "22." is an
ordinal) is data in ``data/lang/<code>/segmentation.toml``.

The rules, in order: boilerplate spans are never part of a sentence; a blank line always
ends one; a single newline ends one unless the text is hard-wrapped (most lines end
without punctuation) or the next line continues in lower case; inside a block, ``.!?…``
ends a sentence when followed by a space and a character that is not lower case, and
the word before the dot is not an abbreviation, an initial ("A. Lukashenko") or, where the
pack says so, an ordinal ("22. Tagung"); ``。！？`` always end one. Closing quotes and
brackets after the punctuation stay with the sentence. Spans exclude outer whitespace.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tidings.model import Document, Span
from tidings.resources import pack_languages, pack_toml

_LATIN_END = re.compile(r"[.!?…؟۔]+(?:[ \t]+[.!?…؟۔]+)*")
_CJK_END = re.compile(r"[。！？]+")
_CLOSERS = "\"'”’“»«)]」』）"
_LINE_END_PUNCT = ".!?…:;。！？؟۔" + _CLOSERS
#: A document is hard-wrapped when at least this share of its line breaks (and at least
#: ``WRAP_MIN_BREAKS`` of them) follow a line that ends without punctuation.
WRAP_SHARE = 0.4
WRAP_MIN_BREAKS = 3


@dataclass(frozen=True, slots=True)
class Segmentation:
    """What a language pack says about sentence ends."""

    abbreviations: tuple[str, ...]
    ordinal_dot: bool


@functools.cache
def segmentation_for(lang: str | None) -> Segmentation:
    """The pack's rules for ``lang``; for a language without a pack, every pack's
    abbreviations and no ordinal rule."""
    packs = pack_languages()
    if lang in packs:
        data = pack_toml(lang, "segmentation.toml")
        abbreviations = tuple(str(a) for a in data.get("abbreviations", []))
        return Segmentation(abbreviations, bool(data.get("ordinal_dot", False)))
    merged: set[str] = set()
    for code in packs:
        merged.update(str(a) for a in pack_toml(code, "segmentation.toml").get("abbreviations", []))
    return Segmentation(tuple(sorted(merged)), False)


def split_sentences(doc: Document) -> list[Span]:
    """Sentence spans over the non-boilerplate text of ``doc``, in text order."""
    rules = segmentation_for(doc.lang)
    sentences: list[Span] = []
    for block in iter_blocks(doc):
        sentences.extend(split_block(doc.text, block, rules))
    return sentences


def sentences_stage(doc: Document) -> Document:
    """Pipeline stage: fill ``doc.sentences``."""
    doc.sentences = split_sentences(doc)
    return doc


def content_ranges(doc: Document) -> list[Span]:
    """The parts of ``doc.text`` outside every boilerplate span."""
    ranges: list[Span] = []
    cursor = 0
    for mark in sorted(doc.boilerplate, key=lambda b: b.span.start):
        if mark.span.start > cursor:
            ranges.append(Span(cursor, mark.span.start))
        cursor = max(cursor, mark.span.end)
    if cursor < len(doc.text):
        ranges.append(Span(cursor, len(doc.text)))
    return ranges


@dataclass(frozen=True, slots=True)
class _Line:
    span: Span
    after_gap: bool  # a blank line or a boilerplate span comes before it


def _content_lines(doc: Document) -> list[_Line]:
    lines: list[_Line] = []
    for part in content_ranges(doc):
        gap = True  # a range starts after a boilerplate span or at the start of the text
        offset = part.start
        for raw in doc.text[part.start : part.end].split("\n"):
            stripped = raw.strip()
            if stripped:
                start = offset + len(raw) - len(raw.lstrip())
                lines.append(_Line(Span(start, start + len(stripped)), after_gap=gap))
                gap = False
            else:
                gap = True
            offset += len(raw) + 1
    return lines


def _is_wrapped(doc: Document, lines: list[_Line]) -> bool:
    breaks = open_breaks = 0
    for line, following in itertools.pairwise(lines):
        if following.after_gap:
            continue
        breaks += 1
        if doc.text[line.span.end - 1] not in _LINE_END_PUNCT:
            open_breaks += 1
    return open_breaks >= WRAP_MIN_BREAKS and open_breaks >= WRAP_SHARE * breaks


def iter_blocks(doc: Document) -> Iterator[Span]:
    """Stretches of text that a sentence may not cross (paragraphs, lines)."""
    lines = _content_lines(doc)
    if not lines:
        return
    wrapped = _is_wrapped(doc, lines)
    start = lines[0].span.start
    for previous, line in itertools.pairwise(lines):
        if line.after_gap or not _continues(doc.text, previous, line, wrapped):
            yield Span(start, previous.span.end)
            start = line.span.start
    yield Span(start, lines[-1].span.end)


def _continues(text: str, previous: _Line, line: _Line, wrapped: bool) -> bool:
    if wrapped:
        return True
    ends_open = text[previous.span.end - 1] not in _LINE_END_PUNCT
    return ends_open and text[line.span.start].islower()


def split_block(text: str, block: Span, rules: Segmentation) -> Iterator[Span]:
    """Sentences of one block."""
    start = block.start
    for end in _boundaries(text, block, rules):
        span = _trim(text, start, end)
        if span is not None:
            yield span
        start = end
    span = _trim(text, start, block.end)
    if span is not None:
        yield span


def _boundaries(text: str, block: Span, rules: Segmentation) -> Iterator[int]:
    chunk = text[block.start : block.end]
    ends: list[tuple[int, int, bool]] = [
        (m.start(), m.end(), True) for m in _LATIN_END.finditer(chunk)
    ]
    ends += [(m.start(), m.end(), False) for m in _CJK_END.finditer(chunk)]
    for first, last, latin in sorted(ends):
        stop = last
        while stop < len(chunk) and chunk[stop] in _CLOSERS:
            stop += 1
        if not latin:
            yield block.start + stop
            continue
        if stop >= len(chunk) or not chunk[stop].isspace():
            continue
        following = chunk[stop:].lstrip()
        if not following or following[0].islower():
            continue
        if chunk[first:last] == "." and not _ends_sentence(chunk, first, rules):
            continue
        yield block.start + stop


def _ends_sentence(chunk: str, dot: int, rules: Segmentation) -> bool:
    """Whether the single dot at ``chunk[dot]`` ends a sentence."""
    word_start = dot
    while word_start > 0 and not chunk[word_start - 1].isspace():
        word_start -= 1
    word = chunk[word_start:dot].lstrip("\"'“„«»‘(")
    if len(word) == 1 and word.isupper():
        return False  # an initial: "A. Lukashenko"
    if rules.ordinal_dot and word.isdigit() and len(word) <= 3:
        return False  # an ordinal: "22. Tagung"
    return not _is_abbreviation(chunk, dot, rules.abbreviations)


def _is_abbreviation(chunk: str, dot: int, abbreviations: tuple[str, ...]) -> bool:
    for abbreviation in abbreviations:
        for offset, char in enumerate(abbreviation):
            if char != ".":
                continue
            begin = dot - offset
            if begin < 0 or chunk[begin : begin + len(abbreviation)] != abbreviation:
                continue
            if begin == 0 or not chunk[begin - 1].isalnum():
                return True
    return False


def _trim(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = start + len(piece) - len(piece.lstrip())
    return Span(left, left + len(stripped))
