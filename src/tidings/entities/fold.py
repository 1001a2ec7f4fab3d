"""Fold text for matching while remembering where every folded character came from.

Why: names are matched case- and accent-insensitively ("LUKASCHENKO", "Erdogan" for
"Erdoğan"), but every mention must point at offsets in the *original* text. Case folding
can change a string's length ("İ" → "i̇", "ß" → "ss"), so a plain ``lower()`` loses the
alignment; here each folded character keeps the index of the original character it came
from.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

#: Characters treated as one kind of apostrophe or dash when matching.
_EQUIVALENTS = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "`": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u00ad": "",  # soft hyphen disappears
}


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded string and, for each of its characters, the original index it came from.

    ``offsets`` has one extra trailing entry: the length of the original text, so that an
    exclusive end offset in the folded text maps back too.
    """

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of the folded text back to the original text."""
        if end <= start:
            origin = self.offsets[start]
            return origin, origin
        return self.offsets[start], self.offsets[end - 1] + 1


@functools.lru_cache(maxsize=65536)
def fold_char(char: str, strip_marks: bool = True) -> str:
    """Fold one character: case fold, unify apostrophes/dashes/spaces, drop accents."""
    if char in _EQUIVALENTS:
        return _EQUIVALENTS[char]
    if char.isspace():
        return " "
    folded = char.casefold()
    if strip_marks:
        decomposed = unicodedata.normalize("NFD", folded)
        kept = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", kept)
    return folded


def fold_with_offsets(text: str, strip_marks: bool = True) -> Folded:
    """Fold ``text`` and keep the original index of every folded character.

    Works character by character on the text as given (no normalisation first), so the
    offsets always index the caller's string; a lone combining mark folds to nothing.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char, strip_marks)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return Folded("".join(pieces), tuple(offsets))


def fold(text: str, strip_marks: bool = True) -> str:
    """The folded form of ``text`` alone (for building keys)."""
    return "".join(fold_char(c, strip_marks) for c in unicodedata.normalize("NFC", text))
