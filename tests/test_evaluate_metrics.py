"""Metrics on small gold/prediction dicts written by hand."""

from __future__ import annotations

from typing import Any

import pytest

from tidings.evaluate.metrics import (
    count_matched_events,
    count_set_overlap,
    evaluate,
    fold_name,
    match_date_consistent,
    match_dyad,
    match_location,
    parse_partial_date,
    score_bcubed,
)


def make_gold(
    doc_id: str,
    lang: str = "en",
    *,
    main: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    story: str = "s1",
    **extra: Any,
) -> dict[str, Any]:
    main_event = {
        "type": "CONSULT",
        "alt_types": [],
        "mode": "visit",
        "source": "AAA",
        "target": "BBB",
        "date": "2021-03-04",
        "location": {"city": "Springfield", "country": "BBB"},
    }
    main_event.update(main or {})
    gold = {
        "countries": ["AAA", "BBB"],
        "persons": [{"name": "Ana Núñez", "country": "AAA", "role": "head_of_state"}],
        "orgs": ["Union of Examples"],
        "main_event": main_event,
        "events": events or [],
        "story": story,
    }
    gold.update(extra)
    return {"id": doc_id, "lang": lang, "text": "An invented text.", "gold": gold}


def make_pred(doc_id: str, lang: str = "en", story: str = "x", **event: Any) -> dict[str, Any]:
    main = {
        "type": "CONSULT",
        "mode": "visit",
        "source": "AAA",
        "target": "BBB",
        "date": "2021-03-04",
        "location": {"city": "Springfield", "country": "BBB"},
        "main": True,
    }
    main.update(event)
    return {
        "id": doc_id,
        "lang": lang,
        "countries": ["AAA", "BBB"],
        "persons": [{"name": "Ana Nunez"}],
        "orgs": [{"name": "Union of Examples"}],
        "events": [main],
        "story": story,
    }


@pytest.mark.parametrize(
    ("gold_type", "pred_type", "pred_pair", "expected"),
    [
        ("CONSULT", "CONSULT", ("BBB", "AAA"), True),  # symmetric type
        ("COOPERATE", "COOPERATE", ("BBB", "AAA"), True),
        ("AGREE", "AGREE", ("BBB", "AAA"), True),
        ("ACCUSE", "ACCUSE", ("BBB", "AAA"), False),  # directed type
        ("ACCUSE", "ACCUSE", ("AAA", "BBB"), True),
        ("SUPPORT", "AGREE", ("BBB", "AAA"), True),  # accepted alt type is symmetric
        ("SUPPORT", "CONSULT", ("BBB", "AAA"), False),  # CONSULT is not accepted here
        ("CONSULT", "CONSULT", ("AAA", "CCC"), False),
    ],
)
def test_metrics_dyad_order(
    gold_type: str, pred_type: str, pred_pair: tuple[str, str], expected: bool
) -> None:
    gold = {"type": gold_type, "alt_types": ["AGREE"], "source": "AAA", "target": "BBB"}
    pred = {"type": pred_type, "source": pred_pair[0], "target": pred_pair[1]}
    assert match_dyad(gold, pred) is expected


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ({"date": "2024-08-22"}, True),
        ({"date": "--08-22"}, True),
        ({"date": "2024-08"}, True),
        ({"date": "2024"}, True),
        ({"date": "2023-08-22"}, False),
        ({"date": "--08-23"}, False),
        ({"date": None, "date_precision": "weekday", "weekday": "thursday"}, True),
        ({"date": None, "date_precision": "weekday", "weekday": 3}, True),
        ({"date": None, "date_precision": "weekday", "weekday": "monday"}, False),
        ({"date": None, "date_precision": "weekday", "date_text": "on Thursday"}, True),
        ({"date": "--08-22", "weekday": "friday"}, False),  # day fits, weekday does not
        ({"date": None}, False),  # missing is not consistent; it is reported apart
        ({"date": "last week"}, False),
    ],
)
def test_metrics_date_consistent(pred: dict[str, Any], expected: bool) -> None:
    gold = {"date": "2024-08-22"}  # a Thursday
    assert match_date_consistent(gold, pred) is expected


def test_metrics_partial_date_parsing() -> None:
    yearless = parse_partial_date({"date": "--08-22"})
    assert yearless is not None
    assert (yearless.year, yearless.month, yearless.day) == (None, 8, 22)
    assert parse_partial_date({"date": None, "date_text": "am Donnerstag"}) is None


def test_metrics_fold_name_and_location() -> None:
    assert fold_name("Washington, D.C.") == fold_name("washington dc")
    assert fold_name("Recep Tayyip Erdoğan") == fold_name("Recep Tayyip Erdogan")
    gold = {"location": {"city": "Kyïv", "country": "UKR"}}
    assert match_location(gold, {"location": {"city": "KYIV", "country": "UKR"}})
    assert not match_location(gold, {"location": {"city": "Kyiv", "country": "RUS"}})
    assert match_location({"location": None}, {"location": None})
    assert not match_location({"location": None}, {"location": {"city": "Lviv"}})


