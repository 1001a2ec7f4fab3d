"""Regular expressions for the date shapes of the press, built from one language's lexicon.

Why our own rules rather than dateparser: dateparser reads German "die"/"mit" as weekdays,
turns "30 Jahren" into a year and cannot parse "pada hari Senin" or "am Donnerstag"
(measured, see OFFLINE.md). The shapes news text uses are few: ISO and dotted dates,
day/month with a slash (the Indonesian "Jumat (17/1)" idiom), day-month-year and
month-day-year with names, a weekday alone or in front of a date, relative words, and
"N units ago". Each shape is one pattern; words come only from the lexicon.

A pattern yields a ``Reading``: the span, the parts the text states (basis ``text``) and,
for relative expressions, what is still needed from the publication date (an offset or a
direction). Overlaps are settled by length, then by pattern order.
"""

from __future__ import annotations

import calendar as _calendar
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from tidings.model import PartialDate
from tidings.timeexpr.lexicon import Lexicon, Offset, fold, load_lexicon


@dataclass(frozen=True, slots=True)
class Reading:
    """One expression as the text states it, before any anchoring."""

    start: int
    end: int
    value: PartialDate
    rule: str
    priority: int
    offset: Offset | None = None
    direction: str = "on_or_before"


@dataclass(frozen=True, slots=True)
class Matcher:
    name: str
    regex: re.Pattern[str]
    priority: int  # lower wins between readings of equal length
    sign: int = 0  # for "N units ago" (-1) and "in N units" (+1)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first; inner spaces match any whitespace."""
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not unique:
        return "(?!)"
    return "|".join(r"\s+".join(re.escape(t) for t in w.split()) for w in unique)


#: Characters of scripts written without spaces (CJK ideographs, kana, Hangul syllables, whose
#: particles attach to the word before). A date may touch them ("中共14日宣布", "昨日、"),
#: whereas a letter of a spaced script right before or after means we are inside a word.
_UNSPACED = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WB = rf"(?<![^\W{_UNSPACED}])"  # not right after a letter or digit of a spaced script
_WE = rf"(?![^\W{_UNSPACED}])"  # not right before one

_SEP = r"(?:\s*,\s*|\s+|\s*\(\s*)"  # "Montag, 3. Oktober", "Jumat (17/1)"
_CLOSE = r"(?:\s*\))?"
_YEAR = r"(?P<y>(?:1[5-9]|2\d)\d\d)(?!\d)"
_DAY = r"(?P<d>[0-3]?\d)"


def _marked(lex: Lexicon) -> dict[str, str]:
    """Dates written with unit characters after the numbers ("2024年9月13日", "9월 13일",
    "14日"); only for packs that declare ``day_markers``."""
    if not lex.day_markers:
        return {}
    months = rf"(?P<mon>{_alt(lex.months)})"
    day = rf"(?<!\d)(?P<d>[0-3]?\d)\s*(?:{_alt(lex.day_markers)})(?!{_alt(lex.duration_suffixes)})"
    year = rf"(?<!\d)(?P<y>(?:1[5-9]|2\d)\d\d)\s*(?:{_alt(lex.year_markers)})\s*"
    return {
        "ymd_marked": rf"{year}{months}\s*{day}",
        "md_marked": rf"(?<!\d){months}\s*{day}",
        "day_marked": day,
    }


def _cores(lex: Lexicon) -> dict[str, str]:
    """The date shapes that state a day, keyed by rule name."""
    months = rf"(?P<mon>{_alt(lex.months)})\.?(?!\w)"
    ordinal = rf"(?:{_alt(lex.ordinal_suffixes)})?"
    return {
        **_marked(lex),
        "iso": r"(?<![\d-])(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})(?![\d-])",
        "dotted": r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>\d{4})(?!\d)",
        "slash_year": r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])",
        "slash": r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])",
        "day_month": rf"(?<![\d.]){_DAY}(?:\.\s*|{ordinal}\s+){months}(?:,?\s+{_YEAR})?",
        "month_day": rf"{months}\s+{_DAY}{ordinal}(?![\d:])(?:,?\s+{_YEAR})?",
    }


