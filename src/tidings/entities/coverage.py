"""Which offices the KB covers without gaps (``tidings kb coverage``).

Why: the tenure rule (a day-month date gets the one year its people held office) and the
role of a person at a document's date are only as good as the office-holder lists. "Every
head of state and government of every UN member since 2010" is a claim that must be
measured, not asserted: this module walks each country's tenures of one role and reports
the periods nobody covers. Where the head of state also heads the government (presidential
systems, absolute monarchies; ``data/kb/executive.tsv``), the head of state's tenures count
for the head of government.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from tidings.entities.kb import KnowledgeBase
from tidings.resources import data_dir, read_toml, read_tsv

ROLES = ("head_of_state", "head_of_government", "foreign_minister")
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class CoverageSettings:
    """What is tracked: countries per role, since when, and the tolerated gap."""

    countries: dict[str, tuple[str, ...]]
    since: dt.date
    slack: dt.timedelta
    combined: dict[str, tuple[Span, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Gap:
    country: str
    role: str
    start: dt.date
    end: dt.date


def load_settings(root: Path | None = None, today: dt.date | None = None) -> CoverageSettings:
    """Tracked countries and combined executives from ``data/kb`` (countries.toml,
    executive.tsv)."""
    kb_root = (root or data_dir()) / "kb"
    settings = read_toml(kb_root / "countries.toml")
    excluded = set(settings.get("not_un_members", []))
    members = tuple(sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in excluded))
    until = today or dt.date.today()
    combined: dict[str, list[Span]] = {}
    for path in sorted(kb_root.glob("executive*.tsv")):
        for row in read_tsv(path):
            end = dt.date.fromisoformat(row["end"]) if row.get("end") else until
            combined.setdefault(row["country"], []).append(
                (dt.date.fromisoformat(row["start"]), end)
            )
    return CoverageSettings(
        countries={
            "head_of_state": members,
            "head_of_government": members,
            "foreign_minister": tuple(settings.get("foreign_minister_countries", [])),
        },
        since=dt.date.fromisoformat(settings.get("coverage_since", "2010-01-01")),
        slack=dt.timedelta(days=int(settings.get("coverage_slack_days", 45))),
        combined={k: tuple(v) for k, v in combined.items()},
    )


def held_spans(
    kb: KnowledgeBase, settings: CoverageSettings, today: dt.date
) -> dict[tuple[str, str], list[Span]]:
    """(country, role) → the periods someone held that role, from every person's tenures."""
    spans: dict[tuple[str, str], list[Span]] = {}
    for entry in kb.entries.values():
        for tenure in entry.tenures:
            if tenure.country is None or tenure.role not in ROLES:
                continue
            span = (tenure.start or dt.date.min, tenure.end or today)
            spans.setdefault((tenure.country, tenure.role), []).append(span)
            if tenure.role != "head_of_state":
                continue
            for start, end in settings.combined.get(tenure.country, ()):
                if min(span[1], end) >= max(span[0], start):
                    both = (max(span[0], start), min(span[1], end))
                    spans.setdefault((tenure.country, "head_of_government"), []).append(both)
    return spans


def find_gaps(
    kb: KnowledgeBase, settings: CoverageSettings, today: dt.date | None = None
) -> list[Gap]:
    """Every uncovered period longer than the slack, per tracked country and role."""
    until = today or dt.date.today()
    spans = held_spans(kb, settings, until)
    gaps: list[Gap] = []
    for role in ROLES:
        for country in settings.countries[role]:
            covered_to = settings.since
            for start, end in sorted(spans.get((country, role), [])):
                if start > covered_to + settings.slack:
                    gaps.append(Gap(country, role, covered_to, start))
                covered_to = max(covered_to, end)
            if covered_to < until - settings.slack:
                gaps.append(Gap(country, role, covered_to, until))
    return gaps
