"""Boilerplate marking: one test per rule, plus the side effects and the gold check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tidings.clean import clean, parse_numeric_date
from tidings.model import Document, Span


def cleaned(text: str, published: dt.date | None = None) -> Document:
    doc = Document(id="t", source="t", text=text, published=published)
    if published is not None:
        doc.published_basis = "metadata"
    return clean(doc)


def marked(doc: Document) -> list[tuple[str, str]]:
    return [(doc.span_text(b.span), b.reason) for b in doc.boilerplate]


def test_clean_never_edits_text() -> None:
    text = "Der Minister reiste ab.\n[iklan_3]\nKomentar (2)"
    doc = cleaned(text)
    assert doc.text == text
    assert doc.boilerplate


def test_clean_source_line_sets_source_url() -> None:
    doc = cleaned("Menteri itu tiba di Jakarta.\nSumber: https://warta.example/berita/1.html")
    assert ("Sumber: https://warta.example/berita/1.html", "source_line") in marked(doc)
    assert doc.source_url == "https://warta.example/berita/1.html"


def test_clean_related_links_tail_removes_rest() -> None:
    body = "Presiden bertemu mitranya di istana dan membahas perdagangan kedua negara. " * 4
    doc = cleaned(f"{body}\nMore Stories\nJudul lain pertama\nJudul lain kedua?")
    [(text, reason)] = marked(doc)
    assert reason == "related_links"
    assert text == "More Stories\nJudul lain pertama\nJudul lain kedua?"


def test_clean_related_links_header_near_top_marks_teasers_only() -> None:
    long_line = "Die Regierung kündigte an, die Gespräche in der kommenden Woche fortzusetzen. " * 3
    doc = cleaned(f"Mehr zum Thema\nKurzer Titel eins\nKurzer Titel zwei\n{long_line}\n{long_line}")
    [(text, reason)] = marked(doc)
    assert (text, reason) == (
        "Mehr zum Thema\nKurzer Titel eins\nKurzer Titel zwei",
        "related_links",
    )


def test_clean_related_links_prefix_line() -> None:
    doc = cleaned("Presiden tiba di Moskwa.\nBaca juga: Judul berita lain\nIa disambut hangat.")
    assert marked(doc) == [("Baca juga: Judul berita lain", "related_links")]


def test_clean_photo_credit_marks_only_the_credit() -> None:
    doc = cleaned("Kedua menteri bertemu di Minsk pada 22 Agustus. (Sumber: ABC) |\nLalu pulang.")
    assert marked(doc) == [("(Sumber: ABC) |", "photo_credit")]


def test_clean_ad_placeholder_and_comment_counter() -> None:
    doc = cleaned("Kalimat pertama berita.\n[iklan_2]\nKomentar (0)")
    assert marked(doc) == [("[iklan_2]", "ad_placeholder"), ("Komentar (0)", "comment_counter")]


def test_clean_copyright_and_address_footer() -> None:
    doc = cleaned(
        "Ein Satz im Artikel.\n© Beispiel Radio. All Rights Reserved.\n12B Harbour Road, Oslo"
    )
    assert ("© Beispiel Radio. All Rights Reserved.", "copyright") in marked(doc)
    assert ("12B Harbour Road, Oslo", "address") in marked(doc)


def test_clean_address_rule_only_at_bottom() -> None:
    lines = ["12B Harbour Road, Oslo"] + [f"Satz Nummer {i} im Text." for i in range(12)]
    assert not any(r == "address" for _, r in marked(cleaned("\n".join(lines))))


def test_clean_site_name_only_at_top() -> None:
    top = cleaned("Baidu\n\nChina und Belarus vertiefen Beziehungen\n\nText folgt.")
    assert marked(top)[0] == ("Baidu", "site_name")
    body = "\n".join(f"Satz {i} des Artikels." for i in range(12))
    assert marked(cleaned(f"{body}\nBaidu\nSchluss.")) == []


def test_clean_timestamp_sets_published_from_text() -> None:
    doc = cleaned("Titel der Meldung\n\n16.09.2022 09:19:33\n\nDer Präsident sprach am Donnerstag.")
    assert ("16.09.2022 09:19:33", "timestamp") in marked(doc)
    assert (doc.published, doc.published_basis) == (dt.date(2022, 9, 16), "text")


def test_clean_timestamp_does_not_override_metadata() -> None:
    doc = cleaned("16.09.2022 09:19:33\nDer Präsident sprach.", published=dt.date(2022, 9, 17))
    assert (doc.published, doc.published_basis) == (dt.date(2022, 9, 17), "metadata")


def test_clean_sentence_with_a_date_is_not_a_timestamp() -> None:
    doc = cleaned("Die Sitzung begann am 24.04.2024 um 21:45 Uhr.")
    assert marked(doc) == []


def test_clean_share_buttons_byline_and_url_line() -> None:
    doc = cleaned(
        "Headline here\nby admin\nThe minister arrived.\nhttps://x.example/a/b\nCopy Link"
    )
    assert marked(doc) == [
        ("by admin", "byline"),
        ("https://x.example/a/b", "source_line"),
        ("Copy Link", "share_buttons"),
    ]
    assert doc.source_url is None  # a bare URL is not a stated source


def test_clean_numeric_widget_and_agency_credit() -> None:
    doc = cleaned("Kurse\n80.7321\nIwan Petrow/TASS\nDer Präsident traf seinen Gast.")
    assert ("80.7321", "widget") in marked(doc)
    assert ("Iwan Petrow/TASS", "photo_credit") in marked(doc)


def test_clean_social_embed_line() -> None:
    doc = cleaned("El ministro habló.\nWatch this https://t.co/abc pic.twitter.com/xyz")
    assert marked(doc) == [("Watch this https://t.co/abc pic.twitter.com/xyz", "embed")]


def test_clean_clock_list_at_page_end() -> None:
    body = "Le ministre a rappelé son ambassadeur après la décision du gouvernement voisin. " * 3
    tail = "00:59\nTitre un\n01:00\nTitre deux\n01:02\nTitre trois"
    doc = cleaned(f"{body}\n{tail}")
    assert (tail, "related_links") in marked(doc)


def test_clean_is_idempotent() -> None:
    doc = cleaned("Satz.\n[iklan_2]")
    before = list(doc.boilerplate)
    assert clean(doc).boilerplate == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.09.2022 09:19:33", dt.date(2022, 9, 16)),
        ("2022-10-03 13:08 update: 2022-10-11", dt.date(2022, 10, 3)),
        ("(Agentur)| 13/09/2023 12:25", dt.date(2023, 9, 13)),
        ("05/06/2023", None),  # day-month order unknown
        ("31.02.2023", None),
    ],
)
def test_parse_numeric_date(text: str, expected: dt.date | None) -> None:
    assert parse_numeric_date(text) == expected


GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seeds.gold.jsonl"


def test_clean_marks_seed_gold_lines_and_no_evidence() -> None:
    if not GOLD.exists():
        pytest.skip("../shared/eval is not available")
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = cleaned(record["text"])
        for gold_line in record["gold"].get("boilerplate_lines") or []:
            start = doc.text.index(gold_line)
            assert doc.in_boilerplate(Span(start, start + len(gold_line))), gold_line
        events = [record["gold"]["main_event"], *record["gold"].get("events", [])]
        for event in events:
            start = doc.text.index(event["evidence"])
            assert not doc.in_boilerplate(Span(start, start + len(event["evidence"])))
