"""RSS and Atom ingest: bodies, links, dates, sniffing ``.xml``, and hostile or broken XML."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.ingest.errors import Skipped
from tidings.ingest.feeds import looks_like_feed, parse_feed, parse_feed_date
from tidings.ingest.files import iter_documents
from tidings.ingest.html import extract
from tidings.model import Document, RawDocument

MEETING = (
    "Chinese Premier Li Qiang met Belarusian Prime Minister Roman Golovchenko in Minsk "
    "on 22 August 2024. The two leaders talked about trade and new rail links."
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example wire</title><link>https://wire.example/</link>
  <item>
    <title>Li Qiang in Minsk</title>
    <link>https://wire.example/2024/08/22/minsk</link>
    <pubDate>Thu, 22 Aug 2024 23:30:00 +0700</pubDate>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<p>{MEETING}</p><p>More talks follow.</p>]]></content:encoded>
  </item>
  <item>
    <title>Plain summary only</title>
    <guid>https://wire.example/plain</guid>
    <pubDate>2024-08-23T07:00:00Z</pubDate>
    <description>Ministers met in Vilnius &amp; agreed on a plan.</description>
  </item>
  <item>
    <title>Headline without a body</title>
    <link>https://wire.example/only-a-link</link>
  </item>
  <item>
    <title>Escaped HTML description</title>
    <pubDate>someday soon</pubDate>
    <description>&lt;p&gt;Escaped &amp;amp; well formed.&lt;/p&gt;</description>
  </item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <entry>
    <title type="html">&lt;b&gt;Minsk&lt;/b&gt; talks</title>
    <link rel="self" href="https://atom.example/self/1"/>
    <link rel="alternate" href="https://atom.example/1"/>
    <published>2024-08-22T18:00:00+03:00</published>
    <updated>2024-08-24T09:00:00Z</updated>
    <content type="html">&lt;p&gt;{MEETING}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>XHTML body</title>
    <link href="https://atom.example/2"/>
    <updated>2024-08-25T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{MEETING}</p></div></content>
  </entry>
  <entry>
    <title>Body elsewhere</title>
    <content src="https://atom.example/3.html" type="text/html"/>
  </entry>
  <entry>
    <title>Summary only</title>
    <summary type="text">The summary is plain text &lt;not markup&gt;.</summary>
  </entry>
</feed>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel>
<item><title>x</title><description>&f;</description></item>
</channel></rss>
"""


def feed_items(text: str, source: str = "feed.rss") -> list[RawDocument | Skipped]:
    return list(parse_feed(text.encode("utf-8"), source))


def test_ingest_rss_items_take_body_link_date_and_title() -> None:
    first, second, third, fourth = feed_items(RSS)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.content_type == "html" and MEETING in first.content
    assert "teaser" not in first.content  # content:encoded wins over description
    assert (first.url, first.title) == (
        "https://wire.example/2024/08/22/minsk",
        "Li Qiang in Minsk",
    )
    assert first.published == dt.date(2024, 8, 22)  # the date as the publisher wrote it
    assert first.source == "feed.rss#item-1"
    assert (second.content_type, second.content) == (
        "text",
        "Ministers met in Vilnius & agreed on a plan.",
    )
    assert (second.url, second.published) == ("https://wire.example/plain", dt.date(2024, 8, 23))
    assert isinstance(third, Skipped) and third.source == "feed.rss#item-3"
    assert "no content" in third.reason and "never fetched" in third.reason
    assert isinstance(fourth, RawDocument) and fourth.content_type == "html"
    assert fourth.published is None and "someday soon" in fourth.meta["warning"]


def test_ingest_rss_body_becomes_document_text() -> None:
    first = feed_items(RSS)[0]
    assert isinstance(first, RawDocument)
    doc = extract(first)
    assert isinstance(doc, Document)
    assert MEETING in doc.text and doc.published == dt.date(2024, 8, 22)


def test_ingest_atom_entries_content_kinds_and_links() -> None:
    html, xhtml, elsewhere, summary = feed_items(ATOM, "feed.atom")
    assert isinstance(html, RawDocument) and isinstance(xhtml, RawDocument)
    assert (html.url, html.title) == ("https://atom.example/1", "Minsk talks")
    assert html.published == dt.date(2024, 8, 22)  # published wins over updated
    assert MEETING in html.content and html.content_type == "html"
    assert xhtml.url == "https://atom.example/2" and xhtml.published == dt.date(2024, 8, 25)
    assert f"<p>{MEETING}</p>" in xhtml.content and "xmlns" not in xhtml.content
    assert html.id != xhtml.id  # the id is the hash of the body, which differs
    assert isinstance(elsewhere, Skipped) and elsewhere.source == "feed.atom#item-3"
    assert isinstance(summary, RawDocument) and summary.content_type == "text"
    assert summary.content == "The summary is plain text <not markup>."


