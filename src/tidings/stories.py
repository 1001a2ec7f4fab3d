"""Stories v0: group events from many documents and languages into real-world happenings.

Why a second pass over the store: one article rarely fixes everything (a yearless
"22 August", a bare "Monday"), and several articles in several languages report the same
meeting. An event joins a stored story when the actor pair matches (either order for
symmetric types), the types belong together and the dates cannot contradict each other;
otherwise it founds a new story. Only stories of the event's actor pair are ever read
(blocking on the ``stories(source, target)`` index), so adding one document to a large store
stays cheap. A story's date is its best-dated member's, and says which basis it rests on.

Documents that yield no event (a language without a trigger pack, a headline-only brief)
still report stories: an exact or near copy joins its original's stories, and any other
joins the story of two countries it names whose dates fit and whose people, places and
organisations it shares, all by KB ids, so it works in every language. A document no story
takes yet waits, indexed by country and publication date, until one is founded.

Date pinning: a member whose own text gave only "Monday" or "22 August" inherits the
story's date with basis ``story``; one whose date contradicts it is flagged, not changed.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import cache

from tidings import model
from tidings.dedup import link_duplicates
from tidings.embed import pick_candidate, read_settings
from tidings.resources import data_dir
from tidings.store import EventRow, Store, StoryRow
from tidings.store.links import DocumentFacts
from tidings.store.write import date_display

#: Types whose two actors play the same part, so (A, B) and (B, A) are one pair (PLOVER:
#: a meeting, cooperation or agreement involves both sides alike).
UNORDERED_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
#: Types that reports of one meeting use interchangeably: talks (CONSULT), what was agreed
#: there (AGREE) and agreements signed there (SUPPORT, CAMEO 057).
MEETING_FAMILY = frozenset({"CONSULT", "AGREE", "SUPPORT"})
#: Types that may describe one cooperative happening (a joint exercise reported as a
#: visit): joined only when both reports give the same exact day.
COOPERATION_FAMILY = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID"})
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
#: How long after an event reports of it keep appearing (for reports without an event).
REPORT_LAG = dt.timedelta(days=14)
#: Member sentences of a story compared by the embedding tie-breaker.
TIE_BREAK_SENTENCES = 8
#: Date parts a story may lend a member.
DATE_PARTS = ("year", "month", "day")


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
        return date.day_bounds()
    if published is None:
        return None
    precision = date.precision if date is not None else "none"
    window = WINDOW_BEFORE_PUBLISHED.get(precision, WINDOW_BEFORE_PUBLISHED["none"])
    return published - window, published + WINDOW_AFTER_PUBLISHED


def ranges_overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def types_compatible(event_type: str, story_type: str, same_day: bool = False) -> bool:
    """Same type, both of one meeting, or both cooperation reported for the same day."""
    if event_type == story_type:
        return True
    if event_type in MEETING_FAMILY and story_type in MEETING_FAMILY:
        return True
    return same_day and event_type in COOPERATION_FAMILY and story_type in COOPERATION_FAMILY


def same_known_day(event: EventRow, story: StoryRow) -> bool:
    if event.date is None or story.date is None:
        return False
    day = event.date.as_date()
    return day is not None and day == story.date.as_date()


def places_compatible(event: EventRow, story: StoryRow) -> bool:
    """Two known places that differ (city, or country where no city) mean two events."""
    if event.location is None or story.location is None:
        return True
    a, b = event.location, story.location
    if a.city and b.city:
        return a.city == b.city
    if a.city is None and b.city is None and a.country and b.country:
        return a.country == b.country
    return True


def pair_matches(event: EventRow, story: StoryRow) -> bool:
    """Same ordered pair; the reverse pair for symmetric types, or for the same directed
    type when either lacks an exact day (reports disagree on who did it to whom more often
    than both sides act at once)."""
    if (event.source, event.target) == (story.source, story.target):
        return True
    symmetric = event.type in UNORDERED_TYPES or story.type in UNORDERED_TYPES
    reverse = (event.source, event.target) == (story.target, story.source)
    if not reverse:
        return False
    if symmetric:
        return True
    # Both exactly dated: trust the direction (tit-for-tat on one day is two events).
    both_days = bool(event.date and event.date.as_date() and story.date and story.date.as_date())
    return event.type == story.type and not both_days


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
    fitting = [
        story
        for story in store.stories_of_pair(event.source, event.target, unordered=True)
        if pair_matches(event, story)
        and places_compatible(event, story)
        and dates_compatible(store, event, story)
    ]
    # nothing dates the report: neither the text nor a publication date
    undated = event.published is None and (event.date is None or event.date.precision == "none")
    candidates = [
        s for s in fitting if types_compatible(event.type, s.type, same_known_day(event, s))
    ]
    if not candidates:
        # Cooperation reported without a shared day: only the wording can tie them.
        near = [s for s in fitting if types_compatible(event.type, s.type, same_day=True)]
        if undated and near:
            pair = store.stories_of_pair(event.source, event.target, unordered=True)
            chosen = distinctive_story(store, event, near, against=pair)
            if chosen is not None:
                return chosen
        return break_tie(store, event.sentence, near)
    if len(candidates) > 1 and undated:
        # Nothing dates it and the pair has several stories: only a person, place or
        # organisation that one story alone shares with the report may decide.
        return distinctive_story(store, event, candidates) or break_tie(
            store, event.sentence, candidates
        )
    # Prefer the best-dated story, then the same type, then the one seen first.
    return min(
        candidates,
        key=lambda s: (
            (s.source, s.target) != (event.source, event.target),
            tuple(-r for r in rank_date(s.date)),
            s.type != event.type,
            s.first_seen,
            s.id,
        ),
    )


@cache
def load_phrases() -> dict[tuple[str, str], str]:
    """English verb phrases of the one-line summary, by (type, mode); mode "" is any."""
    path = data_dir() / "stories" / "phrases.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(r["type"], r["mode"] or ""): r["phrase"] for r in rows}


def describe_actor(code: str | None, person: str | None, names: dict[str, str]) -> str:
    country = names.get(f"iso:{code}", code) if code else None
    if person and person in names:
        return f"{names[person]} ({country})" if country else names[person]
    return country or names.get(code or "", "someone")


def summarise(
    type_: str,
    mode: str | None,
    source: str | None,
    target: str | None,
    date: model.PartialDate | None,
    location: model.Location | None,
    *,
    names: dict[str, str] | None = None,
    persons: tuple[str | None, str | None] = (None, None),
) -> str:
    """The English one-line summary, built from the structured fields only:
    ``2023-12-04 · Beijing · Alexander Lukashenko (Belarus) visits Xi Jinping (China)``."""
    names = names or {}
    phrases = load_phrases()
    verb = phrases.get((type_, mode or ""), phrases.get((type_, ""), type_.lower()))
    shown = date_display(date) or "date unknown"
    place = "place unknown"
    if location is not None and (location.city or location.country):
        country = names.get(f"iso:{location.country}", location.country or "")
        place = location.city or country
    who = describe_actor(source, persons[0], names)
    whom = describe_actor(target, persons[1], names)
    return f"{shown} · {place} · {who} {verb} {whom}"


def story_persons(events: list[EventRow], story: StoryRow) -> tuple[str | None, str | None]:
    """The people who stand for the story's two sides, as its reports name them."""
    found: list[str | None] = [None, None]
    for event in events:
        ordered = (event.source, event.target) == (story.source, story.target)
        sides = (
            (event.source_entity, event.target_entity)
            if ordered
            else (event.target_entity, event.source_entity)
        )
        for i, entity in enumerate(sides):
            if found[i] is None and entity and not entity.startswith("iso:"):
                found[i] = entity
    return found[0], found[1]


