"""Choose the KB entity each mention refers to, and describe the document's entities.

Why a separate pass: a mention alone is often ambiguous ("Li" may be four Chinese
leaders); the document around it is not. Linking scores each candidate with what the
document says: a full name of the same person elsewhere in the text, the role and country
a title gives, and who held which office on the publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tidings.entities.kb import KnowledgeBase
from tidings.entities.mentions import find_mentions
from tidings.model import Document, Entity, Mention

#: Kinds that name an entity (titles name none; demonyms name their country).
ENTITY_KINDS = frozenset({"country", "person", "org", "city", "venue", "region", "demonym"})

#: Candidate scores (added up): named in full elsewhere in the document, holding the
#: title's role on the publication date, serving the title's country. Calibrated together
#: on the seeds: a full name elsewhere outweighs any single other clue.
FULL_NAME_BONUS = 3.0
ROLE_BONUS = 1.5
COUNTRY_BONUS = 1.0


def _full_names(mentions: list[Mention]) -> set[str]:
    """People named by a full (not surname-only) unambiguous mention."""
    return {
        m.candidates[0]
        for m in mentions
        if m.kind == "person" and len(m.candidates) == 1 and not m.rule.endswith("short")
    }


def _score(
    kb: KnowledgeBase, kb_id: str, mention: Mention, full: set[str], day: dt.date | None
) -> float:
    score = 0.0
    if kb_id in full:
        score += FULL_NAME_BONUS
    tenure = kb.role_at(kb_id, day) if day is not None else None
    if mention.role and tenure is not None and tenure.role == mention.role:
        score += ROLE_BONUS
    elif mention.role and day is None:
        entry = kb.get(kb_id)
        if entry is not None and any(t.role == mention.role for t in entry.tenures):
            score += ROLE_BONUS / 2
    if mention.country and kb.country_of(kb_id) == mention.country:
        score += COUNTRY_BONUS
    return score


def choose(kb: KnowledgeBase, mention: Mention, full: set[str], day: dt.date | None) -> str | None:
    """The candidate this mention most likely names; None when context cannot decide."""
    if mention.kb_id is not None:
        return mention.kb_id
    candidates = [c for c in mention.candidates if kb.get(c) is not None]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    if mention.kind != "person":
        return candidates[0]  # already ranked by prior
    scored = sorted(((_score(kb, c, mention, full, day), c) for c in candidates), reverse=True)
    if scored[0][0] == scored[1][0]:
        return _by_prior(kb, mention, [c for s, c in scored if s == scored[0][0]])
    return scored[0][1]


def _by_prior(kb: KnowledgeBase, mention: Mention, tied: list[str]) -> str | None:
    """Break a tie by the alias prior (a namesake recorded as the rarer reading, such as
    a spokesperson who shares a leader's romanised name); None when priors tie too."""
    priors: dict[str, float] = {}
    for ref in kb.refs(mention.surface):
        priors[ref.kb_id] = max(priors.get(ref.kb_id, 0.0), ref.prior)
    ranked = sorted(tied, key=lambda c: priors.get(c, 0.0), reverse=True)
    if len(ranked) > 1 and priors.get(ranked[0], 0.0) == priors.get(ranked[1], 0.0):
        return None
    return ranked[0]


def link_mentions(doc: Document, kb: KnowledgeBase) -> Document:
    """Set ``kb_id`` on ``doc.mentions`` and fill ``doc.entities`` (role at the doc's date)."""
    day = doc.published
    full = _full_names(doc.mentions)
    linked: list[Mention] = []
    for mention in doc.mentions:
        if mention.kind not in ENTITY_KINDS:
            linked.append(mention)
            continue
        kb_id = choose(kb, mention, full, day)
        country = mention.country
        if kb_id is not None and not kb_id.startswith("prov:"):
            country = kb.country_of(kb_id) or country
        linked.append(replace(mention, kb_id=kb_id, country=country))
    doc.mentions = linked
    doc.entities = describe_entities(linked, kb, day)
    return doc


def describe_entities(
    mentions: list[Mention], kb: KnowledgeBase, day: dt.date | None
) -> dict[str, Entity]:
    """One ``Entity`` per linked id; a person's role is the title's, else the KB's on ``day``."""
    entities: dict[str, Entity] = {}
    for mention in mentions:
        kb_id = mention.kb_id
        if kb_id is None or mention.kind not in ENTITY_KINDS:
            continue
        if kb_id.startswith("prov:"):
            if kb_id not in entities:
                entities[kb_id] = Entity(
                    kb_id=kb_id,
                    kind="person",
                    name=mention.surface,
                    country=mention.country,
                    role=mention.role or "other",
                    provisional=True,
                )
            continue
        entity = entities.get(kb_id) or kb.entity(kb_id, day)
        if entity.kind == "person" and mention.role and (day is None or entity.role == "other"):
            entity = replace(entity, role=mention.role)
        entities[kb_id] = entity
    return entities


def entities_stage(doc: Document, kb: KnowledgeBase) -> Document:
    """The pipeline stage: find mentions, then link them (reads ``text``, ``boilerplate``,
    ``lang``, ``published``; assigns ``mentions`` and ``entities``)."""
    doc.mentions = find_mentions(doc, kb)
    return link_mentions(doc, kb)
