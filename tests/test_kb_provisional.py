"""Provisional people merge across documents and scripts, never two KB people."""

from tidings.entities.kb import load_kb
from tidings.entities.provisional import merge_provisional, name_key
from tidings.model import Entity


def prov(kb_id: str, name: str, country: str | None) -> Entity:
    return Entity(kb_id=kb_id, kind="person", name=name, country=country, provisional=True)


def test_name_key_folds_script_case_accents_and_order() -> None:
    assert name_key("Zoltán Kővári") == name_key("KOVARI Zoltan")
    assert name_key("Золтан Ковари") == "kovari zoltan"


def test_spellings_of_one_unknown_person_merge_within_a_country() -> None:
    merged = merge_provisional(
        [
            prov("prov:zoltan kovari", "Zoltán Kővári", "HUN"),
            prov("prov:золтан ковари", "Золтан Ковари", "HUN"),
            prov("prov:zoltan kovary", "Zoltan Kovary", "HUN"),
            prov("prov:zoltan kovari@svk", "Zoltán Kővári", "SVK"),
            prov("prov:anna berg", "Anna Berg", None),
        ]
    )
    assert merged["prov:золтан ковари"] == "prov:zoltan kovari"
    assert merged["prov:zoltan kovary"] == "prov:zoltan kovari"
    assert merged["prov:zoltan kovari@svk"] == "prov:zoltan kovari@svk"  # other country
    assert merged["prov:anna berg"] == "prov:anna berg"


def test_a_provisional_close_to_one_kb_person_becomes_that_person() -> None:
    merged = merge_provisional([prov("prov:x", "Шавкат Мирзиёев", "UZB")], load_kb())
    assert merged["prov:x"] == "kb:shavkat_mirziyoyev"


def test_two_kb_people_are_never_merged() -> None:
    merged = merge_provisional(
        [prov("prov:a", "Nawaz Sharif", "PAK"), prov("prov:b", "Shehbaz Sharif", "PAK")],
        load_kb(),
    )
    assert merged == {"prov:a": "kb:nawaz_sharif", "prov:b": "kb:shehbaz_sharif"}


def test_non_provisional_entities_are_ignored() -> None:
    known = Entity(kb_id="iso:BLR", kind="country", name="Belarus")
    assert merge_provisional([known]) == {}
