"""Mentions and linking on short texts written for these tests."""

import datetime as dt
from pathlib import Path

import pytest

from tidings.entities.kb import KnowledgeBase, load_kb
from tidings.entities.link import entities_stage
from tidings.entities.mentions import find_mentions
from tidings.model import Boilerplate, Document, Mention, Span


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def make(text: str, lang: str | None = None, published: dt.date | None = None) -> Document:
    return Document(id="t", source="test", text=text, lang=lang, published=published)


def found(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.surface, m.kind) for m in mentions]


def test_organisation_name_hides_the_city_inside_it(kb: KnowledgeBase) -> None:
    doc = make("Kedua negara bertemu di Organisasi Kerja Sama Shanghai kemarin.", "id")
    mentions = find_mentions(doc, kb)
    assert found(mentions) == [("Organisasi Kerja Sama Shanghai", "org")]
    assert mentions[0].candidates == ("Q485207",)
    doc = make("Die Shanghaier Organisation für Zusammenarbeit tagte in Usbekistan.", "de")
    assert [m.candidates[0] for m in find_mentions(doc, kb)] == ["Q485207", "iso:UZB"]


def test_words_inside_words_do_not_match(kb: KnowledgeBase) -> None:
    doc = make("Mereka tiba di ibu kota pada pagi hari; Kotak itu berisi surat.", "id")
    assert find_mentions(doc, kb) == []
    doc = make("Minsker Bürger und Minskovia", "de")
    assert find_mentions(doc, kb) == []


def test_cjk_needs_no_word_boundary(kb: KnowledgeBase) -> None:
    doc = make("习近平会见卢卡申科。", "zh")
    assert [m.candidates[0] for m in find_mentions(doc, kb)] == [
        "Q15031",
        "kb:alexander_lukashenko",
    ]


def test_offsets_point_at_the_original_text(kb: KnowledgeBase) -> None:
    text = "İki lider: WEISSRUSSLAND und Weißrussland trafen sich."
    for mention in find_mentions(make(text), kb):
        assert text[mention.span.start : mention.span.end] == mention.surface
        assert mention.candidates[0] == "iso:BLR"


def test_boilerplate_spans_are_ignored(kb: KnowledgeBase) -> None:
    text = "Tiongkok menyambut Belarus.\nBaca juga: Rusia dan India"
    cut = text.index("Baca")
    doc = make(text, "id")
    doc.boilerplate = [Boilerplate(span=Span(cut, len(text)), reason="related_links", rule="t")]
    assert [m.surface for m in find_mentions(doc, kb)] == ["Tiongkok", "Belarus"]


def test_genitive_suffix_from_the_pack(kb: KnowledgeBase) -> None:
    mentions = find_mentions(make("Die Interessen Chinas wurden betont.", "de"), kb)
    assert found(mentions) == [("Chinas", "country")]


def test_case_rules_keep_common_words_out(kb: KnowledgeBase) -> None:
    assert find_mentions(make("We ate turkey and said as much.", "en"), kb) == []
    assert found(find_mentions(make("Pemilu AS berlangsung.", "id"), kb)) == [("AS", "country")]


def test_title_takes_the_country_after_it(kb: KnowledgeBase) -> None:
    doc = make("Presiden Belarusia Alexander Lukashenko tiba.", "id", dt.date(2024, 5, 1))
    entities_stage(doc, kb)
    title = doc.mentions[0]
    assert (title.kind, title.role, title.country) == ("title", "head_of_state", "BLR")
    person = doc.mentions[-1]
    assert person.kb_id == "kb:alexander_lukashenko" and person.role == "head_of_state"


def test_adjective_before_a_german_title(kb: KnowledgeBase) -> None:
    doc = make("Der chinesische Staatspräsident Xi Jinping reiste ab.", "de")
    mentions = find_mentions(doc, kb)
    assert found(mentions) == [
        ("chinesische", "demonym"),
        ("Staatspräsident", "title"),
        ("Xi Jinping", "person"),
    ]
    assert (mentions[1].role, mentions[1].country) == ("head_of_state", "CHN")


def test_title_with_unknown_name_gives_a_provisional_person(kb: KnowledgeBase) -> None:
    doc = make("Perdana Menteri Tiongkok Zhang Wenbo mengunjungi Minsk.", "id")
    entities_stage(doc, kb)
    people = [m for m in doc.mentions if m.kind == "person"]
    assert [(m.surface, m.kb_id, m.country, m.role) for m in people] == [
        ("Zhang Wenbo", "prov:zhang wenbo", "CHN", "head_of_government")
    ]
    entity = doc.entities["prov:zhang wenbo"]
    assert entity.provisional and entity.country == "CHN"


def test_title_with_a_variant_spelling_finds_the_kb_person(kb: KnowledgeBase) -> None:
    doc = make("Ministerpräsident Golowtschenko sprach.", "de", dt.date(2023, 1, 1))
    entities_stage(doc, kb)
    assert "kb:roman_golovchenko" in doc.entities


