"""The data every stage reads and writes: plain dataclasses, no behaviour beyond small helpers.

Why plain dataclasses: they cost no dependency, pickle cleanly (process pools, Spark), and a
test can build any of them by hand. Serialisation to the public JSON format lives in
``tidings.export.jsonl``, not here, so the model can change shape without breaking users.

Offsets: every ``Span`` is a pair of character offsets into ``Document.text`` (end exclusive).
``Document.text`` is never modified after ingest/extraction: cleaning only *marks* spans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class PloverType(StrEnum):
    """The 16 PLOVER event types (openeventdata/PLOVER manual)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


#: CONSULT modes of PLOVER.
CONSULT_MODES = frozenset({"visit", "host", "third_party", "phone"})

#: Roles a person can hold; closed set shared by the KB, the packs and the output.
ROLES = frozenset(
    {"head_of_state", "head_of_government", "foreign_minister", "minister", "diplomat", "other"}
)

#: How a part of a date was obtained. ``text``: stated in the sentence; ``published``: a
#: relative expression resolved against the publication date; ``tenure``: the only year
#: consistent with the tenures of the people in the event; ``story``: taken from a
#: better-dated report of the same story.
DATE_BASES = frozenset({"text", "published", "tenure", "story"})


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into ``Document.text``; ``end`` is exclusive."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True, kw_only=True)
class RawDocument:
    """What an ingest reader hands over: bytes or text, before any cleaning."""

    id: str
    source: str  # file path (with ``:line`` for JSONL) or URL it came from
    content: str
    content_type: str = "text"  # "text" or "html"
    url: str | None = None
    published: dt.date | None = None
    lang: str | None = None  # a language the caller states; trusted over detection
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Boilerplate:
    """A span of ``Document.text`` that is not article content, and why."""

    span: Span
    reason: str  # canonical: ad_placeholder, source_line, comment_counter, related_links, ...
    rule: str  # the pack row or built-in rule that fired, e.g. "id/boilerplate.tsv:4"


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A surface form in the text that may refer to a KB entity, a title or a demonym.

    ``kind`` is one of: country, person, org, city, venue, region, title, demonym.
    ``kb_id`` is set when linking chose a candidate; ``candidates`` keeps all of them.
    ``role``/``country`` carry what a title or adjective says ("Presiden Belarusia" →
    role head_of_state, country BLR).
    """

    span: Span
    surface: str
    kind: str
    kb_id: str | None = None
    candidates: tuple[str, ...] = ()
    role: str | None = None
    country: str | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tenure:
    """One office held by a person, with dates; ``end`` None means still in office."""

    role: str
    country: str | None
    start: dt.date | None
    end: dt.date | None = None
    office: str | None = None  # free text, e.g. "Premier of the State Council"

    def covers(self, day: dt.date) -> bool:
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end

    def covers_year(self, year: int) -> bool:
        if self.start is not None and year < self.start.year:
            return False
        return self.end is None or year <= self.end.year


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A resolved actor or place. ``kb_id`` is a Wikidata QID where known, else a stable
    project id ("iso:BLR", "prov:…" for provisional people found by title patterns)."""

    kb_id: str
    kind: str  # country, person, org, city, venue, region
    name: str  # English canonical name
    country: str | None = None  # ISO 3166-1 alpha-3 (for people: the country they serve)
    role: str | None = None  # for people: role at the document's date
    provisional: bool = False
    tenures: tuple[Tenure, ...] = ()
    #: The Wikidata QID when it is known and was checked (also when ``kb_id`` is one).
    qid: str | None = None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True, kw_only=True)
