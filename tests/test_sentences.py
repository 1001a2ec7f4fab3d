"""Sentence splitting per language: abbreviations, ordinals, initials, quotes, CJK."""

from __future__ import annotations

from tidings.clean import clean
from tidings.model import Document
from tidings.sentences import split_sentences


def sentences(text: str, lang: str | None, *, cleaned: bool = False) -> list[str]:
    doc = Document(id="t", source="t", text=text, lang=lang)
    if cleaned:
        clean(doc)
    return [doc.span_text(span) for span in split_sentences(doc)]


def test_sentences_german_abbreviations_ordinals_initials() -> None:
    text = (
        "Am Rande der 22. Tagung trafen sich u.a. Xi und A. Lukaschenko. "
        "Dr. Müller sprach z.B. über Handel. Es gab am 10. Mai Gespräche."
    )
    assert sentences(text, "de") == [
        "Am Rande der 22. Tagung trafen sich u.a. Xi und A. Lukaschenko.",
        "Dr. Müller sprach z.B. über Handel.",
        "Es gab am 10. Mai Gespräche.",
    ]


def test_sentences_english_titles_decimals_and_quotes() -> None:
    text = (
        'Mr. Rau said losses reached EUR 1.3 trillion. "It is final." '
        "Talks began Sept. 2 in Warsaw."
    )
    assert sentences(text, "en") == [
        "Mr. Rau said losses reached EUR 1.3 trillion.",
        '"It is final."',
        "Talks began Sept. 2 in Warsaw.",
    ]


def test_sentences_indonesian_with_titles() -> None:
    text = "Menteri bertemu Dr. Siti di Jl. Merdeka. Keduanya membahas kerja sama! Apa hasilnya?"
    assert sentences(text, "id") == [
        "Menteri bertemu Dr. Siti di Jl. Merdeka.",
        "Keduanya membahas kerja sama!",
        "Apa hasilnya?",
    ]


def test_sentences_cjk_punctuation() -> None:
    assert sentences("两国元首举行会谈。双方签署了协议！会谈何时结束？", "zh") == [
        "两国元首举行会谈。",
        "双方签署了协议！",
        "会谈何时结束？",
    ]


def test_sentences_lines_are_boundaries_and_spans_are_trimmed() -> None:
    text = "  Schlagzeile ohne Punkt  \n\nErster Satz. Zweiter Satz.\nDritte Zeile"
    assert sentences(text, "de") == [
        "Schlagzeile ohne Punkt",
        "Erster Satz.",
        "Zweiter Satz.",
        "Dritte Zeile",
    ]


def test_sentences_hard_wrapped_text_is_joined() -> None:
    text = (
        "El presidente de\nChina llegó hoy a\nMinsk para una visita de\ntres días. "
        "Después habló con\nsu homólogo y\nfirmaron acuerdos."
    )
    result = sentences(text, "es")
    assert result == [
        "El presidente de\nChina llegó hoy a\nMinsk para una visita de\ntres días.",
        "Después habló con\nsu homólogo y\nfirmaron acuerdos.",
    ]


def test_sentences_skip_boilerplate() -> None:
    text = "Kedua menteri bertemu di Minsk. (Sumber: ABC) |\n[iklan_2]\nMereka sepakat."
    assert sentences(text, "id", cleaned=True) == [
        "Kedua menteri bertemu di Minsk.",
        "Mereka sepakat.",
    ]


def test_sentences_language_without_pack_uses_all_abbreviations() -> None:
    assert sentences("Le Dr. Martin est arrivé. Il a parlé.", "fr") == [
        "Le Dr. Martin est arrivé.",
        "Il a parlé.",
    ]
