"""Phrase tables: every row of tests/lang/<code>/dates.tsv, read by the real time stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings.model import Document
from tidings.resources import Row, pack_languages, read_tsv
from tidings.time import canonical_value, find_times

LANG_DIR = Path(__file__).parent / "lang"


def collect_rows() -> list[tuple[str, Row]]:
    return [
        (path.parent.name, row)
        for path in sorted(LANG_DIR.glob("*/dates.tsv"))
        for row in read_tsv(path, origin_prefix=f"{path.parent.name}/")
    ]


ROWS = collect_rows()


def test_time_phrases_every_pack_has_a_table() -> None:
    tables = {lang for lang, _ in ROWS}
    assert set(pack_languages()) <= tables


@pytest.mark.parametrize(("lang", "row"), ROWS, ids=[row.origin for _, row in ROWS])
def test_time_phrases_resolve_to_expected(lang: str, row: Row) -> None:
    published = row.get("published")
    doc = Document(
        id=row.origin,
        source=row.origin,
        text=row["phrase"],
        lang=lang,
        published=dt.date.fromisoformat(published) if published else None,
    )
    found = find_times(doc)
    got = canonical_value(found[0].value) if found else "none"
    assert got == row["expected"], (row.origin, [doc.span_text(t.span) for t in found])
