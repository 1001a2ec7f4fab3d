"""Quality must not drop: the dev gold figures and Zyte extraction F1 stay above their floors.

The floors in ``tests/quality_floors.json`` are pinned by ``benchmarks/quality.py
--pin-floors`` (this run's figures minus a small epsilon). The suites live in ``../shared``;
without it the floor tests skip. The scoring helpers are tested on short texts we wrote.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FLOORS = json.loads((REPO / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
ZYTE_DIR = SHARED / "peers" / "extraction" / "zyte_article_extraction_benchmark"

sys.path.insert(0, str(REPO / "benchmarks"))

from peers.common import cameo_country, check_figures  # noqa: E402
from peers.petrarch import score_petrarch  # noqa: E402
from peers.plover import expected_types, score_plover  # noqa: E402
from peers.zyte import aggregate, count_overlap, run_zyte, shingles  # noqa: E402

from tidings.evaluate import EvalReport, Figure, check_floors, run_eval  # noqa: E402

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")


@pytest.fixture(scope="module")
def gold_reports() -> dict[str, EvalReport]:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    from tidings.api import analyze_records

    reports = {}
    for name in FLOORS["gold"]:
        path = SHARED / "eval" / name
        if path.is_file():
            reports[name] = run_eval(path, analyze_records)
    return reports


@pytest.fixture(scope="module")
def zyte_figures() -> dict[str, Figure]:
    if not ZYTE_DIR.is_dir():
        pytest.skip("../shared/peers/extraction is absent")
    return run_zyte(ZYTE_DIR, FLOORS["zyte_sample"]["pages"], workers=2).figures


@needs_shared
@pytest.mark.parametrize("name", sorted(FLOORS["gold"]))
def test_quality_floors_gold_figures_hold(name: str, gold_reports: dict[str, EvalReport]) -> None:
    if name not in gold_reports:
        pytest.skip(f"{name} is not in ../shared/eval")
    assert check_floors(gold_reports[name], FLOORS["gold"][name]) == []


@needs_shared
def test_quality_floors_zyte_sample_f1_holds(zyte_figures: dict[str, Figure]) -> None:
    floors = FLOORS["zyte_sample"]["floors"]
    assert floors, "no Zyte floors pinned"
    assert check_figures(zyte_figures, floors) == []


def lowered(figures: dict[str, Figure], name: str, value: float) -> dict[str, Figure]:
    """A copy of ``figures`` with one figure's value replaced."""
    return {**figures, name: dataclasses.replace(figures[name], value=value)}


@needs_shared
def test_quality_floors_check_fails_when_a_gold_figure_drops(
    gold_reports: dict[str, EvalReport],
) -> None:
    pinned = [
        (name, figure)
        for name, floors in FLOORS["gold"].items()
        if name in gold_reports
        for figure in floors
        if not gold_reports[name].overall[figure].lower_is_better
    ]
    if not pinned:
        pytest.skip("no gold floors pinned yet")
    name, figure = pinned[0]
    report = gold_reports[name]
    floor = FLOORS["gold"][name][figure]
    worse = dataclasses.replace(report, overall=lowered(report.overall, figure, floor - 0.01))
    assert check_floors(report, FLOORS["gold"][name]) == []
    failures = check_floors(worse, FLOORS["gold"][name])
    assert len(failures) == 1 and failures[0].startswith(figure)


@needs_shared
def test_quality_floors_check_fails_when_zyte_f1_drops(zyte_figures: dict[str, Figure]) -> None:
    floors = FLOORS["zyte_sample"]["floors"]
    worse = lowered(zyte_figures, "tidings.tokens.f1", floors["tidings.tokens.f1"] - 0.01)
    failures = check_figures(worse, floors)
    assert [f.split(" ")[0] for f in failures] == ["tidings.tokens.f1"]


def test_quality_floors_ceiling_fails_when_a_count_rises() -> None:
    figures = {"false_events": Figure(1.0, 12, kind="count", lower_is_better=True)}
    assert check_figures(figures, {"false_events": 1.005}) == []
    assert check_figures(lowered(figures, "false_events", 3.0), {"false_events": 1.005})


