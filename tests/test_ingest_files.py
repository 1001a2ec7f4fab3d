"""Ingest of files and folders: formats, stable ids, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from tidings.ingest.errors import Skipped
from tidings.ingest.files import iter_documents
from tidings.model import RawDocument

ARTICLE = "Die Außenministerin traf am Montag ihren Amtskollegen in Wien.\nBeide sprachen lange."


def collect(*paths: Path, **kwargs: object) -> list[RawDocument | Skipped]:
    return list(iter_documents(paths, **kwargs))  # type: ignore[arg-type]


def test_ingest_text_file_keeps_content_and_path(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = collect(path)
    assert isinstance(doc, RawDocument)
    assert doc.content == ARTICLE
    assert doc.content_type == "text"
    assert doc.source == str(path)
    assert len(doc.id) == 16


def test_ingest_same_content_gives_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    first, second = collect(tmp_path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.id == second.id
    assert collect(tmp_path / "a.txt")[0].id == first.id  # type: ignore[union-attr]


def test_ingest_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Zweiter Text hier.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Erster Text hier.", encoding="utf-8")
    (tmp_path / ".git" / "c.txt").write_text("Versteckt.", encoding="utf-8")
    sources = [d.source for d in collect(tmp_path)]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]


def test_ingest_defaults_apply_to_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    [doc] = collect(tmp_path, published=dt.date(2022, 9, 16), lang="de")
    assert isinstance(doc, RawDocument)
    assert (doc.published, doc.lang) == (dt.date(2022, 9, 16), "de")


def test_ingest_html_by_extension_and_by_sniffing(tmp_path: Path) -> None:
    page = "<!DOCTYPE html><html><body><p>Hallo Welt.</p></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.php").write_text(page, encoding="utf-8")
    (tmp_path / "c.dat").write_text("Nur ein Satz ohne Tags.", encoding="utf-8")
    kinds = [d.content_type for d in collect(tmp_path)]  # type: ignore[union-attr]
    assert kinds == ["html", "html", "text"]


def test_ingest_jsonl_fields_and_line_sources(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "x1", "text": "Erster Artikel.", "url": "https://a.example/1",
         "published": "2024-08-23T10:00:00Z", "lang": "de", "title": "Eins"},
        {"html": "<html><body><p>Zweiter.</p></body></html>"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second = collect(path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.id, first.url, first.published, first.lang, first.title) == (
        "x1", "https://a.example/1", dt.date(2024, 8, 23), "de", "Eins",
    )  # fmt: skip
    assert first.source == f"{path}:1"
    assert second.content_type == "html" and second.source == f"{path}:2"
    assert len(second.id) == 16


def test_ingest_jsonl_gz_is_read(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Komprimiert."}) + "\n")
    [doc] = collect(path)
    assert isinstance(doc, RawDocument) and doc.content == "Komprimiert."


def test_ingest_jsonl_bad_lines_are_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.ndjson"
    path.write_text(
        '{"text": "Gut."}\n{not json\n{"title": "ohne Text"}\n[1, 2]\n{"text": "Auch gut."}\n',
        encoding="utf-8",
    )
    results = collect(path)
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [r.content for r in results if isinstance(r, RawDocument)] == ["Gut.", "Auch gut."]
    assert [s.source for s in skipped] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "malformed JSON" in skipped[0].reason
    assert "no 'text' or 'html'" in skipped[1].reason
    assert str(skipped[0]).startswith(f"{path}:2: malformed JSON")


def test_ingest_empty_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    [result] = collect(tmp_path)
    assert isinstance(result, Skipped) and result.reason == "empty file"


def test_ingest_binary_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [result] = collect(tmp_path)
    assert isinstance(result, Skipped) and "binary" in result.reason


def test_ingest_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = "Der Außenminister äußerte sich über die Gespräche mit großer Zuversicht."
    (tmp_path / "old.txt").write_bytes(text.encode("latin-1"))
    [doc] = collect(tmp_path)
    assert isinstance(doc, RawDocument) and doc.content == text


def test_ingest_undecodable_bytes_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 9)) * 40 + b"\xc3\x28" * 20)
    [result] = collect(tmp_path)
    assert isinstance(result, Skipped)
    assert "UTF-8" in result.reason or "binary" in result.reason


def test_ingest_too_large_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE, encoding="utf-8")
    [result] = collect(tmp_path, max_bytes=10)
    assert isinstance(result, Skipped) and "too large" in result.reason


def test_ingest_missing_and_unreadable_paths_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [missing] = collect(tmp_path / "nope.txt")
    assert isinstance(missing, Skipped) and "no such file" in missing.reason
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    [locked] = collect(path)
    assert isinstance(locked, Skipped) and locked.reason == "unreadable: Permission denied"


def test_ingest_batch_continues_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    kinds = [type(r).__name__ for r in collect(tmp_path)]
    assert kinds == ["Skipped", "RawDocument"]
