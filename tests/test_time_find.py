"""The time stage on whole documents: spans, boilerplate, missing packs, the seeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tidings.model import Boilerplate, Document, Span
from tidings.time import canonical_value, find_times, resolve_time, times_stage
from tidings.timeexpr.lexicon import build_lexicon

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def make_doc(text: str, lang: str | None, published: dt.date | None = None) -> Document:
    return Document(id="t", source="test", text=text, lang=lang, published=published)


def test_find_times_spans_point_at_the_surface() -> None:
    doc = make_doc("Der Minister reiste am Donnerstag ab und kam am 3. Mai zurück.", "de")
    found = find_times(doc)
    assert [doc.span_text(t.span) for t in found] == ["am Donnerstag", "am 3. Mai"]
    assert all(t.value.text == doc.span_text(t.span) for t in found)


def test_find_times_weekday_with_date_keeps_both() -> None:
    doc = make_doc("Die Gespräche begannen Montag, 3. Oktober, in der Hauptstadt.", "de")
    (expr,) = find_times(doc)
    assert (expr.value.weekday, expr.value.month, expr.value.day) == (0, 10, 3)
    assert expr.value.year is None


def test_find_times_no_year_without_a_basis() -> None:
    doc = make_doc(
        "Kemarin, pada 5 Mei dan Senin (4/11/2024), mereka bertemu.", "id", dt.date(2024, 11, 6)
    )
    found = find_times(doc)
    assert len(found) == 3
    for expr in found:
        assert expr.value.year is not None
        assert expr.value.basis_of("year") in {"text", "published"}


def test_find_times_skips_boilerplate() -> None:
    text = "They met on Monday.\nRelated: talks on Friday"
    footer = Span(text.index("Related"), len(text))
    doc = make_doc(text, "en")
    doc.boilerplate.append(Boilerplate(span=footer, reason="related_links", rule="test"))
    assert [doc.span_text(t.span) for t in find_times(doc)] == ["on Monday"]


def test_find_times_without_pack_notes_why() -> None:
    doc = make_doc("Ijumaa iliyopita", "yo")  # Yoruba: no pack (yet)
    assert find_times(doc) == []
    assert any("'yo'" in note for note in doc.notes)
    unknown = make_doc("am Donnerstag", None)
    assert find_times(unknown) == [] and unknown.notes


def test_times_stage_sets_doc_times() -> None:
    doc = times_stage(make_doc("yesterday", "en", dt.date(2023, 7, 20)))
    assert [canonical_value(t.value) for t in doc.times] == ["2023-07-19"]


def test_resolve_time_anchors_later_with_the_rule_offset() -> None:
    (expr,) = find_times(make_doc("vorgestern", "de"))
    assert expr.value.iso() is None
    assert resolve_time(expr, dt.date(2024, 7, 29)).value.iso() == "2024-07-27"
    (last,) = find_times(make_doc("last Monday", "en"))
    assert resolve_time(last, dt.date(2022, 10, 3)).value.iso() == "2022-09-26"


def test_build_lexicon_names_the_bad_key() -> None:
    with pytest.raises(ValueError, match=r"calendar.toml.*relative"):
        build_lexicon("xx", {"relative": {"ayer": "yesterday"}}, {})
    with pytest.raises(ValueError, match="unknown keys"):
        build_lexicon("xx", {"prefixs": ["on"]}, {})
    with pytest.raises(ValueError, match="months"):
        build_lexicon("xx", {"months": {"Janv": "janvier"}}, {})


def _seed(seed_id: str) -> dict[str, object]:
    path = SHARED / "seeds.gold.jsonl"
    if not path.exists():
        pytest.skip("../shared is absent")
    for line in path.read_text(encoding="utf-8").splitlines():
        record: dict[str, object] = json.loads(line)
        if record["id"] == seed_id:
            return record
    pytest.skip(f"{seed_id} not in {path}")


def _seed_doc(seed_id: str) -> Document:
    record = _seed(seed_id)
    published = record.get("published")
    return make_doc(
        str(record["text"]),
        str(record["lang"]),
        dt.date.fromisoformat(str(published)) if published else None,
    )


def test_seed_000_day_month_stays_without_year() -> None:
    doc = _seed_doc("seed-000")
    first = find_times(doc)[0]
    assert doc.span_text(first.span) == "Pada tanggal 22 Agustus"
    assert canonical_value(first.value) == "--08-22"


def test_seed_002_monday_has_no_day() -> None:
    doc = _seed_doc("seed-002")
    monday = next(t for t in find_times(doc) if t.value.weekday == 0)
    assert doc.span_text(monday.span) == "pada hari Senin"
    assert monday.value.day is None


def test_seed_003_thursday_resolves_on_published() -> None:
    doc = _seed_doc("seed-003")
    values = {doc.span_text(t.span): t.value for t in find_times(doc)}
    assert values["am Donnerstag"].iso() == "2022-09-15"
    assert values["am Donnerstag"].basis_of("day") == "published"
    assert values["16.09.2022"].basis_of("year") == "text"
    assert all("Tagung" not in surface and "Jahren" not in surface for surface in values)
