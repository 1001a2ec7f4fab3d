"""Events from hand-built documents: triggers, actor order, visit mode, place, date, main."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.events.triggers import find_triggers
from tidings.model import Document, Entity, Event, Mention, PartialDate, PloverType, Span, TimeExpr
from tidings.tokens import tokenize


@dataclass
class Entry:
    id: str
    kind: str
    name: str
    country: str | None
    capital: bool = False
    city: str | None = None


class TinyKB:
    """Just the two calls the events stage makes; tenure years given per test."""

    def __init__(self, entries: list[Entry], years: set[int] | None = None) -> None:
        self.entries = {e.id: e for e in entries}
        self.years = years or set()

    def get(self, kb_id: str) -> Entry | None:
        return self.entries.get(kb_id)

    def years_consistent(self, kb_ids: list[str], month: int, day: int) -> set[int]:
        return self.years


KB = TinyKB(
    [
        Entry("iso:CHN", "country", "China", "CHN"),
        Entry("iso:BLR", "country", "Belarus", "BLR"),
        Entry("Q1", "person", "Li Qiang", "CHN"),
        Entry("Q2", "person", "Roman Golovchenko", "BLR"),
        Entry("c:minsk", "city", "Minsk", "BLR", capital=True),
        Entry("c:beijing", "city", "Beijing", "CHN", capital=True),
        Entry("c:samarkand", "city", "Samarkand", "UZB"),
    ]
)


def make_doc(
    text: str,
    lang: str,
    marks: list[tuple[str, str, str]],
    times: list[tuple[str, PartialDate]] = (),
) -> Document:
    """A document with one sentence per line and mentions at the given surfaces."""
    doc = Document(id="t", source="test", text=text, lang=lang)
    pos = 0
    for line in text.split("\n"):
        doc.sentences.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    cursor = 0
    for surface, kind, kb_id in marks:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        entry = KB.get(kb_id)
        assert entry is not None
        doc.mentions.append(
            Mention(
                span=Span(start, cursor),
                surface=surface,
                kind=kind,
                kb_id=kb_id,
                country=entry.country,
            )
        )
        doc.entities[kb_id] = Entity(
            kb_id=kb_id, kind=entry.kind, name=entry.name, country=entry.country
        )
    for surface, value in times:
        start = text.index(surface)
        doc.times.append(TimeExpr(span=Span(start, start + len(surface)), value=value))
    return doc


def test_events_visit_with_place_from_next_sentence() -> None:
    text = (
        "Pada tanggal 22 Agustus, Li Qiang mengunjungi Belarus.\n"
        "Li Qiang dan Roman Golovchenko bertemu di ibu kota Minsk."
    )
    doc = make_doc(
        text,
        "id",
        [
            ("Li Qiang", "person", "Q1"),
            ("Belarus", "country", "iso:BLR"),
            ("Li Qiang", "person", "Q1"),
            ("Roman Golovchenko", "person", "Q2"),
            ("Minsk", "city", "c:minsk"),
        ],
        [("22 Agustus", PartialDate(month=8, day=22, basis=(("day", "text"),)))],
    )
    extract_events(doc, KB)
    main = [e for e in doc.events if e.main]
    assert len(main) == 1
    event = main[0]
    assert (event.type, event.mode, event.source, event.target) == (
        PloverType.CONSULT,
        "visit",
        "CHN",
        "BLR",
    )
    assert event.date is not None and event.date.iso() == "--08-22"
    assert event.location is not None and event.location.city == "Minsk"


def test_events_capital_without_cue_is_an_actor() -> None:
    text = "Beijing menandatangani perjanjian dengan Minsk."
    doc = make_doc(text, "id", [("Beijing", "city", "c:beijing"), ("Minsk", "city", "c:minsk")])
    extract_events(doc, KB)
    assert [(e.type, e.source, e.target, e.location) for e in doc.events] == [
        (PloverType.SUPPORT, "CHN", "BLR", None)
    ]


def test_events_meeting_in_third_country_is_third_party() -> None:
    text = "Li Qiang traf Roman Golovchenko in Samarkand."
    doc = make_doc(
        text,
        "de",
        [
            ("Li Qiang", "person", "Q1"),
            ("Roman Golovchenko", "person", "Q2"),
            ("Samarkand", "city", "c:samarkand"),
        ],
    )
    extract_events(doc, KB)
    assert doc.events[0].mode == "third_party"
    assert doc.events[0].location is not None and doc.events[0].location.country == "UZB"


def test_events_negation_and_plans_are_not_asserted() -> None:
    doc = make_doc(
        "Li Qiang did not meet Roman Golovchenko.\nLi Qiang will visit Belarus.",
        "en",
        [
            ("Li Qiang", "person", "Q1"),
            ("Roman Golovchenko", "person", "Q2"),
            ("Li Qiang", "person", "Q1"),
            ("Belarus", "country", "iso:BLR"),
        ],
    )
    extract_events(doc, KB)
    assert [e.modality for e in doc.events] == ["negated", "planned"]


def test_events_year_from_tenure_rule_when_one_year_fits() -> None:
    kb = TinyKB(list(KB.entries.values()), years={2024})
    doc = make_doc(
        "Li Qiang met Roman Golovchenko on 22 August.",
        "en",
        [("Li Qiang", "person", "Q1"), ("Roman Golovchenko", "person", "Q2")],
        [("22 August", PartialDate(month=8, day=22, basis=(("day", "text"),)))],
    )
    extract_events(doc, kb)
    date = doc.events[0].date
    assert date is not None and date.iso() == "2024-08-22"
    assert date.basis_of("year") == "tenure"


def test_events_year_stays_missing_when_two_years_fit() -> None:
    kb = TinyKB(list(KB.entries.values()), years={2023, 2024})
    doc = make_doc(
        "Li Qiang met Roman Golovchenko on 22 August.",
        "en",
        [("Li Qiang", "person", "Q1"), ("Roman Golovchenko", "person", "Q2")],
        [("22 August", PartialDate(month=8, day=22, basis=(("day", "text"),)))],
    )
    extract_events(doc, kb)
    assert doc.events[0].date is not None and doc.events[0].date.year is None


def test_triggers_german_separable_verb() -> None:
    text = "Berlin lehnte den Vorschlag gestern ab."
    found = find_triggers(tokenize(text), load_lexicon("de"))
    assert [(m.rule.type, text[m.span.start : m.span.end]) for m in found] == [
        (PloverType.REJECT, "lehnte")
    ]


def test_events_language_without_rules_gets_a_note() -> None:
    doc = make_doc("Xyz.", "xx", [])
    extract_events(doc, KB)
    assert doc.events == [] and "no event rules" in doc.notes[0]


def test_published_date_unused_by_events_stage() -> None:
    # the events stage reads dates only from doc.times; published stays the time stage's job
    doc = make_doc(
        "Li Qiang met Roman Golovchenko.",
        "en",
        [("Li Qiang", "person", "Q1"), ("Roman Golovchenko", "person", "Q2")],
    )
    doc.published = dt.date(2024, 8, 23)
    extract_events(doc, KB)
    assert doc.events[0].date is None


def test_events_verb_second_inverted_subject_is_the_source() -> None:
    from tidings.pipeline import analyze_text

    inverted = analyze_text(
        "Nach langen Beratungen forderte die polnische Regierung von Deutschland Reparationen.",
        lang="de",
    ).main_event
    assert inverted is not None
    assert (inverted.type, inverted.source, inverted.target) == (PloverType.REQUEST, "POL", "DEU")
    plain = analyze_text(
        "Die polnische Regierung forderte von Deutschland Reparationen.", lang="de"
    ).main_event
    assert plain is not None and (plain.source, plain.target) == ("POL", "DEU")
    after_comma = analyze_text(
        "Die Türkei könnte in Israel einmarschieren, warnte der türkische Präsident.", lang="de"
    ).main_event
    assert after_comma is not None and after_comma.source == "TUR"


def _main_of(text: str) -> Event:
    from tidings.pipeline import analyze_text

    return next(e for e in analyze_text(text).document.events if e.main)


def test_a_dateline_in_the_acting_country_places_a_home_act() -> None:
    signed = _main_of(
        "WASHINGTON.- The American president signed a new military aid package for Ukraine "
        "on Wednesday after weeks of debate."
    )
    assert signed.location is not None and signed.location.city == "Washington, D.C."
    assert signed.location.rule == "dateline" and "place:dateline" in signed.rule


def test_a_dateline_does_not_place_force_used_abroad() -> None:
    struck = _main_of(
        "MOSCOW - Russian forces shelled Ukrainian positions near the border on Monday."
    )
    assert struck.location is None or struck.location.country != "RUS"


def test_a_dateline_after_a_removed_date_stamp_is_still_a_dateline() -> None:
    # "date 2024-04" is removed as a time stamp, so "Washington:" opens the line
    signed = _main_of(
        "date 2024-04 Washington: The American president signed a new military aid package "
        "for Ukraine on Wednesday."
    )
    assert signed.location is not None and signed.location.city == "Washington, D.C."
    kept = _main_of(
        "Reporters in Washington: The American president signed a new military aid package "
        "for Ukraine on Wednesday."
    )
    assert kept.location is None or kept.location.rule != "dateline"


def test_a_target_marker_names_the_target_of_a_noun_trigger() -> None:
    # no subject before "ataque": the missiles' adjective is the source, "contra" the target
    struck = _main_of(
        "Siete personas murieron tras un ataque con misiles rusos contra la capital ucraniana."
    )
    assert (struck.source, struck.target) == ("RUS", "UKR")
    assert "target_marker" in struck.rule


def test_a_second_mention_of_one_attack_does_not_turn_the_pair_round() -> None:
    from tidings.pipeline import analyze_text

    doc = analyze_text(
        "Dos personas murieron en un ataque con drones rusos contra la ciudad ucraniana de "
        "Járkov, según las autoridades, que dijeron que el ataque destruyó varias casas."
    ).document
    pairs = [(e.source, e.target) for e in doc.events if e.type == "ASSAULT"]
    assert pairs == [("RUS", "UKR")]


def test_an_international_organisation_acts_as_itself() -> None:
    from tidings.export.gdelt import actor_fields
    from tidings.pipeline import analyze_text

    analysis = analyze_text("NATO accused Russia of violating the treaty on Monday.")
    [event] = analysis.document.events
    assert (event.type, event.source, event.target) == ("ACCUSE", "Q7184", "RUS")
    assert actor_fields(analysis, event.source, event.source_entity)["Code"] == "IGO"
    assert actor_fields(analysis, event.target, event.target_entity)["Code"] == "RUS"


def test_an_organisation_naming_a_meeting_is_its_forum_not_an_actor() -> None:
    meeting = _main_of("Xi Jinping met Alexander Lukashenko at the SCO summit in Samarkand.")
    assert (meeting.source, meeting.target) == ("CHN", "BLR")


def test_an_organisation_tied_to_the_next_word_by_a_hyphen_names_a_meeting() -> None:
    from tidings.pipeline import analyze_text

    doc = analyze_text(
        "Bundeskanzler Scholz führte das Telefonat im Vorfeld des G20-Gipfels."
    ).document
    assert [(e.source, e.target) for e in doc.events] == [("DEU", None)]


def test_the_guest_comes_first_when_a_later_sentence_names_the_host_city() -> None:
    signed = _main_of(
        "The presidents of Russia and Iran signed a strategic partnership treaty on Friday. "
        "The ceremony was held in Moscow."
    )
    assert (signed.source, signed.target) == ("IRN", "RUS")
    assert signed.location is not None and signed.location.city == "Moscow"
    assert "guest_first" in signed.rule


def test_a_city_named_as_the_target_of_an_attack_is_its_place() -> None:
    struck = _main_of("Russian missiles struck Kyiv overnight, the mayor said.")
    assert (struck.source, struck.target) == ("RUS", "UKR")
    assert struck.location is not None and struck.location.city == "Kyiv"
    assert struck.location.rule == "target_city"
    # a meeting with a capital as its partner is not placed there
    talks = _main_of("Beijing held talks with Minsk on trade.")
    assert talks.location is None or talks.location.rule != "target_city"