def test_surname_links_to_the_full_name_in_the_document(kb: KnowledgeBase) -> None:
    text = "Perdana Menteri Li Qiang tiba. Li mengatakan kerja sama penting."
    doc = make(text, "id", dt.date(2024, 8, 22))
    entities_stage(doc, kb)
    people = [m.kb_id for m in doc.mentions if m.kind == "person"]
    assert people == ["kb:li_qiang", "kb:li_qiang"]
    assert doc.entities["kb:li_qiang"].role == "head_of_government"


def test_ambiguous_surname_without_context_stays_unlinked(kb: KnowledgeBase) -> None:
    doc = make("Li berbicara.", "id")
    entities_stage(doc, kb)
    assert [m.kb_id for m in doc.mentions] == [None]
    assert doc.entities == {}


def test_former_title_makes_the_role_other(kb: KnowledgeBase) -> None:
    doc = make("Mantan Presiden Joko Widodo berbicara.", "id")
    entities_stage(doc, kb)
    assert doc.entities["kb:joko_widodo"].role == "other"


def _seed(name: str) -> str:
    path = Path(__file__).resolve().parents[2] / "shared" / "seeds" / name
    if not path.exists():
        pytest.skip("../shared is absent")
    return path.read_text(encoding="utf-8")


def test_seed_000_entities(kb: KnowledgeBase) -> None:
    doc = make(_seed("000_2118e107573771ff.txt"), "id", dt.date(2024, 8, 23))
    entities_stage(doc, kb)
    wanted = {"iso:CHN", "iso:BLR", "kb:li_qiang", "kb:roman_golovchenko", "Q15031"}
    wanted |= {"kb:alexander_lukashenko", "Q1065", "Q485207", "Q2280", "Q956"}
    wanted |= {"kb:xinjiang", "kb:tibet", "iso:HKG"}
    assert wanted <= set(doc.entities)
    assert doc.entities["kb:roman_golovchenko"].role == "head_of_government"


def test_seed_003_entities(kb: KnowledgeBase) -> None:
    doc = make(_seed("003_db148a79f02fb9a4.txt"), "de", dt.date(2022, 9, 16))
    entities_stage(doc, kb)
    wanted = {"kb:samarkand", "Q15031", "kb:alexander_lukashenko", "Q485207"}
    assert wanted <= set(doc.entities)


def test_a_name_after_a_clitic_prefix_of_the_language_matches(kb: KnowledgeBase) -> None:
    # "and the Security Council", "in Moscow": the clitic is part of the word, not the name
    doc = make("اجتمع الوزراء ومجلس الأمن بموسكو أمس.", "ar")
    names = {(m.surface, m.candidates[0]) for m in find_mentions(doc, kb) if m.candidates}
    assert ("مجلس الأمن", "Q37470") in names
    assert any(surface == "موسكو" for surface, _ in names)
    # the same letters in a language whose pack declares no prefixes do not match
    assert not any(m.surface == "موسكو" for m in find_mentions(make("بموسكو", "fa"), kb))
    # a clitic in the middle of a word is no prefix
    assert not any(m.surface == "موسكو" for m in find_mentions(make("كتبموسكو", "ar"), kb))


def test_a_name_set_off_by_commas_after_a_title_is_a_person(kb: KnowledgeBase) -> None:
    # a made-up official the KB cannot know: a provisional person with the title's country
    for text, lang in [
        ("The Kyrgyz president, Tolobek Asanaliev, met reporters.", "en"),
        ("El presidente kirguís, Tolobek Asanáliev, se reunió con la prensa.", "es"),
    ]:
        doc = entities_stage(make(text, lang), kb)
        people = [e for e in doc.entities.values() if e.kind == "person"]
        assert [(e.provisional, e.country, e.role) for e in people] == [
            (True, "KGZ", "head_of_state")
        ]
    # one capitalised word, or no closing comma, is no apposition
    for text in [
        "The talks were praised by the president, Western officials said.",
        "It was the president, Tolobek, who spoke.",
    ]:
        doc = entities_stage(make(text, "en"), kb)
        assert not [e for e in doc.entities.values() if e.kind == "person"]


def test_a_possessive_country_before_a_title_beats_a_later_country(kb: KnowledgeBase) -> None:
    doc = make("Taiwan's Vice Foreign Minister visited Russia today.", "en")
    titles = [m for m in find_mentions(doc, kb) if m.kind == "title"]
    assert [(m.surface, m.country) for m in titles] == [("Foreign Minister", "TWN")]
    doc = make("The Foreign Minister of Russia arrived.", "en")
    titles = [m for m in find_mentions(doc, kb) if m.kind == "title"]
    assert [m.country for m in titles] == ["RUS"]
