"""Code stated intentions and refusals the way PLOVER and CAMEO do.

Why a separate step: a sentence's trigger tells what kind of act is talked about ("visit",
"blockade"), its modality tells whether the act happened. An event ontology codes the
*statement* instead of the act when the act did not happen: "will visit" is an intent to
meet (AGREE, CAMEO 036), "would blockade" a threat (THREATEN, 138), "will not meet" a
refusal (REJECT, 125). ``modality`` stays truthful (``planned``, ``negated``), so a
recoded event still never enters a timeline as something that happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.model import PloverType
from tidings.tokens import Token

#: How many words before a trigger an intent cue may end ("said it would soon visit").
INTENT_WINDOW = 3

#: A planned cooperative act is an intent to cooperate: PLOVER type AGREE, with the CAMEO
#: 03x code of the kind of cooperation (CAMEO 2.0 manual, section 03).
INTENT_TO_COOPERATE: dict[PloverType, str] = {
    PloverType.CONSULT: "036",  # express intent to meet or negotiate
    PloverType.COOPERATE: "031",  # intent to engage in material cooperation
    PloverType.AID: "033",  # intent to provide material aid
    PloverType.SUPPORT: "032",  # intent to provide diplomatic cooperation
    PloverType.CONCEDE: "035",  # intent to yield
}

#: A planned hostile act is a threat (CAMEO 13x), by the CAMEO root of the act threatened.
THREAT_BY_ROOT: dict[str, str] = {
    "14": "133",  # protest → threaten political dissent
    "15": "138",  # mobilise → threaten military force
    # "16" (sanction) is left out: "announced it would prohibit all aid" is coded as the
    # sanction itself by PLOVER's examples, and recoding it lost 2 of them.
    "17": "137",  # coerce → threaten repression
    "18": "138",  # assault → threaten military force
    "19": "138",
    "20": "138",
}

#: A refused cooperative act is a rejection (CAMEO 12x).
REFUSAL: dict[PloverType, str] = {
    PloverType.CONSULT: "125",  # reject proposal to meet or negotiate
    PloverType.COOPERATE: "121",  # reject material cooperation
    PloverType.AID: "122",  # reject request for material aid
    PloverType.SUPPORT: "120",
    PloverType.AGREE: "120",
    PloverType.CONCEDE: "124",  # refuse to yield
}


@dataclass(frozen=True, slots=True)
class Coding:
    type: PloverType
    cameo: str
    rule: str  # appended to ``Event.rule``: which recoding fired, empty when none


def states_intent(tokens: list[Token], first: int, cues: tuple[tuple[str, ...], ...]) -> bool:
    """True when an intent cue of the pack ("will", "vowed to") ends within
    ``INTENT_WINDOW`` words before token ``first``: a stated intention, not a schedule
    ("is expected to", "continued to")."""
    window = [t.folded for t in tokens[max(0, first - INTENT_WINDOW - 2) : first]]
    for cue in cues:
        n = len(cue)
        for k in range(max(0, len(window) - INTENT_WINDOW - n + 1), len(window) - n + 1):
            if tuple(window[k : k + n]) == cue:
                return True
    return False


def code_intent(kind: PloverType, cameo: str, modality: str, intent: bool = True) -> Coding:
    """The (type, CAMEO) an event of ``kind`` and ``cameo`` is coded as, given its modality
    and whether the sentence states an intention (``intent``) rather than a schedule."""
    if modality == "planned" and intent:
        if kind in INTENT_TO_COOPERATE:
            return Coding(PloverType.AGREE, INTENT_TO_COOPERATE[kind], "+intent:cooperate")
        threat = THREAT_BY_ROOT.get(cameo[:2])
        if threat is not None:
            return Coding(PloverType.THREATEN, threat, "+intent:threaten")
    if modality == "negated" and kind in REFUSAL:
        return Coding(PloverType.REJECT, REFUSAL[kind], "+intent:refuse")
    return Coding(kind, cameo, "")
