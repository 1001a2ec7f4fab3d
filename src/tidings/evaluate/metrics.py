"""Score system output against gold records: pure functions over the SCHEMA.md dicts.

Why dicts and not the model classes: ``tidings eval`` must measure exactly what a user gets
from ``tidings analyze --format jsonl``, so it reads that format and nothing else. It never
imports the pipeline, which keeps the measuring stick independent of the thing measured.

Every figure is built from per-document contributions that add up (hits over a total, or
true/false positive counts), so the same code gives the overall table and the split by
language. ``docs/quality.md`` states how each figure is computed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.model import WEEKDAYS, PartialDate

#: Event types whose two actors play the same part, so the pair is compared unordered.
#: CONSULT and COOPERATE come from SCHEMA.md; AGREE was added because "A and B agreed" has no
#: direction either (issue raised by the lead).
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})

#: Figures where a smaller number is better; ``check_floors`` treats their floor as a ceiling.
LOWER_IS_BETTER = frozenset({"main.date_missing", "traps.countries", "traps.locations"})

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEARLESS_DATE = re.compile(r"^--(\d{2})-(\d{2})$")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of the report: ``value`` is None when nothing could be measured (n = 0).

    ``n`` is the count the value rests on: documents, gold items or predicted items.
    ``kind`` is ``ratio`` (0..1) or ``count`` (a plain number of hits, e.g. traps).
    """

    value: float | None
    n: int
    kind: str = "ratio"
    lower_is_better: bool = False

    def to_json(self) -> dict[str, Any]:
        value = None if self.value is None else round(self.value, 4)
        return {"value": value, "n": self.n}


@dataclass(slots=True)
class DocResult:
    """What one gold document contributes to every figure.

    ``ratios`` maps a figure name to (sum of scores, number of scored items); ``prf`` maps
    an item kind (countries, persons, orgs) to (true positives, false positives, false
    negatives); ``counts`` maps a trap kind to (hits, traps present).
    """

    id: str
    lang: str
    predicted: bool
    ratios: dict[str, tuple[float, int]] = field(default_factory=dict)
    prf: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def score(self, name: str, hit: bool) -> None:
        self.ratios[name] = (float(hit), 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "predicted": self.predicted,
            "ratios": {k: v[0] if v[1] == 1 else list(v) for k, v in self.ratios.items()},
            "prf": {k: {"tp": v[0], "fp": v[1], "fn": v[2]} for k, v in self.prf.items()},
            "counts": {k: {"hits": v[0], "of": v[1]} for k, v in self.counts.items()},
            "problems": list(self.problems),
        }


@dataclass(slots=True)
class EvalReport:
    """Figures overall and per gold language, plus each document's contributions."""

    overall: dict[str, Figure]
    by_lang: dict[str, dict[str, Figure]]
    documents: list[DocResult]
    unexpected_ids: list[str] = field(default_factory=list)

    @property
    def n_documents(self) -> int:
        return len(self.documents)

    @property
    def missing_ids(self) -> list[str]:
        return [d.id for d in self.documents if not d.predicted]

    def to_json(self) -> dict[str, Any]:
        return {
            "n_documents": self.n_documents,
            "overall": {name: fig.to_json() for name, fig in self.overall.items()},
            "by_lang": {
                lang: {name: fig.to_json() for name, fig in figures.items()}
                for lang, figures in self.by_lang.items()
            },
            "missing_predictions": self.missing_ids,
            "unexpected_predictions": list(self.unexpected_ids),
            "documents": [d.to_json() for d in self.documents],
        }


# --- small comparisons -------------------------------------------------------------------


def fold_name(name: object) -> str:
    """Compare names loosely: no accents, no case, punctuation and spacing collapsed."""
    if not isinstance(name, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold().replace(".", "")).split())


def accepted_types(gold_event: Mapping[str, Any]) -> set[str]:
    """The gold type plus its ``alt_types``, upper-cased."""
    types = {str(gold_event.get("type") or "").upper()}
    types.update(str(t).upper() for t in _as_list(gold_event.get("alt_types")))
    types.discard("")
    return types


