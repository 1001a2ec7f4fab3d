"""One language's date vocabulary: CLDR month and weekday names plus the pack's calendar.toml.

Why a merged lexicon: the matchers should see a single table of surfaces mapped to canonical
values (month 1-12, weekday 0-6, offsets such as ``-1d``), whichever source a word came
from. CLDR (through Babel) covers names in hundreds of locales, so a pack only lists what
the press writes beyond it ("Jänner", "vorgestern", "pada hari"). Nothing here names a
language: adding one is adding a folder.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from tidings.model import WEEKDAYS
from tidings.resources import pack_languages, pack_toml

#: Canonical month keys used in calendar.toml values (index + 1 is the month number).
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

#: Units an offset may use: days, weeks, months, years.
UNITS = frozenset({"d", "w", "m", "y"})

_OFFSET = re.compile(r"^([+-]?)(\d+)([dwmy])$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")

#: Keys calendar.toml may hold; anything else is a typo worth reporting.
CALENDAR_KEYS = frozenset(
    {
        "prefixes",
        "past_prefixes",
        "future_prefixes",
        "past_suffixes",
        "future_suffixes",
        "ordinal_suffixes",
        "ago",
        "ahead",
        "relative",
        "numbers",
        "units",
        "months",
        "weekdays",
        "holidays",
        "year_markers",
        "day_markers",
        "duration_suffixes",
        "lowercase_names",
    }
)


@dataclass(frozen=True, slots=True)
class Offset:
    """A signed distance from the publication date: ``-1d`` is ``Offset(-1, "d")``."""

    n: int
    unit: str

    def __str__(self) -> str:
        return f"{self.n:+d}{self.unit}"


def parse_offset(value: str, where: str = "") -> Offset:
    """Read ``-1d``/``+2w``/``0d``; raise ValueError naming ``where`` when malformed."""
    found = _OFFSET.match(value.strip())
    if not found:
        raise ValueError(f"{where}: bad offset {value!r} (want e.g. -1d, +2w, 0d)")
    sign, number, unit = found.groups()
    n = int(number)
    return Offset(-n if sign == "-" else n, unit)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the matchers need for one language; keys are casefolded surfaces."""

    lang: str
    months: dict[str, int]  # every month surface (no trailing dot) -> 1..12
    weekdays: dict[str, int]  # every weekday surface -> 0..6
    wide_weekdays: frozenset[str]  # the full names, safe to match on their own
    prefixes: frozenset[str]
    past_prefixes: frozenset[str]
    future_prefixes: frozenset[str]
    past_suffixes: frozenset[str]
    future_suffixes: frozenset[str]
    ordinal_suffixes: tuple[str, ...]
    ago: tuple[str, ...]
    ahead: tuple[str, ...]
    relative: dict[str, Offset]
    holidays: dict[str, tuple[int, int]]  # fixed-date holidays -> (month, day)
    numbers: dict[str, int]
    units: dict[str, str]
    date_order: str | None  # "DMY", "MDY", "YMD" from pack.toml; None when unstated
    # Scripts that write dates with unit characters ("2024年9月13日", "13일"): the markers
    # after a year and a day number; month names with their marker ("9月") come from CLDR.
    year_markers: frozenset[str] = frozenset()
    day_markers: frozenset[str] = frozenset()
    # A marked number followed by one of these is a length of time ("3日間"), not a date.
    duration_suffixes: frozenset[str] = frozenset()
    # Whether the language writes month and weekday names with a capital (CLDR tells): where
    # it does, a lower-case "die"/"mai" is an ordinary word, not a date.
    months_capitalised: bool = True
    weekdays_capitalised: bool = True


def fold(text: str) -> str:
    """The key a surface is stored and looked up under."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split()).rstrip(".")


def _cldr_capitalised(lang: str, kind: str) -> bool:
    """True when CLDR writes this language's wide month (or weekday) names with a capital."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return True
    table = locale.months if kind == "months" else locale.days
    return any(name[:1].isupper() for name in table["format"]["wide"].values())


def _cldr_names(lang: str) -> tuple[dict[str, int], dict[str, int], set[str]]:
    """Month and weekday names from CLDR: wide and abbreviated, format and stand-alone."""
    from babel import Locale, UnknownLocaleError

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    wide: set[str] = set()
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return months, weekdays, wide
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                months.setdefault(fold(name), int(number))
            for index, name in locale.days[context][width].items():
                weekdays.setdefault(fold(name), int(index))
                if width == "wide":
                    wide.add(fold(name))
    return months, weekdays, wide


