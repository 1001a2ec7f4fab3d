"""Every language pack, through its own phrase tables and articles (tests/lang/<code>/).

One parametrized test per table row: adding a language adds rows here, never code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tidings.resources import pack_languages

LANG_TESTS = Path(__file__).parent / "lang"
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}


def rows(name: str) -> list[Any]:
    found = []
    for lang in pack_languages():
        path = LANG_TESTS / lang / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
        for i, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)):
            found.append(pytest.param(lang, row, id=f"{lang}:{name}:{i + 2}"))
    return found


def articles() -> list[Any]:
    found = []
    for lang in pack_languages():
        path = LANG_TESTS / lang / "articles.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    found.append(pytest.param(lang, record, id=f"{lang}:{record['id']}"))
    return found


@pytest.mark.parametrize("lang", pack_languages())
def test_lang_pack_has_its_tests(lang: str) -> None:
    for name in ("dates.tsv", "triggers.tsv", "titles.tsv", "articles.jsonl"):
        assert (LANG_TESTS / lang / name).exists(), f"tests/lang/{lang}/{name} is missing"
    assert len(articles_of(lang)) >= 5


def articles_of(lang: str) -> list[str]:
    path = LANG_TESTS / lang / "articles.jsonl"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(("lang", "row"), rows("triggers.tsv"))
def test_lang_triggers(lang: str, row: dict[str, str]) -> None:
    from tidings.events.lexicon import load_lexicon
    from tidings.events.triggers import find_triggers
    from tidings.tokens import tokenize

    found = {str(m.rule.type) for m in find_triggers(tokenize(row["sentence"]), load_lexicon(lang))}
    if row["type"] == "NONE":
        assert not found
    else:
        assert row["type"] in found, f"{row['sentence']!r}: found {sorted(found)}"


@pytest.mark.parametrize(("lang", "row"), rows("titles.tsv"))
def test_lang_titles(lang: str, row: dict[str, str]) -> None:
    from tidings.entities.kb import load_kb
    from tidings.entities.mentions import find_mentions
    from tidings.model import Document, Span

    text = row["phrase"]
    doc = Document(id="t", source="t", text=text, lang=lang, sentences=[Span(0, len(text))])
    mentions = find_mentions(doc, load_kb())
    roles = {(m.role, m.country) for m in mentions if m.role}
    assert any(
        role == row["role"] and (not row.get("country") or country == row["country"])
        for role, country in roles
    ), f"{text!r}: found {sorted(roles, key=str)}"


def _main(record: dict[str, Any]) -> dict[str, Any]:
    mains = [e for e in record["events"] if e["main"]]
    assert len(mains) == 1, "no main event"
    return mains[0]


@pytest.mark.parametrize(("lang", "article"), articles())
def test_lang_articles_main_event(lang: str, article: dict[str, Any]) -> None:
    from tidings.api import analyze_records

    out = analyze_records([{k: article.get(k) for k in ("id", "text", "published")}])[0]
    assert out["lang"] == lang
    expected = article["expected"]
    event = _main(out)
    assert event["type"] in [expected["type"], *expected.get("alt_types", [])]
    pair = (event["source"], event["target"])
    want = (expected["source"], expected["target"])
    if expected["type"] in SYMMETRIC:
        assert set(pair) == set(want)
    else:
        assert pair == want
    assert event["date"] == expected["date"]
    assert event["location"] == expected["location"]