def refresh_summary(store: Store, story_id: str) -> str | None:
    """Rebuild a story's summary from its current fields and members."""
    story = store.story_row(story_id)
    if story is None:
        return None
    events = store.story_events(story_id)
    persons = story_persons(events, story)
    codes = [f"iso:{c}" for c in (story.source, story.target) if c]
    if story.location is not None and story.location.country:
        codes.append(f"iso:{story.location.country}")
    names = store.names([*codes, *(p for p in persons if p)])
    summary = summarise(
        story.type,
        story.mode,
        story.source,
        story.target,
        story.date,
        story.location,
        names=names,
        persons=persons,
    )
    store.update_story_fields(story_id, {"summary": summary})
    return summary


def pin_date(
    date: model.PartialDate | None, story_date: model.PartialDate | None
) -> tuple[model.PartialDate | None, str | None]:
    """A member's date after pinning to its story's, and a flag when they contradict.

    Parts the member lacks are taken from the story with basis ``story``; parts it has keep
    their own basis. A contradiction leaves the member's date as it was.
    """
    if story_date is None or rank_date(story_date) <= rank_date(date):
        if date is not None and story_date is not None and not date.compatible(story_date):
            return date, f"contradicts story date {date_display(story_date)}"
        return date, None
    if date is not None and not date.compatible(story_date):
        return date, f"contradicts story date {date_display(story_date)}"
    own = date or model.PartialDate()
    basis: list[tuple[str, str]] = []
    values: dict[str, int | None] = {}
    for part in DATE_PARTS:
        mine, theirs = getattr(own, part), getattr(story_date, part)
        values[part] = mine if mine is not None else theirs
        if mine is not None:
            basis.append((part, own.basis_of(part) or "text"))
        elif theirs is not None:
            basis.append((part, "story"))
    pinned = model.PartialDate(
        year=values["year"],
        month=values["month"],
        day=values["day"],
        weekday=own.weekday if own.weekday is not None else story_date.weekday,
        basis=tuple(basis),
        text=own.text,
    )
    return pinned, None


