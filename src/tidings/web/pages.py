"""HTML for each page, built from store rows with every value escaped.

Why strings and one template file rather than a template engine: the pages are few and
small, the page must work offline without a dependency, and building HTML in one place
with one escaping helper (``esc``) makes "escape everything" easy to check.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import quote, urlencode

from tidings.cli_format import actor_label, format_date, format_place
from tidings.model import Document, Story
from tidings.store.read import EventRow, TimelineRow
from tidings.store.search import SearchHit
from tidings.web.highlight import split_segments

#: Characters of an evidence sentence shown in a list before it is cut with "…".
SENTENCE_PREVIEW = 240


def esc(value: object) -> str:
    """Text safe inside HTML content and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def href(*parts: str, **query: str | None) -> str:
    """A site path from raw segments (each percent-encoded) and query values (escaped)."""
    path = "/" + "/".join(quote(p, safe="") for p in parts)
    kept = {k: v for k, v in query.items() if v}
    return esc(path + ("?" + urlencode(kept) if kept else ""))


@functools.cache
def base_template() -> Template:
    text = resources.files("tidings.web").joinpath("templates/base.html").read_text("utf-8")
    return Template(text)


def render_page(title: str, body: str, *, query: str = "") -> str:
    """The whole HTML page; ``title`` and ``query`` are raw text, ``body`` is HTML."""
    return base_template().substitute(title=esc(title), query=esc(query), body=body)


def render_kind(type_: str, mode: str | None) -> str:
    return f'<span class="what">{esc(type_)}{esc("/" + mode) if mode else ""}</span>'


def render_date(date: Any, basis: str | None) -> str:
    shown = f'<span class="when">{esc(format_date(date))}</span>'
    if basis and basis != "text":
        shown += f' <span class="basis" title="how the date was obtained">{esc(basis)}</span>'
    return shown


def render_pair(source: str | None, target: str | None) -> str:
    def actor(code: str | None) -> str:
        if not code:
            return "?"
        return f'<a href="{href("actor", code)}">{esc(actor_label(code))}</a>'

    return f"{actor(source)} → {actor(target)}"


def preview(sentence: str) -> str:
    if len(sentence) <= SENTENCE_PREVIEW:
        return sentence
    return sentence[: SENTENCE_PREVIEW - 1].rstrip() + "…"


def render_home(counts: Mapping[str, int]) -> str:
    items = "".join(
        f"<li><b>{esc(n)}</b>{esc(name.replace('_', ' '))}</li>" for name, n in counts.items()
    )
    body = (
        "<h1>Your store</h1>"
        f'<ul class="counts">{items}</ul>'
        "<h2>Timeline between two actors</h2>"
        + render_timeline_form("", "", "", "")
        + "<p class=meta>Names in any language or ISO codes: <i>Tiongkok</i>, "
        "<i>Weißrussland</i>, <i>CHN</i>, <i>Xi Jinping</i>. Leave the second actor empty "
        "for everything the first one did.</p>"
    )
    return render_page("Home", body)


def render_timeline_form(a: str, b: str, since: str, until: str) -> str:
    def field(name: str, label: str, value: str, kind: str = "text") -> str:
        return f'<label>{esc(label)}<input type={kind} name={name} value="{esc(value)}"></label>'

    return (
        '<form class="timeline" action="/timeline" method="get">'
        + field("a", "Actor", a)
        + field("b", "and actor (optional)", b)
        + field("since", "since", since, "date")
        + field("until", "until", until, "date")
        + "<button type=submit>Show timeline</button></form>"
    )


def render_evidence(evidence: Iterable[tuple[str, str, str | None]]) -> str:
    """Quotes of (doc_id, sentence, event anchor) linking to the highlighted sentence."""
    out = []
    for doc_id, sentence, anchor in evidence:
        target = href("document", doc_id) + (f"#{esc(anchor)}" if anchor else "")
        out.append(
            f"<blockquote>{esc(preview(sentence))} "
            f'<a class="src" href="{target}">[{esc(doc_id)}]</a></blockquote>'
        )
    return "".join(out)


