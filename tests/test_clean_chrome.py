"""Site chrome around articles: menus, skip links, meta lines, tickers, link lists.

One test per rule, on short texts written for these tests.
"""

from __future__ import annotations

import pytest

from tidings.clean import clean, compile_rule, pack_rules
from tidings.model import Document
from tidings.resources import pack_languages, pack_tsv

BODY = (
    "The two foreign ministers met in Oslo on Tuesday and agreed to resume the talks "
    "on fishing rights that stalled last spring."
)


def marked(text: str) -> list[tuple[str, str]]:
    doc = clean(Document(id="t", source="t", text=text))
    return [(doc.span_text(b.span), b.reason) for b in doc.boilerplate]


def test_clean_every_pack_row_compiles() -> None:
    for lang in pack_languages():
        for row in pack_tsv(lang, "boilerplate.tsv"):
            rule = compile_rule(
                row.get("pattern"),
                row.get("match"),
                row.get("reason"),
                row.get("where", "any"),
                row.origin,
            )
            assert rule is not None, row.origin
    assert len(pack_rules()) >= 20 * 20


def test_clean_numbered_skip_links_at_top() -> None:
    found = marked(f"1. Aller au contenu\n2. Aller au menu principal\nTitre\n{BODY}")
    assert ("1. Aller au contenu", "navigation") in found
    assert ("2. Aller au menu principal", "navigation") in found
    assert all(text != BODY for text, _ in found)


def test_clean_lone_search_and_menu_lines() -> None:
    found = marked(f"Suche\nMenü\n{BODY}\nCari")
    assert [r for _, r in found] == ["navigation", "navigation", "navigation"]


def test_clean_section_name_only_at_top() -> None:
    assert ("Politika", "site_name") in marked(f"Politika\nBaşlık\n{BODY}")
    lines = [BODY] * 10
    assert marked("\n".join([*lines, "Politika", BODY])) == []


def test_clean_url_with_a_word_is_a_source_line() -> None:
    found = marked(f"{BODY}\nVia www.example.org")
    assert found == [("Via www.example.org", "source_line")]


def test_clean_sentence_with_a_url_is_kept() -> None:
    line = "The ministry published the full statement on its website at https://gov.example/a."
    assert marked(f"{BODY}\n{line}") == []


def test_clean_image_srcset_line() -> None:
    srcset = (
        "https://cdn.example/img/a-480.webp 480w, https://cdn.example/img/a-768.webp 768w, "
        "https://cdn.example/img/a-1280.webp 1280w Photo: agency"
    )
    assert marked(f"{srcset}\n{BODY}") == [(srcset, "embed")]


def test_clean_doubled_teaser_line() -> None:
    teaser = "Floods reach the capital Floods reach the capital"
    assert marked(f"{teaser}\n{BODY}") == [(teaser, "related_links")]
    assert marked(f"Talks go on and on\n{BODY}") == []


def test_clean_pipe_meta_line_at_top() -> None:
    assert ("Anna Berg | With agencies | World", "byline") in marked(
        f"Ministers meet\nAnna Berg | With agencies | World\n{BODY}"
    )


def test_clean_table_row_is_not_a_meta_line() -> None:
    assert marked(f"| 1 | Oslo | 5040 | 5 |\n{BODY}") == []


def test_clean_label_above_date_stamp_and_ticker() -> None:
    found = marked(f"Oslo\n21.11.2025 17:39\nRates\nUSD\n80.7321\n{BODY}")
    assert ("Oslo", "timestamp") in found
    assert ("USD", "widget") in found
    assert ("Rates", "widget") in found  # the ticker's title, chained upwards


def test_clean_one_word_line_above_a_sentence_is_kept() -> None:
    assert marked(f"Oslo\n{BODY}") == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Por la Agencia de Noticias Xinhua", "byline"),
        ("Von Anna Berg und Jonas Keller", "byline"),
        ("Israel at war - Day 120", "site_name"),
        ("Version: 2.4.1", "site_name"),
    ],
)
def test_clean_top_lines_from_packs(line: str, reason: str) -> None:
    assert (line, reason) in marked(f"{line}\n{BODY}")


def test_clean_title_starting_like_a_byline_is_kept() -> None:
    assert marked(f"Von Moskau nach Peking mit dem Zug\n{BODY}") == []


def test_clean_author_note_in_any_position() -> None:
    note = "Mia Holm est la correspondante diplomatique du Journal du Nord"
    assert marked(f"{BODY}\n{note}\n{BODY}") == [(note, "byline")]


def test_clean_crawler_date_header_marks_only_the_field() -> None:
    text = f"date 2024-10 {BODY}"
    assert marked(text) == [("date 2024-10", "timestamp")]


def test_clean_featured_header_and_dont_miss_tail() -> None:
    body = "\n".join([BODY] * 4)
    found = marked(f"{body}\nNổi bật\nĐừng bỏ lỡ\nMột tiêu đề khác\nPOWERED BY EXAMPLECMS")
    assert ("Nổi bật", "related_links") in found or (
        "Nổi bật\nĐừng bỏ lỡ\nMột tiêu đề khác\nPOWERED BY EXAMPLECMS",
        "related_links",
    ) in found
    assert ("Đừng bỏ lỡ\nMột tiêu đề khác\nPOWERED BY EXAMPLECMS", "related_links") in found


def test_clean_dont_miss_marks_only_its_own_line() -> None:
    found = marked(f"{BODY}\nDon't miss\nA short teaser title\n{BODY}")
    assert found == [("Don't miss", "related_links")]


def test_clean_source_with_url_after_according_to() -> None:
    assert marked(f"{BODY}\nTheo www.example.vn") == [("Theo www.example.vn", "source_line")]


def test_clean_doubled_sentence_is_kept() -> None:
    assert marked(f"{BODY} {BODY}") == []
