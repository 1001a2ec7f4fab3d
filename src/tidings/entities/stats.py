"""Count what the knowledge base holds (``tidings kb stats``).

Why: coverage is the KB's quality in numbers: how many people, how many of them with a
checkable Wikidata QID and dated tenures, and how many names each language has. A pack
author sees at once whether their language reaches the people and organisations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tidings.entities.kb import KnowledgeBase


@dataclass(slots=True)
class KBStats:
    """Counts over one KB."""

    entries: int = 0
    alias_keys: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    #: Alias refs per language (one alias may count for several languages).
    aliases_by_lang: Counter[str] = field(default_factory=Counter)
    #: Entities named in each language, per kind: {lang: {kind: n}}.
    named_by_lang: dict[str, Counter[str]] = field(default_factory=dict)
    with_qid: Counter[str] = field(default_factory=Counter)
    people_with_tenures: int = 0
    tenures_by_role: Counter[str] = field(default_factory=Counter)
    problems: int = 0


def count_kb(kb: KnowledgeBase) -> KBStats:
    """Counts of entries by kind, QIDs, tenures and aliases by language."""
    stats = KBStats(entries=len(kb.entries), alias_keys=len(kb.aliases), problems=len(kb.problems))
    for entry in kb.entries.values():
        stats.by_kind[entry.kind] += 1
        if entry.qid:
            stats.with_qid[entry.kind] += 1
        if entry.tenures:
            stats.people_with_tenures += 1
            stats.tenures_by_role.update(t.role for t in entry.tenures)
    named: dict[str, set[str]] = {}
    for refs in kb.aliases.values():
        for ref in refs:
            for lang in ref.langs:
                stats.aliases_by_lang[lang] += 1
                named.setdefault(lang, set()).add(ref.kb_id)
    for lang, ids in named.items():
        stats.named_by_lang[lang] = Counter(kb.entries[i].kind for i in ids if i in kb.entries)
    return stats
