"""Validate the knowledge base's inputs and the finished KB (``tidings kb check``).

Why a validator: the KB is data written by many hands (curated files, ten-plus language
packs, Wikidata imports) and a silent mistake there (two records with one id, two
presidents in one office on the same day, a name in decomposed Unicode that never matches)
only shows up much later as a wrong event. Each finding names its file and line or its id.

Errors make ``tidings kb check`` fail; notices (level ``WARNING``) are ambiguities worth
a look (a name two countries really share, "Congo") that the linker resolves from context.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from tidings import model
from tidings.entities.kb import KnowledgeBase, curated_files, read_jsonl
from tidings.resources import data_dir, read_tsv

ERROR, WARNING = "error", "notice"

#: Roles for which one office has one holder at a time.
SINGLE_HOLDER_ROLES = frozenset({"head_of_state", "head_of_government", "foreign_minister"})
#: Kinds whose full names should not be shared across countries.
NAMED_KINDS = frozenset({"person", "country"})
#: What a KB id looks like.
ID_PATTERN = re.compile(r"^(Q[1-9][0-9]*|iso:[A-Z]{3}|kb:[a-z0-9_]+|geonames:[0-9]+)$")
#: Countries the KB uses that ISO 3166-1 lacks: Kosovo (GeoNames' code), the Soviet Union
#: (its former ISO code, for historical reporting).
EXTRA_COUNTRIES = frozenset({"XKX", "SUN"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: how bad, where, and what."""

    level: str  # ERROR or WARNING
    where: str  # "kb/people.jsonl:12", "de/aliases.tsv:3" or a KB id
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _known_country(code: str | None) -> bool:
    return (
        code is None or code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=code) is not None
    )


def check_records(files: list[Path]) -> list[Finding]:
    """Findings in curated JSONL files: ids, duplicates, roles, dates, NFC."""
    findings: list[Finding] = []
    defined: dict[str, str] = {}
    for path in files:
        try:
            records = list(read_jsonl(path))
        except ValueError as error:
            findings.append(Finding(ERROR, f"kb/{path.name}", str(error)))
            continue
        for record in records:
            where, kb_id = record["source"], record["id"]
            if not ID_PATTERN.match(kb_id):
                findings.append(Finding(ERROR, where, f"malformed id {kb_id!r}"))
            if "kind" in record:
                if kb_id in defined:
                    message = f"duplicate id {kb_id!r} (first defined at {defined[kb_id]})"
                    findings.append(Finding(ERROR, where, message))
                else:
                    defined[kb_id] = where
            for text in _strings({k: v for k, v in record.items() if k != "source"}):
                if unicodedata.normalize("NFC", text) != text:
                    findings.append(Finding(ERROR, where, f"not NFC: {text!r}"))
            if not _known_country(record.get("country")):
                findings.append(Finding(ERROR, where, f"unknown country {record['country']!r}"))
            findings.extend(_check_tenures(record, where))
    return findings


def _check_tenures(record: dict[str, Any], where: str) -> Iterator[Finding]:
    for tenure in record.get("tenures", []):
        role = tenure.get("role")
        if role not in model.ROLES:
            yield Finding(ERROR, where, f"unknown role {role!r}")
        try:
            start = dt.date.fromisoformat(tenure["start"]) if tenure.get("start") else None
            end = dt.date.fromisoformat(tenure["end"]) if tenure.get("end") else None
        except (TypeError, ValueError):
            yield Finding(ERROR, where, f"bad tenure dates {tenure.get('start')!r}..")
            continue
        if start and end and end < start:
            yield Finding(ERROR, where, f"tenure ends before it starts ({start} > {end})")
    if record.get("role") is not None and record["role"] not in model.ROLES:
        yield Finding(ERROR, where, f"unknown role {record['role']!r}")


def check_pack_aliases(lang_root: Path) -> list[Finding]:
    """Findings in the packs' ``aliases.tsv``: non-NFC surfaces, bad priors."""
    findings: list[Finding] = []
    for pack in sorted(p for p in lang_root.iterdir() if (p / "pack.toml").exists()):
        for row in read_tsv(pack / "aliases.tsv", origin_prefix=f"{pack.name}/"):
            surface = row["surface"]
            if unicodedata.normalize("NFC", surface) != surface:
                findings.append(Finding(ERROR, row.origin, f"not NFC: {surface!r}"))
            try:
                prior = float(row.get("prior") or "1.0")
            except ValueError:
                prior = -1.0
            if not 0.0 <= prior <= 1.0:
                findings.append(Finding(ERROR, row.origin, f"prior not in 0..1: {row['prior']!r}"))
    return findings


def check_offices(kb: KnowledgeBase) -> list[Finding]:
    """Two holders of one single-holder office whose tenures overlap by more than a day."""
    by_office: dict[tuple[str, str | None], list[tuple[model.Tenure, str]]] = {}
    for entry in kb.entries.values():
        for tenure in entry.tenures:
            if tenure.role in SINGLE_HOLDER_ROLES and tenure.office:
                by_office.setdefault((tenure.office, tenure.country), []).append((tenure, entry.id))
    findings: list[Finding] = []
    for (office, _country), held in sorted(by_office.items()):
        held.sort(key=lambda item: item[0].start or dt.date.min)
        for i, (first, first_id) in enumerate(held):
            for second, second_id in held[i + 1 :]:
                if _overlap_days(first, second) > 1:
                    message = f"{office!r} held by {first_id} and {second_id} at once"
                    findings.append(Finding(ERROR, second_id, message))
    return findings


def _overlap_days(first: model.Tenure, second: model.Tenure) -> int:
    start = max(first.start or dt.date.min, second.start or dt.date.min)
    end = min(first.end or dt.date.max, second.end or dt.date.max)
    return (end - start).days if end > start else 0


def check_alias_collisions(kb: KnowledgeBase) -> list[Finding]:
    """Full names (not surnames) of people or countries shared by different countries."""
    findings: list[Finding] = []
    for key, refs in sorted(kb.aliases.items()):
        named = [r for r in refs if r.kind in NAMED_KINDS and not r.short]
        countries = {kb.country_of(r.kb_id) for r in named} - {None}
        if len(countries) > 1:
            ids = ", ".join(sorted({r.kb_id for r in named}))
            message = f"alias {key!r} names {ids} of {len(countries)} countries"
            findings.append(Finding(WARNING, named[0].kb_id, message))
    return findings


def check_qids(kb: KnowledgeBase) -> list[Finding]:
    """One Wikidata QID given to two entities (a QID table row or an id that is a QID)."""
    owners: dict[str, list[str]] = {}
    for entry in kb.entries.values():
        if entry.qid:
            owners.setdefault(entry.qid, []).append(entry.id)
    return [
        Finding(ERROR, ids[1], f"QID {qid} given to {', '.join(sorted(ids))}")
        for qid, ids in sorted(owners.items())
        if len(ids) > 1
    ]


def check_kb(kb: KnowledgeBase, root: Path | None = None) -> list[Finding]:
    """Every finding about the KB built from ``root`` (the shipped data by default)."""
    base = root or data_dir()
    findings = [Finding(ERROR, *p.split(": ", 1)) for p in kb.problems]
    findings += check_records(curated_files(base / "kb"))
    findings += check_pack_aliases(base / "lang")
    findings += check_offices(kb)
    findings += check_alias_collisions(kb)
    findings += check_qids(kb)
    return findings