def render_timeline_rows(rows: Sequence[TimelineRow]) -> str:
    if not rows:
        return '<p class="empty">No stories found.</p>'
    items = []
    for row in rows:
        reports = ", ".join(f"{esc(lang)}: {esc(n)}" for lang, n in sorted(row.reports.items()))
        people = ", ".join(esc(p) for p in row.participants)
        story = f' · <a href="{href("story", row.story_id)}">story</a>' if row.story_id else ""
        items.append(
            '<li class="story">'
            f"{render_date(row.date, row.date_basis)} {render_kind(row.type, row.mode)} "
            f"{render_pair(row.source, row.target)}"
            f'<div class="meta">{esc(format_place(row.location))}'
            + (f" · {people}" if people else "")
            + f" · reports {reports}{story}</div>"
            + render_evidence((e.doc_id, e.sentence, None) for e in row.evidence)
            + "</li>"
        )
    return f'<ol class="timeline">{"".join(items)}</ol>'


def render_timeline(
    a: str, b: str, since: str, until: str, rows: Sequence[TimelineRow], error: str | None
) -> str:
    title = f"Timeline: {a}" + (f" and {b}" if b else "")
    body = f"<h1>{esc(title)}</h1>" + render_timeline_form(a, b, since, until)
    if error:
        body += f'<p class="error">{esc(error)}</p>'
    else:
        body += render_timeline_rows(rows)
    return render_page(title, body)


def render_search(query: str, hits: Sequence[SearchHit]) -> str:
    body = f"<h1>Search: {esc(query)}</h1>" if query else "<h1>Search</h1>"
    if query and not hits:
        body += '<p class="empty">No matching articles.</p>'
    items = []
    for hit in hits:
        # the store marks matches with [ ]; escape first, then turn them into <mark>
        snippet = esc(hit.snippet).replace("[", "<mark>").replace("]", "</mark>")
        items.append(
            f'<li><a href="{href("document", hit.doc_id)}">{esc(hit.title or hit.doc_id)}</a>'
            f'<div class="meta">{snippet}</div></li>'
        )
    if items:
        body += f'<ul class="hits">{"".join(items)}</ul>'
    return render_page(f"Search {query}", body, query=query)


def event_anchor(event: EventRow) -> str:
    return f"event-{event.index}"