def match_type(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    return str(pred_event.get("type") or "").upper() in accepted_types(gold_event)


def match_dyad(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    """Source and target agree; unordered when the gold type, or an accepted predicted
    type, is symmetric (``SYMMETRIC_TYPES``)."""
    gold_pair = (_actor(gold_event.get("source")), _actor(gold_event.get("target")))
    pred_pair = (_actor(pred_event.get("source")), _actor(pred_event.get("target")))
    if gold_pair == pred_pair:
        return True
    pred_type = str(pred_event.get("type") or "").upper()
    symmetric = str(gold_event.get("type") or "").upper() in SYMMETRIC_TYPES or (
        pred_type in SYMMETRIC_TYPES and match_type(gold_event, pred_event)
    )
    return symmetric and gold_pair == pred_pair[::-1]


def parse_partial_date(pred_event: Mapping[str, Any]) -> PartialDate | None:
    """Read what a system event says about its date; None when it says nothing usable.

    Accepted: ``2024-08-22``, ``2024-08``, ``2024``, ``--08-22``, and a weekday given by
    ``weekday`` (a canonical name such as ``monday``, or 0 = Monday … 6) or, failing that,
    by ``date`` / ``date_text`` holding a canonical English weekday name.
    """
    weekday = _read_weekday(pred_event.get("weekday"))
    raw = pred_event.get("date")
    if isinstance(raw, str):
        text = raw.strip()
        if m := _ISO_DATE.match(text):
            year, month, day = (int(g) if g else None for g in m.groups())
            return PartialDate(year=year, month=month, day=day, weekday=weekday)
        if m := _YEARLESS_DATE.match(text):
            return PartialDate(month=int(m.group(1)), day=int(m.group(2)), weekday=weekday)
    if weekday is None:
        for key in ("date", "date_text"):
            weekday = _read_weekday(pred_event.get(key))
            if weekday is not None:
                break
    return None if weekday is None else PartialDate(weekday=weekday)


def match_date_exact(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    return pred_event.get("date") == gold_event.get("date")


def match_date_consistent(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    """The system gives some date and no part of it contradicts the gold day.

    A missing date does not contradict, but it does not count here either: it is reported
    as ``main.date_missing``.
    """
    gold = _gold_day(gold_event)
    pred = parse_partial_date(pred_event)
    if gold is None:
        return pred is None
    return pred is not None and gold.compatible(pred)


def match_location(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    """Folded city names equal and countries equal; with no gold location, the system
    must not name a city."""
    gold_city, gold_country = _city_country(gold_event.get("location"))
    pred_city, pred_country = _city_country(pred_event.get("location"))
    if not gold_city:
        return not pred_city
    return gold_city == pred_city and gold_country == pred_country


def match_event(gold_event: Mapping[str, Any], pred_event: Mapping[str, Any]) -> bool:
    """The all-events criterion: accepted type, dyad, and a date consistent with gold."""
    return (
        match_type(gold_event, pred_event)
        and match_dyad(gold_event, pred_event)
        and match_date_consistent(gold_event, pred_event)
    )


def count_matched_events(
    gold_events: Sequence[Mapping[str, Any]], pred_events: Sequence[Mapping[str, Any]]
) -> int:
    """Size of a maximum one-to-one matching, so one system event cannot cover two gold ones."""
    edges = [
        [j for j, pred in enumerate(pred_events) if match_event(gold, pred)] for gold in gold_events
    ]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold_events)))


def count_set_overlap(gold: Iterable[str], pred: Iterable[str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of two sets of keys."""
    gold_set = {g for g in gold if g}
    pred_set = {p for p in pred if p}
    tp = len(gold_set & pred_set)
    return tp, len(pred_set) - tp, len(gold_set) - tp


def score_bcubed(
    gold_story: Mapping[str, str], pred_story: Mapping[str, str | None]
) -> dict[str, tuple[float, float]]:
    """B-cubed precision and recall of each document's cluster.

    A document without a system story id forms a cluster of its own.
    """
    pred_label = {
        doc_id: ("story", label) if label else ("alone", doc_id)
        for doc_id, label in ((d, pred_story.get(d)) for d in gold_story)
    }
    gold_members: dict[str, set[str]] = {}
    pred_members: dict[tuple[str, str], set[str]] = {}
    for doc_id, label in gold_story.items():
        gold_members.setdefault(label, set()).add(doc_id)
        pred_members.setdefault(pred_label[doc_id], set()).add(doc_id)
    scores = {}
    for doc_id, label in gold_story.items():
        gold_cluster = gold_members[label]
        pred_cluster = pred_members[pred_label[doc_id]]
        both = len(gold_cluster & pred_cluster)
        scores[doc_id] = (both / len(pred_cluster), both / len(gold_cluster))
    return scores


# --- one document ------------------------------------------------------------------------


def score_document(gold_record: Mapping[str, Any], pred: Mapping[str, Any] | None) -> DocResult:
    """Every per-document contribution except the story, which needs all documents."""
    gold = _as_dict(gold_record.get("gold"))
    result = DocResult(
        id=str(gold_record.get("id")), lang=str(gold_record.get("lang")), predicted=pred is not None
    )
    pred = pred or {}
    pred_events = _dict_items(pred.get("events"), "events", result.problems)
    main = _pick_main(pred_events, result.problems)
    gold_main = _as_dict(gold.get("main_event"))

    result.score("lang.accuracy", _primary_lang(pred.get("lang")) == result.lang)
    _score_main_event(result, gold_main, main)

    gold_events = [gold_main, *_dict_items(gold.get("events"), "gold events", result.problems)]
    matched = count_matched_events(gold_events, pred_events)
    result.ratios["events.recall"] = (float(matched), len(gold_events))

    result.prf["countries"] = count_set_overlap(
        (_actor(c) for c in _as_list(gold.get("countries"))),
        (_actor(c) for c in _as_list(pred.get("countries"))),
    )
    result.prf["persons"] = count_set_overlap(
        _folded_names(gold.get("persons")), _folded_names(pred.get("persons"))
    )
    result.prf["orgs"] = count_set_overlap(
        _folded_names(gold.get("orgs")), _folded_names(pred.get("orgs"))
    )
    _score_traps(result, gold, pred, pred_events)
    _score_boilerplate(result, gold_record, gold, pred)
    return result


def _score_main_event(
    result: DocResult, gold_main: Mapping[str, Any], main: Mapping[str, Any] | None
) -> None:
    found = main is not None
    event = main or {}
    result.score("main.found", found)
    result.score("main.type", found and match_type(gold_main, event))
    result.score("main.dyad", found and match_dyad(gold_main, event))
    if gold_main.get("date") is not None:
        result.score("main.date_exact", found and match_date_exact(gold_main, event))
        if "date_unpinned" in event:  # the same figure before story date pinning
            unpinned = {**event, "date": event["date_unpinned"]}
            result.score("main.date_exact_unpinned", match_date_exact(gold_main, unpinned))
        result.score("main.date_consistent", found and match_date_consistent(gold_main, event))
        result.score("main.date_missing", found and parse_partial_date(event) is None)
    result.score("main.location", found and match_location(gold_main, event))
    if gold_main.get("mode"):
        result.score("main.mode", found and event.get("mode") == gold_main.get("mode"))


def _score_traps(
    result: DocResult,
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    pred_events: Sequence[Mapping[str, Any]],
) -> None:
    trap_countries = {_actor(c) for c in _as_list(gold.get("not_countries"))} - {""}
    reported = {_actor(c) for c in _as_list(pred.get("countries"))}
    result.counts["traps.countries"] = (len(trap_countries & reported), len(trap_countries))
    trap_cities = {
        _city_country(t if isinstance(t, Mapping) else {"city": t})[0]
        for t in _as_list(gold.get("not_locations"))
    } - {""}
    event_cities = {_city_country(e.get("location"))[0] for e in pred_events}
    result.counts["traps.locations"] = (len(trap_cities & event_cities), len(trap_cities))


def _score_boilerplate(
    result: DocResult,
    gold_record: Mapping[str, Any],
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
) -> None:
    """Share of gold boilerplate lines lying inside some removed span (only when the system
    reports ``removed``: strings, or dicts with ``text`` or ``start``/``end`` offsets)."""
    lines = [str(x) for x in _as_list(gold.get("boilerplate_lines")) if str(x).strip()]
    removed = pred.get("removed")
    if not lines or not isinstance(removed, list):
        return
    text = str(gold_record.get("text") or "")
    spans = [_squash(s) for s in (_removed_text(r, text) for r in removed) if s]
    found = sum(any(_squash(line) in span for span in spans) for line in lines)
    result.ratios["boilerplate.recall"] = (float(found), len(lines))


# --- the whole set -----------------------------------------------------------------------


def evaluate(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> EvalReport:
    """Pair system records with gold records by ``id`` and compute every figure.

    A gold record without a prediction scores as all wrong; predictions whose id is not in
    the gold are listed in ``unexpected_ids`` and otherwise ignored.
    """
    by_id: dict[str, Mapping[str, Any]] = {}
    for record in predicted:
        if isinstance(record, Mapping) and record.get("id") is not None:
            by_id.setdefault(str(record["id"]), record)
    gold_ids = {str(g.get("id")) for g in gold}
    documents = [score_document(g, by_id.get(str(g.get("id")))) for g in gold]

    gold_story = {
        d.id: str(_as_dict(g.get("gold")).get("story") or f"gold-alone:{d.id}")
        for d, g in zip(documents, gold, strict=True)
    }
    pred_story = {doc_id: _story_id(by_id.get(doc_id)) for doc_id in gold_story}  # opaque labels
    bcubed = score_bcubed(gold_story, pred_story)
    for d in documents:
        precision, recall = bcubed[d.id]
        d.ratios["story.precision"] = (precision, 1)
        d.ratios["story.recall"] = (recall, 1)

    langs = sorted({d.lang for d in documents})
    return EvalReport(
        overall=aggregate(documents),
        by_lang={lang: aggregate([d for d in documents if d.lang == lang]) for lang in langs},
        documents=documents,
        unexpected_ids=sorted(set(by_id) - gold_ids),
    )


#: Order in which figures appear in tables and JSON.
FIGURE_ORDER = (
    "lang.accuracy",
    "main.found",
    "main.type",
    "main.dyad",
    "main.date_exact",
    "main.date_exact_unpinned",
    "main.date_consistent",
    "main.date_missing",
    "main.location",
    "main.mode",
    "events.recall",
    "countries.precision",
    "countries.recall",
    "countries.f1",
    "persons.precision",
    "persons.recall",
    "persons.f1",
    "orgs.precision",
    "orgs.recall",
    "orgs.f1",
    "traps.countries",
    "traps.locations",
    "story.precision",
    "story.recall",
    "story.f1",
    "boilerplate.recall",
)


def aggregate(documents: Sequence[DocResult]) -> dict[str, Figure]:
    """Sum per-document contributions into figures (micro-averaged)."""
    figures: dict[str, Figure] = {}
    ratio_sums: dict[str, tuple[float, int]] = {}
    for d in documents:
        for name, (score, n) in d.ratios.items():
            total, count = ratio_sums.get(name, (0.0, 0))
            ratio_sums[name] = (total + score, count + n)
    for name, (total, count) in ratio_sums.items():
        figures[name] = Figure(
            total / count if count else None, count, lower_is_better=name in LOWER_IS_BETTER
        )

    for kind in sorted({k for d in documents for k in d.prf}):
        tp = sum(d.prf[kind][0] for d in documents if kind in d.prf)
        fp = sum(d.prf[kind][1] for d in documents if kind in d.prf)
        fn = sum(d.prf[kind][2] for d in documents if kind in d.prf)
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        figures[f"{kind}.precision"] = Figure(precision, tp + fp)
        figures[f"{kind}.recall"] = Figure(recall, tp + fn)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
        figures[f"{kind}.f1"] = Figure(f1, tp + fp + fn)

    for name in sorted({k for d in documents for k in d.counts}):
        hits = sum(d.counts[name][0] for d in documents if name in d.counts)
        present = sum(d.counts[name][1] for d in documents if name in d.counts)
        figures[name] = Figure(float(hits), present, kind="count", lower_is_better=True)

    if "story.precision" in figures:
        story_p, story_r = figures["story.precision"], figures["story.recall"]
        figures["story.f1"] = Figure(_harmonic(story_p.value, story_r.value), story_p.n)

    known = [name for name in FIGURE_ORDER if name in figures]
    extra = sorted(set(figures) - set(FIGURE_ORDER))
    return {name: figures[name] for name in [*known, *extra]}


# --- helpers -----------------------------------------------------------------------------


def _harmonic(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dict_items(value: object, what: str, problems: list[str]) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{what} is not a list")
        return []
    items = [v for v in value if isinstance(v, dict)]
    if len(items) != len(value):
        problems.append(f"{len(value) - len(items)} {what} item(s) are not objects")
    return items


def _pick_main(events: Sequence[dict[str, Any]], problems: list[str]) -> dict[str, Any] | None:
    mains = [e for e in events if e.get("main") is True]
    if events and len(mains) != 1:
        problems.append(f"{len(mains)} events marked main among {len(events)}")
    return mains[0] if mains else None


def _actor(value: object) -> str:
    return value.strip().upper() if isinstance(value, str) else ""


def _primary_lang(value: object) -> str:
    return value.strip().lower().replace("_", "-").split("-")[0] if isinstance(value, str) else ""


def _city_country(location: object) -> tuple[str, str]:
    if not isinstance(location, Mapping):
        return "", ""
    return fold_name(location.get("city")), _actor(location.get("country"))


def _gold_day(gold_event: Mapping[str, Any]) -> PartialDate | None:
    raw = gold_event.get("date")
    m = _ISO_DATE.match(raw.strip()) if isinstance(raw, str) else None
    if m is None:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return PartialDate(year=year, month=month, day=day)


def _read_weekday(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < len(WEEKDAYS) else None
    if isinstance(value, str):
        words = fold_name(value).split()
        named = [WEEKDAYS.index(w) for w in words if w in WEEKDAYS]
        return named[0] if len(named) == 1 else None
    return None


def _folded_names(items: object) -> list[str]:
    names = []
    for item in _as_list(items):
        name = item.get("name") if isinstance(item, Mapping) else item
        names.append(fold_name(name))
    return names


def _story_id(pred: Mapping[str, Any] | None) -> str | None:
    label = pred.get("story") if pred else None
    return str(label) if label not in (None, "") else None


def _removed_text(item: object, text: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        if isinstance(item.get("text"), str):
            return str(item["text"])
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int):
            return text[start:end]
    return ""


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
