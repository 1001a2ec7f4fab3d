"""How much of a web page's article body tidings keeps, against trafilatura on its own.

Why trafilatura is run here too: tidings extracts HTML with trafilatura and then marks
in-article boilerplate (``clean``). Running plain ``trafilatura.extract`` over the same
pages in the same run shows whether cleaning helps or hurts, on this machine and this
trafilatura version, instead of comparing against a figure measured elsewhere.

Two scores per page, both against the gold ``articleBody`` of the Zyte (scrapinghub)
article-extraction benchmark:

- ``tokens``: precision / recall over the multiset of whitespace-separated tokens;
- ``shingles``: the benchmark's own rule (multisets of 4-grams of ``\\w+`` tokens), the
  rule behind the figures others publish (trafilatura 0.958, newspaper4k 0.949).

Both are aggregated as the benchmark does: each page's counts are scaled to sum to one,
precision and recall are averaged over pages, F1 is the harmonic mean of the two means.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from peers.common import PartResult
from tidings.clean import clean
from tidings.evaluate import Figure
from tidings.ingest.errors import Skipped
from tidings.ingest.html import extract
from tidings.ingest.text import decode_bytes
from tidings.model import Document, RawDocument

#: Shingle length of the benchmark's own scoring.
SHINGLE_N = 4
#: Pages scored in the quick run that the floors test uses (the first ids in sorted order).
SAMPLE_SIZE = 40

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageCounts:
    """True positives, false positives and false negatives of one page, scaled to sum 1."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class PageScore:
    """Both systems' counts on one page, under both scoring rules."""

    page: str
    tidings_tokens: PageCounts
    tidings_shingles: PageCounts
    trafilatura_tokens: PageCounts
    trafilatura_shingles: PageCounts
    skipped: str | None  # why tidings produced no document, if it did not


def cleaned_text(doc: Document) -> str:
    """``doc.text`` without the spans ``clean`` marked as boilerplate."""
    kept: list[str] = []
    position = 0
    for mark in sorted(doc.boilerplate, key=lambda b: b.span.start):
        if mark.span.start > position:
            kept.append(doc.text[position : mark.span.start])
        position = max(position, mark.span.end)
    kept.append(doc.text[position:])
    return "".join(kept)


def count_overlap(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PageCounts:
    """Multiset overlap of two item lists, scaled so that tp + fp + fn = 1."""
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    tp = sum((gold_counts & predicted_counts).values())
    fp = sum(predicted_counts.values()) - tp
    fn = sum(gold_counts.values()) - tp
    total = tp + fp + fn
    if not total:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def shingles(text: str) -> list[tuple[str, ...]]:
    """4-grams of word tokens; a text shorter than that is one shorter shingle."""
    words = _WORD.findall(text)
    if len(words) < SHINGLE_N:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + SHINGLE_N]) for i in range(len(words) - SHINGLE_N + 1)]


def aggregate(pages: Sequence[PageCounts]) -> tuple[Figure, Figure, Figure]:
    """Mean precision, mean recall (over pages where each is defined) and their F1."""
    precisions = [_precision(p) for p in pages if p.tp + p.fp > 0]
    recalls = [_recall(p) for p in pages if p.tp + p.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else None
    recall = sum(recalls) / len(recalls) if recalls else None
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        Figure(precision, len(precisions)),
        Figure(recall, len(recalls)),
        Figure(f1, len(pages)),
    )


def _precision(p: PageCounts) -> float:
    return 1.0 if p.fp == p.fn == 0 else p.tp / (p.tp + p.fp)


def _recall(p: PageCounts) -> float:
    return 1.0 if p.fp == p.fn == 0 else p.tp / (p.tp + p.fn)


def extract_with_tidings(page: str, html: str, url: str | None) -> str | Skipped:
    """The body tidings analyses: HTML extraction, then boilerplate marks removed."""
    raw = RawDocument(id=page, source=page, content=html, content_type="html", url=url)
    doc = extract(raw)
    if isinstance(doc, Skipped):
        return doc
    return cleaned_text(clean(doc))


def extract_with_trafilatura(html: str) -> str:
    """Plain ``trafilatura.extract`` with its default options (the peer baseline)."""
    import trafilatura

    return trafilatura.extract(html) or ""


