"""Named, ordered schema migrations for the tidings SQLite store.

Why migrations from day one: a store outlives the code that wrote it. Each migration is a
function registered in order under a stable name; ``schema_migrations`` records which ones a
database has seen, so opening a store twice (or an older store with newer code) applies only
what is missing, each step in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

#: Registered migrations, in the order they must run.
MIGRATIONS: list[tuple[str, Migration]] = []


def register(name: str) -> Callable[[Migration], Migration]:
    """Register a migration function under ``name``; registration order is run order."""

    def decorate(func: Migration) -> Migration:
        if any(existing == name for existing, _ in MIGRATIONS):
            raise ValueError(f"migration {name!r} registered twice")
        MIGRATIONS.append((name, func))
        return func

    return decorate


def check_fts5(conn: sqlite3.Connection) -> None:
    """Raise a clear error when this SQLite build lacks FTS5 (the store needs it)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError as exc:
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 module; the tidings store needs it"
        ) from exc


def _run(conn: sqlite3.Connection, statements: list[str]) -> None:
    # One statement at a time: executescript() would COMMIT our open transaction.
    for statement in statements:
        conn.execute(statement)


@register("0001_core_tables")
def create_core_tables(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        [
            """CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                url TEXT,
                source_url TEXT,
                title TEXT,
                lang TEXT,
                lang_confidence REAL,
                published TEXT,
                published_basis TEXT,
                text TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                boilerplate TEXT NOT NULL DEFAULT '[]',
                sentences TEXT NOT NULL DEFAULT '[]',
                times TEXT NOT NULL DEFAULT '[]',
                notes TEXT NOT NULL DEFAULT '[]',
                meta TEXT NOT NULL DEFAULT '{}',
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX documents_content_hash ON documents(content_hash)",
            "CREATE INDEX documents_published ON documents(published)",
            """CREATE TABLE mentions (
                doc_id TEXT NOT NULL REFERENCES documents(id),
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                surface TEXT NOT NULL,
                kind TEXT NOT NULL,
                kb_id TEXT,
                candidates TEXT NOT NULL DEFAULT '[]',
                role TEXT,
                country TEXT,
                rule TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX mentions_doc ON mentions(doc_id)",
            "CREATE INDEX mentions_kb ON mentions(kb_id)",
            """CREATE TABLE entities (
                kb_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                country TEXT,
                role TEXT,
                provisional INTEGER NOT NULL DEFAULT 0,
                tenures TEXT NOT NULL DEFAULT '[]'
            )""",
            """CREATE TABLE document_entities (
                doc_id TEXT NOT NULL REFERENCES documents(id),
                kb_id TEXT NOT NULL,
                role TEXT,
                country TEXT,
                PRIMARY KEY (doc_id, kb_id)
            )""",
            "CREATE INDEX document_entities_kb ON document_entities(kb_id)",
            """CREATE TABLE events (
                id TEXT PRIMARY KEY,
                doc_id TEXT NOT NULL REFERENCES documents(id),
                idx INTEGER NOT NULL,
                type TEXT NOT NULL,
                mode TEXT,
                source TEXT,
                target TEXT,
                source_entity TEXT,
                target_entity TEXT,
                persons TEXT NOT NULL DEFAULT '[]',
                date TEXT,
                date_year INTEGER,
                date_month INTEGER,
                date_day INTEGER,
                date_weekday INTEGER,
                date_basis TEXT,
                date_bases TEXT NOT NULL DEFAULT '[]',
                date_text TEXT,
                date_expr_start INTEGER,
                date_expr_end INTEGER,
                location_city TEXT,
                location_country TEXT,
                location_kb_id TEXT,
                location_start INTEGER,
                location_end INTEGER,
                location_rule TEXT,
                evidence_start INTEGER NOT NULL,
                evidence_end INTEGER NOT NULL,
                trigger_start INTEGER,
                trigger_end INTEGER,
                sentence TEXT NOT NULL,
                confidence REAL NOT NULL,
                main INTEGER NOT NULL DEFAULT 0,
                cameo TEXT,
                modality TEXT NOT NULL DEFAULT 'asserted',
                rule TEXT NOT NULL DEFAULT '',
                story_id TEXT
            )""",
            "CREATE INDEX events_doc ON events(doc_id)",
            "CREATE INDEX events_pair ON events(source, target)",
            "CREATE INDEX events_story ON events(story_id)",
            "CREATE INDEX events_type ON events(type)",
            # Every actor of an event, with the side it stands on ('source', 'target', or
            # 'other' for a person whose side is unknown): what timeline() joins on.
            """CREATE TABLE event_actors (
                event_id TEXT NOT NULL REFERENCES events(id),
                actor TEXT NOT NULL,
                side TEXT NOT NULL,
                PRIMARY KEY (event_id, actor, side)
            )""",
            "CREATE INDEX event_actors_actor ON event_actors(actor)",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                mode TEXT,
                source TEXT,
                target TEXT,
                date TEXT,
                date_year INTEGER,
                date_month INTEGER,
                date_day INTEGER,
                date_weekday INTEGER,
                date_basis TEXT,
                date_bases TEXT NOT NULL DEFAULT '[]',
                date_text TEXT,
                location_city TEXT,
                location_country TEXT,
                summary TEXT NOT NULL DEFAULT '',
                first_seen TEXT NOT NULL
            )""",
            "CREATE INDEX stories_pair ON stories(source, target)",
            """CREATE TABLE story_members (
                story_id TEXT NOT NULL REFERENCES stories(id),
                doc_id TEXT NOT NULL REFERENCES documents(id),
                event_id TEXT NOT NULL REFERENCES events(id),
                PRIMARY KEY (story_id, event_id)
            )""",
            "CREATE INDEX story_members_doc ON story_members(doc_id)",
            """CREATE TABLE skipped (
                source TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
        ],
    )


@register("0002_full_text_search")
def create_full_text_search(conn: sqlite3.Connection) -> None:
    check_fts5(conn)
    _run(
        conn,
        [
            # Word search: article text minus boilerplate, plus title; accents folded so
            # "prasident" finds "Präsident".
            """CREATE VIRTUAL TABLE documents_fts USING fts5(
                doc_id UNINDEXED, title, body,
                tokenize = 'unicode61 remove_diacritics 2'
            )""",
            # Substring search ("kashenko" finds "Lukashenko"); used when words find nothing.
            """CREATE VIRTUAL TABLE documents_trigram USING fts5(
                doc_id UNINDEXED, title, body,
                tokenize = 'trigram case_sensitive 0'
            )""",
        ],
    )


@register("0003_duplicates_and_story_reports")
def create_duplicate_and_report_tables(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        [
            # Duplicates are linked, never dropped: ``other_id`` is the earlier copy.
            """CREATE TABLE document_links (
                doc_id TEXT NOT NULL REFERENCES documents(id),
                other_id TEXT NOT NULL REFERENCES documents(id),
                kind TEXT NOT NULL,
                similarity REAL NOT NULL,
                PRIMARY KEY (doc_id, other_id)
            )""",
            "CREATE INDEX document_links_other ON document_links(other_id)",
            # MinHash signature per document and its LSH band keys (blocking for near
            # duplicates: one indexed lookup per band, whatever the store's size).
            """CREATE TABLE document_minhash (
                doc_id TEXT PRIMARY KEY REFERENCES documents(id),
                lang TEXT,
                signature BLOB NOT NULL
            )""",
            """CREATE TABLE minhash_bands (
                band_key TEXT NOT NULL,
                doc_id TEXT NOT NULL REFERENCES documents(id)
            )""",
            "CREATE INDEX minhash_bands_key ON minhash_bands(band_key)",
            # Reports joined to a story by their entities or as a duplicate, not by an
            # event of their own (a language without triggers still reports the story).
            """CREATE TABLE story_reports (
                story_id TEXT NOT NULL REFERENCES stories(id),
                doc_id TEXT NOT NULL REFERENCES documents(id),
                rule TEXT NOT NULL,
                score REAL NOT NULL DEFAULT 0,
                PRIMARY KEY (story_id, doc_id)
            )""",
            "CREATE INDEX story_reports_doc ON story_reports(doc_id)",
            # Documents that no story took yet, one row per country they name: a new story
            # looks up waiting reports of its pair and date window through this index.
            """CREATE TABLE orphan_actors (
                actor TEXT NOT NULL,
                published TEXT,
                doc_id TEXT NOT NULL REFERENCES documents(id)
            )""",
            "CREATE INDEX orphan_actors_key ON orphan_actors(actor, published)",
            "CREATE INDEX orphan_actors_doc ON orphan_actors(doc_id)",
            # A member whose own date contradicts its story's is flagged, not changed.
            "ALTER TABLE story_members ADD COLUMN date_flag TEXT",
            "CREATE INDEX stories_date ON stories(date_year, date_month)",
        ],
    )


@register("0004_entity_qids")
def add_entity_qids(conn: sqlite3.Connection) -> None:
    # Checked Wikidata QIDs travel with the entities, so exports can be joined to Wikidata.
    _run(conn, ["ALTER TABLE entities ADD COLUMN qid TEXT"])


@register("0005_provisional_merges")
def add_provisional_merges(conn: sqlite3.Connection) -> None:
    # A provisional person found again under another spelling points at the first one.
    _run(
        conn,
        [
            "ALTER TABLE entities ADD COLUMN same_as TEXT",
            "CREATE INDEX entities_provisional ON entities(provisional, country)",
        ],
    )


@register("0006_provisional_name_keys")
def add_provisional_name_keys(conn: sqlite3.Connection) -> None:
    # The transliterated key of a provisional person, stored once: matching a new spelling
    # then compares keys instead of transliterating every stored name again.
    from tidings.entities.provisional import name_key

    _run(
        conn,
        [
            "ALTER TABLE entities ADD COLUMN name_key TEXT",
            "CREATE INDEX entities_name_key ON entities(name_key)",
        ],
    )
    rows = conn.execute("SELECT kb_id, name FROM entities WHERE provisional = 1").fetchall()
    for kb_id, name in rows:
        conn.execute("UPDATE entities SET name_key = ? WHERE kb_id = ?", (name_key(name), kb_id))


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations this database has recorded, in the order they ran."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Run every registered migration this database lacks; return the names applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Re-running is a no-op.
    """
    done = set(applied_migrations(conn))
    applied: list[str] = []
    for name, func in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another writer may have applied it while we waited for the lock.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            func(conn)
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
