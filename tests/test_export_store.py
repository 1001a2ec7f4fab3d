"""Exports of a real store (JSONL, CSV, Parquet, GDELT TSV) and loading Parquet back."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tidings.api import ingest
from tidings.cli_export import COMMANDS
from tidings.events.coding import goldstein
from tidings.export.gdelt import GDELT_COLUMNS, quad_class, stable_event_id
from tidings.export.load import load_parquet
from tidings.export.parquet import DOCUMENTS_FILE, EVENTS_FILE
from tidings.export.run import export_store
from tidings.export.select import Selection
from tidings.export.table import EVENT_COLUMNS
from tidings.store import Store

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

#: Short texts written for these tests: dated, relative to publication, and undated.
DATED = {
    "meet_id.txt": (
        "Presiden Joko Widodo bertemu Perdana Menteri India Narendra Modi di New Delhi "
        "pada 21 Agustus 2023. Kedua pemimpin membahas perdagangan."
    ),
    "meet_de.txt": (
        "Bundeskanzler Olaf Scholz traf am Montag in Paris den französischen Präsidenten "
        "Emmanuel Macron. Frankreich kritisierte gestern Russland."
    ),
    "meet_en.txt": (
        "Chinese President Xi Jinping met Belarusian President Alexander Lukashenko in "
        "Beijing on Tuesday."
    ),
}
UNDATED = {
    "weekday_only.txt": "Chinese President Xi Jinping met Belarusian President Alexander "
    "Lukashenko in Minsk on Friday.",
}
PUBLISHED = dt.date(2024, 3, 6)


def write_texts(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    db = root / "store.sqlite"
    with Store(db) as store:
        ingest(store, write_texts(root / "dated", DATED), published=PUBLISHED)
        ingest(store, write_texts(root / "undated", UNDATED))
        assert store.counts()["events"] >= 4, "the pipeline found too few events to test"
    return db


@pytest.fixture()
def store(store_path: Path) -> Iterator[Store]:
    with Store.open_read_only(store_path) as opened:
        yield opened


def cli() -> click.Group:
    @click.group()
    @click.option("--db")
    @click.pass_context
    def main(ctx: click.Context, db: str) -> None:
        ctx.obj = {"db": db}

    for command in COMMANDS:
        main.add_command(command)
    return main


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_csv_has_every_event_with_its_evidence(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    summary = export_store(store, "csv", out)
    rows = read_csv(out)
    assert list(rows[0]) == list(EVENT_COLUMNS)
    stored = store.events()
    assert summary.events == len(rows) == len(stored)
    assert {r["event_id"] for r in rows} == {e.id for e in stored}
    for row in rows:
        document = store.document(row["doc_id"])
        assert document is not None
        start, end = int(row["evidence_start"]), int(row["evidence_end"])
        assert row["evidence_sentence"] == document.text[start:end]
        expected = goldstein(row["cameo"] or None)
        assert row["goldstein"] == ("" if expected is None else str(expected))
        assert row["main"] in {"true", "false"}


def test_export_csv_filters_by_type_and_dates(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "consult.csv"
    export_store(store, "csv", out, Selection(types=frozenset({"CONSULT"})))
    rows = read_csv(out)
    assert rows and {r["type"] for r in rows} == {"CONSULT"}
    assert len(rows) == len(store.events(type="CONSULT"))

    out = tmp_path / "recent.csv"
    export_store(store, "csv", out, Selection(since=dt.date(2024, 1, 1)))
    recent = read_csv(out)
    assert recent and all(r["date"] >= "2024" for r in recent)
    assert not any(r["date"] == "" or r["date"].startswith("2023") for r in recent)


def test_export_jsonl_is_one_document_a_line(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    summary = export_store(store, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary.documents == len(records) == store.counts()["documents"]
    assert sorted(r["id"] for r in records) == sorted(store.document_ids())
    assert sum(len(r["events"]) for r in records) == store.counts()["events"]

    out = tmp_path / "blr.jsonl"
    export_store(store, "jsonl", out, Selection(actors=frozenset({"BLR"})))
    chosen = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert chosen and len(chosen) < len(records)
    assert all("BLR" in {e["source"], e["target"]} for r in chosen for e in r["events"])


def test_export_parquet_reads_back_with_pyarrow(store: Store, tmp_path: Path) -> None:
    summary = export_store(store, "parquet", tmp_path / "pq")
    events = pq.read_table(tmp_path / "pq" / EVENTS_FILE)
    documents = pq.read_table(tmp_path / "pq" / DOCUMENTS_FILE)
    assert events.num_rows == summary.events == store.counts()["events"]
    assert documents.num_rows == summary.documents == store.counts()["documents"]
    assert events.schema.metadata[b"tidings.table"] == b"events"
    assert set(EVENT_COLUMNS) <= set(events.schema.names)
    assert events.schema.field("published").type == pa.date32()
    texts = dict(zip(documents["doc_id"].to_pylist(), documents["text"].to_pylist(), strict=True))
    for row in events.to_pylist():
        assert (
            texts[row["doc_id"]][row["evidence_start"] : row["evidence_end"]]
            == (row["evidence_sentence"])
        )


def test_load_parquet_rebuilds_the_same_events(store: Store, tmp_path: Path) -> None:
    export_store(store, "parquet", tmp_path / "pq")
    with Store(tmp_path / "new.sqlite") as fresh:
        summary = load_parquet(fresh, [tmp_path / "pq"])
        assert summary.skipped == []
        assert summary.added == store.counts()["documents"]
        before = {e.id: e for e in store.events()}
        after = {e.id: e for e in fresh.events()}
        assert before.keys() == after.keys()
        for event_id, old in before.items():
            new = after[event_id]
            for name in ("type", "mode", "source", "target", "source_entity", "target_entity"):
                assert getattr(new, name) == getattr(old, name), (event_id, name)
            assert (new.date, new.location, new.evidence, new.sentence) == (
                old.date,
                old.location,
                old.evidence,
                old.sentence,
            )
            assert (new.persons, new.cameo, new.modality, new.main, new.rule) == (
                old.persons,
                old.cameo,
                old.modality,
                old.main,
                old.rule,
            )
        doc_id = next(iter(store.document_ids()))
        old_doc, new_doc = store.document(doc_id), fresh.document(doc_id)
        assert old_doc is not None and new_doc is not None
        assert (new_doc.text, new_doc.mentions, new_doc.entities) == (
            old_doc.text,
            old_doc.mentions,
            old_doc.entities,
        )
        again = load_parquet(
            fresh, [tmp_path / "pq" / EVENTS_FILE, tmp_path / "pq" / DOCUMENTS_FILE]
        )
        assert (again.added, again.already) == (0, summary.added)


def test_load_skips_bad_files_and_orphan_events(store: Store, tmp_path: Path) -> None:
    export_store(store, "parquet", tmp_path / "pq")
    bogus = tmp_path / "bogus.parquet"
    bogus.write_text("not parquet", encoding="utf-8")
    with Store(tmp_path / "new.sqlite") as fresh:
        summary = load_parquet(fresh, [bogus, tmp_path / "pq" / EVENTS_FILE])
        assert summary.added == 0
        sources = [source for source, _ in summary.skipped]
        assert str(bogus) in sources
        orphans = [reason for _, reason in summary.skipped if "no row for it" in reason]
        assert len(orphans) == len({e.doc_id for e in store.events()})


def test_export_gdelt_columns_and_left_out_summary(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(
        cli(), ["--db", str(store_path), "export", "--format", "gdelt", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    header, body = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    assert header == list(GDELT_COLUMNS) and len(header) == 61
    rows = [dict(zip(header, cells, strict=True)) for cells in body]
    assert rows
    with Store.open_read_only(store_path) as store:
        events = store.events()
        story_ids = {e.story_id for e in events}
    for row in rows:
        assert len(row["SQLDATE"]) == 8 and row["SQLDATE"].isdigit()
        assert row["EventRootCode"] == row["EventCode"][:2]
        assert row["QuadClass"] == str(quad_class(row["EventCode"]))
        assert int(row["GLOBALEVENTID"]) in {stable_event_id(s) for s in story_ids if s} | {
            stable_event_id(e.id) for e in events
        }
    undated = sum(1 for e in events if e.date is None or e.date.as_date() is None)
    assert undated >= 1
    assert f"left out {undated} without a full date" in result.stderr


def test_cli_export_rejects_unknown_type_and_load_reports_skips(
    store_path: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        cli(), ["--db", str(store_path), "export", "--type", "HUG", str(tmp_path / "x.csv")]
    )
    assert bad.exit_code != 0 and "HUG" in bad.output
    bogus = tmp_path / "bogus.parquet"
    bogus.write_text("not parquet", encoding="utf-8")
    result = runner.invoke(cli(), ["--db", str(tmp_path / "n.sqlite"), "load", str(bogus)])
    assert result.exit_code == 0
    assert f"skipped {bogus}" in result.stderr
    assert "0 documents added" in result.stderr


def test_load_accepts_a_table_without_text(tmp_path: Path) -> None:
    sentence = "Kenya and Tanzania signed a trade pact."
    events = pa.table(
        {
            "doc_id": ["d1"],
            "index": [0],
            "type": ["AGREE"],
            "source": ["KEN"],
            "target": ["TZA"],
            "evidence_sentence": [sentence],
            "evidence_start": [10],
            "evidence_end": [10 + len(sentence)],
            "confidence": [0.7],
            "main": [True],
        }
    )
    documents = pa.table({"id": ["d1"], "source": ["feed"], "countries": [["KEN", "TZA"]]})
    pq.write_table(events, tmp_path / "e.parquet")
    pq.write_table(documents, tmp_path / "d.parquet")
    with Store(tmp_path / "s.sqlite") as fresh:
        summary = load_parquet(fresh, [tmp_path])
        assert (summary.added, summary.events, summary.skipped) == (1, 1, [])
        [event] = fresh.events()
        assert (event.type, event.source, event.target, event.sentence) == (
            "AGREE",
            "KEN",
            "TZA",
            sentence,
        )
        document = fresh.document("d1")
        assert document is not None
        assert document.text[10 : 10 + len(sentence)] == sentence
        assert any("rebuilt from evidence" in note for note in document.notes)
