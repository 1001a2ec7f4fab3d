"""Names the KB must not over-match, and names it must still find, in real documents."""

import datetime as dt

from tidings.entities.kb import load_kb
from tidings.entities.link import entities_stage
from tidings.entities.mentions import find_mentions
from tidings.model import Document


def mentions(text: str, lang: str) -> list[tuple[str, str, tuple[str, ...]]]:
    doc = Document(id="t", source="test", text=text, lang=lang)
    return [(m.surface, m.kind, m.candidates) for m in find_mentions(doc, load_kb())]


def test_not_names_block_an_ordinary_word_only_in_its_language() -> None:
    kb = load_kb()
    assert [r.kb_id for r in kb.refs("Anda", "id")] == []  # "you" in Indonesian
    assert "geonames:2038650" in [r.kb_id for r in kb.refs("Anda", "en")]  # the city
    assert not [m for m in mentions("Apakah Anda tahu kabar dari Bandung?", "id") if m[0] == "Anda"]


def test_a_minor_city_takes_no_inflection() -> None:
    found = mentions("Die Hamas lehnte den Vorschlag der Chinas ab.", "de")
    assert ("Hamas", "city") not in [(s, k) for s, k, _ in found]
    assert ("Chinas", "country") in [(s, k) for s, k, _ in found]  # a country still does


def test_short_kana_and_hangul_city_names_do_not_match_inside_words() -> None:
    assert not [m for m in mentions("보도에 따르면 회담이 열렸다", "ko") if m[1] == "city"]
    assert not [m for m in mentions("中国は日本の水産物について", "ja") if m[0] == "つ"]


def test_a_kb_person_after_a_title_in_a_caseless_script_is_found_fuzzily() -> None:
    # an Arabic spelling the KB does not list, after "the Swedish foreign minister"
    text = "وقال وزير الخارجية السويدي “توبياس بيلسيتروم” إن الحادث غير مقبول"
    found = mentions(text, "ar")
    assert ("توبياس بيلسيتروم", "person", ("kb:tobias_billstrom",)) in found


def test_a_caseless_word_after_a_title_makes_no_provisional_person() -> None:
    found = mentions("وقال وزير الخارجية السويدي إن الحادث غير مقبول", "ar")
    assert not [m for m in found if m[1] == "person"]


def test_namesakes_resolve_to_the_higher_prior_one() -> None:
    doc = Document(
        id="t",
        source="test",
        text="Li Xi met the delegation in Beijing.",
        lang="en",
        published=dt.date(2024, 5, 1),
    )
    linked = entities_stage(doc, load_kb())
    people = [m.kb_id for m in linked.mentions if m.kind == "person"]
    assert people == ["kb:li_xi"]  # not the spokesperson recorded with prior 0.5
