"""Import people, countries, cities and organisations from a Wikidata JSON dump.

Why stream: the official dump (``latest-all.json.bz2``) is a JSON array with one entity
per line and is far larger than memory, so it is read line by line, twice: the first pass
learns the countries' ISO codes and the position items (which office belongs to which
country), the second keeps what the KB wants and turns it into records of the curated
JSONL shape. Nothing but the file is read; no network.

What is kept (classes in ``data/kb/wikidata_classes.tsv``, positions in
``data/kb/wikidata_positions.tsv``): humans holding a listed position (with dated
tenures from the P580/P582 qualifiers), countries, cities and international
organisations, with labels and aliases in the pack languages. A record whose item the KB
already has (same QID, same ISO country, or a person of the same name and country) keeps
the KB's id, so an import adds names and tenures and never forks an entity.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tidings.entities.fold import fold
from tidings.entities.kb import KnowledgeBase, read_jsonl
from tidings.resources import data_dir, read_tsv

Record = dict[str, Any]

#: Wikidata properties used.
INSTANCE_OF, SUBCLASS_OF, POSITION_HELD = "P31", "P279", "P39"
START, END, JURISDICTION, COUNTRY = "P580", "P582", "P1001", "P17"
CITIZENSHIP, ISO_ALPHA3 = "P27", "P298"
#: Wikidata time precision of a day; coarser dates do not make a tenure (never invent).
DAY_PRECISION = 11


@dataclass(frozen=True, slots=True)
class Position:
    """What holding a position means: a KB role, in a country (ISO alpha-3)."""

    role: str
    country: str | None


@dataclass(slots=True)
class ImportResult:
    """Records ready for the KB, and counts of what was kept and skipped."""

    records: list[Record] = field(default_factory=list)
    kept: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


def open_dump(path: Path) -> IO[str]:
    """A text handle on a dump, compressed (``.bz2``, ``.gz``) or not."""
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_entities(path: Path, skipped: Counter[str] | None = None) -> Iterator[Record]:
    """The entities of a dump, one per line; a line that is not JSON is counted, not fatal."""
    with open_dump(path) as handle:
        for line in handle:
            text = line.strip().rstrip(",")
            if text in {"", "[", "]"}:
                continue
            try:
                entity = json.loads(text)
            except json.JSONDecodeError:
                if skipped is not None:
                    skipped["bad line"] += 1
                continue
            if isinstance(entity, dict) and entity.get("type") == "item" and "id" in entity:
                yield entity


def _values(entity: Record, prop: str) -> list[Any]:
    values: list[Any] = []
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if value is not None:
            values.append(value)
    return values


def item_ids(entity: Record, prop: str) -> list[str]:
    """The item ids a property points to ("P31" → ["Q5"])."""
    return [v["id"] for v in _values(entity, prop) if isinstance(v, dict) and "id" in v]


def strings(entity: Record, prop: str) -> list[str]:
    """The string values of a property ("P298" → ["BLR"])."""
    return [v for v in _values(entity, prop) if isinstance(v, str)]


def day_of(value: Any) -> dt.date | None:
    """A Wikidata time value as a date, only when it is precise to the day."""
    if not isinstance(value, dict) or value.get("precision", 0) < DAY_PRECISION:
        return None
    text = str(value.get("time", ""))
    try:
        return dt.date.fromisoformat(text.lstrip("+")[:10])
    except ValueError:
        return None


def _qualifier_day(claim: Record, prop: str) -> tuple[bool, dt.date | None]:
    """(present, day): whether the qualifier exists, and its date when day-precise."""
    snaks = claim.get("qualifiers", {}).get(prop, [])
    if not snaks:
        return False, None
    return True, day_of(snaks[0].get("datavalue", {}).get("value"))


def names_of(entity: Record, langs: Iterable[str]) -> dict[str, list[str]]:
    """Labels and aliases in the given languages, NFC-normalised."""
    names: dict[str, list[str]] = {}
    for lang in langs:
        found: list[str] = []
        label = entity.get("labels", {}).get(lang, {}).get("value")
        aliases = [a.get("value") for a in entity.get("aliases", {}).get(lang, [])]
        for name in [label, *aliases]:
            if isinstance(name, str) and name.strip():
                text = unicodedata.normalize("NFC", name.strip())
                if text not in found:
                    found.append(text)
        if found:
            names[lang] = found
    return names


def load_tables(root: Path | None = None) -> tuple[dict[str, tuple[str, str]], dict[str, Position]]:
    """Classes (qid → (kind, role)) and known positions (qid → Position)."""
    base = (root or data_dir()) / "kb"
    classes = {
        row["qid"]: (row["kind"], row.get("role") or "")
        for row in read_tsv(base / "wikidata_classes.tsv", origin_prefix="kb/")
    }
    positions = {
        row["qid"]: Position(row["role"], row.get("country") or None)
        for row in read_tsv(base / "wikidata_positions.tsv", origin_prefix="kb/")
    }
    return classes, positions


def _learn(
    path: Path, classes: dict[str, tuple[str, str]], positions: dict[str, Position]
) -> tuple[dict[str, str], dict[str, Position]]:
    """First pass: countries' ISO codes, and the position items of the dump."""
    alpha3: dict[str, str] = {}
    pending: dict[str, tuple[str, str]] = {}  # position qid -> (role, jurisdiction qid)
    for entity in iter_entities(path):
        codes = strings(entity, ISO_ALPHA3)
        if codes:
            alpha3[entity["id"]] = codes[0].upper()
        parents = item_ids(entity, SUBCLASS_OF) + item_ids(entity, INSTANCE_OF)
        roles = [classes[p][1] for p in parents if p in classes and classes[p][0] == "position"]
        places = item_ids(entity, JURISDICTION) or item_ids(entity, COUNTRY)
        if roles and roles[0] and places:
            pending[entity["id"]] = (roles[0], places[0])
    found = dict(positions)
    for qid, (role, place) in pending.items():
        found.setdefault(qid, Position(role, alpha3.get(place)))
    return alpha3, found