def _template(template: str, lex: Lexicon) -> str:
    """A regex for "{n} {unit} ago": spaces in the template match any white space, and
    parts written together ("{n}{unit}前") must stand together in the text."""
    number = rf"(?P<n>\d{{1,3}}|{_alt(lex.numbers)})"
    unit = rf"(?P<unit>{_alt(lex.units)})"
    parts = []
    for piece in re.split(r"(\{n\}|\{unit\})", template.strip()):
        if piece in ("{n}", "{unit}"):
            parts.append(number if piece == "{n}" else unit)
        elif piece:
            words = piece.split()
            inner = r"\s+".join(re.escape(w) for w in words)
            parts.append((r"\s+" if piece[:1].isspace() else "") + inner)
            if words and piece[-1:].isspace():
                parts.append(r"\s+")
    return "".join(parts)


def _prefix(words: Iterable[str]) -> str:
    """An optional prefix group: a word of a spaced script needs white space after it, one
    ending in a character of a script without spaces ("上", "지난") may touch the date."""
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not unique:
        return ""
    alts = []
    for word in unique:
        gap = r"\s*" if re.match(rf"[{_UNSPACED}]", word[-1]) else r"\s+"
        alts.append(r"\s+".join(re.escape(t) for t in word.split()) + gap)
    return rf"(?:(?P<pre>{'|'.join(alts)}))?"


def build_matchers(lex: Lexicon) -> tuple[Matcher, ...]:
    """Every pattern of ``lex``'s language, in priority order."""
    prefix = _prefix(lex.prefixes | lex.past_prefixes | lex.future_prefixes)
    suffix = rf"(?:\s*(?P<suf>{_alt(lex.past_suffixes | lex.future_suffixes)}){_WE})?"
    weekday = rf"(?P<wd>{_alt(lex.weekdays)})\.?{_WE}"
    wide = rf"(?P<wd>{_alt(lex.wide_weekdays)}){_WE}"
    weeks = [s for s, off in lex.relative.items() if off.unit == "w"]
    specs: list[tuple[str, str, int, int]] = []
    for name, core in _cores(lex).items():
        specs.append((f"weekday+{name}", rf"{prefix}{weekday}{_SEP}{core}{_CLOSE}{suffix}", 0, 0))
    for name, core in _cores(lex).items():
        specs.append((name, rf"{prefix}{core}{suffix}", 1, 0))
    months = rf"(?P<mon>{_alt(lex.months)})\.?"
    specs.append(("month_year", rf"{prefix}{months}\s+{_YEAR}", 2, 0))
    specs.append(("weekday_week", rf"{prefix}{wide}\s+(?P<rel>{_alt(weeks)}){_WE}", 2, 0))
    relative = rf"(?P<rel>{_alt(lex.relative)}){_WE}"
    specs.append(("relative+weekday", rf"{relative}{_SEP}{wide}{_CLOSE}", 2, 0))
    specs.append(("weekday", rf"{prefix}{wide}{suffix}", 3, 0))
    holiday = rf"(?P<hol>{_alt(lex.holidays)}){_WE}"
    specs.append(("holiday", rf"{prefix}{holiday}", 3, 0))
    specs.append(("relative", relative, 4, 0))
    for template in lex.ago:
        specs.append(("ago", rf"{_template(template, lex)}{_WE}", 4, -1))
    for template in lex.ahead:
        specs.append(("ahead", rf"{_template(template, lex)}{_WE}", 4, 1))
    specs.append(("year_only", r"(?<![\w.,/\-–])(?P<y>(?:1[89]|20)\d\d)(?![\w/\-–]|[.,]\d)", 9, 0))
    return tuple(
        Matcher(name, re.compile(rf"{_WB}{body}", re.IGNORECASE), priority, sign)
        for name, body, priority, sign in specs
    )


@functools.cache
def matchers_for(lang: str) -> tuple[Matcher, ...]:
    lex = load_lexicon(lang)
    return build_matchers(lex) if lex is not None else ()


def _capitalised(surface: str) -> bool:
    """Names of months and weekdays start upper-case where the script has case."""
    return not surface[:1].islower()


def _day_month_order(lex: Lexicon, a: int, b: int) -> tuple[int, int] | None:
    """(day, month) of a numeric "a/b" by the pack's date order; None when unstated."""
    if lex.date_order is None:
        return None
    return (a, b) if lex.date_order.startswith("D") else (b, a)


