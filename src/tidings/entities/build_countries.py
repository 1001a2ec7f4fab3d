"""Build country records (and CLDR city names) from pycountry and Babel's CLDR data.

Why generated, not committed: CLDR names every country in ~1,000 locales; the result is
several MB and changes with each Babel release. ``kb.load_kb`` calls this once and caches
the finished knowledge base keyed by package versions, so only the first run pays for it.

Records use the same shape as the curated ``data/kb/*.jsonl`` files (``id``, ``kind``,
``name``, ``country``, ``aliases`` by language), so the KB merges them with one code path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pycountry
from babel import Locale, localedata

#: CLDR territory codes that are organisations, not countries, and their KB ids.
CLDR_ORGS = {"UN": "Q1065", "EU": "Q458"}

Record = dict[str, Any]


def iter_locales() -> Iterator[tuple[str, Locale]]:
    """Every CLDR locale Babel ships, with the language code its names belong to."""
    for identifier in localedata.locale_identifiers():
        try:
            locale = Locale.parse(identifier)
        except (ValueError, TypeError, LookupError):
            continue
        yield locale.language, locale


def _add(aliases: dict[str, set[str]], lang: str, name: str | None) -> None:
    if name and name.strip():
        aliases.setdefault(lang, set()).add(name.strip())


def single_language_names(aliases: dict[str, list[str]]) -> dict[str, set[str]]:
    """Names that one language alone uses ("Kota" is Qatar in Yoruba only).

    The KB lets such a name count only in documents of that language: across hundreds of
    CLDR locales, a rare language's name is too often an ordinary word of another one.
    """
    languages: dict[str, set[str]] = {}
    for lang, names in aliases.items():
        for name in names:
            languages.setdefault(name.casefold(), set()).add(lang)
    single: dict[str, set[str]] = {}
    for lang, names in aliases.items():
        for name in names:
            if languages[name.casefold()] == {lang} and lang not in {"en", "und"}:
                single.setdefault(lang, set()).add(name)
    return single


def _record_aliases(
    aliases: dict[str, set[str]],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    listed = {lang: sorted(names) for lang, names in sorted(aliases.items())}
    own = {lang: sorted(names) for lang, names in single_language_names(listed).items()}
    return listed, own


def build_country_records(unsafe_codes: Iterable[str] = ()) -> list[Record]:
    """One record per ISO 3166-1 country (id ``iso:<alpha-3>``), plus CLDR's UN and EU names.

    ``unsafe_codes`` lists alpha-3 codes that are also ordinary words (``CAN``, ``AND``);
    every other alpha-3 code becomes an upper-case-only alias in language ``und``.
    """
    unsafe = set(unsafe_codes)
    by_alpha2: dict[str, dict[str, set[str]]] = {}
    for lang, locale in iter_locales():
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha():
                _add(by_alpha2.setdefault(code, {}), lang, name)
    english = Locale("en").territories
    records: list[Record] = []
    for country in pycountry.countries:
        alpha2, alpha3 = country.alpha_2, country.alpha_3
        aliases = by_alpha2.get(alpha2, {})
        for attribute in ("name", "common_name", "official_name"):
            _add(aliases, "en", getattr(country, attribute, None))
        if alpha3 not in unsafe:
            _add(aliases, "und", alpha3)
        name = english.get(alpha2) or getattr(country, "common_name", None) or country.name
        listed, own = _record_aliases(aliases)
        records.append(
            {
                "id": f"iso:{alpha3}",
                "kind": "country",
                "name": name,
                "country": alpha3,
                "aliases": listed,
                "own_language": own,
                "source": "pycountry+cldr",
            }
        )
    for code, kb_id in CLDR_ORGS.items():
        listed, own = _record_aliases(by_alpha2.get(code, {}))
        records.append({"id": kb_id, "aliases": listed, "own_language": own, "source": "cldr"})
    return records


def build_city_names(english_names: Iterable[str]) -> dict[str, dict[str, set[str]]]:
    """Localised names of the given cities, from CLDR's time-zone exemplar cities.

    CLDR names the exemplar city of each time zone ("Europe/Moscow" → de "Moskau",
    zh "莫斯科"). A city is found when its English name equals the zone's exemplar city.
    Returns English name → language → names.
    """
    wanted = set(english_names)
    english_zone_names = Locale("en").time_zones
    zone_to_city: dict[str, str] = {}
    for zone in map(str, Locale("ru").time_zones):
        english = english_zone_names.get(zone, {}).get("city")
        city = str(english or zone.rsplit("/", 1)[-1]).replace("_", " ")
        if city in wanted:
            zone_to_city[zone] = city
    found: dict[str, dict[str, set[str]]] = {}
    for lang, locale in iter_locales():
        zones = locale.time_zones
        for zone, city in zone_to_city.items():
            local = zones.get(zone, {}).get("city")
            if local:
                _add(found.setdefault(city, {}), lang, str(local))
    return found
