"""Events: trigger + actors + place + date in each sentence, then one main event per document.

Why sentence-local rules: with no offline statistical parser for most of our languages, the
sentence is the unit a rule can trust. Actor order follows the press's subject-first habit;
a visit's traveller is the source. Anything a sentence does not state (a year, a place) comes
only from stated rules, recorded in ``Event.rule`` and ``PartialDate.basis``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tidings.events.coding import DEFAULT_CAMEO
from tidings.events.dyad import (
    CLAUSE_BREAKS,
    background_spans,
    in_subordinate_clause,
    inverted_subject,
    pick_dyad,
)
from tidings.events.intent import code_intent, states_intent
from tidings.events.lexicon import Lexicon, load_lexicon
from tidings.events.passive import swap_passive
from tidings.events.places import PLACE_KINDS, has_place_cue, is_capital, location_of
from tidings.events.roles import Actor, group_actors, mention_country
from tidings.events.scoring import NEAR_TARGET_CHARS, is_caption, is_headline, score_event
from tidings.events.target import apply_target_marker
from tidings.events.triggers import TriggerMatch, find_triggers
from tidings.model import Document, Event, Location, Mention, PartialDate, PloverType, Span
from tidings.tokens import Token, tokenize

#: Precisions that can date an event (a lone year cannot).
DATE_PRECISIONS = frozenset({"day", "month_day", "weekday"})

#: Types whose actors are symmetric (the pair is unordered): who is "source" is convention.
SYMMETRIC = frozenset({PloverType.CONSULT, PloverType.COOPERATE, PloverType.AGREE})

#: How far after a line-opening place name the dateline's dash may come.
DATELINE_REACH = 40
_DATELINE_DASH = re.compile(
    r"^(?:\s*:\s|\.[-–—]\s|(?:[^\n;:]{0," + str(DATELINE_REACH) + r"}?\s)?[-–—]\s)"
)

#: Acts a government performs at home (a statement, a decision, a signature): when the
#: text names no place, a dateline in the acting country is where it happened. Meetings,
#: visits and force are left out: they happen where the other side is as often as not.
HOME_ACTS = frozenset(
    {
        PloverType.SUPPORT,
        PloverType.AID,
        PloverType.REQUEST,
        PloverType.ACCUSE,
        PloverType.REJECT,
        PloverType.THREATEN,
        PloverType.SANCTION,
        PloverType.CONCEDE,
    }
)

#: A trigger this many words or fewer after another one is its complement, not an event.
GOVERNED_WINDOW = 3
#: How many words after a trigger a later one of the same clause, with no actor or
#: conjunction between, still reads as its object (calibrated on PLOVER's sentences).
GOVERNED_REACH = 8
#: Acts whose object is itself an act ("rejected an offer", "threatened to launch an
#: offensive"); a meeting noun is the object of any trigger before it.
STANCE_TYPES = frozenset(
    {
        PloverType.AGREE,
        PloverType.REJECT,
        PloverType.THREATEN,
        PloverType.REQUEST,
        PloverType.ACCUSE,
    }
)

#: CAMEO code of forces of two countries acting together: 062, cooperate militarily.
JOINT_FORCES_CAMEO = "062"

#: How many sentences after an event's own a place may be taken from ("…bertemu di ibu kota
#: Minsk" in the caption after the lead).
PLACE_LOOKAHEAD = 2


def _nearest_time(
    doc: Document, sentence: Span, trigger: Span
) -> tuple[PartialDate | None, Span | None]:
    best: tuple[int, PartialDate, Span] | None = None
    for t in doc.times:
        if not sentence.contains(t.span) or t.value.precision not in DATE_PRECISIONS:
            continue
        distance = abs(t.span.start - trigger.start)
        if best is None or distance < best[0]:
            best = (distance, t.value, t.span)
    return (best[1], best[2]) if best else (None, None)


def _split_places(
    doc: Document, kb: Any, mentions: list[Mention], tokens: list[Token], lexicon: Lexicon
) -> tuple[list[Mention], list[Location]]:
    """Separate actor mentions from place mentions; a capital without a cue is an actor."""
    actors: list[Mention] = []
    places: list[Location] = []
    for m in mentions:
        if m.kind in PLACE_KINDS and is_dateline(doc, m):
            continue  # "Jakarta - …", "BEIJING, Dec 4 (Reuters) –": where it was filed
        if m.kind in PLACE_KINDS:
            cued = has_place_cue(tokens, m.span.start, lexicon, doc.text, m.span.end)
            if m.kind == "city" and not cued and is_capital(kb, m.kb_id):
                actors.append(m)
                continue
            loc = location_of(doc, kb, m)
            if loc is not None:
                places.append(loc)
            continue
        actors.append(m)
    return actors, places


def is_dateline(doc: Document, mention: Mention) -> bool:
    """A place opening its line (after nothing but removed boilerplate such as a date
    stamp) and followed shortly by a dash or colon is the report's dateline."""
    text = doc.text
    line_start = text.rfind("\n", 0, mention.span.start) + 1
    before = text[line_start : mention.span.start]
    if before.strip():
        first = line_start + len(before) - len(before.lstrip())
        last = line_start + len(before.rstrip())
        if not _all_boilerplate(doc, first, last):
            return False
    head = text[mention.span.end : mention.span.end + DATELINE_REACH]
    return bool(_DATELINE_DASH.match(head))


