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
#: Combining marks that belong inside a word (Latin in NFD, Hebrew points, Arabic vowel
#: marks, Devanagari signs): ``\w`` alone would split a word at them.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0903\u093a-\u094f"
)
_SPACED_CHAR = rf"(?:(?![{_UNSPACED}])[\w{_MARKS}])"
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
        Token(m.start(), m.end(), fold_token(m.group())) for m in _WORD.finditer(text, start, stop)
    ]


def fold_token(word: str) -> str:
    """Case-folded form; the dot that casefolding leaves after a dotted capital I ("İ" →
    "i̇") is dropped, and typographic apostrophes become ASCII."""
    return word.casefold().replace("\u0307", "").replace("’", "'")


def fold_phrase(phrase: str) -> tuple[str, ...]:
    """A rule phrase as folded tokens ("Did not" → ("did", "not"))."""
    return tuple(t.folded for t in tokenize(phrase))
