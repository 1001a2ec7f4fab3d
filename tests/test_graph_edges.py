"""Graph edges count stories (not reports) per type and month, with Goldstein sums."""

from __future__ import annotations

from pathlib import Path

from tidings import model
from tidings.graph import build_edges, build_profile, format_dot, format_graphml
from tidings.store import Store
from tidings.stories import assign_story


def meeting(doc_id: str, lang: str, day: int) -> model.Analysis:
    date = model.PartialDate(year=2024, month=3, day=day, basis=(("year", "text"),))
    event = model.Event(
        type=model.PloverType.CONSULT,
        source="AAA",
        target="BBB",
        date=date,
        evidence=model.Span(0, 10),
        main=True,
    )
    doc = model.Document(id=doc_id, source=doc_id, text=f"Report {doc_id}.", lang=lang)
    doc.events = [event]
    return model.Analysis(document=doc)


def test_graph_counts_stories_not_reports(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    for analysis in (meeting("a", "en", 1), meeting("b", "de", 1), meeting("c", "id", 9)):
        store.add_analysis(analysis)
        assign_story(store, analysis)
    edges = build_edges(store)
    assert [(e.source, e.target, e.month, e.type, e.stories) for e in edges] == [
        ("AAA", "BBB", "2024-03", "CONSULT", 2)
    ]
    assert edges[0].goldstein == 2.0  # two meetings, CAMEO 04 weighs 1.0
    assert '"AAA" -> "BBB"' in format_dot(edges)
    assert '<edge source="AAA" target="BBB">' in format_graphml(edges)
    profile = build_profile(store, "AAA", {"AAA"})
    assert profile.partners == (("BBB", 2),)
