"""Where: tell place names in location position ("in Samarkand", "di ibu kota Minsk") from
capitals used as actors ("Beijing menyatakan…", "Minsk said…").

Why cues from data: the words that put a name in location position are prepositions of each
language (``places.tsv``); the code only checks whether such a cue stands right before.
"""

from __future__ import annotations

from typing import Any

from tidings.events.lexicon import Lexicon
from tidings.model import Document, Location, Mention
from tidings.tokens import Token

PLACE_KINDS = frozenset({"city", "venue"})

#: How many tokens before a place name a location cue may stand ("di ibu kota Minsk").
CUE_WINDOW = 3


#: How many characters after a place name an ``after`` cue may start ("Pekin'de", "北京で").
AFTER_REACH = 2


def has_place_cue(
    tokens: list[Token], start: int, lexicon: Lexicon, text: str = "", end: int = 0
) -> bool:
    """True when a location cue of the pack ends within ``CUE_WINDOW`` tokens before ``start``,
    or (cue kind ``after``) follows the name at ``end`` (a case suffix or postposition)."""
    following = text[end : end + AFTER_REACH + 12].casefold()
    for cue in lexicon.place_cues:
        if cue.where == "after" and cue.text:
            head = following[: AFTER_REACH + len(cue.text)]
            if head.lstrip(" '’").startswith(cue.text):
                return True
    before = [t.folded for t in tokens if t.end <= start][-CUE_WINDOW:]
    for cue in lexicon.place_cues:
        if cue.where == "after":
            continue
        n = len(cue.tokens)
        for k in range(len(before) - n + 1):
            if tuple(before[k : k + n]) == cue.tokens:
                return True
    return False


def is_capital(kb: Any, kb_id: str | None) -> bool:
    entry = kb.get(kb_id) if kb_id else None
    return bool(entry is not None and getattr(entry, "capital", False))


def location_of(doc: Document, kb: Any, mention: Mention) -> Location | None:
    """The Location a city or venue mention names (a venue resolves to its city)."""
    if not mention.kb_id:
        return None
    entry = kb.get(mention.kb_id)
    if entry is None:
        return None
    city_name: str | None = entry.name
    city_id: str | None = mention.kb_id
    if mention.kind == "venue":
        city_id = getattr(entry, "city", None)
        city = kb.get(city_id) if city_id else None
        # a venue away from any city (a cosmodrome, a base) is itself the place
        city_name = city.name if city is not None else entry.name
    return Location(
        city=city_name,
        country=getattr(entry, "country", None),
        kb_id=city_id,
        span=mention.span,
        rule=f"place:{mention.rule}",
    )