def _direction(lex: Lexicon, pre: str | None, suf: str | None) -> str:
    words = {fold(w) for w in (pre, suf) if w}
    if words & (lex.past_prefixes | lex.past_suffixes):
        return "before"
    if words & (lex.future_prefixes | lex.future_suffixes):
        return "after"
    return "on_or_before"


def _stated_date(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    if day < 1:
        return False
    if month is None:  # "14日": a day of a month the publication date may fix
        return day <= 31
    return day <= _calendar.monthrange(year if year is not None else 2000, month)[1]


def _text_value(
    surface: str, year: int | None, month: int | None, day: int | None, weekday: int | None
) -> PartialDate:
    basis = tuple(
        (part, "text")
        for part, value in (("year", year), ("month", month), ("day", day))
        if value is not None
    )
    return PartialDate(year=year, month=month, day=day, weekday=weekday, basis=basis, text=surface)


def read_match(found: re.Match[str], matcher: Matcher, lex: Lexicon) -> Reading | None:
    """Turn one regex match into a Reading; None when it is not a valid date after all."""
    groups = {k: v for k, v in found.groupdict().items() if v is not None}
    name = matcher.name
    weekday = month = day = year = None
    offset: Offset | None = None
    if "wd" in groups:
        if lex.weekdays_capitalised and not _capitalised(groups["wd"]):
            return None
        weekday = lex.weekdays.get(fold(groups["wd"]))
    if "mon" in groups:
        if lex.months_capitalised and not _capitalised(groups["mon"]):
            return None
        month = lex.months.get(fold(groups["mon"]))
    if "hol" in groups:
        month, day = lex.holidays.get(fold(groups["hol"]), (None, None))
    if "mn" in groups:
        month = int(groups["mn"])
    if "d" in groups:
        day = int(groups["d"])
    if "y" in groups:
        year = int(groups["y"])
    if "a" in groups:
        order = _day_month_order(lex, int(groups["a"]), int(groups["b"]))
        if order is None:
            return None
        day, month = order
        if name == "slash" and "pre" not in groups and not _in_parentheses(found):
            return None  # a lone "24/7" is not a date
    if "rel" in groups:
        offset = lex.relative.get(fold(groups["rel"]))
        if offset is None:
            return None
    if "unit" in groups:
        raw = groups["n"]
        count = int(raw) if raw.isdigit() else lex.numbers.get(fold(raw))
        unit = lex.units.get(fold(groups["unit"]))
        if count is None or unit is None:
            return None
        offset = Offset(matcher.sign * count, unit)
    if not _stated_date(year, month, day):
        return None
    surface = found.group(0)
    if surface.endswith("."):
        surface = surface[:-1]  # an abbreviation point or the sentence's full stop
    if offset is not None:
        name = f"{name}:{offset}"
    return Reading(
        start=found.start(),
        end=found.start() + len(surface),
        value=_text_value(surface, year, month, day, weekday),
        rule=name,
        priority=matcher.priority,
        offset=offset,
        direction=_direction(lex, groups.get("pre"), groups.get("suf")),
    )


def _in_parentheses(found: re.Match[str]) -> bool:
    text = found.string
    before = text[: found.start()].rstrip()
    after = text[found.end() :].lstrip()
    return before.endswith("(") and after.startswith(")")


_ANY_DIGIT = re.compile(r"\d")


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Arabic-Indic, Persian, full-width …) as its ASCII twin:
    one character for one, so offsets into the text stay valid."""
    if text.isascii():
        return text
    return _ANY_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def find_readings(text: str, lang: str) -> list[Reading]:
    """Non-overlapping readings of ``text`` in ``lang``, in text order."""
    lex = load_lexicon(lang)
    if lex is None:
        return []
    text = ascii_digits(text)
    readings = [
        reading
        for matcher in matchers_for(lang)
        for found in matcher.regex.finditer(text)
        if (reading := read_match(found, matcher, lex)) is not None
    ]
    readings.sort(key=lambda r: (-(r.end - r.start), r.priority, r.start))
    chosen: list[Reading] = []
    for reading in readings:
        if all(reading.end <= c.start or c.end <= reading.start for c in chosen):
            chosen.append(reading)
    return sorted(chosen, key=lambda r: r.start)
