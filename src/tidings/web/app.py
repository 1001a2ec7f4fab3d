"""Routing: one request target and a read-only store in, one ``Response`` out.

Why a plain function and not a handler class: tests call ``handle_request`` in-process with
no socket, the HTTP server in ``server.py`` only copies its result onto the wire, and every
page has a JSON twin under ``/api`` built from the same store calls.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tidings.cli_format import row_dict
from tidings.store import Store
from tidings.web import pages

#: Files under ``static/`` the server may send, with their content types.
STATIC_FILES = {"style.css": "text/css; charset=utf-8"}
#: Most search hits a page or API call returns.
SEARCH_LIMIT = 50
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"

Resolver = Callable[[str], set[str]]


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class RequestError(Exception):
    """A request the store cannot answer: unknown id, bad date, unknown actor."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def html_response(text: str, status: int = 200) -> Response:
    return Response(status, HTML, text.encode("utf-8"))


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(status, JSON, body.encode("utf-8"))


def default_resolver(name: str) -> set[str]:
    from tidings.api import resolve_actor

    return resolve_actor(name)


def parse_day(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RequestError(400, f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def resolve_or_fail(name: str, resolve: Resolver) -> set[str]:
    ids = resolve(name)
    if not ids:
        raise RequestError(404, f"unknown actor: {name!r}")
    return ids


def serve_static(name: str) -> Response:
    if name not in STATIC_FILES:
        raise RequestError(404, f"no such file: /static/{name}")
    data = resources.files("tidings.web").joinpath("static", name).read_bytes()
    return Response(200, STATIC_FILES[name], data)


def handle_request(store: Store, target: str, resolve: Resolver | None = None) -> Response:
    """Answer a GET for ``target`` (path and query). Never raises: errors become 4xx/5xx."""
    parts = urlsplit(target)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    query = {k: v[-1].strip() for k, v in parse_qs(parts.query).items()}
    is_api = bool(segments) and segments[0] == "api"
    try:
        if segments[:1] == ["static"] and len(segments) == 2:
            return serve_static(segments[1])
        route = segments[1:] if is_api else segments
        return route_request(store, route, query, is_api, resolve or default_resolver)
    except RequestError as exc:
        if is_api:
            return json_response({"error": exc.message}, exc.status)
        return html_response(pages.render_error(exc.status, exc.message), exc.status)
    except Exception as exc:  # one bad request must not stop the server
        message = f"{parts.path}: {type(exc).__name__}: {exc}"
        if is_api:
            return json_response({"error": message}, 500)
        return html_response(pages.render_error(500, message), 500)


def route_request(
    store: Store, route: list[str], query: Mapping[str, str], is_api: bool, resolve: Resolver
) -> Response:
    name, args = (route[0], route[1:]) if route else ("", [])
    if name == "" and not is_api:
        return html_response(pages.render_home(store.counts()))
    if name in ("", "index") and is_api:
        return json_response({"endpoints": API_ENDPOINTS})
    if name == "counts" and not args:
        counts = store.counts()
        return json_response(counts) if is_api else html_response(pages.render_home(counts))
    if name == "search" and not args:
        return search_page(store, query, is_api)
    if name == "timeline" and not args:
        return timeline_page(store, query, is_api, resolve)
    if name == "events" and not args and is_api:
        return events_api(store, query, resolve)
    if len(args) == 1 and name == "story":
        return story_page(store, args[0], is_api)
    if len(args) == 1 and name == "document":
        return document_page(store, args[0], is_api)
    if len(args) == 1 and name == "actor":
        return actor_page(store, args[0], is_api, resolve)
    raise RequestError(404, f"no such page: /{'api/' if is_api else ''}{'/'.join(route)}")


API_ENDPOINTS = [
    "/api/counts",
    "/api/search?q=",
    "/api/timeline?a=&b=&since=&until=&type=",
    "/api/events?actor=&type=",
    "/api/story/<id>",
    "/api/document/<id>",
    "/api/actor/<name or code>",
]


def search_page(store: Store, query: Mapping[str, str], is_api: bool) -> Response:
    q = query.get("q", "")
    hits = store.search(q, limit=SEARCH_LIMIT) if q else []
    if is_api:
        return json_response({"query": q, "hits": [row_dict(h) for h in hits]})
    return html_response(pages.render_search(q, hits))


def timeline_page(
    store: Store, query: Mapping[str, str], is_api: bool, resolve: Resolver
) -> Response:
    a, b = query.get("a", ""), query.get("b", "")
    since, until = query.get("since", ""), query.get("until", "")
    types = {t.upper() for t in query.get("type", "").split(",") if t} or None
    if not a:
        if is_api:
            raise RequestError(400, "timeline needs an actor: ?a=")
        return html_response(pages.render_timeline("", "", "", "", [], "Name an actor."))
    try:
        ids_a = resolve_or_fail(a, resolve)
        ids_b = resolve_or_fail(b, resolve) if b else None
        rows = store.timeline(
            ids_a,
            ids_b,
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            types=types,
        )
    except RequestError as exc:
        if is_api:
            raise
        page = pages.render_timeline(a, b, since, until, [], exc.message)
        return html_response(page, exc.status)
    if is_api:
        return json_response(
            {
                "a": {"name": a, "ids": sorted(ids_a)},
                "b": {"name": b, "ids": sorted(ids_b)} if ids_b else None,
                "rows": [row_dict(r) for r in rows],
            }
        )
    return html_response(pages.render_timeline(a, b, since, until, rows, None))


def events_api(store: Store, query: Mapping[str, str], resolve: Resolver) -> Response:
    actor = query.get("actor", "")
    ids = resolve_or_fail(actor, resolve) if actor else None
    type_ = query.get("type", "").upper() or None
    return json_response([row_dict(e) for e in store.events(ids, type_)])


def story_page(store: Store, story_id: str, is_api: bool) -> Response:
    story = store.story(story_id)
    if story is None:
        raise RequestError(404, f"no such story: {story_id!r}")
    events = store.story_events(story_id)
    if is_api:
        return json_response({"story": row_dict(story), "events": [row_dict(e) for e in events]})
    return html_response(pages.render_story(story, events))


def document_page(store: Store, doc_id: str, is_api: bool) -> Response:
    doc = store.document(doc_id)
    if doc is None:
        raise RequestError(404, f"no such document: {doc_id!r}")
    events = store.document_events(doc_id)
    if is_api:
        data = row_dict(doc)
        data["events"] = [row_dict(e) for e in events]
        return json_response(data)
    return html_response(pages.render_document(doc, events))


def actor_page(store: Store, name: str, is_api: bool, resolve: Resolver) -> Response:
    # a code or KB id the resolver does not know (an org id, a provisional person) is
    # still a valid key into the store's actors
    ids = resolve(name) or {name}
    events = store.events(ids)
    if is_api:
        return json_response(
            {"name": name, "ids": sorted(ids), "events": [row_dict(e) for e in events]}
        )
    return html_response(pages.render_actor(name, ids, events))
