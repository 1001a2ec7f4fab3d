"""web.highlight: an article cut into runs marked as boilerplate and/or evidence."""

from __future__ import annotations

from tidings.model import Span
from tidings.web.highlight import split_segments


def test_split_segments_covers_the_text_in_order() -> None:
    segments = split_segments(30, [(Span(20, 30), "related_links")], [(Span(0, 10), 0)])
    assert [(s.start, s.end) for s in segments] == [(0, 10), (10, 20), (20, 30)]
    assert [s.events for s in segments] == [(0,), (), ()]
    assert [s.boilerplate for s in segments] == [None, None, "related_links"]


def test_split_segments_marks_overlapping_evidence_with_every_event() -> None:
    segments = split_segments(20, [], [(Span(0, 12), 0), (Span(5, 20), 1)])
    assert [(s.start, s.end, s.events) for s in segments] == [
        (0, 5, (0,)),
        (5, 12, (0, 1)),
        (12, 20, (1,)),
    ]


def test_split_segments_clips_spans_outside_the_text() -> None:
    segments = split_segments(8, [(Span(6, 50), "footer")], [(Span(-3, 2), 0)])
    assert (segments[0].start, segments[-1].end) == (0, 8)
    assert segments[-1].boilerplate == "footer"


def test_split_segments_of_empty_text_is_empty() -> None:
    assert split_segments(0, [], [(Span(0, 0), 0)]) == []
