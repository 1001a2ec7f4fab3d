"""Language packs: list them and check them (``tidings langs``, ``tidings langs check``).

Why a validator: packs are data written by hand in twenty languages; a typo in a type name,
a stray non-NFC character or a missing test table would fail silently at run time. Every
problem is reported with its file and line, and the check runs as a test.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tidings.model import CONSULT_MODES, ROLES, PloverType
from tidings.resources import Row, data_dir, pack_languages, read_toml, read_tsv

#: Every file a pack may hold, with the columns of the TSV ones.
PACK_FILES: dict[str, tuple[str, ...] | None] = {
    "pack.toml": None,
    "calendar.toml": None,
    "segmentation.toml": None,
    "inflection.toml": None,
    "triggers.tsv": ("surface", "type", "mode", "cameo", "match"),
    "modality.tsv": ("cue", "kind", "where"),
    "places.tsv": ("cue", "kind"),
    "titles.tsv": ("surface", "role", "country"),
    "aliases.tsv": ("surface", "kb_id", "prior", "kind"),
    "not_names.tsv": ("surface", "kb_id"),
    "boilerplate.tsv": ("pattern", "match", "reason", "where"),
}
#: Files a pack must have to be usable for events.
REQUIRED_FILES = ("pack.toml", "triggers.tsv", "calendar.toml", "titles.tsv")
#: Test tables each pack must have in ``tests/lang/<code>/``.
REQUIRED_TESTS = ("dates.tsv", "triggers.tsv", "titles.tsv", "articles.jsonl")
MIN_TEST_ARTICLES = 5

TRIGGER_MATCH = frozenset({"word", "prefix", "contains"})
MODALITY_KINDS = frozenset({"negation", "planned"})
MODALITY_WHERE = frozenset({"", "before", "after", "inside"})
PLACE_KINDS = frozenset({"before", "after"})
TITLE_ROLES = ROLES | {"former"}
ALIAS_KINDS = frozenset({"", "demonym"})
SOURCE_POSITIONS = frozenset({"nearest", "first"})
DATE_ORDERS = frozenset({"DMY", "MDY", "YMD"})
_CAMEO = re.compile(r"^\d{2,4}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class PackSummary:
    lang: str
    name: str
    script: str
    triggers: int
    types: int
    titles: int
    aliases: int


def summarize(lang: str, root: Path | None = None) -> PackSummary:
    base = (root or data_dir() / "lang") / lang
    pack = read_toml(base / "pack.toml")
    triggers = read_tsv(base / "triggers.tsv")
    return PackSummary(
        lang=lang,
        name=str(pack.get("name", "")),
        script=str(pack.get("script", "")),
        triggers=len(triggers),
        types=len({r.get("type") for r in triggers}),
        titles=len(read_tsv(base / "titles.tsv")),
        aliases=len(read_tsv(base / "aliases.tsv")),
    )


def _nfc_problems(rows: list[Row]) -> list[str]:
    return [
        f"{row.origin}: not NFC: {value!r}"
        for row in rows
        for value in row.values.values()
        if value != unicodedata.normalize("NFC", value)
    ]


def _check_rows(name: str, rows: list[Row], kb_ids: set[str] | None) -> list[str]:
    problems: list[str] = []
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for row in rows:
        where = row.origin
        key: tuple[str, ...]
        if name == "triggers.tsv":
            if row.get("type") not in PloverType.__members__:
                problems.append(f"{where}: unknown PLOVER type {row.get('type')!r}")
            if row.get("mode") and row.get("mode") not in CONSULT_MODES:
                problems.append(f"{where}: unknown mode {row.get('mode')!r}")
            if row.get("mode") and row.get("type") != "CONSULT":
                problems.append(f"{where}: a mode is only for CONSULT")
            if row.get("cameo") and not _CAMEO.match(row.get("cameo")):
                problems.append(f"{where}: CAMEO code must be 2-4 digits: {row.get('cameo')!r}")
            if row.get("match", "word") not in TRIGGER_MATCH:
                problems.append(f"{where}: unknown match kind {row.get('match')!r}")
            key, value = (row.get("surface").casefold(), row.get("match")), row.get("type")
        elif name in ("modality.tsv", "places.tsv"):
            kinds = MODALITY_KINDS if name == "modality.tsv" else PLACE_KINDS
            if row.get("kind") not in kinds:
                problems.append(f"{where}: unknown kind {row.get('kind')!r}")
            if name == "modality.tsv" and row.get("where") not in MODALITY_WHERE:
                problems.append(f"{where}: 'where' must be before, after or inside")
            key, value = (row.get("cue").casefold(),), row.get("kind")
        elif name == "titles.tsv":
            if row.get("role") not in TITLE_ROLES:
                problems.append(f"{where}: unknown role {row.get('role')!r}")
            if row.get("country") and not _ISO3.match(row.get("country")):
                problems.append(f"{where}: country must be ISO alpha-3: {row.get('country')!r}")
            key, value = (row.get("surface").casefold(),), row.get("role") + row.get("country")
        elif name == "aliases.tsv":
            if row.get("kind") not in ALIAS_KINDS:
                problems.append(f"{where}: unknown alias kind {row.get('kind')!r}")
            if kb_ids is not None and row.get("kb_id") not in kb_ids:
                problems.append(f"{where}: unknown KB id {row.get('kb_id')!r}")
            key, value = (row.get("surface"), row.get("kb_id")), row.get("kind")
        elif name == "boilerplate.tsv":
            from tidings.clean import compile_rule

            if (
                compile_rule(
                    row.get("pattern"),
                    row.get("match"),
                    row.get("reason"),
                    row.get("where", "any"),
                    where,
                )
                is None
            ):
                problems.append(f"{where}: not a usable rule (bad regex, match, reason or where)")
            continue
        else:
            continue
        first = seen.get(key)
        if first is not None and first[0] != value:
            problems.append(f"{where}: conflicts with {first[1]} ({first[0]!r} vs {value!r})")
        seen.setdefault(key, (value, where))
    return problems


def check_pack(
    lang: str,
    root: Path | None = None,
    tests_root: Path | None = None,
    kb_ids: set[str] | None = None,
) -> list[str]:
    """Problems of one pack, each naming its file (and line)."""
    base = (root or data_dir() / "lang") / lang
    problems: list[str] = []
    for path in sorted(base.iterdir()):
        if path.name not in PACK_FILES:
            problems.append(f"{lang}/{path.name}: unknown file in a language pack")
    for name in REQUIRED_FILES:
        if not (base / name).exists():
            problems.append(f"{lang}/{name}: missing")
    pack = read_toml(base / "pack.toml")
    for key in ("name", "script", "date_order"):
        if key not in pack:
            problems.append(f"{lang}/pack.toml: missing key {key!r}")
    if pack.get("date_order", "DMY") not in DATE_ORDERS:
        problems.append(f"{lang}/pack.toml: date_order must be one of {sorted(DATE_ORDERS)}")
    for flag in ("verb_first", "subject_inversion", "lowercase_names"):
        if not isinstance(pack.get(flag, False), bool):
            problems.append(f"{lang}/pack.toml: {flag} must be true or false")
    if pack.get("main_verb", "first") not in ("first", "last"):
        problems.append(f"{lang}/pack.toml: main_verb must be first or last")
    if pack.get("source_position", "nearest") not in SOURCE_POSITIONS:
        problems.append(f"{lang}/pack.toml: source_position must be nearest or first")
    for name, columns in PACK_FILES.items():
        path = base / name
        if columns is None or not path.exists():
            continue
        rows = read_tsv(path, origin_prefix=f"{lang}/")
        header = _header(path)
        optional = ("kind", "mode", "country", "where")
        missing = [c for c in columns if c not in header and c not in optional]
        if missing:
            problems.append(f"{lang}/{name}: header lacks columns {missing}")
        problems += _nfc_problems(rows)
        problems += _check_rows(name, rows, kb_ids)
    problems += _check_calendar(lang)
    if tests_root is not None:
        problems += _check_tests(lang, tests_root)
    return problems


def _header(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return [c.strip() for c in line.split("\t")]
    return []


def _check_calendar(lang: str) -> list[str]:
    from tidings.timeexpr.lexicon import load_lexicon

    try:
        load_lexicon(lang)
    except ValueError as error:
        return [f"{lang}/calendar.toml: {error}"]
    return []


def _check_tests(lang: str, tests_root: Path) -> list[str]:
    problems = []
    folder = tests_root / lang
    for name in REQUIRED_TESTS:
        if not (folder / name).exists():
            problems.append(f"tests/lang/{lang}/{name}: missing (a pack needs its tests)")
    articles = folder / "articles.jsonl"
    if articles.exists():
        count = sum(1 for line in articles.read_text(encoding="utf-8").splitlines() if line.strip())
        if count < MIN_TEST_ARTICLES:
            problems.append(
                f"tests/lang/{lang}/articles.jsonl: {count} articles, need {MIN_TEST_ARTICLES}"
            )
    return problems


def check_all(tests_root: Path | None = None, with_kb: bool = True) -> dict[str, list[str]]:
    """Problems of every pack (empty lists when all is well)."""
    kb_ids: set[str] | None = None
    if with_kb:
        from tidings.entities.kb import load_kb

        kb_ids = set(load_kb().entries)
    return {
        lang: check_pack(lang, tests_root=tests_root, kb_ids=kb_ids) for lang in pack_languages()
    }
