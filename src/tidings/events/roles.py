"""Who is involved: turn the mentions of a sentence into actor groups with a country.

Why groups: a press phrase names one actor with several mentions in a row ("Perdana Menteri
Tiongkok Li Qiang", "der chinesische Staatspräsident Xi Jinping"): title, country or
adjective, and name. Grouping adjacent mentions gives one actor with the person's KB id and
country, and keeps "China und Belarus" as two actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings.model import Document, Mention, Span

#: Mention kinds that can stand for an actor; an international organisation acts as itself.
ACTOR_KINDS = frozenset({"person", "country", "title", "demonym", "city", "org"})


@dataclass(slots=True)
class Actor:
    start: int
    end: int
    country: str | None = None
    person: str | None = None  # KB id of the named person, if any
    org: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def code(self) -> str | None:
        """What the event records for this actor: its country, else the organisation's id."""
        return self.country or self.org

    @property
    def entity(self) -> str | None:
        return self.person or self.org or (f"iso:{self.country}" if self.country else None)


def mention_country(doc: Document, mention: Mention) -> str | None:
    """The country a mention stands for: a person's, a place's, or what a title says."""
    if mention.kb_id and mention.kb_id in doc.entities:
        entity = doc.entities[mention.kb_id]
        if entity.country:
            return entity.country
    return mention.country


def _modifies_next_word(text: str, end: int) -> bool:
    """True when a hyphen ties the mention to the next word ("G20-Gipfel", "NATO-led")."""
    return text[end : end + 1] in {"-", "‑"} and text[end + 1 : end + 2].isalpha()


def _gap_is_blank(text: str) -> bool:
    return text.strip() == ""


def group_actors(doc: Document, mentions: list[Mention]) -> list[Actor]:
    """Adjacent actor mentions (only white space between) become one actor."""
    actors: list[Actor] = []
    for m in sorted(mentions, key=lambda m: m.span.start):
        if m.kind not in ACTOR_KINDS:
            continue
        org = (m.kb_id or (m.candidates[0] if m.candidates else None)) if m.kind == "org" else None
        if m.kind == "org" and (org is None or org not in doc.entities):
            continue  # an unlinked organisation name acts for nobody
        if org is not None and _modifies_next_word(doc.text, m.span.end):
            continue  # "des G20-Gipfels", "EU-Gipfel": the organisation names a meeting
        country = None if org else mention_country(doc, m)
        person = m.kb_id if m.kind == "person" else None
        last = actors[-1] if actors else None
        if org is not None or (last is not None and last.org is not None):
            actors.append(Actor(m.span.start, m.span.end, country, person, org, [m]))
            continue
        if (
            last is not None
            and _gap_is_blank(doc.text[last.end : m.span.start])
            and not (country and last.country and country != last.country)
            and not (person and last.person)
        ):
            last.end = m.span.end
            last.country = last.country or country
            last.person = last.person or person
            last.mentions.append(m)
            continue
        actors.append(Actor(m.span.start, m.span.end, country, person, None, [m]))
    return [a for a in actors if a.country or a.person or a.org]
