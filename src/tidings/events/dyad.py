"""Who acts on whom inside one sentence: the source and target of a trigger.

Why a module of its own: word order is where languages differ most (subject first or
nearest, verb-second inversion, coordinated subjects, background clauses), and every rule
here is driven by pack keys, so the events stage only asks "which two actors?".
"""

from __future__ import annotations

from tidings.events.lexicon import Lexicon
from tidings.events.roles import Actor
from tidings.events.triggers import TriggerMatch
from tidings.model import Span
from tidings.tokens import Token, tokenize

#: Dashes that set off an inserted phrase ("am 1. September – exakt 83 Jahre … – forderte").
DASHES = frozenset("–—")

#: Punctuation that separates clauses, in half- and full-width forms.
CLAUSE_BREAKS = frozenset(",.;:()，、；：（）。")

#: Most words between two actors read as one coordinated subject ("X und der Y", "X dan Y").
COORDINATION_GAP = 2


def pick_dyad(
    text: str,
    actors: list[Actor],
    trigger: Span,
    position: str = "nearest",
    conjunctions: frozenset[str] = frozenset(),
    background: tuple[Span, ...] = (),
) -> tuple[Actor | None, Actor | None, bool]:
    """Source: the actor nearest before the trigger (the subject in subject-first clauses),
    or the first of two coordinated actors ("X and Y agreed"); target: the first actor of
    another country after the trigger, else before it."""
    before = [a for a in actors if a.end <= trigger.start]
    # an actor inside a background clause ("鉴于美国…，") is not the source of the main clause
    before = [a for a in before if not any(b.contains(a.span) for b in background)] or before
    after = [a for a in actors if a.start >= trigger.end]
    if not before:
        source = after[0] if after else None
        if source is None:
            return None, None, False
        rest = [a for a in after if a.code != source.code]
        return source, (rest[0] if rest else None), False
    # the start of the run of coordinated actors that holds the source
    k = 0 if position == "first" else len(before) - 1
    while (
        position != "first" and k > 0 and coordinated(text, before[k - 1], before[k], conjunctions)
    ):
        k -= 1
    source = before[k]
    partner = before[k + 1] if k + 1 < len(before) else None
    if partner and coordinated(text, source, partner, conjunctions) and partner.code != source.code:
        return source, partner, True
    others_after = [a for a in after if a.code != source.code]
    others_before = [a for a in reversed(before) if a.code != source.code]
    rest = others_after + others_before
    return source, (rest[0] if rest else None), False


def coordinated(
    text: str, first: Actor, second: Actor, conjunctions: frozenset[str] = frozenset()
) -> bool:
    """ "X and Y": at most two short words, one of them a conjunction of the pack (when it
    lists any), and no punctuation between two actors."""
    gap = text[first.end : second.start]
    words = [t.folded for t in tokenize(gap)]
    if len(words) > COORDINATION_GAP or any(c in gap for c in CLAUSE_BREAKS):
        return False
    if not conjunctions:
        return True
    if any(w in conjunctions for w in words):
        return True
    # a conjunction written onto the next word (Arabic "وأردوغان"), never two names that
    # simply touch ("中国台湾地区")
    head = text[second.start : second.start + 1].casefold()
    return not words and bool(gap.strip() == "" and gap) and head in conjunctions


def background_spans(
    text: str, tokens: list[Token], subordinators: tuple[tuple[str, ...], ...]
) -> tuple[Span, ...]:
    """Spans from a subordinator to the next clause break: background clauses."""
    spans = []
    for k in range(len(tokens)):
        for words in subordinators:
            if tuple(t.folded for t in tokens[k : k + len(words)]) == words:
                start = tokens[k].start
                stop = min(
                    (i for i in range(start, tokens[-1].end) if text[i] in CLAUSE_BREAKS),
                    default=tokens[-1].end,
                )
                spans.append(Span(start, stop))
    return tuple(spans)


def in_subordinate_clause(
    text: str, tokens: list[Token], first: int, subordinators: tuple[tuple[str, ...], ...]
) -> bool:
    """True when a subordinator of the pack opens the clause that holds token ``first``
    ("Setelah pembicaraan, …", "鉴于…反对，…"): no clause break between the two."""
    for k in range(first):
        for words in subordinators:
            if tuple(t.folded for t in tokens[k : k + len(words)]) != words:
                continue
            gap = text[tokens[k].end : tokens[first].start]
            if not any(c in gap for c in CLAUSE_BREAKS):
                return True
    return False


#: How many words may stand between a verb and its inverted subject ("warnte der türkische
#: Präsident …": article and adjective belong to the actor group; one more word is allowed).
INVERSION_REACH = 1


def inverted_subject(
    text: str, actors: list[Actor], match: TriggerMatch, lexicon: Lexicon
) -> tuple[Actor, Actor | None, bool] | None:
    """Verb-second word order ("…, forderte die polnische Regierung … von Deutschland"): when
    the pack says so, a verb (written in lower case where nouns are capitalised) with no
    actor before it in its clause and an actor right after it has that actor as subject."""
    if not lexicon.subject_inversion:
        return None
    surface = text[match.span.start : match.span.end]
    if not surface[:1].islower():
        return None  # a capitalised trigger is a noun ("Gespräch"), not a finite verb
    clause_start = max(
        (i + 1 for i in range(match.span.start) if text[i] in CLAUSE_BREAKS | DASHES),
        default=0,
    )
    if any(clause_start <= a.start and a.end <= match.span.start for a in actors):
        return None
    after = [a for a in actors if a.start >= match.span.end]
    if not after:
        return None
    gap = text[match.span.end : after[0].start]
    if len(tokenize(gap)) > INVERSION_REACH or any(c in gap for c in CLAUSE_BREAKS):
        return None
    subject = after[0]
    others = [a for a in actors if a is not subject and a.code != subject.code]
    others.sort(key=lambda a: (a.start < match.span.start, a.start))
    return subject, (others[0] if others else None), False
