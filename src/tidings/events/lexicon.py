"""Event rules of one language pack, loaded from data and compiled for matching.

Why a separate loader: the pipeline never names a language; it asks for the lexicon of
``doc.lang`` and gets canonical values (PLOVER types, CAMEO codes, modality kinds). A
language without ``triggers.tsv`` gets an empty lexicon and therefore no events.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tidings.model import PloverType
from tidings.resources import pack_toml, pack_tsv
from tidings.tokens import fold_phrase

MATCH_KINDS = frozenset({"word", "prefix", "contains"})


@dataclass(frozen=True, slots=True)
class TriggerRule:
    parts: tuple[tuple[str, ...], ...]  # token sequences; >1 part means "a … b" (gap allowed)
    type: PloverType
    mode: str | None
    cameo: str | None
    match: str
    origin: str

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.parts)


@dataclass(frozen=True, slots=True)
class CueRule:
    tokens: tuple[str, ...]
    kind: str
    origin: str
    where: str = "before"  # before | after (the next words) | inside (the trigger's own word)
    text: str = ""  # the cue as written, folded: matched as a suffix for "inside"/"after" places


@dataclass(frozen=True, slots=True)
class Lexicon:
    lang: str
    triggers: tuple[TriggerRule, ...]
    modality: tuple[CueRule, ...]
    place_cues: tuple[CueRule, ...]
    source_position: str = "nearest"
    main_verb: str = "first"  # "last" where the main verb closes the sentence (SOV)
    conjunctions: frozenset[str] = frozenset()  # "and" words that join two actors
    subordinators: tuple[tuple[str, ...], ...] = ()  # "after", "because": background clauses
    intent_cues: tuple[tuple[str, ...], ...] = ()  # "will", "vowed to": a stated intention
    passive_markers: frozenset[str] = frozenset()  # "was", "were": the subject is acted upon
    agent_markers: frozenset[str] = frozenset()  # "by": the actor of a passive follows
    target_markers: frozenset[str] = frozenset()  # "against", "contra": the target follows
    verb_first: bool = False  # clauses open with the verb (VSO): a subject after it is normal
    subject_inversion: bool = False  # verb-second: "…, warnte der Präsident" (subject after)

    @property
    def empty(self) -> bool:
        return not self.triggers


@functools.cache
def load_lexicon(lang: str | None) -> Lexicon:
    """The compiled event rules of ``lang`` (cached); empty for unknown languages."""
    if not lang:
        return Lexicon("", (), (), ())
    triggers: list[TriggerRule] = []
    for row in pack_tsv(lang, "triggers.tsv"):
        parts = tuple(fold_phrase(p) for p in row["surface"].split("…") if p.strip())
        if not parts or not all(parts):
            continue
        triggers.append(
            TriggerRule(
                parts=parts,
                type=PloverType(row["type"]),
                mode=row.get("mode") or None,
                cameo=row.get("cameo") or None,
                match=row.get("match", "word"),
                origin=row.origin,
            )
        )
    # Longer rules first, so "state visit" wins over "visit" at the same place.
    triggers.sort(key=lambda r: -r.size)
    modality = tuple(
        CueRule(
            fold_phrase(r["cue"]),
            r["kind"],
            r.origin,
            r.get("where", "before"),
            r["cue"].casefold(),
        )
        for r in pack_tsv(lang, "modality.tsv")
    )
    places = tuple(
        CueRule(fold_phrase(r["cue"]), r["kind"], r.origin, r["kind"], r["cue"].casefold())
        for r in pack_tsv(lang, "places.tsv")
    )
    position = str(pack_toml(lang, "pack.toml").get("source_position", "nearest"))
    pack = pack_toml(lang, "pack.toml")
    main_verb = str(pack.get("main_verb", "first"))
    conjunctions = frozenset(
        token for word in pack.get("conjunctions", []) for token in fold_phrase(str(word))
    )
    subordinators = tuple(
        folded for word in pack.get("subordinators", []) if (folded := fold_phrase(str(word)))
    )
    return Lexicon(
        lang,
        tuple(triggers),
        modality,
        places,
        position,
        main_verb,
        conjunctions,
        subordinators,
        intent_cues=_phrases(pack.get("intent_cues", [])),
        passive_markers=frozenset(t for p in _phrases(pack.get("passive_markers", [])) for t in p),
        agent_markers=frozenset(t for p in _phrases(pack.get("agent_markers", [])) for t in p),
        # a marker phrase counts by its first word ("dhidi ya" → "dhidi")
        target_markers=frozenset(p[0] for p in _phrases(pack.get("target_markers", [])) if p),
        verb_first=pack.get("verb_first", False) is True,
        subject_inversion=pack.get("subject_inversion", False) is True,
    )


def _phrases(words: object) -> tuple[tuple[str, ...], ...]:
    """Folded token sequences of a pack.toml list of words or phrases."""
    if not isinstance(words, list):
        return ()
    return tuple(folded for word in words if (folded := fold_phrase(str(word))))
