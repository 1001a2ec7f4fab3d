"""Find event triggers in a sentence: words or phrases from the pack's ``triggers.tsv``.

Why token rules: they are reviewable data, work the same in every language that separates
words, and say exactly which row fired (``TriggerMatch.rule.origin``) so every event can be
explained. Inflection is handled by the row's ``match`` kind, declared in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.events.lexicon import CueRule, Lexicon, TriggerRule
from tidings.model import Span
from tidings.tokens import Token

#: How many tokens before a trigger a modality cue may stand (calibrated on the seeds and
#: our test texts: "akan segera berkunjung", "did not meet").
MODALITY_WINDOW = 3


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    rule: TriggerRule
    first: int  # index of the first token of the match
    span: Span  # span of the first part (the word a reader sees as the trigger)
    modality: str


def _token_matches(token: str, word: str, kind: str) -> bool:
    if kind == "prefix":
        return token.startswith(word)
    if kind == "contains":
        return word in token
    return token == word


def _sequence_at(tokens: list[Token], i: int, seq: tuple[str, ...], kind: str) -> bool:
    if i + len(seq) > len(tokens):
        return False
    for k, word in enumerate(seq):
        # Only the last word of a phrase may inflect ("held talks", "state visits").
        word_kind = kind if k == len(seq) - 1 or kind == "contains" else "word"
        if not _token_matches(tokens[i + k].folded, word, word_kind):
            return False
    return True


def _match_rule(tokens: list[Token], i: int, rule: TriggerRule) -> bool:
    first, *rest = rule.parts
    if not _sequence_at(tokens, i, first, rule.match):
        return False
    j = i + len(first)
    for part in rest:  # "lehnt … ab": the particle must follow later in the sentence
        while j < len(tokens) and not _sequence_at(tokens, j, part, "word"):
            j += 1
        if j >= len(tokens):
            return False
        j += len(part)
    return True


def _has_sequence(window: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return n > 0 and any(tuple(window[k : k + n]) == seq for k in range(len(window) - n + 1))


def _cue_fires(cue: CueRule, tokens: list[Token], first: int, last: int, word: str) -> bool:
    """Whether ``cue`` stands where its row says: among the words before the trigger, the
    words after it, or inside the trigger's own word after the matched part ("görüşmedi")."""
    if cue.where == "inside":
        rest = tokens[first].folded
        cut = rest.find(word)
        return cut >= 0 and cue.text in rest[cut + len(word) :]
    if cue.where == "after":
        window = [t.folded for t in tokens[last + 1 : last + 1 + MODALITY_WINDOW]]
    else:
        window = [t.folded for t in tokens[max(0, first - MODALITY_WINDOW) : first]]
    return _has_sequence(window, cue.tokens)


def _modality(
    tokens: list[Token], first: int, last: int, word: str, cues: tuple[CueRule, ...]
) -> str:
    found = "asserted"
    for cue in cues:
        if _cue_fires(cue, tokens, first, last, word):
            if cue.kind == "negation":
                return "negated"
            found = "planned"
    return found


def find_triggers(tokens: list[Token], lexicon: Lexicon) -> list[TriggerMatch]:
    """Non-overlapping trigger matches in sentence ``tokens``, longest rule first."""
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    for i in range(len(tokens)):
        if i in used:
            continue
        for rule in lexicon.triggers:
            if _match_rule(tokens, i, rule):
                n = len(rule.parts[0])
                used.update(range(i, i + n))
                span = Span(tokens[i].start, tokens[i + n - 1].end)
                modality = _modality(tokens, i, i + n - 1, rule.parts[0][-1], lexicon.modality)
                matches.append(TriggerMatch(rule, i, span, modality))
                break
    return matches