def _kind_of(entity: Record, classes: dict[str, tuple[str, str]]) -> str | None:
    for parent in item_ids(entity, INSTANCE_OF):
        kind = classes.get(parent, ("", ""))[0]
        if kind and kind != "position":
            return kind
    return "country" if strings(entity, ISO_ALPHA3) else None


def _tenures(
    entity: Record, positions: dict[str, Position], skipped: Counter[str]
) -> tuple[list[Record], list[Position]]:
    tenures: list[Record] = []
    held: list[Position] = []
    for claim in entity.get("claims", {}).get(POSITION_HELD, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        position = positions.get(value.get("id", "")) if isinstance(value, dict) else None
        if position is None:
            continue
        held.append(position)
        _has_start, start = _qualifier_day(claim, START)
        has_end, end = _qualifier_day(claim, END)
        if start is None or (has_end and end is None):
            skipped["tenure without day-precise dates"] += 1
            continue
        tenures.append(
            {
                "role": position.role,
                "country": position.country,
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "office": value.get("id"),
            }
        )
    return tenures, held


def _existing_id(
    kb: KnowledgeBase | None, qid: str, kind: str, name: str, country: str | None
) -> str:
    """The KB's id for this item when the KB already has it, else the QID."""
    if kb is None:
        return qid
    if kind == "country" and country and f"iso:{country}" in kb.entries:
        return f"iso:{country}"
    if qid in kb.entries:
        return qid
    for entry in kb.lookup(name):
        if entry.kind == kind and entry.country == country and fold(entry.name) == fold(name):
            return entry.id
    return qid


def import_wikidata(
    path: Path, kb: KnowledgeBase | None, langs: Iterable[str], root: Path | None = None
) -> ImportResult:
    """Records for the KB from a Wikidata dump (see the module docstring)."""
    languages = tuple(dict.fromkeys(["en", *langs]))
    classes, positions = load_tables(root)
    alpha3, positions = _learn(path, classes, positions)
    result = ImportResult()
    for entity in iter_entities(path, result.skipped):
        kind = _kind_of(entity, classes)
        if kind is None:
            continue
        qid = entity["id"]
        aliases = names_of(entity, languages)
        name = next(iter(aliases.get("en", [])), "") or next(
            (names[0] for names in aliases.values()), ""
        )
        if not name:
            result.skipped["no label in the pack languages"] += 1
            continue
        record: Record = {"kind": kind, "name": name, "aliases": aliases, "qid": qid}
        if kind == "person":
            tenures, held = _tenures(entity, positions, result.skipped)
            if not held:
                continue  # a human holding none of the positions the KB tracks
            citizenship = [alpha3[c] for c in item_ids(entity, CITIZENSHIP) if c in alpha3]
            record["country"] = held[0].country or next(iter(citizenship), None)
            if tenures:
                record["tenures"] = tenures
            else:
                record["role"] = "other"
        elif kind == "country":
            record["country"] = alpha3.get(qid)
            if record["country"] is None:
                result.skipped["country without ISO alpha-3"] += 1
                continue
        else:
            places = item_ids(entity, COUNTRY)
            record["country"] = alpha3.get(places[0]) if places and kind == "city" else None
        record["id"] = _existing_id(kb, qid, kind, name, record["country"])
        if record["id"] != qid:
            record = {"id": record["id"], "aliases": aliases, "qid": qid}  # adds names only
        record["source"] = f"wikidata:{qid}"
        result.records.append(record)
        result.kept[kind] += 1
    return result


def merge_into(path: Path, records: list[Record]) -> int:
    """Merge records into a JSONL file by id (aliases united); returns the records written."""
    merged: dict[str, Record] = {}
    if path.exists():
        for record in read_jsonl(path):
            record.pop("source", None)
            merged[record["id"]] = record
    for record in records:
        current = merged.setdefault(record["id"], {"id": record["id"]})
        for key, value in record.items():
            if key == "source":
                continue
            if key == "aliases":
                aliases = current.setdefault("aliases", {})
                for lang, names in value.items():
                    kept = aliases.setdefault(lang, [])
                    kept.extend(n for n in names if n not in kept)
            else:
                current[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for record in merged.values():
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    temporary.replace(path)
    return len(merged)
