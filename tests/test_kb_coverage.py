"""`tidings kb coverage`: uncovered periods of an office, per country and role."""

import datetime as dt
import json

from click.testing import CliRunner

from tidings.entities.coverage import CoverageSettings, find_gaps, load_settings
from tidings.entities.kb import KBEntry, KnowledgeBase
from tidings.kb_cli import kb
from tidings.model import Tenure

DAY = dt.date.fromisoformat
TODAY = DAY("2026-11-23")


def held(role: str, start: str, end: str | None) -> Tenure:
    return Tenure(role=role, country="XXA", start=DAY(start), end=DAY(end) if end else None)


def person(kb_id: str, *tenures: Tenure) -> KBEntry:
    return KBEntry(id=kb_id, kind="person", name=kb_id, country="XXA", tenures=tenures)


def settings(**combined: tuple[tuple[dt.date, dt.date], ...]) -> CoverageSettings:
    return CoverageSettings(
        countries={
            "head_of_state": ("XXA",),
            "head_of_government": ("XXA",),
            "foreign_minister": (),
        },
        since=DAY("2010-01-01"),
        slack=dt.timedelta(days=45),
        combined=combined,
    )


def test_a_gap_between_two_holders_is_reported_and_a_short_one_is_not() -> None:
    base = KnowledgeBase(
        {
            "a": person("a", held("head_of_state", "2005-01-01", "2014-05-01")),
            "b": person("b", held("head_of_state", "2014-06-01", "2019-01-01")),
            "c": person("c", held("head_of_state", "2020-01-01", None)),
        },
        {},
        "test",
    )
    gaps = [(g.role, g.start, g.end) for g in find_gaps(base, settings(), TODAY)]
    assert ("head_of_state", DAY("2019-01-01"), DAY("2020-01-01")) in gaps
    assert all(g[1] != DAY("2014-05-01") for g in gaps)  # a 31-day handover is tolerated
    # no head of government at all: the whole period is one gap
    assert ("head_of_government", DAY("2010-01-01"), TODAY) in gaps


def test_a_head_of_state_who_heads_the_government_covers_both_roles() -> None:
    base = KnowledgeBase({"a": person("a", held("head_of_state", "2009-01-01", None))}, {}, "test")
    combined = settings(XXA=((DAY("2010-01-01"), TODAY),))
    assert find_gaps(base, combined, TODAY) == []
    partly = settings(XXA=((DAY("2018-07-09"), TODAY),))
    gaps = find_gaps(base, partly, TODAY)
    assert [(g.role, g.start, g.end) for g in gaps] == [
        ("head_of_government", DAY("2010-01-01"), DAY("2018-07-09"))
    ]


def test_the_shipped_settings_track_every_un_member_and_the_g20_foreign_ministers() -> None:
    shipped = load_settings(today=TODAY)
    members = shipped.countries["head_of_state"]
    assert len(members) == 195  # 193 members and 2 observers
    assert {"VAT", "PSE", "BLR", "SSD"} <= set(members)
    assert {"TWN", "HKG", "PRI"}.isdisjoint(members)
    assert {"CHN", "USA", "BLR", "ZAF"} <= set(shipped.countries["foreign_minister"])


def test_the_command_reports_the_shipped_kb_in_json() -> None:
    result = CliRunner().invoke(kb, ["coverage", "CHN", "BLR", "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["summary"]["head_of_state"] == {"tracked": 2, "covered": 2}
    assert all(g["country"] in {"CHN", "BLR"} for g in payload["gaps"])