class PartialDate:
    """A date with possibly missing parts. Never filled in without a ``basis``.

    ``weekday`` is 0 = Monday … 6 = Sunday. ``basis`` maps each filled part ("year",
    "month", "day") to how it was obtained (see ``DATE_BASES``); parts read straight from
    the text have basis ``text``.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    basis: tuple[tuple[str, str], ...] = ()  # (("year", "tenure"), ("day", "text"), ...)
    text: str | None = None  # the surface it came from

    @property
    def precision(self) -> str:
        if self.year and self.month and self.day:
            return "day"
        if self.month and self.day:
            return "month_day"
        if self.weekday is not None and not self.day:
            return "weekday"
        if self.month:
            return "month"
        if self.year:
            return "year"
        return "none"

    def iso(self) -> str | None:
        """ISO 8601 form of what is known: 2023-08-22, --08-22, 2023-08, 2023; else None."""
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year:
            return f"{self.year:04d}"
        return None

    def as_date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    def day_bounds(self) -> tuple[dt.date, dt.date] | None:
        """The earliest and latest day this date can be; None without a year."""
        if not self.year:
            return None
        if self.month and self.day:
            day = self.as_date()
            return (day, day) if day else None
        if self.month:
            first = dt.date(self.year, self.month, 1)
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def basis_of(self, part: str) -> str | None:
        for name, basis in self.basis:
            if name == part:
                return basis
        return None

    @property
    def main_basis(self) -> str | None:
        """The weakest basis used: the one a reader must be told about."""
        order = ["story", "tenure", "published", "text"]
        used = {b for _, b in self.basis}
        for b in order:
            if b in used:
                return b
        return None

    def compatible(self, other: PartialDate) -> bool:
        """True when no known part of one contradicts the other."""
        for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if a is not None and b is not None and a != b:
                return False
        if self.weekday is not None and other.weekday is not None:
            return self.weekday == other.weekday
        for x, y in ((self, other), (other, self)):
            d = y.as_date()
            if x.weekday is not None and d is not None and d.weekday() != x.weekday:
                return False
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpr:
    """A temporal expression found in the text and what it resolves to."""

    span: Span
    value: PartialDate
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where an event happened. ``city`` is the English name; ``country`` ISO alpha-3."""

    city: str | None = None
    country: str | None = None
    kb_id: str | None = None
    span: Span | None = None
    rule: str = ""


@dataclass(slots=True, kw_only=True)
class Event:
    """Who did what to whom, where and when, with the sentence that says so.

    ``source``/``target`` are ISO alpha-3 country codes of the actors (or an org's KB id
    when the actor is an international organisation); ``source_entity``/``target_entity``
    keep the most specific KB ids (a person where one was named).
    ``modality`` is ``asserted``, ``planned`` (future, intention) or ``negated``.
    """

    type: PloverType
    mode: str | None = None
    source: str | None = None
    target: str | None = None
    source_entity: str | None = None
    target_entity: str | None = None
    persons: tuple[str, ...] = ()
    date: PartialDate | None = None
    date_expr: Span | None = None
    location: Location | None = None
    evidence: Span = field(default_factory=lambda: Span(0, 0))  # the sentence
    trigger: Span | None = None
    confidence: float = 0.5
    main: bool = False
    cameo: str | None = None
    modality: str = "asserted"
    rule: str = ""


@dataclass(slots=True, kw_only=True)
class Document:
    """One article travelling through the stages; each stage fills its attributes.

    ``text`` is the article as plain text: the input itself for text, or the body that
    HTML extraction produced. It is never modified afterwards.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    source_url: str | None = None
    published: dt.date | None = None
    published_basis: str | None = None  # "metadata", "text", "url"
    lang: str | None = None
    lang_confidence: float = 0.0
    boilerplate: list[Boilerplate] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    times: list[TimeExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "no language pack for 'sw'"
    meta: dict[str, Any] = field(default_factory=dict)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def in_boilerplate(self, span: Span) -> bool:
        return any(b.span.overlaps(span) for b in self.boilerplate)

    def sentence_of(self, span: Span) -> Span | None:
        for s in self.sentences:
            if s.start <= span.start < s.end:
                return s
        return None


@dataclass(slots=True, kw_only=True)
class Analysis:
    """One document's complete result: what ``analyze`` returns and the store keeps."""

    document: Document
    story_id: str | None = None

    @property
    def events(self) -> list[Event]:
        return self.document.events

    @property
    def main_event(self) -> Event | None:
        return next((e for e in self.document.events if e.main), None)


@dataclass(slots=True, kw_only=True)
class Story:
    """One real-world event with all its reports, in every language."""

    id: str
    type: PloverType
    source: str | None
    target: str | None
    date: PartialDate | None
    location: Location | None = None
    mode: str | None = None
    doc_ids: list[str] = field(default_factory=list)
    participants: tuple[str, ...] = ()
