"""Full-text search over stored articles (SQLite FTS5).

Why two indexes: ``documents_fts`` finds words with accents folded ("prasident" finds
"Präsident") and ranks them with BM25; ``documents_trigram`` finds substrings ("kashenko"
finds "Lukashenko", useful for names spelt many ways), and is asked only when words find
nothing. Both index the article minus its boilerplate, so a "More Stories" block or a
footer never makes an article match.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

#: BM25 weights for (doc_id, title, body): a hit in the title counts twice.
BM25_WEIGHTS = (0.0, 2.0, 1.0)
#: Tokens of context in a snippet (FTS5 allows at most 64).
SNIPPET_TOKENS = 12
#: Trigram search needs at least three characters per term.
TRIGRAM_MIN = 3

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    snippet: str
    rank: float  # lower is better (BM25 as FTS5 reports it)


def quote_terms(query: str) -> list[str]:
    """The query's words, each as an FTS5 string, so user text is never parsed as syntax."""
    return ['"' + term.replace('"', '""') + '"' for term in WORD.findall(query)]


def search_words(conn: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    terms = quote_terms(query)
    if not terms:
        return []
    rows = conn.execute(
        "SELECT doc_id, title, snippet(documents_fts, 2, '[', ']', '…', ?) AS snip, "
        "bm25(documents_fts, ?, ?, ?) AS score "
        "FROM documents_fts WHERE documents_fts MATCH ? ORDER BY score LIMIT ?",
        (SNIPPET_TOKENS, *BM25_WEIGHTS, " ".join(terms), limit),
    )
    return [SearchHit(r[0], r[1] or None, r[2], r[3]) for r in rows]


def search_substrings(conn: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    terms = [t for t in WORD.findall(query) if len(t) >= TRIGRAM_MIN]
    if not terms:
        return []
    match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    rows = conn.execute(
        "SELECT doc_id, title, snippet(documents_trigram, 2, '[', ']', '…', ?) AS snip, "
        "bm25(documents_trigram, ?, ?, ?) AS score "
        "FROM documents_trigram WHERE documents_trigram MATCH ? ORDER BY score LIMIT ?",
        (SNIPPET_TOKENS, *BM25_WEIGHTS, match, limit),
    )
    return [SearchHit(r[0], r[1] or None, r[2], r[3]) for r in rows]


def search_documents(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    """Best documents for ``query``: whole words first, substrings when no word matches."""
    hits = search_words(conn, query, limit)
    return hits if hits else search_substrings(conn, query, limit)
