"""The tidings store: SQLite in WAL mode, FTS5 search; the only code that talks to SQLite.

Why one class: every shell (CLI, web, Spark loader) needs the same few operations; ``Store``
holds one writer connection and delegates to small modules (``migrations``, ``write``,
``read``, ``search``) that each do one thing.
"""

from __future__ import annotations

from tidings.store.api import Store
from tidings.store.read import EventRow, Evidence, StoryRow, TimelineRow
from tidings.store.search import SearchHit

__all__ = ["EventRow", "Evidence", "SearchHit", "Store", "StoryRow", "TimelineRow"]
