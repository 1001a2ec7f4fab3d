"""Target markers: "an attack with Russian missiles against the Ukrainian capital".

Why a rule of its own: the dyad rule takes the actor before the trigger as the source and
the next one as the target. When a noun trigger has no subject before it, or an adjective
of the weapon or force stands between the trigger and its object ("misiles rusos contra
Kiev"), that order is backwards. A preposition that introduces the target ("against",
"contra", "gegen", "против") settles it; each pack lists its own (``target_markers`` in
pack.toml), so the code names no language.
"""

from __future__ import annotations

from tidings.events.lexicon import Lexicon
from tidings.events.markers import actor_after_marker
from tidings.events.roles import Actor
from tidings.model import Span
from tidings.tokens import Token

#: How many words after the trigger the marker may come ("attack overnight with drones against").
TARGET_REACH = 6
#: How many words may stand between the marker and the actor ("contra la capital ucraniana").
TARGET_GAP = 3


def apply_target_marker(
    text: str,
    tokens: list[Token],
    last: int,
    trigger: Span,
    actors: list[Actor],
    lexicon: Lexicon,
    breaks: frozenset[str],
) -> tuple[Actor, Actor] | None:
    """(source, target) when a target marker names the target, else None.

    The source is the nearest actor of another country before the trigger (the subject),
    else the first one between the trigger and the marker ("misiles rusos"). Without such
    an actor nothing changes: "accused the West of plotting against Belarus" names no source
    other than the target's own country.
    """
    if not lexicon.target_markers:
        return None
    reach = (TARGET_REACH, TARGET_GAP)
    target = actor_after_marker(text, tokens, last, actors, lexicon.target_markers, reach, breaks)
    if target is None:
        return None
    before = [a for a in actors if a.end <= trigger.start and a.code != target.code]
    between = [
        a
        for a in actors
        if trigger.end <= a.start and a.end <= target.start and a.code != target.code
    ]
    source = before[-1] if before else (between[0] if between else None)
    return (source, target) if source is not None else None
