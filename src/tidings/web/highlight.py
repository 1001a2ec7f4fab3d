"""Cut an article into runs of text, each marked as boilerplate and/or evidence.

Why a function of its own: the document page must show the cleaned text exactly as stored
(offsets into ``Document.text``), grey what cleaning marked and highlight the sentences
events came from; computing the runs apart from HTML keeps that logic testable.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tidings.model import Span


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with the same marks: boilerplate reason (or None) and events."""

    start: int
    end: int
    boilerplate: str | None
    events: tuple[int, ...]  # indexes of the events whose evidence covers the run


def split_segments(
    length: int, boilerplate: list[tuple[Span, str]], evidence: list[tuple[Span, int]]
) -> list[Segment]:
    """Runs covering ``[0, length)`` in order; spans outside the text are clipped."""
    cuts = {0, length}
    for span, _ in [*boilerplate, *evidence]:
        cuts.update(min(max(p, 0), length) for p in (span.start, span.end))
    points = sorted(cuts)
    segments: list[Segment] = []
    for start, end in itertools.pairwise(points):
        if start >= end:
            continue
        piece = Span(start, end)
        reason = next((r for s, r in boilerplate if s.overlaps(piece)), None)
        events = tuple(sorted({i for s, i in evidence if s.overlaps(piece)}))
        segments.append(Segment(start, end, reason, events))
    return segments
