"""Store: migrations, writing analyses, reading them back, search, timeline."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tidings import model
from tidings.store import Store
from tidings.store.api import StoreError
from tidings.store.migrations import MIGRATIONS, apply_migrations
from tidings.stories import assign_stories

XI = "Q15031"
LUKA = "Q7747"
DE_TEXT = (
    "Staatschef Xi traf am Donnerstag in Samarkand den Präsidenten Lukaschenko. "
    "Beide Seiten hoben ihre Allwetterpartnerschaft auf eine neue Stufe.\n"
    "Mehr zum Thema: Ärger über Zölle\n"
)


def make_event(
    text: str,
    sentence: str,
    *,
    type_: str = "CONSULT",
    source: str | None = "CHN",
    target: str | None = "BLR",
    date: model.PartialDate | None = None,
    main: bool = True,
    persons: tuple[str, ...] = (),
    city: str | None = None,
) -> model.Event:
    start = text.index(sentence)
    return model.Event(
        type=model.PloverType(type_),
        source=source,
        target=target,
        persons=persons,
        date=date,
        location=model.Location(city=city, country="UZB") if city else None,
        evidence=model.Span(start, start + len(sentence)),
        main=main,
        confidence=0.8,
        rule="test",
    )


def make_analysis(
    doc_id: str,
    text: str,
    events: list[model.Event],
    *,
    lang: str = "de",
    published: dt.date | None = None,
    title: str | None = None,
    boilerplate: list[model.Boilerplate] | None = None,
    entities: dict[str, model.Entity] | None = None,
    mentions: list[model.Mention] | None = None,
) -> model.Analysis:
    doc = model.Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        title=title,
        lang=lang,
        published=published,
        boilerplate=boilerplate or [],
        events=events,
        entities=entities or {},
        mentions=mentions or [],
    )
    return model.Analysis(document=doc)


def german_analysis(doc_id: str = "de-1") -> model.Analysis:
    tail = "Mehr zum Thema: Ärger über Zölle\n"
    start = DE_TEXT.index(tail)
    date = model.PartialDate(
        year=2022, month=9, day=15, weekday=3, basis=(("day", "published"),), text="Donnerstag"
    )
    xi = model.Entity(kb_id=XI, kind="person", name="Xi Jinping", country="CHN")
    luka = model.Entity(
        kb_id=LUKA,
        kind="person",
        name="Alexander Lukashenko",
        country="BLR",
        role="head_of_state",
        tenures=(model.Tenure(role="head_of_state", country="BLR", start=dt.date(1994, 7, 20)),),
    )
    mention_start = DE_TEXT.index("Lukaschenko")
    return make_analysis(
        doc_id,
        DE_TEXT,
        [make_event(DE_TEXT, DE_TEXT.split(". ")[0] + ".", date=date, persons=(XI, LUKA))],
        published=dt.date(2022, 9, 16),
        title="Treffen in Samarkand",
        boilerplate=[
            model.Boilerplate(
                span=model.Span(start, start + len(tail)), reason="related_links", rule="t:1"
            )
        ],
        entities={XI: xi, LUKA: luka},
        mentions=[
            model.Mention(
                span=model.Span(mention_start, mention_start + len("Lukaschenko")),
                surface="Lukaschenko",
                kind="person",
                kb_id=LUKA,
                candidates=(LUKA,),
                role="head_of_state",
                country="BLR",
                rule="de/aliases.tsv:3",
            )
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "t.db")


def test_store_migrations_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = Store.open(path)
    assert first.migrations_applied == [name for name, _ in MIGRATIONS]
    first.close()
    again = Store.open(path)
    assert again.migrations_applied == []
    assert again.migrations() == [name for name, _ in MIGRATIONS]
    assert apply_migrations(again.conn) == []
    mode = again.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_store_add_is_idempotent(store: Store) -> None:
    analysis = german_analysis()
    assert store.add_analysis(analysis) is True
    assert store.has_document("de-1")
    before = store.counts()
    assert store.add_analysis(german_analysis()) is False
    assert store.counts() == before
    assert before["documents"] == 1 and before["events"] == 1 and before["mentions"] == 1
    assert before["entities"] == 2


def test_store_document_round_trip(store: Store) -> None:
    analysis = german_analysis()
    store.add_analysis(analysis)
    back = store.document("de-1")
    assert back is not None
    original = analysis.document
    assert back.text == original.text
    assert back.boilerplate == original.boilerplate
    assert back.mentions == original.mentions
    assert back.entities == original.entities
    assert back.events == original.events
    assert back.published == original.published
    assert store.document("missing") is None


def test_store_search_words_and_folded_accents(store: Store) -> None:
    store.add_analysis(german_analysis())
    hits = store.search("Allwetterpartnerschaft")
    assert [h.doc_id for h in hits] == ["de-1"]
    assert "[Allwetterpartnerschaft]" in hits[0].snippet
    assert hits[0].title == "Treffen in Samarkand"
    assert [h.doc_id for h in store.search("prasidenten")] == ["de-1"]
    # A word only in the boilerplate span is not searchable.
    assert store.search("Zölle") == []


def test_store_search_substring_falls_back_to_trigrams(store: Store) -> None:
    store.add_analysis(german_analysis())
    assert [h.doc_id for h in store.search("kaschenk")] == ["de-1"]
    assert store.search('"; DROP TABLE documents; --') == []


def test_store_events_by_actor_and_type(store: Store) -> None:
    store.add_analysis(german_analysis())
    assert [e.id for e in store.events({LUKA})] == ["de-1#0"]
    assert [e.id for e in store.events({"CHN"}, "CONSULT")] == ["de-1#0"]
    assert store.events({"CHN"}, "ACCUSE") == []
    row = store.events({"BLR"})[0]
    assert row.sentence.startswith("Staatschef Xi traf")
    assert row.date is not None and row.date.iso() == "2022-09-15"
    assert row.lang == "de"


def test_store_skip_recorded(store: Store) -> None:
    store.record_skip("feed.jsonl:7", "not valid JSON")
    assert store.counts()["skipped"] == 1
    assert store.skipped()[0][:2] == ("feed.jsonl:7", "not valid JSON")


def test_store_bad_input_names_document(store: Store) -> None:
    analysis = make_analysis("bad", "text", [])
    analysis.document.meta = {"x": object()}
    with pytest.raises(StoreError, match=r"bad\.txt"):
        store.add_analysis(analysis)
    assert not store.has_document("bad")


def test_store_read_only_reader_sees_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    writer = Store.open(path)
    writer.add_analysis(german_analysis())
    reader = Store.open_read_only(path)
    assert reader.has_document("de-1")
    with pytest.raises(sqlite3.OperationalError):
        reader.conn.execute("DELETE FROM documents")


def dated(year: int | None, month: int | None, day: int | None, **kw: int) -> model.PartialDate:
    basis = tuple((p, "text") for p, v in (("year", year), ("month", month), ("day", day)) if v)
    return model.PartialDate(year=year, month=month, day=day, basis=basis, **kw)


def test_store_timeline_orders_partial_dates(store: Store) -> None:
    text = "Ein Satz über ein Treffen."
    # Different types, so each report is its own story whatever its date.
    cases = {
        "a": ("CONSULT", dated(2023, 5, 2)),
        "b": ("ACCUSE", dated(None, 8, 22)),
        "c": ("SANCTION", dated(2021, 1, 9)),
        "d": ("THREATEN", model.PartialDate(weekday=0, basis=(), text="Montag")),
        "e": ("PROTEST", dated(2023, None, None)),
        "f": ("REJECT", None),
    }
    for doc_id, (type_, date) in cases.items():
        event = make_event(text, text, type_=type_, date=date)
        store.add_analysis(make_analysis(doc_id, text, [event]))
    assign_stories(store, list(cases))
    rows = store.timeline({"CHN"}, {"BLR"})
    assert [r.date for r in rows] == ["2021-01-09", "2023-05-02", "2023", "--08-22", "Monday", None]
    assert all(r.story_id for r in rows)
    assert rows[0].reports == {"de": 1}
    assert rows[0].evidence[0].sentence == text
    # Reversed arguments find the same stories; since/until drop the yearless ones.
    assert [r.story_id for r in store.timeline({"BLR"}, {"CHN"})] == [r.story_id for r in rows]
    assert [r.date for r in store.timeline({"CHN"}, since="2022-01-01")] == ["2023-05-02", "2023"]
    assert [r.type for r in store.timeline({"CHN"}, {"BLR"}, types={"ACCUSE"})] == ["ACCUSE"]
    assert store.timeline({"CHN"}, {"BLR"}, types={"AID"}) == []


def test_store_timeline_matches_people_and_sides(store: Store) -> None:
    store.add_analysis(german_analysis())
    assign_stories(store, ["de-1"])
    rows = store.timeline({XI}, {"BLR"})
    assert len(rows) == 1
    assert rows[0].participants == ("Xi Jinping", "Alexander Lukashenko")
    assert rows[0].date == "2022-09-15" and rows[0].date_basis == "published"
    # Both actors on the same side is not "between" them.
    assert store.timeline({XI}, {"CHN"}) == []
    assert store.timeline({"RUS"}) == []


def test_store_timeline_lists_unassigned_events(store: Store) -> None:
    store.add_analysis(german_analysis())
    rows = store.timeline({"CHN"}, {"BLR"})
    assert [(r.story_id, r.date) for r in rows] == [(None, "2022-09-15")]


@pytest.mark.parametrize(
    "date",
    [
        model.PartialDate(year=2024, month=8, day=22, basis=(("day", "text"),), text="22 Aug"),
        model.PartialDate(month=8, day=22, basis=(("month", "text"), ("day", "text"))),
        model.PartialDate(weekday=6, text="Sonntag"),
        model.PartialDate(year=2019, basis=(("year", "tenure"),)),
    ],
)
def test_store_partial_date_round_trip(store: Store, date: model.PartialDate) -> None:
    text = "Ein Satz."
    store.add_analysis(make_analysis("p", text, [make_event(text, text, date=date)]))
    back = store.document("p")
    assert back is not None and back.events[0].date == date


def test_store_person_of_unknown_side_pairs_with_either(store: Store) -> None:
    text = "Ein Gespräch."
    stranger = model.Entity(kb_id="prov:1", kind="person", name="A. Nobody")
    event = make_event(text, text, persons=("prov:1",))
    store.add_analysis(make_analysis("u", text, [event], entities={"prov:1": stranger}))
    assert len(store.timeline({"prov:1"}, {"CHN"})) == 1
    assert len(store.timeline({"prov:1"}, {"BLR"})) == 1
    assert store.timeline({"prov:1"}, {"RUS"}) == []


def test_store_story_blocking_uses_pair_index(store: Store) -> None:
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM stories WHERE source IS ? AND target IS ?",
        ("CHN", "BLR"),
    ).fetchall()
    assert any("stories_pair" in row[3] for row in plan)


def test_store_bulk_add_skips_bad_document(store: Store) -> None:
    bad = make_analysis("bad", "text", [])
    bad.document.meta = {"x": object()}
    good = german_analysis()
    assert store.add_analyses([bad, good, german_analysis()]) == 1
    assert store.has_document("de-1") and not store.has_document("bad")
    assert store.counts()["events"] == 1
    assert [s[0] for s in store.skipped()] == ["bad.txt"]