def test_metrics_events_matched_one_to_one() -> None:
    gold: list[dict[str, Any]] = [
        {"type": "CONSULT", "source": "AAA", "target": "BBB", "date": "2021-03-04"},
        {
            "type": "AGREE",
            "alt_types": ["CONSULT"],
            "source": "AAA",
            "target": "BBB",
            "date": "2021-03-04",
        },
    ]
    one = [{"type": "CONSULT", "source": "BBB", "target": "AAA", "date": "2021-03-04"}]
    assert count_matched_events(gold, one) == 1
    two = [*one, {"type": "AGREE", "source": "AAA", "target": "BBB", "date": "--03-04"}]
    assert count_matched_events(gold, two) == 2


def test_metrics_set_overlap() -> None:
    assert count_set_overlap(["A", "B", "C"], ["B", "C", "D", "E"]) == (2, 2, 1)


def test_metrics_bcubed_known_clustering() -> None:
    # gold {a,b,c} {d}; system {a,b} {c,d}
    gold = {"a": "g1", "b": "g1", "c": "g1", "d": "g2"}
    pred: dict[str, str | None] = {"a": "p1", "b": "p1", "c": "p2", "d": "p2"}
    scores = score_bcubed(gold, pred)
    assert scores["a"] == (1.0, 2 / 3)
    assert scores["c"] == (0.5, 1 / 3)
    assert scores["d"] == (0.5, 1.0)
    # no story id: a singleton, never merged with another unlabelled document
    alone = score_bcubed({"a": "g", "b": "g"}, {"a": None, "b": None})
    assert alone == {"a": (1.0, 0.5), "b": (1.0, 0.5)}


def test_metrics_evaluate_main_event_and_missing_prediction() -> None:
    gold = [make_gold("d1"), make_gold("d2"), make_gold("d3", main={"type": "ACCUSE"})]
    pred = [
        make_pred("d1"),
        make_pred("d3", type="ACCUSE", source="BBB", target="AAA", date=None, mode=None),
    ]
    report = evaluate(gold, pred)
    fig = report.overall
    assert fig["main.found"].value == pytest.approx(2 / 3)
    assert fig["main.type"].value == pytest.approx(2 / 3)
    assert fig["main.dyad"].value == pytest.approx(1 / 3)  # d3 reversed a directed type
    assert fig["main.date_exact"].value == pytest.approx(1 / 3)
    assert fig["main.date_missing"].value == pytest.approx(1 / 3)
    assert fig["main.mode"].n == 3
    assert report.missing_ids == ["d2"]
    assert fig["persons.recall"].value == pytest.approx(2 / 3)  # folded name matched
    assert fig["persons.precision"].value == 1.0


def test_metrics_evaluate_per_language_split() -> None:
    gold = [make_gold("d1", "de"), make_gold("d2", "id"), make_gold("d3", "id")]
    pred = [make_pred("d1", "de"), make_pred("d2", "ms", location=None), make_pred("d3", "id")]
    report = evaluate(gold, pred)
    assert sorted(report.by_lang) == ["de", "id"]
    assert report.by_lang["de"]["main.location"].value == 1.0
    assert report.by_lang["id"]["main.location"].value == 0.5
    assert report.by_lang["id"]["lang.accuracy"].value == 0.5
    assert report.overall["main.location"].n == 3


def test_metrics_evaluate_traps_and_boilerplate() -> None:
    gold = [
        make_gold(
            "d1",
            not_countries=["CCC", "DDD"],
            not_locations=[{"city": "Oldtown", "country": "BBB"}, "Newport"],
            boilerplate_lines=["Read more", "All rights  reserved"],
        )
    ]
    pred = make_pred("d1")
    pred["countries"] += ["CCC"]
    pred["events"].append({"type": "CONSULT", "location": {"city": "Newport"}, "main": False})
    pred["removed"] = ["Menu Read more Contact", {"text": "(c) 2021 All rights reserved"}]
    fig = evaluate(gold, [pred]).overall
    assert (fig["traps.countries"].value, fig["traps.countries"].n) == (1.0, 2)
    assert (fig["traps.locations"].value, fig["traps.locations"].n) == (1.0, 2)
    assert fig["countries.precision"].value == pytest.approx(2 / 3)
    assert fig["boilerplate.recall"].value == 1.0
    assert "boilerplate.recall" not in evaluate(gold, [make_pred("d1")]).overall


def test_metrics_evaluate_stories_across_documents() -> None:
    gold = [make_gold("d1", story="A"), make_gold("d2", "de", story="A"), make_gold("d3")]
    pred = [make_pred("d1", story="p"), make_pred("d2", "de", story="p"), make_pred("d3")]
    pred[2]["story"] = None
    gold[2]["gold"]["story"] = "B"
    fig = evaluate(gold, pred).overall
    assert fig["story.precision"].value == 1.0
    assert fig["story.recall"].value == 1.0
    merged = [make_pred(d, story="same") for d in ("d1", "d2", "d3")]
    fig = evaluate(gold, merged).overall
    assert fig["story.precision"].value == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_metrics_malformed_prediction_does_not_crash() -> None:
    pred: dict[str, Any] = {"id": "d1", "events": "oops", "countries": None, "persons": [3]}
    report = evaluate([make_gold("d1")], [pred, {"id": "zz"}, "junk"])  # type: ignore[list-item]
    assert report.overall["main.found"].value == 0.0
    assert report.documents[0].problems == ["events is not a list"]
    assert report.unexpected_ids == ["zz"]
