"""Stories in one pass: main events grouped by unordered actor pair, type family and a
7-day date window.

Why not ``tidings.stories``: that joins one event at a time against a store, which needs a
database and a fixed order. On a cluster the same blocking key (the actor pair) becomes a
``groupByKey``, and inside one block the events are sorted by day and cut into windows.
The result depends only on the inputs, never on partitioning or arrival order. What differs
from the incremental version is listed in docs/spark.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tidings.model import PartialDate
from tidings.stories import MEETING_FAMILY, SKIPPED_MODALITIES, make_story_id, pin_date, rank_date

#: Days one story spans from its first dated report: a state visit with its talks, signings
#: and follow-up coverage fits in a week (the brief's window; the store allows more for
#: year-less dates).
WINDOW_DAYS = 7
#: Block name of the types that reports of one meeting use interchangeably.
MEETING_BLOCK = "family:consult"  # CONSULT, AGREE and SUPPORT of one meeting


@dataclass(frozen=True, slots=True)
class MainEvent:
    """The fields of a document's main event that stories need, small enough to shuffle."""

    doc_id: str
    index: int
    type: str
    source: str | None
    target: str | None
    date: PartialDate | None
    published: dt.date | None
    lang: str | None
    modality: str = "asserted"
    mode: str | None = None

    @property
    def event_id(self) -> str:
        return f"{self.doc_id}#{self.index}"


@dataclass(frozen=True, slots=True)
class Member:
    """One event's place in a story, and its date after pinning to the story's."""

    doc_id: str
    index: int
    story_id: str
    date: PartialDate | None
    flag: str | None


@dataclass(frozen=True, slots=True)
class SparkStory:
    story_id: str
    type: str
    mode: str | None
    source: str | None
    target: str | None
    date: PartialDate | None
    first_day: dt.date | None
    last_day: dt.date | None
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    langs: tuple[str, ...]
    members: tuple[Member, ...]


def joins_story(event: MainEvent) -> bool:
    """Only asserted events naming both sides found or join a story."""
    return bool(
        event.source
        and event.target
        and event.source != event.target
        and event.modality not in SKIPPED_MODALITIES
    )


def block_key(event: MainEvent) -> tuple[str, str, str]:
    """(actor, actor, type family): the unordered pair, and meetings as one family."""
    first, second = sorted((event.source or "", event.target or ""))
    family = MEETING_BLOCK if event.type in MEETING_FAMILY else event.type
    return first, second, family


def anchor_day(event: MainEvent) -> dt.date | None:
    """The day an event is placed on: its own full date, else its report's publication."""
    if event.date is not None:
        day = event.date.as_date()
        if day is not None:
            return day
    return event.published


def order_key(event: MainEvent) -> tuple[dt.date, str, int]:
    return (anchor_day(event) or dt.date.max, event.doc_id, event.index)


def split_windows(events: list[MainEvent]) -> list[list[MainEvent]]:
    """Dated events cut into windows of ``WINDOW_DAYS`` from each window's first day;
    undated ones join the block's only window, else form one window of their own."""
    dated = sorted((e for e in events if anchor_day(e) is not None), key=order_key)
    undated = sorted((e for e in events if anchor_day(e) is None), key=order_key)
    windows: list[list[MainEvent]] = []
    start: dt.date | None = None
    for event in dated:
        day = anchor_day(event)
        assert day is not None
        if start is None or (day - start).days >= WINDOW_DAYS:
            windows.append([])
            start = day
        windows[-1].append(event)
    if undated:
        if len(windows) == 1:
            windows[0].extend(undated)
        else:
            windows.append(undated)  # nothing dates them and the pair has 0 or 2+ stories
    return windows


def best_date(events: list[MainEvent]) -> PartialDate | None:
    """The best-ranked date (precision, then basis); the earliest report wins ties."""
    best: PartialDate | None = None
    for event in events:
        if rank_date(event.date) > rank_date(best):
            best = event.date
    return best


def build_story(events: list[MainEvent]) -> SparkStory:
    founder = events[0]
    date = best_date(events)
    days = [d for d in (anchor_day(e) for e in events) if d is not None]
    story_id = make_story_id(founder.event_id)
    members = []
    for event in events:
        pinned, flag = pin_date(event.date, date)
        members.append(Member(event.doc_id, event.index, story_id, pinned, flag))
    mode = next((e.mode for e in events if e.mode), None)
    return SparkStory(
        story_id=story_id,
        type=founder.type,
        mode=mode,
        source=founder.source,
        target=founder.target,
        date=date,
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        event_ids=tuple(e.event_id for e in events),
        doc_ids=tuple(dict.fromkeys(e.doc_id for e in events)),
        langs=tuple(sorted({e.lang for e in events if e.lang})),
        members=tuple(members),
    )


def group_block(events: Iterable[MainEvent]) -> list[SparkStory]:
    """The stories of one block (all events sharing a ``block_key``)."""
    return [build_story(window) for window in split_windows(list(events))]


def assign_windows(events: Iterable[MainEvent]) -> list[SparkStory]:
    """Stories of any events, blocked here in memory: the plain-loop twin of the Spark
    ``groupByKey`` (used by tests and the benchmark)."""
    blocks: dict[tuple[str, str, str], list[MainEvent]] = {}
    for event in events:
        if joins_story(event):
            blocks.setdefault(block_key(event), []).append(event)
    return [story for key in sorted(blocks) for story in group_block(blocks[key])]