def flag_contradictions(store: Store, story_id: str, date: model.PartialDate) -> None:
    for member in store.story_events(story_id):
        _, flag = pin_date(member.date, date)
        if flag:
            store.flag_member_date(story_id, member.id, flag)


def join_event(store: Store, event: EventRow) -> str | None:
    """Put one stored event into a story (an existing one or a new one); return its id,
    or None when the event names only one side and no story of that side fits it."""
    story = choose_story(store, event)
    if story is None and (not event.source or not event.target):
        return None  # a story needs both sides; the document may still join as a report
    if story is None:
        story_id = make_story_id(event.id)
        store.create_story(story_id, event, date=event.date, summary="")
        refresh_summary(store, story_id)
        adopt_waiting(store, story_id)
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
    store.join_story(story.id, event, date=better_date, location=new_location, mode=new_mode)
    if better_date is not None:
        flag_contradictions(store, story.id, better_date)
    refresh_summary(store, story.id)
    return story.id


def distinctive_story(
    store: Store,
    event: EventRow,
    candidates: list[StoryRow],
    against: list[StoryRow] | None = None,
) -> StoryRow | None:
    """The candidate that shares with the report an entity the other candidates lack.

    "Li Shangfu in Minsk", undated, among China–Belarus stories: Lukashenko is in all of
    them and decides nothing; the defence minister is in one report's stories only. When
    several stories tie and hold the very same people (two events of one earlier report),
    the one holding a report's main event wins, then the same type, then the first seen.
    Countries never count.
    """
    facts = store.document_facts(event.doc_id)
    if facts is None:
        return None
    named = {
        s.id: frozenset(e for e in store.story_entities(s.id) if not e.startswith("iso:"))
        for s in {s.id: s for s in [*candidates, *(against or [])]}.values()
    }
    common = frozenset.intersection(*named.values()) if len(named) > 1 else frozenset()
    named = {s.id: named[s.id] for s in candidates}
    score = {sid: len((facts.entities & entities) - common) for sid, entities in named.items()}
    best = max(score.values())
    leaders = [s for s in candidates if score[s.id] == best]
    if best < 1 or len({named[s.id] for s in leaders}) > 1:
        return None
    if len(leaders) == 1:
        return leaders[0]

    def holds_main(story: StoryRow) -> bool:
        return any(e.main for e in store.story_events(story.id))

    return min(leaders, key=lambda s: (not holds_main(s), s.type != event.type, s.first_seen, s.id))


def overlap_score(store: Store, facts: DocumentFacts, story: StoryRow) -> float:
    """People, places and organisations a document shares with a story's reports."""
    shared = facts.entities & store.story_entities(story.id)
    return float(len({e for e in shared if not e.startswith("iso:")}))


def document_range(facts: DocumentFacts) -> tuple[dt.date, dt.date] | None:
    if facts.published is None:
        return None
    return facts.published - REPORT_LAG, facts.published + WINDOW_AFTER_PUBLISHED


def candidate_stories(store: Store, facts: DocumentFacts) -> list[StoryRow]:
    """Stories between two countries the document names, whose dates fit its publication."""
    countries = sorted(facts.countries)
    seen: dict[str, StoryRow] = {}
    for i, first in enumerate(countries):
        for second in countries[i + 1 :]:
            for story in store.stories_of_pair(first, second, unordered=True):
                seen.setdefault(story.id, story)
    window = document_range(facts)
    return [s for s in seen.values() if ranges_overlap(window, story_range(store, s))]


def join_by_entities(store: Store, facts: DocumentFacts) -> str | None:
    """Join an event-less document to the one story its entities and date point to."""
    candidates = candidate_stories(store, facts)
    if not candidates:
        return None
    scored = sorted(((overlap_score(store, facts, s), s) for s in candidates), key=lambda x: -x[0])
    best_score, best = scored[0]
    tied = len(scored) > 1 and scored[1][0] == best_score
    undated = facts.published is None
    if tied or (undated and (len(scored) > 1 or best_score < 1)):
        # Entities cannot decide: only the wording may, else do not guess.
        pool = [s for score, s in scored if score == best_score] if tied else candidates
        chosen = break_tie(store, facts.text, pool)
        if chosen is None:
            return None
        store.add_report(chosen.id, facts.doc_id, "embedding", overlap_score(store, facts, chosen))
        return chosen.id
    store.add_report(best.id, facts.doc_id, "entities", best_score)
    return best.id


