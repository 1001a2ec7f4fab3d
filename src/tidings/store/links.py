"""Links between stored documents and stories that do not go through an event.

Why a module of its own: duplicates (exact and near), reports joined to a story by their
entities, and documents waiting for a story are bookkeeping around ``story_members``; every
lookup here is an indexed one (band key, actor + publication date, story id), so adding a
document to a large store reads a handful of rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from tidings.store.read import STORY_SELECT, StoryRow, story_from_row


@dataclass(frozen=True, slots=True)
class DocumentLink:
    """``doc_id`` is a copy of the earlier ``other_id`` (``exact`` or ``near``)."""

    doc_id: str
    other_id: str
    kind: str
    similarity: float


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What story assignment needs to know about a document besides its events."""

    doc_id: str
    lang: str | None
    published: dt.date | None
    text: str
    content_hash: str
    countries: frozenset[str]
    entities: frozenset[str]


def read_document_facts(conn: sqlite3.Connection, doc_id: str) -> DocumentFacts | None:
    row = conn.execute(
        "SELECT lang, published, text, content_hash FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return None
    entities = conn.execute(
        "SELECT de.kb_id, en.kind, de.country FROM document_entities de "
        "JOIN entities en ON en.kb_id = de.kb_id WHERE de.doc_id = ?",
        (doc_id,),
    ).fetchall()
    countries = frozenset(r[2] for r in entities if r[1] == "country" and r[2])
    return DocumentFacts(
        doc_id=doc_id,
        lang=row["lang"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        text=row["text"],
        content_hash=row["content_hash"],
        countries=countries,
        entities=frozenset(r[0] for r in entities),
    )


def read_story_entities(conn: sqlite3.Connection, story_id: str) -> frozenset[str]:
    """KB ids named by any report of the story."""
    rows = conn.execute(
        "SELECT DISTINCT kb_id FROM document_entities WHERE doc_id IN "
        "(SELECT doc_id FROM story_members WHERE story_id = ? "
        " UNION SELECT doc_id FROM story_reports WHERE story_id = ?)",
        (story_id, story_id),
    )
    return frozenset(r[0] for r in rows)


def read_content_twins(conn: sqlite3.Connection, doc_id: str, content_hash: str) -> list[str]:
    rows = conn.execute(
        "SELECT id FROM documents WHERE content_hash = ? "
        "AND rowid < (SELECT rowid FROM documents WHERE id = ?) ORDER BY rowid",
        (content_hash, doc_id),
    )
    return [r[0] for r in rows]


def write_minhash(
    conn: sqlite3.Connection, doc_id: str, lang: str | None, signature: bytes, keys: list[str]
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO document_minhash (doc_id, lang, signature) VALUES (?, ?, ?)",
        (doc_id, lang, signature),
    )
    conn.executemany(
        "INSERT INTO minhash_bands (band_key, doc_id) VALUES (?, ?)", [(k, doc_id) for k in keys]
    )


def read_band_candidates(
    conn: sqlite3.Connection, doc_id: str, keys: list[str]
) -> list[tuple[str, bytes]]:
    """Documents sharing at least one LSH band key, with their signatures."""
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    rows = conn.execute(
        "SELECT m.doc_id, m.signature FROM document_minhash m WHERE m.doc_id IN "
        f"(SELECT doc_id FROM minhash_bands WHERE band_key IN ({marks})) AND m.doc_id != ?",
        (*keys, doc_id),
    )
    return [(r[0], bytes(r[1])) for r in rows]


def write_link(conn: sqlite3.Connection, link: DocumentLink) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO document_links (doc_id, other_id, kind, similarity) "
        "VALUES (?, ?, ?, ?)",
        (link.doc_id, link.other_id, link.kind, link.similarity),
    )


def read_links(conn: sqlite3.Connection, doc_id: str) -> list[DocumentLink]:
    """Links in either direction: this document's originals and its copies."""
    rows = conn.execute(
        "SELECT doc_id, other_id, kind, similarity FROM document_links "
        "WHERE doc_id = ? OR other_id = ? ORDER BY rowid",
        (doc_id, doc_id),
    )
    return [DocumentLink(r[0], r[1], r[2], r[3]) for r in rows]


def read_document_stories(conn: sqlite3.Connection, doc_id: str) -> list[str]:
    """Stories a document reports, through an event or as a report."""
    rows = conn.execute(
        "SELECT story_id FROM story_members WHERE doc_id = ? "
        "UNION SELECT story_id FROM story_reports WHERE doc_id = ?",
        (doc_id, doc_id),
    )
    return sorted(r[0] for r in rows)


def write_report(
    conn: sqlite3.Connection, story_id: str, doc_id: str, rule: str, score: float
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO story_reports (story_id, doc_id, rule, score) VALUES (?, ?, ?, ?)",
        (story_id, doc_id, rule, score),
    )
    conn.execute("DELETE FROM orphan_actors WHERE doc_id = ?", (doc_id,))


def write_orphan(
    conn: sqlite3.Connection, doc_id: str, countries: frozenset[str], published: dt.date | None
) -> None:
    day = published.isoformat() if published else None
    conn.execute("DELETE FROM orphan_actors WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        "INSERT INTO orphan_actors (actor, published, doc_id) VALUES (?, ?, ?)",
        [(c, day, doc_id) for c in sorted(countries)],
    )


def read_orphans(
    conn: sqlite3.Connection, source: str, target: str, first: dt.date, last: dt.date
) -> list[str]:
    """Waiting documents naming both countries, published between ``first`` and ``last``."""
    rows = conn.execute(
        "SELECT doc_id FROM orphan_actors WHERE actor = ? AND published BETWEEN ? AND ? "
        "INTERSECT "
        "SELECT doc_id FROM orphan_actors WHERE actor = ? AND published BETWEEN ? AND ?",
        (source, first.isoformat(), last.isoformat(), target, first.isoformat(), last.isoformat()),
    )
    return sorted(r[0] for r in rows)


def read_all_orphans(conn: sqlite3.Connection, doc_ids: list[str]) -> list[str]:
    """Which of these documents still wait for a story."""
    if not doc_ids:
        return []
    marks = ", ".join("?" for _ in doc_ids)
    rows = conn.execute(
        f"SELECT DISTINCT doc_id FROM orphan_actors WHERE doc_id IN ({marks})", doc_ids
    )
    return sorted(r[0] for r in rows)


def read_story_row(conn: sqlite3.Connection, story_id: str) -> StoryRow | None:
    row = conn.execute(f"{STORY_SELECT} WHERE s.id = ?", (story_id,)).fetchone()
    return story_from_row(row) if row is not None else None


def write_date_flag(conn: sqlite3.Connection, story_id: str, event_id: str, flag: str) -> None:
    conn.execute(
        "UPDATE story_members SET date_flag = ? WHERE story_id = ? AND event_id = ?",
        (flag, story_id, event_id),
    )


def read_names(conn: sqlite3.Connection, kb_ids: list[str]) -> dict[str, str]:
    """English names of KB ids (countries are stored as ``iso:XXX``)."""
    ids = [i for i in dict.fromkeys(kb_ids) if i]
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(f"SELECT kb_id, name FROM entities WHERE kb_id IN ({marks})", ids)
    return {r[0]: r[1] for r in rows}


def read_stories(conn: sqlite3.Connection, actors: set[str] | None) -> list[StoryRow]:
    """Every story, or those with one of ``actors`` as source or target."""
    if not actors:
        rows = conn.execute(f"{STORY_SELECT} ORDER BY s.first_seen, s.id")
    else:
        marks = ", ".join("?" for _ in actors)
        rows = conn.execute(
            f"{STORY_SELECT} WHERE s.source IN ({marks}) OR s.target IN ({marks}) "
            "ORDER BY s.first_seen, s.id",
            (*sorted(actors), *sorted(actors)),
        )
    return [story_from_row(r) for r in rows]


def read_story_cameo(conn: sqlite3.Connection, story_id: str) -> str | None:
    row = conn.execute(
        "SELECT e.cameo FROM events e JOIN story_members m ON m.event_id = e.id "
        "WHERE m.story_id = ? AND e.cameo IS NOT NULL ORDER BY e.main DESC LIMIT 1",
        (story_id,),
    ).fetchone()
    return row[0] if row else None


def read_story_reports(conn: sqlite3.Connection, story_id: str) -> list[tuple[str, str, str]]:
    """(doc_id, language, rule) of reports joined without an event."""
    rows = conn.execute(
        "SELECT r.doc_id, COALESCE(d.lang, 'und'), r.rule FROM story_reports r "
        "JOIN documents d ON d.id = r.doc_id WHERE r.story_id = ? ORDER BY r.doc_id",
        (story_id,),
    )
    return [(r[0], r[1], r[2]) for r in rows]


def read_story_summary(conn: sqlite3.Connection, story_id: str) -> str:
    row = conn.execute("SELECT summary FROM stories WHERE id = ?", (story_id,)).fetchone()
    return str(row[0]) if row else ""


def read_member_flags(conn: sqlite3.Connection, story_id: str) -> dict[str, str]:
    rows = conn.execute(
        "SELECT event_id, date_flag FROM story_members "
        "WHERE story_id = ? AND date_flag IS NOT NULL",
        (story_id,),
    )
    return {r[0]: r[1] for r in rows}


def read_aliases(conn: sqlite3.Connection, kb_ids: set[str]) -> list[tuple[str, int]]:
    """Surfaces the reports used for these entities, most frequent first."""
    if not kb_ids:
        return []
    marks = ", ".join("?" for _ in kb_ids)
    rows = conn.execute(
        f"SELECT surface, COUNT(*) AS n FROM mentions WHERE kb_id IN ({marks}) "
        "GROUP BY surface ORDER BY n DESC, surface",
        sorted(kb_ids),
    )
    return [(r[0], r[1]) for r in rows]


def read_tenures(conn: sqlite3.Connection, kb_ids: set[str]) -> list[tuple[str, str, str]]:
    """(kb_id, name, tenures JSON) of stored entities."""
    if not kb_ids:
        return []
    marks = ", ".join("?" for _ in kb_ids)
    rows = conn.execute(
        f"SELECT kb_id, name, tenures FROM entities WHERE kb_id IN ({marks})", sorted(kb_ids)
    )
    return [(r[0], r[1], r[2]) for r in rows]


def read_entity_group(conn: sqlite3.Connection, kb_ids: set[str]) -> set[str]:
    """``kb_ids`` with every stored spelling of the same provisional person (``same_as``)."""
    group = set(kb_ids)
    for _ in range(2):  # ids → their targets → everything pointing at a target
        if not group:
            break
        marks = ", ".join("?" for _ in group)
        ids = sorted(group)
        rows = conn.execute(
            f"SELECT kb_id, same_as FROM entities WHERE kb_id IN ({marks}) OR same_as IN ({marks})",
            [*ids, *ids],
        )
        for kb_id, same_as in rows:
            group.add(kb_id)
            if same_as:
                group.add(same_as)
    return group


def find_provisional(conn: sqlite3.Connection, name: str) -> set[str]:
    """Stored provisional people whose transliterated name key equals that of ``name``."""
    from tidings.entities.provisional import name_key

    rows = conn.execute(
        "SELECT kb_id FROM entities WHERE provisional = 1 AND name_key = ?", (name_key(name),)
    )
    return {kb_id for (kb_id,) in rows}