def _all_boilerplate(doc: Document, start: int, end: int) -> bool:
    covered = bytearray(end - start)
    for b in doc.boilerplate:
        lo, hi = max(b.span.start, start), min(b.span.end, end)
        if lo < hi:
            covered[lo - start : hi - start] = b"\x01" * (hi - lo)
    return all(covered[i] or doc.text[start + i].isspace() for i in range(end - start))


def _hosted_by_source(place: Location | None, source: Actor | None, target: Actor | None) -> bool:
    return bool(
        place is not None
        and source is not None
        and target is not None
        and place.country == source.country
        and target.country != place.country
    )


def _apply_mode(
    match: TriggerMatch, source: Actor | None, target: Actor | None, place: Location | None
) -> tuple[str | None, Actor | None, Actor | None]:
    mode = match.rule.mode
    if match.rule.type is not PloverType.CONSULT:
        return None, source, target
    if mode == "host":  # "X received Y": the traveller Y is the source of a visit
        return "visit", target, source
    visited = place.country if place is not None else None
    if (
        mode == "visit"
        and target is None
        and source is not None
        and visited not in (None, source.country)
    ):
        # "arrived in Moscow": the place is the host
        return mode, source, Actor(place.span.start if place and place.span else 0, 0, visited)
    if mode in ("visit", "phone"):
        return mode, source, target
    if place is not None and place.country and source and target:
        if place.country == target.country:
            return "visit", source, target
        if place.country == source.country:
            return "visit", target, source
        return "third_party", source, target
    return mode, source, target


def _drop_governed(
    matches: list[TriggerMatch],
    text: str = "",
    tokens: list[Token] | None = None,
    actors: list[Actor] | None = None,
    conjunctions: frozenset[str] = frozenset(),
) -> list[TriggerMatch]:
    """ "agreed to hold talks", "sepakat mempercepat perundingan": a trigger standing right
    after another one is what that one is about, not an event of its own. So is a later
    trigger of the same clause with no actor, conjunction or clause break between the two
    ("rejected a fresh offer for direct talks", "threatened to launch a new offensive")."""
    kept: list[TriggerMatch] = []
    for match in matches:
        last = kept[-1] if kept else None
        if last is not None and 0 < match.first - last.first <= GOVERNED_WINDOW:
            continue
        if (
            last is not None
            and tokens is not None
            and _governs(text, tokens, actors or [], conjunctions, last, match)
        ):
            continue
        kept.append(match)
    return kept