def story_sentences(store: Store, story: StoryRow) -> list[str]:
    """The distinct evidence sentences of a story's members, main events first."""
    seen: dict[str, None] = {}
    for event in store.story_events(story.id):
        if event.sentence.strip():
            seen.setdefault(event.sentence, None)
    return list(seen)[:TIE_BREAK_SENTENCES]


def break_tie(store: Store, text: str, candidates: list[StoryRow]) -> StoryRow | None:
    """The candidate whose members' sentences ``text`` resembles (multilingual embedding),
    when the tie-breaker is switched on and one clearly leads; else None."""
    settings = read_settings()
    if not settings.enabled or not candidates:
        return None
    texts = {story.id: story_sentences(store, story) for story in candidates}
    chosen = pick_candidate(text, texts, settings)
    return next((story for story in candidates if story.id == chosen), None)


def adopt_waiting(store: Store, story_id: str) -> list[str]:
    """Offer a new story to the documents waiting for one of its pair and dates."""
    story = store.story_row(story_id)
    if story is None or not story.source or not story.target:
        return []
    days = story_range(store, story)
    if days is None:
        return []
    adopted = []
    for doc_id in store.waiting_documents(
        story.source, story.target, days[0] - WINDOW_AFTER_PUBLISHED, days[1] + REPORT_LAG
    ):
        facts = store.document_facts(doc_id)
        if facts is not None and join_by_entities(store, facts) == story_id:
            adopted.append(doc_id)
    return adopted


def join_as_report(store: Store, doc_id: str) -> str | None:
    """A document with no story of its own: join its original's, or one its entities
    point to; else wait for one. Returns the story joined."""
    for link in store.document_links(doc_id):
        other = link.other_id if link.doc_id == doc_id else link.doc_id
        stories = store.document_stories(other)
        for original in stories:
            store.add_report(original, doc_id, f"duplicate:{link.kind}", link.similarity)
        if stories:
            return stories[0]
    facts = store.document_facts(doc_id)
    if facts is None:
        return None
    joined = join_by_entities(store, facts)
    if joined is None and len(facts.countries) >= 2:
        store.wait_for_story(doc_id, facts.countries, facts.published)
    return joined


def assign_stories(store: Store, doc_ids: Iterable[str]) -> dict[str, str | None]:
    """Assign every not-yet-assigned event of these stored documents to a story.

    Returns, per document, the story of its main event (or of its first assigned event),
    or of the story it joined as a report; None when it has none yet. Each document is one
    transaction; re-running is a no-op.
    """
    result: dict[str, str | None] = {}
    for doc_id in doc_ids:
        events = sorted(store.document_events(doc_id), key=lambda e: (not e.main, e.index))
        chosen: str | None = None
        with store.transaction():
            link_duplicates(store, doc_id)
            for event in events:
                if event.modality in SKIPPED_MODALITIES:
                    continue
                story_id = event.story_id or join_event(store, event)
                if chosen is None and story_id is not None:
                    chosen = story_id
            if chosen is None:
                existing = store.document_stories(doc_id)
                chosen = existing[0] if existing else join_as_report(store, doc_id)
        result[doc_id] = chosen
    return result


def settle_waiting(store: Store, doc_ids: Iterable[str]) -> dict[str, str]:
    """End of a batch: give documents still waiting one more chance against every story
    the batch founded (an undated report may now have a single candidate)."""
    joined: dict[str, str] = {}
    for doc_id in store.still_waiting(list(doc_ids)):
        facts = store.document_facts(doc_id)
        if facts is None:
            continue
        with store.transaction():
            story_id = join_by_entities(store, facts)
        if story_id:
            joined[doc_id] = story_id
    return joined


def assign_story(store: Store, analysis: model.Analysis) -> str | None:
    """Store-side story assignment for one analysis already added to ``store``.

    Sets and returns ``analysis.story_id`` (the story of the main event).
    """
    story_id = assign_stories(store, [analysis.document.id])[analysis.document.id]
    analysis.story_id = story_id
    return story_id


def story_of_document(store: Store, doc_id: str, preferred: str | None) -> str | None:
    """The story a document reports: ``preferred`` when still valid, else its first."""
    stories = store.document_stories(doc_id)
    if preferred in stories:
        return preferred
    return stories[0] if stories else None


def pin_analysis(store: Store, analysis: model.Analysis) -> int:
    """Replace the analysis's event dates by their story-pinned dates; return how many
    changed. Events the store does not know, or whose story is undated, stay as they are."""
    stored = {e.index: e for e in store.document_events(analysis.document.id)}
    changed = 0
    events = analysis.document.events
    for index, event in enumerate(events):
        row = stored.get(index)
        if row is None or row.story_id is None:
            continue
        story = store.story_row(row.story_id)
        pinned, _ = pin_date(event.date, story.date if story else None)
        if pinned != event.date:
            events[index] = dataclasses.replace(event, date=pinned)
            changed += 1
    return changed
