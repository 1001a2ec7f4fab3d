"""Properties every analysis keeps, on texts Hypothesis assembles from pieces we wrote.

Why: the promises of DESIGN.md — offsets into the original text, a text never rewritten,
no year without a stated basis, one main event — must hold for any input, not only the
articles we thought of; Hypothesis also finds the inputs that crash a stage.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.model import DATE_BASES
from tidings.pipeline import analyze_text

PIECES = [
    "Chinese President Xi Jinping met Belarusian President Alexander Lukashenko in Beijing.",
    "Der chinesische Staatspräsident Xi Jinping traf am Donnerstag in Samarkand Lukaschenko.",
    "Pada tanggal 22 Agustus, Perdana Menteri Tiongkok Li Qiang mengunjungi Belarus.",
    "Россия и Китай подписали соглашение в Москве 15 сентября 2024 года.",
    "习近平3月20日在莫斯科会见普京。",
    "More Stories",
    "[iklan_2]",
    "Sumber: https://example.org/a/b",
    "© 2024 Example News. All rights reserved.",
    "16.09.2022 09:19:33",
    "Germany recalled its ambassador from Moscow.",
    "",
    "İstanbul’da görüştüler.",
    "وزير الخارجية التقى نظيره في الرياض أمس.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    noise=st.text(max_size=30),
    published=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
)
def test_pipeline_keeps_its_promises(
    lines: list[str], noise: str, published: dt.date | None
) -> None:
    text = "\n".join(lines) + "\n" + noise
    analysis = analyze_text(text, published=published)
    doc = analysis.document
    # the only change ingest makes: line endings become "\n"
    assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")
    for mark in doc.boilerplate:
        assert 0 <= mark.span.start <= mark.span.end <= len(doc.text)
    for mention in doc.mentions:
        assert doc.text[mention.span.start : mention.span.end].strip()
    mains = [e for e in doc.events if e.main]
    assert len(mains) == (1 if doc.events else 0)
    for event in doc.events:
        assert 0 <= event.evidence.start < event.evidence.end <= len(doc.text)
        date = event.date
        if date is not None:
            for part, value in (("year", date.year), ("month", date.month), ("day", date.day)):
                if value is not None and date.basis_of(part) is not None:
                    assert date.basis_of(part) in DATE_BASES
            if date.year is not None:
                assert date.basis_of("year") in DATE_BASES, date
