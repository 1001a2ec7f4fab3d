"""GDELT-style TSV: our events in the 61 columns of the GDELT 2.0 event table.

Why: analysts already have GDELT loaders, dashboards and habits; a file in its column order
lets them compare our record with GDELT's or merge the two. Like GDELT, one row is one
real-world event: the reports of one story become one row whose NumMentions, NumArticles
and NumSources count them. Columns we have no data for stay empty; the mapping, and where it
differs from GDELT (country codes are ISO alpha-3, not FIPS), is in docs/export.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import urlsplit

import pycountry

from tidings.events.coding import goldstein
from tidings.export.select import SelectedDocument
from tidings.export.table import actor_name, make_event_id
from tidings.model import Analysis, Event

#: Actor fields of GDELT 2.0, in order, after "Actor1"/"Actor2".
ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
#: Geography fields of GDELT 2.0, in order, after "Actor1Geo_", "Actor2Geo_", "ActionGeo_".
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The 61 columns of the GDELT 2.0 event table (GDELT 2.0 Event Codebook), in file order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in ACTOR_FIELDS),
    *(f"Actor2{name}" for name in ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in GEO_FIELDS),
    *(f"Actor2Geo_{name}" for name in GEO_FIELDS),
    *(f"ActionGeo_{name}" for name in GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)

#: Roles whose holder acts for a government: CAMEO actor type ``GOV``.
GOVERNMENT_ROLES = frozenset(
    {"head_of_state", "head_of_government", "foreign_minister", "minister", "diplomat"}
)

#: GDELT QuadClass of each CAMEO root code: 1 verbal cooperation (01-05), 2 material
#: cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
QUAD_CLASS_BOUNDS = ((5, 1), (8, 2), (13, 3), (20, 4))

#: GDELT geographic types: 1 country, 3 US city, 4 city elsewhere.
GEO_COUNTRY, GEO_US_CITY, GEO_WORLD_CITY = 1, 3, 4

#: Bits kept of an id's SHA-256 for GLOBALEVENTID: stable, and exact in a float64/JSON.
EVENT_ID_BITS = 52


@dataclass(slots=True)
class GdeltSummary:
    """What a GDELT export wrote and what it left out."""

    rows: int = 0
    events: int = 0
    no_full_date: int = 0
    not_asserted: int = 0

    def line(self) -> str:
        return (
            f"gdelt: {self.rows} rows from {self.events} events; left out "
            f"{self.no_full_date} without a full date, {self.not_asserted} not asserted "
            "(planned or negated)"
        )


@dataclass(slots=True)
class Report:
    """One dated, asserted event of one document."""

    analysis: Analysis
    index: int
    event: Event


@dataclass(slots=True)
class Group:
    """The reports of one story (or one event outside any story): one GDELT row."""

    key: str
    reports: list[Report] = field(default_factory=list)


def stable_event_id(key: str) -> int:
    """A positive integer id derived from a story or event id (same input, same id)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - EVENT_ID_BITS)


def is_country_code(code: str | None) -> bool:
    return bool(code) and len(code or "") == 3 and (code or "").isalpha() and (code or "").isupper()


def country_name(code: str | None) -> str | None:
    """English short name of an ISO alpha-3 code (pycountry), or None."""
    if not is_country_code(code):
        return None
    country: Any = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def quad_class(cameo: str | None) -> int | None:
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return next((quad for last, quad in QUAD_CLASS_BOUNDS if root <= last), None)


def actor_fields(analysis: Analysis, code: str | None, entity_id: str | None) -> dict[str, Any]:
    """Code, Name, CountryCode and Type1Code of one side, as CAMEO writes them: the country
    code, followed by ``GOV`` when the named person acts for a government."""
    entities = analysis.document.entities
    entity = entities.get(entity_id) if entity_id else None
    country = code if is_country_code(code) else (entity.country if entity else None)
    government = entity is not None and entity.kind == "person" and entity.role in GOVERNMENT_ROLES
    name = actor_name(analysis, entity_id, code) or country_name(country)
    if entity is not None and entity.kind == "org":
        # an international organisation acting as itself: CAMEO's IGO actor type
        return {
            "Code": "IGO",
            "Name": name.upper() if name else None,
            "CountryCode": None,
            "Type1Code": "IGO",
        }
    actor_code = f"{country}GOV" if country and government else country
    return {
        "Code": actor_code,
        "Name": name.upper() if name else None,
        "CountryCode": country,
        "Type1Code": "GOV" if government else None,
    }