def _governs(
    text: str,
    tokens: list[Token],
    actors: list[Actor],
    conjunctions: frozenset[str],
    head: TriggerMatch,
    match: TriggerMatch,
) -> bool:
    if not 0 < match.first - head.first <= GOVERNED_REACH:
        return False
    meeting_object = match.rule.type is PloverType.CONSULT is not head.rule.type
    if head.rule.type not in STANCE_TYPES and not meeting_object:
        return False  # "signed a note outlining demands": the note's content is the news
    gap = Span(head.span.end, match.span.start)
    if any(c in text[gap.start : gap.end] for c in CLAUSE_BREAKS):
        return False
    if any(gap.start <= a.start and a.end <= gap.end for a in actors):
        return False
    between = tokens[head.first + 1 : match.first]
    return not any(t.folded in conjunctions for t in between)


def _sentence_events(
    doc: Document, kb: Any, lexicon: Lexicon, index: int, sentence: Span
) -> list[Event]:
    tokens = tokenize(doc.text, sentence.start, sentence.end)
    matches = find_triggers(tokens, lexicon)
    if not matches:
        return []
    mentions = [m for m in doc.mentions if sentence.contains(m.span)]
    actor_mentions, places = _split_places(doc, kb, mentions, tokens, lexicon)
    actors = group_actors(doc, actor_mentions)
    matches = _drop_governed(matches, doc.text, tokens, actors, lexicon.conjunctions)
    persons = tuple(dict.fromkeys(m.kb_id for m in mentions if m.kind == "person" and m.kb_id))
    background = background_spans(doc.text, tokens, lexicon.subordinators)
    events: list[Event] = []
    for match in matches:
        # "the SCO summit", "ein EU-Gipfel": an organisation naming a meeting is its forum
        forum = [
            a
            for a in actors
            if a.org
            and match.rule.type == PloverType.CONSULT
            and _touches(doc.text, a.end, match.span.start)
        ]
        actors_here = [a for a in actors if a not in forum]
        source, target, coordinated = pick_dyad(
            doc.text,
            actors_here,
            match.span,
            lexicon.source_position,
            lexicon.conjunctions,
            background,
        )
        inverted = inverted_subject(doc.text, actors_here, match, lexicon)
        if inverted is not None:
            source, target, coordinated = inverted
        last = match.first + len(match.rule.parts[0]) - 1
        passive = swap_passive(
            doc.text, tokens, match.first, last, match.span, actors_here, lexicon, CLAUSE_BREAKS
        )
        if passive is not None:
            source, target = passive  # "Y was attacked by X": X acts
            coordinated = False
        marked = None
        if passive is None and not coordinated:
            marked = apply_target_marker(
                doc.text, tokens, last, match.span, actors_here, lexicon, CLAUSE_BREAKS
            )
        if marked is not None:
            source, target = marked  # "an attack with Russian missiles against Kyiv"
        if source is None and target is None:
            continue
        # a passive's agent stands after the verb by grammar, not by guesswork
        subject_after = (
            passive is None
            and marked is None
            and not lexicon.verb_first
            and source is not None
            and source.start >= match.span.end
        )
        in_background = in_subordinate_clause(doc.text, tokens, match.first, lexicon.subordinators)
        near_target = target is not None and (
            0 <= target.start - match.span.end <= NEAR_TARGET_CHARS
        )
        place = places[0] if places else None
        mode, source, target = _apply_mode(match, source, target, place)
        if coordinated and _hosted_by_source(place, source, target):
            # "X and Y signed … in X's capital": the guest comes first (SCHEMA convention)
            source, target = target, source
        date, date_span = _nearest_time(doc, sentence, match.span)
        kind = match.rule.type
        cameo = match.rule.cameo or DEFAULT_CAMEO[kind]
        joint = bool(coordinated and kind is PloverType.MOBILIZE and source and target)
        if joint:  # "French and Egyptian warships launched war games": forces together
            kind, cameo = PloverType.COOPERATE, JOINT_FORCES_CAMEO
        coding = code_intent(
            kind,
            cameo,
            match.modality,
            states_intent(tokens, match.first, lexicon.intent_cues),
        )
        struck = _struck_city(doc, kb, kind, target) if place is None else None
        if struck is not None:
            place = struck  # "missile attack on Kyiv": the city struck is where it happened
        events.append(
            Event(
                type=coding.type,
                mode=mode,
                source=source.code if source else None,
                target=target.code if target else None,
                source_entity=source.entity if source else None,
                target_entity=target.entity if target else None,
                persons=persons,
                date=date,
                date_expr=date_span,
                location=place,
                evidence=sentence,
                trigger=match.span,
                cameo=coding.cameo,
                modality=match.modality,
                rule=match.rule.origin
                + ("+joint_forces" if joint else "")
                + ("+passive" if passive is not None else "")
                + ("+target_marker" if marked is not None else "")
                + (COORDINATED if coordinated else "")
                + coding.rule
                + ("+subject_after" if subject_after else "")
                + ("+subordinate" if in_background else "")
                + ("+near_target" if near_target else ""),
                confidence=0.0,
            )
        )
        if events[-1].source == events[-1].target:
            events[-1].target = None
            events[-1].target_entity = None
        events[-1].confidence = float(index)  # sentence index; replaced by _score
    return _drop_repeats(events)


