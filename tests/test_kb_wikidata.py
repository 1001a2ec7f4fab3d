"""Import from a Wikidata JSON dump: a small dump-format fixture written here.

The items are made up (Q9000xxx ids, invented names) except that one of them is a
person the KB knows by name and country, to check that an import merges into the KB's id.
"""

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tidings.entities.kb import curated_files, load_kb, read_jsonl
from tidings.entities.wikidata import day_of, import_wikidata, merge_into
from tidings.kb_cli import kb as kb_group


def item_claim(prop: str, target: str, qualifiers: dict[str, Any] | None = None) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "mainsnak": {"snaktype": "value", "property": prop, "datavalue": {"value": {"id": target}}}
    }
    if qualifiers:
        claim["qualifiers"] = qualifiers
    return claim


def string_claim(prop: str, text: str) -> dict[str, Any]:
    return {"mainsnak": {"property": prop, "datavalue": {"value": text, "type": "string"}}}


def when(day: str, precision: int = 11) -> list[dict[str, Any]]:
    return [{"datavalue": {"value": {"time": f"+{day}T00:00:00Z", "precision": precision}}}]


def entity(qid: str, labels: dict[str, str], claims: dict[str, list[Any]], **extra: Any) -> str:
    record = {
        "type": "item",
        "id": qid,
        "labels": {lang: {"language": lang, "value": v} for lang, v in labels.items()},
        "aliases": extra.get("aliases", {}),
        "claims": claims,
    }
    return json.dumps(record, ensure_ascii=False)


def dump_lines() -> list[str]:
    belarus = entity(
        "Q9000001",
        {"en": "Belarus", "id": "Belarusia"},
        {"P31": [item_claim("P31", "Q6256")], "P298": [string_claim("P298", "BLR")]},
    )
    office = entity(
        "Q9000002",
        {"en": "President of Belarus"},
        {"P279": [item_claim("P279", "Q48352")], "P1001": [item_claim("P1001", "Q9000001")]},
    )
    known = entity(
        "Q9000003",
        {"en": "Alexander Lukashenko", "ru": "Александр Лукашенко", "id": "Aleksandr Lukasyenko"},
        {
            "P31": [item_claim("P31", "Q5")],
            "P39": [item_claim("P39", "Q9000002", {"P580": when("1994-07-20")})],
        },
    )
    new_person = entity(
        "Q9000004",
        {"en": "Ivona Testerova", "de": "Iwona Testerowa"},
        {
            "P31": [item_claim("P31", "Q5")],
            "P39": [
                item_claim(
                    "P39", "Q9000002", {"P580": when("1990-01-02"), "P582": when("1991-03-04")}
                ),
                item_claim("P39", "Q9000002", {"P580": when("1980-00-00", precision=9)}),
            ],
        },
        aliases={"en": [{"language": "en", "value": "I. Testerova"}]},
    )
    nobody = entity("Q9000005", {"en": "Someone Else"}, {"P31": [item_claim("P31", "Q5")]})
    city = entity(
        "Q9000006",
        {"en": "Zorgrad", "ru": "Зорград"},
        {"P31": [item_claim("P31", "Q515")], "P17": [item_claim("P17", "Q9000001")]},
    )
    org = entity(
        "Q9000007",
        {"en": "Union of Testing States", "de": "Union der Prüfstaaten"},
        {"P31": [item_claim("P31", "Q484652")]},
    )
    return [
        "[",
        *(line + "," for line in [belarus, office, known, new_person, nobody, city]),
        "{not json",
        org,
        "]",
    ]


@pytest.fixture(params=["json", "json.bz2", "json.gz"])
def dump(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    text = "\n".join(dump_lines()) + "\n"
    path = tmp_path / f"dump.{request.param}"
    if request.param.endswith("bz2"):
        path.write_bytes(bz2.compress(text.encode()))
    elif request.param.endswith("gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_day_of_needs_day_precision() -> None:
    assert str(day_of({"time": "+2014-05-26T00:00:00Z", "precision": 11})) == "2014-05-26"
    assert day_of({"time": "+2014-00-00T00:00:00Z", "precision": 9}) is None


def test_import_keeps_people_in_positions_countries_cities_and_orgs(dump: Path) -> None:
    result = import_wikidata(dump, load_kb(), ["de", "id", "ru"])
    records = {r["qid"]: r for r in result.records}
    assert set(records) == {"Q9000001", "Q9000003", "Q9000004", "Q9000006", "Q9000007"}
    assert records["Q9000001"]["id"] == "iso:BLR"  # a country keeps its KB id
    assert records["Q9000003"]["id"] == "kb:alexander_lukashenko"  # same name and country
    assert records["Q9000003"]["aliases"]["id"] == ["Aleksandr Lukasyenko"]
    tester = records["Q9000004"]
    assert (tester["id"], tester["kind"], tester["country"]) == ("Q9000004", "person", "BLR")
    assert tester["tenures"] == [
        {
            "role": "head_of_state",
            "country": "BLR",
            "start": "1990-01-02",
            "end": "1991-03-04",
            "office": "Q9000002",
        }
    ]
    assert tester["aliases"]["en"] == ["Ivona Testerova", "I. Testerova"]
    assert records["Q9000006"]["country"] == "BLR"
    assert records["Q9000007"]["kind"] == "org"
    assert result.skipped["bad line"] == 1
    assert result.skipped["tenure without day-precise dates"] == 1


def test_merge_into_unites_aliases_by_id(tmp_path: Path) -> None:
    out = tmp_path / "wikidata.jsonl"
    merge_into(out, [{"id": "Q1", "kind": "org", "name": "A", "aliases": {"en": ["A"]}}])
    written = merge_into(out, [{"id": "Q1", "aliases": {"en": ["A", "AA"], "de": ["Ah"]}}])
    records = list(read_jsonl(out))
    assert written == 1
    assert records[0]["aliases"] == {"en": ["A", "AA"], "de": ["Ah"]}
    assert records[0]["kind"] == "org"


def test_cli_import_writes_the_overlay(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay = tmp_path / "overlay"
    monkeypatch.setenv("TIDINGS_KB_DIR", str(overlay))
    result = CliRunner().invoke(kb_group, ["import", "wikidata", str(dump)])
    assert result.exit_code == 0, result.output
    assert "person 2" in result.output
    target = overlay / "wikidata.jsonl"
    assert {r["id"] for r in read_jsonl(target)} >= {"Q9000004", "kb:alexander_lukashenko"}
    assert target in curated_files(tmp_path)  # the next KB build reads it
