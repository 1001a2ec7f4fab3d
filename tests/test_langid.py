"""Language identification on article text, with metadata kept and packs preferred."""

from __future__ import annotations

import pytest

from tidings.clean import clean
from tidings.langid import content_text, detect_language, language_stage, prefer_packs
from tidings.model import Document


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Presiden kedua negara bertemu di ibu kota dan membahas kerja sama ekonomi.", "id"),
        ("Die beiden Präsidenten trafen sich am Donnerstag in der Hauptstadt.", "de"),
        ("The two presidents met in the capital on Thursday to discuss trade.", "en"),
        ("Les deux présidents se sont rencontrés jeudi dans la capitale.", "fr"),
        ("两国元首星期四在首都会晤，讨论了经济合作。", "zh"),
    ],
)
def test_detect_language_per_language(text: str, lang: str) -> None:
    code, confidence = detect_language(text)
    assert code == lang
    assert 0.0 < confidence <= 1.0 + 1e-9


def test_detect_language_without_letters() -> None:
    assert detect_language("12:30 — 45/67") == (None, 0.0)


def test_prefer_packs_when_scores_are_close() -> None:
    # Afrikaans has no pack, Dutch has one
    assert prefer_packs([("af", 0.55), ("nl", 0.45)], margin=0.25)[0] == "nl"
    assert prefer_packs([("af", 0.9), ("nl", 0.1)], margin=0.25)[0] == "af"


def test_language_stage_keeps_metadata_language() -> None:
    doc = Document(id="t", source="t", text="The two presidents met on Thursday.", lang="de")
    language_stage(doc)
    assert (doc.lang, doc.lang_confidence) == ("de", 1.0)


def test_language_stage_ignores_boilerplate() -> None:
    body = "Presiden kedua negara bertemu di ibu kota dan membahas kerja sama ekonomi."
    teasers = "\n".join(
        f"The minister said the talks on trade and security went very well, part {i}."
        for i in range(8)
    )
    doc = clean(Document(id="t", source="t", text=f"{body}\nMore Stories\n{teasers}"))
    assert "More Stories" not in content_text(doc)
    language_stage(doc)
    assert doc.lang == "id"


def test_language_stage_notes_missing_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    # every language the detector is configured for has a pack today; pretend French had none
    import tidings.langid as langid

    monkeypatch.setattr(langid, "pack_languages", lambda: ("de", "en", "id"))
    doc = Document(id="t", source="t", text="Les deux présidents se sont rencontrés jeudi à Paris.")
    language_stage(doc)
    assert doc.lang == "fr"
    assert "no language pack for 'fr'" in doc.notes
