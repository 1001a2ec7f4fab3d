"""Exact and near duplicates are linked (never dropped) and join their original's story."""

from __future__ import annotations

from pathlib import Path

from tidings import model
from tidings.dedup import estimate_similarity, link_duplicates, make_shingles, make_signature
from tidings.store import Store
from tidings.stories import assign_story

BODY = (
    "The foreign ministers of two neighbouring states met in a lakeside town on Friday "
    "to discuss border crossings, river water, trade quotas and a new rail link between "
    "their capitals, officials from both delegations told reporters afterwards."
)


def plain(doc_id: str, text: str, lang: str = "en") -> model.Analysis:
    return model.Analysis(document=model.Document(id=doc_id, source=doc_id, text=text, lang=lang))


def test_dedup_shingles_work_without_spaces() -> None:
    assert make_shingles("北京会谈双方同意") == {
        "北京会谈双",
        "京会谈双方",
        "会谈双方同",
        "谈双方同意",
    }


def test_dedup_similarity_of_copy_and_other_text() -> None:
    a = make_signature(BODY).hashvalues.tobytes()
    b = make_signature(BODY + " Copyright wire service.").hashvalues.tobytes()
    c = make_signature("A completely different report about harvest prices in spring.")
    assert estimate_similarity(a, b) >= 0.7
    assert estimate_similarity(a, c.hashvalues.tobytes()) < 0.3


def test_dedup_links_exact_and_near_copies(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "d.db")
    for doc_id, text in (("a", BODY), ("b", BODY), ("c", BODY + " More at our site.")):
        store.add_analysis(plain(doc_id, text))
    assert link_duplicates(store, "a") == []
    exact = link_duplicates(store, "b")
    near = link_duplicates(store, "c")
    assert [(x.other_id, x.kind) for x in exact] == [("a", "exact")]
    assert {x.other_id for x in near} == {"a", "b"} and all(x.kind == "near" for x in near)
    assert store.counts()["documents"] == 3  # linked, not dropped
    assert link_duplicates(store, "c") == near  # idempotent


def test_dedup_copy_without_event_joins_original_story(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "d.db")
    event = model.Event(
        type=model.PloverType.CONSULT,
        source="AAA",
        target="BBB",
        evidence=model.Span(0, 40),
        main=True,
    )
    original = plain("o", BODY)
    original.document.events = [event]
    store.add_analysis(original)
    story_id = assign_story(store, original)
    copy = plain("k", BODY)
    store.add_analysis(copy)
    assert story_id is not None and assign_story(store, copy) == story_id
