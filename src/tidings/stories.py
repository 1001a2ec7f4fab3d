"""Stories v0: group events from many documents and languages into real-world happenings.

Why a second pass over the store: one article rarely fixes everything (a yearless
"22 August", a bare "Monday"), and several articles in several languages report the same
meeting. An event joins a stored story when the actor pair matches (either order for
symmetric types), the types belong together and the dates cannot contradict each other;
otherwise it founds a new story. Only stories of the event's actor pair are ever read
(blocking on the ``stories(source, target)`` index), so adding one document to a large store
stays cheap. A story's date is its best-dated member's, and says which basis it rests on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from tidings import model
from tidings.store import EventRow, Store, StoryRow
from tidings.store.write import date_display

#: Types whose two actors play the same part, so (A, B) and (B, A) are one pair (PLOVER:
#: a meeting, cooperation or agreement involves both sides alike).
UNORDERED_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
#: Types that reports of one meeting use interchangeably: talks (CONSULT), what was agreed
#: there (AGREE) and agreements signed there (SUPPORT, CAMEO 057).
MEETING_FAMILY = frozenset({"CONSULT", "AGREE", "SUPPORT"})
#: How far before publication an event whose date lacks a year may lie, by what is known.
#: A weekday names a day of the last week; a day and month, the last year; nothing, a
#: fortnight of typical news lag. One day after publication allows for time zones.
WINDOW_BEFORE_PUBLISHED = {
    "weekday": dt.timedelta(days=7),
    "month_day": dt.timedelta(days=366),
    "month": dt.timedelta(days=366),
    "none": dt.timedelta(days=14),
}
WINDOW_AFTER_PUBLISHED = dt.timedelta(days=1)
#: Rank of a date's precision when choosing a story's date (higher is better).
PRECISION_RANK = {"day": 5, "month_day": 4, "month": 3, "year": 2, "weekday": 1, "none": 0}
#: Rank of a date's weakest basis (higher is better); a date without basis counts as text.
BASIS_RANK = {"text": 3, "published": 2, "tenure": 1, "story": 0}
#: Events that say something did not happen never make a story.
SKIPPED_MODALITIES = frozenset({"negated"})


def make_story_id(event_id: str) -> str:
    """Stable id of a story: a short hash of its founding event's id."""
    return "s-" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:12]


def rank_date(date: model.PartialDate | None) -> tuple[int, int]:
    if date is None:
        return (0, 0)
    basis = date.main_basis
    return (PRECISION_RANK[date.precision], BASIS_RANK.get(basis, 3) if basis else 3)