#: Rules that settle who acts on whom by grammar, not by word order.
SETTLED_BY = ("+passive", "+target_marker")


def _touches(text: str, end: int, start: int) -> bool:
    """True when only blanks or a hyphen stand between ``end`` and ``start``."""
    return end <= start and text[end:start].strip(" \t-") == ""


def _drop_repeats(events: list[Event]) -> list[Event]:
    """One event per type and actor pair in a sentence: "an attack with Russian missiles
    against Kyiv …, said that the attack wounded nine" reports one attack, and its second
    mention, read by word order alone, may turn the pair round. The settled reading wins,
    else the first."""
    kept: list[Event] = []
    for event in events:
        pair = {event.source, event.target}
        twin = next(
            (k for k in kept if k.type == event.type and {k.source, k.target} == pair), None
        )
        if twin is None:
            kept.append(event)
        elif any(r in event.rule for r in SETTLED_BY) and not any(
            r in twin.rule for r in SETTLED_BY
        ):
            kept[kept.index(twin)] = event
    return kept


def dateline_place(doc: Document, kb: Any) -> Location | None:
    """The place of the report's dateline ("WASHINGTON.- …", "Jakarta - …"), if any."""
    for mention in doc.mentions:
        if mention.kind in PLACE_KINDS and is_dateline(doc, mention):
            loc = location_of(doc, kb, mention)
            return replace(loc, rule="dateline") if loc is not None else None
    return None


def _home_dateline(doc: Document, kb: Any, event: Event) -> Location | None:
    """The dateline as the place of a home act of the dateline's own country."""
    if event.type not in HOME_ACTS or event.source is None:
        return None
    place = dateline_place(doc, kb)
    return place if place is not None and place.country == event.source else None


#: Types whose target is hit where it stands: a city named as the target is the place.
STRIKES = frozenset({PloverType.ASSAULT, PloverType.COERCE})


def _struck_city(doc: Document, kb: Any, kind: PloverType, target: Actor | None) -> Location | None:
    """The city an attack is aimed at ("Attacco missilistico russo su Kiev"), if the target
    is named by a city."""
    if kind not in STRIKES or target is None:
        return None
    city = next((m for m in target.mentions if m.kind == "city"), None)
    if city is None:
        return None
    loc = location_of(doc, kb, city)
    return replace(loc, rule="target_city") if loc is not None else None


#: Rule mark of an event whose two actors were one coordinated subject ("X and Y signed").
COORDINATED = "+coordinated"


def _guest_first(event: Event) -> None:
    """ "X and Y signed …" placed by a later sentence in X's country: the guest Y comes
    first, as when the place stands in the same sentence (SCHEMA convention)."""
    place = event.location
    if (
        COORDINATED in event.rule
        and place is not None
        and place.country == event.source
        and event.target != place.country
    ):
        event.source, event.target = event.target, event.source
        event.source_entity, event.target_entity = event.target_entity, event.source_entity
        event.rule += "+guest_first"


