"""The time stage: find dates in an article and anchor the relative ones.

Why this stage exists: an event without a day cannot be placed on a timeline or matched
with reports of the same event in other languages. News states days in few shapes
("am Donnerstag", "pada hari Senin", "Jumat (17/1)", "Sept. 2, 2025", "gestern"), so rules
fed by each language's calendar pack read them; the publication date then fixes what the
text leaves open, and every filled part says which basis it came from. Nothing is guessed:
"Pada tanggal 22 Agustus" without a publication date stays ``--08-22``.

Rules are named ``<shape>[:<offset>][/<direction>]`` (``weekday/before``,
``relative:-1d``), so a later stage can anchor an expression again with ``resolve_time``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from tidings.model import WEEKDAYS, Document, PartialDate, Span, TimeExpr
from tidings.timeexpr.lexicon import Offset, load_lexicon, parse_offset
from tidings.timeexpr.patterns import Reading, find_readings
from tidings.timeexpr.resolve import fill_year, resolve_with_published

__all__ = [
    "TIMES_ASSIGNS",
    "TIMES_REQUIRES",
    "canonical_value",
    "fill_year",
    "find_times",
    "resolve_time",
    "resolve_with_published",
    "times_stage",
]

#: What the stage reads and writes on a Document.
TIMES_REQUIRES = ("doc.text", "doc.lang", "doc.published", "doc.boilerplate")
TIMES_ASSIGNS = ("doc.times",)

_DEFAULT_DIRECTION = "on_or_before"


def _rule_of(reading: Reading) -> str:
    if reading.direction == _DEFAULT_DIRECTION:
        return reading.rule
    return f"{reading.rule}/{reading.direction}"


def _anchor(rule: str) -> tuple[Offset | None, str]:
    """The offset and direction a rule name carries."""
    name, _, direction = rule.partition("/")
    _, _, offset = name.partition(":")
    return (parse_offset(offset, rule) if offset else None), direction or _DEFAULT_DIRECTION


def resolve_time(expr: TimeExpr, published: dt.date) -> TimeExpr:
    """Anchor ``expr`` (found without a publication date) on ``published``."""
    offset, direction = _anchor(expr.rule)
    value = resolve_with_published(expr.value, published, offset=offset, direction=direction)
    return replace(expr, value=value)


def find_times(doc: Document) -> list[TimeExpr]:
    """Temporal expressions in the non-boilerplate text of ``doc``, in text order.

    Relative ones are anchored on ``doc.published`` when it is known. A document whose
    language has no pack gets none, and a note saying why.
    """
    if not doc.lang:
        doc.notes.append(f"time: {doc.id}: language unknown, no dates read")
        return []
    try:
        lexicon = load_lexicon(doc.lang)
    except ValueError as error:
        doc.notes.append(f"time: {doc.id}: calendar pack unusable: {error}")
        return []
    if lexicon is None:
        doc.notes.append(f"time: {doc.id}: no language pack for {doc.lang!r}, no dates read")
        return []
    found: list[TimeExpr] = []
    for reading in find_readings(doc.text, doc.lang):
        span = Span(reading.start, reading.end)
        if doc.in_boilerplate(span):
            continue
        expr = TimeExpr(span=span, value=reading.value, rule=_rule_of(reading))
        found.append(resolve_time(expr, doc.published) if doc.published else expr)
    return found


#: How far from the top a stand-alone date line may stand to count as the publication date.
HEADER_CHARS = 600
#: Most words of letters a date line may carry besides the date ("4:15 PM", "Rabu, … WIB").
HEADER_EXTRA_WORDS = 3
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def published_from_header(doc: Document, times: list[TimeExpr]) -> dt.date | None:
    """A full date written on a line of its own near the top ("May 3, 2024, 4:15 PM") is the
    publication date: the text states it, so using it invents nothing."""
    stamps = [  # date lines that cleaning set aside as page furniture still state the date
        TimeExpr(span=Span(m.span.start + r.start, m.span.start + r.end), value=r.value)
        for m in doc.boilerplate
        if m.reason == "timestamp" and m.span.start <= HEADER_CHARS and doc.lang
        for r in find_readings(doc.span_text(m.span), doc.lang)
    ]
    for expr in sorted([*stamps, *times], key=lambda t: t.span.start):
        if expr.span.start > HEADER_CHARS:
            break
        value = expr.value
        if value.basis_of("year") != "text" or value.precision != "day":
            continue
        line_start = doc.text.rfind("\n", 0, expr.span.start) + 1
        line_end = doc.text.find("\n", expr.span.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        rest = doc.text[line_start : expr.span.start] + doc.text[expr.span.end : line_end]
        if len(_LETTER_WORD.findall(rest)) <= HEADER_EXTRA_WORDS:
            return value.as_date()
    return None


def times_stage(doc: Document) -> Document:
    """Pipeline stage: set ``doc.times`` (and ``doc.published`` from a date line at the top
    when no metadata gave one, re-anchoring the relative expressions on it)."""
    doc.times = find_times(doc)
    if doc.published is None:
        day = published_from_header(doc, doc.times)
        if day is not None:
            doc.published, doc.published_basis = day, "text"
            doc.times = [resolve_time(t, day) for t in doc.times]
    return doc


def canonical_value(pd: PartialDate) -> str:
    """A short comparable form: ``2024-12-02``, ``--08-22``, ``weekday:monday`` or ``none``."""
    iso = pd.iso()
    if iso:
        return iso
    if pd.weekday is not None:
        return f"weekday:{WEEKDAYS[pd.weekday]}"
    return "none"
