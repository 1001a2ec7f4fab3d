"""web: every page and its JSON twin, in-process and over a real socket, on a store built
by ingesting a few short articles written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.api import ingest
from tidings.store import Store
from tidings.web import handle_request
from tidings.web.cli import serve
from tidings.web.server import make_server

ARTICLES = {
    "en_meeting.txt": (
        "Chinese President Xi Jinping met Belarusian President Alexander Lukashenko in "
        "Samarkand on September 15, 2022.\n"
        "The two leaders signed a joint statement on an all-weather partnership.\n"
        "Read more: Markets close higher\n"
    ),
    "de_meeting.txt": (
        "Der chinesische Staatspräsident Xi Jinping hat am 15. September 2022 in Samarkand "
        "den belarussischen Präsidenten Alexander Lukaschenko getroffen.\n"
        "Beide Seiten sprachen über Handel und Sicherheit.\n"
    ),
    "en_visit.txt": (
        "German Chancellor Olaf Scholz visited Beijing on November 4, 2022 and met Chinese "
        "Premier Li Keqiang.\n"
        "Critics said the trip <b>sent the wrong signal</b> & more.\n"
    ),
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    paths = []
    for name, text in ARTICLES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    db = folder / "store.sqlite"
    with Store(db) as store:
        summary = ingest(store, paths, published=dt.date(2022, 11, 5))
    assert summary.added == len(ARTICLES)
    return db


@pytest.fixture()
def store(store_path: Path) -> Iterator[Store]:
    with Store.open_read_only(store_path) as opened:
        yield opened


def story_id_of(store: Store, a: str, b: str) -> str:
    data = handle_request(store, f"/api/timeline?a={a}&b={b}").json()
    ids = [row["story_id"] for row in data["rows"] if row["story_id"]]
    assert ids, data
    return str(ids[0])


def doc_id_of(store: Store, word: str) -> str:
    hits = handle_request(store, f"/api/search?q={word}").json()["hits"]
    assert hits
    return str(hits[0]["doc_id"])


def test_home_shows_counts_and_forms(store: Store) -> None:
    response = handle_request(store, "/")
    assert response.status == 200
    assert response.content_type.startswith("text/html")
    assert f"<b>{store.counts()['documents']}</b>documents" in response.text
    assert 'action="/timeline"' in response.text
    assert 'action="/search"' in response.text


def test_api_counts_match_the_store(store: Store) -> None:
    assert handle_request(store, "/api/counts").json() == store.counts()


def test_timeline_page_lists_the_story_with_every_language(store: Store) -> None:
    response = handle_request(store, "/timeline?a=Tiongkok&b=Weißrussland")
    assert response.status == 200
    assert 'class="story"' in response.text
    assert "2022-09-15" in response.text
    assert "Samarkand" in response.text
    assert "de: 1, en: 1" in response.text


def test_api_timeline_resolves_names_in_any_language(store: Store) -> None:
    data = handle_request(store, "/api/timeline?a=China&b=Belarus").json()
    assert "CHN" in data["a"]["ids"] and "BLR" in data["b"]["ids"]
    row = data["rows"][0]
    assert row["reports"] == {"de": 1, "en": 1}
    assert {e["doc_id"] for e in row["evidence"]} == {
        doc_id_of(store, "partnership"),
        doc_id_of(store, "Lukaschenko"),
    }


def test_timeline_since_after_the_meeting_leaves_it_out(store: Store) -> None:
    data = handle_request(store, "/api/timeline?a=CHN&b=BLR&since=2023-01-01").json()
    assert data["rows"] == []


def test_timeline_reports_unknown_actor_and_bad_date(store: Store) -> None:
    unknown = handle_request(store, "/timeline?a=Atlantis")
    assert unknown.status == 404
    assert "unknown actor" in unknown.text
    bad = handle_request(store, "/api/timeline?a=CHN&since=15.09.2022")
    assert bad.status == 400
    assert "since" in bad.json()["error"]


def test_story_page_lists_each_report_with_a_link_to_its_sentence(store: Store) -> None:
    story_id = story_id_of(store, "CHN", "BLR")
    response = handle_request(store, f"/story/{story_id}")
    assert response.status == 200
    for doc_id in store.story(story_id).doc_ids:  # type: ignore[union-attr]
        assert f'href="/document/{doc_id}#ev-' in response.text
    data = handle_request(store, f"/api/story/{story_id}").json()
    assert data["story"]["id"] == story_id
    assert sorted({e["lang"] for e in data["events"]}) == ["de", "en"]


def test_document_page_greys_boilerplate_and_marks_evidence(store: Store) -> None:
    doc_id = doc_id_of(store, "partnership")
    doc = store.document(doc_id)
    assert doc is not None and doc.boilerplate and doc.events
    page = handle_request(store, f"/document/{doc_id}").text
    footer = doc.text[doc.boilerplate[0].span.start : doc.boilerplate[0].span.end]
    assert f'<span class="boilerplate" title="{doc.boilerplate[0].reason}">{footer}' in page
    sentence = doc.text[doc.events[0].evidence.start : doc.events[0].evidence.end]
    assert f'<mark class="evidence" title="{doc.events[0].type}">{sentence}' in page
    assert '<a id="ev-0"></a>' in page and '<li id="event-0">' in page


def test_document_page_escapes_the_article(store: Store) -> None:
    doc_id = doc_id_of(store, "Critics")
    page = handle_request(store, f"/document/{doc_id}").text
    assert "&lt;b&gt;sent the wrong signal&lt;/b&gt; &amp; more" in page
    assert "<b>sent" not in page


def test_api_document_carries_events_with_their_story(store: Store) -> None:
    doc_id = doc_id_of(store, "partnership")
    data = handle_request(store, f"/api/document/{doc_id}").json()
    assert data["id"] == doc_id
    assert data["events"][0]["story_id"] == story_id_of(store, "CHN", "BLR")


def test_search_escapes_the_query_and_marks_matches(store: Store) -> None:
    page = handle_request(store, "/search?q=%3Cscript%3EKeqiang").text
    assert "<script>" not in page
    assert "&lt;script&gt;Keqiang" in page
    assert "<mark>Keqiang</mark>" in handle_request(store, "/search?q=Keqiang").text


def test_actor_page_lists_events_and_counterparts(store: Store) -> None:
    page = handle_request(store, "/actor/BLR").text
    assert 'href="/timeline?a=BLR&amp;b=CHN"' in page
    data = handle_request(store, "/api/actor/BLR").json()
    assert data["events"] and all("BLR" in (e["source"], e["target"]) for e in data["events"])


def test_api_events_filters_by_actor_and_type(store: Store) -> None:
    events = handle_request(store, "/api/events?actor=DEU&type=consult").json()
    assert events and all(e["type"] == "CONSULT" for e in events)
    assert all("DEU" in (e["source"], e["target"]) for e in events)


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/story/s-000000000000", 404),
        ("/document/nope", 404),
        ("/nowhere", 404),
        ("/static/../secret", 404),
        ("/api/story/x", 404),
        ("/api/timeline", 400),
    ],
)
def test_unknown_targets_answer_with_a_reason(store: Store, target: str, status: int) -> None:
    response = handle_request(store, target)
    assert response.status == status
    reason = response.json()["error"] if "/api/" in target else response.text
    assert reason


def test_stylesheet_is_served_from_the_package(store: Store) -> None:
    response = handle_request(store, "/static/style.css")
    assert response.status == 200
    assert response.content_type.startswith("text/css")
    assert b"mark.evidence" in response.body


def test_server_answers_over_http(store_path: Path) -> None:
    server = make_server(store_path, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        base = f"http://{host!s}:{port}"
        with urllib.request.urlopen(f"{base}/api/counts", timeout=10) as reply:
            assert reply.status == 200
            assert json.loads(reply.read())["documents"] == len(ARTICLES)
            assert reply.headers["Content-Security-Policy"] == "default-src 'self'"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/document/none", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_make_server_names_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such store"):
        make_server(tmp_path / "absent.sqlite", port=0)


def test_serve_command_fails_with_one_line_for_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "absent.sqlite"
    result = CliRunner().invoke(serve, ["--port", "0"], obj={"db": str(missing)})
    assert result.exit_code == 1
    assert f"{missing}: no such store" in result.output
