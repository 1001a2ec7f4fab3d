"""The commands a user runs, in-process, on the demo corpus and on bad input we make here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "corpus.sqlite"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(CORPUS)])
    assert result.exit_code == 0, result.output
    return db


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_ingest_is_idempotent(corpus_db: Path) -> None:
    out = run(corpus_db, "ingest", str(CORPUS))
    assert out.strip().startswith("0 added")


def test_cli_timeline_lists_the_three_language_meeting_once(corpus_db: Path) -> None:
    rows = json.loads(run(corpus_db, "timeline", "Tiongkok", "Weißrussland", "--json"))
    march = [r for r in rows if (r["date"] or "").startswith("2023-03-01")]
    assert len(march) == 1, rows
    assert march[0]["reports"] == {"de": 1, "en": 1, "id": 1}


def test_cli_timeline_accepts_codes_and_prints_a_line_per_story(corpus_db: Path) -> None:
    out = run(corpus_db, "timeline", "CHN", "BLR")
    assert "2023-03-01" in out and "Beijing" in out


def test_cli_search_finds_a_german_compound(corpus_db: Path) -> None:
    out = run(corpus_db, "search", "Allwetterpartnerschaft")
    assert "no matches" not in out


def test_cli_events_filters_by_actor_and_type(corpus_db: Path) -> None:
    out = run(corpus_db, "events", "--actor", "Belarus", "--type", "CONSULT", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["type"] == "CONSULT" for r in rows)
    assert all("BLR" in (r["source"], r["target"]) for r in rows)


def test_cli_bad_input_is_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "bad.jsonl").write_text('{"id": "a", "text": "Li Qiang visited Minsk."}\n{oops\n')
    (folder / "good.txt").write_text(
        "Chinese Premier Li Qiang met Belarusian Prime Minister Roman Golovchenko in Minsk "
        "on 22 August 2024.\n"
    )
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output and "3 skipped" in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert any("empty.txt" in line for line in skipped)
    assert any("binary.txt" in line for line in skipped)
    assert any("bad.jsonl:2" in line for line in skipped)


def test_cli_analyze_prints_schema_records(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(
        "Der chinesische Staatspräsident Xi Jinping und der belarussische Präsident Alexander "
        "Lukaschenko haben sich am Donnerstag in Samarkand getroffen.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["analyze", str(text), "--published", "2022-09-16"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    main_event = next(e for e in record["events"] if e["main"])
    assert main_event["date"] == "2022-09-15"
    assert main_event["date_basis"] == "published"
    assert main_event["location"] == {"city": "Samarkand", "country": "UZB"}
    assert {main_event["source"], main_event["target"]} == {"CHN", "BLR"}


def test_cli_analyze_sentence_unit_codes_each_line(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text(
        "Turkey condemned the attack on its embassy.\n\n"
        "Russia and China signed a trade agreement in Moscow on Monday.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["analyze", "--unit", "sentence", "--lang", "en", str(lines)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"].rsplit(":", 1)[1] for r in records] == ["1", "3"]
    assert records[0]["events"][0]["type"] == "ACCUSE"
    signed = records[1]["events"][0]
    # signed in Moscow: the guest (China) comes first, as shared/eval conventions ask
    assert (signed["type"], signed["source"], signed["target"]) == ("SUPPORT", "CHN", "RUS")


def test_cli_timeline_lists_each_real_event_once(corpus_db: Path) -> None:
    """The corpus reports five China–Belarus events (expected.jsonl): five timeline rows."""
    expected = [
        json.loads(line)
        for line in (CORPUS.parent / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    stories = {
        e["story"]
        for e in expected
        if {e["main_event"]["source"], e["main_event"]["target"]} == {"CHN", "BLR"}
    }
    rows = json.loads(run(corpus_db, "timeline", "China", "Belarus", "--json"))
    assert len(rows) == len(stories)
    days = sorted((r["date"] or "")[-5:] for r in rows)
    assert days == sorted(s[-5:] for s in stories)
