"""Event coding rules on short sentences we wrote: intent, refusal, governed objects,
joint forces, passive voice. Each runs the whole pipeline and checks the main event."""

from __future__ import annotations

import pytest

from tidings.events.intent import code_intent, states_intent
from tidings.events.lexicon import load_lexicon
from tidings.model import Event, PloverType
from tidings.pipeline import analyze_text
from tidings.tokens import tokenize


def main_event(text: str) -> Event:
    analysis = analyze_text(text, lang="en")
    events = analysis.events
    mains = [e for e in events if e.main]
    assert len(mains) == 1, f"expected one main event in {text!r}, got {events}"
    return mains[0]


@pytest.mark.parametrize(
    ("text", "kind", "cameo", "modality"),
    [
        # a stated intention to meet is AGREE (036); it stays planned
        ("Egypt will visit Chad next month.", PloverType.AGREE, "036", "planned"),
        # a planned hostile act is a threat
        (
            "Palestinian leaders said they would boycott all official contact with Israel.",
            PloverType.THREATEN,
            "133",
            "planned",
        ),
        # a refused meeting is a rejection of a proposal to meet
        ("Kenya said it would not meet Somalia.", PloverType.REJECT, "125", "negated"),
        # a schedule is no stated intention: the act keeps its type
        ("Egypt is expected to visit Chad next month.", PloverType.CONSULT, "042", "planned"),
    ],
)
def test_events_intent_is_coded_with_truthful_modality(
    text: str, kind: PloverType, cameo: str, modality: str
) -> None:
    event = main_event(text)
    assert (event.type, event.cameo, event.modality) == (kind, cameo, modality)


def test_events_intent_keeps_asserted_acts_and_sanctions() -> None:
    assert code_intent(PloverType.CONSULT, "040", "asserted").type is PloverType.CONSULT
    # a decided sanction is coded as the sanction itself (PLOVER's examples)
    assert code_intent(PloverType.SANCTION, "163", "planned").type is PloverType.SANCTION
    assert code_intent(PloverType.ASSAULT, "190", "planned").cameo == "138"
    assert code_intent(PloverType.CONSULT, "040", "planned", intent=False).cameo == "040"


def test_events_intent_cue_must_stand_before_the_trigger() -> None:
    lexicon = load_lexicon("en")
    tokens = tokenize("They will soon visit Chad")
    assert states_intent(tokens, 3, lexicon.intent_cues)
    tokens = tokenize("They continued to visit Chad")
    assert not states_intent(tokens, 3, lexicon.intent_cues)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Iran threatened to launch a new military offensive against Iraq.", PloverType.THREATEN),
        ("Chad rejected a fresh offer for direct talks with Libya.", PloverType.REJECT),
    ],
)
def test_events_object_of_a_stance_is_not_its_own_event(text: str, kind: PloverType) -> None:
    analysis = analyze_text(text, lang="en")
    assert [e.type for e in analysis.events] == [kind]


def test_events_two_countries_forces_together_cooperate() -> None:
    event = main_event("French and Egyptian warships launched war games on Monday.")
    assert (event.type, event.cameo) == (PloverType.COOPERATE, "062")
    assert {event.source, event.target} == {"FRA", "EGY"}


def test_events_one_country_exercise_stays_mobilize() -> None:
    event = main_event("Russian warships launched war games on Monday.")
    assert event.type is PloverType.MOBILIZE


def test_events_passive_agent_is_the_source() -> None:
    passive = main_event("A camp in Chad was attacked by Sudanese militiamen.")
    active = main_event("Sudanese militiamen attacked a camp in Chad.")
    assert (passive.source, passive.target) == ("SDN", "TCD")
    assert (passive.source, passive.target) == (active.source, active.target)
    assert "+passive" in passive.rule


def test_events_passive_without_named_agent_keeps_order() -> None:
    event = main_event("Chad said it is willing to meet Libya.")
    assert event.source == "TCD"