def test_quality_floors_token_overlap_counts_a_multiset() -> None:
    gold = ["the", "talks", "were", "held", "in", "the", "capital"]
    predicted = ["the", "talks", "were", "held", "the", "day", "before"]
    counts = count_overlap(gold, predicted)
    # shared: the, the, talks, were, held (5); predicted only: day, before (2); gold only: in,
    # capital (2)
    assert (counts.tp, counts.fp, counts.fn) == pytest.approx((5 / 9, 2 / 9, 2 / 9))
    precision, recall, f1 = aggregate([counts, count_overlap(["a"], ["a"])])
    assert precision.value == pytest.approx((5 / 7 + 1) / 2)
    assert recall.value == pytest.approx((5 / 7 + 1) / 2)
    assert f1.n == 2


def test_quality_floors_shingles_are_word_four_grams() -> None:
    assert shingles("Ministers met, then spoke; briefly.") == [
        ("Ministers", "met", "then", "spoke"),
        ("met", "then", "spoke", "briefly"),
    ]
    assert shingles("Two words") == [("Two", "words")]


@pytest.mark.parametrize(
    ("actor", "country"),
    [("HUNGOV", "HUN"), ("JAP", "JPN"), ("ITL", "ITA"), ("IGO", None), ("---", None), ("", None)],
)
def test_quality_floors_cameo_actor_country(actor: str, country: str | None) -> None:
    assert cameo_country(actor) == country


def test_quality_floors_plover_scoring_on_written_examples() -> None:
    gold: list[dict[str, Any]] = [
        {"id": "a", "expected": [{"source": "FRAGOV", "target": "DEU", "code": "DEMAND"}]},
        {"id": "b", "expected": [{"source": "IGO", "target": "JAP", "code": "AGREE"}]},
        {"id": "c", "expected": [{"source": "USA", "target": "", "code": "INVESTIGATE"}]},
    ]
    predicted: list[dict[str, Any]] = [
        {"events": [{"type": "REQUEST", "source": "FRA", "target": "DEU", "main": True}]},
        {"events": [{"type": "CONSULT", "source": "JPN", "target": None, "main": True}]},
        {"events": []},
    ]
    assert expected_types(gold[0]) == {"REQUEST"}
    figures = score_plover(gold, predicted).figures
    assert figures["type.top_accuracy"] == Figure(0.5, 2)
    assert figures["source.country"] == Figure(0.5, 2)
    assert figures["target.country"] == Figure(0.5, 2)
    assert figures["pair.ordered"] == Figure(1.0, 1)


def test_quality_floors_petrarch_scoring_on_written_examples() -> None:
    gold: list[dict[str, Any]] = [
        {"id": "a", "expected": [{"source": "USA", "target": "CHN", "code": "042"}]},
        {"id": "b", "expected": [{"source": "RUSGOV", "target": "GEO", "code": "190"}]},
        {"id": "c", "expected": []},
    ]
    predicted: list[dict[str, Any]] = [
        {"events": [{"type": "CONSULT", "cameo": "043", "source": "CHN", "target": "USA"}]},
        {"events": []},
        {"events": [{"type": "CONSULT", "cameo": "040", "source": "USA", "target": "CHN"}]},
    ]
    result = score_petrarch(gold, predicted, {"04": "CONSULT", "19": "ASSAULT"})
    assert result.figures["cameo.root_accuracy"] == Figure(0.5, 2)
    assert result.figures["cameo.code_accuracy"] == Figure(0.0, 2)
    assert result.figures["type.accuracy"] == Figure(0.5, 2)
    assert result.figures["pair.ordered"] == Figure(0.0, 2)
    assert result.figures["pair.unordered"] == Figure(0.5, 2)
    assert result.figures["false_events"].value == 1
    assert result.errors == ["no event at all: 1 sentences, most often roots 19 1"]
