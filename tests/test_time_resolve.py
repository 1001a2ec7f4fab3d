"""Anchoring rules: publication date, offsets, directions, and filling a year by rule."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.model import PartialDate
from tidings.timeexpr.lexicon import Offset
from tidings.timeexpr.resolve import fill_year, resolve_with_published

FRIDAY = dt.date(2022, 9, 16)


def test_resolve_weekday_most_recent_on_or_before() -> None:
    thursday = resolve_with_published(PartialDate(weekday=3, text="am Donnerstag"), FRIDAY)
    assert thursday.as_date() == dt.date(2022, 9, 15)
    assert thursday.basis_of("day") == "published"
    assert thursday.basis_of("year") == "published"
    assert thursday.weekday == 3


def test_resolve_weekday_same_day_allowed_unless_strictly_before() -> None:
    today = resolve_with_published(PartialDate(weekday=4), FRIDAY)
    before = resolve_with_published(PartialDate(weekday=4), FRIDAY, direction="before")
    after = resolve_with_published(PartialDate(weekday=4), FRIDAY, direction="after")
    assert today.as_date() == FRIDAY
    assert before.as_date() == dt.date(2022, 9, 9)
    assert after.as_date() == dt.date(2022, 9, 23)


def test_resolve_day_month_takes_closest_year_not_after_published() -> None:
    text = (("month", "text"), ("day", "text"))
    same_year = resolve_with_published(PartialDate(month=8, day=22, basis=text), FRIDAY)
    last_year = resolve_with_published(PartialDate(month=12, day=30, basis=text), FRIDAY)
    assert same_year.iso() == "2022-08-22"
    assert last_year.iso() == "2021-12-30"
    assert last_year.basis_of("year") == "published"
    assert last_year.basis_of("day") == "text"


def test_resolve_day_month_contradicted_by_weekday_stays_open() -> None:
    # 3 October 2021 was a Sunday, so "Montag, 3. Oktober" cannot be in 2021.
    monday = PartialDate(month=10, day=3, weekday=0)
    assert resolve_with_published(monday, FRIDAY).year is None


def test_resolve_leap_day_looks_back_to_a_leap_year() -> None:
    assert resolve_with_published(PartialDate(month=2, day=29), FRIDAY).year == 2020


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (Offset(-1, "d"), "2022-09-15"),
        (Offset(-2, "d"), "2022-09-14"),
        (Offset(0, "d"), "2022-09-16"),
        (Offset(1, "d"), "2022-09-17"),
        (Offset(-1, "m"), "2022-08"),
        (Offset(-1, "y"), "2021"),
    ],
)
def test_resolve_offsets_from_published(offset: Offset, expected: str) -> None:
    assert resolve_with_published(PartialDate(), FRIDAY, offset=offset).iso() == expected


def test_resolve_week_offset_needs_a_weekday() -> None:
    assert resolve_with_published(PartialDate(), FRIDAY, offset=Offset(-1, "w")).iso() is None
    monday = resolve_with_published(PartialDate(weekday=0), FRIDAY, offset=Offset(-1, "w"))
    assert monday.iso() == "2022-09-05"


def test_resolve_keeps_a_year_from_the_text() -> None:
    stated = PartialDate(year=2019, month=5, day=1, basis=(("year", "text"),))
    assert resolve_with_published(stated, FRIDAY) == stated


def test_resolve_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError, match="direction"):
        resolve_with_published(PartialDate(weekday=1), FRIDAY, direction="sideways")


def test_fill_year_records_its_basis_and_never_overwrites() -> None:
    filled = fill_year(PartialDate(month=8, day=22), 2024, "tenure")
    assert filled.iso() == "2024-08-22"
    assert filled.basis_of("year") == "tenure"
    stated = PartialDate(year=2023, month=8, day=22)
    assert fill_year(stated, 2024, "story").year == 2023


def test_fill_year_refuses_impossible_day_and_unknown_basis() -> None:
    assert fill_year(PartialDate(month=2, day=29), 2023, "story").year is None
    with pytest.raises(ValueError, match="basis"):
        fill_year(PartialDate(month=1, day=1), 2023, "guess")
