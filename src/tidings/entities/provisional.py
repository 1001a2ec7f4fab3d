"""Merge provisional people (names found after a title, unknown to the KB) across documents.

Why: "Presiden Shavkat Mirziyoyev", "Präsident Schawkat Mirsijojew" and "президент Шавкат
Мирзиёев" give three provisional ids (``prov:<folded name>``) in three documents; the
record should hold one person. Names are compared on a transliterated key (anyascii, case
and accents folded, word order ignored, since some languages put the family name first)
and then fuzzily (rapidfuzz), only within one country. A provisional person close to
exactly one KB person of the same country becomes that person; a group never holds two KB
people, so two known people are never merged through a provisional spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import fuzz, process

from tidings.entities.fold import fold
from tidings.entities.kb import KnowledgeBase
from tidings.model import Entity

#: Minimum rapidfuzz token-sort ratio between two transliterated names of one person.
MERGE_RATIO = 88.0
_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """A transliterated, folded key with the words sorted ("Си Цзиньпин" → "czin'pin si")."""
    words = _NON_WORD.sub(" ", fold(anyascii(name))).split()
    return " ".join(sorted(words))


@dataclass(slots=True)
class _Group:
    canonical: str
    country: str | None
    keys: list[str] = field(default_factory=list)
    kb_id: str | None = None


def _compatible(group: _Group, country: str | None, kb_id: str | None) -> bool:
    if group.country and country and group.country != country:
        return False
    return group.kb_id is None or kb_id is None or group.kb_id == kb_id


def _similar(group: _Group, key: str) -> bool:
    return any(key == k or fuzz.token_sort_ratio(key, k) >= MERGE_RATIO for k in group.keys)


def _kb_person(kb: KnowledgeBase | None, entity: Entity) -> str | None:
    """The one KB person of the entity's country its name is close to, if exactly one."""
    if kb is None:
        return None
    found = [
        i
        for i in kb.fuzzy_people(entity.name)
        if entity.country is None or kb.country_of(i) in {entity.country, None}
    ]
    return found[0] if len(found) == 1 else None


def merge_provisional(
    entities: Iterable[Entity], kb: KnowledgeBase | None = None
) -> dict[str, str]:
    """Map each provisional entity id to the id it merges into.

    The target is a KB id when the group matched exactly one KB person, else the first
    provisional id of the group (ids are stable as documents arrive in order). Entities
    that are not provisional are ignored.
    """
    groups: list[_Group] = []
    merged: dict[str, str] = {}
    members: dict[str, _Group] = {}
    for entity in entities:
        if not entity.provisional or entity.kb_id in members:
            continue
        key = name_key(entity.name)
        kb_id = _kb_person(kb, entity)
        group = next(
            (g for g in groups if _compatible(g, entity.country, kb_id) and _similar(g, key)),
            None,
        )
        if group is None:
            group = _Group(canonical=entity.kb_id, country=entity.country)
            groups.append(group)
        group.keys.append(key)
        group.country = group.country or entity.country
        group.kb_id = group.kb_id or kb_id
        members[entity.kb_id] = group
    for prov_id, group in members.items():
        merged[prov_id] = group.kb_id or group.canonical
    return merged


def match_key(key: str, stored: dict[str, str]) -> str | None:
    """The id in ``stored`` (id → name key of a provisional person already told apart from
    the others) whose key ``key`` is a spelling of: equal, else the closest fuzzy match.

    Why not ``merge_provisional``: the stored people are already grouped, so only the new
    one needs comparing; one C-level pass (rapidfuzz) keeps a store's write fast.
    """
    for kb_id, other in stored.items():
        if other == key:
            return kb_id
    best = process.extractOne(key, stored, scorer=fuzz.token_sort_ratio, score_cutoff=MERGE_RATIO)
    return str(best[2]) if best is not None else None