def day_range(
    date: model.PartialDate | None, published: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The days a date may stand for: from the date itself when it has a year, else from
    the publication date and a window; None when nothing bounds it."""
    if date is not None and date.year:
        if date.month and date.day:
            day = date.as_date()
            return (day, day) if day else None
        if date.month:
            first = dt.date(date.year, date.month, 1)
            following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if published is None:
        return None
    precision = date.precision if date is not None else "none"
    window = WINDOW_BEFORE_PUBLISHED.get(precision, WINDOW_BEFORE_PUBLISHED["none"])
    return published - window, published + WINDOW_AFTER_PUBLISHED


def ranges_overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def types_compatible(event_type: str, story_type: str) -> bool:
    return event_type == story_type or (
        event_type in MEETING_FAMILY and story_type in MEETING_FAMILY
    )


def pair_matches(event: EventRow, story: StoryRow) -> bool:
    if (event.source, event.target) == (story.source, story.target):
        return True
    symmetric = event.type in UNORDERED_TYPES or story.type in UNORDERED_TYPES
    return symmetric and (event.source, event.target) == (story.target, story.source)


def story_range(store: Store, story: StoryRow) -> tuple[dt.date, dt.date] | None:
    """Days the story may lie on: from its date, else from its latest report's window."""
    if story.date is not None and story.date.year:
        return day_range(story.date, None)
    published = [e.published for e in store.story_events(story.id) if e.published]
    return day_range(story.date, max(published) if published else None)


def dates_compatible(store: Store, event: EventRow, story: StoryRow) -> bool:
    if event.date is not None and story.date is not None and not event.date.compatible(story.date):
        return False
    return ranges_overlap(day_range(event.date, event.published), story_range(store, story))


def choose_story(store: Store, event: EventRow) -> StoryRow | None:
    """The stored story this event reports, if any: blocked on the actor pair."""
    unordered = event.type in UNORDERED_TYPES or event.type in MEETING_FAMILY
    candidates = [
        story
        for story in store.stories_of_pair(event.source, event.target, unordered=unordered)
        if types_compatible(event.type, story.type)
        and pair_matches(event, story)
        and dates_compatible(store, event, story)
    ]
    if not candidates:
        return None
    undated = event.date is None or event.date.precision == "none"
    if len(candidates) > 1 and undated and event.published is None:
        return None  # nothing dates it and the pair has several stories: do not guess
    # Prefer the best-dated story, then the same type, then the one seen first.
    return min(
        candidates,
        key=lambda s: (
            tuple(-r for r in rank_date(s.date)),
            s.type != event.type,
            s.first_seen,
            s.id,
        ),
    )


def summarise(
    type_: str,
    mode: str | None,
    source: str | None,
    target: str | None,
    date: model.PartialDate | None,
    location: model.Location | None,
) -> str:
    """A one-line canonical summary: codes only, so it reads the same in every language."""
    head = f"{type_}/{mode}" if mode else type_
    parts = [f"{head}: {source or '?'} – {target or '?'}"]
    shown = date_display(date)
    if shown:
        parts.append(shown)
    if location is not None and (location.city or location.country):
        parts.append(", ".join(p for p in (location.city, location.country) if p))
    return "; ".join(parts)


def join_event(store: Store, event: EventRow) -> str:
    """Put one stored event into a story (an existing one or a new one); return its id."""
    story = choose_story(store, event)
    if story is None:
        story_id = make_story_id(event.id)
        summary = summarise(
            event.type, event.mode, event.source, event.target, event.date, event.location
        )
        store.create_story(story_id, event, date=event.date, summary=summary)
        return story_id
    better_date = event.date if rank_date(event.date) > rank_date(story.date) else None
    new_location = (
        event.location
        if event.location is not None
        and event.location.city
        and (story.location is None or not story.location.city)
        else None
    )
    new_mode = event.mode if event.mode and not story.mode else None
    new_summary: str | None = None
    if better_date is not None or new_location is not None or new_mode is not None:
        new_summary = summarise(
            story.type,
            new_mode or story.mode,
            story.source,
            story.target,
            better_date or story.date,
            new_location or story.location,
        )
    store.join_story(
        story.id, event, date=better_date, location=new_location, mode=new_mode, summary=new_summary
    )
    return story.id


def assign_stories(store: Store, doc_ids: Iterable[str]) -> dict[str, str | None]:
    """Assign every not-yet-assigned event of these stored documents to a story.

    Returns, per document, the story of its main event (or of its first assigned event),
    or None when it has no event that can make a story. Each document is one transaction;
    re-running is a no-op.
    """
    result: dict[str, str | None] = {}
    for doc_id in doc_ids:
        events = sorted(store.document_events(doc_id), key=lambda e: (not e.main, e.index))
        chosen: str | None = None
        with store.transaction():
            for event in events:
                if event.modality in SKIPPED_MODALITIES:
                    continue
                story_id = event.story_id or join_event(store, event)
                if chosen is None:
                    chosen = story_id
        result[doc_id] = chosen
    return result


def assign_story(store: Store, analysis: model.Analysis) -> str | None:
    """Store-side story assignment for one analysis already added to ``store``.

    Sets and returns ``analysis.story_id`` (the story of the main event).
    """
    story_id = assign_stories(store, [analysis.document.id])[analysis.document.id]
    analysis.story_id = story_id
    return story_id
