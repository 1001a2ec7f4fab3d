"""Stories v0: reports of one happening, in any language, share one story."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings import model
from tidings.store import Store
from tidings.stories import assign_stories, assign_story, make_story_id, pin_analysis, pin_date

LI = "Q-li"


def report(
    doc_id: str,
    lang: str,
    sentence: str,
    *,
    type_: str = "CONSULT",
    source: str = "CHN",
    target: str = "BLR",
    date: model.PartialDate | None = None,
    published: dt.date | None = None,
    city: str | None = None,
    mode: str | None = None,
    modality: str = "asserted",
) -> model.Analysis:
    text = f"{sentence}\nZweiter Absatz ohne Ereignis."
    event = model.Event(
        type=model.PloverType(type_),
        mode=mode,
        source=source,
        target=target,
        persons=(LI,),
        date=date,
        location=model.Location(city=city, country=target) if city else None,
        evidence=model.Span(0, len(sentence)),
        main=True,
        modality=modality,
    )
    li = model.Entity(kb_id=LI, kind="person", name="Li Qiang", country="CHN")
    doc = model.Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        lang=lang,
        published=published,
        events=[event],
        entities={LI: li},
    )
    return model.Analysis(document=doc)


def full(year: int, month: int, day: int, basis: str = "text") -> model.PartialDate:
    return model.PartialDate(
        year=year,
        month=month,
        day=day,
        basis=(("year", basis), ("month", basis), ("day", basis)),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "s.db")


def add_all(store: Store, analyses: list[model.Analysis]) -> list[str | None]:
    ids = []
    for analysis in analyses:
        assert store.add_analysis(analysis)
        ids.append(assign_story(store, analysis))
    return ids


def test_stories_three_languages_one_meeting(store: Store) -> None:
    yearless = model.PartialDate(month=8, day=22, basis=(("month", "text"), ("day", "text")))
    thursday = model.PartialDate(weekday=3, basis=(), text="Donnerstag")
    ids = add_all(
        store,
        [
            report("id-1", "id", "Li berkunjung ke Minsk pada 22 Agustus.", date=yearless),
            report(
                "de-1",
                "de",
                "Am Donnerstag einigten sich beide Seiten.",
                type_="AGREE",
                source="BLR",
                target="CHN",
                date=thursday,
                published=dt.date(2024, 8, 23),
            ),
            report(
                "en-1",
                "en",
                "Li visited Minsk on 22 August 2024.",
                date=full(2024, 8, 22),
                city="Minsk",
                mode="visit",
            ),
        ],
    )
    assert len(set(ids)) == 1 and ids[0] == make_story_id("id-1#0")
    assert store.counts()["stories"] == 1
    rows = store.timeline({"CHN"}, {"BLR"})
    assert len(rows) == 1
    row = rows[0]
    assert row.date == "2024-08-22" and row.date_basis == "text"
    assert row.reports == {"de": 1, "en": 1, "id": 1}
    assert row.location is not None and row.location.city == "Minsk"
    assert row.mode == "visit"
    assert row.participants == ("Li Qiang",)
    assert {e.doc_id for e in row.evidence} == {"id-1", "de-1", "en-1"}
    story = store.story(ids[0] or "")
    assert story is not None and story.doc_ids == ["de-1", "en-1", "id-1"]


def test_stories_two_meetings_a_week_apart(store: Store) -> None:
    thursday = model.PartialDate(weekday=3, basis=(), text="Thursday")
    ids = add_all(
        store,
        [
            report("a", "en", "They met on 22 August 2024.", date=full(2024, 8, 22)),
            report("b", "en", "They met again on 29 August 2024.", date=full(2024, 8, 29)),
            # A bare weekday, published the next day: only the second meeting fits.
            report(
                "c",
                "de",
                "Sie trafen sich am Donnerstag.",
                date=thursday,
                published=dt.date(2024, 8, 30),
            ),
        ],
    )
    assert ids[0] != ids[1]
    assert ids[2] == ids[1]
    assert [r.date for r in store.timeline({"BLR"}, {"CHN"})] == ["2024-08-22", "2024-08-29"]


def test_stories_ordered_types_keep_direction(store: Store) -> None:
    day = full(2024, 3, 1)
    ids = add_all(
        store,
        [
            report("s1", "en", "China sanctioned Belarus.", type_="SANCTION", date=day),
            report(
                "s2",
                "en",
                "Belarus sanctioned China.",
                type_="SANCTION",
                source="BLR",
                target="CHN",
                date=day,
            ),
            report("s3", "de", "China verhängte Sanktionen.", type_="SANCTION", date=day),
            report("s4", "en", "China and Belarus met.", type_="CONSULT", date=day),
        ],
    )
    assert ids[0] == ids[2]
    assert len({ids[0], ids[1], ids[3]}) == 3


def test_stories_undated_report_does_not_guess(store: Store) -> None:
    ids = add_all(
        store,
        [
            report("a", "en", "They met in May.", date=full(2024, 5, 2)),
            report("b", "en", "They met in June.", date=full(2024, 6, 2)),
            report("c", "en", "They met at some point."),
        ],
    )
    assert len(set(ids)) == 3


def with_person(analysis: model.Analysis, kb_id: str, name: str) -> model.Analysis:
    """The same report naming one more person (as the entities stage would)."""
    doc = analysis.document
    doc.entities[kb_id] = model.Entity(kb_id=kb_id, kind="person", name=name, country="CHN")
    return analysis


def test_stories_undated_report_follows_a_person_only_one_story_has(store: Store) -> None:
    ids = add_all(
        store,
        [
            with_person(
                report("a", "en", "They met in May.", date=full(2024, 5, 2)),
                "Q-def",
                "Defence Minister",
            ),
            report("b", "en", "They met in June.", date=full(2024, 6, 2)),
            # Li is in both stories and decides nothing; the defence minister only in "a"
            with_person(report("c", "en", "They met at some point."), "Q-def", "Defence Minister"),
        ],
    )
    assert ids[2] == ids[0] != ids[1]


def test_stories_assignment_is_incremental_and_idempotent(store: Store) -> None:
    first = report("a", "en", "They met.", date=full(2024, 5, 2))
    add_all(store, [first])
    before = store.counts()
    assert assign_stories(store, ["a"]) == {"a": make_story_id("a#0")}
    assert store.counts() == before
    negated = report("n", "en", "They did not meet.", date=full(2024, 5, 2), modality="negated")
    assert add_all(store, [negated]) == [None]
    assert store.counts()["story_members"] == 1


def test_stories_pin_yearless_member_to_story_date(store: Store) -> None:
    yearless = model.PartialDate(month=8, day=22, basis=(("month", "text"), ("day", "text")))
    first = report("p1", "id", "Li Qiang berkunjung.", date=yearless)
    second = report("p2", "en", "Li Qiang visited.", date=full(2024, 8, 22))
    add_all(store, [first, second])
    assert pin_analysis(store, first) == 1
    pinned = first.document.events[0].date
    assert pinned is not None and pinned.iso() == "2024-08-22"
    assert pinned.basis_of("year") == "story" and pinned.basis_of("day") == "text"


def test_stories_contradicting_member_is_flagged_not_changed(store: Store) -> None:
    yearless = model.PartialDate(month=8, day=22, basis=(("month", "text"), ("day", "text")))
    monday = model.PartialDate(weekday=0, basis=(("weekday", "text"),))
    assert pin_date(monday, full(2024, 8, 22))[1] is not None  # a Thursday
    pinned, flag = pin_date(yearless, full(2024, 8, 22))
    assert flag is None and pinned is not None and pinned.year == 2024


def test_stories_report_without_event_joins_by_entities(store: Store) -> None:
    day = dt.date(2024, 8, 23)
    orphan = report("o1", "es", "Li Qiang en Minsk.", published=day)
    orphan.document.events = []
    orphan.document.entities.update(
        {
            f"iso:{c}": model.Entity(kb_id=f"iso:{c}", kind="country", name=c, country=c)
            for c in ("CHN", "BLR")
        }
    )
    assert store.add_analysis(orphan)
    assert assign_story(store, orphan) is None  # waits: no story of its pair yet
    story_id = add_all(store, [report("e1", "en", "Li Qiang visited.", date=full(2024, 8, 22))])
    assert store.document_stories("o1") == [story_id[0]]
    assert "visits" in store.story_summary(story_id[0]) or "meets" in store.story_summary(
        story_id[0]
    )
