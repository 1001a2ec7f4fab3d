"""Why an input was not turned into a document, as a value instead of an exception.

A batch of a million files must not stop at one broken file, and the user must be told
which file and why in one line. So every reader yields ``Skipped`` where it would
otherwise raise, and callers decide whether to log, count or fail.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no document: where it came from and a one-line reason."""

    source: str  # a path, "path:line" for JSONL, or a URL
    reason: str

    def __str__(self) -> str:
        reason = " ".join(self.reason.split())
        return f"{self.source}: {reason}"
