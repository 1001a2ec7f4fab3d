"""The KB validator: duplicate ids, overlapping offices, colliding aliases, non-NFC text."""

import datetime as dt
import json
import unicodedata
from pathlib import Path

from tidings.entities.check import (
    ERROR,
    WARNING,
    check_alias_collisions,
    check_offices,
    check_records,
)
from tidings.entities.kb import CASE_INITIAL, AliasRef, KBEntry, KnowledgeBase
from tidings.model import Tenure


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_duplicate_ids_are_errors_but_alias_only_records_are_not(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": "kb:ann", "kind": "person", "name": "Ann"}])
    second = write_jsonl(
        tmp_path / "b.jsonl",
        [
            {"id": "kb:ann", "kind": "person", "name": "Ann"},
            {"id": "kb:ann", "aliases": {"de": ["Anna"]}},
        ],
    )
    findings = check_records([first, second])
    assert [(f.level, f.where) for f in findings] == [(ERROR, "kb/b.jsonl:1")]
    assert "duplicate id 'kb:ann'" in findings[0].message


def test_non_nfc_strings_bad_roles_and_dates_are_errors(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Łódź Müller")
    path = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {"id": "kb:x", "kind": "person", "name": decomposed},
            {
                "id": "kb:y",
                "kind": "person",
                "name": "Y",
                "country": "ZZZ",
                "tenures": [{"role": "emperor", "start": "2020-01-01", "end": "2019-01-01"}],
            },
            {"id": "bad id", "kind": "org", "name": "Z"},
        ],
    )
    messages = [f.message for f in check_records([path])]
    assert any(m.startswith("not NFC") for m in messages)
    assert "unknown country 'ZZZ'" in messages
    assert "unknown role 'emperor'" in messages
    assert any("ends before it starts" in m for m in messages)
    assert "malformed id 'bad id'" in messages


def person(kb_id: str, country: str, start: str, end: str | None) -> KBEntry:
    tenure = Tenure(
        role="head_of_state",
        country=country,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end) if end else None,
        office="President of Ruritania",
    )
    return KBEntry(id=kb_id, kind="person", name=kb_id, country=country, tenures=(tenure,))


def test_overlapping_holders_of_one_office_are_reported() -> None:
    entries = {
        "kb:a": person("kb:a", "RUR", "2000-01-01", "2010-01-01"),
        "kb:b": person("kb:b", "RUR", "2010-01-01", None),  # same-day handover is fine
        "kb:c": person("kb:c", "RUR", "2015-06-01", "2016-01-01"),  # overlaps kb:b
    }
    findings = check_offices(KnowledgeBase(entries, {}, "test"))
    assert len(findings) == 1
    assert "kb:b and kb:c" in findings[0].message


def test_full_names_shared_across_countries_are_warnings() -> None:
    entries = {
        "kb:p1": KBEntry(id="kb:p1", kind="person", name="Jan Nowak", country="POL"),
        "kb:p2": KBEntry(id="kb:p2", kind="person", name="Jan Nowak", country="CZE"),
        "kb:p3": KBEntry(id="kb:p3", kind="person", name="Nowak", country="SVK"),
    }

    def ref(kb_id: str, short: bool = False) -> AliasRef:
        return AliasRef(kb_id, "Jan Nowak", ("en",), 1.0, "person", CASE_INITIAL, False, short)

    aliases = {"jan nowak": (ref("kb:p1"), ref("kb:p2")), "nowak": (ref("kb:p3", True),)}
    findings = check_alias_collisions(KnowledgeBase(entries, aliases, "test"))
    assert [(f.level, f.message.split(" names")[0]) for f in findings] == [
        (WARNING, "alias 'jan nowak'")
    ]


def test_one_qid_on_two_entities_is_an_error() -> None:
    from tidings.entities.check import check_qids

    entries = {
        "iso:AAA": KBEntry(id="iso:AAA", kind="country", name="A", qid="Q1"),
        "kb:b": KBEntry(id="kb:b", kind="person", name="B", qid="Q2"),
        "Q2": KBEntry(id="Q2", kind="person", name="B again", qid="Q2"),
    }
    findings = check_qids(KnowledgeBase(entries, {}, "test"))
    assert [(f.level, f.message) for f in findings] == [(ERROR, "QID Q2 given to Q2, kb:b")]


def test_the_shipped_kb_gives_no_qid_twice() -> None:
    from tidings.entities.check import check_qids
    from tidings.entities.kb import load_kb

    kb = load_kb()
    assert check_qids(kb) == []
    assert kb.entries["iso:BLR"].qid == "Q184"