def render_event_table(events: Sequence[EventRow]) -> str:
    """Events as table rows, each sentence linking to its highlight in the article."""
    if not events:
        return '<p class="empty">No events.</p>'
    head = "<tr><th>date</th><th>event</th><th>where</th><th>sentence</th></tr>"
    rows = []
    for e in events:
        basis = e.date.main_basis if e.date else None
        flags = "" if e.modality == "asserted" else f' <span class="basis">{esc(e.modality)}</span>'
        target = href("document", e.doc_id) + f"#ev-{esc(e.index)}"
        source = f'<a class="src" href="{target}">[{esc(e.doc_id)} {esc(e.lang or "")}]</a>'
        story = f' · <a href="{href("story", e.story_id)}">story</a>' if e.story_id else ""
        what = f"{render_kind(e.type, e.mode)}{flags}<br>{render_pair(e.source, e.target)}"
        rows.append(
            f"<tr><td>{render_date(e.date, basis)}</td><td>{what}{story}</td>"
            f"<td>{esc(format_place(e.location))}</td>"
            f"<td>{esc(preview(e.sentence))} {source}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def render_story(story: Story, events: Sequence[EventRow]) -> str:
    basis = story.date.main_basis if story.date else None
    title = f"{story.type} {actor_label(story.source)} → {actor_label(story.target)}"
    people = ", ".join(esc(p) for p in story.participants)
    langs = sorted({e.lang or "und" for e in events})
    body = (
        f"<h1>{render_kind(story.type, story.mode)} {render_pair(story.source, story.target)}</h1>"
        f"<p>{render_date(story.date, basis)} · {esc(format_place(story.location))}</p>"
        + (f'<p class="meta">People: {people}</p>' if people else "")
        + f'<p class="meta">{esc(len(story.doc_ids))} report(s) in {esc(", ".join(langs))}</p>'
        "<h2>Reports</h2>" + render_event_table(events)
    )
    return render_page(title, body)


def render_document(doc: Document, events: Sequence[EventRow]) -> str:
    """The cleaned text: boilerplate greyed, each evidence sentence marked and linked."""
    segments = split_segments(
        len(doc.text),
        [(b.span, b.reason) for b in doc.boilerplate],
        [(e.evidence, i) for i, e in enumerate(events)],
    )
    parts = []
    anchored: set[int] = set()
    for seg in segments:
        text = esc(doc.text[seg.start : seg.end])
        if seg.events:
            # an anchor where each evidence starts, its number where it ends
            anchors = "".join(
                f'<a id="ev-{esc(events[i].index)}"></a>' for i in seg.events if i not in anchored
            )
            anchored.update(seg.events)
            links = "".join(
                f'<sup><a href="#{event_anchor(events[i])}">{esc(events[i].index + 1)}</a></sup>'
                for i in seg.events
                if events[i].evidence.end <= seg.end
            )
            kinds = ", ".join(events[i].type for i in seg.events)
            text = f'{anchors}<mark class="evidence" title="{esc(kinds)}">{text}{links}</mark>'
        if seg.boilerplate:
            text = f'<span class="boilerplate" title="{esc(seg.boilerplate)}">{text}</span>'
        parts.append(text)
    meta = " · ".join(
        esc(x)
        for x in (
            doc.lang or "language unknown",
            f"published {doc.published.isoformat()}" if doc.published else "no publication date",
            doc.url or doc.source,
        )
    )
    title = doc.title or doc.id
    body = (
        f"<h1>{esc(title)}</h1><p class=meta>{meta}</p>"
        f'<article class="text" lang="{esc(doc.lang or "")}">{"".join(parts)}</article>'
        "<h2>Events</h2>"
    )
    if not events:
        body += '<p class="empty">No events were found in this article.</p>'
    body += render_document_events(events)
    return render_page(title, body)


def render_document_events(events: Sequence[EventRow]) -> str:
    items = []
    for e in events:
        basis = e.date.main_basis if e.date else None
        story = f' · <a href="{href("story", e.story_id)}">story</a>' if e.story_id else ""
        items.append(
            f'<li id="{event_anchor(e)}">'
            f"{render_date(e.date, basis)} {render_kind(e.type, e.mode)} "
            f"{render_pair(e.source, e.target)} · {esc(format_place(e.location))}"
            f' · <a href="#ev-{esc(e.index)}">sentence</a>{story}'
            + (f' <span class="basis">{esc(e.modality)}</span>' if e.modality != "asserted" else "")
            + "</li>"
        )
    return f"<ol>{''.join(items)}</ol>" if items else ""


def render_actor(name: str, ids: Iterable[str], events: Sequence[EventRow]) -> str:
    codes = ", ".join(esc(i) for i in sorted(ids))
    partners: dict[str, int] = {}
    for e in events:
        for side in (e.source, e.target):
            if side and side not in ids:
                partners[side] = partners.get(side, 0) + 1
    counter = "".join(
        f'<li><a href="{href("timeline", a=name, b=p)}">{esc(p)}</a> ({esc(n)})</li>'
        for p, n in sorted(partners.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    body = (
        f"<h1>{esc(name)}</h1><p class=meta>Known as {codes or 'nothing in the KB'}</p>"
        + (f"<h2>Counterparts</h2><ul>{counter}</ul>" if counter else "")
        + "<h2>Events</h2>"
        + render_event_table(events)
    )
    return render_page(name, body)


def render_error(status: int, message: str) -> str:
    body = f'<h1>{esc(status)}</h1><p class="error">{esc(message)}</p><p><a href="/">Home</a></p>'
    return render_page(str(status), body)
