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


def times_stage(doc: Document) -> Document:
    """Pipeline stage: set ``doc.times``."""
    doc.times = find_times(doc)
    return doc


def canonical_value(pd: PartialDate) -> str:
    """A short comparable form: ``2024-12-02``, ``--08-22``, ``weekday:monday`` or ``none``."""
    iso = pd.iso()
    if iso:
        return iso
    if pd.weekday is not None:
        return f"weekday:{WEEKDAYS[pd.weekday]}"
    return "none"
