"""The demo corpus is data other tests and `make demo` rely on: check it is well-formed.

Every article listed in ``examples/expected.jsonl`` must exist, decode as UTF-8 and
be non-empty; the expectations must follow the gold conventions of ``eval/SCHEMA.md``
(PLOVER types, ISO alpha-3 codes, dates that are ISO, ``--MM-DD`` or null) and agree with
the article texts (every ``date_in_text`` cue occurs in its article).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest

from tidings.model import CONSULT_MODES, PloverType

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXPECTED = CORPUS.parent / "expected.jsonl"
FEED = CORPUS / "feed.jsonl"
DATE_BASES = {"explicit", "relative_to_published", "external_knowledge"}
PUBLISHED_META = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_expected() -> list[dict[str, Any]]:
    return read_jsonl(EXPECTED)


def feed_rows() -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in read_jsonl(FEED)}


def visible_text(markup: str) -> str:
    """Crude tag stripper, good enough to count words of a page we wrote ourselves."""
    body = re.sub(r"<head>.*?</head>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def article_text(record: dict[str, Any]) -> str:
    if record["id"] is not None:
        return str(feed_rows()[record["id"]]["text"])
    text = (CORPUS / record["file"]).read_text(encoding="utf-8")
    return visible_text(text) if record["file"].endswith(".html") else text


def story_date(record: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(record["story"][-10:])


def is_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


EXPECTED_RECORDS = load_expected() if EXPECTED.exists() else []
IDS = [r["id"] or r["file"] for r in EXPECTED_RECORDS]


def test_expectations_exist_and_cover_every_article() -> None:
    articles = {p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"}}
    listed = {r["file"] for r in EXPECTED_RECORDS if r["id"] is None}
    assert listed == articles
    assert {r["id"] for r in EXPECTED_RECORDS if r["id"] is not None} == set(feed_rows())


@pytest.mark.parametrize("name", sorted({r["file"] for r in EXPECTED_RECORDS}))
def test_listed_file_is_nonempty_utf8_nfc(name: str) -> None:
    raw = (CORPUS / name).read_bytes()
    text = raw.decode("utf-8")  # raises on anything that is not UTF-8
    assert text.strip()
    assert unicodedata.is_normalized("NFC", text)


def test_feed_rows_have_the_ingest_fields() -> None:
    for row_id, row in feed_rows().items():
        assert set(row) == {"id", "url", "published", "text"}, row_id
        assert row["text"].strip() and row["url"].startswith("https://")
        dt.date.fromisoformat(row["published"])


@pytest.mark.parametrize("record", EXPECTED_RECORDS, ids=IDS)
def test_article_length_is_short_news(record: dict[str, Any]) -> None:
    assert 120 <= len(article_text(record).split()) <= 300


@pytest.mark.parametrize("record", EXPECTED_RECORDS, ids=IDS)
def test_published_matches_the_article_metadata(record: dict[str, Any]) -> None:
    published = record["published"]
    if record["id"] is not None:
        assert feed_rows()[record["id"]]["published"] == published
    elif record["file"].endswith(".html"):
        found = PUBLISHED_META.search((CORPUS / record["file"]).read_text(encoding="utf-8"))
        assert found is not None and found.group(1)[:10] == published
    if published is not None:
        assert dt.date.fromisoformat(published) >= story_date(record)


@pytest.mark.parametrize("record", EXPECTED_RECORDS, ids=IDS)
def test_main_event_follows_the_gold_conventions(record: dict[str, Any]) -> None:
    event = record["main_event"]
    assert event["type"] in PloverType.__members__
    assert all(t in PloverType.__members__ and t != event["type"] for t in event["alt_types"])
    assert event["mode"] is None or event["mode"] in CONSULT_MODES
    assert is_alpha3(event["source"]) and is_alpha3(event["target"])
    assert event["source"] != event["target"]
    assert event["location"]["country"] is None or is_alpha3(event["location"]["country"])
    assert event["date_basis"] in DATE_BASES
    assert event["date_in_text"] in article_text(record)


@pytest.mark.parametrize("record", EXPECTED_RECORDS, ids=IDS)
def test_expected_date_agrees_with_story_and_metadata(record: dict[str, Any]) -> None:
    date, real = record["main_event"]["date"], story_date(record)
    if date is None:
        assert record["published"] is None
    elif date.startswith("--"):
        assert record["published"] is None and date == real.strftime("--%m-%d")
    else:
        assert dt.date.fromisoformat(date) == real


@pytest.mark.parametrize("record", EXPECTED_RECORDS, ids=IDS)
def test_countries_are_alpha3_and_traps_disjoint(record: dict[str, Any]) -> None:
    countries, traps = record["countries"], record["not_countries"]
    assert all(is_alpha3(c) for c in countries + traps)
    event = record["main_event"]
    assert countries[:2] == [event["source"], event["target"]]
    assert not set(countries) & set(traps)
    assert record["persons"] and len(set(record["persons"])) == len(record["persons"])


def test_corpus_mix_supports_language_and_story_tests() -> None:
    langs = Counter(r["lang"] for r in EXPECTED_RECORDS)
    assert len(EXPECTED_RECORDS) >= 15
    assert all(langs[code] >= 4 for code in ("en", "de", "id"))
    story_langs: defaultdict[str, set[str]] = defaultdict(set)
    for record in EXPECTED_RECORDS:
        story_langs[record["story"]].add(record["lang"])
    assert any(len(langs_) >= 3 for langs_ in story_langs.values())
    types = {r["main_event"]["type"] for r in EXPECTED_RECORDS}
    assert {"CONSULT", "AGREE", "SUPPORT", "ACCUSE", "SANCTION", "AID"} <= types


def test_same_pair_meets_again_at_least_a_week_apart() -> None:
    dates: defaultdict[frozenset[str], set[dt.date]] = defaultdict(set)
    for record in EXPECTED_RECORDS:
        event = record["main_event"]
        dates[frozenset({event["source"], event["target"]})].add(story_date(record))
    spreads = [max(d) - min(d) for d in dates.values() if len(d) > 1]
    assert spreads and max(spreads) >= dt.timedelta(days=7)


def shingles(text: str, width: int = 80) -> set[str]:
    flat = " ".join(text.split())
    return {flat[i : i + width] for i in range(0, max(len(flat) - width, 0) + 1, 20)}


def shared_texts() -> list[str]:
    """Every text under ../shared, with JSONL rows decoded so escapes do not hide a copy."""
    texts: list[str] = []
    for path in sorted(SHARED.rglob("*")):
        if not path.is_file() or path.suffix not in {".txt", ".jsonl", ".md"}:
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix != ".jsonl":
            texts.append(content)
            continue
        for line in content.splitlines():
            try:
                texts.append(str(json.loads(line).get("text", "")))
            except (json.JSONDecodeError, AttributeError):
                texts.append(line)
    return texts


def test_no_text_copied_from_shared_material() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    shared = " ".join(" ".join(text.split()) for text in shared_texts())
    for record in EXPECTED_RECORDS:
        copied = [s for s in shingles(article_text(record)) if s in shared]
        assert not copied, f"{record['file']}: {copied[0]!r}"
