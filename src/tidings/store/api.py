"""``Store``: one SQLite file, one writer connection, typed reads.

Why this shape (after datasette): all writes go through one connection in autocommit mode
with explicit ``BEGIN IMMEDIATE``, so a writer takes the lock up front instead of failing
half-way; readers may open the file ``?mode=ro`` and, thanks to WAL, read while it writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from tidings import model
from tidings.store import links, read, search, write
from tidings.store.migrations import apply_migrations

#: Milliseconds a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT_MS = 10_000
MEMORY = ":memory:"


class StoreError(ValueError):
    """A document or query the store cannot handle; the message names the document."""


def to_day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class Store:
    """A tidings database. ``Store(path)`` opens (creating and migrating) a writable store;
    ``Store.open_read_only(path)`` opens an existing one for reading only."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only:
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            if self.path != MEMORY:
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrations_applied = apply_migrations(self.conn)
        else:
            self.migrations_applied = []

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open a writable store, applying any migration it lacks."""
        return cls(path)

    @classmethod
    def open_read_only(cls, path: str | Path) -> Store:
        if not Path(path).exists():
            raise StoreError(f"{path}: no such store")
        return cls(path, read_only=True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error). Inside an open
        transaction it is a savepoint, so a failing inner step undoes only itself."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT inner_step")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO inner_step")
                self.conn.execute("RELEASE inner_step")
                raise
            self.conn.execute("RELEASE inner_step")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- writing ----------------------------------------------------------------------

    def add_analysis(self, analysis: model.Analysis) -> bool:
        """Store one document and all its annotations atomically.

        Returns False, writing nothing, when the document id is already stored.
        """
        doc = analysis.document
        try:
            with self.transaction() as conn:
                return write.write_document(conn, analysis)
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise StoreError(f"{doc.source}: cannot store document {doc.id!r}: {exc}") from exc

    def add_analyses(self, analyses: Iterable[model.Analysis]) -> int:
        """Store many analyses in one transaction (fast bulk load); return how many were new.

        A document that cannot be stored is recorded in ``skipped`` and the rest go on.
        """
        added = 0
        with self.transaction() as conn:
            for analysis in analyses:
                try:
                    added += self.add_analysis(analysis)
                except StoreError as exc:
                    write.record_skip(conn, analysis.document.source, str(exc))
        return added

    def has_document(self, doc_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            is not None
        )

    def record_skip(self, source: str, reason: str) -> None:
        """Remember an input that was not stored, and why (one line)."""
        with self.transaction() as conn:
            write.record_skip(conn, source, reason)

    # -- stories (used by tidings.stories) ----------------------------------------------

    def document_events(self, doc_id: str) -> list[read.EventRow]:
        return read.read_document_events(self.conn, doc_id)

    def stories_of_pair(
        self, source: str | None, target: str | None, *, unordered: bool
    ) -> list[read.StoryRow]:
        return read.read_stories_of_pair(self.conn, source, target, unordered=unordered)

    def story_events(self, story_id: str) -> list[read.EventRow]:
        return read.read_story_events(self.conn, story_id)

    def create_story(
        self,
        story_id: str,
        event: read.EventRow,
        *,
        date: model.PartialDate | None,
        summary: str,
    ) -> None:
        """A new story founded by ``event`` (which becomes its first member)."""
        row: dict[str, Any] = {
            "id": story_id,
            "type": event.type,
            "mode": event.mode,
            "source": event.source,
            "target": event.target,
            "location_city": event.location.city if event.location else None,
            "location_country": event.location.country if event.location else None,
            "summary": summary,
            "first_seen": write.now_iso(),
        }
        row.update(write.date_columns(date))
        with self.transaction() as conn:
            write.insert_row(conn, "stories", row)
            write.add_story_member(conn, story_id, event.doc_id, event.id)

    def join_story(
        self,
        story_id: str,
        event: read.EventRow,
        *,
        date: model.PartialDate | None = None,
        location: model.Location | None = None,
        mode: str | None = None,
        summary: str | None = None,
    ) -> None:
        """Add ``event`` to a story; optionally replace its date, location, mode, summary."""
        changes: dict[str, Any] = {}
        if date is not None:
            changes.update(write.date_columns(date))
        if location is not None:
            changes["location_city"] = location.city
            changes["location_country"] = location.country
        if mode is not None:
            changes["mode"] = mode
        if summary is not None:
            changes["summary"] = summary
        with self.transaction() as conn:
            write.add_story_member(conn, story_id, event.doc_id, event.id)
            write.update_story(conn, story_id, changes)

    # -- duplicates, reports, waiting documents (used by tidings.dedup, tidings.stories) -

    def document_facts(self, doc_id: str) -> links.DocumentFacts | None:
        return links.read_document_facts(self.conn, doc_id)

    def content_twins(self, doc_id: str, content_hash: str) -> list[str]:
        """Earlier documents with exactly the same cleaned text."""
        return links.read_content_twins(self.conn, doc_id, content_hash)

    def add_minhash(self, doc_id: str, lang: str | None, signature: bytes, keys: list[str]) -> None:
        with self.transaction() as conn:
            links.write_minhash(conn, doc_id, lang, signature, keys)

    def has_signature(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM document_minhash WHERE doc_id = ?", (doc_id,))
        return row.fetchone() is not None

    def band_candidates(self, doc_id: str, keys: list[str]) -> list[tuple[str, bytes]]:
        return links.read_band_candidates(self.conn, doc_id, keys)

    def link_documents(self, link: links.DocumentLink) -> None:
        with self.transaction() as conn:
            links.write_link(conn, link)

    def document_links(self, doc_id: str) -> list[links.DocumentLink]:
        return links.read_links(self.conn, doc_id)

    def document_stories(self, doc_id: str) -> list[str]:
        return links.read_document_stories(self.conn, doc_id)

    def story_entities(self, story_id: str) -> frozenset[str]:
        return links.read_story_entities(self.conn, story_id)

    def story_row(self, story_id: str) -> read.StoryRow | None:
        return links.read_story_row(self.conn, story_id)

    def add_report(self, story_id: str, doc_id: str, rule: str, score: float) -> None:
        """Join a document to a story without an event of its own (and stop its wait)."""
        with self.transaction() as conn:
            links.write_report(conn, story_id, doc_id, rule, score)

    def wait_for_story(
        self, doc_id: str, countries: frozenset[str], published: dt.date | None
    ) -> None:
        with self.transaction() as conn:
            links.write_orphan(conn, doc_id, countries, published)

    def waiting_documents(
        self, source: str, target: str, first: dt.date, last: dt.date
    ) -> list[str]:
        return links.read_orphans(self.conn, source, target, first, last)

    def still_waiting(self, doc_ids: list[str]) -> list[str]:
        return links.read_all_orphans(self.conn, doc_ids)

    def flag_member_date(self, story_id: str, event_id: str, flag: str) -> None:
        with self.transaction() as conn:
            links.write_date_flag(conn, story_id, event_id, flag)

    def update_story_fields(self, story_id: str, changes: dict[str, Any]) -> None:
        with self.transaction() as conn:
            write.update_story(conn, story_id, changes)

    def names(self, kb_ids: list[str]) -> dict[str, str]:
        return links.read_names(self.conn, kb_ids)

    def stories(self, actors: set[str] | None = None) -> list[read.StoryRow]:
        return links.read_stories(self.conn, actors)

    def story_cameo(self, story_id: str) -> str | None:
        return links.read_story_cameo(self.conn, story_id)

    def story_reports(self, story_id: str) -> list[tuple[str, str, str]]:
        return links.read_story_reports(self.conn, story_id)

    def story_summary(self, story_id: str) -> str:
        return links.read_story_summary(self.conn, story_id)

    def member_flags(self, story_id: str) -> dict[str, str]:
        return links.read_member_flags(self.conn, story_id)

    def aliases(self, kb_ids: set[str]) -> list[tuple[str, int]]:
        return links.read_aliases(self.conn, kb_ids)

    def tenures(self, kb_ids: set[str]) -> list[tuple[str, str, str]]:
        return links.read_tenures(self.conn, kb_ids)

    def entity_group(self, kb_ids: set[str]) -> set[str]:
        """``kb_ids`` plus the other stored spellings of the same provisional people."""
        return links.read_entity_group(self.conn, kb_ids)

    def find_provisional(self, name: str) -> set[str]:
        """Provisional people stored under ``name`` (any script or word order)."""
        return links.find_provisional(self.conn, name)

    # -- reading ----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return read.count_rows(self.conn)

    def migrations(self) -> list[str]:
        """Names of the migrations this store has applied, in order."""
        rows = self.conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")
        return [r[0] for r in rows]

    def skipped(self) -> list[tuple[str, str, str]]:
        """(source, reason, at) of every skipped input, oldest first."""
        rows = self.conn.execute("SELECT source, reason, at FROM skipped ORDER BY rowid")
        return [(r[0], r[1], r[2]) for r in rows]

    def timeline(
        self,
        a: set[str],
        b: set[str] | None = None,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        types: set[str] | None = None,
        main_only: bool = True,
    ) -> list[read.TimelineRow]:
        """Stories between actors ``a`` and ``b`` (ISO alpha-3 codes and/or KB ids).

        Oldest first; a story whose year is unknown sorts by what is known, after dated
        ones, and is left out when ``since`` or ``until`` is given.
        """
        if not a:
            return []
        return read.read_timeline(
            self.conn,
            a,
            b,
            since=to_day(since),
            until=to_day(until),
            types=types,
            main_only=main_only,
        )

    def events(self, actor: set[str] | None = None, type: str | None = None) -> list[read.EventRow]:
        return read.read_events(self.conn, actor, type)

    def document_ids(self) -> Iterator[str]:
        """Every stored document id, in id order, streamed."""
        return read.iter_document_ids(self.conn)

    def iter_events(
        self, actors: set[str] | None = None, types: set[str] | None = None
    ) -> Iterator[read.EventRow]:
        """Events (with their story ids) touching any of ``actors``, of any of ``types``,
        streamed in document, then event order."""
        return read.iter_event_rows(self.conn, actors, types)

    def search(self, query: str, limit: int = 20) -> list[search.SearchHit]:
        return search.search_documents(self.conn, query, limit)

    def document(self, doc_id: str) -> model.Document | None:
        return read.read_document(self.conn, doc_id)

    def story(self, story_id: str) -> model.Story | None:
        return read.read_story(self.conn, story_id)