def test_ingest_rss1_rdf_items_and_dc_date() -> None:
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF</title></channel>
  <item rdf:about="https://rdf.example/1">
    <title>One</title><link>https://rdf.example/1</link>
    <description>Die Ministerin reiste nach Wien.</description>
    <dc:date>2024-03-05</dc:date>
  </item>
</rdf:RDF>"""
    [item] = feed_items(rdf)
    assert isinstance(item, RawDocument)
    assert (item.url, item.published, item.title) == (
        "https://rdf.example/1",
        dt.date(2024, 3, 5),
        "One",
    )


def test_ingest_feed_refuses_entity_declarations_before_expanding_them() -> None:
    # refused on sight of the DOCTYPE's entity declarations, so nothing is expanded
    [skip] = feed_items(LAUGHS)
    assert isinstance(skip, Skipped) and skip.source == "feed.rss"
    assert "declares entities" in skip.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<rss><channel><item><title>open", "malformed XML"),
        ("", "empty file"),
        ("   \n", "empty file"),
        ("<rss><channel><title>No items</title></channel></rss>", "no items"),
        ("<html><body><p>Not a feed.</p></body></html>", "not an RSS or Atom feed"),
        ("<rss><channel><item><description>&nbsp;x</description></item></channel></rss>",
         "malformed XML"),
    ],
)  # fmt: skip
def test_ingest_feed_bad_xml_is_one_skip_naming_the_file(text: str, reason: str) -> None:
    [skip] = feed_items(text)
    assert isinstance(skip, Skipped) and skip.source == "feed.rss"
    assert reason in skip.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 22 Aug 2024 23:30:00 +0700", dt.date(2024, 8, 22)),
        ("Mon, 02 Sep 2024 08:00:00 GMT", dt.date(2024, 9, 2)),
        ("2 Sep 2024 08:00 EST", dt.date(2024, 9, 2)),
        ("2024-08-22T18:00:00+03:00", dt.date(2024, 8, 22)),
        ("2024-08-22T18:00:00Z", dt.date(2024, 8, 22)),
        ("2024-08-22", dt.date(2024, 8, 22)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_ingest_feed_dates_rfc822_and_iso(text: str, expected: dt.date | None) -> None:
    assert parse_feed_date(text) == expected


def test_ingest_xml_is_a_feed_only_when_its_root_says_so(tmp_path: Path) -> None:
    (tmp_path / "a-feed.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "b-sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>',
        encoding="utf-8",
    )
    (tmp_path / "c-laughs.xml").write_text(LAUGHS, encoding="utf-8")
    (tmp_path / "d-feed.php").write_text(RSS, encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    by_file: dict[str, list[RawDocument | Skipped]] = {}
    for item in items:
        by_file.setdefault(Path(item.source.split("#")[0]).name, []).append(item)
    assert len(by_file["a-feed.xml"]) == 4
    [sitemap] = by_file["b-sitemap.xml"]
    assert isinstance(sitemap, RawDocument) and sitemap.source == str(tmp_path / "b-sitemap.xml")
    [laughs] = by_file["c-laughs.xml"]
    assert isinstance(laughs, Skipped) and "declares entities" in laughs.reason
    assert len(by_file["d-feed.php"]) == 4


def test_ingest_feed_sniffing_reads_only_the_root_element() -> None:
    assert looks_like_feed(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>")
    assert looks_like_feed(LAUGHS.encode())
    assert looks_like_feed(b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">')
    assert not looks_like_feed(b"<html><body><feed>no</feed></body></html>")
    assert not looks_like_feed(b"Plain text that mentions <rss> later.")


def test_ingest_feed_defaults_apply_when_the_item_states_none() -> None:
    items = list(parse_feed(RSS.encode(), "f.rss", published=dt.date(2024, 1, 1), lang="en"))
    first, fourth = items[0], items[3]
    assert isinstance(first, RawDocument) and isinstance(fourth, RawDocument)
    assert first.published == dt.date(2024, 8, 22) and fourth.published == dt.date(2024, 1, 1)
    assert first.lang == "en"


def test_cli_ingest_feed_finds_the_events(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    db = tmp_path / "store.sqlite"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "skipped: " + str(path) + "#item-3" in result.output
    out = CliRunner().invoke(main, ["--db", str(db), "events", "--json"]).output
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    pairs = {(e["source"], e["target"]) for e in events}
    assert ("CHN", "BLR") in pairs or ("BLR", "CHN") in pairs, events
