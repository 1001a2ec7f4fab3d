"""Relations between actors from stored stories: edges per month and type, and profiles.

Why stories, not events: an edge weight should count real-world events, so ten reports of
one meeting weigh as one. Each edge carries the number of stories per PLOVER type and the
sum of their Goldstein-style scores (cooperation positive, conflict negative), per month;
exported as JSON, Graphviz DOT or GraphML for other tools.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import asdict, dataclass
from xml.sax.saxutils import quoteattr

from tidings.events.coding import DEFAULT_CAMEO, goldstein
from tidings.model import PloverType
from tidings.store import Store, StoryRow
from tidings.store.read import date_bounds


@dataclass(frozen=True, slots=True)
class Edge:
    """Stories from ``source`` to ``target`` of one type in one month ("2023-03", or
    "unknown" when the story's month is not known)."""

    source: str
    target: str
    month: str
    type: str
    stories: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class Profile:
    """An actor as the store knows it."""

    actor: str
    names: tuple[str, ...]
    aliases: tuple[tuple[str, int], ...]
    roles: tuple[dict[str, str | None], ...]
    partners: tuple[tuple[str, int], ...]


def score_story(store: Store, story: StoryRow) -> float:
    """Goldstein score of the story's main CAMEO code, else its type's default code."""
    cameo = store.story_cameo(story.id)
    if cameo is None and story.type in PloverType.__members__:
        cameo = DEFAULT_CAMEO.get(PloverType(story.type))
    return goldstein(cameo) or 0.0


def story_month(story: StoryRow) -> str:
    date = story.date
    if date is not None and date.year and date.month:
        return f"{date.year:04d}-{date.month:02d}"
    return "unknown"


def in_period(story: StoryRow, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    bounds = date_bounds(story.date)
    if bounds is None:
        return False
    return (since is None or bounds[1] >= since) and (until is None or bounds[0] <= until)


def build_edges(
    store: Store,
    actors: set[str] | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Edge]:
    """Actor-to-actor edges, weighted by stories per type and month; sorted."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    scores: dict[tuple[str, str, str, str], float] = {}
    for story in store.stories(actors):
        if not story.source or not story.target or not in_period(story, since, until):
            continue
        key = (story.source, story.target, story_month(story), story.type)
        counts[key] += 1
        scores[key] = scores.get(key, 0.0) + score_story(store, story)
    return [
        Edge(s, t, m, k, counts[(s, t, m, k)], round(scores[(s, t, m, k)], 2))
        for s, t, m, k in sorted(counts)
    ]


def format_json(edges: list[Edge]) -> str:
    return json.dumps([asdict(e) for e in edges], ensure_ascii=False, indent=2)


def merge_pairs(edges: list[Edge]) -> dict[tuple[str, str], tuple[int, float]]:
    """Stories and score per directed pair, over all months and types."""
    merged: dict[tuple[str, str], tuple[int, float]] = {}
    for e in edges:
        n, g = merged.get((e.source, e.target), (0, 0.0))
        merged[(e.source, e.target)] = (n + e.stories, g + e.goldstein)
    return merged


def format_dot(edges: list[Edge]) -> str:
    lines = ["digraph tidings {"]
    for (s, t), (n, g) in sorted(merge_pairs(edges).items()):
        label = f"{n} stories, {g:+.1f}"
        lines.append(f'  "{s}" -> "{t}" [weight={n}, label="{label}", goldstein={g:.2f}];')
    lines.append("}")
    return "\n".join(lines)


def format_graphml(edges: list[Edge]) -> str:
    nodes = sorted({e.source for e in edges} | {e.target for e in edges})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="stories" for="edge" attr.name="stories" attr.type="int"/>',
        '  <key id="goldstein" for="edge" attr.name="goldstein" attr.type="double"/>',
        '  <key id="month" for="edge" attr.name="month" attr.type="string"/>',
        '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
        '  <graph edgedefault="directed">',
    ]
    out += [f"    <node id={quoteattr(n)}/>" for n in nodes]
    for e in edges:
        out += [
            f"    <edge source={quoteattr(e.source)} target={quoteattr(e.target)}>",
            f'      <data key="stories">{e.stories}</data>',
            f'      <data key="goldstein">{e.goldstein}</data>',
            f'      <data key="month">{e.month}</data>',
            f'      <data key="type">{e.type}</data>',
            "    </edge>",
        ]
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out)


FORMATS = {"json": format_json, "dot": format_dot, "graphml": format_graphml}


def build_profile(store: Store, actor: str, kb_ids: set[str]) -> Profile:
    """Aliases seen in reports, roles over time, and partners by number of stories."""
    codes = {k for k in kb_ids if len(k) == 3 and k.isupper()}
    codes |= {k[4:] for k in kb_ids if k.startswith("iso:")}
    entities = kb_ids | {f"iso:{c}" for c in codes}
    stored = store.tenures(entities)
    roles: list[dict[str, str | None]] = []
    for _, name, tenures in stored:
        for tenure in json.loads(tenures):
            roles.append(
                {
                    "name": name,
                    "role": tenure.get("role"),
                    "country": tenure.get("country"),
                    "start": tenure.get("start"),
                    "end": tenure.get("end"),
                }
            )
    roles.sort(key=lambda r: (r["start"] or "", r["name"] or ""))
    partners: Counter[str] = Counter()
    for story in store.stories(codes | kb_ids):
        for side, other in ((story.source, story.target), (story.target, story.source)):
            if side in codes | kb_ids and other and other not in codes | kb_ids:
                partners[other] += 1
    return Profile(
        actor=actor,
        names=tuple(sorted({name for _, name, _ in stored})),
        aliases=tuple(store.aliases(entities)),
        roles=tuple(roles),
        partners=tuple(sorted(partners.items(), key=lambda p: (-p[1], p[0]))),
    )
