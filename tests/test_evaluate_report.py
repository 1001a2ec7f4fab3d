"""Tables, JSON and floors of an EvalReport."""

from __future__ import annotations

import json

import pytest

from test_evaluate_metrics import make_gold, make_pred
from tidings.evaluate.metrics import EvalReport, evaluate
from tidings.evaluate.report import check_floors, format_table, parse_floor


def build_report() -> EvalReport:
    gold = [make_gold("d1", "de"), make_gold("d2", "id", main={"type": "ACCUSE"})]
    return evaluate(gold, [make_pred("d1", "de"), make_pred("d2", "id")])


def test_report_table_shows_counts_and_languages() -> None:
    report = build_report()
    plain = format_table(report, by_lang=False)
    assert "main.type" in plain and "0.500 (2)" in plain
    assert " de n=1" not in plain
    split = format_table(report, by_lang=True)
    header = split.splitlines()[0]
    assert "de n=1" in header and "id n=1" in header
    widths = {len(line) for line in split.splitlines()[2:] if line.startswith("main.")}
    assert len(widths) == 1  # fixed width


def test_report_json_round_trips() -> None:
    data = json.loads(json.dumps(build_report().to_json()))
    assert data["overall"]["main.type"] == {"value": 0.5, "n": 2}
    assert data["by_lang"]["id"]["main.type"]["value"] == 0.0
    assert [d["id"] for d in data["documents"]] == ["d1", "d2"]


def test_report_floors() -> None:
    report = build_report()
    assert check_floors(report, {"main.dyad": 1.0, "de:main.type": 1.0}) == []
    failures = check_floors(
        report,
        {
            "main.type": 0.8,
            "id:main.type": 0.1,
            "nope": 0.1,
            "xx:main.type": 0.1,
            "traps.countries": 0,
            "boilerplate.recall": 0.5,
        },
    )
    assert len(failures) == 5
    assert failures[0] == "main.type = 0.5000 is below the floor 0.8"
    assert failures[1] == "id:main.type = 0.0000 is below the floor 0.1"
    assert failures[2].startswith("nope: unknown figure")
    assert "language 'xx'" in failures[3]
    # no system output had `removed`: a gate must not pass on absent data
    assert failures[4] == "boilerplate.recall: nothing to measure (n=0), wanted 0.5"


def test_report_ceiling_for_lower_is_better() -> None:
    gold = [make_gold("d1", not_countries=["CCC"])]
    pred = make_pred("d1")
    pred["countries"].append("CCC")
    report = evaluate(gold, [pred])
    assert check_floors(report, {"traps.countries": 1}) == []
    assert check_floors(report, {"traps.countries": 0}) == [
        "traps.countries = 1 is above the ceiling 0"
    ]


def test_report_parse_floor() -> None:
    assert parse_floor("main.type=0.75") == ("main.type", 0.75)
    with pytest.raises(ValueError, match="metric=value"):
        parse_floor("main.type")
