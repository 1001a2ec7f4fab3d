"""An actor introduced by a marker word after a trigger: "attacked … by X", "… against Y".

Why shared: the passive agent ("by", "von", "oleh") and the target of an act ("against",
"contra", "gegen") are found the same way: a marker word of the pack a few words after the
trigger, in the same clause, and an actor at most a few words after the marker.
"""

from __future__ import annotations

from collections.abc import Collection

from tidings.events.roles import Actor
from tidings.tokens import Token


def actor_after_marker(
    text: str,
    tokens: list[Token],
    last: int,
    actors: list[Actor],
    markers: Collection[str],
    reach: tuple[int, int],
    breaks: frozenset[str],
) -> Actor | None:
    """The actor right after a marker that follows token ``last`` in the same clause.

    ``reach`` is (words from the trigger to the marker, words from the marker to the actor).
    """
    to_marker, to_actor = reach
    for k in range(last + 1, min(len(tokens), last + 1 + to_marker)):
        if tokens[k].folded not in markers:
            continue
        if any(c in text[tokens[last].end : tokens[k].start] for c in breaks):
            return None
        following = [a for a in actors if a.start >= tokens[k].end]
        if not following:
            return None
        gap = text[tokens[k].end : following[0].start]
        if any(c in gap for c in breaks) or len(gap.split()) > to_actor:
            return None  # "by an explosive device outside the Iraqi city": no actor named
        return following[0]
    return None
