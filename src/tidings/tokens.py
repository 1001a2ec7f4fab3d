"""Word tokens with offsets, shared by the rule matchers (triggers, modality, place cues).

Why our own: the rule files are lists of words and phrases; matching them needs only word
boundaries and case folding, not a statistical tokenizer (none installs offline for our
languages). Tokens keep offsets into ``Document.text`` so every match is evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.model import Span

#: Scripts written without spaces between words (Han ideographs, kana): each character is
#: a token, so that rules can match a run of characters inside a longer run. Hangul is left
#: out: Korean separates words with spaces. This names scripts (Unicode blocks), not languages.
_UNSPACED = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACED_CHAR = rf"(?:(?![{_UNSPACED}])\w)"
_WORD = re.compile(rf"[{_UNSPACED}]|{_SPACED_CHAR}+(?:['’\-]{_SPACED_CHAR}+)*")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    folded: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with absolute offsets and case-folded forms."""
    stop = len(text) if end is None else end
    return [
        Token(m.start(), m.end(), m.group().casefold().replace("’", "'"))
        for m in _WORD.finditer(text, start, stop)
    ]


def fold_phrase(phrase: str) -> tuple[str, ...]:
    """A rule phrase as folded tokens ("Did not" → ("did", "not"))."""
    return tuple(t.folded for t in tokenize(phrase))
