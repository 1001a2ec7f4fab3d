"""Fill the missing parts of a PartialDate from a stated anchor, and say so in ``basis``.

Why separate from matching: the same rules serve three callers. ``find_times`` anchors on
the publication date, the tenure rule fills a year that only one office-holder's term
allows, and stories borrow a year from a better-dated report. Each rule only ever adds
parts, never overwrites what the text said, and records the basis of every part it adds.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import replace

from tidings.model import DATE_BASES, PartialDate
from tidings.timeexpr.lexicon import Offset

#: How an expression without a year or day relates to the publication date.
#: ``on_or_before``: the press default ("am Donnerstag" in Friday's paper; same day allowed,
#: as in "am heutigen Freitag"); ``before``: strictly earlier ("last Monday");
#: ``after``: strictly later for weekdays, on or after for dates ("next Monday",
#: "8 November mendatang").
DIRECTIONS = frozenset({"on_or_before", "before", "after"})

#: How far back a 29 February looks for a leap year before giving up.
_LEAP_SEARCH_YEARS = 8


def _with_parts(pd: PartialDate, day: dt.date, parts: tuple[str, ...]) -> PartialDate:
    """Copy ``parts`` of ``day`` into ``pd`` where it has none, with basis ``published``."""
    added = tuple((part, "published") for part in parts if getattr(pd, part) is None)
    filled = {part for part, _ in added}
    return replace(
        pd,
        year=day.year if "year" in filled else pd.year,
        month=day.month if "month" in filled else pd.month,
        day=day.day if "day" in filled else pd.day,
        basis=(*pd.basis, *added),
    )


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _apply_offset(pd: PartialDate, published: dt.date, offset: Offset) -> PartialDate:
    if offset.unit == "d":
        return _with_parts(pd, published + dt.timedelta(days=offset.n), ("year", "month", "day"))
    if offset.unit == "w":
        if pd.weekday is None:
            return pd  # "last week" names no day; inventing one would be a guess
        monday = published - dt.timedelta(days=published.weekday())
        day = monday + dt.timedelta(weeks=offset.n, days=pd.weekday)
        return _with_parts(pd, day, ("year", "month", "day"))
    if offset.unit == "m":
        year, month = _shift_months(published, offset.n)
        return _with_parts(pd, dt.date(year, month, 1), ("year", "month"))
    return _with_parts(pd, dt.date(published.year + offset.n, 1, 1), ("year",))


def _weekday_date(weekday: int, published: dt.date, direction: str) -> dt.date:
    if direction == "after":
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if direction == "before" and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if day > _calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _month_for(day: int, published: dt.date, direction: str) -> dt.date | None:
    """The nearest date with day-of-month ``day`` on or before ``published`` (on or after
    for ``after``); months without that day (31 April) are skipped."""
    step = 1 if direction == "after" else -1
    year, month = published.year, published.month
    for _ in range(_LEAP_SEARCH_YEARS):
        candidate = _valid(year, month, day)
        if candidate is not None and (
            (direction == "after" and candidate >= published)
            or (direction == "before" and candidate < published)
            or (direction == "on_or_before" and candidate <= published)
        ):
            return candidate
        year, month = _shift_months(dt.date(year, month, 1), step)
    return None


def _year_for(month: int, day: int, published: dt.date, direction: str) -> int | None:
    step = 1 if direction == "after" else -1
    for delta in range(_LEAP_SEARCH_YEARS + 1):
        year = published.year + step * delta
        candidate = _valid(year, month, day)
        if candidate is None:
            continue
        if direction == "after" and candidate >= published:
            return year
        if direction == "before" and candidate < published:
            return year
        if direction == "on_or_before" and candidate <= published:
            return year
    return None


def resolve_with_published(
    pd: PartialDate,
    published: dt.date,
    *,
    offset: Offset | None = None,
    direction: str = "on_or_before",
) -> PartialDate:
    """Fill what ``published`` fixes, with basis ``published``; text parts stay as they are.

    - ``offset`` (a relative word such as "gestern" = ``-1d``): published ± n; weeks fix a
      day only together with a weekday ("Senin pekan lalu"), months fix year and month,
      years fix the year.
    - a weekday alone: the most recent such weekday on or before ``published`` (see
      ``DIRECTIONS`` for "last"/"next").
    - a day and month without a year: the closest year that puts it on or before
      ``published``; left unresolved when a stated weekday contradicts that year.
    - a day alone ("14日"): the closest month that puts it on or before ``published``.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r} is not one of {sorted(DIRECTIONS)}")
    if offset is not None:
        return _apply_offset(pd, published, offset)
    if pd.year is not None:
        return pd
    if pd.month is not None and pd.day is not None:
        year = _year_for(pd.month, pd.day, published, direction)
        if year is None:
            return pd
        if pd.weekday is not None and dt.date(year, pd.month, pd.day).weekday() != pd.weekday:
            return pd
        return fill_year(pd, year, "published")
    if pd.day is not None and pd.month is None:  # "14日": this month's 14th, or last month's
        found = _month_for(pd.day, published, direction)
        if found is None or (pd.weekday is not None and found.weekday() != pd.weekday):
            return pd
        return _with_parts(pd, found, ("year", "month"))
    if pd.weekday is not None and pd.month is None and pd.day is None:
        day = _weekday_date(pd.weekday, published, direction)
        return _with_parts(pd, day, ("year", "month", "day"))
    return pd


def fill_year(pd: PartialDate, year: int, basis: str) -> PartialDate:
    """Give ``pd`` the year ``year`` obtained by rule ``basis`` (one of ``DATE_BASES``).

    A year already known is kept (the text wins over any rule), and a day that does not
    exist in ``year`` (29 February) leaves ``pd`` unchanged.
    """
    if basis not in DATE_BASES:
        raise ValueError(f"basis {basis!r} is not one of {sorted(DATE_BASES)}")
    if pd.year is not None:
        return pd
    if pd.month is not None and pd.day is not None and _valid(year, pd.month, pd.day) is None:
        return pd
    return replace(pd, year=year, basis=(*pd.basis, ("year", basis)))