def score_page(root: Path, page: str, gold_body: str, url: str | None) -> PageScore:
    """Read one gzipped page and score both systems' bodies against the gold body."""
    source = f"{root / 'html' / page}.html.gz"
    html = decode_bytes(gzip.decompress(Path(source).read_bytes()), source)
    if isinstance(html, Skipped):
        ours: str | Skipped = html
        theirs = ""
    else:
        ours = extract_with_tidings(page, html, url)
        theirs = extract_with_trafilatura(html)
    ours_text = "" if isinstance(ours, Skipped) else ours
    return PageScore(
        page=page,
        tidings_tokens=count_overlap(gold_body.split(), ours_text.split()),
        tidings_shingles=count_overlap(shingles(gold_body), shingles(ours_text)),
        trafilatura_tokens=count_overlap(gold_body.split(), theirs.split()),
        trafilatura_shingles=count_overlap(shingles(gold_body), shingles(theirs)),
        skipped=ours.reason if isinstance(ours, Skipped) else None,
    )


def run_zyte(root: Path, sample: int | None = None, workers: int = 1) -> PartResult:
    """Score tidings and trafilatura on the benchmark in ``root`` (all pages, or the first
    ``sample`` ids in sorted order); ``workers`` > 1 spreads pages over processes."""
    started = time.perf_counter()
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(truth)[:sample] if sample else sorted(truth)
    jobs = [(root, p, str(truth[p].get("articleBody") or ""), truth[p].get("url")) for p in pages]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            scores = list(pool.map(score_page, *zip(*jobs, strict=True), chunksize=4))
    else:
        scores = [score_page(*job) for job in jobs]

    figures: dict[str, Figure] = {}
    for system in ("tidings", "trafilatura"):
        for rule in ("tokens", "shingles"):
            counts = [getattr(s, f"{system}_{rule}") for s in scores]
            precision, recall, f1 = aggregate(counts)
            figures[f"{system}.{rule}.precision"] = precision
            figures[f"{system}.{rule}.recall"] = recall
            figures[f"{system}.{rule}.f1"] = f1
    for rule in ("tokens", "shingles"):
        ours, theirs = figures[f"tidings.{rule}.f1"].value, figures[f"trafilatura.{rule}.f1"].value
        figures[f"f1_ratio.{rule}"] = Figure(
            ours / theirs if ours is not None and theirs else None, len(scores)
        )
    skipped = [s for s in scores if s.skipped]
    figures["tidings.skipped"] = Figure(
        len(skipped) / len(scores) if scores else None, len(scores), lower_is_better=True
    )

    worst = sorted(scores, key=lambda s: _f1_of(s.tidings_tokens) - _f1_of(s.trafilatura_tokens))
    errors = [
        f"page {s.page[:12]}: tidings token F1 {_f1_of(s.tidings_tokens):.2f} vs trafilatura "
        f"{_f1_of(s.trafilatura_tokens):.2f}" + (f" (skipped: {s.skipped})" if s.skipped else "")
        for s in worst[:3]
        if _f1_of(s.tidings_tokens) < _f1_of(s.trafilatura_tokens)
    ]
    references = {}
    for rule in ("tokens", "shingles"):
        for name in ("precision", "recall", "f1"):
            baseline = _value(figures[f"trafilatura.{rule}.{name}"])
            references[f"tidings.{rule}.{name}"] = f"trafilatura alone: {baseline}"
    references["tidings.shingles.f1"] += " (published: trafilatura 0.958, newspaper4k 0.949)"
    shown = (*references, "f1_ratio.tokens", "f1_ratio.shingles", "tidings.skipped")
    return PartResult(
        suite=f"zyte ({len(scores)} pages)",
        figures=figures,
        references=references,
        errors=errors,
        seconds=time.perf_counter() - started,
        shown=shown,
    )


def _value(figure: Figure) -> str:
    return "—" if figure.value is None else f"{figure.value:.3f}"


def _f1_of(p: PageCounts) -> float:
    return 2 * p.tp / (2 * p.tp + p.fp + p.fn) if p.tp + p.fp + p.fn else 1.0