def action_geo(event: Event) -> dict[str, Any]:
    location = event.location
    if location is None or (location.city is None and location.country is None):
        return {}
    country = country_name(location.country) or location.country
    if location.city:
        geo_type = GEO_US_CITY if location.country == "USA" else GEO_WORLD_CITY
        full_name: str | None = ", ".join(p for p in (location.city, country) if p)
    else:
        geo_type, full_name = GEO_COUNTRY, country
    return {"Type": geo_type, "FullName": full_name, "CountryCode": location.country}


def source_of(analysis: Analysis) -> str:
    doc = analysis.document
    return doc.url or doc.source_url or doc.source


def site_of(analysis: Analysis) -> str:
    """What counts as one source for NumSources: the URL's host, else the input path."""
    url = analysis.document.url or analysis.document.source_url
    return (urlsplit(url).hostname or url) if url else analysis.document.source


def representative(group: Group) -> Report:
    """The report a row describes: the first one that is its document's main event."""
    return next((r for r in group.reports if r.event.main), group.reports[0])


def gdelt_row(group: Group) -> dict[str, Any]:
    """One GDELT row (keys: ``GDELT_COLUMNS``; missing keys are empty cells)."""
    chosen = representative(group)
    event, analysis = chosen.event, chosen.analysis
    day = event.date.as_date() if event.date else None
    assert day is not None  # groups hold fully dated events only
    cameo = event.cameo
    row: dict[str, Any] = {
        "GLOBALEVENTID": stable_event_id(group.key),
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": day.year,
        "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        "IsRootEvent": int(any(r.event.main for r in group.reports)),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3] if cameo else None,
        "EventRootCode": cameo[:2] if cameo else None,
        "QuadClass": quad_class(cameo),
        "GoldsteinScale": goldstein(cameo),
        "NumMentions": len(group.reports),
        "NumSources": len({site_of(r.analysis) for r in group.reports}),
        "NumArticles": len({r.analysis.document.id for r in group.reports}),
        "SOURCEURL": source_of(analysis),
    }
    published = analysis.document.published
    if published is not None:
        row["DATEADDED"] = published.strftime("%Y%m%d") + "000000"
    for prefix, code, entity_id in (
        ("Actor1", event.source, event.source_entity),
        ("Actor2", event.target, event.target_entity),
    ):
        for name, value in actor_fields(analysis, code, entity_id).items():
            row[prefix + name] = value
    for name, value in action_geo(event).items():
        row["ActionGeo_" + name] = value
    return row


def group_reports(selected: Iterable[SelectedDocument], summary: GdeltSummary) -> dict[str, Group]:
    """Dated, asserted events grouped by story (an event outside a story is its own group)."""
    groups: dict[str, Group] = {}
    for item in selected:
        for chosen in item.events:
            event = chosen.event
            summary.events += 1
            if event.modality != "asserted":
                summary.not_asserted += 1
                continue
            if event.date is None or event.date.as_date() is None:
                summary.no_full_date += 1
                continue
            key = chosen.story_id or make_event_id(item.analysis.document.id, chosen.index)
            group = groups.setdefault(key, Group(key=key))
            group.reports.append(Report(item.analysis, chosen.index, event))
    return groups


def tsv_cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_gdelt(
    selected: Iterable[SelectedDocument], out: TextIO, *, header: bool = True
) -> GdeltSummary:
    """Write GDELT-style rows, oldest first, to ``out``; return what was written and left out.

    Memory grows with the number of stories selected (rows are grouped, then sorted).
    """
    summary = GdeltSummary()
    rows = [gdelt_row(group) for group in group_reports(selected, summary).values()]
    rows.sort(key=lambda row: (row["SQLDATE"], row["GLOBALEVENTID"]))
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    for row in rows:
        out.write("\t".join(tsv_cell(row.get(name)) for name in GDELT_COLUMNS) + "\n")
    summary.rows = len(rows)
    return summary
