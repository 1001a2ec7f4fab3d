"""Passive voice: "Y was attacked by X" names the target first and the source after "by".

Why a rule of its own: the dyad rule reads subject-first clauses (the actor before the verb
acts). A passive marker right before the trigger ("was", "were", "wurde", "di-") turns that
round; the pack lists the markers and the agent words ("by", "von", "oleh", "par") as data
(``passive_markers``, ``agent_markers`` in pack.toml), so the code names no language.
"""

from __future__ import annotations

from tidings.events.lexicon import Lexicon
from tidings.events.markers import actor_after_marker
from tidings.events.roles import Actor
from tidings.model import Span
from tidings.tokens import Token

#: How many words may stand between a passive marker and the trigger: none, since "is
#: investigating alleged crimes by X" is no passive of "alleged".
PASSIVE_GAP = 0
#: How many words after the trigger the agent marker may come ("was attacked overnight by").
AGENT_REACH = 4
#: How many words may stand between the agent marker and the actor ("by a Ukrainian man").
AGENT_GAP = 2


def is_passive(tokens: list[Token], first: int, lexicon: Lexicon) -> bool:
    """True when a passive marker of the pack stands right before token ``first``."""
    window = tokens[max(0, first - 1 - PASSIVE_GAP) : first]
    return any(t.folded in lexicon.passive_markers for t in window)


def find_agent(
    text: str,
    tokens: list[Token],
    last: int,
    actors: list[Actor],
    lexicon: Lexicon,
    breaks: frozenset[str],
) -> Actor | None:
    """The actor right after an agent marker that follows token ``last`` in the same clause."""
    reach = (AGENT_REACH, AGENT_GAP)
    return actor_after_marker(text, tokens, last, actors, lexicon.agent_markers, reach, breaks)


def swap_passive(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    trigger: Span,
    actors: list[Actor],
    lexicon: Lexicon,
    breaks: frozenset[str],
) -> tuple[Actor | None, Actor | None] | None:
    """(source, target) of a passive clause with a named agent, or None otherwise: the agent
    after "by" acts, the subject before the verb is acted upon."""
    if not lexicon.passive_markers or not is_passive(tokens, first, lexicon):
        return None
    agent = find_agent(text, tokens, last, actors, lexicon, breaks)
    if agent is None:
        return None  # "is willing", "were killed": without a named agent, leave the order
    before = [a for a in actors if a.end <= trigger.start]
    subject = before[-1] if before else None
    if subject is not None and subject.code == agent.code:
        subject = None
    return agent, subject
