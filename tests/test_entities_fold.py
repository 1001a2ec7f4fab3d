"""Folding keeps offsets into the original text even when case folding changes length."""

from tidings.entities.fold import fold, fold_with_offsets


def test_fold_strips_case_and_accents() -> None:
    assert fold("Erdoğan") == "erdogan"
    assert fold("WEISSRUSSLAND") == fold("Weißrussland")


def test_fold_offsets_survive_length_changes() -> None:
    text = "İstanbul und Straße nach Minsk"
    folded = fold_with_offsets(text)
    start = folded.text.index("minsk")
    begin, end = folded.original_span(start, start + len("minsk"))
    assert text[begin:end] == "Minsk"
    start = folded.text.index("strasse")
    begin, end = folded.original_span(start, start + len("strasse"))
    assert text[begin:end] == "Straße"


def test_fold_handles_decomposed_accents() -> None:
    text = "Lukasche\u0301nko traf"
    folded = fold_with_offsets(text)
    assert folded.text.startswith("lukaschenko")
    assert folded.original_span(0, len("lukaschenko")) == (0, len("Lukasche\u0301nko"))
