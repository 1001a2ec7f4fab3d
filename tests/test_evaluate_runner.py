"""The eval runner: reading gold, what the pipeline is shown, and a perfect system."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.evaluate.metrics import evaluate
from tidings.evaluate.oracle import convert_gold_to_output
from tidings.evaluate.report import check_floors
from tidings.evaluate.runner import GoldFormatError, read_gold, run_eval

SHARED_EVAL = Path(__file__).parents[1].parent / "shared" / "eval"


def write_gold(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sample_gold(doc_id: str, lang: str = "en") -> dict[str, Any]:
    return {
        "id": doc_id,
        "lang": lang,
        "url": f"https://example.org/{doc_id}",
        "published": "2021-03-05",
        "text": "Leaders of two invented countries met on Thursday.",
        "gold": {
            "countries": ["AAA", "BBB"],
            "persons": [],
            "orgs": [],
            "main_event": {
                "type": "CONSULT",
                "source": "AAA",
                "target": "BBB",
                "date": "2021-03-04",
                "location": None,
                "mode": None,
            },
            "events": [],
            "story": "s",
        },
    }


def test_runner_passes_only_user_fields(tmp_path: Path) -> None:
    gold_path = write_gold(tmp_path / "g.jsonl", [sample_gold("a", "de"), "", sample_gold("b")])
    seen: list[dict[str, Any]] = []

    def fake_pipeline(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.extend(records)
        return [
            {
                "id": "b",
                "lang": "en",
                "events": [
                    {
                        "type": "CONSULT",
                        "source": "BBB",
                        "target": "AAA",
                        "date": "--03-04",
                        "main": True,
                    }
                ],
            }
        ]

    report = run_eval(gold_path, fake_pipeline)
    assert [sorted(r) for r in seen] == [["id", "published", "text", "url"]] * 2
    assert seen[0]["published"] == "2021-03-05"
    assert report.missing_ids == ["a"]
    assert report.by_lang["en"]["main.date_consistent"].value == 1.0
    assert report.by_lang["en"]["main.date_exact"].value == 0.0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "g.jsonl:2: not JSON"),
        (json.dumps(["a"]), "g.jsonl:2: a gold record must be a JSON object"),
        (json.dumps({"id": "x", "text": "t"}), "g.jsonl:2: missing 'gold'"),
        (json.dumps({**sample_gold("x"), "gold": {}}), "'gold.main_event' must be an object"),
        (json.dumps(sample_gold("a")), "g.jsonl:2: duplicate id 'a'"),
    ],
)
def test_runner_bad_gold_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    gold_path = write_gold(tmp_path / "g.jsonl", [sample_gold("a"), line])
    with pytest.raises(GoldFormatError, match=reason.replace("(", r"\(")) as info:
        read_gold(gold_path)
    assert "\n" not in str(info.value)


def test_runner_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="cannot read gold file"):
        read_gold(tmp_path / "absent.jsonl")


@pytest.mark.parametrize("name", ["seeds.gold.jsonl", "dev.gold.jsonl"])
def test_runner_perfect_system_scores_one(name: str) -> None:
    gold_path = SHARED_EVAL / name
    if not gold_path.exists():
        pytest.skip(f"{gold_path} is absent (../shared not beside the repo)")
    gold = read_gold(gold_path)
    report = run_eval(gold_path, lambda _records: [convert_gold_to_output(g) for g in gold])
    assert report.missing_ids == []
    for figures in [report.overall, *report.by_lang.values()]:
        for figure_name, figure in figures.items():
            if figure.n == 0:
                continue
            expected = 0.0 if figure.lower_is_better else 1.0
            assert figure.value == expected, figure_name
    assert check_floors(report, {"main.type": 1.0, "story.f1": 1.0, "traps.countries": 0}) == []
    # and an empty system scores zero wherever gold exists
    empty = evaluate(gold, [])
    assert empty.overall["main.type"].value == 0.0
    assert empty.overall["countries.recall"].value == 0.0