def _later_place(
    doc: Document, kb: Any, lexicon: Lexicon, index: int, event: Event
) -> Location | None:
    """A cued place in the next sentences whose country is one of the event's actors."""
    for sentence in doc.sentences[index + 1 : index + 1 + PLACE_LOOKAHEAD]:
        tokens = tokenize(doc.text, sentence.start, sentence.end)
        mentions = [m for m in doc.mentions if sentence.contains(m.span)]
        _, places = _split_places(doc, kb, mentions, tokens, lexicon)
        pair_free = _names_no_pair(doc, sentence)
        for place in places:
            if place.country in (event.source, event.target) or pair_free:
                return replace(place, rule=place.rule + "+next_sentence")
    return None


def _names_no_pair(doc: Document, sentence: Span) -> bool:
    """True when a sentence names actors of fewer than two countries."""
    countries = {
        mention_country(doc, m)
        for m in doc.mentions
        if sentence.contains(m.span) and m.kind in ("person", "country", "title", "demonym")
    }
    return len(countries - {None}) < 2


def _date_from_next_sentence(doc: Document, index: int, event: Event) -> None:
    """ "They agreed to … . The agreement was reached in Samarkand on Thursday (15/9)": the
    next sentence's date belongs to the event when that sentence names no actor pair."""
    if index + 1 >= len(doc.sentences):
        return
    nxt = doc.sentences[index + 1]
    if not _names_no_pair(doc, nxt):
        return
    dates = [t for t in doc.times if nxt.contains(t.span) and t.value.precision in DATE_PRECISIONS]
    if dates:
        event.date, event.date_expr = dates[0].value, dates[0].span
        event.rule += "+date:next_sentence"


def _same_pair(a: Event, b: Event) -> bool:
    return {a.source, a.target} == {b.source, b.target}


def _fill_year_by_tenure(event: Event, kb: Any) -> None:
    date = event.date
    if date is None or date.year is not None or not (date.month and date.day):
        return
    if not event.persons or not hasattr(kb, "years_consistent"):
        return
    years = kb.years_consistent(list(event.persons), date.month, date.day)
    if len(years) == 1:
        year = next(iter(years))
        event.date = replace(date, year=year, basis=(*date.basis, ("year", "tenure")))
        event.rule += "+year:tenure"


def extract_events(doc: Document, kb: Any) -> Document:
    """Fill ``doc.events``; exactly one event is ``main`` when any was found."""
    lexicon = load_lexicon(doc.lang)
    if lexicon.empty:
        if doc.lang:
            doc.notes.append(f"no event rules for language {doc.lang!r}: no events coded")
        return doc
    events: list[Event] = []
    scored: list[tuple[float, int, Event]] = []
    for index, sentence in enumerate(doc.sentences):
        for event in _sentence_events(doc, kb, lexicon, index, sentence):
            if event.location is None and event.source and event.target:
                event.location = _later_place(doc, kb, lexicon, index, event)
                _guest_first(event)
            if event.date is None and event.source and event.target:
                _date_from_next_sentence(doc, index, event)
            _fill_year_by_tenure(event, kb)
            score = score_event(event, index, is_caption(doc, sentence), is_headline(doc, sentence))
            event.confidence = round(min(0.95, max(0.05, score / 8.0)), 2)
            # ties: the earlier trigger, except where verbs close the clause (the last one
            # is then the main verb: "…پس از اعدام … احضار کرد")
            order = len(events) if lexicon.main_verb == "last" else -len(events)
            scored.append((score, order, event))
            events.append(event)
    if not events:
        return doc
    main = max(scored, key=lambda t: (t[0], t[1]))[2]
    main.main = True
    if main.location is None:
        main.location = _home_dateline(doc, kb, main)
        if main.location is not None:
            main.rule += "+place:dateline"
    for event in events:  # later sentences about the same pair ("after the talks…")
        if event is main or not _same_pair(event, main) or event.modality != "asserted":
            continue
        if event.date is None and main.date is not None:
            event.date = main.date
            event.rule += "+date:main_event"
        if event.location is None and main.location is not None:
            event.location = main.location
            event.rule += "+place:main_event"
    doc.events = events
    return doc