def _strings(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key} must be a list of strings")
    return frozenset(fold(v) for v in value)


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{where}: [{key}] must be a table")
    return value


def _canonical_index(value: Any, names: tuple[str, ...], where: str) -> int:
    if not isinstance(value, str) or value not in names:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(names)}")
    return names.index(value)


def build_lexicon(lang: str, calendar: dict[str, Any], pack: dict[str, Any]) -> Lexicon:
    """Merge CLDR names with a parsed calendar.toml; raise ValueError naming the bad key."""
    where = f"{lang}/calendar.toml"
    unknown = set(calendar) - CALENDAR_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    months, weekdays, wide = _cldr_names(lang)
    for surface, value in _table(calendar, "months", where).items():
        months[fold(surface)] = _canonical_index(value, MONTHS, f"{where} [months] {surface}") + 1
    for surface, value in _table(calendar, "weekdays", where).items():
        weekdays[fold(surface)] = _canonical_index(value, WEEKDAYS, f"{where} [weekdays] {surface}")
        wide.add(fold(surface))
    relative = {
        fold(surface): parse_offset(str(value), f"{where} [relative] {surface}")
        for surface, value in _table(calendar, "relative", where).items()
    }
    holidays: dict[str, tuple[int, int]] = {}
    for surface, value in _table(calendar, "holidays", where).items():
        stated = _MONTH_DAY.match(str(value))
        if not stated:
            raise ValueError(f"{where} [holidays] {surface}: {value!r} is not --MM-DD")
        holidays[fold(surface)] = (int(stated.group(1)), int(stated.group(2)))
    numbers: dict[str, int] = {}
    for surface, value in _table(calendar, "numbers", where).items():
        if not isinstance(value, int):
            raise ValueError(f"{where} [numbers] {surface}: {value!r} is not an integer")
        numbers[fold(surface)] = value
    units: dict[str, str] = {}
    for surface, value in _table(calendar, "units", where).items():
        if value not in UNITS:
            raise ValueError(f"{where} [units] {surface}: {value!r} is not one of d, w, m, y")
        units[fold(surface)] = str(value)
    templates = {key: _strings(calendar, key, where) for key in ("ago", "ahead")}
    for key, found in templates.items():
        for template in found:
            if "{n}" not in template or "{unit}" not in template:
                raise ValueError(f"{where}: {key} template {template!r} needs {{n}} and {{unit}}")
    order = pack.get("date_order")
    # the press writes the names in lower case although CLDR capitalises them ("perşembe")
    lowercase = calendar.get("lowercase_names", False) is True
    return Lexicon(
        lang=lang,
        months=months,
        weekdays=weekdays,
        wide_weekdays=frozenset(wide),
        prefixes=_strings(calendar, "prefixes", where),
        past_prefixes=_strings(calendar, "past_prefixes", where),
        future_prefixes=_strings(calendar, "future_prefixes", where),
        past_suffixes=_strings(calendar, "past_suffixes", where),
        future_suffixes=_strings(calendar, "future_suffixes", where),
        ordinal_suffixes=tuple(sorted(_strings(calendar, "ordinal_suffixes", where))),
        ago=tuple(sorted(templates["ago"])),
        ahead=tuple(sorted(templates["ahead"])),
        relative=relative,
        holidays=holidays,
        numbers=numbers,
        units=units,
        date_order=str(order) if isinstance(order, str) else None,
        year_markers=_strings(calendar, "year_markers", where),
        day_markers=_strings(calendar, "day_markers", where),
        duration_suffixes=_strings(calendar, "duration_suffixes", where),
        months_capitalised=_cldr_capitalised(lang, "months") and not lowercase,
        weekdays_capitalised=_cldr_capitalised(lang, "days") and not lowercase,
    )


@functools.cache
def load_lexicon(lang: str) -> Lexicon | None:
    """The lexicon of ``lang``'s pack, or None when the language has no pack."""
    if lang not in pack_languages():
        return None
    return build_lexicon(lang, pack_toml(lang, "calendar.toml"), pack_toml(lang, "pack.toml"))
