"""The knowledge base: lookups in many languages, tenures and load time."""

import datetime as dt
import pickle
from pathlib import Path

import pytest

from tidings.entities import kb as kb_module
from tidings.entities.kb import KnowledgeBase, load_kb, load_kb_from


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lukashenko", "kb:alexander_lukashenko"),
        ("Lukaschenko", "kb:alexander_lukashenko"),
        ("Loukachenko", "kb:alexander_lukashenko"),
        ("Лукашенко", "kb:alexander_lukashenko"),
        ("卢卡申科", "kb:alexander_lukashenko"),
        ("Golovchenko", "kb:roman_golovchenko"),
        ("Xi", "Q15031"),
        ("Tiongkok", "iso:CHN"),
        ("Weißrussland", "iso:BLR"),
        ("WEISSRUSSLAND", "iso:BLR"),
        ("Belarusia", "iso:BLR"),
        ("白俄罗斯", "iso:BLR"),
        ("Perserikatan Bangsa-Bangsa", "Q1065"),
        ("Organisasi Kerja Sama Shanghai", "Q485207"),
        ("Organisasi Kerjasama Shanghai", "Q485207"),
        ("Shanghaier Organisation für Zusammenarbeit", "Q485207"),
        ("ШОС", "Q485207"),
        ("Samarkand", "kb:samarkand"),
        ("Peking", "Q956"),
    ],
)
def test_lookup_resolves(kb: KnowledgeBase, name: str, expected: str) -> None:
    found = kb.lookup(name)
    assert found, name
    assert found[0].id == expected


def test_lookup_falls_back_to_fuzzy_people(kb: KnowledgeBase) -> None:
    assert [e.id for e in kb.lookup("Loukashenko")][:1] == ["kb:alexander_lukashenko"]
    assert kb.lookup("Qwertzuiop Asdfgh") == []


def test_every_iso_country_is_present_with_capital_cities(kb: KnowledgeBase) -> None:
    countries = [e for e in kb.entries.values() if e.kind == "country"]
    assert len(countries) >= 240
    minsk = kb.get("Q2280")
    assert minsk is not None and minsk.capital and minsk.country == "BLR"
    capitals = {e.country for e in kb.entries.values() if e.kind == "city" and e.capital}
    assert {"BLR", "CHN", "UZB", "DEU", "USA", "IDN"} <= capitals
    assert len(capitals) >= 190


def test_venue_knows_its_city(kb: KnowledgeBase) -> None:
    hall = kb.lookup("Große Halle des Volkes")[0]
    assert hall.kind == "venue" and hall.city == "Q956" and hall.country == "CHN"


def test_role_at_follows_tenures(kb: KnowledgeBase) -> None:
    tenure = kb.role_at("Q7747", dt.date(2010, 1, 1))
    assert tenure is not None and tenure.role == "head_of_government"
    assert kb.role_at("Q22686", dt.date(2023, 6, 1)) is None  # former stays former
    assert kb.role_at("Q76", None) is None
    assert kb.entity("Q22686", dt.date(2023, 6, 1)).role == "other"
    assert kb.entity("kb:li_qiang", dt.date(2024, 8, 22)).role == "head_of_government"
    assert kb.country_of("kb:li_qiang") == "CHN"


def test_years_consistent_with_one_year(kb: KnowledgeBase) -> None:
    # Li Qiang became premier in March 2023; Golovchenko left office at the end of 2024.
    people = [("kb:li_qiang", "head_of_government"), ("kb:roman_golovchenko", "head_of_government")]
    assert kb.years_consistent(people, 3, 1, hi=2026) == {2024}


def test_years_consistent_with_two_years(kb: KnowledgeBase) -> None:
    people = [("kb:li_qiang", "head_of_government"), ("kb:roman_golovchenko", "head_of_government")]
    assert kb.years_consistent(people, 8, 22, hi=2026) == {2023, 2024}
    assert kb.years_consistent(["kb:li_qiang"], 8, 22, lo=2020, hi=2025) == {2023, 2024, 2025}
    assert kb.years_consistent([("kb:li_qiang", "head_of_state")], 8, 22) == set()


def test_kb_pickles(kb: KnowledgeBase) -> None:
    again = pickle.loads(pickle.dumps(kb))
    assert again.lookup("Tiongkok")[0].id == "iso:CHN"


def test_a_warm_load_reads_the_cache_instead_of_building(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the speed itself is measured in benchmarks/kb_load.py, not asserted here
    load_kb_from()  # builds and caches, unless the shared cache is already warm

    def no_build(*_: object, **__: object) -> KnowledgeBase:
        raise AssertionError("the warm load rebuilt the KB")

    monkeypatch.setattr(kb_module, "build_kb", no_build)
    warm = load_kb_from()
    assert warm.get("iso:BLR") is not None


def test_old_kb_caches_are_pruned(tmp_path: Path) -> None:
    import os

    from tidings.entities.kb import prune_cache

    caches = []
    for age in range(5):
        cache = tmp_path / f"kb-{age}.pickle"
        cache.write_bytes(b"x")
        os.utime(cache, (1_000_000 - age, 1_000_000 - age))  # kb-0 is the newest
        caches.append(cache)
    other = tmp_path / "notes.txt"
    other.write_text("kept")
    removed = prune_cache(tmp_path, keep=caches[4], newest=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kb-0.pickle",
        "kb-1.pickle",
        "kb-4.pickle",
        "notes.txt",
    ]
    assert {p.name for p in removed} == {"kb-2.pickle", "kb-3.pickle"}
